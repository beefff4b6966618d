"""The article's text, lines and quotations, and spans kept to them.

`Layout` finds where the lines and quotations are and which lines are furniture (headings,
links, the outlet's notes); the span helpers clip a span to its line and trim spaces and
clause punctuation off it. Quote marks, dashes and token runs come from `claimtrack.text`,
which owns them for every step.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from claimtrack.domain import Span
from claimtrack.text import (
    EM_DASH,
    EN_DASH,
    LEFT_DOUBLE,
    RIGHT_DOUBLE,
    RIGHT_SINGLE,
    strip_span,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# What trimming takes off a span's edges (quote marks stay: they are content), and what ends a
# line that is a sentence rather than a heading or a link.
_TRAILING = " \t\r\n,;:.-" + EN_DASH + EM_DASH
_LEADING = " \t\r\n,;:-" + EN_DASH + EM_DASH
_TERMINAL = '.!?"' + RIGHT_DOUBLE + RIGHT_SINGLE + "')]:;"
_FURNITURE_MAX_WORDS = 12  # a short line without final punctuation is a link or a heading
_EDITORIAL_NOTE = re.compile(
    rf"\W*(?:editor['{RIGHT_SINGLE}]s note|correction|clarification)\b", re.IGNORECASE
)
# A curly opening mark is sometimes closed by a straight one ("“Immunity deals ... FBI,"").
_QUOTE_OPEN_CLOSE = re.compile(
    # a straight mark closes with a curly one only when no mark comes between (pasted copy:
    # "A,” she said); a curly pair inside straight marks is a quote within the quote
    rf"{LEFT_DOUBLE}[^{RIGHT_DOUBLE}\"\n]*(?:[{RIGHT_DOUBLE}\"]|$)"
    rf"|\"[^\"{LEFT_DOUBLE}{RIGHT_DOUBLE}\n]*{RIGHT_DOUBLE}|\"[^\"\n]*(?:\"|$)|''(?:(?!'').)*(?:''|$)",
    re.M,
)

_TEXT_KEY = "claimtrack.rules.text"


@contextmanager
def article_layout(doc: Doc, text: str | None) -> Iterator[Layout]:
    """The parsed article's layout, its text (`text`, or else `Doc.text`) computed once for
    `article_text` while the article's claims are found."""
    doc.user_data[_TEXT_KEY] = doc.text if text is None else text
    try:
        yield Layout(article_text(doc))
    finally:
        del doc.user_data[_TEXT_KEY]


def article_text(doc: Doc) -> str:
    """The parsed article's text. `Doc.text` joins every token anew on each access, which
    costs more than the rules themselves, so `claims_in` computes it once per article."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if text is not None else doc.text


class Layout:
    """Where the article's lines and quotations are, for span clipping and quote tests."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.quotes = [Span(m.start(), m.end()) for m in _QUOTE_OPEN_CLOSE.finditer(text)]
        self._quote_starts = [q.start for q in self.quotes]
        self.quote_ends = [q.end for q in self.quotes]
        self._furniture = self._find_furniture()
        # the tokens the learned scorer is confident head a cue (`learned`), if it is on
        self.confident_cues: frozenset[int] = frozenset()

    def line_of(self, offset: int) -> Span:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        end = self.text.find("\n", offset)
        return Span(self.line_starts[index], len(self.text) if end == -1 else end)

    def _find_furniture(self) -> set[int]:
        """The indexes of the lines that are furniture: short lines without final punctuation
        (never the title, the article's first claim however short) and the outlet's own notes
        ("Editor's note: ...", "Correction: ..."), hard-wrapped lines up to the blank line that
        ends them included."""
        found: set[int] = set()
        in_note = False
        ends = [start - 1 for start in self.line_starts[1:]] + [len(self.text)]
        for index, (start, end) in enumerate(zip(self.line_starts, ends, strict=True)):
            line = self.text[start:end].strip()
            in_note = bool(line) and (in_note or _EDITORIAL_NOTE.match(line) is not None)
            short = bool(line) and line[-1] not in _TERMINAL
            if in_note or (index > 0 and short and len(line.split()) < _FURNITURE_MAX_WORDS):
                found.add(index)
        return found

    def is_furniture(self, offset: int) -> bool:
        """A heading, link or footer line, or the outlet's own note (the title, the article's
        first line, is furniture only as such a note)."""
        return bisect.bisect_right(self.line_starts, offset) - 1 in self._furniture

    def quote_at(self, offset: int) -> Span | None:
        """The quotation strictly containing offset (its marks excluded), if any."""
        index = bisect.bisect_right(self._quote_starts, offset) - 1
        if index >= 0 and self.quotes[index].start < offset < self.quotes[index].end - 1:
            return self.quotes[index]
        return None

    def quotes_touching(self, span: Span) -> list[Span]:
        """Quotations overlapping span or opening right before it."""
        low = bisect.bisect_right(self._quote_starts, span.end + 1)
        found = []
        for quote in reversed(self.quotes[:low]):
            if quote.end < span.start - 2:
                break
            found.append(quote)
        return found[::-1]

    def quote_starting_after(self, offset: int, limit: int) -> Span | None:
        """The quotation opening first after offset, if it opens before limit."""
        index = bisect.bisect_left(self._quote_starts, offset)
        if index < len(self.quotes) and self.quotes[index].start < limit:
            return self.quotes[index]
        return None


def span_between(first: Token, last: Token, line: Span) -> Span | None:
    span = Span(first.left_edge.idx, last.right_edge.idx + len(last.right_edge))
    return trim(clip(span, line), article_text(first.doc))


def clause_around(tag: Span, whole: Span, text: str) -> Span | None:
    """The clause a speaker tag hangs on, without the tag where it ends or opens the clause;
    a tag inside it ("The port, as the mayor noted, is closed") leaves the whole clause."""
    if tag.end >= whole.end and tag.start > whole.start:
        return trim(Span(whole.start, tag.start), text)
    if tag.start <= whole.start and tag.end < whole.end:
        return trim(Span(tag.end, whole.end), text)
    return whole


def subtree_span(token: Token, line: Span) -> Span | None:
    span = Span(token.left_edge.idx, token.right_edge.idx + len(token.right_edge))
    return trim(clip(span, line), article_text(token.doc))


def clip(span: Span | None, line: Span) -> Span | None:
    """Keep a span within its line: a parse that crosses paragraphs is wrong."""
    if span is None:
        return None
    start, end = max(span.start, line.start), min(span.end, line.end)
    return Span(start, end) if start < end else None


def trim(span: Span | None, text: str) -> Span | None:
    """Without surrounding spaces and clause punctuation (quote marks stay: they are content)."""
    if span is None:
        return None
    start, end = strip_span(text, span, _LEADING, _TRAILING)
    return Span(start, end) if start < end else None


def contains(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def layout_text(token: Token) -> str:
    return article_text(token.doc)
