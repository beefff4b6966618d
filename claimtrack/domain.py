"""The vocabulary of claimtrack and the plain shape every extractor produces.

Extractors (the offline rules and any LLM) hand `FoundClaim`s to the store; every span in one
is a `[start, end)` slice of the article's cleaned text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple


class SourceType(StrEnum):
    named_person = "named_person"
    named_organization = "named_organization"
    anonymous_official = "anonymous_official"
    anonymous = "anonymous"
    document = "document"
    outlet = "outlet"


# Words that stand for a source named elsewhere ("He"): a source so named is never shared
# across articles, and never published as anyone's name.
PRONOUNS = frozenset(
    "he she they it we i you him her them us his hers its their our this that these those "
    "who whom whose which one me my mine your yours himself herself itself themselves "
    "ourselves myself yourself yourselves".split()
)


def names_no_one(source: str) -> bool:
    """Whether a source's name is a pronoun that no extractor resolved to a speaker."""
    return source.strip().casefold() in PRONOUNS


class Attribution(StrEnum):
    direct_quote = "direct_quote"
    indirect = "indirect"
    unattributed = "unattributed"


class Certainty(StrEnum):
    asserted = "asserted"
    hedged = "hedged"
    disputed = "disputed"


# The workflow statuses around the verdicts; the verdicts come from the rating scale
# (newsroom.py): unverified -> in_review -> a verdict, or dismissed (not check-worthy).
UNVERIFIED = "unverified"
IN_REVIEW = "in_review"
DISMISSED = "dismissed"
REJECTED = "rejected"  # not a claim at all (an extraction error): out of queue, reports, exports
MERGED = "merged"  # merged into another claim by a reviewer: shown only through that claim
HIDDEN_STATUSES = (REJECTED, MERGED)
REVIEWER_RUN = "reviewer"  # the extractor named on the run of a claim a reviewer added
ADDED = "added"  # the audit row of a claim a reviewer added: field "claim", None -> "added"
OPEN_STATUSES = (UNVERIFIED, IN_REVIEW)


class LinkKind(StrEnum):
    duplicate = "duplicate"
    disputes = "disputes"
    supports = "supports"
    matches_reviewed = "matches_reviewed"
    nested = "nested"
    merged = "merged"  # a reviewer merged this claim into the other: its history shows there


class ClaimOrder(StrEnum):
    """The orders `claims list` offers."""

    article = "article"  # by article, then where the quote is in it
    checkworthiness = "checkworthiness"  # most check-worthy first
    updated = "updated"  # most recently changed first
    id = "id"


class Span(NamedTuple):
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class FoundClaim:
    """One attributed claim, grounded in the article text."""

    content: Span
    claim: str
    source: str | None = None
    source_span: Span | None = None
    source_type: SourceType = SourceType.outlet
    speaker: str | None = None  # whom the article names as the source, when `source` does not
    cue: str | None = None
    cue_span: Span | None = None
    attribution: Attribution = Attribution.indirect
    certainty: Certainty = Certainty.asserted
    checkworthiness: float = 0.5
    reason: str = ""
    disputes: int | None = None  # index, in the same list, of the claim this one disputes
    extra: dict = field(default_factory=dict)


@dataclass
class Rejected:
    """A claim an extractor proposed that could not be grounded in the article; or, `kept`,
    a claim stored without a part of it that could not be (the reason says which)."""

    quote: str
    reason: str
    kept: bool = False
    dropped: bool = False  # a candidate set aside on purpose (by the model, or not reviewed)


@dataclass
class Extraction:
    """What one extractor made of one article."""

    extractor: str
    claims: list[FoundClaim]
    rejected: list[Rejected] = field(default_factory=list)
    prompt_sha256: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    cached: bool = False


def tag_claims(claims: list[FoundClaim], family: str) -> list[FoundClaim]:
    """Give each claim a stable key (kept through `dataclasses.replace`) and remember which
    claim it disputes by key, so the link survives steps that merge, drop or reorder claims."""
    tagged = []
    for i, claim in enumerate(claims):
        disputes = (family, claim.disputes) if claim.disputes is not None else None
        extra = {**claim.extra, "keys": [(family, i)], "disputes_key": disputes}
        tagged.append(replace(claim, extra=extra))
    return tagged


def relink_disputes(claims: list[FoundClaim]) -> list[FoundClaim]:
    """Set each claim's `disputes` index from the keys `tag_claims` left (None if it is gone)."""
    position = {key: i for i, c in enumerate(claims) for key in c.extra.get("keys", ())}
    return [
        replace(c, disputes=position.get(c.extra.get("disputes_key"))) if "keys" in c.extra else c
        for c in claims
    ]
