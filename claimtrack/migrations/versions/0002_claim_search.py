"""Full-text search over claim text, quote and source mention.

SQLite: an FTS5 table kept in step with `claim` by triggers. PostgreSQL: a GIN index over the
same text as an English tsvector.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COLUMNS = "claim_text, quote, source_mention"
PG_DOCUMENT = (
    "to_tsvector('english', coalesce(claim_text, '') || ' ' || coalesce(quote, '') || ' ' || "
    "coalesce(source_mention, ''))"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_claim_search ON claim USING GIN ({PG_DOCUMENT})")
        return
    op.execute(
        f"CREATE VIRTUAL TABLE claim_fts USING fts5({COLUMNS}, content='claim', "
        "content_rowid='id', tokenize='porter unicode61')"
    )
    new = "new.claim_text, new.quote, new.source_mention"
    old = "old.claim_text, old.quote, old.source_mention"
    op.execute(
        "CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN "
        f"INSERT INTO claim_fts(rowid, {COLUMNS}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER claim_fts_update AFTER UPDATE OF {COLUMNS} ON claim BEGIN "
        f"INSERT INTO claim_fts(claim_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO claim_fts(rowid, {COLUMNS}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claim_search")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS claim_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS claim_fts")
