"""The characters and spans every step shares: quote marks, dashes, folding, trimming, token runs.

One owner: no other module spells a curly quote or a dash (tests/test_house.py fails when one
does). Extractors, grounding, refinement and the store name the sets below, so "a quote mark"
means the same thing to all of them, and where two steps mean different sets the names say how.

Token helpers take spaCy tokens but import nothing from spaCy: a walk over a parse already made.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimtrack.domain import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# --- quote marks -----------------------------------------------------------------------------

LEFT_DOUBLE, RIGHT_DOUBLE = "\u201c", "\u201d"  # “ ”
LEFT_SINGLE, RIGHT_SINGLE = "\u2018", "\u2019"  # ‘ ’ (the right one is also the apostrophe)
LOW_DOUBLE = "\u201e"  # „ (opens a quotation in German and Polish)
LEFT_GUILLEMET, RIGHT_GUILLEMET = "\u00ab", "\u00bb"  # « »

DOUBLE_QUOTES = '"' + LEFT_DOUBLE + RIGHT_DOUBLE
OPENING_QUOTES = '"' + LEFT_DOUBLE + LEFT_SINGLE + "'"
CLOSING_QUOTES = '"' + RIGHT_DOUBLE + RIGHT_SINGLE + "'"
# Every mark that can open or close a quotation, as the rules look for them.
QUOTE_MARKS = DOUBLE_QUOTES + LEFT_GUILLEMET + RIGHT_GUILLEMET + LOW_DOUBLE
QUOTE_MARKS += "'" + LEFT_SINGLE + RIGHT_SINGLE + "`"
# Opening quote marks and the marks that close them; '' is doubled apostrophes.
PAIRED_MARKS = {LEFT_DOUBLE: RIGHT_DOUBLE, LEFT_SINGLE: RIGHT_SINGLE, '"': '"', "''": "''"}

# --- dashes and other punctuation --------------------------------------------------------------

EN_DASH, EM_DASH, HORIZONTAL_BAR = "\u2013", "\u2014", "\u2015"
DASHES = ("--", EN_DASH, EM_DASH, HORIZONTAL_BAR)  # a dateline's, a subhead's, a signature's
ELLIPSIS = "\u2026"

# --- the writer's words around a quotation ---------------------------------------------------

# What follows a reported clause and is the writer's, not the speaker's.
WRITERS_TURN = re.compile(
    rf"\s*(?:;|--|{EM_DASH})"  # a semicolon or a dash
    rf"|\s+{EN_DASH}\s"  # a spaced en dash (not a range: 2019-2020)
    r"|,\s+(?:who|which|where|whose|although|though|while|because|as(?!\s+well\s+as)"
    r"|(?!(?:includ|dur|regard|follow|concern|accord|exclud)ing\b)\w+ing)\b"  # a participle
)


def is_quotation(text: str, span: Span) -> bool:
    return span.start < span.end and text[span.start] in OPENING_QUOTES


def in_same_tag(text: str, cue: Span | None, other: Span | None, content: Span) -> bool:
    """Whether cue shares the speaker tag of a quotation (content, cued by other) that runs
    through its tag ("“A,” she said, stressing that B"): one stretch of the writer's words,
    with no quote mark between the two cues."""
    if cue is None or other is None or content.start >= other.start:
        return False
    if not is_quotation(text, content):
        return False
    low, high = min(cue.start, other.start), max(cue.end, other.end)
    return not any(ch in DOUBLE_QUOTES for ch in text[low:high])


# --- folding: what matching forgives -----------------------------------------------------------

_FOLD = str.maketrans(
    {
        LEFT_SINGLE: "'", RIGHT_SINGLE: "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "`": "'",
        LEFT_DOUBLE: '"', RIGHT_DOUBLE: '"', LOW_DOUBLE: '"', "\u201f": '"', "\u2033": '"',
        LEFT_GUILLEMET: '"', RIGHT_GUILLEMET: '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", EN_DASH: "-", EM_DASH: "-",
        HORIZONTAL_BAR: "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": " ",
    }
)  # fmt: skip


def fold_marks(text: str) -> str:
    """Curly quotes, guillemets and primes as straight quotes, dash variants as '-', odd spaces
    as plain ones; one character for one, so offsets still match."""
    return text.translate(_FOLD)


def fold(text: str) -> str:
    """`fold_marks` with runs of whitespace as one space and the ends stripped."""
    return " ".join(fold_marks(text).split())


# --- trimming spans ----------------------------------------------------------------------------


def strip_span(
    text: str, span: Span, leading: str | None = None, trailing: str | None = None
) -> Span:
    """The span without the given characters at its edges (whitespace when none are given).

    The result may be empty (start == end); callers decide what an empty span means.
    """
    start, end = span
    if leading is None:
        while start < end and text[start].isspace():
            start += 1
    else:
        while start < end and text[start] in leading:
            start += 1
    if trailing is None:
        while end > start and text[end - 1].isspace():
            end -= 1
    else:
        while end > start and text[end - 1] in trailing:
            end -= 1
    return Span(start, end)


# --- token runs and sentence bounds ------------------------------------------------------------


def tokens_in(doc: Doc, span: Span) -> list[Token]:
    """The tokens a character span touches (partly covered ones included)."""
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    return list(piece) if piece is not None else []


def tokens_span(tokens: list[Token]) -> Span:
    """The characters from the first token to the last."""
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return Span(first.idx, last.idx + len(last))


def run_around(tokens: list[Token], anchor: Token) -> list[Token]:
    """The unbroken run of tokens (by index) that holds the anchor, in the order given; empty
    when the anchor is not among them."""
    chosen = {t.i for t in tokens}
    if anchor.i not in chosen:
        return []
    start = end = anchor.i
    while start - 1 in chosen:
        start -= 1
    while end + 1 in chosen:
        end += 1
    return [t for t in tokens if start <= t.i <= end]


def sentence_bounds(token: Token) -> tuple[int, int]:
    """Indices of the first and last token of token's sentence.

    Not `token.sent`: it walks the whole document on every call, which made a long article
    cost more to read than to parse.
    """
    doc = token.doc
    first = token.i
    while first > 0 and not doc[first].is_sent_start:
        first -= 1
    last = token.i + 1
    while last < len(doc) and not doc[last].is_sent_start:
        last += 1
    return first, last - 1


def sentence_end_char(token: Token) -> int:
    """Where token's sentence ends, as a character offset (walking forward only: a cue's
    sentence end is asked for often)."""
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    last = doc[end - 1]
    return last.idx + len(last)


# --- counts ----------------------------------------------------------------------------------


def plural(n: int, noun: str, spec: str = "") -> str:
    """`1 claim`, `2 claims`: a count and its noun, the count formatted by `spec` (e.g. ">3")."""
    return f"{n:{spec}} {noun}{'' if n == 1 else 's'}"


_PARAGRAPH_NUMBER = re.compile(r"(?m)^\[\d+\] ")


def numbered_paragraphs(text: str) -> str:
    """The text with each non-blank line opened by its number ("[3] "), for a model to cite.

    `without_paragraph_numbers` gives the text back, character for character.
    """
    lines, number = text.split("\n"), 0
    for i, line in enumerate(lines):
        if line.strip():
            number += 1
            lines[i] = f"[{number}] {line}"
    return "\n".join(lines)


def without_paragraph_numbers(numbered: str) -> str:
    return _PARAGRAPH_NUMBER.sub("", numbered)


def paragraph_at(text: str, offset: int) -> int:
    """The number `numbered_paragraphs` gives the line holding offset (1 for the first)."""
    before = text[:offset].split("\n")
    return sum(1 for line in before[:-1] if line.strip()) + 1
