"""Exports: schema.org ClaimReview JSON-LD for every verdict; every claim as JSONL or CSV.

ClaimReview follows schema.org and Google's fact-check guidance: required `url`,
`claimReviewed` and `reviewRating.alternateName`; recommended `author`, `datePublished` and an
`itemReviewed` Claim with its author, date and appearance. Each object is checked and every gap
becomes a one-line warning naming the claim.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from sqlmodel import Session

from claimtrack.domain import SourceType
from claimtrack.reports import (
    ClaimCard,
    ReportError,
    Row,
    Selection,
    claim_cards,
    select_rows,
    status_label,
)
from claimtrack.settings import Scale, Settings, load_settings

EXPORT_FORMATS = ("claimreview", "jsonl", "csv")
CLAIM_REVIEWED_MAX = 75  # longer summaries are cut short in search results
PERSON_TYPES = frozenset(
    {SourceType.named_person.value, SourceType.anonymous.value, SourceType.anonymous_official.value}
)
REQUIRED = ("url", "claimReviewed", "reviewRating.alternateName")
RECOMMENDED = (
    "author.name",
    "datePublished",
    "itemReviewed.author.name",
    "itemReviewed.datePublished",
    "itemReviewed.appearance.url",
)
COLUMNS = (
    "claim_id", "article_id", "article_url", "article_title", "source", "source_type",
    "source_mention", "cue", "status", "verdict", "rating", "claim", "quote", "quote_start",
    "quote_end", "source_start", "source_end", "cue_start", "cue_end", "attribution",
    "certainty", "checkworthiness", "assignee", "updated_at",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


@dataclass
class Export:
    text: str
    count: int
    warnings: list[str] = field(default_factory=list)


def export_claims(session: Session, selection: Selection, fmt: str, *, bom: bool = False) -> Export:
    """The selected claims as ClaimReview JSON-LD (verdicts only), JSON Lines or CSV."""
    if fmt not in EXPORT_FORMATS:
        raise ReportError(
            f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    if bom and fmt != "csv":
        raise ReportError("--bom is for --format csv")
    settings = load_settings()
    selection.check(settings.scale)
    rows = select_rows(session, selection)
    if fmt == "claimreview":
        return _claimreview_export(session, rows, settings)
    records = [claim_record(row, settings.scale) for row in rows]
    text = to_jsonl(records) if fmt == "jsonl" else to_csv(records, bom=bom)
    return Export(text, len(records))


# --- ClaimReview ----------------------------------------------------------------------------


def _claimreview_export(session: Session, rows: list[Row], settings: Settings) -> Export:
    judged = [row for row in rows if settings.scale.verdict(row.claim.status)]
    cards = claim_cards(session, judged, settings.scale)
    reviews = claim_reviews(cards, settings)
    warnings = [w for c, r in zip(cards, reviews, strict=True) for w in check_claim_review(c.id, r)]
    return Export(json.dumps(reviews, indent=2, ensure_ascii=False) + "\n", len(reviews), warnings)


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
            "itemReviewed": {
                "@type": "Claim",
                "author": claim_author(card),
                "datePublished": card.article_published,
                "appearance": _appearance(card),
            },
        }
    )  # fmt: skip


def review_url(settings: Settings, claim_id: int) -> str | None:
    """The fact-check's address: the newsroom's URL with the claim's card as its fragment.

    `#claim-N` is the id of the claim's card in the HTML report, so a newsroom that publishes
    the report at its configured URL gets links that land on the card.
    """
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
    """Who made the claim: its source, or for the outlet's own claims the outlet."""
    if card.source_type == SourceType.outlet.value:
        if card.article_outlet:
            return {"@type": "Organization", "name": card.article_outlet}
        return {"@type": "Person", "name": card.article_author} if card.article_author else None
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


# --- JSON Lines and CSV ---------------------------------------------------------------------


def claim_record(row: Row, scale: Scale) -> dict:
    """One claim as a flat record; spans are [start, end) offsets into the article's text."""
    c, source, article = row.claim, row.source, row.article
    verdict = scale.verdict(c.status)
    return {
        "claim_id": c.id, "article_id": c.article_id, "article_url": article.url,
        "article_title": article.title, "source": source.name if source else None,
        "source_type": source.source_type if source else SourceType.outlet.value,
        "source_mention": c.source_mention, "cue": c.cue, "status": c.status,
        "verdict": status_label(scale, c.status) if verdict else None, "rating": c.rating,
        "claim": c.claim_text, "quote": c.quote, "quote_start": c.quote_start,
        "quote_end": c.quote_end, "source_start": c.source_start, "source_end": c.source_end,
        "cue_start": c.cue_start, "cue_end": c.cue_end, "attribution": c.attribution,
        "certainty": c.certainty, "checkworthiness": c.checkworthiness, "assignee": c.assignee,
        "updated_at": c.updated_at.isoformat(),
    }  # fmt: skip


def to_jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_csv(records: list[dict], *, bom: bool = False) -> str:
    """CSV as spreadsheets read it: a header, CRLF rows, quoting where needed, no formulas.

    A text cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe; the JSONL export keeps every value exactly.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return ("\ufeff" if bom else "") + out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value
