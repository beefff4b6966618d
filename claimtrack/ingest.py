"""Turn a file, a web page or stdin into clean article text plus metadata.

The cleaned text is what every stored offset points into, so cleaning happens once, here:
line endings normalised, page furniture (related-link lines, comment footers) removed.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from claimtrack.errors import UserError
from claimtrack.text import RIGHT_DOUBLE

MAX_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT = 20.0
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}

# A short line that only points elsewhere: "Read Bajwa wanted to ...", "Also read: ...".
_LINK_LINE = re.compile(
    r"^(?:read(?: more| also)?|also read|see also|related|recommended|watch|listen|"
    r"click here|advertisement|sponsored|share this(?: article)?|follow us)\b[:\s-]*",
    re.IGNORECASE,
)
# A line after which only reader comments, share buttons and site chrome follow.
_FOOTER = re.compile(
    r"^(?:comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|"
    r"join the conversation|related (?:articles|stories|posts)|more from .{1,40}|"
    r"you may also like|most read|trending)\s*:?$",
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

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def load(ref: str) -> Document:
    """Load one input: a path, an http(s) URL, or "-" for standard input."""
    if ref == "-":
        return _from_bytes(sys.stdin.buffer.read(), origin="-", kind="text", name="stdin")
    if urlparse(ref).scheme in ("http", "https"):
        return _from_url(ref)
    path = Path(ref)
    if not path.is_file():
        raise InputError(f"{ref}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{ref}: cannot read ({exc.strerror})") from exc
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(data) else "text"
    doc = _from_bytes(data, origin=ref, kind=kind, name=path.stem)
    doc.source_format = "md" if path.suffix.lower() in {".md", ".markdown"} else doc.source_format
    return doc


def _from_url(url: str) -> Document:
    import httpx

    try:
        with httpx.stream(
            "GET", url, timeout=FETCH_TIMEOUT, follow_redirects=True,
            headers={"User-Agent": "claimtrack (+newsroom fact-checking)"},
        ) as response:  # fmt: skip
            response.raise_for_status()
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > MAX_BYTES:
                    raise InputError(f"{url}: page is larger than {MAX_BYTES // 1024 // 1024} MB")
            ctype = response.headers.get("content-type", "")
    except httpx.HTTPStatusError as exc:
        raise InputError(f"{url}: HTTP {exc.response.status_code}") from exc
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from exc
    kind = "text" if ctype.startswith("text/plain") else "html"
    name = Path(urlparse(url).path).stem or urlparse(url).netloc
    doc = _from_bytes(bytes(data), origin=url, kind=kind, name=name)
    doc.url = doc.url or url
    return doc


def _from_bytes(data: bytes, *, origin: str, kind: str, name: str) -> Document:
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary data, not an article (expected text or HTML)")
    if kind == "html":
        doc = _from_html(data, origin=origin)
    else:
        text = decode(data)
        doc = Document(text=text, title=_title_from_name(name), source_format="txt", origin=origin)
    doc.text = clean(doc.text)
    if len(doc.text) < 20 or not re.search(r"\w", doc.text):
        raise InputError(f"{origin}: no article text found")
    return doc


def decode(data: bytes) -> str:
    """UTF-8 when it is valid (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _from_html(data: bytes, *, origin: str) -> Document:
    import trafilatura

    html = decode(data)
    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True, as_dict=False,
    )  # fmt: skip
    if result is None or not (result.text or "").strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    return Document(
        text=result.text,
        title=result.title or _title_from_name(Path(origin).stem),
        source_format="html",
        origin=origin,
        url=result.url,
        author=result.author,
        outlet=result.sitename,
        published_at=_parse_date(result.date),
    )


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
    for line in lines:
        if _FOOTER.match(line):
            break
        if _is_link_line(line):
            continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _is_link_line(line: str) -> bool:
    # A headline is short and does not end like a sentence; a real paragraph that happens to
    # start with "Read" ("Read the report and you will see ...") does.
    return (
        bool(_LINK_LINE.match(line))
        and len(line) <= 120
        and not line.rstrip().endswith((".", '"', RIGHT_DOUBLE, "?", "!"))
    )
