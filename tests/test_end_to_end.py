"""The whole loop on the seed article with the offline extractor, as a newsroom user runs it."""

from __future__ import annotations

import sqlite3

import pytest

from claimtrack import environment
from tests.conftest import SEED

SEED_CLAIMS = [
    ("Ministry of Foreign Affairs", "the Ministry of Foreign Affairs", "announced"),
    ("Sources", "Sources", "say"),
    ("Official sources", "Official sources", "claimed"),
    ("Observers", "observers", "are skeptical"),
    (
        "Official sources familiar with the development",
        "Official sources familiar with the development",
        "told",
    ),
]


def _by_cue(claims: list[dict]) -> dict[str, dict]:
    return {c["cue"]: c for c in claims}


def test_seed_article_yields_the_attributed_claims(seeded, cli_json):
    claims = cli_json("claims", "list")
    text = cli_json("articles", "show", "1")["text"]
    by_cue = _by_cue(claims)
    for source, mention, cue in SEED_CLAIMS:
        claim = by_cue[cue]
        assert claim["source"] == source
        assert claim["source_mention"] == mention
        assert text[claim["source_start"] : claim["source_end"]] == mention
        assert text[claim["cue_start"] : claim["cue_end"]] == cue
    assert by_cue["claimed"]["quote"].endswith("willingness to address Pakistan\u2019s concerns")
    assert by_cue["claimed"]["certainty"] == "hedged"
    assert by_cue["are skeptical"]["certainty"] == "disputed"
    assert by_cue["announced"]["source_type"] == "named_organization"
    assert by_cue["claimed"]["source_type"] == "anonymous_official"
    assert by_cue["say"]["source_type"] == "anonymous"


def test_offsets_point_into_the_stored_article_text(seeded, cli_json):
    article = cli_json("articles", "show", "1")
    for claim in cli_json("claims", "list"):
        assert article["text"][claim["start"] : claim["end"]] == claim["quote"]


def test_page_furniture_is_neither_text_nor_claim(seeded, cli_json):
    article = cli_json("articles", "show", "1")
    assert "Read Bajwa" not in article["text"]
    assert "COMMENTS" not in article["text"]
    assert "Comments are moderated" not in article["text"]
    for claim in cli_json("claims", "list"):
        assert "Bajwa" not in claim["quote"] and "moderated" not in claim["quote"]


def test_skepticism_is_linked_as_disputing_the_claim_before_it(seeded, cli_json):
    by_cue = _by_cue(cli_json("claims", "list"))
    skeptical = cli_json("claims", "show", str(by_cue["are skeptical"]["id"]))
    assert {"kind": "disputes", "claim_id": by_cue["claimed"]["id"], "direction": "to"}.items() <= (
        skeptical["links"][0].items()
    )


def test_claims_json_has_the_documented_fields(seeded, cli_json):
    documented = {
        "id", "article_id", "claim", "quote", "start", "end", "source", "source_type", "cue",
        "attribution", "certainty", "checkworthiness", "status", "rating", "assignee", "version",
    }  # fmt: skip
    claims = cli_json("claims", "list")
    assert claims and all(documented <= claim.keys() for claim in claims)
    assert cli_json("claims", "show", str(claims[0]["id"])).keys() >= documented


def test_reextracting_an_unchanged_article_is_a_no_op(seeded, cli, cli_json):
    before = cli_json("claims", "list")
    again = cli("extract", SEED)
    assert "unchanged" in again.output
    assert cli_json("claims", "list") == before
    forced = cli("extract", SEED, "--force")
    assert "0 claims stored" in forced.output and "already stored" in forced.output
    assert len(cli_json("claims", "list")) == len(before)
    assert len(cli_json("articles", "show", "1")["runs"]) == 2


def test_review_writes_status_audit_and_evidence(seeded, cli, cli_json):
    claim_id = str(_by_cue(cli_json("claims", "list"))["claimed"]["id"])
    cli("review", claim_id, "in_review", "--by", "maria")
    out = cli("review", claim_id, "false", "--note", "Ministry denied it", "--evidence",
              "https://example.org/statement", "--by", "maria")  # fmt: skip
    assert "false" in out.output
    shown = cli_json("claims", "show", claim_id)
    assert (shown["status"], shown["rating"], shown["version"]) == ("false", 1, 3)
    assert shown["evidence"][0]["url"] == "https://example.org/statement"
    changes = cli_json("history", claim_id)
    assert [(c["from"], c["to"], c["actor"]) for c in changes] == [
        ("unverified", "in_review", "maria"),
        ("in_review", "false", "maria"),
    ]
    assert changes[1]["note"] == "Ministry denied it"


def test_changing_a_verdict_needs_a_note(seeded, cli, cli_json):
    cli("review", "1", "true", "--note", "checked")
    refused = cli("review", "1", "false", ok=False)
    assert refused.exit_code == 1
    assert "needs --note" in refused.output
    assert cli_json("claims", "show", "1")["status"] == "true"
    cli("review", "1", "false", "--note", "new evidence from the ministry")
    assert len(cli_json("history", "1")) == 2


def test_stale_version_is_refused_with_who_changed_it(seeded, cli, cli_json):
    cli("review", "2", "in_review", "--by", "alice")
    stale = cli("review", "2", "dismissed", "--expect-version", "1", "--by", "bob", ok=False)
    assert stale.exit_code == 1
    assert "changed by alice" in stale.output
    assert cli_json("claims", "show", "2")["status"] == "in_review"


def test_audit_trail_cannot_be_rewritten(seeded, cli):
    cli("review", "1", "in_review")
    path = environment.database_url().removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE statuschange SET actor = 'someone else'")
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM statuschange")


def test_assign_and_filter(seeded, cli, cli_json):
    cli("assign", "2", "maria")
    assert [c["id"] for c in cli_json("claims", "list", "--assignee", "maria")] == [2]
    assert cli_json("history", "2")[0]["field"] == "assignee"
    assert all(
        c["status"] == "unverified" for c in cli_json("claims", "list", "--status", "unverified")
    )
    assert {c["source"] for c in cli_json("claims", "list", "--source", "official")} == {
        "Official sources", "Official sources familiar with the development",
    }  # fmt: skip


def test_unknown_claim_is_one_clear_line(cli):
    result = cli("claims", "show", "999", ok=False)
    assert result.exit_code == 1
    assert result.output.strip() == "error: no claim 999"


def test_db_path_and_upgrade(cli, tmp_path):
    assert cli("db", "path").output.strip() == str(tmp_path / "claims.db")
    assert "revision 0004" in cli("db", "upgrade").output
