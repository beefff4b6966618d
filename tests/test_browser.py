"""HTML reports in a real browser: hostile input runs no script and shows as text; pages paint.

Uses Debian's `chromium` headless (`.ci/run` installs it). Nothing is fetched: reports are
opened from file://, and the browser is told not to reach any of its own services.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from claimtrack.domain import SourceType
from tests.test_reports import store_article

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)",
)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip

# Each payload would put MARKER into the page if any of it ran as script. The marker is only
# ever built at run time ('PW' + 'NED'), so the literal text of a payload never contains it.
MARKER = "PWNED"
RUN = "document.title='PW'+'NED';document.documentElement.append('PW'+'NED')"
PAYLOADS = {
    "script": f"<script>{RUN}</script>",
    "img": f'<img src=x onerror="{RUN}">',
    "style": f'</style><svg onload="{RUN}"></svg>',
    "textarea": f'</textarea></title><iframe srcdoc="<script>{RUN}</script>"></iframe>',
}
OPEN_TONE = bytes.fromhex("fff3bf")  # background of an open claim's highlight (report.css)


def run_chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / f"chromium-{len(list(tmp_path.glob('chromium-*')))}"
    env = {**os.environ, "HOME": str(profile)}  # crash reports and caches stay in tmp
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dump_dom(tmp_path: Path, page: Path) -> str:
    """The DOM after the page loaded and every script that could run has run."""
    return run_chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", page.as_uri())


@pytest.fixture
def hostile_report(cli, tmp_path, old_evidence, publisher) -> Path:
    """An HTML report where the article, source, title, note and evidence all carry payloads."""
    quote = f"the {PAYLOADS['img']} budget was balanced"
    text = (
        f"The council {PAYLOADS['script']} met on Monday.\n"
        f"Mayor Jo Park said {quote}.\n"
        f"Critics said the {PAYLOADS['style']} figures were wrong.\n"
    )
    store_article(
        text,
        [
            (quote, "Mayor Jo Park", SourceType.named_person, "said", 0.9),
            (f"the {PAYLOADS['style']} figures were wrong", f"Critics {PAYLOADS['script']}",
             SourceType.anonymous, "said", 0.9),
        ],
        title=f"Budget {PAYLOADS['textarea']}",
        url=f"javascript:{RUN}",
    )  # fmt: skip
    cli("review", "1", "false", "--note", PAYLOADS["img"])
    # Evidence claimtrack now refuses, as a database from before the check may hold it.
    old_evidence(1, f"javascript:{RUN}")
    old_evidence(2, f"java\tscript:{RUN}", note=PAYLOADS["style"])
    page = tmp_path / "hostile.html"
    cli("report", "1", "--format", "html", "-o", page)
    return page


def test_the_detector_sees_a_script_that_runs(tmp_path):
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><title>control</title><p>{PAYLOADS['script']}</p>")
    assert MARKER in dump_dom(tmp_path, page)


@pytest.mark.parametrize("csp", ["kept", "removed"])
def test_hostile_report_runs_no_script_and_shows_the_text(hostile_report, tmp_path, csp):
    page = hostile_report
    if csp == "removed":  # the escaping alone must hold, without the page's script ban
        html = page.read_text(encoding="utf-8")
        page = tmp_path / "no-csp.html"
        page.write_text(re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", html))
        assert "Content-Security-Policy" not in page.read_text(encoding="utf-8")
    dom = dump_dom(tmp_path, page)
    assert MARKER not in dom
    assert "<title>Fact-check report: Budget &lt;/textarea&gt;&lt;/title&gt;" in dom
    for payload in PAYLOADS.values():  # serialised text nodes: < and > escaped, quotes kept
        assert payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in dom
    assert re.findall(r"<(?:img|iframe)\b", dom) == []
    svgs = re.findall(r"<svg\b[^>]*>", dom)  # the report's own summary bar, and no other
    assert len(svgs) == 1 and svgs[0].startswith('<svg class="summary-bar"')
    assert re.findall(r"<script\b[^>]*>", dom) == ['<script type="application/ld+json">']
    assert re.findall(r'href="(?!#|https?:)[^"]*"', dom) == []  # javascript: stays text
    assert f"Evidence (context): javascript:{RUN}" in dom
    assert dom.count("</style>") == 1


def png_pixels(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the set of distinct RGB colours of an 8-bit RGB(A) PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            idat.append(body)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    previous, colours = bytearray(stride), set()
    for y in range(height):
        start = y * (stride + 1)
        line = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, bpp)
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, bpp))
        previous = line
    return width, height, colours


def _unfilter(kind: int, line: bytearray, prev: bytearray, bpp: int) -> bytearray:
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up, up_left = prev[i], prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + up) & 255
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 255
        elif kind == 4:
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            line[i] = (
                line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)
            ) & 255
    return line


def test_png_reader_tells_a_blank_page_from_a_painted_one(tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>blank</title>")
    shot = tmp_path / "blank.png"
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=400,300", blank.as_uri())
    assert png_pixels(shot.read_bytes()) == (400, 300, {b"\xff\xff\xff"})


def test_seed_report_screenshot_is_not_blank(seeded, cli, tmp_path):
    page, shot = tmp_path / "seed.html", tmp_path / "seed.png"
    cli("report", "1", "--format", "html", "-o", page)
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=800,1000", page.as_uri())
    width, height, colours = png_pixels(shot.read_bytes())
    assert (width, height) == (800, 1000)
    assert len(colours) > 100  # text, anti-aliasing, highlights: a painted page
    assert OPEN_TONE in colours  # the claims are highlighted


def test_desk_charts_are_drawn_with_no_script(tmp_path, cli):
    store_article(
        "Mayor Jo Park said taxes fell. Critics said <script>alert(1)</script> taxes rose.\n",
        [
            ("taxes fell", "Mayor Jo Park", SourceType.named_person, "said", 0.9),
            ("taxes rose", "<script>alert(1)</script>", SourceType.anonymous, "said", 0.9),
        ],
        outlet="<b>Courier</b>",
    )  # fmt: skip
    cli("review", "1", "false", "--note", "they rose")
    page, shot = tmp_path / "desk.html", tmp_path / "desk.png"
    cli("report", "--all", "--format", "html", "-o", page)
    dom = dump_dom(tmp_path, page)
    assert re.findall(r"<script\b[^>]*>", dom) == []  # no newsroom set: no JSON-LD either
    charts = re.findall(r'<svg role="img"[^>]*>.*?</svg>', dom, re.S)
    assert len(charts) == 5
    assert all("<title" in c and "<desc" in c for c in charts)
    assert "&lt;b&gt;Courier&lt;/b&gt;" in dom and "&lt;script&gt;alert(1)" in dom
    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=800,1000", page.as_uri())
    _, _, colours = png_pixels(shot.read_bytes())
    assert len(colours) > 100 and bytes.fromhex("ffc9c9") in colours  # the False bar
