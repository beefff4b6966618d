"""Reports: the committed sample stays true to the code, and hostile text stays text."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from claimtrack import db
from claimtrack.domain import Extraction, FoundClaim, SourceType, Span
from claimtrack.ingest import Document
from claimtrack.newsroom import SCALES
from claimtrack.store import store_extraction
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
def hostile(tmp_path, cli, old_evidence, publisher):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    cli("extract", path)
    cli("review", "1", "false", "--note", "<img src=x onerror=alert(2)>")
    # Evidence claimtrack now refuses, as a database from before the check may hold it.
    old_evidence(1, "javascript:alert(3)")
    old_evidence(1, "java\tscript:alert(4)", note="</style><script>x</script>")


def without_jsonld(html: str) -> str:
    """The page minus its JSON-LD data blocks, after checking they hold no markup at all."""
    block = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
    assert all("<" not in b and ">" not in b for b in block.findall(html))
    return block.sub("", html)


def test_html_report_escapes_everything_untrusted(hostile, cli):
    html = cli("report", "1", "--format", "html").stdout
    assert '<script type="application/ld+json">' in html  # the verdict's ClaimReview
    html = without_jsonld(html)
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


# --- fixtures that store claims directly, so the expected report does not hang on the extractor


def store_article(
    text: str,
    claims: list[tuple[str, str | None, SourceType, str | None, float]],
    *,
    title: str = "Desk test",
    url: str | None = None,
    outlet: str | None = None,
    published: datetime | None = None,
) -> int:
    """Store an article and its claims as an extractor would, without running one.

    Each claim is (quote, source, source type, cue, check-worthiness); the quote is located in
    the text, the cue is the nearest one before it. Returns the article id.
    """
    found = []
    for quote, source, kind, cue, worth in claims:
        start = text.index(quote)
        cue_at = text.rindex(cue, 0, start) if cue else 0
        found.append(
            FoundClaim(
                content=Span(start, start + len(quote)),
                claim=f"{source or 'The outlet'} {cue or 'says'}: {quote}",
                source=source,
                source_type=kind,
                cue=cue,
                cue_span=Span(cue_at, cue_at + len(cue)) if cue else None,
                checkworthiness=worth,
            )
        )
    doc = Document(
        text=text, title=title, source_format="text", origin="test", url=url, outlet=outlet,
        published_at=published,
    )  # fmt: skip
    with db.session(write=True) as s:
        return store_extraction(s, doc, Extraction(extractor="test", claims=found)).article_id


ARTICLE_A = (
    "Khawaja Asif said the border will reopen on Monday.\n"
    "Official sources claimed that 300 militants were arrested last year.\n"
    "Observers said the figures were inflated.\n"
    "Prices rose by 40 percent in March.\n"
)
ARTICLE_B = (
    "Khawaja Asif told reporters that talks had resumed.\n"
    "Official sources said the delegation would return on Friday.\n"
)
NAMED, OFFICIAL = SourceType.named_person, SourceType.anonymous_official


@pytest.fixture
def desk(cli):
    """Two articles, six claims: 1-4 in the first, 5-6 in the second; two verdicts."""
    store_article(ARTICLE_A, [
        ("the border will reopen on Monday", "Khawaja Asif", NAMED, "said", 0.8),
        ("300 militants were arrested last year", "Official sources", OFFICIAL, "claimed", 0.9),
        ("the figures were inflated", "Observers", SourceType.anonymous, "said", 0.3),
        ("Prices rose by 40 percent in March", None, SourceType.outlet, None, 0.7),
    ], title="Border talks", url="https://news.example/border", outlet="Example News",
       published=datetime(2026, 11, 2, tzinfo=UTC))  # fmt: skip
    store_article(ARTICLE_B, [
        ("talks had resumed", "Khawaja Asif", NAMED, "told", 0.6),
        ("the delegation would return on Friday", "Official sources", OFFICIAL, "said", 0.4),
    ], title="Delegation returns")  # fmt: skip
    cli("review", "2", "false", "--note", "Ministry figures say 120", "--evidence",
        "https://example.org/figures")  # fmt: skip
    cli("review", "1", "in_review")
    cli("review", "1", "true", "--by", "maria", "--note", "checked")
    cli("review", "3", "dismissed")


def test_desk_view_leads_with_counts_then_sources_waiting_and_verdicts(desk, cli):
    md = cli("report", "--all").stdout
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## At a glance", "## Sources quoted most", "## What the sources said",
        "## Check-worthy claims waiting", "## Verdicts (2)",
    ]  # fmt: skip
    cards = [line for line in md.splitlines() if line.startswith("### Claim")]
    assert cards == ["### Claim 1: True (rating 5 of 5)", "### Claim 2: False (rating 1 of 5)"]
    assert "| Unverified | 3 |\n| True | 1 |\n| False | 1 |\n| Dismissed | 1 |" in md
    ranked = (
        "| Khawaja Asif | named person | 2 | 2 |\n| Official sources | anonymous official | 2 | 2 |"
    )
    assert ranked in md
    assert "3 of 5 attributed claims (60%) come from anonymous sources. The outlet's own" in md
    waiting = [line.split(" | ")[0] for line in md.splitlines() if re.match(r"\| \d+ \| Unv", line)]
    assert waiting == ["| 4", "| 5"]  # open and check-worthy, most check-worthy first
    verdict_2 = md[md.index("### Claim 2") :]
    assert "- Verdict given 20" in verdict_2 and ": Ministry figures say 120" in verdict_2
    assert "[https://example.org/figures](https://example.org/figures)" in verdict_2
    assert "unverified → false: “Ministry figures say 120”" in verdict_2


def test_desk_view_as_json(desk, cli):
    data = json.loads(cli("report", "--all", "--format", "json").stdout)["desk"]
    assert (data["claim_count"], data["article_count"]) == (6, 2)
    assert data["status_counts"] == {"unverified": 3, "true": 1, "false": 1, "dismissed": 1}
    first_source = {key: value for key, value in data["sources"][0].items() if key != "said"}
    assert first_source == {
        "name": "Khawaja Asif", "source_type": "named_person", "claims": 2, "articles": 2,
        "anonymous": False, "earlier": 0,
    }  # fmt: skip
    assert len(data["sources"][0]["said"]) == 2
    assert (data["attributed"], data["anonymous"], data["anonymous_share"]) == (5, 3, 0.6)
    assert [c["id"] for c in data["waiting"]] == [4, 5]
    first, second = data["verdicts"]
    assert (first["id"], second["id"]) == (1, 2)
    assert [h["to"] for h in first["history"]] == ["in_review", "true"]
    assert first["history"][-1]["actor"] == "maria"
    assert second["verdict_note"] == "Ministry figures say 120"
    assert second["evidence"][0]["url"] == "https://example.org/figures"
    assert second["tone"] == "bad" and first["tone"] == "good"


@pytest.mark.parametrize(
    ("options", "claims", "articles", "counts"),
    [
        (["--status", "unverified"], 3, 2, {"unverified": 3}),
        (["--status", "true", "--status", "false"], 2, 1, {"true": 1, "false": 1}),
        (["--source", "ASIF"], 2, 2, {"true": 1, "unverified": 1}),
        (["2", "--all"], 2, 1, {"unverified": 2}),
        (["--since", "2000-01-01"], 6, 2, None),
        (["--since", "2999-01-01"], 0, 0, {}),
    ],
)
def test_desk_view_filters(desk, cli, options, claims, articles, counts):
    data = json.loads(cli("report", *options, "--format", "json").stdout)["desk"]
    assert (data["claim_count"], data["article_count"]) == (claims, articles)
    if counts is not None:
        assert data["status_counts"] == counts


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "error: name the articles to report on, or use --all for the desk view"),
        (["--status", "flase"], "error: unknown status 'flase' (choose from unverified,"),
        (["--since", "last week"], "error: --since 'last week': expected a date as YYYY-MM-DD"),
        (["--all", "--format", "json", "--template", "x.j2"], "error: x.j2: no such template"),
    ],
)
def test_report_usage_errors_are_one_line(desk, cli, options, message):
    result = cli("report", *options, ok=False)
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1


@pytest.mark.parametrize(
    ("scale", "status", "tone"),
    [
        ("default", "true", "good"), ("default", "mostly_true", "good"),
        ("default", "mixed", "middling"), ("default", "misleading", "bad"),
        ("default", "false", "bad"), ("default", "unverifiable", "unrated"),
        ("default", "unverified", "open"), ("default", "in_review", "open"),
        ("default", "dismissed", "dismissed"), ("politifact", "half_true", "middling"),
        ("politifact", "mostly_true", "good"), ("politifact", "pants_on_fire", "bad"),
        ("text", "correct", "unrated"), ("text", "incorrect", "unrated"),
        ("default", "retired_status", "unrated"),
    ],
)  # fmt: skip
def test_status_tone_comes_from_the_place_on_the_scale(scale, status, tone):
    from claimtrack.cards import status_tone

    assert status_tone(SCALES[scale], status) == tone


@pytest.fixture
def politifact(tmp_path, monkeypatch):
    config = tmp_path / "claimtrack.toml"
    config.write_text(
        '[newsroom]\nname = "Desk Daily"\nurl = "https://factcheck.example/checks"\n'
        '[rating]\nscale = "politifact"\n'
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))


def test_html_highlights_are_coloured_by_tone_on_any_scale(politifact, desk, cli):
    cli("review", "5", "pants_on_fire", "--note", "No talks took place")
    html = cli("report", "2", "--format", "html").stdout
    assert re.search(r'<mark class="st-pants_on_fire" data-tone="bad" id="span-5">', html)
    assert re.search(r'<mark class="st-unverified" data-tone="open" id="span-6">', html)
    assert "Pants on Fire</span> Claim 5 · rating 1 of 6" in html
    assert "[data-tone=bad] { background: var(--bad)" in html  # the CSS knows tones, not statuses
    assert "st-pants_on_fire {" not in html


def test_html_report_embeds_the_same_claimreview_as_the_export(politifact, desk, cli):
    html = cli("report", "1", "--format", "html").stdout
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    exported = json.loads(cli("export", "1", "--format", "claimreview").stdout)
    assert json.loads(block) == exported
    assert [r["url"] for r in exported] == [
        "https://factcheck.example/checks#claim-1", "https://factcheck.example/checks#claim-2"
    ]  # fmt: skip


def test_every_in_page_link_has_a_target(desk, cli):
    # The first claim lies wholly under the other two: it has no text of its own to highlight.
    store_article(
        "Officials said the border will reopen on Monday.\n",
        [
            ("the border will reopen on Monday", "Officials", OFFICIAL, "said", 0.5),
            ("the border will reopen", "Officials", OFFICIAL, "said", 0.5),
            (" on Monday", "Officials", OFFICIAL, "said", 0.5),
        ],
    )
    for options in (["1", "2", "3"], ["--all"]):
        html = cli("report", *options, "--format", "html").stdout
        targets = set(re.findall(r'href="#([^"]+)"', html))
        assert targets and targets <= set(re.findall(r' id="([^"]+)"', html))
    html = cli("report", "3", "--format", "html").stdout
    assert all(f'id="span-{i}"' in html and f'href="#span-{i}"' in html for i in (7, 8, 9))
    assert 'href="#claim-8"' in html and 'href="#claim-9"' in html


def _table_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


def test_markdown_tables_and_quotes_survive_hostile_text(desk, cli):
    quote = "the\n| budget | was <i>balanced</i> & fine"
    store_article(
        f"Mayor | <b>Jo</b> Park said {quote}.\n",
        [(quote, "Mayor | <b>Jo</b> Park", NAMED, "said", 0.9)],
        title="# Budget | <script>x</script>",
    )
    cli("review", "7", "false", "--note", "1. not\n- balanced", "--evidence",
        "https://example.org/a_(b)")  # fmt: skip
    for options in (["--all"], ["3"]):
        md = cli("report", *options).stdout
        assert re.findall(r"(?<!\\)<(?!https?://)[^>]*>", md) == []
        for table in re.split(r"\n\n", md):
            rows = _table_rows(table)
            unescaped = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
            assert len(unescaped) <= 1, table  # every row of a table has the header's columns
        assert "> the \\| budget \\| was \\<i\\>balanced\\</i\\> &amp; fine\n" in md
    assert "# Fact-check report: \\# Budget \\| \\<script\\>x\\</script\\>" in md
    assert "[https://example.org/a\\_(b)](https://example.org/a_%28b%29)" in md
    assert "Verdict given 20" in md and ": 1\\. not - balanced" in md


def test_own_html_template_is_html_escaped_whatever_the_format(desk, cli, tmp_path):
    store_article("Mayor Jo said the <b>budget</b> was fine.\n",
                  [("the <b>budget</b> was fine", "Mayor Jo", NAMED, "said", 0.5)],
                  title="<img src=x onerror=alert(1)>")  # fmt: skip
    template = tmp_path / "brief.html.j2"
    template.write_text("{% for a in articles %}<h1>{{ a.title }}</h1>{% endfor %}")
    out = cli("report", "3", "--template", template).stdout
    assert out == "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>"


def test_own_template_mistakes_are_one_line(seeded, cli, tmp_path):
    template = tmp_path / "broken.md.j2"
    template.write_text("ok\n{% for a in articles %}{{ a.title }\n")
    result = cli("report", "1", "--template", template, ok=False)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {template}, line 2: ")
    assert result.output.count("\n") == 1


def test_desk_templates_can_be_replaced(desk, cli, tmp_path):
    template = tmp_path / "desk.md.j2"
    template.write_text("{{ desk.claim_count }} claims, {{ desk.verdicts | length }} verdicts")
    assert cli("report", "--all", "--template", template).stdout == "6 claims, 2 verdicts"


@pytest.mark.parametrize("kind", ["md", "html"])
def test_own_template_can_replace_a_block_of_the_desk(desk, cli, tmp_path, kind):
    template = tmp_path / f"night.{kind}.j2"
    template.write_text(
        f'{{% extends "desk.{kind}.j2" %}}\n'
        "{% block heading %}Night desk: {{ desk.claim_count }} claims{% endblock %}\n"
        "{% block footer %}Questions: {{ newsroom }} <desk@daily.example>{% endblock %}\n"
    )
    out = cli("report", "--all", "--template", template).stdout
    assert out.startswith("Night desk: 6 claims") if kind == "md" else "Night desk: 6 claims" in out
    assert "Fact-check desk" not in out.split("</title>")[-1]  # the heading was replaced
    assert "Check-worthy claims waiting" in out and "Verdicts (2)" in out  # the rest is kept
    escaped = "\\<desk@daily.example\\>" if kind == "md" else "&lt;desk@daily.example&gt;"
    assert escaped not in out  # a template's own text is the newsroom's, not escaped
    assert "<desk@daily.example>" in out


def test_the_desk_opens_with_charts_of_where_it_stands(desk, cli):
    html = cli("report", "--all", "--format", "html").stdout
    charts = re.findall(r'<figure class="chart" id="chart-([\w-]+)">', html)
    assert charts == ["status", "source-types", "outlets", "extracted", "verdicts-weekly"]
    assert html.index('id="charts"') < html.index('id="sources"')
    assert (
        '<desc id="chart-status-desc">Claims by status: Unverified 3, True 1, False 1, Dismissed 1'
        in html
    )
    assert "2 of 5 attributed claims come from anonymous sources" not in html  # 3 of 5, below
    assert "3 of 5 attributed claims come from anonymous sources" in html
    assert "Verdicts per outlet: Example News 2" in html
    assert re.search(r"Claims extracted per week: week of \d{4}-\d\d-\d\d 6", html)
    md = cli("report", "--all").stdout
    assert "## At a glance" in md and "- Claims by status: Unverified 3, True 1, False 1" in md
    desk = json.loads(cli("report", "--all", "--format", "json").stdout)["desk"]
    status = next(c for c in desk["charts"] if c["id"] == "status")
    assert [(b["label"], b["count"]) for b in status["bars"]] == [
        ("Unverified", 3), ("True", 1), ("False", 1), ("Dismissed", 1)
    ]  # fmt: skip


def test_an_article_report_sums_up_its_statuses_in_one_bar(desk, cli):
    html = cli("report", "1", "--format", "html").stdout
    bar = re.search(r'<svg class="summary-bar".*?</svg>', html, re.S).group()
    title = "Status of 4 claims: Unverified 1, True 1, False 1, Dismissed 1"
    assert f'<title id="summary-1-title">{title}</title>' in bar
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="14" style', bar)]
    assert widths == [100.0, 100.0, 100.0, 100.0]  # each a quarter of the bar
    assert "highlights in the text take the colour of their claim's status" in html
