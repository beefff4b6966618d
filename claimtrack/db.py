"""The one place that makes database engines and applies migrations.

The schema is brought to the newest revision on first use. The check is one cheap query, so
quick commands do not pay for importing Alembic unless the schema really is behind. A database
that is not claimtrack's, or is newer than this claimtrack, is refused before anything is
written to it; a command that only reads never creates one.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

from claimtrack import environment
from claimtrack.errors import UserError

SCHEMA_REVISION = "0004"  # the newest migration under claimtrack/migrations/versions
MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 7_240_911  # advisory lock id: one process migrates at a time
BACKENDS = ("sqlite", "postgresql")
# "name:" before any "//": a URL with its slashes missing, not a file name.
_SCHEME_ONLY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_PASSWORD = re.compile(r"(:/*[^/:@\s]*:)[^@/\s]*@")


class DatabaseError(UserError):
    """A database that cannot be opened or migrated; the message is for the user."""


def describe(url: str | URL) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def parse_url(value: str) -> URL:
    """A database URL, or a plain path meaning a SQLite file there (DatabaseError if neither)."""
    if "://" not in value:
        if _SCHEME_ONLY.match(value):
            raise DatabaseError(f"not a database URL: {_hide_password(value)}")
        return URL.create("sqlite", database=str(Path(value).expanduser()))
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise DatabaseError(f"not a database URL: {_hide_password(value)}") from None
    if url.get_backend_name() not in BACKENDS:
        raise DatabaseError(
            f"unsupported database {url.get_backend_name()!r} in {describe(url)}: claimtrack "
            "uses SQLite (a path, or sqlite:///PATH) or PostgreSQL (postgresql+psycopg://...)"
        )
    return url


_engines: dict[str, Engine] = {}


def engine(url: str | None = None, *, create: bool = True) -> Engine:
    """The engine for url (default: the configured database), made once per process.

    With create=False a database that does not exist yet is refused rather than created.
    """
    url = url or environment.database_url()
    if url not in _engines:
        _engines[url] = _make_engine(parse_url(url), create=create, default=_is_default(url))
    return _engines[url]


def dispose_all() -> None:
    """Close every pooled connection (tests, and workers before they fork)."""
    while _engines:
        _engines.popitem()[1].dispose()


def _is_default(url: str) -> bool:
    return url == environment.default_database_url()


def _make_engine(url: URL, *, create: bool, default: bool) -> Engine:
    sqlite = url.get_backend_name() == "sqlite"
    if sqlite:
        _check_sqlite_file(url, create=create, default=default)
    eng = _new_engine(url)
    try:
        behind = _check_schema(eng, create=create)
        if sqlite:  # only now: the checks above must not switch a stranger's file to WAL
            eng.dispose()
            event.listen(eng, "connect", _sqlite_pragmas)
            event.listen(eng, "begin", _sqlite_begin)
        if behind:
            upgrade(eng)
    except BaseException:
        eng.dispose()
        raise
    return eng


def _new_engine(url: URL) -> Engine:
    sqlite = url.get_backend_name() == "sqlite"
    try:
        if sqlite:
            return create_engine(url, connect_args={"timeout": 30})
        return create_engine(url, pool_pre_ping=True)
    except (ImportError, NoSuchModuleError) as exc:
        raise DatabaseError(f"cannot use {describe(url)}: its driver is not installed") from exc


def sqlite_path(url: URL) -> Path | None:
    """The file a SQLite URL names, made absolute; None for an in-memory or URI database."""
    if not url.database or url.database == ":memory:" or url.query.get("uri"):
        return None
    return Path(url.database).expanduser().absolute()


def _check_sqlite_file(url: URL, *, create: bool, default: bool) -> None:
    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if path.exists():
        return
    if not create:
        if default:
            raise DatabaseError(
                f"no claims yet: claimtrack extract ARTICLE creates the database ({path})"
            )
        raise DatabaseError(
            f"no database at {path} (run claimtrack extract first, or check --db and "
            f"{environment.DATABASE_URL_ENV})"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create a database at {path} ({exc.strerror})") from exc


def read_only_sqlite(value: str) -> Path:
    """The file of a SQLite claimtrack database at this schema, checked without writing to it.

    For tools that open the file themselves (Datasette): nothing is created or migrated, so a
    database whose schema is behind is refused with the command that brings it up to date.
    """
    url = parse_url(value)
    path = sqlite_path(url)
    if url.get_backend_name() != "sqlite" or path is None:
        raise DatabaseError(f"{describe(url)} is not a SQLite database file")
    _check_sqlite_file(url, create=False, default=_is_default(value))
    uri = f"{path.as_uri()}?mode=ro"
    eng = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        behind = _check_schema(eng, create=False) and current_revision(eng)
    finally:
        eng.dispose()
    if behind:
        raise DatabaseError(
            f"{path} has schema revision {behind}, older than this claimtrack's "
            f"({SCHEMA_REVISION}): run claimtrack db upgrade first"
        )
    return path


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
def session(
    url: str | None = None, *, write: bool = False, create: bool = True
) -> Iterator[Session]:
    """One unit of work. `write=True` takes SQLite's write lock at BEGIN.

    `create=False` refuses a database that does not exist yet instead of creating it.
    """
    eng = engine(url, create=create)
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
    return _contents(eng)[0]


def known_revisions() -> set[str]:
    """Every revision this claimtrack has a migration for (file names start with it)."""
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def _contents(eng: Engine) -> tuple[str | None, set[str]]:
    """The database's schema revision (None if it has none) and its tables."""
    try:
        with eng.connect() as conn:
            tables = _table_names(conn)
            if "alembic_version" not in tables:
                return None, tables
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar(), tables
    except DBAPIError as exc:
        raise DatabaseError(f"cannot open database {_where(eng.url)}: {_reason(exc)}") from None


def _table_names(conn) -> set[str]:
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    return set(conn.execute(text(query)).scalars())


def _check_schema(eng: Engine, *, create: bool) -> bool:
    """Whether the schema is behind; DatabaseError if the database is not one to touch."""
    revision, tables = _contents(eng)
    where = _where(eng.url)
    if revision == SCHEMA_REVISION:
        return False
    if revision is None and tables or revision is not None and "claim" not in tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise DatabaseError(f"{where} is not a claimtrack database (it has tables {shown})")
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"{where} has schema revision {revision}, newer than this claimtrack knows "
            f"({SCHEMA_REVISION}): upgrade claimtrack"
        )
    if revision is None and not create:
        raise DatabaseError(f"{where} has no claims yet (claimtrack extract ARTICLE fills it)")
    return True


def _where(url: URL) -> str:
    path = sqlite_path(url) if url.get_backend_name() == "sqlite" else None
    return str(path) if path else describe(url)


def _reason(exc: DBAPIError) -> str:
    """The driver's own words, on one line and without a password."""
    return _hide_password(" ".join(str(exc.orig).split()))


def _hide_password(text: str) -> str:
    return _PASSWORD.sub(r"\1***@", text)


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
        except OperationalError as exc:
            # Another process migrating the same SQLite file at the same moment.
            if attempt == 2:
                raise DatabaseError(f"cannot migrate {_where(eng.url)}: {_reason(exc)}") from None
            time.sleep(0.5)
    return current_revision(eng) or ""
