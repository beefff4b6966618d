"""Candidates made claims: the writer's turn that ends a reported clause, nested cues dropped,
then each candidate typed as a `FoundClaim` with its claim sentence, certainty and
check-worthiness (`worth`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from claimtrack.domain import Attribution, Certainty, FoundClaim, Span
from claimtrack.rules.cues import Candidate
from claimtrack.rules.layout import Layout, article_text, contains, trim
from claimtrack.rules.lexicon import (
    DISPUTING_OR_DOUBTING,
    FINDING_PREPS,
    HEDGED_CUES,
    RELATIVE_SUBJECTS,
    STANCE_CUES,
)
from claimtrack.rules.speakers import antecedent_of, can_speak, canonical_source, source_type
from claimtrack.rules.worth import checkworthiness
from claimtrack.text import (
    CLOSING_QUOTES,
    LEFT_DOUBLE,
    LEFT_SINGLE,
    OPENING_QUOTES,
    QUOTE_MARKS,
    WRITERS_TURN,
    in_same_tag,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


def found_claims(doc: Doc, candidates: list[Candidate], layout: Layout) -> list[FoundClaim]:
    """The claims the candidates make, sorted by where their content starts; a stance cue
    makes one only where someone who can speak holds the stance."""
    candidates = [c for c in candidates if c.lemma not in STANCE_CUES or _spoken(c)]
    candidates = _end_at_writers_turn(candidates, layout)
    kept = sorted(_drop_nested(candidates, layout), key=lambda c: (c.content.start, c.cue.start))
    return [_to_found_claim(doc, c, kept, index) for index, c in enumerate(kept)]


def _spoken(candidate: Candidate) -> bool:
    return can_speak(candidate.source_token)


def _end_at_writers_turn(candidates: list[Candidate], layout: Layout) -> list[Candidate]:
    """A reported clause ends where the writer takes over to report another claim ("she said
    X, though she noted Y"): both claims stand, the first no longer swallowing the second.

    The writer's turn must open the other claim and that claim must run to the end of the
    first: an aside in mid-sentence ("the budget, which Lee says is costly, would pass") or a
    dash inside a quotation leaves the content whole."""
    text = layout.text
    result = []
    for outer in candidates:
        content = outer.content
        # a quotation, or a paragraph a colon introduces, is the speaker's to the end
        quoted = text[content.start] in QUOTE_MARKS or "\n" in text[outer.cue.end : content.start]
        if not quoted and content.start > outer.cue.start:
            for inner in candidates:
                start = min(inner.cue.start, (inner.source or inner.cue).start)
                if (
                    inner is outer
                    or not content.start < start < content.end
                    or inner.content.end < content.end
                ):
                    continue
                turn = _writers_turn_before(layout, content.start, start)
                if turn is not None:
                    cut = trim(Span(content.start, turn), text)
                    if cut is not None:
                        content = cut
        result.append(outer if content == outer.content else replace(outer, content=content))
    return result


def _writers_turn_before(layout: Layout, low: int, start: int) -> int | None:
    """Where the writer's turn that opens a claim at start begins, outside quotations."""
    turns = [
        turn
        for turn in WRITERS_TURN.finditer(layout.text, low, start)
        if layout.quote_at(turn.start()) is None
    ]
    if turns and not layout.text[turns[-1].end() : start].strip():
        return turns[-1].start()
    return None


def _drop_nested(candidates: list[Candidate], layout: Layout) -> list[Candidate]:
    """Keep outer attributions: a cue inside another claim's content is almost never marked,
    unless it shares that claim's speaker tag ("“A,” she said, stressing that B")."""
    kept: list[Candidate] = []
    text = layout.text
    for candidate in sorted(
        candidates, key=lambda c: c.content.end - c.content.start, reverse=True
    ):
        if any(
            contains(k.content, candidate.cue)
            and not (
                candidate.source_token == k.source_token
                and in_same_tag(text, candidate.cue, k.cue, k.content)
            )
            for k in kept
        ):
            continue
        if any(k.cue == candidate.cue for k in kept):
            continue
        kept.append(candidate)
    return kept


def _to_found_claim(
    doc: Doc, candidate: Candidate, kept: list[Candidate], index: int
) -> FoundClaim:
    text = article_text(doc)
    disputes = _previous_claim(kept, index) if candidate.doubts_previous else None
    phrase = candidate.source.of(text) if candidate.source else None
    source = canonical_source(candidate.source_token, candidate.source, phrase)
    head = candidate.source_token
    if head is not None and (antecedent := antecedent_of(head)) is not None:
        head, phrase = antecedent, source  # typed as what the relative pronoun stands for
    cue = candidate.cue.of(text)
    content = kept[disputes].content if disputes is not None else candidate.content
    worth, reason = checkworthiness(doc, candidate.content, candidate.lemma)
    return FoundClaim(
        content=candidate.content,
        claim=_claim_sentence(
            source, cue, _without_tag(text, content, candidate), _opens_on_mark(doc, content)
        ),
        source=source,
        source_span=candidate.source,
        source_type=source_type(head, phrase),
        cue=cue,
        cue_span=candidate.cue,
        attribution=_attribution_of(candidate.content.of(text)),
        certainty=_certainty_of(candidate),
        checkworthiness=worth,
        reason=reason,
        disputes=disputes,
    )


def _previous_claim(kept: list[Candidate], index: int) -> int | None:
    """The claim a contentless dispute reacts to: the nearest one before it."""
    for earlier in range(index - 1, -1, -1):
        if not kept[earlier].doubts_previous:
            return earlier
    return None


_TAG_TAIL = re.compile(r"[^,.;:\n]{0,40}[,.;:]")  # "the auditor noted on Monday," to its comma
_RESUMING_QUOTE = re.compile(f'[{LEFT_DOUBLE}"{LEFT_SINGLE}]')


def _without_tag(text: str, content: Span, candidate: Candidate) -> str:
    """The content's words without a speaker tag that interrupts them: "The fund, the auditor
    noted, is empty" reads "The fund is empty"; a quotation split by its tag reads whole."""
    parts = [candidate.cue] + ([candidate.source] if candidate.source else [])
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    if not content.start < start < end < content.end:
        return content.of(text)
    if text[content.start : start].strip().lower() in RELATIVE_SUBJECTS:
        return text[end : content.end].strip()  # "which the family says | he was not"
    rest = text[end : content.end]
    if text[content.start] in QUOTE_MARKS:  # the tag runs to the quotation resuming after it
        resume = _RESUMING_QUOTE.search(rest)
        between = rest[: resume.start()] if resume is not None else None
    else:  # the tag's own words run to its comma
        tail = _TAG_TAIL.match(rest)
        between = tail.group(0) if tail is not None else None
    if between is None:
        return content.of(text)
    before = text[content.start : start].rstrip(" ," + CLOSING_QUOTES)
    if before.endswith((" as", ",as")):  # "Rates, as the economist noted, will rise"
        before = before[: -len("as")].rstrip(" ,")
    after = rest[len(between) :].lstrip(" ," + OPENING_QUOTES)
    if not before or not after:
        return content.of(text)
    ended = before.endswith((".", "?", "!")) or "." not in between
    return f"{before}{' ' if ended else '. '}{after}"


def _opens_on_mark(doc: Doc, content: Span) -> bool:
    """Whether content opens on a complementizer ("that the fund is empty"), which the claim
    sentence leaves out; a quotation's first word is the speaker's ("“That money is ...”")."""
    first = doc.char_span(content.start, content.end, alignment_mode="expand")
    return first is not None and first[0].lower_ == "that" and first[0].dep_ == "mark"


def _claim_sentence(source: str | None, cue: str, content: str, mark: bool = False) -> str:
    body = content.strip().strip(QUOTE_MARKS).strip()
    if mark and body.lower().startswith("that "):
        body = body[5:]
    body = body.rstrip(" ,;:.").strip(QUOTE_MARKS).rstrip(" ,;:")
    if cue.lower() == "according to":
        head = f"According to {source}" if source else "According to an unnamed source"
    elif cue.lower() in FINDING_PREPS and source:
        head = f"{cue} {source}"  # "In the latest poll: ..."
    elif source:
        head = f"{source} {cue}"
    else:
        head = cue
    return f"{head[:1].upper()}{head[1:]}: {body}"


def _attribution_of(content: str) -> Attribution:
    return Attribution.direct_quote if content[:1] in QUOTE_MARKS else Attribution.indirect


def _certainty_of(candidate: Candidate) -> Certainty:
    if candidate.doubts_previous or candidate.lemma in DISPUTING_OR_DOUBTING:
        return Certainty.disputed
    if candidate.lemma in HEDGED_CUES:
        return Certainty.hedged
    return Certainty.asserted
