"""The one place that makes database engines and applies migrations.

The schema is brought to the newest revision on first use. The check is one cheap query, so
quick commands do not pay for importing Alembic unless the schema really is behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, create_engine

from claimtrack import environment
from claimtrack.errors import UserError

SCHEMA_REVISION = "0003"  # the newest migration under claimtrack/migrations/versions
MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 7_240_911  # advisory lock id: one process migrates at a time


class DatabaseError(UserError):
    """A database that cannot be opened or migrated; the message is for the user."""


def describe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


_engines: dict[str, Engine] = {}


def engine(url: str | None = None) -> Engine:
    """The engine for url (default: the configured database), made once per process."""
    url = url or environment.database_url()
    if url not in _engines:
        _engines[url] = _make_engine(url)
    return _engines[url]


def dispose_all() -> None:
    """Close every pooled connection (tests, and workers before they fork)."""
    while _engines:
        _engines.popitem()[1].dispose()


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, connect_args={"timeout": 30})
        event.listen(eng, "connect", _sqlite_pragmas)
        event.listen(eng, "begin", _sqlite_begin)
    else:
        eng = create_engine(url, pool_pre_ping=True)
    _ensure_schema(eng)
    return eng


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Let SQLAlchemy issue BEGIN itself (below), so writers take the lock up front instead of
    # failing halfway through a transaction when another process writes.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


@contextmanager
def session(url: str | None = None, *, write: bool = False) -> Iterator[Session]:
    """One unit of work. `write=True` takes SQLite's write lock at BEGIN."""
    eng = engine(url)
    with eng.connect() as conn:
        conn.info["write"] = write
        try:
            # Objects stay as this unit of work left them: a reviewer sees the version they
            # wrote, not whatever another writer committed a moment later.
            with Session(bind=conn, expire_on_commit=False) as s:
                yield s
        finally:
            conn.info["write"] = False


def current_revision(eng: Engine) -> str | None:
    try:
        with eng.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def _ensure_schema(eng: Engine) -> None:
    try:
        revision = current_revision(eng)
    except Exception as exc:  # driver-specific connection failures
        raise DatabaseError(f"cannot open database {describe(str(eng.url))}: {exc}") from exc
    if revision != SCHEMA_REVISION:
        upgrade(eng)


def upgrade(eng: Engine | None = None) -> str:
    """Apply every pending migration; returns the revision now in force."""
    from alembic import command
    from alembic.config import Config

    eng = eng or engine()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(3):
        try:
            with eng.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK}
                    )
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            break
        except OperationalError:
            # Another process migrating the same SQLite file at the same moment.
            if attempt == 2:
                raise
            time.sleep(0.5)
    return current_revision(eng) or ""
