"""Inputs as newsrooms have them: text in old encodings, saved pages, URLs, stdin; bad ones."""

from __future__ import annotations

import codecs
import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest

from claimtrack.ingest import MAX_BYTES, InputError, clean, load

STORY = (
    "The city council approved the new transit budget on Monday, the mayor's office said.\n"
    "Council member Ana Ruiz said the plan would add 40 buses by 2027.\n"
)

PAGE = """<!DOCTYPE html>
<html><head><title>Council backs transit budget | Riverside Courier</title>
<meta name="author" content="Lena Ortiz">
<meta property="og:site_name" content="Riverside Courier">
<meta property="article:published_time" content="2026-03-02T09:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Council backs transit budget</h1>
<p>The city council approved the new transit budget on Monday, the mayor's office said.</p>
<p>Council member Ana Ruiz said the plan would add 40 buses by 2027, and that fares would stay
frozen for two years.</p>
<p>Read more: Why the bus depot moved</p>
<p>Opposition leader Tom Hale said the figures did not add up and called for an audit.</p>
</article>
<section class="comments"><h2>Comments</h2><p>Great news!!! Visit my shop</p></section>
<footer>Copyright Riverside Courier. Subscribe now.</footer>
</body></html>
"""


def test_cp1252_text_file_is_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(
        "The minister\u2019s \u201cplan\u201d costs \u20ac5m, officials said.".encode("cp1252")
    )
    assert (
        load(str(path)).text
        == "The minister\u2019s \u201cplan\u201d costs \u20ac5m, officials said."
    )


def test_latin1_text_file_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Le maire a d\u00e9clar\u00e9 que le budget \u00e9tait \u00e9quilibr\u00e9.\x81".encode(
            "latin-1"
        )
    )
    assert load(str(path)).text.startswith("Le maire a d\u00e9clar\u00e9")


def test_html_page_gives_text_and_metadata_without_furniture(tmp_path):
    path = tmp_path / "council.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = load(str(path))
    assert doc.source_format == "html"
    assert "Council backs transit budget" in doc.title
    assert doc.author == "Lena Ortiz"
    assert doc.published_at is not None and doc.published_at.year == 2026
    assert "Ana Ruiz said the plan would add 40 buses" in doc.text
    assert "Tom Hale said" in doc.text
    for furniture in ("Politics", "Visit my shop", "Read more", "Subscribe now"):
        assert furniture not in doc.text


@pytest.mark.parametrize(
    ("raw", "kept", "dropped"),
    [
        ("A said B.\nRead Why the depot moved\nC said D.", "C said D.", "Read Why"),
        ("A said B.\nAlso read: Budget explained\nC said D.", "C said D.", "Also read"),
        ("A said B.\nCOMMENTS\nNice article!", "A said B.", "Nice article"),
        ("A said B.\n12 Comments\nFirst!", "A said B.", "First!"),
        ("Read the report and you will see, he said.\nEnd.", "Read the report", "\n\n"),
    ],
)
def test_clean_drops_page_furniture_only(raw, kept, dropped):
    cleaned = clean(raw)
    assert kept in cleaned
    assert dropped not in cleaned


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty input"),
        (b"   \n\n", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ],
)
def test_bad_files_are_refused(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load(str(path))


def test_missing_file_is_refused():
    with pytest.raises(InputError, match="no such file"):
        load("does/not/exist.txt")


@pytest.mark.parametrize(
    "make",
    [
        lambda d: d / "missing.txt",
        lambda d: _write(d / "empty.txt", b""),
        lambda d: _write(d / "image.txt", b"\x00\x01\x02binary"),
    ],
)
def test_a_bad_input_stops_extract_before_anything_is_stored(tmp_path, cli, cli_json, make):
    good = _write(tmp_path / "good.txt", STORY.encode())
    bad = make(tmp_path)
    result = cli("extract", good, bad, ok=False)
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and str(bad.name) in error_lines[0]
    assert cli_json("articles", "list") == []


def test_stdin_is_an_input(cli, cli_json):
    result = cli("extract", "-", input=STORY)
    assert "-: article 1" in result.output
    assert any("Ana Ruiz" in c["source"] for c in cli_json("claims", "list"))


class _Pages(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    _Pages.routes = {
        "/council.html": (200, "text/html; charset=utf-8", PAGE.encode()),
        "/huge.html": (200, "text/html", b"<p>" + b"x" * (MAX_BYTES + 10) + b"</p>"),
        "/budget.md": (200, "text/markdown; charset=utf-8", MARKDOWN.encode()),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_and_recorded(site, cli, cli_json):
    cli("extract", f"{site}/council.html")
    [article] = cli_json("articles", "list")
    assert article["url"] == f"{site}/council.html"
    assert any("Tom Hale" in c["source"] for c in cli_json("claims", "list"))


@pytest.mark.parametrize(
    ("path", "message"), [("/gone.html", "HTTP 404"), ("/huge.html", "larger than")]
)
def test_bad_urls_are_one_line_errors(site, cli, cli_json, path, message):
    result = cli("extract", f"{site}{path}", ok=False)
    assert result.exit_code == 1
    assert message in result.output
    assert cli_json("articles", "list") == []


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# Inputs that are not articles, or not only: each refused in one line, or read whole.


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "folder").mkdir() or d / "folder", "is a directory"),
        (lambda d: os.mkfifo(d / "pipe") or d / "pipe", "is a FIFO"),
        (lambda d: Path(os.devnull), "is a device"),
    ],
)
def test_what_is_not_a_file_is_named(tmp_path, make, message):
    with pytest.raises(InputError, match=message):
        load(str(make(tmp_path)))


def test_a_local_file_over_the_size_cap_is_refused(tmp_path, monkeypatch, cli, cli_json):
    monkeypatch.setattr("claimtrack.ingest.MAX_BYTES", len(STORY) - 1)
    result = cli("extract", _write(tmp_path / "big.txt", STORY.encode()), ok=False)
    assert result.exit_code == 1 and "big.txt: larger than" in result.output
    assert "Traceback" not in result.output
    assert cli("extract", "-", input=STORY, ok=False).exit_code == 1
    assert cli_json("articles", "list") == []


def test_a_nul_byte_past_the_first_8_kb_is_refused(tmp_path, cli, cli_json):
    data = (STORY * 200).encode() + b"\x00" + STORY.encode()
    assert len(data) > 8192
    result = cli("extract", _write(tmp_path / "nul.txt", data), ok=False)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line] == [
        f"error: {tmp_path / 'nul.txt'}: binary data, not an article (expected text or HTML)"
    ]
    assert cli_json("articles", "list") == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("name", ["story.txt", "story.html"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path, encoding, name):
    content = PAGE if name.endswith(".html") else STORY
    bom = {"utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")  # the others write their own
    doc = load(str(_write(tmp_path / name, bom + content.encode(encoding))))
    assert "Ana Ruiz said the plan would add 40 buses" in doc.text
    assert "\x00" not in doc.text


@pytest.mark.parametrize(
    ("raw", "kept", "dropped"),
    [
        ("A said B.\n\nMore from the hearing\n\nC said D at length.", "C said D", None),
        ("A said B.\nTrending\nC said D at length.", "Trending\nC said D", None),
        ("A said B.\nRelated stories\nDepot moves\nBus fares frozen\n", "A said B.", "Depot"),
        ("A said B.\nMost read\nDepot moves\n\nC said D at length.", "C said D", "Depot"),
    ],
)
def test_a_subheading_like_furniture_keeps_what_follows(raw, kept, dropped):
    cleaned = clean(raw)
    assert "A said B." in cleaned and kept in cleaned
    assert dropped is None or dropped not in cleaned


def test_an_input_with_almost_no_text_is_stored_with_a_warning(tmp_path, cli, cli_json):
    path = _write(tmp_path / "stub.txt", b"Subscribe to read the whole story, the editor said.")
    result = cli("extract", path)
    assert f"warning: {path}: only 9 words of article text" in result.output
    assert "warning" not in cli("extract", "-", input=STORY * 2).output
    assert len(cli_json("articles", "list")) == 2


def test_metadata_options_set_any_inputs_metadata(site, cli, cli_json):
    options = ("--title", "Budget vote", "--url", "https://example.org/budget")
    cli("extract", "-", *options, "--date", "2026-03-02", "--outlet", "Courier", input=STORY)
    cli("extract", f"{site}/council.html", "--outlet", "Riverside Daily", "--date", "2025-01-31")
    first, second = (cli_json("articles", "show", str(n)) for n in (1, 2))
    assert (first["title"], first["url"], first["outlet"]) == (*options[1::2], "Courier")
    assert first["published_at"].startswith("2026-03-02")
    assert second["outlet"] == "Riverside Daily" and second["published_at"].startswith("2025-01-31")
    assert second["title"].startswith("Council backs transit budget")


def test_a_title_for_many_inputs_is_refused(tmp_path, cli, cli_json):
    paths = [_write(tmp_path / f"{n}.txt", STORY.encode() * n) for n in (1, 2)]
    result = cli("extract", *paths, "--title", "One", ok=False)
    assert result.exit_code == 1 and "2 inputs" in result.output
    assert cli_json("articles", "list") == []


class _Trickle(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(10):  # a byte each 0.5 s: every read is quick, the whole is not
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, *args):
        pass


def test_a_url_that_trickles_is_stopped_at_the_total_limit(monkeypatch):
    monkeypatch.setattr("claimtrack.ingest.FETCH_TIMEOUT", 1.0)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match="no complete answer within 1 s"):
            load(f"http://127.0.0.1:{server.server_port}/slow.txt")
    finally:
        server.shutdown()
        server.server_close()
    assert time.monotonic() - started < 1.8


SPEAKERS = ("Ana Ruiz", "Tom Hale", "Lena Ortiz", "Omar Haddad", "Mei Lin", "Sara Kovac")


def _long_story() -> str:
    return "\n\n".join(
        f"Council member {name} said the plan would add {n * 10 + 5} buses by {2027 + n}.\n"
        f"The depot on Route {n} will open in spring, {name.split()[0]}'s office said."
        for n, name in enumerate(SPEAKERS)
    )


def test_an_article_over_spacys_limit_is_parsed_in_parts(tmp_path, monkeypatch, cli, cli_json):
    from claimtrack.extract import extract_claims
    from claimtrack.nlp import pipeline

    story = _long_story()
    whole = {(c.content.start, c.content.end) for c in extract_claims(story).claims}
    monkeypatch.setattr(pipeline(), "max_length", 200)  # spaCy's million, for a fast test
    assert len(story) > 3 * 200
    cli("extract", _write(tmp_path / "long.txt", story.encode()))
    text = cli_json("articles", "show", "1")["text"]
    claims = cli_json("claims", "list")
    assert {(c["start"], c["end"]) for c in claims} == whole
    assert {c["source"] for c in claims} >= set(SPEAKERS)  # the last part's speaker too
    for c in claims:
        assert text[c["start"] : c["end"]] == c["quote"]
        assert text[c["source_start"] : c["source_end"]] == c["source_mention"]


def test_an_article_that_cannot_be_parsed_in_parts_fails_alone(
    tmp_path, monkeypatch, cli, cli_json
):
    from claimtrack.nlp import pipeline

    monkeypatch.setattr(pipeline(), "max_length", 300)
    unbroken = _write(tmp_path / "unbroken.txt", ("word " * 100).encode())
    result = cli("extract", unbroken, _write(tmp_path / "good.txt", STORY.encode()), ok=False)
    assert result.exit_code == 1
    assert "1 stored" in result.output and "1 failed" in result.output
    assert f"error: {unbroken}: over 300 characters without a line break" in result.output
    assert "Traceback" not in result.output
    assert [a["title"] for a in cli_json("articles", "list")] == ["Good"]


def test_a_page_over_spacys_limit_is_parsed_in_parts(site, monkeypatch, cli, cli_json):
    from claimtrack.nlp import pipeline

    monkeypatch.setitem(_Pages.routes, "/long.txt", (200, "text/plain", _long_story().encode()))
    monkeypatch.setattr(pipeline(), "max_length", 200)
    cli("extract", f"{site}/long.txt")
    assert {c["source"] for c in cli_json("claims", "list")} >= set(SPEAKERS)


MARKDOWN = """# Council backs transit budget

The city council approved the **new transit budget** on Monday, the
[mayor's office](https://example.org/mayor) said.

## Reactions

* Council member Ana Ruiz said the plan would add `40` buses by 2027.

![Ana Ruiz at the council meeting](ruiz.jpg)

Opposition leader Tom Hale said the figures did not add up<br>and called for an audit.
"""


def test_markdown_is_read_as_the_text_a_reader_sees(tmp_path):
    doc = load(str(_write(tmp_path / "budget-story.md", MARKDOWN.encode())))
    assert doc.title == "Council backs transit budget"
    assert doc.source_format == "md"
    assert doc.text.startswith("The city council approved the new transit budget on Monday, the")
    assert "mayor's office said." in doc.text
    assert "Reactions\n" in doc.text  # a subheading stays, as in the article
    assert "would add 40 buses by 2027." in doc.text
    assert "Ana Ruiz at the council meeting" in doc.text  # an image's alt text, as its caption
    for markup in ("**", "](", "https://example.org", "# ", "* ", "`", "<br>", "ruiz.jpg"):
        assert markup not in doc.text


def test_markdown_quotes_carry_no_markup(tmp_path, cli, cli_json):
    cli("extract", _write(tmp_path / "budget.md", MARKDOWN.encode()))
    claims = cli_json("claims", "list")
    assert claims and all("**" not in c["quote"] and "](" not in c["quote"] for c in claims)
    assert cli_json("articles", "show", "1")["title"] == "Council backs transit budget"


def test_a_markdown_url_is_read_as_markdown(site):
    doc = load(f"{site}/budget.md")
    assert doc.title == "Council backs transit budget" and doc.source_format == "md"
    assert "**" not in doc.text and "new transit budget" in doc.text


def _scripted_page(article_body: str) -> str:
    ld = json.dumps(
        {"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "name": "Transit"},
            {"@type": "NewsArticle", "headline": "Council backs transit budget",
             "articleBody": article_body},
        ]}
    )  # fmt: skip
    return f"""<!DOCTYPE html><html><head><title>Council backs transit budget</title>
<script type="application/ld+json">{ld}</script></head><body>
<article><figure><img src="bus.jpg"><figcaption>A bus at the new depot on Monday.
Photo: Riverside Courier</figcaption></figure><div id="root"></div></article>
</body></html>"""


def test_a_page_whose_story_is_only_in_its_json_ld_uses_the_article_body(tmp_path):
    body = "<p>" + "</p><p>".join(STORY.strip().split("\n") * 3) + "</p>"
    doc = load(str(_write(tmp_path / "scripted.html", _scripted_page(body).encode())))
    assert "Council member Ana Ruiz said the plan would add 40 buses by 2027." in doc.text
    assert "<p>" not in doc.text and doc.text.count("\n") >= 5  # its paragraphs kept apart
    assert doc.title == "Council backs transit budget"


def test_a_short_json_ld_body_does_not_replace_the_main_text(tmp_path):
    page = PAGE.replace("</head>", _LD_SUMMARY + "</head>")
    doc = load(str(_write(tmp_path / "page.html", page.encode())))
    assert "Opposition leader Tom Hale said" in doc.text
    assert "A summary." not in doc.text


_LD_SUMMARY = (
    '<script type="application/ld+json">'
    '{"@type": "NewsArticle", "articleBody": "A summary."}</script>'
)
