"""Locate an extractor's strings in the article text, so nothing invented is stored.

Matching forgives what typing and models change without changing meaning: curly versus
straight quotes, dash variants, runs of whitespace, a quote's own surrounding quote marks and
an elided middle ("A ... B"). It forgives nothing else: a paraphrase is not grounded.

A restatement is a paraphrase by design, so it cannot be located; what it must not do is bring
in a name: `unknown_names` finds the name-like words in it that the article never uses.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from claimtrack.domain import Span
from claimtrack.text import ELLIPSIS, fold, fold_marks

_ELLIPSIS = re.compile(rf"\s*(?:\.\s?\.\s?\.|{ELLIPSIS})\s*")
_TRIM = " \t\r\n\"'.,;:!?-"
MAX_ELISION_GAP = 400  # characters an elided quote may skip between its pieces
_WORD = re.compile(r"[^\W\d_]+")  # letters only: "Smith's" is "Smith" and "s"
_BEFORE_A_SENTENCE = ".!?:;\n"
_OPENERS = " \t\"'(["


class FoldedText:
    """The article folded for matching, with a map back to original offsets."""

    def __init__(self, text: str) -> None:
        folded: list[str] = []
        origin: list[int] = []
        in_space = False
        for i, ch in enumerate(fold_marks(text)):
            if ch.isspace():
                if in_space:
                    continue
                in_space, ch = True, " "
            else:
                in_space = False
            folded.append(ch)
            origin.append(i)
        origin.append(len(text))
        self.text = text
        self.folded = "".join(folded)
        self.lower = self.folded.lower()
        self.origin = origin

    def span(self, start: int, end: int) -> Span:
        """Original offsets of folded[start:end]."""
        return Span(self.origin[start], self.origin[end - 1] + 1)

    def find_all(self, needle: str) -> list[Span]:
        """Every occurrence of needle (folded), exact case first, else ignoring case."""
        needle = fold(needle)
        if not needle:
            return []
        for haystack, probe in ((self.folded, needle), (self.lower, needle.lower())):
            hits = [self.span(m, m + len(probe)) for m in _occurrences(haystack, probe)]
            if hits:
                return hits
        return []


@lru_cache(maxsize=8)
def folded(text: str) -> FoldedText:
    return FoldedText(text)


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, at = [], haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _pick(hits: list[Span], *, near: int | None, taken: set[Span]) -> Span | None:
    free = [h for h in hits if h not in taken] or hits
    if not free:
        return None
    if near is None:
        return free[0]
    return min(free, key=lambda h: (abs(h.start - near), h.start))


def locate(
    text: str, needle: str | None, *, near: int | None = None, taken: set[Span] | None = None
) -> Span | None:
    """Find needle in text; None when it is not there.

    `near` prefers the occurrence closest to an offset (a source or cue next to its quote);
    `taken` steers repeated phrases to occurrences not already claimed.
    """
    if not needle or not needle.strip():
        return None
    doc, taken = folded(text), taken or set()
    hits = doc.find_all(needle) or doc.find_all(needle.strip(_TRIM))
    if hits:
        return _pick(hits, near=near, taken=taken)
    return _locate_elided(doc, needle, near=near, taken=taken)


def _locate_elided(
    doc: FoldedText, needle: str, *, near: int | None, taken: set[Span]
) -> Span | None:
    pieces = [p.strip(_TRIM) for p in _ELLIPSIS.split(needle)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        return None
    for first in doc.find_all(pieces[0]):
        end, ok = first.end, True
        for piece in pieces[1:]:
            following = [h for h in doc.find_all(piece) if end <= h.start <= end + MAX_ELISION_GAP]
            if not following:
                ok = False
                break
            end = following[0].end
        candidate = Span(first.start, end)
        if ok and candidate not in taken:
            return candidate
    return None


def locate_near(
    text: str,
    needle: str | None,
    anchor: Span,
    *,
    beside: Span | None = None,
    window: int = 600,
) -> Span | None:
    """Find a short string (a source, a cue) next to a located quote, or None.

    The occurrence with the smallest gap to the quote wins, and one outside the quote beats one
    inside it: "Smith" in `"...," Smith said` is the speaker, not the "Smith" quoted inside.
    With `beside` (the cue, when placing the source), closeness to it counts twice: the speaker
    of a quote is the "Smith" next to its "said", not the one in the sentence before.
    """
    if not needle or not needle.strip():
        return None
    doc = folded(text)
    hits = doc.find_all(needle) or doc.find_all(needle.strip(_TRIM))
    # (a "said" a page away is not this quote's, though it is outside the quote)
    hits = [h for h in hits if h.overlaps(anchor) or _gap(h, anchor) <= window]
    if not hits:
        return None
    # "say" is the word "say" before it is a piece of "says" or "essay"
    hits = [h for h in hits if _whole_words(text, h)] or hits

    def distance(hit: Span) -> int:
        return _gap(hit, anchor) + (2 * _gap(hit, beside) if beside is not None else 0)

    return min(hits, key=lambda h: (h.overlaps(anchor), distance(h), h.start))


def _whole_words(text: str, span: Span) -> bool:
    before = text[span.start - 1 : span.start] if span.start else ""
    after = text[span.end : span.end + 1]
    return not (before.isalnum() and text[span.start].isalnum()) and not (
        after.isalnum() and text[span.end - 1].isalnum()
    )


def _gap(span: Span, anchor: Span) -> int:
    return max(anchor.start - span.end, span.start - anchor.end, 0)


def unknown_names(restatement: str, text: str) -> list[str]:
    """The name-like words of a restatement that the article never uses, in any form.

    Name-like: capitalised, two letters or more, and not the first word of a sentence (where
    any word is). A model that restates "officials said" as "the Prime Minister said" names
    someone the article does not. Forms the article does use: the word in any case, with or
    without a plural "s" ("Americans" for "American"), an abbreviation of one of its words
    ("Gen." for "General"), or an acronym of its words ("DNC", "CEO").
    """
    restatement = fold(restatement)
    vocabulary = _vocabulary(text)
    names = []
    for match in _WORD.finditer(restatement):
        word = match.group()
        if len(word) < 2 or not word[0].isupper() or _starts_a_sentence(restatement, match.start()):
            continue
        abbreviated = restatement[match.end() : match.end() + 1] == "."
        if not vocabulary.knows(word, abbreviated) and word not in names:
            names.append(word)
    return names


def _starts_a_sentence(text: str, at: int) -> bool:
    while at > 0 and text[at - 1] in _OPENERS:
        at -= 1
    return at == 0 or text[at - 1] in _BEFORE_A_SENTENCE


class _Vocabulary:
    """The words of an article (lowercased) and the initials of its runs of words."""

    def __init__(self, text: str) -> None:
        tokens = _WORD.findall(folded(text).folded)
        self.words = frozenset(t.lower() for t in tokens)
        self.sorted = sorted(self.words)
        content = [t for t in tokens if not (t.islower() and len(t) <= 3)]  # "of", "and"
        self.initials = "".join(t[0] for t in tokens) + "|" + "".join(t[0] for t in content)

    def knows(self, word: str, abbreviated: bool) -> bool:
        lower = word.lower()
        if {lower, lower.removesuffix("s"), lower + "s"} & self.words:
            return True
        if abbreviated and self._prefix_of_a_word(lower):
            return True
        acronym = word.removesuffix("s")  # "LLCs"
        if not acronym.isupper():
            return False
        # Two letters match any two words by chance unless both are capitalised ("EU").
        return acronym in self.initials or (
            len(acronym) > 2 and acronym.lower() in self.initials.lower()
        )

    def _prefix_of_a_word(self, prefix: str) -> bool:
        at = bisect.bisect_left(self.sorted, prefix)
        return at < len(self.sorted) and self.sorted[at].startswith(prefix)


@lru_cache(maxsize=8)
def _vocabulary(text: str) -> _Vocabulary:
    return _Vocabulary(text)
