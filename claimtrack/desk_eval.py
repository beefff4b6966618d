"""The desk's own claims as predictions: what is stored for the gold articles, as extracted
and then corrected by reviewers (edited, added, rejected, merged), to score against the gold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from sqlmodel import Session, col, select

from claimtrack.domain import REVIEWER_RUN, FoundClaim, Span
from claimtrack.errors import UserError
from claimtrack.models import Article, Claim, ExtractionRun, Source
from claimtrack.shown import shown_claims


def stored_predictions(session: Session, golds: Sequence) -> Iterator[list[FoundClaim]]:
    """Each gold document's stored claims; `extra["added_by_person"]` tells who found each."""
    for gold in golds:
        digest = hashlib.sha256(gold.text.encode("utf-8")).hexdigest()
        article = session.exec(select(Article).where(Article.content_sha256 == digest)).first()
        if article is None:
            raise UserError(
                f"{gold.doc_id}: this text is not in the database "
                "(claimtrack extract it first, from the same text)"
            )
        rows = session.exec(
            select(Claim, ExtractionRun.extractor, Source.name)
            .join(ExtractionRun, col(Claim.extraction_run_id) == col(ExtractionRun.id))
            .outerjoin(Source, col(Claim.source_id) == col(Source.id))
            .where(Claim.article_id == article.id, *shown_claims())
            .order_by(col(Claim.quote_start), col(Claim.id))
        )
        yield [_found(claim, extractor == REVIEWER_RUN, name) for claim, extractor, name in rows]


def _found(claim: Claim, by_person: bool, speaker: str | None = None) -> FoundClaim:
    def span(start: int | None, end: int | None) -> Span | None:
        return Span(start, end) if start is not None and end is not None else None

    return FoundClaim(
        content=Span(claim.quote_start, claim.quote_end), claim=claim.claim_text,
        source=claim.source_mention, source_span=span(claim.source_start, claim.source_end),
        speaker=speaker,  # whom the claim is filed under
        cue=claim.cue, cue_span=span(claim.cue_start, claim.cue_end),
        extra={"added_by_person": by_person},
    )  # fmt: skip
