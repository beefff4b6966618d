"""`claimtrack browse`: Datasette over the database, read-only, with labels and canned queries.

The server test starts the real command on a free port of 127.0.0.1 and fetches its pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from claimtrack import db
from claimtrack.browse import INSTALL_HINT, canned_queries
from claimtrack.domain import SourceType
from claimtrack.newsroom import SCALES
from claimtrack.review import review_queue
from tests.test_reports import store_article

DAWN = (
    "Khawaja Asif said the border will reopen on Monday.\n"
    "Official sources claimed that 300 militants were arrested last year.\n"
    "Observers said the figures were inflated.\n"
    "Prices rose by 40 percent in March.\n"
    "A spokesman said the talks were cordial.\n"
)
GEO = (
    "Khawaja Asif told reporters that talks had resumed.\n"
    "Official sources said the delegation would return on Friday.\n"
)
REMOVED = "Khawaja Asif said the dam would open in May.\n"
PERSON, ANON, OFFICIAL = (
    SourceType.named_person, SourceType.anonymous, SourceType.anonymous_official
)  # fmt: skip


@pytest.fixture
def desk(cli) -> dict[str, int]:
    """Two outlets' articles and a removed one, with verdicts, a dismissal and a rejection.

    Returns the claim ids by a short name.
    """
    store_article(
        DAWN,
        [("the border will reopen on Monday", "Khawaja Asif", PERSON, "said", 0.6),
         ("300 militants were arrested last year", "Official sources", OFFICIAL, "claimed", 0.9),
         ("the figures were inflated", "Observers", ANON, "said", 0.2),
         ("Prices rose by 40 percent in March", None, SourceType.outlet, None, 0.8),
         ("the talks were cordial", "A spokesman", PERSON, "said", 0.3)],
        title="Border to reopen", outlet="Dawn", published=datetime(2026, 11, 1, tzinfo=UTC),
    )  # fmt: skip
    store_article(
        GEO,
        [("talks had resumed", "Khawaja Asif", PERSON, "told", 0.5),
         ("the delegation would return on Friday", "Official sources", OFFICIAL, "said", 0.7)],
        title="Talks resume", outlet="Geo", published=datetime(2026, 11, 5, tzinfo=UTC),
    )  # fmt: skip
    store_article(
        REMOVED,
        [("the dam would open in May", "Khawaja Asif", PERSON, "said", 0.95)],
        title="Dam", outlet="Dawn", published=datetime(2026, 11, 3, tzinfo=UTC),
    )  # fmt: skip
    ids = dict(zip(["border", "militants", "observers", "prices", "cordial", "talks",
                    "delegation", "dam"], range(1, 9), strict=True))  # fmt: skip
    cli("review", ids["border"], "false", "--note", "The crossing stayed shut")
    cli("review", ids["observers"], "dismissed", "--note", "opinion")
    cli("claims", "reject", ids["cordial"], "--reason", "not checkable at all")
    cli("review", ids["talks"], "mostly_true", "--note", "Both sides confirmed it")
    cli("assign", ids["delegation"], "maria")
    cli("articles", "remove", "3", "--note", "duplicate wire copy")
    return ids


def _rows(sql: str, **params: str) -> list[dict]:
    path = db.sqlite_path(db.parse_url(os.environ["CLAIMTRACK_DATABASE_URL"]))
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params)]


def test_the_queue_query_lists_what_claimtrack_queue_lists(desk):
    sql = canned_queries(SCALES["default"])["queue"]["sql"]
    with db.session() as s:
        expected = [v.claim.id for v in review_queue(s)]
        for_omar = [v.claim.id for v in review_queue(s, reviewer="omar")]
    rows = _rows(sql, assignee="")
    assert [r["claim_id"] for r in rows] == expected
    assert expected == [desk["militants"], desk["prices"], desk["delegation"]]
    assert [r["claim_id"] for r in _rows(sql, assignee="omar")] == for_omar
    assert for_omar == [desk["militants"], desk["prices"]]
    assert rows[1]["speaker"] == "Dawn"  # the outlet's own claim
    assert rows[2]["assignee"] == "maria" and rows[2]["status"] == "Unverified"


def test_verdicts_by_outlet_count_shown_claims_by_the_newsroom_scale(desk):
    sql = canned_queries(SCALES["default"])["verdicts_by_outlet"]["sql"]
    rows = {r["outlet"]: r for r in _rows(sql)}
    # Dawn: the rejected claim and the removed article's claim are not counted.
    assert rows["Dawn"] == {
        "outlet": "Dawn", "claims": 4, "waiting": 2, "True": 0, "Mostly true": 0, "Mixed": 0,
        "Misleading": 0, "Mostly false": 0, "False": 1, "Unverifiable": 0, "dismissed": 1,
    }  # fmt: skip
    assert rows["Geo"]["claims"] == 2 and rows["Geo"]["Mostly true"] == 1
    text_scale = canned_queries(SCALES["text"])["verdicts_by_outlet"]["sql"]
    assert list(_rows(text_scale)[0]) == [
        "outlet", "claims", "waiting", "Correct", "Needs context", "Misleading", "Incorrect",
        "Unverifiable", "dismissed",
    ]  # fmt: skip


def test_a_speakers_claims_over_time_oldest_first_with_verdict_notes(desk, cli):
    sql = canned_queries(SCALES["default"])["speaker"]["sql"]
    rows = _rows(sql, speaker="asif")  # any part of the name, any case
    assert [(r["date"], r["claim_id"], r["status"], r["verdict_note"]) for r in rows] == [
        ("2026-11-01", desk["border"], "False", "The crossing stayed shut"),
        ("2026-11-05", desk["talks"], "Mostly true", "Both sides confirmed it"),
    ]  # the removed article's claim is left out
    assert _rows(sql, speaker="spokesman") == []  # its one claim was rejected
    assert _rows(sql, speaker="") == []
    cli("sources", "rename", "1", "Defence Minister Khawaja Asif")
    assert len(_rows(sql, speaker="Khawaja")) == 2


def test_browse_without_the_extra_says_how_to_install_it(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)  # as if not installed
    result = cli("browse", "--port", "0", ok=False)
    assert result.exit_code == 1
    assert result.stderr == f"error: {INSTALL_HINT}\n"
    assert result.stdout == ""


def test_browse_refuses_postgresql_in_one_line(cli):
    result = cli("browse", "--db", "postgresql+psycopg://desk@127.0.0.1:1/claims", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: claimtrack browse opens SQLite databases only, and "
        "postgresql+psycopg://desk@127.0.0.1:1/claims is PostgreSQL\n"
    )


def test_browse_refuses_a_database_it_would_have_to_upgrade_and_leaves_it(cli, tmp_path):
    path = tmp_path / "claims.db"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0003'")
    conn.close()
    before = path.read_bytes()
    result = cli("browse", "--port", "0", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path} has schema revision 0003, older than this claimtrack's "
        f"({db.SCHEMA_REVISION}): run claimtrack db upgrade first\n"
    )
    assert path.read_bytes() == before
    missing = cli("browse", "--db", tmp_path / "absent.db", ok=False)
    assert missing.stderr.startswith(f"error: no database at {tmp_path / 'absent.db'}")
    assert not (tmp_path / "absent.db").exists()


def test_browse_refuses_a_port_in_use_in_one_line(cli, seeded):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("browse", "--port", port, ok=False)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: cannot listen on 127.0.0.1 port {port} (")
    assert line.endswith("): choose another --port")


def test_datasette_cannot_write_even_when_asked(desk):
    import asyncio

    from claimtrack.browse import DATABASE, datasette_for
    from claimtrack.newsroom import load_settings

    path = db.sqlite_path(db.parse_url(os.environ["CLAIMTRACK_DATABASE_URL"]))
    database = datasette_for(path, load_settings()).get_database(DATABASE)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(database.execute_write("DELETE FROM claim"))
    assert len(_rows("SELECT id FROM claim")) == 8


def _fetch(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return response.text


def test_browse_serves_labelled_tables_and_canned_queries_without_writing(desk):
    import httpx

    path = db.sqlite_path(db.parse_url(os.environ["CLAIMTRACK_DATABASE_URL"]))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    server = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "browse", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = server.stdout.readline()  # printed once it listens
        assert first.startswith(f"browsing {path} read-only at http://127.0.0.1:"), first
        base = first.split(" at ")[1].split()[0]
        with httpx.Client(trust_env=False, timeout=30) as client:
            home = _fetch(client, base)
            for title in ("Claims", "The queue", "Verdicts by outlet", "claims over time"):
                assert title in home
            tables = json.loads(_fetch(client, f"{base}.json"))["tables"]
            assert {t["name"] for t in tables if t["hidden"]} >= {"llmcache", "alembic_version"}
            claims = _fetch(client, f"{base}/claim")
            assert "<h1>Claims</h1>" in claims
            assert "<dt>claim_text</dt><dd>The claim, as one sentence a reader can check." in (
                claims
            )
            found = json.loads(_fetch(client, f"{base}/claim.json?_search=militants&_shape=array"))
            assert [r["id"] for r in found] == [desk["militants"]]  # full-text search
            for page in ("queue", "verdicts_by_outlet", "speaker?speaker=asif"):
                _fetch(client, f"{base}/{page}")
            queue = json.loads(_fetch(client, f"{base}/queue.json?_shape=array"))
            outlets = json.loads(_fetch(client, f"{base}/verdicts_by_outlet.json?_shape=array"))
            said = json.loads(_fetch(client, f"{base}/speaker.json?speaker=asif&_shape=array"))
            refused = client.get(f"{base}.json", params={"sql": "DELETE FROM claim"})
        assert [r["claim_id"] for r in queue] == [
            desk[k] for k in ("militants", "prices", "delegation")
        ]
        assert [(r["outlet"], r["claims"]) for r in outlets] == [("Dawn", 4), ("Geo", 2)]
        assert [r["claim_id"] for r in said] == [desk["border"], desk["talks"]]
        assert refused.status_code == 400
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert out == "stopped\n" and "Traceback" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_other_commands_do_not_import_datasette(seeded):
    probe = (
        "import json, sys\n"
        "from claimtrack.cli import app\n"
        "for args in (['--help'], ['browse', '--help'], ['claims', 'list', '--json']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = {'datasette', 'uvicorn'}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)),"
        " file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_every_table_claimtrack_has_is_labelled_or_hidden():
    from claimtrack.browse import TABLES
    from claimtrack.models import SQLModel

    assert set(SQLModel.metadata.tables) | {"alembic_version"} == set(TABLES)


def test_the_help_names_the_extra_to_install(cli):
    shown = " ".join(cli("browse", "--help").output.split())
    assert "pip install 'claimtrack[browse]'" in shown  # not eaten as Rich markup
