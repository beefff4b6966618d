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
