"""Split an article too long for a model into overlapping parts, and merge what they yield.

Parts are cut on paragraph boundaries (sentences, then words, only for a paragraph that alone
is too long) and neighbours share their edge paragraphs, so a claim whose source is named in
the paragraph before its quote is still seen whole once. Every part is a span of the article:
offsets found in a part are shifted back into the whole text, and a claim found twice in an
overlap is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from claimtrack.domain import FoundClaim, Rejected, Span
from claimtrack.text import RIGHT_DOUBLE, strip_span

OVERLAP = 0.2  # share of a part's budget repeated from the part before it (one unit at least)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(rf"(?<=[.!?{RIGHT_DOUBLE}\"'])\s+")
_SAME_CLAIM = 0.8  # spans overlapping this much of the shorter one are one claim


def split(text: str, *, budget: int, count: Callable[[str], int]) -> list[Span]:
    """Spans of text, each at most `budget` tokens by `count`, cut between paragraphs."""
    whole = Span(0, len(text))
    # A token is at least one byte, so a short text needs no counting at all.
    if len(text.encode()) <= budget or count(text) <= budget:
        return [whole]
    units: list[tuple[Span, int]] = []
    for paragraph in _pieces(text, whole, _PARAGRAPH_BREAK):
        units += _fitting(text, paragraph, budget=budget, count=count)
    return _pack(units, budget=budget)


def _pieces(text: str, span: Span, separator: re.Pattern) -> list[Span]:
    """span cut at each separator match, with surrounding whitespace left out."""
    pieces, start = [], span.start
    for match in separator.finditer(text, span.start, span.end):
        pieces.append(Span(start, match.start()))
        start = match.end()
    pieces.append(Span(start, span.end))
    return [s for s in (strip_span(text, p) for p in pieces) if s.end > s.start]


def _fitting(
    text: str, span: Span, *, budget: int, count: Callable[[str], int]
) -> list[tuple[Span, int]]:
    """span as units of at most budget tokens: itself, else its sentences, else word runs."""
    tokens = count(span.of(text)) + 1  # +1: the paragraph break that joins it to the next
    if tokens <= budget:
        return [(span, tokens)]
    sentences = _pieces(text, span, _SENTENCE_END)
    if len(sentences) > 1:
        units: list[tuple[Span, int]] = []
        for sentence in sentences:
            units += _fitting(text, sentence, budget=budget, count=count)
        return units
    return _word_runs(text, span, tokens=tokens, budget=budget, count=count)


def _word_runs(
    text: str, span: Span, *, tokens: int, budget: int, count: Callable[[str], int]
) -> list[tuple[Span, int]]:
    # A "sentence" longer than a whole part (a table, a list without stops): cut between words.
    size = max(1, (span.end - span.start) * budget // (tokens * 2))
    units, start = [], span.start
    while start < span.end:
        end = min(span.end, start + size)
        if end < span.end:
            space = text.rfind(" ", start + 1, end)
            end = space if space > start else end
        piece = strip_span(text, Span(start, end))
        if piece.end > piece.start:
            units.append((piece, count(piece.of(text)) + 1))
        start = end
    return units


def _pack(units: list[tuple[Span, int]], *, budget: int) -> list[Span]:
    """Greedy parts of consecutive units; each part starts with the last units of the one before."""
    parts: list[Span] = []
    first = 0
    while first < len(units):
        last, total = first, 0
        while last < len(units) and (last == first or total + units[last][1] <= budget):
            total += units[last][1]
            last += 1
        parts.append(Span(units[first][0].start, units[last - 1][0].end))
        if last == len(units):
            break
        first = _overlap_start(units, first, last, budget=budget)
    return parts


def _overlap_start(units: list[tuple[Span, int]], first: int, last: int, *, budget: int) -> int:
    """Where the next part starts: a paragraph or more before `last`, if `last` still fits."""
    start, shared = last, 0
    room = budget - units[last][1]  # the next part must take at least one new unit
    while start - 1 > first:
        cost = units[start - 1][1]
        enough = shared > 0 and shared + cost > budget * OVERLAP
        if enough or shared + cost > room or cost > budget // 2:
            break
        start -= 1
        shared += cost
    return start


def merge(
    parts: list[tuple[Span, list[FoundClaim], list[Rejected]]],
) -> tuple[list[FoundClaim], list[Rejected]]:
    """One claim list for the whole article from each part's claims (offsets in the part)."""
    merged: list[FoundClaim] = []
    rejected: list[Rejected] = []
    for number, (span, claims, part_rejected) in enumerate(parts):
        earlier = len(merged)  # claims from earlier parts: the only candidates for duplicates
        position: dict[int, int] = {}
        for i, found in enumerate(claims):
            found = shift(found, span.start)
            twin = _twin(merged[:earlier], found) if number else None
            position[i] = twin if twin is not None else len(merged)
            if twin is None:
                merged.append(found)
        for i, found in enumerate(claims):
            if found.disputes is not None and position[i] >= earlier:
                merged[position[i]].disputes = position.get(found.disputes)
        rejected += [r for r in part_rejected if r.quote not in {x.quote for x in rejected}]
    return merged, rejected


def assign(
    candidates: Sequence[FoundClaim], parts: list[Span]
) -> tuple[list[list[FoundClaim]], list[FoundClaim]]:
    """Each part's candidates, with offsets in the part: a candidate goes to the first part
    that holds its content, source and cue whole. Those no part holds are returned apart."""
    shown: list[list[FoundClaim]] = [[] for _ in parts]
    unshown = []
    for candidate in candidates:
        spans = [s for s in (candidate.content, candidate.source_span, candidate.cue_span) if s]
        low, high = min(s.start for s in spans), max(s.end for s in spans)
        home = next((i for i, p in enumerate(parts) if p.start <= low and high <= p.end), None)
        if home is None:
            unshown.append(candidate)
        else:
            shown[home].append(shift(candidate, -parts[home].start))
    return shown, unshown


def shift(found: FoundClaim, offset: int) -> FoundClaim:
    """The claim with every span moved by offset (from a part into the whole article)."""

    def moved(span: Span | None) -> Span | None:
        return Span(span.start + offset, span.end + offset) if span else None

    return replace(
        found,
        content=moved(found.content),
        source_span=moved(found.source_span),
        cue_span=moved(found.cue_span),
    )


def _twin(claims: list[FoundClaim], found: FoundClaim) -> int | None:
    a = found.content
    for index, other in enumerate(claims):
        b = other.content
        shared = min(a.end, b.end) - max(a.start, b.start)
        if shared > 0 and shared >= _SAME_CLAIM * min(a.end - a.start, b.end - b.start):
            return index
    return None
