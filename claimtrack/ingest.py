"""Turn a file, a web page or stdin into clean article text plus metadata.

The cleaned text is what every stored offset points into, so cleaning happens once, here:
line endings normalised, page furniture (related-link lines, comment footers) removed.
"""

from __future__ import annotations

import codecs
import hashlib
import html as html_lib
import json
import re
import stat
import sys
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from claimtrack import markdown_text
from claimtrack.errors import UserError
from claimtrack.text import RIGHT_DOUBLE

MAX_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = 20.0  # seconds for the whole fetch of a page, not for each read
MIN_WORDS = 20  # fewer, and the input is warned of: a paywall, a page built by script?
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}

# A short line that only points elsewhere: "Read Bajwa wanted to ...", "Also read: ...".
_LINK_LINE = re.compile(
    r"^(?:read(?: more| also)?|also read|see also|related|recommended|watch|listen|"
    r"click here|advertisement|sponsored|share this(?: article)?|follow us)\b[:\s-]*",
    re.IGNORECASE,
)
# A line after which only reader comments, share buttons and site chrome follow.
_COMMENTS = re.compile(
    r"^(?:comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|"
    r"join the conversation)\s*:?$",
    re.IGNORECASE,
)
# The heading of a list of links to other stories; as often a subheading in the article
# ("More from the hearing"): it and the links under it go, a paragraph after it stays.
_LINK_LIST = re.compile(
    r"^(?:related (?:articles|stories|posts)|more from .{1,40}|you may also like|most read|"
    r"trending)\s*:?$",
    re.IGNORECASE,
)


class InputError(UserError):
    """An input that cannot become an article; the message is one line for the user."""


@dataclass
class Document:
    text: str
    title: str
    source_format: str
    origin: str  # what the user named: a path, a URL or "-"
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    warnings: list[str] = field(default_factory=list)  # one line each, for the user

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Metadata:
    """What the user says of an article (--title, --url, --date, --outlet): it overrides what
    the input says; None leaves the input's own."""

    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    outlet: str | None = None

    def apply(self, doc: Document) -> Document:
        for name in (f.name for f in fields(self)):
            if getattr(self, name) is not None:
                setattr(doc, name, getattr(self, name))
        if doc.published_at is not None and doc.published_at.tzinfo is None:
            doc.published_at = doc.published_at.replace(tzinfo=UTC)
        return doc


def load(ref: str, metadata: Metadata | None = None) -> Document:
    """Load one input (a path, an http(s) URL, or "-" for standard input), with `metadata`."""
    return (metadata or Metadata()).apply(_load(ref))


def _load(ref: str) -> Document:
    if ref == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        _check_size(len(data), origin="-")
        return _from_bytes(data, origin="-", kind="text", name="stdin")
    if urlparse(ref).scheme in ("http", "https"):
        return _from_url(ref)
    path = Path(ref)
    data = _read_file(path, ref)
    return _from_bytes(data, origin=ref, kind=_kind_of(path, data), name=path.stem)


def _kind_of(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or _looks_like_html(decode(data[:1024])):
        return "html"
    return "md" if suffix in MARKDOWN_SUFFIXES else "text"


def _read_file(path: Path, ref: str) -> bytes:
    """A regular file's bytes; anything else (a directory, a FIFO, a device) is named as such."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"{ref}: no such file") from None
    except OSError as exc:
        raise InputError(f"{ref}: cannot read ({exc.strerror})") from exc
    if not stat.S_ISREG(mode):
        raise InputError(f"{ref}: {_not_a_file(mode)}, not a file")
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # not the size stat() gave: the file may be growing
    except OSError as exc:
        raise InputError(f"{ref}: cannot read ({exc.strerror})") from exc
    _check_size(len(data), origin=ref)
    return data


def _not_a_file(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "is a directory"),
        (stat.S_ISFIFO, "is a FIFO (named pipe)"),
        (stat.S_ISCHR, "is a device"),
        (stat.S_ISBLK, "is a device"),
        (stat.S_ISSOCK, "is a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "is not a regular file")


def _check_size(size: int, *, origin: str) -> None:
    if size > MAX_BYTES:
        raise InputError(f"{origin}: larger than {MAX_BYTES // 1024 // 1024} MB, not an article")


def _from_url(url: str) -> Document:
    data, ctype = _fetch(url)
    kinds = {"text/plain": "text", "text/markdown": "md", "text/x-markdown": "md"}
    kind = kinds.get(ctype.split(";")[0].strip().lower(), "html")
    name = Path(urlparse(url).path).stem or urlparse(url).netloc
    doc = _from_bytes(data, origin=url, kind=kind, name=name)
    doc.url = doc.url or url
    return doc


def _fetch(url: str) -> tuple[bytes, str]:
    """The page's bytes and content type, all within FETCH_TIMEOUT: a server that trickles
    a byte at a time cannot hold the command, as it would under a limit per read."""
    import asyncio

    import httpx

    try:
        return asyncio.run(asyncio.wait_for(_afetch(url), FETCH_TIMEOUT))
    except TimeoutError:
        raise InputError(f"{url}: no complete answer within {FETCH_TIMEOUT:g} s") from None
    except httpx.HTTPStatusError as exc:
        raise InputError(f"{url}: HTTP {exc.response.status_code}") from exc
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from exc


async def _afetch(url: str) -> tuple[bytes, str]:
    import httpx

    headers = {"User-Agent": "claimtrack (+newsroom fact-checking)"}
    async with (
        httpx.AsyncClient(timeout=FETCH_TIMEOUT, follow_redirects=True, headers=headers) as client,
        client.stream("GET", url) as response,
    ):
        response.raise_for_status()
        data = bytearray()
        async for chunk in response.aiter_bytes():
            data += chunk
            if len(data) > MAX_BYTES:
                raise InputError(f"{url}: page is larger than {MAX_BYTES // 1024 // 1024} MB")
        return bytes(data), response.headers.get("content-type", "")


def _from_bytes(data: bytes, *, origin: str, kind: str, name: str) -> Document:
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    text = decode(data)
    if "\x00" in text:  # anywhere: no database stores it, and no article has one
        raise InputError(f"{origin}: binary data, not an article (expected text or HTML)")
    if kind == "html":
        doc = _from_html(text, origin=origin)
    elif kind == "md":
        doc = _from_markdown(text, origin=origin, name=name)
    else:
        doc = Document(text=text, title=_title_from_name(name), source_format="txt", origin=origin)
    doc.text = clean(doc.text)
    if len(doc.text) < 20 or not re.search(r"\w", doc.text):
        raise InputError(f"{origin}: no article text found")
    words = len(re.findall(r"\w+", doc.text))
    if words < MIN_WORDS:
        doc.warnings.append(
            f"{origin}: only {words} words of article text; is the whole article there?"
        )
    return doc


# Byte-order marks, UTF-32's before UTF-16's: FF FE 00 00 also begins with UTF-16's FF FE.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """UTF-16 or UTF-32 with a BOM; UTF-8 when it is valid (with or without BOM), else
    Windows-1252, else Latin-1."""
    marked = [encoding for bom, encoding in _BOMS if data.startswith(bom)][:1]
    for encoding in (*marked, "utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _from_html(html: str, *, origin: str) -> Document:
    import trafilatura

    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True, as_dict=False,
    )  # fmt: skip
    text = _longer_body(getattr(result, "text", None) or "", html)
    if not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    # trafilatura gives no result for a page without main text; its metadata is still there.
    meta = partial(getattr, result or trafilatura.extract_metadata(html))
    return Document(
        text=text,
        title=meta("title", None) or _title_from_name(Path(origin).stem),
        source_format="html",
        origin=origin,
        url=meta("url", None),
        author=meta("author", None),
        outlet=meta("sitename", None),
        published_at=_parse_date(meta("date", None)),
    )


def _from_markdown(source: str, *, origin: str, name: str) -> Document:
    rendered = markdown_text.render(source)
    title = rendered.title or _title_from_name(name)
    return Document(text=rendered.text, title=title, source_format="md", origin=origin)


_LD_JSON = re.compile(
    r"<script[^>]*application/ld\+json[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_BLOCK_TAG = re.compile(r"<(?:/p|br\s*/?|/div|/h\d|/li)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _longer_body(extracted: str, html: str) -> str:
    """The page's JSON-LD `articleBody` when the main text found in its HTML is far shorter
    (under half): some pages render the story by script and leave only a caption in the HTML."""
    bodies = [_as_text(body) for body in _ld_article_bodies(html)]
    longest = max(bodies, key=len, default="")
    return longest if len(longest) > 2 * len(extracted.strip()) else extracted


def _ld_article_bodies(html: str) -> list[str]:
    found: list[str] = []
    for match in _LD_JSON.finditer(html):
        try:
            data = json.loads(match.group(1), strict=False)
        except ValueError:
            continue  # a page's broken JSON-LD is its own affair
        _collect_bodies(data, found)
    return found


def _collect_bodies(data: object, found: list[str]) -> None:
    if isinstance(data, list):
        for item in data:
            _collect_bodies(item, found)
    elif isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str):
            found.append(body)
        _collect_bodies(data.get("@graph"), found)


def _as_text(body: str) -> str:
    """articleBody is meant to be plain text; some sites put paragraphs of HTML in it."""
    text = _TAG.sub("", _BLOCK_TAG.sub("\n", body))
    return html_lib.unescape(text).strip()


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def _title_from_name(name: str) -> str:
    words = re.sub(r"[-_]+", " ", name).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def clean(text: str) -> str:
    """Normalise line endings and drop page furniture; paragraphs stay one per line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    listing = False  # under a "Trending" heading: its headlines go, up to the next paragraph
    for i, line in enumerate(lines):
        if _COMMENTS.match(line):
            break
        if _LINK_LIST.match(line) and _heads_link_list(lines[i + 1 :]):
            listing = True
            continue
        listing = listing and (not line or _is_headline(line))
        if (listing and line) or _is_link_line(line):
            continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _heads_link_list(rest: list[str]) -> bool:
    """A "Trending" or "More from ..." line heads links (or nothing), not a paragraph."""
    following = next((later for later in rest if later), "")
    return not following or _is_headline(following)


def _is_headline(line: str) -> bool:
    return len(line) <= 120 and not line.rstrip().endswith(_SENTENCE_ENDS)


_SENTENCE_ENDS = (".", '"', RIGHT_DOUBLE, "?", "!")


def _is_link_line(line: str) -> bool:
    # A headline is short and does not end like a sentence; a real paragraph that happens to
    # start with "Read" ("Read the report and you will see ...") does.
    return bool(_LINK_LINE.match(line)) and _is_headline(line)
