"""Exports: schema.org ClaimReview JSON-LD for every verdict; every claim as JSONL or CSV.

ClaimReview objects are built and checked in `claimreview.py`; every gap found is a one-line
warning naming the claim, and the export is still written. Every export is written as its rows
are read, a batch at a time, so its memory does not grow with the number of claims.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from sqlmodel import Session, col, select

from claimtrack.cards import (
    Row,
    Selection,
    claim_cards,
    evidence_by_claim,
    load_articles,
    status_label,
)
from claimtrack.claimreview import check_claim_review, claim_reviews
from claimtrack.domain import OPEN_STATUSES, SourceType
from claimtrack.errors import ReportError
from claimtrack.models import Article, Claim, Source
from claimtrack.newsroom import Scale, Settings, load_settings
from claimtrack.review import iso_utc, verdict_notes

EXPORT_FORMATS = ("claimreview", "jsonl", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


BATCH = 1000  # rows fetched (and, for ClaimReview, cards built) at a time
Warn = Callable[[str], object]


def export_claims(
    session: Session,
    selection: Selection,
    fmt: str,
    out: TextIO,
    *,
    bom: bool = False,
    warn: Warn = lambda line: None,
) -> int:
    """Write the selected claims to `out` as they are read; returns how many were written.

    ClaimReview JSON-LD covers verdicts only; JSON Lines and CSV every selected claim. Every
    check is made before the first byte is written.
    """
    if fmt not in EXPORT_FORMATS:
        raise ReportError(
            f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    if bom and fmt != "csv":
        raise ReportError("--bom is for --format csv")
    settings = load_settings()
    selection.check(settings.scale)
    if fmt == "claimreview":
        missing = settings.publisher_missing()
        if missing:
            raise ReportError(f"ClaimReview is published under your newsroom: {missing}")
        return _write_claimreviews(session, selection, settings, out, warn)
    records = claim_records(session, selection, settings.scale)
    if fmt == "jsonl":
        return write_jsonl(out, records)
    return write_csv(out, records, bom=bom)


def write_json_array(out: TextIO, items: Iterable[object], *, flat: bool = False) -> int:
    """Items as `json.dumps(list(items), indent=2)` and a newline, written as they come.

    `flat` says every item is an object of strings, numbers, booleans and nulls only, which
    the quick (C) encoder can write in the same form. Returns how many items there were.
    """
    encode = _flat if flat else _nested
    count, parts = 0, ["["]
    for count, item in enumerate(items, 1):
        parts.append(("\n  " if count == 1 else ",\n  ") + encode(item))
        if count % BATCH == 0:
            out.write("".join(parts))
            parts.clear()
    parts.append("\n]\n" if count else "]\n")
    out.write("".join(parts))
    return count


_FLAT = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
_LINE = json.JSONEncoder(ensure_ascii=False)  # json.dumps would make one for every call


def _flat(item: dict) -> str:
    return "{\n    " + _FLAT.encode(item)[1:-1] + "\n  }" if item else "{}"


def _nested(item: object) -> str:
    return json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")


# --- ClaimReview ----------------------------------------------------------------------------


def _write_claimreviews(
    session: Session, selection: Selection, settings: Settings, out: TextIO, warn: Warn
) -> int:
    def reviews() -> Iterator[dict]:
        verdicts = col(Claim.status).in_(settings.scale.names)
        for rows in _row_batches(session, selection, verdicts):
            cards = claim_cards(session, rows, settings.scale)
            for card, review in zip(cards, claim_reviews(cards, settings), strict=True):
                for line in check_claim_review(card.id, review):
                    warn(line)
                yield review

    return write_json_array(out, reviews())


def _row_batches(session: Session, selection: Selection, *where) -> Iterator[list[Row]]:
    """The selected claims in article and text order, a batch at a time, with their articles."""
    query = (
        select(Claim, Source)
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .where(*selection.conditions(), *where)
        .order_by(col(Claim.article_id), col(Claim.quote_start), col(Claim.id))
        .execution_options(yield_per=BATCH)
    )
    for pairs in session.exec(query).partitions():
        articles = load_articles(session, {claim.article_id for claim, _ in pairs})
        yield [Row(claim, source, articles[claim.article_id]) for claim, source in pairs]


# --- JSON Lines and CSV ---------------------------------------------------------------------


# Each column of the JSON Lines and CSV exports and what it holds ("verdict": see claim_record).
EXPORT_FIELDS = (
    ("claim_id", Claim.id), ("article_id", Claim.article_id), ("article_url", Article.url),
    ("article_title", Article.title), ("source", Source.name),
    ("source_type", Source.source_type), ("source_mention", Claim.source_mention),
    ("cue", Claim.cue), ("status", Claim.status), ("verdict", Claim.status),
    ("rating", Claim.rating), ("claim", Claim.claim_text), ("quote", Claim.quote),
    ("quote_start", Claim.quote_start), ("quote_end", Claim.quote_end),
    ("source_start", Claim.source_start), ("source_end", Claim.source_end),
    ("cue_start", Claim.cue_start), ("cue_end", Claim.cue_end),
    ("attribution", Claim.attribution), ("certainty", Claim.certainty),
    ("checkworthiness", Claim.checkworthiness), ("assignee", Claim.assignee),
    ("updated_at", Claim.updated_at),
)  # fmt: skip
# Read per batch, not per column: the verdict's explanation and the evidence, with stances.
SUBSTANCE = ("verdict_note", "evidence")
COLUMNS = (*(key for key, _ in EXPORT_FIELDS), *SUBSTANCE)


def claim_records(session: Session, selection: Selection, scale: Scale) -> Iterator[dict]:
    """The selected claims as flat records in article and text order, read as they are used.

    Spans are [start, end) offsets into the article's text. Only the columns exported are
    read, a batch at a time, so memory stays flat however many claims there are.
    """
    query = (
        select(*(col(field) for _, field in EXPORT_FIELDS))
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .join(Article, col(Claim.article_id) == col(Article.id))
        .where(*selection.conditions())
        .order_by(col(Claim.article_id), col(Claim.quote_start), col(Claim.id))
        .execution_options(yield_per=BATCH)
    )
    # Plain rows, not ORM objects: nothing here is changed, and building objects would
    # take longer than writing the rows out.
    fields = COLUMNS[: len(EXPORT_FIELDS)]
    for rows in session.connection().execute(query).partitions(BATCH):
        records = [claim_record(dict(zip(fields, row, strict=True)), scale) for row in rows]
        yield from _with_substance(session, records)


def _with_substance(session: Session, records: list[dict]) -> list[dict]:
    """Each record with its verdict's note (for a settled claim) and its evidence."""
    settled = {r["claim_id"]: r["status"] for r in records if r["status"] not in OPEN_STATUSES}
    notes = verdict_notes(session, settled)
    evidence = evidence_by_claim(session, [r["claim_id"] for r in records])
    for r in records:
        r["verdict_note"] = notes.get(r["claim_id"])
        r["evidence"] = [
            {"url": e["url"], "stance": e["stance"], "note": e["note"]}
            for e in evidence.get(r["claim_id"], [])
        ]
    return records


def claim_record(record: dict, scale: Scale) -> dict:
    """A row of EXPORT_FIELDS made a record: the outlet for no source, the verdict's label."""
    verdict = scale.verdict(record["status"])
    record["source_type"] = record["source_type"] or SourceType.outlet.value
    record["verdict"] = status_label(scale, record["status"]) if verdict else None
    record["updated_at"] = iso_utc(record["updated_at"])
    return record


def write_jsonl(out: TextIO, records: Iterable[dict]) -> int:
    count, lines = 0, []
    for count, record in enumerate(records, 1):
        lines.append(_LINE.encode(record) + "\n")
        if count % BATCH == 0:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
    return count


def write_csv(out: TextIO, records: Iterable[dict], *, bom: bool = False) -> int:
    """CSV as spreadsheets read it: a header, CRLF rows, quoting where needed, no formulas.

    A text cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe; the JSON Lines export keeps every value exactly.
    """
    buffer = io.StringIO("\ufeff" if bom else "")
    buffer.seek(0, io.SEEK_END)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for count, record in enumerate(records, 1):
        record["evidence"] = "; ".join(f"{e['stance']} {e['url']}" for e in record["evidence"])
        writer.writerow([_cell(value) for value in record.values()])
        if count % BATCH == 0:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue())
    return count


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value
