"""Reviewers correct the record: evidence that is a web address, notes, undo, a truthful queue.

Each command runs on SQLite and on PostgreSQL (the latter skipped without one).
"""

from __future__ import annotations

from pathlib import Path

import pytest

STORY = (
    "Mayor Lena Ortiz said the city cut bus fares by 20 percent last year.\n"
    "Critics argued that the new stadium will cost taxpayers 300 million dollars.\n"
    "Transit chief Omar Reyes said ridership grew by 15 percent in the same period.\n"
)

BAD_URLS = [
    "javascript:alert(1)",
    "not a url",
    "file:///etc/passwd",
    "https://",
    "data:text/html,<script>alert(1)</script>",
    "https://example.org/a b",
    "ftp://example.org/report.pdf",
]


@pytest.fixture
def story(any_database, tmp_path: Path, cli, cli_json) -> list[int]:
    path = tmp_path / "fares.txt"
    path.write_text(STORY, encoding="utf-8")
    cli("extract", path)
    return [c["id"] for c in cli_json("claims", "list")]


@pytest.mark.parametrize("url", BAD_URLS)
def test_evidence_must_be_a_web_address(story, cli, cli_json, url):
    added = cli("evidence", "add", str(story[0]), url, ok=False)
    reviewed = cli("review", str(story[0]), "false", "--note", "n", "--evidence", url, ok=False)
    for result in (added, reviewed):
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"error: evidence must be an http(s) URL, not {url!r}"
        ]
    shown = cli_json("claims", "show", str(story[0]))
    assert shown["evidence"] == [] and shown["history"] == [] and shown["status"] == "unverified"


def test_evidence_by_http_or_https_is_kept(story, cli, cli_json):
    cli("evidence", "add", str(story[0]), "https://example.org/fares.csv")
    cli("review", str(story[0]), "false", "--note", "n", "--evidence", "HTTP://example.org/x?a=1")
    urls = [e["url"] for e in cli_json("claims", "show", str(story[0]))["evidence"]]
    assert sorted(urls) == ["HTTP://example.org/x?a=1", "https://example.org/fares.csv"]


def test_walking_the_queue_asks_again_for_a_bad_evidence_url(story, cli, cli_json):
    first = cli_json("queue")[0]["id"]
    answers = "in_review\n\njavascript:alert(1)\nhttps://example.org/ok\n\nq\n"
    result = cli("review", "next", input=answers)
    assert "evidence must be an http(s) URL" in result.output
    evidence = cli_json("claims", "show", str(first))["evidence"]
    assert [e["url"] for e in evidence] == ["https://example.org/ok"]


def test_a_note_is_history_without_a_status_change(story, cli, cli_json):
    cli("review", str(story[0]), "in_review")
    shown = cli_json("note", str(story[0]), "Asked the transit office for the fare tables")
    assert shown["field"] == "note" and shown["note"].startswith("Asked the transit office")
    claim = cli_json("claims", "show", str(story[0]))
    assert claim["status"] == "in_review" and claim["version"] == 2  # the claim is as it was
    assert [c["field"] for c in claim["history"]] == ["status", "note"]
    assert (
        'note: "Asked the transit office for the fare tables"'
        in cli("history", str(story[0])).output
    )


@pytest.mark.parametrize(
    ("claim", "text", "message"), [(1, "  ", "needs some text"), (99, "x", "no claim 99")]
)
def test_a_note_without_text_or_claim_is_refused(story, cli, cli_json, claim, text, message):
    result = cli("note", str(claim), text, ok=False)
    assert result.exit_code == 1 and message in result.output
    assert cli_json("history", str(story[0])) == []


def test_undo_reverts_my_last_change_and_then_the_one_before(story, cli, cli_json):
    first, second = str(story[0]), str(story[1])
    cli("review", first, "false", "--note", "fares fell 5 percent", "--by", "maria")
    cli("assign", second, "omar", "--by", "maria")
    cli("review", str(story[2]), "in_review", "--by", "ana")  # another claim: no bar
    cli("note", first, "checked twice", "--by", "maria")  # a note is not undone

    undone = cli_json("undo", "--by", "maria")  # her assignment of the second claim
    assert undone["claim_id"] == story[1] and undone["field"] == "assignee"
    assert cli_json("claims", "show", second)["assignee"] is None
    assert cli_json("claims", "show", str(story[2]))["status"] == "in_review"  # ana's stays

    again = cli_json("undo", "--by", "maria")  # then her verdict on the first
    assert (again["claim_id"], again["from"], again["to"]) == (story[0], "false", "unverified")
    claim = cli_json("claims", "show", first)
    assert claim["status"] == "unverified" and claim["rating"] is None
    fields = [(c["field"], c["to"], c["actor"]) for c in claim["history"]]
    assert fields == [
        ("status", "false", "maria"), ("note", None, "maria"), ("status", "unverified", "maria")
    ]  # fmt: skip
    assert claim["history"][-1]["note"] == f"undo of change #{claim['history'][0]['id']}"

    refused = cli("undo", "--by", "maria", ok=False)
    assert refused.exit_code == 1 and "maria has no change left to undo" in refused.output


def test_undo_is_refused_when_someone_else_changed_the_claim_since(story, cli, cli_json):
    claim = str(story[0])
    cli("review", claim, "in_review", "--by", "maria")
    cli("review", claim, "false", "--note", "fares fell", "--by", "ana")
    refused = cli("undo", "--by", "maria", ok=False)
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        f"error: claim {claim} was changed by ana after change #1 (status now 'false'); "
        "nothing was undone"
    ]
    shown = cli_json("claims", "show", claim)
    assert shown["status"] == "false" and len(shown["history"]) == 2


def test_the_queue_footer_counts_every_claim_waiting(story, cli, cli_json):
    cli("review", str(story[0]), "dismissed")  # no longer waiting
    page = cli("queue", "--limit", "1").output
    assert page.rstrip().endswith("1 of 2 claims waiting shown (--limit 0 for all)")
    everything = cli("queue", "--limit", "0").output
    assert everything.rstrip().endswith("\n2 claims waiting")
    assert len(cli_json("queue", "--limit", "0")) == 2


def test_queue_mine_lists_my_claims_first(story, cli, cli_json, monkeypatch):
    order = [entry["id"] for entry in cli_json("queue")]
    cli("assign", str(order[-1]), "maria")
    cli("assign", str(order[0]), "omar")
    monkeypatch.setenv("CLAIMTRACK_USER", "maria")
    mine = [entry["id"] for entry in cli_json("queue", "--mine")]
    assert mine == [order[-1], *order[:-1]]  # then the rest, most check-worthy first
