"""Exports: schema.org ClaimReview JSON-LD for every verdict; every claim as JSONL or CSV.

ClaimReview objects are built and checked in `claimreview.py`; every gap found is a one-line
warning naming the claim, and the export is still written.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from sqlmodel import Session

from claimtrack.cards import Row, Selection, claim_cards, select_rows, status_label
from claimtrack.claimreview import check_claim_review, claim_reviews
from claimtrack.domain import SourceType
from claimtrack.errors import ReportError
from claimtrack.newsroom import Scale, Settings, load_settings

EXPORT_FORMATS = ("claimreview", "jsonl", "csv")
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
