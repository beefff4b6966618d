"""A reviewer's day: the queue, walking it, bulk changes, matching claims, search, scales."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from claimtrack import db, newsroom

FIRST = (
    "Mayor Lena Ortiz said the city cut bus fares by 20 percent last year.\n"
    "Critics argued that the new stadium will cost taxpayers 300 million dollars.\n"
)
SECOND = (
    "Transit chief Omar Reyes said the city cut bus fares by 20 percent last year.\n"
    "He added that ridership grew by 15 percent in the same period.\n"
)
THIRD = "Council member Ana Ruiz said the city cut bus fares by twenty percent last year.\n"


def _article(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_articles(tmp_path, cli):
    cli("extract", _article(tmp_path, "first.txt", FIRST), _article(tmp_path, "second.txt", SECOND))


def _fares_claims(cli_json) -> list[dict]:
    return [c for c in cli_json("claims", "list") if "bus fares" in c["quote"]]


def test_the_same_claim_in_two_articles_is_linked(two_articles, cli_json):
    first, second = _fares_claims(cli_json)
    assert first["article_id"] != second["article_id"]
    links = cli_json("claims", "show", str(second["id"]))["links"]
    assert {"kind": "duplicate", "claim_id": first["id"]}.items() <= links[0].items()


def test_a_match_with_a_verdict_is_flagged_and_shown(two_articles, tmp_path, cli, cli_json):
    first, _ = _fares_claims(cli_json)
    cli("review", str(first["id"]), "false", "--note", "fares fell 5 percent")
    cli("extract", _article(tmp_path, "third.txt", THIRD))
    third = [c for c in _fares_claims(cli_json) if c["article_id"] == 3][0]
    shown = cli_json("claims", "show", str(third["id"]))
    assert any(link["kind"] == "matches_reviewed" for link in shown["links"])
    assert shown["earlier_verdicts"][0]["status"] == "false"
    queue = cli_json("queue")
    assert next(q for q in queue if q["id"] == third["id"])["earlier"][0]["status"] == "false"


def test_different_claims_are_not_linked(two_articles, cli_json):
    stadium = next(c for c in cli_json("claims", "list") if "stadium" in c["quote"])
    assert cli_json("claims", "show", str(stadium["id"]))["links"] == []


def test_queue_is_most_checkworthy_first_with_context(two_articles, cli, cli_json):
    queue = cli_json("queue")
    scores = [entry["checkworthiness"] for entry in queue]
    assert scores == sorted(scores, reverse=True)
    assert all(
        entry["sentence"] and entry["status"] in ("unverified", "in_review") for entry in queue
    )
    cli("review", str(queue[0]["id"]), "dismissed")
    assert queue[0]["id"] not in [entry["id"] for entry in cli_json("queue")]


@pytest.mark.parametrize(
    ("option", "warning"),
    [("--assignee", ""), ("--by", "warning: `queue --by` is deprecated; use `queue --assignee`\n")],
)
def test_queue_by_assignee_shows_theirs_and_unassigned(
    two_articles, cli, cli_json, option, warning
):
    ids = [c["id"] for c in cli_json("claims", "list")]
    cli("assign", str(ids[0]), "maria")
    cli("assign", str(ids[1]), "omar")
    result = cli("queue", option, "maria", "--json")
    mine = {entry["id"] for entry in json.loads(result.stdout)}
    assert ids[0] in mine and ids[1] not in mine and ids[2] in mine
    assert result.stderr == warning


def test_queue_refuses_both_spellings_of_assignee(two_articles, cli):
    result = cli("queue", "--assignee", "maria", "--by", "omar", ok=False)
    assert result.exit_code == 2 and "give only --assignee" in result.output


def test_queue_help_shows_by_as_deprecated(cli):
    help_text = " ".join(cli("queue", "--help").output.split())
    assert "--assignee" in help_text and "Deprecated: use --assignee." in help_text


def test_review_next_walks_the_queue_from_stdin(two_articles, cli, cli_json):
    queue = cli_json("queue")
    # first claim: a verdict (by prefix) with a note and evidence; second: skipped; then quit
    answers = "fal\nthe budget says 5%\nhttps://example.org/budget\n\ns\nq\n"
    result = cli("review", "next", input=answers)
    assert f"claim {queue[0]['id']}: false" in result.output
    first = cli_json("claims", "show", str(queue[0]["id"]))
    assert first["status"] == "false" and first["history"][0]["note"] == "the budget says 5%"
    assert first["evidence"][0]["url"] == "https://example.org/budget"
    assert cli_json("claims", "show", str(queue[1]["id"]))["status"] == "unverified"


def test_review_next_refuses_unknown_status_and_asks_again(two_articles, cli, cli_json):
    result = cli("review", "next", input="maybe\nin_review\n\n\nq\n")
    assert "choose one of" in result.output
    assert cli_json("queue")[0]["status"] == "in_review"


def test_bulk_by_ids_with_confirmation(two_articles, cli, cli_json):
    ids = [str(c["id"]) for c in cli_json("claims", "list")][:2]
    declined = cli("review", "--ids", ",".join(ids), "dismissed", input="n\n", ok=False)
    assert declined.exit_code == 1 and "Set 2 claims to dismissed?" in declined.output
    assert {c["status"] for c in cli_json("claims", "list")} == {"unverified"}
    done = cli("review", "--ids", ",".join(ids), "dismissed", "--note", "opinion", "--yes")
    assert "2 claims set to dismissed" in done.output
    assert [c["status"] for c in cli_json("claims", "list")][:2] == ["dismissed", "dismissed"]
    assert cli_json("history", ids[0])[0]["note"] == "opinion"


def test_bulk_by_filter(two_articles, cli, cli_json):
    cli("review", "--article", "2", "--status", "unverified", "in_review", "--yes")
    by_article = {(c["article_id"], c["status"]) for c in cli_json("claims", "list")}
    assert by_article == {(1, "unverified"), (2, "in_review")}


def test_bulk_is_all_or_nothing(two_articles, cli, cli_json):
    ids = [c["id"] for c in cli_json("claims", "list")]
    cli("review", str(ids[1]), "true", "--note", "checked")
    refused = cli("review", "--ids", f"{ids[0]},{ids[1]}", "false", "--yes", ok=False)
    assert refused.exit_code == 1 and "needs --note" in refused.output
    assert cli_json("claims", "show", str(ids[0]))["status"] == "unverified"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stadium", "stadium"),
        ("fare", "bus fares"),
        ("Ortiz", "bus fares"),
        ('"stadium" (cost*', "stadium"),
    ],
)
def test_claims_search(two_articles, cli_json, query, expected):
    found = cli_json("claims", "search", query)
    assert found and expected in found[0]["quote"]


def test_claims_search_without_words_is_an_error(cli):
    result = cli("claims", "search", "!!!", ok=False)
    assert result.exit_code == 1 and "at least one word" in result.output


@pytest.mark.parametrize(
    ("query", "speakers"),
    [
        ("fares OR stadium", {"Mayor Lena Ortiz", "Transit chief Omar Reyes", "Critics"}),
        ("fares Ortiz OR Reyes", {"Mayor Lena Ortiz", "Transit chief Omar Reyes"}),
        ("fares NOT Ortiz", {"Transit chief Omar Reyes"}),
        ("fares -ortiz", {"Transit chief Omar Reyes"}),
        ('"bus fares" AND mayor', {"Mayor Lena Ortiz"}),
        ('"cut bus fares"', {"Mayor Lena Ortiz", "Transit chief Omar Reyes"}),
        ('"fares bus"', set()),
        ("percent -fares", {"He"}),
        ("fares stadium", set()),
    ],
)
def test_search_syntax_is_the_same_on_both_databases(
    any_database, two_articles, cli_json, query, speakers
):
    found = cli_json("claims", "search", query)
    assert {c["source_mention"] for c in found} == speakers


def test_a_search_without_hits_says_so(any_database, two_articles, cli):
    assert cli("claims", "search", "volcano").output.strip() == "no claims match 'volcano'"
    refused = cli("claims", "search", "NOT stadium", ok=False)
    assert refused.exit_code == 1 and "not only words to exclude" in refused.output


@pytest.mark.parametrize(
    ("scale", "status", "rating"),
    [
        ("politifact", "pants_on_fire", 1),
        ("politifact", "half_true", 4),
        ("text", "needs_context", None),
    ],
)
def test_rating_scale_from_claimtrack_toml(
    two_articles, cli, cli_json, tmp_path, monkeypatch, scale, status, rating
):
    (tmp_path / "claimtrack.toml").write_text(f'[rating]\nscale = "{scale}"\n')
    monkeypatch.chdir(tmp_path)
    newsroom._load.cache_clear()
    cli("review", "1", status, "--note", "checked")
    assert (
        cli_json("claims", "show", "1")["status"],
        cli_json("claims", "show", "1")["rating"],
    ) == (status, rating)
    wrong = cli("review", "2", "mostly_wrong", ok=False)
    assert "unknown status 'mostly_wrong'" in wrong.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[newsroom]\nname = "Courier"\n[rating]\nscale = "stars"\n',
            "line 4: unknown rating scale 'stars'",
        ),
        ('[newsroom]\nname = "Courier"\nurl = "ftp://x"\n', "line 3: newsroom.url must be"),
        ("[ratings]\nscale = 'text'\n", "line 1: unknown section [ratings]"),
        ('[rating]\nverdicts = [{name = "in_review"}]\n', "line 2: verdict name 'in_review'"),
        ("[rating\nscale=1", "Expected ']'"),
    ],
)
def test_bad_config_is_refused_naming_the_line(cli, tmp_path, monkeypatch, content, message):
    (tmp_path / "claimtrack.toml").write_text(content)
    monkeypatch.chdir(tmp_path)
    newsroom._load.cache_clear()
    result = cli("queue", ok=False)
    assert result.exit_code == 1
    assert "claimtrack.toml" in result.output and message in result.output


def test_custom_scale(cli, cli_json, tmp_path, monkeypatch, two_articles):
    (tmp_path / "claimtrack.toml").write_text(
        '[rating]\nverdicts = [{name = "accurate", value = 3}, {name = "wrong", value = 1}]\n'
    )
    monkeypatch.chdir(tmp_path)
    newsroom._load.cache_clear()
    cli("review", "1", "accurate", "--note", "checked")
    assert cli_json("claims", "show", "1")["rating"] == 3


def test_schema_revision_is_the_newest_migration():
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == db.SCHEMA_REVISION
