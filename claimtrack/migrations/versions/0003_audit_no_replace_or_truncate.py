"""Close the two ways SQL could still rewrite the audit trail that 0001 left open.

SQLite: `INSERT OR REPLACE` / `REPLACE INTO` on an existing `statuschange` id deletes the old
row without firing its DELETE trigger, so a BEFORE INSERT trigger refuses any insert whose id
is already taken (REPLACE and upserts run BEFORE INSERT triggers before they resolve the
conflict). PostgreSQL: TRUNCATE fires no row triggers, so a statement trigger refuses it; it
also fires when `TRUNCATE claim CASCADE` reaches `statuschange`.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER statuschange_no_replace BEFORE INSERT ON statuschange "
            "WHEN EXISTS (SELECT 1 FROM statuschange WHERE id = NEW.id) "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
        return
    # The function 0001 made raises the same error for a statement as for a row.
    op.execute(
        "CREATE TRIGGER statuschange_no_truncate BEFORE TRUNCATE ON statuschange "
        "FOR EACH STATEMENT EXECUTE FUNCTION claimtrack_audit_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS statuschange_no_replace")
        return
    op.execute("DROP TRIGGER IF EXISTS statuschange_no_truncate ON statuschange")
