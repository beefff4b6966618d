"""The audit trail cannot be rewritten, even from SQL; a verdict is not reopened without a note."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from claimtrack import db, environment, newsroom
from tests.conftest import SEED

FIRST_CHANGE = "SELECT id, from_value, to_value, actor FROM statuschange ORDER BY id"
FORGED = "(id, claim_id, field, actor, at) VALUES (1, 1, 'status', 'forger', '2026-01-01')"
REWRITES = {
    "replace into": f"REPLACE INTO statuschange {FORGED}",
    "insert or replace": f"INSERT OR REPLACE INTO statuschange {FORGED}",
    "upsert": f"INSERT INTO statuschange {FORGED} ON CONFLICT (id) DO UPDATE SET actor = 'forger'",
}
NEW_ROW = (
    "INSERT INTO statuschange (claim_id, field, from_value, to_value, actor, at) "
    "VALUES (1, 'status', 'in_review', 'in_review', 'clerk', '2026-01-01 00:00:00')"
)


def _sqlite_path() -> str:
    return environment.database_url().removeprefix("sqlite:///")


def _rows(path: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(FIRST_CHANGE).fetchall()


@pytest.mark.parametrize("statement", REWRITES.values(), ids=REWRITES.keys())
def test_sqlite_refuses_to_replace_an_audit_row(seeded, cli, statement):
    cli("review", "1", "in_review", "--by", "maria")
    path = _sqlite_path()
    before = _rows(path)
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(statement)
    assert _rows(path) == before == [(1, "unverified", "in_review", "maria")]


def test_sqlite_still_appends_new_audit_rows(seeded, cli):
    cli("review", "1", "in_review")
    path = _sqlite_path()
    with sqlite3.connect(path) as conn:
        conn.execute(NEW_ROW)
        conn.execute(REWRITES["replace into"].replace("VALUES (1,", "VALUES (7,"))
    cli("review", "1", "true", "--note", "checked")
    assert [row[0] for row in _rows(path)] == [1, 2, 7, 8]


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE statuschange",
        "TRUNCATE claim CASCADE",
        "TRUNCATE article CASCADE",
        REWRITES["upsert"],
    ],
)
def test_postgres_refuses_to_truncate_or_upsert_the_audit(postgres_url, cli, cli_json, statement):
    cli("extract", SEED)
    cli("review", "1", "in_review", "--by", "maria")
    claims = cli_json("claims", "list")
    with (
        db.engine(postgres_url).connect() as conn,
        pytest.raises(DBAPIError, match="append-only"),
    ):
        conn.execute(text(statement))
    with db.engine(postgres_url).connect() as conn:
        assert conn.execute(text(FIRST_CHANGE)).all() == [(1, "unverified", "in_review", "maria")]
    assert cli_json("claims", "list") == claims


def _migrate(url: str, revision: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    with db.engine(url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


TRIGGERS = {
    "sqlite": ("SELECT name FROM sqlite_master WHERE type = 'trigger'", "statuschange_no_replace"),
    "postgresql": ("SELECT tgname FROM pg_trigger", "statuschange_no_truncate"),
}
REFUSED = {"sqlite": REWRITES["insert or replace"], "postgresql": "TRUNCATE claim CASCADE"}


def _triggers(url: str) -> set[str]:
    with db.engine(url).connect() as conn:
        query, _ = TRIGGERS[conn.dialect.name]
        return set(conn.execute(text(query)).scalars())


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_db_upgrade_guards_an_existing_database(request, cli, backend):
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    url = url or environment.database_url()
    cli("extract", SEED)
    cli("review", "1", "in_review", "--by", "maria")
    trigger, guarded = TRIGGERS[backend][1], _triggers(url)
    _migrate(url, "0002")  # a database as the previous release left it
    assert trigger in guarded and trigger not in _triggers(url)
    assert "schema at revision 0004" in cli("db", "upgrade").output
    assert trigger in _triggers(url)
    with db.engine(url).connect() as conn, pytest.raises(DBAPIError, match="append-only"):
        conn.execute(text(REFUSED[backend]))
    with db.engine(url).connect() as conn:
        assert conn.execute(text(FIRST_CHANGE)).all() == [(1, "unverified", "in_review", "maria")]


@pytest.fixture
def scale(tmp_path, monkeypatch):
    """Switch the rating scale claimtrack.toml names, as a newsroom does between commands."""
    monkeypatch.chdir(tmp_path)

    def use(name: str) -> None:
        (tmp_path / "claimtrack.toml").write_text(f'[rating]\nscale = "{name}"\n')
        newsroom._load.cache_clear()

    yield use
    newsroom._load.cache_clear()


def _refused_line(result, expected: str) -> None:
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("error: ")
    assert expected in result.output


@pytest.mark.parametrize(
    ("rated_under", "verdict", "now", "target"),
    [
        ("politifact", "pants_on_fire", "default", "unverified"),
        ("politifact", "half_true", "text", "in_review"),
        ("text", "needs_context", "default", "dismissed"),
        ("default", "dismissed", "politifact", "unverified"),
    ],
)
def test_reopening_needs_a_note_whatever_scale_is_loaded(
    seeded, cli, cli_json, scale, rated_under, verdict, now, target
):
    scale(rated_under)
    cli("review", "1", verdict, "--note", "checked")
    scale(now)
    refused = cli("review", "1", target, ok=False)
    _refused_line(refused, "needs --note")
    assert f"{verdict!r}" in refused.output
    shown = cli_json("claims", "show", "1")
    assert (shown["status"], shown["version"], len(shown["history"])) == (verdict, 2, 1)
    cli("review", "1", target, "--note", "rated under the old scale")
    assert cli_json("history", "1")[-1]["note"] == "rated under the old scale"


def test_bulk_reopening_under_another_scale_is_all_or_nothing(seeded, cli, cli_json, scale):
    scale("politifact")
    cli("review", "2", "pants_on_fire", "--note", "checked")
    scale("default")
    refused = cli("review", "--ids", "1,2", "in_review", "--yes", ok=False)
    _refused_line(refused, "needs --note")
    assert [c["status"] for c in cli_json("claims", "list")][:2] == ["unverified", "pants_on_fire"]


@pytest.mark.parametrize(
    "args",
    [
        ("review", "1", "pants_on_fire"),
        ("review", "1", "pants_on_fire", "--note", "as politifact would say"),
        ("review", "--ids", "1,2", "pants_on_fire"),
        ("review", "--article", "1", "pants_on_fire"),
    ],
)
def test_a_status_the_scale_does_not_know_is_refused_in_one_line(seeded, cli, cli_json, args):
    refused = cli(*args, input="y\n", ok=False)
    _refused_line(refused, "unknown status 'pants_on_fire' (choose from unverified, in_review,")
    assert "dismissed" in refused.output
    assert {c["status"] for c in cli_json("claims", "list")} == {"unverified"}
    assert cli_json("history", "1") == []
