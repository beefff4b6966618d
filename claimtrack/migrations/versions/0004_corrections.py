"""What reviewers' corrections need: removed articles and evidence, source aliases, and an
append-only audit of article removals.

`article.removed_at` / `evidence.removed_at` mark soft removals (the rows stay). A source's
`sourcealias` rows keep the names it was known by, so a later extraction of an old name lands
on the renamed or merged source. `articlechange` is the audit of removals and restorations,
append-only like `statuschange`, guarded the same way on both databases.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    for table in ("article", "evidence"):
        op.add_column(table, sa.Column("removed_at", _TIME(), nullable=True))
    op.create_table(
        "sourcealias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("key", _TEXT(), nullable=False),
        sa.Column("scope", _TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", "scope"),
    )
    op.create_index("ix_sourcealias_source_id", "sourcealias", ["source_id"])
    op.create_table(
        "articlechange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("action", _TEXT(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", _TEXT(), nullable=False),
        sa.Column("at", _TIME(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_articlechange_article_id", "articlechange", ["article_id"])
    _append_only("articlechange")


def _append_only(table: str) -> None:
    """The guards 0001 and 0003 put on `statuschange`, on another audit table."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
        op.execute(
            f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
        return
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION claimtrack_audit_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_audit_append_only()"
    )


def downgrade() -> None:
    op.drop_table("articlechange")  # its triggers go with it
    op.drop_table("sourcealias")
    for table in ("evidence", "article"):
        # Plain ALTER TABLE (SQLite 3.35+): batch mode would copy `article`, which other
        # tables' foreign keys name.
        op.execute(f"ALTER TABLE {table} DROP COLUMN removed_at")
