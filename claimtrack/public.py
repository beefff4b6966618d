"""What readers may see: the verdicts, each with its explanation and evidence, under the
newsroom's name. No unverified, dismissed or rejected claim, no reviewer's login, no internal
field (check-worthiness, cue, assignee, history) reaches public output.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from sqlmodel import Session

from claimtrack.cards import ClaimCard, Selection, claim_cards, select_rows
from claimtrack.claimreview import claim_reviews, review_url
from claimtrack.domain import names_no_one
from claimtrack.errors import ReportError
from claimtrack.newsroom import Settings


@dataclass
class PublicCheck:
    id: int
    url: str | None  # the fact-check's own address (review_url), if the newsroom has one
    speaker: str
    speaker_type: str
    quote: str  # the claim as the speaker made it, word for word
    claim: str
    verdict: str  # the scale's label
    rating: int | None
    explanation: str | None  # the verdict's note
    date: str | None  # YYYY-MM-DD of the verdict
    article_title: str
    article_url: str | None
    article_outlet: str | None
    article_published: str | None
    evidence: list[dict] = field(default_factory=list)  # url, title, stance: no reviewer's note


def public_context(session: Session, selection: Selection, settings: Settings) -> dict:
    """The public page's data: the newsroom, the verdicts, their ClaimReview objects."""
    missing = settings.publisher_missing()
    if missing:
        raise ReportError(f"public output is published under your newsroom: {missing}")
    verdicts = [s for s in selection.statuses if settings.scale.verdict(s)] or settings.scale.names
    chosen = Selection(selection.article_ids, tuple(verdicts), selection.since, selection.source)
    cards = claim_cards(session, select_rows(session, chosen), settings.scale)
    return {
        "newsroom": {
            "name": settings.newsroom, "url": settings.newsroom_url, "logo": settings.logo,
        },
        "scale": {"best": settings.scale.best, "worst": settings.scale.worst},
        "scope": selection.describe() if selection.filtered else [],
        "checks": [_check(card, settings) for card in cards],
        "claim_reviews": claim_reviews(cards, settings),
    }  # fmt: skip


def _check(card: ClaimCard, settings: Settings) -> PublicCheck:
    return PublicCheck(
        id=card.id, url=review_url(settings, card.id), speaker=_speaker(card),
        speaker_type=card.source_type, quote=card.quote, claim=card.claim, verdict=card.label,
        rating=card.rating, explanation=card.verdict_note, date=card.verdict_date,
        article_title=card.article_title, article_url=card.article_url,
        article_outlet=card.article_outlet, article_published=card.article_published,
        evidence=[{"url": e["url"], "title": e["title"], "stance": e["stance"]}
                  for e in card.evidence],
    )  # fmt: skip


UNNAMED = "An unnamed source"  # how the public page shows a source known only as "he"


def _speaker(card: ClaimCard) -> str:
    return UNNAMED if names_no_one(card.source) else card.source


def public_json(context: dict) -> str:
    data = {key: context[key] for key in ("newsroom", "scale", "scope")}
    data["checks"] = [asdict(check) for check in context["checks"]]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_public(session: Session, selection: Selection, fmt: str, settings: Settings) -> str:
    """The public page as md, html or json."""
    from claimtrack.templating import report_env

    context = public_context(session, selection, settings)
    if fmt == "json":
        return public_json(context)
    return report_env(fmt).get_template(f"public.{fmt}.j2").render(context)
