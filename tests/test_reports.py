"""Reports: the committed sample stays true to the code, and hostile text stays text."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "reports" / "express-tribune-kabul-delegation"

HOSTILE = (
    "The council <script>alert('x')</script> met on Monday.\n"
    "Mayor Jo Park said the <img src=x onerror=alert(1)> budget was balanced.\n"
    "Critics said the </style><b>figures</b> were wrong.\n"
)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_committed_seed_report_matches_what_the_code_renders(seeded, cli, fmt):
    rendered = cli("report", "1", "--format", fmt).stdout
    committed = SAMPLE.with_suffix(f".{fmt}").read_text(encoding="utf-8")
    assert rendered == committed, f"reports/{SAMPLE.name}.{fmt} is stale: run `make demo`"


def test_json_report_groups_claims_by_source(seeded, cli):
    data = json.loads(cli("report", "1", "--format", "json").stdout)
    [article] = data["articles"]
    names = [group["name"] for group in article["sources"]]
    assert "Official sources" in names and "Ministry of Foreign Affairs" in names
    claim = article["sources"][0]["claims"][0]
    assert {"id", "status", "cue", "quote", "sentence", "rating"} <= claim.keys()
    assert article["status_counts"] == {"unverified": article["claim_count"]}


def test_html_report_highlights_each_claim_and_links_both_ways(seeded, cli, cli_json):
    cli("review", "1", "false", "--note", "see the ministry's statement")
    html = cli("report", "1", "--format", "html").stdout
    for claim in cli_json("claims", "list"):
        assert f'id="span-{claim["id"]}"' in html and f'href="#claim-{claim["id"]}"' in html
        assert f'id="claim-{claim["id"]}"' in html and f'href="#span-{claim["id"]}"' in html
    assert 'class="st-false"' in html
    assert "<link" not in html and "src=" not in html  # one self-contained file


@pytest.fixture
def hostile(tmp_path, cli):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    cli("extract", path)
    cli("review", "1", "false", "--note", "<img src=x onerror=alert(2)>", "--evidence",
        "javascript:alert(3)")  # fmt: skip
    cli("evidence", "add", "1", "java\tscript:alert(4)", "--note", "</style><script>x</script>")


def test_html_report_escapes_everything_untrusted(hostile, cli):
    html = cli("report", "1", "--format", "html").stdout
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "</style><b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert 'href="javascript' not in html and 'href="java\tscript' not in html
    assert html.count("</style>") == 1


def test_markdown_report_has_no_raw_html(hostile, cli):
    md = cli("report", "1", "--format", "md").stdout
    raw_tags = re.findall(r"(?<!\\)<(?!https?://)[^>]*>", md)
    assert raw_tags == []
    assert "\\<img src=x onerror=alert(2)\\>" in md
    assert "javascript:alert(3)" in md and "<javascript" not in md


def test_unknown_article_is_a_clear_error(cli):
    result = cli("report", "42", ok=False)
    assert result.exit_code == 1 and result.output.strip() == "error: no article 42"


def test_own_template(seeded, cli, tmp_path):
    template = tmp_path / "brief.md.j2"
    template.write_text(
        "{% for a in articles %}{{ a.title }}: {{ a.claim_count }} claims{% endfor %}"
    )
    out = cli("report", "1", "--template", template).stdout
    assert out.startswith("Express tribune kabul delegation: ")


def test_report_written_to_a_file(seeded, cli, tmp_path):
    target = tmp_path / "out" / "seed.html"
    cli("report", "1", "--format", "html", "-o", target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
