"""Exports: ClaimReview JSON-LD for verdicts, and every claim as JSON Lines or CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from claimtrack.domain import SourceType
from tests.test_reports import NAMED, OFFICIAL, desk, store_article  # noqa: F401  (fixture)

SHORT = "Mayor Jo Park said the budget was balanced.\nThe council met on Monday, officials said.\n"


@pytest.fixture
def newsroom(tmp_path, monkeypatch):
    def configure(scale: str = "default", url: str | None = "https://factcheck.example/checks"):
        config = tmp_path / "claimtrack.toml"
        lines = ["[newsroom]", 'name = "Desk Daily"']
        lines += [f'url = "{url}"'] if url else []
        config.write_text("\n".join([*lines, "[rating]", f'scale = "{scale}"', ""]))
        monkeypatch.setenv("CLAIMTRACK_CONFIG", str(config))

    return configure


@pytest.fixture
def short_claims(cli):
    """One article with a URL and a date; two claims short enough for claimReviewed."""
    store_article(
        SHORT,
        [
            ("the budget was balanced", "Mayor Jo Park", NAMED, "said", 0.8),
            ("The council met on Monday", "officials", OFFICIAL, "said", 0.6),
        ],
        title="Council budget",
        url="https://news.example/budget",
        outlet="Example News",
        published=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
    )


def _reviews(cli, *args: str) -> list[dict]:
    return json.loads(cli("export", "--format", "claimreview", *args).stdout)


def test_claimreview_has_the_required_and_recommended_fields(newsroom, short_claims, cli):
    newsroom()
    cli("review", "1", "false", "--note", "The audit shows a deficit")
    result = cli("export", "--format", "claimreview")
    assert result.stderr == ""  # nothing missing, nothing too long
    [review] = json.loads(result.stdout)
    changed = cli("history", "1", "--json").stdout
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example/checks#claim-1",
        "claimReviewed": "Mayor Jo Park said: the budget was balanced",
        "datePublished": json.loads(changed)[-1]["at"][:10],
        "author": {"@type": "Organization", "name": "Desk Daily",
                   "url": "https://factcheck.example/checks"},
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1,
                         "bestRating": 5, "worstRating": 1},
        "reviewBody": "The audit shows a deficit",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Mayor Jo Park"},
            "datePublished": "2026-11-02",
            "appearance": {
                "@type": "CreativeWork", "url": "https://news.example/budget",
                "headline": "Council budget", "datePublished": "2026-11-02",
                "publisher": {"@type": "Organization", "name": "Example News"},
            },
        },
    }  # fmt: skip


def test_only_claims_with_a_verdict_are_exported(newsroom, short_claims, cli):
    newsroom()
    assert _reviews(cli) == []
    cli("review", "2", "in_review")
    cli("review", "1", "dismissed")
    assert _reviews(cli) == []
    cli("review", "2", "mostly_true", "--note", "checked")
    [review] = _reviews(cli)
    assert review["url"].endswith("#claim-2")
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Officials"}


@pytest.mark.parametrize(
    ("scale", "status", "rating"),
    [
        ("default", "mostly_false", {"alternateName": "Mostly false", "ratingValue": 2,
                                     "bestRating": 5, "worstRating": 1}),
        ("default", "unverifiable", {"alternateName": "Unverifiable"}),
        ("politifact", "pants_on_fire", {"alternateName": "Pants on Fire", "ratingValue": 1,
                                         "bestRating": 6, "worstRating": 1}),
        ("politifact", "half_true", {"alternateName": "Half True", "ratingValue": 4,
                                     "bestRating": 6, "worstRating": 1}),
        ("text", "needs_context", {"alternateName": "Needs context"}),
    ],
)  # fmt: skip
def test_review_rating_follows_the_scale(newsroom, short_claims, cli, scale, status, rating):
    newsroom(scale)
    cli("review", "1", status, "--note", "checked")
    [review] = _reviews(cli)
    assert review["reviewRating"] == {"@type": "Rating", **rating}


def test_the_verdict_date_is_the_latest_change_to_a_verdict(newsroom, short_claims, cli):
    newsroom()
    cli("review", "1", "false", "--note", "checked")
    cli("review", "1", "in_review", "--note", "new evidence")
    assert _reviews(cli) == []  # reopened: no verdict to publish
    cli("review", "1", "true", "--note", "the ministry corrected itself")
    [review] = _reviews(cli)
    history = json.loads(cli("history", "1", "--json").stdout)
    assert review["datePublished"] == history[-1]["at"][:10]
    assert review["reviewRating"]["alternateName"] == "True"


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ("", "set name under [newsroom]"),
        ('[newsroom]\nname = "Desk Daily"\n', "set url (or review_url)"),
    ],
)
def test_claimreview_is_refused_until_the_newsroom_names_itself(
    desk,  # noqa: F811
    cli,
    tmp_path,
    monkeypatch,
    config,
    key,  # noqa: F811
):
    (tmp_path / "desk.toml").write_text(config)
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(tmp_path / "desk.toml"))
    result = cli("export", "--format", "claimreview", ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ClaimReview is published under your newsroom: " + key)
    html = cli("report", "1", "--format", "html").stdout
    assert "application/ld+json" not in html  # no fact-check without its publisher


def test_review_urls_follow_the_newsrooms_pattern_and_gaps_are_warned(
    desk,  # noqa: F811
    cli,
    tmp_path,
    monkeypatch,  # noqa: F811
):
    (tmp_path / "desk.toml").write_text(
        '[newsroom]\nname = "Desk Daily"\nreview_url = "https://daily.example/checks/{id}"\n'
        "[review]\nverdict_needs_note = false\n"
    )
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(tmp_path / "desk.toml"))
    cli("review", "5", "false")  # no note: a gap in the ClaimReview, not a refusal
    result = cli("export", "--format", "claimreview")
    reviews = json.loads(result.stdout)
    assert [r["url"] for r in reviews] == [
        "https://daily.example/checks/1", "https://daily.example/checks/2",
        "https://daily.example/checks/5",
    ]  # fmt: skip
    assert [r.get("reviewBody") for r in reviews] == ["checked", "Ministry figures say 120", None]
    assert "warning: claim 5: ClaimReview has no reviewBody (recommended)" in result.stderr
    assert all(w.startswith("warning: claim 5: ") for w in result.stderr.splitlines())


def test_a_long_claim_reviewed_and_a_missing_appearance_are_warned_about(newsroom, cli, tmp_path):
    newsroom()
    quote = "the budget was balanced for the fourth year running despite the new stadium"
    store_article(f"Mayor Jo Park said {quote}.\n", [(quote, "Mayor Jo Park", NAMED, "said", 1)])
    cli("review", "1", "false", "--note", "checked")
    target = tmp_path / "reviews.json"
    result = cli("export", "--format", "claimreview", "-o", target)
    assert result.stdout == f"wrote {target} (1 review)\n"
    assert json.loads(target.read_text(encoding="utf-8"))[0]["reviewRating"]["ratingValue"] == 1
    assert result.stderr.splitlines() == [
        "warning: claim 1: ClaimReview has no itemReviewed.datePublished (recommended)",
        "warning: claim 1: ClaimReview has no itemReviewed.appearance.url (recommended)",
        "warning: claim 1: claimReviewed is 95 characters (keep it to 75 or fewer)",
    ]


def _articles_text(cli_json, article_id: int) -> str:
    return cli_json("articles", "show", str(article_id))["text"]


def test_jsonl_has_every_claim_with_spans_into_the_article(desk, cli, cli_json):  # noqa: F811
    lines = cli("export", "--format", "jsonl").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["claim_id"] for r in records] == [1, 2, 3, 4, 5, 6]
    texts = {i: _articles_text(cli_json, i) for i in (1, 2)}
    for r in records:
        text = texts[r["article_id"]]
        assert text[r["quote_start"] : r["quote_end"]] == r["quote"]
        if r["cue"]:
            assert text[r["cue_start"] : r["cue_end"]] == r["cue"]
    first, second = records[0], records[1]
    assert (first["source"], first["source_type"], first["cue"]) == (
        "Khawaja Asif", "named_person", "said"
    )  # fmt: skip
    assert (first["status"], first["verdict"], first["rating"]) == ("true", "True", 5)
    assert (second["status"], second["rating"]) == ("false", 1)
    assert first["article_url"] == "https://news.example/border"
    assert records[3]["source"] is None and records[3]["source_type"] == "outlet"


def test_jsonl_and_csv_carry_the_verdicts_substance(any_database, desk, cli):  # noqa: F811
    cli("evidence", "add", "2", "https://example.org/arrests", "--stance", "supports")
    cli("evidence", "add", "4", "https://example.org/prices", "--note", "March index")
    records = [json.loads(line) for line in cli("export", "--format", "jsonl").stdout.splitlines()]
    by_id = {r["claim_id"]: r for r in records}
    assert by_id[2]["verdict_note"] == "Ministry figures say 120"
    assert by_id[2]["evidence"] == [
        {"url": "https://example.org/figures", "stance": "context", "note": None},
        {"url": "https://example.org/arrests", "stance": "supports", "note": None},
    ]
    assert (by_id[1]["verdict_note"], by_id[3]["verdict_note"]) == ("checked", None)
    assert by_id[4]["verdict_note"] is None  # open: nothing to explain yet
    assert by_id[4]["evidence"][0]["note"] == "March index"
    rows = {
        r["claim_id"]: r for r in csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout))
    }
    assert rows["2"]["verdict_note"] == "Ministry figures say 120"
    assert rows["2"]["evidence"] == (
        "context https://example.org/figures; supports https://example.org/arrests"
    )
    assert rows["5"]["evidence"] == "" and rows["5"]["verdict_note"] == ""


@pytest.mark.parametrize(
    ("options", "ids"),
    [(["--status", "unverified"], [4, 5, 6]), (["2"], [5, 6]), (["--source", "observ"], [3])],
)
def test_exports_take_the_report_filters(desk, cli, options, ids):  # noqa: F811
    lines = cli("export", "--format", "jsonl", *options).stdout.splitlines()
    assert [json.loads(line)["claim_id"] for line in lines] == ids


def test_csv_opens_in_a_spreadsheet(cli, tmp_path):
    text = (
        'Mayor "Jo" Park, the treasurer, said =SUM(A1:A9) was "balanced"\non paper.\n'
        "Critics said -12% was the real figure.\n"
    )
    mayor = 'Mayor "Jo" Park, the treasurer'
    store_article(text, [
        ('=SUM(A1:A9) was "balanced"\non paper', mayor, NAMED, "said", 0.5),
        ("-12% was the real figure", "Critics", SourceType.anonymous, "said", 0.5),
    ], title="Budget, again")  # fmt: skip
    target = tmp_path / "claims.csv"
    cli("export", "--format", "csv", "--bom", "-o", target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfclaim_id,article_id,") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["claim_id"] for r in rows] == ["1", "2"]
    assert rows[0]["source"] == 'Mayor "Jo" Park, the treasurer'
    assert rows[0]["quote"] == '\'=SUM(A1:A9) was "balanced"\non paper'  # not a formula
    assert rows[1]["quote"] == "'-12% was the real figure"
    assert rows[0]["article_title"] == "Budget, again"
    assert (rows[0]["quote_start"], rows[0]["rating"]) == (str(text.index("=SUM")), "")


def test_csv_without_bom_to_stdout(short_claims, cli):
    out = cli("export", "--format", "csv").stdout
    assert out.startswith("claim_id,article_id,article_url,")
    assert len(list(csv.reader(io.StringIO(out)))) == 3


def test_csv_is_the_bytes_the_csv_module_writes():
    """Cells needing quotes, formulas, empty ones, numbers, times and evidence, as csv writes."""
    from claimtrack.exports import COLUMNS, write_csv

    texts = ["plain", "a, b", 'say "so"', "two\nlines", "cr\rhere", "", None, "=SUM(A1)",
             "-12%", "@x", "+1", "\tx", "nul\0x", "\u00fc \u2028", "it's"]  # fmt: skip
    shown = [v and ("'" + v if v[0] in "=+-@\t" else v) for v in texts]  # no formulas
    n = len(texts)
    numbers = [7, None, 0, -5, 2**62, *range(n - 5)]
    floats = [0.5, None, 1e-05, 0.1 + 0.2, 1e16, *[0.25] * (n - 5)]
    naive = [datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 1, 2, 3, 4, 5, 60), None] * (n // 3)
    aware = [t and t.replace(tzinfo=UTC) for t in naive]
    evidence = [
        [],
        [
            {"stance": "supports", "url": "https://x.example/a,b", "note": None},
            {"stance": "context", "url": 'https://x.example/"q"', "note": "n"},
        ],
    ] * n
    joined = ["; ".join(f"{e['stance']} {e['url']}" for e in v) for v in evidence[:n]]
    kinds = [(texts, shown), (numbers, numbers), (floats, floats),
             (naive, [t and t.isoformat() + "+00:00" for t in naive]),
             (aware, [t and t.isoformat() for t in aware]), (evidence[:n], joined),
             ([None] * n, [None] * n)]  # fmt: skip
    columns = [kinds[i % len(kinds)][0] for i in range(len(COLUMNS))]
    cells = [kinds[i % len(kinds)][1] for i in range(len(COLUMNS))]
    expected = io.StringIO("\ufeff")
    expected.seek(0, io.SEEK_END)
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(zip(*cells, strict=True))
    out = io.StringIO()
    assert write_csv(out, [columns, columns], bom=True) == 2 * n
    header, _, rows = expected.getvalue().partition("\r\n")
    assert out.getvalue() == header + "\r\n" + rows + rows


def test_json_outputs_are_the_bytes_json_dumps_writes(desk, cli):  # noqa: F811
    from sqlalchemy import update

    from claimtrack import db
    from claimtrack.models import Claim

    cli("evidence", "add", "2", 'https://example.org/"a"', "--note", 'ü, "q": \\ %s\nnext')
    odd = 'Tab\there, "quoted": \\ \u2028 ünï %s {}'  # U+2028: not a line end in JSON
    with db.session(write=True) as s:  # values orjson alone would write otherwise: 1e-05
        values = {"checkworthiness": 1e-05, "claim_text": odd, "assignee": "=x"}
        s.connection().execute(update(Claim).where(Claim.id == 1).values(**values))
        s.commit()
    listed = cli("claims", "list", "--json").stdout
    assert listed == json.dumps(json.loads(listed), indent=2, ensure_ascii=False) + "\n"
    assert '"checkworthiness": 1e-05,' in listed and odd in json.loads(listed)[0]["claim"]
    lines = cli("export", "--format", "jsonl").stdout.split("\n")
    assert lines.pop() == "" and len(lines) == 6
    for line in lines:
        assert line == json.dumps(json.loads(line), ensure_ascii=False)
    assert json.loads(lines[1])["evidence"][1]["note"] == 'ü, "q": \\ %s\nnext'
    assert cli("claims", "list", "--json", "--status", "mixed").stdout == "[]\n"


@pytest.fixture
def lima(monkeypatch):
    """PostgreSQL connections made from now on hand times back in Lima's zone, not UTC."""
    monkeypatch.setenv("PGTZ", "America/Lima")


def test_every_output_gives_a_claims_time_in_utc_on_either_database(
    lima, any_database, short_claims, cli, cli_json
):
    shown = cli_json("claims", "show", "1")["updated_at"]
    assert shown.endswith("+00:00")
    listed = json.loads(cli("claims", "list", "--json").stdout)
    line = json.loads(cli("export", "--format", "jsonl").stdout.split("\n")[0])
    row = next(csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout)))
    assert listed[0]["updated_at"] == line["updated_at"] == row["updated_at"] == shown


def test_export_times_are_utc_iso_8601_in_whatever_form_the_database_gives_them():
    from datetime import timedelta, timezone

    from claimtrack.exports import iso_times

    sqlite = ["2026-12-07 23:29:24.422830", "2026-01-02 03:04:05.000001"]
    assert iso_times(sqlite) == [
        "2026-12-07T23:29:24.422830+00:00",
        "2026-01-02T03:04:05.000001+00:00",
    ]
    # zero microseconds left out, as isoformat does; other text parsed; no time stays null
    other = ["2026-12-07 23:29:24.000000", "2026-12-07 23:29:24", "2026-12-07T23:29:24+00:00", None]
    assert iso_times(other) == ["2026-12-07T23:29:24+00:00"] * 3 + [None]
    lima = timezone(timedelta(hours=-5))
    postgres = [datetime(2026, 12, 7, 18, 29, 24, 5, tzinfo=lima), None]
    assert iso_times(postgres) == ["2026-12-07T23:29:24.000005+00:00", None]


@pytest.mark.parametrize(
    ("args", "writes_json"),
    [
        (("claims", "list", "--json"), True),
        (("export", "--format", "jsonl"), True),
        (("claims", "list"), False),
        (("export", "--format", "csv"), False),
    ],
)
def test_only_the_json_outputs_import_orjson(short_claims, args, writes_json):
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from claimtrack.cli import app\n"
        f"try:\n    app({list(args)!r})\nexcept SystemExit:\n    pass\n"
        "print('orjson' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert "said" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == str(writes_json)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--format", "xml"], "error: unknown export format 'xml' (choose from claimreview,"),
        (["--format", "jsonl", "--bom"], "error: --bom is for --format csv"),
        (["--format", "csv", "--status", "nope"], "error: unknown status 'nope'"),
    ],
)
def test_export_usage_errors_are_one_line(cli, options, message):
    result = cli("export", *options, ok=False)
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1


# --- streaming: memory does not grow with the number of claims ------------------------------


def _add_claims(first: int, count: int) -> None:
    """`count` more claims, 20 an article, a fifth of them rated false, in bulk."""
    from sqlalchemy import insert

    from claimtrack import db
    from claimtrack.models import Article, Claim, ExtractionRun, StatusChange

    line = "Officials said the bridge repairs will cost 40 million dollars this year."
    text, now = "\n".join([line] * 20), datetime.now(UTC)
    articles = range(first // 20 + 1, (first + count) // 20 + 1)
    claims = [
        {"id": i, "article_id": (i - 1) // 20 + 1, "extraction_run_id": (i - 1) // 20 + 1,
         "quote": line[19:-1], "quote_start": 19, "quote_end": len(line) - 1,
         "claim_text": f"Claim {i}: the bridge repairs will cost 40 million dollars.",
         "attribution": "indirect", "certainty": "asserted", "status": "false" if i % 5 else
         "unverified", "version": 1, "created_at": now, "updated_at": now}
        for i in range(first + 1, first + count + 1)
    ]  # fmt: skip
    with db.session(write=True) as s:
        conn = s.connection()
        conn.execute(insert(Article.__table__), [
            {"id": a, "title": f"Bridge {a}", "url": f"https://news.example/{a}", "text": text,
             "content_sha256": f"{a:064d}", "source_format": "txt", "ingested_at": now}
            for a in articles
        ])  # fmt: skip
        conn.execute(insert(ExtractionRun.__table__), [
            {"id": a, "article_id": a, "extractor": "rules", "started_at": now} for a in articles
        ])  # fmt: skip
        conn.execute(insert(Claim.__table__), claims)
        conn.execute(insert(StatusChange.__table__), [
            {"claim_id": c["id"], "from_value": "unverified", "to_value": "false",
             "note": "checked", "actor": "desk", "at": now} for c in claims if c["id"] % 5
        ])  # fmt: skip
        s.commit()


def _peak_bytes(*args: str) -> int:
    """Peak memory Python allocates while the command runs, its output going nowhere."""
    import os
    import tracemalloc
    from contextlib import redirect_stderr, redirect_stdout

    from claimtrack.cli import app

    with open(os.devnull, "w", encoding="utf-8") as sink, redirect_stdout(sink):
        with redirect_stderr(sink):
            tracemalloc.start()
            try:
                app(list(args), standalone_mode=False)
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()


@pytest.mark.parametrize(
    "args",
    [
        ("claims", "list", "--json"),
        ("export", "--format", "jsonl"),
        ("export", "--format", "csv"),
        ("export", "--format", "claimreview"),
    ],
)
def test_outputs_of_every_claim_are_written_as_they_are_read(args):
    _add_claims(0, 2000)
    _peak_bytes(*args)  # the first run imports and compiles what it needs
    small = _peak_bytes(*args)
    _add_claims(2000, 4000)
    large = _peak_bytes(*args)
    assert large < small * 1.5, f"6,000 claims took {large:,} bytes, 2,000 took {small:,}"
