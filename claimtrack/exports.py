"""Exports: schema.org ClaimReview JSON-LD for every verdict; every claim as JSONL or CSV.

ClaimReview objects are built and checked in `claimreview.py`; every gap found is a one-line
warning naming the claim, and the export is still written. Every export is written as its rows
are read, a batch at a time, so its memory does not grow with the number of claims.
"""

from __future__ import annotations

import gc
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain, repeat
from operator import itemgetter
from typing import TextIO

from sqlalchemy import DateTime, type_coerce
from sqlalchemy.types import NullType
from sqlmodel import Session, col, select

from claimtrack.cards import Row, Selection, claim_cards, evidence_of_articles, load_articles
from claimtrack.claimreview import check_claim_review, claim_reviews
from claimtrack.domain import SourceType
from claimtrack.errors import ReportError
from claimtrack.models import Article, Claim, Source
from claimtrack.newsroom import Scale, Settings, load_settings
from claimtrack.review import BATCH, iso_utc, verdict_note_column

EXPORT_FORMATS = ("claimreview", "jsonl", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas

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
    batches = claim_columns(session, selection, settings.scale)
    with without_cycle_collection():
        if fmt == "jsonl":
            return write_json_lines(out, COLUMNS, batches)
        return write_csv(out, batches, bom=bom)


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the claims stream through, a batch at a time.

    A batch holds tens of thousands of objects at once. Counting them, the collector would
    walk them, and every object the imports made, over and over and find no garbage: rows
    and columns make no reference cycles, and each batch is freed as the next one comes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def write_json_array(out: TextIO, items: Iterable[object]) -> int:
    """Items as `json.dumps(list(items), indent=2)` and a newline, written as they come.

    Returns how many items there were.
    """
    count, parts = 0, ["["]
    for count, item in enumerate(items, 1):
        parts.append(("\n  " if count == 1 else ",\n  ") + _nested(item))
        if count % BATCH == 0:
            out.write("".join(parts))
            parts.clear()
    parts.append("\n]\n" if count else "]\n")
    out.write("".join(parts))
    return count


_LINE = json.JSONEncoder(ensure_ascii=False)  # json.dumps would make one for every call


def _nested(item: object) -> str:
    return json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def write_json_objects(out: TextIO, batches: Iterable[list[dict]]) -> int:
    """Batches of objects as `json.dumps(objects, indent=2)` and a newline, in the same bytes.

    Values are strings, numbers, null and times (ISO 8601 with their zone, a naive one
    UTC). orjson writes each batch; a key holds one type, so the first object tells which
    keys hold floats, and floats orjson writes otherwise (1e-05, NaN) json writes.
    Returns how many objects there were.
    """
    import orjson

    write, count = _bytes_writer(out), 0
    for objects in batches:
        for key, value in objects[0].items():
            if isinstance(value, float) and not _same_floats([o[key] for o in objects]):
                for o in objects:
                    o[key] = orjson.Fragment(_LINE.encode(o[key]))
        array = orjson.dumps(objects, option=orjson.OPT_INDENT_2 | orjson.OPT_NAIVE_UTC)
        write((b",\n" if count else b"[\n") + array[2:-2])  # "[\n  {...},\n  {...}\n]"
        count += len(objects)
    write(b"\n]\n" if count else b"[]\n")
    return count


def write_json_lines(
    out: TextIO, keys: Sequence[str], batches: Iterable[Sequence[Sequence]]
) -> int:
    """Batches of columns (one per key) as JSON Lines: `json.dumps(object)` a line, in its bytes.

    Values are strings, numbers, null, times (ISO 8601 with their zone, a naive one UTC),
    lists and objects. Returns how many objects there were.
    """
    write, count = _bytes_writer(out), 0
    names = [_LINE.encode(key).encode() + b": " for key in keys]
    starts = [b"{" + names[0], *(b", " + name for name in names[1:])]
    for columns in batches:
        # A line is each key's start and its column's value in turn, then "}": one join
        # of the batch's pieces, quicker than formatting a template a line.
        pieces: list[Iterable[bytes]] = []
        for start, column in zip(starts, columns, strict=True):
            pieces += (repeat(start), _encode_column(column))
        lines = zip(*pieces, repeat(b"}\n"))
        write(b"".join(chain.from_iterable(lines)))
        count += len(columns[0])
    return count


def _bytes_writer(out: TextIO) -> Callable[[bytes], object]:
    """UTF-8 straight to the stream's bytes where it has them, without decoding them first.

    Only where the text would reach them unchanged: a UTF-8 stream that keeps "\\n" as is.
    """
    buffer = getattr(out, "buffer", None)
    utf8 = (getattr(out, "encoding", None) or "").lower().replace("-", "") == "utf8"
    if buffer is None or not utf8 or os.linesep != "\n":
        return lambda data: out.write(data.decode())
    out.flush()  # what was written as text comes first
    return buffer.write


def _encode_column(values: Sequence) -> list[bytes]:
    """Each value as JSON; orjson writes a whole column at once, one value a line.

    A column holds one type (as a database column does), so its first value tells which.
    Where orjson would write other bytes than json (floats below 1e-4 or not finite; lists
    and objects, which it writes across lines), json writes them.
    """
    import orjson

    first = next((v for v in values if v is not None), None)
    if isinstance(first, list | dict):
        return [_LINE.encode(v).encode() if v else _EMPTY[type(v)] for v in values]
    if isinstance(first, float) and not _same_floats(values):
        return [_LINE.encode(v).encode() for v in values]
    column = orjson.dumps(values, option=orjson.OPT_INDENT_2 | orjson.OPT_NAIVE_UTC)
    return column[4:-2].split(b",\n  ")  # "[\n  a,\n  b\n]": no value holds a newline


_EMPTY = {list: b"[]", dict: b"{}", type(None): b"null"}


def _same_floats(values: Sequence[float | None]) -> bool:
    """Whether orjson writes these as json does: null, 0, or finite and at least 1e-4 across."""
    written = list(filter(None, values))  # None and 0.0 are written alike
    return all(map(math.isfinite, written)) and min(map(abs, written), default=1.0) >= 1e-4


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
# Not columns of the claim table: the verdict's explanation, the evidence with its stances.
SUBSTANCE = ("verdict_note", "evidence")
COLUMNS = (*(key for key, _ in EXPORT_FIELDS), *SUBSTANCE)


def claim_columns(session: Session, selection: Selection, scale: Scale) -> Iterator[list]:
    """The selected claims in article and text order, a batch at a time, as columns (COLUMNS).

    Spans are [start, end) offsets into the article's text; no source is the outlet's own
    claim; the verdict is its label on the scale. Only the columns exported are read, so
    memory stays flat however many claims there are.
    """
    query = (
        select(*(_as_stored(field) for _, field in EXPORT_FIELDS), verdict_note_column())
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .join(Article, col(Claim.article_id) == col(Article.id))
        .where(*selection.conditions())
        .order_by(col(Claim.article_id), col(Claim.quote_start), col(Claim.id))
        .execution_options(yield_per=BATCH)
    )
    labels = {v.name: v.label for v in scale.verdicts}
    at = {key: i for i, key in enumerate(COLUMNS)}
    # Plain rows turned into columns, each finished at once: nothing here is changed, and
    # building objects would take longer than writing the rows out.
    for rows in session.connection().execute(query).partitions(BATCH):
        columns: list[Sequence] = list(zip(*rows, strict=True))
        ids, kinds, articles = (columns[at[k]] for k in ("claim_id", "source_type", "article_id"))
        columns[at["source_type"]] = [kind or SourceType.outlet.value for kind in kinds]
        columns[at["verdict"]] = list(map(labels.get, columns[at["status"]]))
        columns[at["updated_at"]] = iso_times(columns[at["updated_at"]])
        # In article order, a batch's claims are those of a run of articles, first to last.
        evidence = evidence_of_articles(session, articles[0], articles[-1])
        columns.append([_stances(evidence[i]) if i in evidence else [] for i in ids])
        yield columns


def _as_stored(field: object) -> object:
    """A column as the database driver hands it back: no type converts a time (see iso_times)."""
    kind = getattr(field, "type", None)
    if isinstance(getattr(kind, "impl", kind), DateTime):
        return type_coerce(field, NullType())
    return col(field)


def iso_times(times: Sequence[str | datetime | None]) -> Sequence[str | None]:
    """Stored times as ISO 8601 text in UTC with its zone, as `iso_utc` writes them.

    SQLite hands back the text SQLAlchemy stored, "YYYY-MM-DD HH:MM:SS.ffffff" in UTC: a
    column of just that is rewritten at once, "T" for the space and the zone added. Anything
    else (PostgreSQL's times, other text, no microseconds, which isoformat leaves out) is
    parsed and written a time at a time, which takes five times as long.
    """
    if times and isinstance(times[0], str) and None not in times:
        text = "\0".join(times) + "\0"
        if _all_stored_form(text, len(times)) and ".000000\0" not in text:
            return text.replace(" ", "T").replace("\0", "+00:00\0").split("\0")[:-1]
    return [None if t is None else _iso_utc(t) for t in times]


# A time as SQLAlchemy stores it in SQLite (UTC), any digit written 0, and a NUL after it.
_STORED_FORM = b"0000-00-00 00:00:00.000000\0"
_DIGITS_AS_0 = bytes.maketrans(b"123456789", b"000000000")


def _all_stored_form(text: str, count: int) -> bool:
    """Whether text is `count` times in _STORED_FORM (a regular expression took 20 times longer)."""
    return text.isascii() and text.encode().translate(_DIGITS_AS_0) == _STORED_FORM * count


def _iso_utc(time: str | datetime) -> str:
    at = datetime.fromisoformat(time) if isinstance(time, str) else time
    return iso_utc(at.astimezone(UTC) if at.tzinfo is not None else at)


def _stances(evidence: Iterable[dict]) -> list[dict]:
    return [{"url": e["url"], "stance": e["stance"], "note": e["note"]} for e in evidence]


def write_csv(out: TextIO, batches: Iterable[list[Sequence]], *, bom: bool = False) -> int:
    """CSV as spreadsheets read it: a header, CRLF rows, quoting where needed, no formulas.

    The bytes Python's csv module writes (its excel dialect), made a column at a time. A text
    cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
    apostrophe; the JSON Lines export keeps every value exactly. Evidence is "stance url"
    joined by "; "; times are ISO 8601 with their zone.
    """
    out.write(("\ufeff" if bom else "") + ",".join(COLUMNS) + "\r\n")
    count = 0
    for columns in batches:
        rows = zip(*map(_cells, columns), strict=True)
        out.write("\r\n".join(map(",".join, rows)) + "\r\n")
        count += len(columns[0])
    return count


def _cells(values: Sequence) -> Sequence[str]:
    """A column's values as CSV cells; None is an empty cell, as the csv module writes it."""
    first = next((v for v in values if v is not None), None)
    if isinstance(first, str):
        return _text_cells(values, formulas=True)
    if isinstance(first, list):  # evidence
        cells = ["; ".join(f"{e['stance']} {e['url']}" for e in v) if v else "" for v in values]
        return _text_cells(cells, formulas=False)
    if isinstance(first, datetime):  # as iso_utc writes them: naive ones are UTC
        zone = "+00:00" if first.tzinfo is None else ""
        return ["" if t is None else t.isoformat() + zone for t in values]
    if None in values:  # numbers, a column at a time
        return ["" if v is None else str(v) for v in values]
    return list(map(str, values))


def _text_cells(values: Sequence[str | None], *, formulas: bool) -> Sequence[str]:
    """Texts as cells: quoted where they hold a comma, a quote or a line end; no formulas.

    One search of the column's first characters, and one of its text joined, tells whether
    any cell needs it; most columns need neither, and are written as they are.
    """
    present = list(filter(None, values))  # neither None nor empty
    firsts = "".join(map(itemgetter(0), present)) if formulas else ""
    if any(start in firsts for start in _FORMULA_START):
        values = ["'" + v if v and v.startswith(_FORMULA_START) else v for v in values]
    if _needs_quotes("\0".join(present)):
        return [_quoted(v) for v in values]
    return values if len(present) == len(values) else [v or "" for v in values]


def _needs_quotes(text: str) -> bool:
    """Whether the csv module would quote this cell: a comma, a quote or a line end in it."""
    return "," in text or '"' in text or "\n" in text or "\r" in text


def _quoted(text: str | None) -> str:
    if not text:
        return ""
    return '"' + text.replace('"', '""') + '"' if _needs_quotes(text) else text
