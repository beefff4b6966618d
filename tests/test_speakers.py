"""What one speaker said over time: `speakers show`, and the desk report's lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLES = {
    "2026-01-05": "Mayor Lena Ortiz said the city cut bus fares by 20 percent last year.\n",
    "2026-03-09": "Mayor Lena Ortiz said the new depot will open in June.\n",
    "2026-02-14": "Ortiz said ridership grew by 15 percent in the same period.\n",
}


@pytest.fixture
def three_dates(any_database, tmp_path: Path, cli):
    for i, (date, text) in enumerate(ARTICLES.items()):
        path = tmp_path / f"story-{i}.txt"
        path.write_text(text, encoding="utf-8")
        cli("extract", path, "--date", date, "--title", f"Story {i}")
    cli("sources", "merge", "Lena Ortiz", "Ortiz")


def test_a_speakers_claims_across_articles_oldest_first(three_dates, cli, cli_json):
    cli("review", "1", "false", "--note", "Fares fell 5 percent")
    record = cli_json("speakers", "show", "Lena Ortiz")
    assert record["name"] == "Lena Ortiz" and record["source_type"] == "named_person"
    assert [(c["date"], c["article_id"]) for c in record["claims"]] == [
        ("2026-01-05", 1), ("2026-02-14", 3), ("2026-03-09", 2)
    ]  # fmt: skip
    first = record["claims"][0]
    assert (first["status"], first["verdict_note"]) == ("false", "Fares fell 5 percent")
    assert cli_json("speakers", "show", "Ortiz") == record  # the old name finds them too
    text = cli("speakers", "show", "lena ortiz").output
    assert text.splitlines()[0] == "Lena Ortiz (named person): 3 claims"
    assert "why: Fares fell 5 percent" in text


def test_an_unknown_speaker_is_one_line(three_dates, cli):
    result = cli("speakers", "show", "Nobody Known", ok=False)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: no speaker named 'Nobody Known' (claimtrack sources list shows them)"
    )


def test_the_desk_report_links_each_speaker_to_what_they_said(three_dates, cli):
    html = cli("report", "--all", "--format", "html").stdout
    assert '<a href="#speaker-1">Lena Ortiz</a>' in html and 'id="speaker-1"' in html
    section = html[html.index('id="speaker-1"') :]
    said = [section.index(f"Story {i}") for i in (0, 2, 1)]
    assert said == sorted(said)  # oldest first
    md = cli("report", "--all", "--format", "md").stdout
    assert "## What the sources said" in md and "### Lena Ortiz (named person)" in md
    desk = json.loads(cli("report", "--all", "--format", "json").stdout)["desk"]
    assert [c["article_id"] for c in desk["sources"][0]["said"]] == [1, 3, 2]
