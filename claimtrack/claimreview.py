"""schema.org ClaimReview: one object per verdict, built from claim cards, and checked.

ClaimReview follows schema.org and Google's fact-check guidance: required `url`,
`claimReviewed` and `reviewRating.alternateName`; recommended `author`, `datePublished` and an
`itemReviewed` Claim with its author, date and appearance. Each object is checked and every gap
becomes a one-line warning naming the claim. The HTML report embeds these objects as JSON-LD;
`claimtrack export --format claimreview` writes them out.
"""

from __future__ import annotations

from claimtrack.cards import ClaimCard
from claimtrack.domain import SourceType, names_no_one
from claimtrack.newsroom import Scale, Settings

CLAIM_REVIEWED_MAX = 75  # longer summaries are cut short in search results
PERSON_TYPES = frozenset(
    {SourceType.named_person.value, SourceType.anonymous.value, SourceType.anonymous_official.value}
)
REQUIRED = ("url", "claimReviewed", "reviewRating.alternateName")
RECOMMENDED = (
    "reviewBody",
    "author.name",
    "datePublished",
    "itemReviewed.author.name",
    "itemReviewed.datePublished",
    "itemReviewed.appearance.url",
)


def claim_reviews(cards: list[ClaimCard], settings: Settings) -> list[dict]:
    """A ClaimReview for each card that has a verdict, in the cards' order."""
    return [claim_review(card, settings) for card in cards if settings.scale.verdict(card.status)]


def claim_review(card: ClaimCard, settings: Settings) -> dict:
    """One schema.org ClaimReview object; fields with nothing to say are left out."""
    return _prune(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": review_url(settings, card.id),
            "claimReviewed": card.claim,
            "datePublished": card.verdict_date,
            "author": {
                "@type": "Organization", "name": settings.newsroom, "url": settings.newsroom_url
            },
            "reviewRating": review_rating(settings.scale, card.status),
            "reviewBody": card.verdict_note,  # the reviewer's explanation of the verdict
            "itemReviewed": {
                "@type": "Claim",
                "author": claim_author(card),
                "datePublished": card.article_published,
                "appearance": _appearance(card),
            },
        }
    )  # fmt: skip


def review_url(settings: Settings, claim_id: int) -> str | None:
    """The fact-check's address: `review_url` with the claim's id, or else the newsroom's URL
    with the claim's card as its fragment.

    `#claim-N` is the id of the claim's card in the HTML report, so a newsroom that publishes
    the report at its configured URL gets links that land on the card.
    """
    if settings.review_url:
        return settings.review_url.replace("{id}", str(claim_id))
    if not settings.newsroom_url:
        return None
    return f"{settings.newsroom_url.split('#', 1)[0]}#claim-{claim_id}"


def review_rating(scale: Scale, status: str) -> dict:
    """Text-only verdicts carry only their name; numbered ones carry the scale's range too."""
    verdict = scale.verdict(status)
    if verdict is None:
        raise ValueError(f"{status!r} is not a verdict of the {scale.name} scale")
    rating: dict = {"@type": "Rating", "alternateName": verdict.label}
    if verdict.value is not None and scale.best is not None:
        rating |= {"ratingValue": verdict.value, "bestRating": scale.best,
                   "worstRating": scale.worst}  # fmt: skip
    return rating


def claim_author(card: ClaimCard) -> dict | None:
    """Who made the claim: its source, or for the outlet's own claims the outlet; none for a
    source known only as a pronoun."""
    if card.source_type == SourceType.outlet.value:
        if card.article_outlet:
            return {"@type": "Organization", "name": card.article_outlet}
        return {"@type": "Person", "name": card.article_author} if card.article_author else None
    if names_no_one(card.source):
        return None  # "He": the article's name for the speaker was not found
    kind = "Person" if card.source_type in PERSON_TYPES else "Organization"
    return {"@type": kind, "name": card.source}


def _appearance(card: ClaimCard) -> dict:
    outlet = card.article_outlet
    return {
        "@type": "CreativeWork",
        "url": card.article_url,
        "headline": card.article_title,
        "datePublished": card.article_published,
        "publisher": {"@type": "Organization", "name": outlet} if outlet else None,
    }


def _prune(value: object) -> object:
    """Drop None values and emptied objects, recursively."""
    if not isinstance(value, dict):
        return value
    pruned = {k: _prune(v) for k, v in value.items() if v is not None}
    return {k: v for k, v in pruned.items() if v != {}}


def check_claim_review(claim_id: int, review: dict) -> list[str]:
    """One line per missing required or recommended field, or a too long claimReviewed."""
    problems = []
    for path in REQUIRED:
        if not _lookup(review, path):
            hint = "; set url under [newsroom] in claimtrack.toml" if path == "url" else ""
            problems.append(f"claim {claim_id}: ClaimReview has no {path} (required){hint}")
    for path in RECOMMENDED:
        if not _lookup(review, path):
            problems.append(f"claim {claim_id}: ClaimReview has no {path} (recommended)")
    reviewed = review.get("claimReviewed") or ""
    if len(reviewed) > CLAIM_REVIEWED_MAX:
        problems.append(
            f"claim {claim_id}: claimReviewed is {len(reviewed)} characters "
            f"(keep it to {CLAIM_REVIEWED_MAX} or fewer)"
        )
    return problems


def _lookup(data: dict, path: str) -> object:
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data
