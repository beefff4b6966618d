"""Alembic environment: claimtrack passes its own connection in `config.attributes`."""

from alembic import context
from sqlmodel import SQLModel

import claimtrack.models  # noqa: F401  (registers the tables on SQLModel.metadata)


def include_object(obj, name, type_, reflected, compare_to):
    # The search index (migration 0002) is maintained by hand, not by the models.
    return not (name or "").startswith("claim_fts")


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
