"""Ground a model's schema-2 answer in the article: the model proposes, code disposes.

Each reviewed candidate, each attribution the model adds and each statement becomes a claim
located in the text, or a rejection saying why not. A kept candidate keeps the offline
extractor's spans; a corrected one takes the model's exact text for what it changes, found
next to the candidate; an added one is grounded like any quote, its source and cue next to it.
The speaker the model names must occur in the article too, or it is not stored. A restatement
that names someone the article does not is withheld: the quote stands as the claim text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from claimtrack.domain import Attribution, Certainty, FoundClaim, Rejected, SourceType, Span
from claimtrack.grounding import locate, locate_near, unknown_names
from claimtrack.schema import AttributionOut, ExtractionOut, StatementOut
from claimtrack.text import is_quotation, without_paragraph_numbers

NOT_FOUND = "not found verbatim"  # a rejected quote's reason


@dataclass
class Grounded:
    """What an answer came to: claims to store, what was rejected, and what to re-ask about."""

    text: str
    claims: list[FoundClaim] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # lines for the re-ask
    taken: set[Span] = field(default_factory=set)  # contents claimed so far

    def reject(self, quote: str, reason: str, problem: str | None = None) -> None:
        self.rejected.append(Rejected(quote, reason))
        if problem:
            self.problems.append(problem)

    def keep(self, claim: FoundClaim) -> int:
        for reason in claim.extra.pop("notes", ()):
            self.rejected.append(Rejected(claim.content.of(self.text), reason, kept=True))
        self.taken.add(claim.content)
        self.claims.append(claim)
        return len(self.claims) - 1


def ground(answer: ExtractionOut, text: str, candidates: Sequence[FoundClaim] = ()) -> Grounded:
    """The answer's claims located in text; `candidates` are those the request listed (id 1..n)."""
    result = Grounded(text)
    position: dict[int, int] = {}  # index in answer.attributions -> index in result.claims
    for i, item in enumerate(answer.attributions):
        claim = _attribution(item, text, candidates, result)
        if claim is not None:
            position[i] = result.keep(claim)
    for i, item in enumerate(answer.attributions):
        if i in position and item.disputes is not None:
            result.claims[position[i]].disputes = position.get(item.disputes)
    _note_unreviewed(answer, candidates, result)
    for statement in answer.statements:
        claim = _statement(statement, text, result)
        if claim is not None:
            result.keep(claim)
    return result


def _attribution(
    item: AttributionOut, text: str, candidates: Sequence[FoundClaim], result: Grounded
) -> FoundClaim | None:
    if item.id is None:
        return None if item.drop else _added(item, text, result)
    if not 1 <= item.id <= len(candidates):
        reason = f"candidate {item.id} does not exist (the request listed 1 to {len(candidates)})"
        result.reject(item.quote or "", reason, f"- {reason}")
        return None
    candidate = candidates[item.id - 1]
    if item.drop:
        reason = f"candidate {item.id} dropped: {item.drop}"
        result.rejected.append(Rejected(candidate.content.of(text), reason, dropped=True))
        return None
    return _reviewed(item, candidate, text, result)


def _added(item: AttributionOut, text: str, result: Grounded) -> FoundClaim | None:
    quote = _exact(item.quote)
    if not quote or not item.cue:
        result.reject(quote or "", "an added attribution needs a quote and a cue")
        return None
    near = result.claims[-1].content.end if result.claims else 0
    content = locate(text, quote, near=near, taken=result.taken)
    if content is None:
        result.reject(quote, NOT_FOUND, f"- the quote {quote!r} is not in the article")
        return None
    return _placed(item, text, content, result, cue=None, source=None)


def _reviewed(
    item: AttributionOut, candidate: FoundClaim, text: str, result: Grounded
) -> FoundClaim | None:
    content = candidate.content
    quote = _exact(item.quote)
    if quote:
        content = locate(text, quote, near=candidate.content.start, taken=result.taken)
        if content is None:
            problem = f"- the correction {quote!r} of candidate {item.id} is not in the article"
            result.reject(quote, NOT_FOUND, problem)
            return None
    claim = _placed(item, text, content, result, cue=candidate.cue_span,
                    source=candidate.source_span, fallback_type=candidate.source_type)  # fmt: skip
    if claim is not None and not item.source:  # the offline extractor's names for it stand
        claim.source = candidate.source or claim.source  # ("who" -> "Anna Berg")
        claim.speaker = claim.speaker or candidate.speaker  # unless the model named one
    if claim is not None:
        claim.extra["candidate"] = item.id
    return claim


def _placed(
    item: AttributionOut,
    text: str,
    content: Span,
    result: Grounded,
    *,
    cue: Span | None,
    source: Span | None,
    fallback_type: SourceType = SourceType.anonymous,
) -> FoundClaim | None:
    """The claim with the model's source and cue (where it gave them) placed next to content."""
    if item.cue:
        beside = None if item.source else source
        cue = locate_near(text, _exact(item.cue), content, beside=beside)
    if item.source:
        source = locate_near(text, _exact(item.source), content, beside=cue)
    for role, said, placed in (("source", item.source, source), ("cue", item.cue, cue)):
        if said and placed is None:
            reason = f"{role} {said!r} is not in the article near the quote"
            quoted = content.of(text)
            problem = (
                f"- the claim quoting {quoted!r} was rejected: its {reason}; copy it exactly "
                "as written next to the quote, or omit it"
            )
            result.reject(quoted, reason, problem)
            return None
    claim = FoundClaim(
        content=content,
        claim=item.claim or content.of(text),
        source=source.of(text) if source else None,
        source_span=source,
        source_type=item.source_type or fallback_type,
        cue=cue.of(text) if cue else None,
        cue_span=cue,
        attribution=_attribution_kind(text, content),
        certainty=item.certainty,
        checkworthiness=item.checkworthiness,
        reason=item.reason,
        extra={"notes": []},
    )
    _check_words(claim, item, text)
    return claim


def _attribution_kind(text: str, content: Span) -> Attribution:
    return Attribution.direct_quote if is_quotation(text, content) else Attribution.indirect


def _check_words(claim: FoundClaim, item: AttributionOut, text: str) -> None:
    """Keep only a speaker the article names, and a restatement naming no one it does not."""
    if item.speaker:
        speaker = locate(text, _exact(item.speaker))
        if speaker is None:
            claim.extra["notes"].append(f"speaker {item.speaker!r} is not in the article")
        else:
            claim.speaker = speaker.of(text)
    withheld = _withheld(claim.claim, text)
    if withheld:
        claim.claim = claim.content.of(text)
        claim.extra["withheld"] = withheld
        claim.extra["notes"].append(withheld)


def _statement(item: StatementOut, text: str, result: Grounded) -> FoundClaim | None:
    quote = _exact(item.quote)
    content = locate(text, quote, taken=result.taken)
    if content is None:
        result.reject(quote, NOT_FOUND, f"- the statement {quote!r} is not in the article")
        return None
    claim = FoundClaim(
        content=content,
        claim=item.claim or content.of(text),
        source_type=SourceType.outlet,
        attribution=Attribution.unattributed,
        certainty=Certainty.asserted,
        checkworthiness=item.checkworthiness,
        reason=item.reason,
        extra={"notes": []},
    )
    _check_words(claim, AttributionOut(), text)
    return claim


def _note_unreviewed(
    answer: ExtractionOut, candidates: Sequence[FoundClaim], result: Grounded
) -> None:
    """A candidate the answer does not mention is not stored; the run says which."""
    reviewed = {item.id for item in answer.attributions}
    for number, candidate in enumerate(candidates, start=1):
        if number not in reviewed:
            quote, reason = candidate.content.of(result.text), f"candidate {number} not reviewed"
            result.rejected.append(Rejected(quote, reason, dropped=True))


def _exact(said: str | None) -> str:
    """A string the model copied, without the paragraph numbers the request showed."""
    return without_paragraph_numbers(said or "")


def _withheld(restatement: str, text: str) -> str | None:
    """Why a restatement is not published, if it names someone or something the article does
    not (the grounded quote stands as the claim text instead), else None."""
    names = unknown_names(restatement, text)
    if not names:
        return None
    named = ", ".join(repr(name) for name in names[:5])
    return f"restatement withheld: it names {named}, which the article does not"
