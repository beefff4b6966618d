"""Combine an LLM's claims with the rules extractor's over the same article (`--with-rules`).

Where both found an attribution (their cues overlap, or their contents share half their
words), the claim keeps the LLM's restatement, typing and certainty, the rules' cue and source
spans (they follow the syntax), and the union of the two contents, or the shorter where the
longer runs on into the writer's own words ("; ...", ", who ...", ", citing ..."). Where only
one found it, the claim is kept if it passes that extractor's precision filter: an LLM claim
needs a cue located in the text and outside its own content (a cue inside the words it
introduces was located at the wrong occurrence); a rules claim needs a source, and is dropped
when its cue sits inside another claim's content (an attribution nested in a quotation, which
annotators leave out). Claims nested in another's content are folded only when that content
is a quotation: both extractors' claims were folded already, and what the merge nests in a
reported clause is mostly an attribution of its own. Measured on the development corpus, each
step's gain is in the README's Accuracy section.
"""

from __future__ import annotations

from dataclasses import replace

from claimtrack.domain import FoundClaim, Span, relink_disputes, tag_claims
from claimtrack.refine import fold_repeats
from claimtrack.search import words_of
from claimtrack.text import WRITERS_TURN

SAME_CONTENT = 0.5  # word Jaccard above which two contents are one attribution's


def combine(text: str, llm: list[FoundClaim], rules: list[FoundClaim]) -> list[FoundClaim]:
    """One list of claims from both extractors' claims over `text` (refined already)."""
    combined: list[FoundClaim] = []
    unmatched = tag_claims(rules, "rules")
    for claim in tag_claims(llm, "llm"):
        partner = next((r for r in unmatched if _same_attribution(text, claim, r)), None)
        if partner is not None:
            unmatched.remove(partner)
            combined.append(_merge(claim, partner, text))
        elif claim.cue_span is not None and not _cue_inside_content(claim, [claim]):
            combined.append(claim)
    combined += [
        r for r in unmatched if r.source_span is not None and not _cue_inside_content(r, combined)
    ]
    return relink_disputes(fold_repeats(text, combined, quotations_only=True))


def _same_attribution(text: str, a: FoundClaim, b: FoundClaim) -> bool:
    if a.cue_span is not None and b.cue_span is not None and a.cue_span.overlaps(b.cue_span):
        return True
    return _jaccard(text, a.content, b.content) >= SAME_CONTENT


def _jaccard(text: str, a: Span, b: Span) -> float:
    left, right = set(words_of(a.of(text).lower())), set(words_of(b.of(text).lower()))
    return len(left & right) / len(left | right) if left | right else 0.0


def _merge(llm: FoundClaim, rules: FoundClaim, text: str) -> FoundClaim:
    content = _content(text, llm.content, rules.content)
    return replace(
        llm,
        content=content,
        cue=rules.cue,
        cue_span=rules.cue_span,
        source=rules.source if rules.source_span is not None else llm.source,
        source_span=rules.source_span or llm.source_span,
        extra={
            **llm.extra,
            "keys": llm.extra["keys"] + rules.extra["keys"],
            "disputes_key": llm.extra["disputes_key"] or rules.extra["disputes_key"],
        },
        disputes=llm.disputes,
    )


def _content(text: str, llm: Span, rules: Span) -> Span:
    """The union of the two contents, unless both start together and one runs on past what
    sets off the writer's own words: a semicolon or a dash ("; they only learned ..."), or a
    comma before a non-restrictive clause or a participle (", who took heat ...", ", although
    ...", ", citing ..."). The shorter content then ends where the longer one turned."""
    if not llm.overlaps(rules):
        return llm
    short, long_ = sorted((llm, rules), key=lambda span: span.end - span.start)
    if short.start == long_.start and WRITERS_TURN.match(text, short.end, long_.end):
        return short
    return Span(min(llm.start, rules.start), max(llm.end, rules.end))


def _cue_inside_content(claim: FoundClaim, others: list[FoundClaim]) -> bool:
    cue = claim.cue_span
    return cue is not None and any(
        o.content.start <= cue.start and cue.end <= o.content.end for o in others
    )
