"""Link near-duplicate claims, within an article and across articles.

Scorer and threshold come from `bench/match_threshold.py` on the development corpus: 687 pairs
of the same claim quoted with different boundaries against 5,000 pairs of different claims
from the same article. token_sort_ratio >= 75 found 99.9% of the near-duplicates with a 0.02%
false-match rate; at 80 recall fell to 93.4%. Quotes shorter than four words ("are
skeptical") say too little to match on.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from sqlmodel import Session, col, select

from claimtrack.domain import LinkKind
from claimtrack.models import Claim, ClaimLink

MATCH_THRESHOLD = 75
MIN_WORDS = 4
MAX_MATCHES = 5


def link_matches(session: Session, new: list[Claim], verdicts: tuple[str, ...]) -> int:
    """Add duplicate / matches_reviewed links from each new claim to similar stored claims."""
    candidates = [c for c in new if len(c.quote.split()) >= MIN_WORDS]
    if not candidates:
        return 0
    new_ids = {c.id for c in new}
    rows = session.exec(select(Claim.id, Claim.quote, Claim.status, Claim.article_id)).all()
    choices = {cid: quote for cid, quote, _, _ in rows if len(quote.split()) >= MIN_WORDS}
    status = {cid: st for cid, _, st, _ in rows}
    links = 0
    for claim in candidates:
        for _, score, other_id in process.extract(
            claim.quote, choices, scorer=fuzz.token_sort_ratio, processor=default_process,
            score_cutoff=MATCH_THRESHOLD, limit=MAX_MATCHES + 1,
        ):  # fmt: skip
            if other_id == claim.id or (other_id in new_ids and other_id > claim.id):
                continue  # each pair of new claims is linked once, from the later one
            kind = LinkKind.matches_reviewed if status[other_id] in verdicts else LinkKind.duplicate
            session.add(ClaimLink(claim_id=claim.id, other_id=other_id, kind=kind, score=score))
            links += 1
    return links


def earlier_verdicts(session: Session, claim_id: int, verdicts: tuple[str, ...]) -> list[Claim]:
    """Claims linked to this one as matches that now carry a verdict, newest first."""
    pairs = session.exec(
        select(ClaimLink.claim_id, ClaimLink.other_id).where(
            col(ClaimLink.kind).in_([LinkKind.duplicate, LinkKind.matches_reviewed]),
            (ClaimLink.claim_id == claim_id) | (ClaimLink.other_id == claim_id),
        )
    ).all()
    others = {b if a == claim_id else a for a, b in pairs}
    if not others:
        return []
    query = select(Claim).where(col(Claim.id).in_(others), col(Claim.status).in_(verdicts))
    return list(session.exec(query.order_by(col(Claim.updated_at).desc())))
