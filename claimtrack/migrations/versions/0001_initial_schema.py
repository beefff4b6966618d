"""Initial schema, with the audit trail made append-only by the database itself.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outlet", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_format", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("ingested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_sha256"),
    )
    op.create_table(
        "llmcache",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("first_seen", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", "scope"),
    )
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_key"), ["key"], unique=False)

    op.create_table(
        "extractionrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("extractor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("prompt_sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Float(), nullable=True),
        sa.Column("cached", sa.Boolean(), nullable=False),
        sa.Column("claims_stored", sa.Integer(), nullable=False),
        sa.Column("claims_rejected", sa.Integer(), nullable=False),
        sa.Column("rejections", sa.Text(), nullable=True),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("extractionrun", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extractionrun_article_id"), ["article_id"], unique=False
        )

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("extraction_run_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("source_mention", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("cue", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("attribution", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("certainty", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("checkworthiness", sa.Float(), nullable=False),
        sa.Column("check_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("assignee", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["extraction_run_id"],
            ["extractionrun.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_assignee"), ["assignee"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_status"), ["status"], unique=False)

    op.create_table(
        "claimlink",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "other_id", "kind"),
    )
    with op.batch_alter_table("claimlink", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claimlink_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claimlink_other_id"), ["other_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("stance", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "statuschange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("from_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("to_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statuschange_claim_id"), ["claim_id"], unique=False)

    _make_audit_append_only()


def _make_audit_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER statuschange_no_{action.lower()} BEFORE {action} ON statuschange "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION claimtrack_audit_append_only() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE TRIGGER statuschange_append_only BEFORE UPDATE OR DELETE ON statuschange "
        "FOR EACH ROW EXECUTE FUNCTION claimtrack_audit_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS statuschange_append_only ON statuschange")
        op.execute("DROP FUNCTION IF EXISTS claimtrack_audit_append_only()")
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statuschange_claim_id"))

    op.drop_table("statuschange")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_claim_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("claimlink", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claimlink_other_id"))
        batch_op.drop_index(batch_op.f("ix_claimlink_claim_id"))

    op.drop_table("claimlink")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_status"))
        batch_op.drop_index(batch_op.f("ix_claim_source_id"))
        batch_op.drop_index(batch_op.f("ix_claim_assignee"))
        batch_op.drop_index(batch_op.f("ix_claim_article_id"))

    op.drop_table("claim")
    with op.batch_alter_table("extractionrun", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extractionrun_article_id"))

    op.drop_table("extractionrun")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_key"))

    op.drop_table("source")
    op.drop_table("llmcache")
    op.drop_table("article")
