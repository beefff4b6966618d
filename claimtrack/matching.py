"""Link near-duplicate claims, within an article and across articles.

Scorer and threshold come from `bench/match_threshold.py` on the development corpus: 687 pairs
of the same claim quoted with different boundaries against 5,000 pairs of different claims
from the same article. token_sort_ratio >= 75 found 99.9% of the near-duplicates with a 0.02%
false-match rate; at 80 recall fell to 93.4%. Quotes shorter than four words ("are
skeptical") say too little to match on.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from claimtrack.domain import LinkKind
from claimtrack.models import Claim, ClaimLink
from claimtrack.search import search_ids, words_of

MATCH_THRESHOLD = 75
MIN_WORDS = 4
MAX_MATCHES = 5
CANDIDATES = 50  # best full-text hits scored per new claim
KEY_WORDS = 8
_COMMON = frozenset(
    "the and that this with from have has had was were will would been are for not but its "
    "their they them there than then also into over more most some such only about after "
    "before said says which while when where what who whom whose".split()
)


def link_matches(session: Session, new: list[Claim], verdicts: tuple[str, ...]) -> int:
    """Add duplicate / matches_reviewed links from each new claim to similar stored claims.

    Candidates come from the full-text index (claims sharing the quote's words, best first),
    so the cost per claim stays flat however many claims the database holds.
    """
    new_ids = {c.id for c in new}
    links = 0
    for claim in new:
        if len(claim.quote.split()) < MIN_WORDS:
            continue
        for other_id, status, score in _similar(session, claim):
            if other_id in new_ids and other_id > claim.id:
                continue  # each pair of new claims is linked once, from the later one
            kind = LinkKind.matches_reviewed if status in verdicts else LinkKind.duplicate
            session.add(ClaimLink(claim_id=claim.id, other_id=other_id, kind=kind, score=score))
            links += 1
    return links


def _similar(session: Session, claim: Claim) -> list[tuple[int, str, float]]:
    """(id, status, score) of the stored claims most like this one, best first."""
    from rapidfuzz import fuzz  # only storing claims needs it, not listing them
    from rapidfuzz.utils import default_process

    ids = search_ids(session, _key_words(claim.quote), limit=CANDIDATES, any_word=True)
    ids = [i for i in ids if i != claim.id]
    if not ids:
        return []
    # The columns scored, not whole claims: this runs for every claim stored.
    query = select(Claim.id, Claim.status, Claim.quote).where(col(Claim.id).in_(ids))
    quote = default_process(claim.quote)
    scored = [
        (other_id, status, fuzz.token_sort_ratio(quote, default_process(other), processor=None))
        for other_id, status, other in session.exec(query)
        if len(other.split()) >= MIN_WORDS
    ]
    matches = sorted((m for m in scored if m[2] >= MATCH_THRESHOLD), key=lambda m: -m[2])
    return matches[:MAX_MATCHES]


def _key_words(quote: str) -> list[str]:
    """The quote's most distinctive words: common words would make every claim a candidate."""
    words = {w.lower() for w in words_of(quote) if w.lower() not in _COMMON and len(w) > 2}
    return sorted(words, key=lambda w: (-len(w), w))[:KEY_WORDS]


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
