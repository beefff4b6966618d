"""A wrong database is one line and is left as it was; a read never creates one."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claimtrack import db
from tests.conftest import SEED

READS = [
    ("claims", "list"), ("claims", "show", "1"), ("claims", "search", "minister"),
    ("articles", "list"), ("sources", "list"), ("queue",), ("history", "1"), ("runs", "list"),
    ("report", "--all"), ("export", "--format", "jsonl"),
]  # fmt: skip


def one_line(result, *parts: str) -> str:
    """The command failed with exit code 1 and one `error:` line holding every part."""
    assert result.exit_code == 1, result.output
    [line] = result.output.splitlines()
    assert line.startswith("error: ")
    for part in parts:
        assert part in line
    return line


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """A file's bytes and mtime, and what lies beside it (a -wal or -journal file would)."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def sqlite_file(path: Path, *statements: str) -> Path:
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()
    return path


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_never_creates_a_database(cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    # One slash short of an absolute path: a relative one, which does not exist.
    result = cli(*command, "--db", "sqlite:///data/x.db", ok=False)
    one_line(result, f"no database at {tmp_path / 'data' / 'x.db'}", "claimtrack extract")
    assert not (tmp_path / "data").exists()


def test_a_newcomer_reading_first_is_told_how_to_start(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMTRACK_DATABASE_URL")
    default = tmp_path / "data" / "claimtrack" / "claimtrack.db"
    one_line(cli("claims", "list", ok=False), "no claims yet", "claimtrack extract", str(default))
    assert not (tmp_path / "data").exists()
    cli("extract", SEED)
    assert default.is_file() and "6 claims" in cli("claims", "list").output


@pytest.mark.parametrize("as_env", [False, True], ids=["--db", "env"])
def test_a_plain_path_is_a_sqlite_database(cli, cli_json, tmp_path, monkeypatch, as_env):
    monkeypatch.chdir(tmp_path)
    if as_env:
        monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", str(tmp_path / "x.db"))
        where = []
    else:
        where = ["--db", "reports/x.db"]
    cli("extract", SEED, *where)
    assert len(cli_json("claims", "list", *where)) == 6
    path = tmp_path / "x.db" if as_env else tmp_path / "reports" / "x.db"
    assert path.is_file()
    assert cli("db", "path", *where).output == f"{path}\n"


def test_an_empty_file_is_refused_by_a_read_and_filled_by_a_write(cli, cli_json, tmp_path):
    path = tmp_path / "new.db"
    path.touch()
    one_line(cli("claims", "list", "--db", path, ok=False), f"{path} has no claims yet")
    assert path.stat().st_size == 0
    cli("extract", SEED, "--db", path)
    assert len(cli_json("claims", "list", "--db", path)) == 6


@pytest.mark.parametrize("command", [("claims", "list"), ("extract", SEED), ("db", "upgrade")])
@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (["CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"],
         "is not a claimtrack database (it has tables notes)"),
        (["CREATE TABLE claim (x)", "CREATE TABLE alembic_version (version_num TEXT)",
          "INSERT INTO alembic_version VALUES ('ab12cd34')"],
         "has schema revision ab12cd34, newer than this claimtrack knows"),
        (["CREATE TABLE alembic_version (version_num TEXT)",
          "INSERT INTO alembic_version VALUES ('ab12cd34')"],
         "is not a claimtrack database (it has tables alembic_version)"),
    ],
    ids=["foreign table", "newer revision", "foreign alembic"],
)  # fmt: skip
def test_a_database_not_ours_is_refused_and_left_as_it_was(
    cli, tmp_path, command, statements, message
):
    path = sqlite_file(tmp_path / "other.db", *statements)
    before = snapshot(path)
    one_line(cli(*command, "--db", path, ok=False), f"error: {path} {message}")
    assert snapshot(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()


def test_a_newer_claimtrack_database_says_to_upgrade(cli, tmp_path):
    path = tmp_path / "claims.db"  # the test's own database, made by this claimtrack
    sqlite_file(path, "UPDATE alembic_version SET version_num = '0999'")
    before = snapshot(path)
    line = one_line(cli("claims", "list", ok=False), "schema revision 0999", "upgrade claimtrack")
    assert line.endswith(f"({db.SCHEMA_REVISION}): upgrade claimtrack")
    assert snapshot(path) == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Minutes of the editorial meeting.\n" * 100)
    before = snapshot(path)
    for command in (("claims", "list"), ("extract", SEED)):
        one_line(cli(*command, "--db", path, ok=False), f"{path}: file is not a database")
    assert snapshot(path) == before


@pytest.mark.parametrize("command", [("claims", "list"), ("extract", SEED)])
def test_a_directory_is_not_a_database(cli, tmp_path, command):
    (tmp_path / "dir").mkdir()
    one_line(cli(*command, "--db", tmp_path / "dir", ok=False), "is a directory")
    assert list((tmp_path / "dir").iterdir()) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql:/user:secret@host/claims", "not a database URL: postgresql:/user:***@host"),
        ("postgresql+psycopg://user:secret@host:port/claims", "not a database URL"),
        ("mysql://user:secret@host/claims", "unsupported database 'mysql'"),
        ("nosuch://user:secret@host/claims", "unsupported database 'nosuch'"),
        ("postgresql+psycopg2://user:secret@host/claims", "its driver is not installed"),
    ],
)
def test_a_bad_url_is_one_line_without_its_password(cli, url, message):
    for command in (("claims", "list"), ("extract", SEED)):
        line = one_line(cli(*command, "--db", url, ok=False), message)
        assert "secret" not in line
    assert "secret" not in cli("db", "path", "--db", url, ok=False).output


def test_an_unreachable_postgres_is_one_line_without_its_password(cli):
    url = f"postgresql+psycopg://claims:secret@127.0.0.1:{closed_port()}/claims"
    for command in (("claims", "list"), ("extract", SEED)):
        line = one_line(cli(*command, "--db", url, ok=False), "cannot open database")
        assert "secret" not in line and "Connection refused" in line


@pytest.mark.postgres
def test_a_missing_postgres_database_is_one_line(cli, _postgres_server):
    url = make_url(_postgres_server).set(database="claimtrack_test_no_such_database")
    result = cli("claims", "list", "--db", url.render_as_string(hide_password=False), ok=False)
    one_line(result, 'database "claimtrack_test_no_such_database" does not exist')


@pytest.mark.postgres
def test_a_postgres_database_with_other_tables_is_refused(cli, postgres_url):
    other = create_engine(postgres_url)
    with other.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id integer)"))
    for command in (("claims", "list"), ("extract", SEED)):
        one_line(cli(*command, ok=False), "is not a claimtrack database (it has tables notes)")
    with other.connect() as conn:
        tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        assert tables.scalars().all() == ["notes"]
    other.dispose()


@pytest.mark.postgres
def test_a_read_leaves_an_empty_postgres_database_empty(cli, postgres_url):
    one_line(cli("claims", "list", ok=False), "has no claims yet")
    cli("extract", SEED)
    assert "6 claims" in cli("claims", "list").output


def test_known_revisions_are_the_migrations():
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    revisions = {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}
    assert db.known_revisions() == revisions and db.SCHEMA_REVISION in revisions
