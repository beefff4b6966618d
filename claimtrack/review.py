"""The review workflow: read claims, change status with an audit row, assign, add evidence."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import DateTime, case, func, type_coerce, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from claimtrack.domain import (
    DISMISSED,
    MERGED,
    OPEN_STATUSES,
    REJECTED,
    ClaimOrder,
    LinkKind,
    SourceType,
)
from claimtrack.errors import UserError
from claimtrack.matching import earlier_verdicts
from claimtrack.models import Article, Claim, ClaimLink, Evidence, Source, StatusChange, utcnow
from claimtrack.newsroom import Scale, load_settings
from claimtrack.search import QueryError, query_ids
from claimtrack.shown import in_shown_article, shown_claims, shown_evidence


class ReviewError(UserError):
    """A review action that cannot be done; the message is one line for the user."""


class Conflict(ReviewError):
    """Someone else changed the claim since it was read."""


@dataclass
class ClaimView:
    claim: Claim
    source: Source | None
    article: Article

    def as_dict(self) -> dict:
        owners = {Claim: self.claim, Source: self.source, Article: self.article}
        return _finish_claim_dict(
            {key: getattr(owners[field.class_], field.key, None) for key, field in CLAIM_FIELDS}
        )

    def sentence(self) -> str:
        """The sentence (or line) around the quote, for reading a claim in context."""
        return sentence_around(self.article.text, self.claim.quote_start, self.claim.quote_end)


# A claim as `claims list --json` and `claims show --json` show it: each key and its column.
CLAIM_FIELDS = (
    ("id", Claim.id), ("article_id", Claim.article_id), ("article_title", Article.title),
    ("article_url", Article.url), ("claim", Claim.claim_text), ("quote", Claim.quote),
    ("start", Claim.quote_start), ("end", Claim.quote_end), ("source", Source.name),
    ("source_type", Source.source_type), ("source_mention", Claim.source_mention),
    ("source_start", Claim.source_start), ("source_end", Claim.source_end),
    ("cue", Claim.cue), ("cue_start", Claim.cue_start), ("cue_end", Claim.cue_end),
    ("attribution", Claim.attribution), ("certainty", Claim.certainty),
    ("checkworthiness", Claim.checkworthiness), ("check_reason", Claim.check_reason),
    ("status", Claim.status), ("rating", Claim.rating), ("assignee", Claim.assignee),
    ("version", Claim.version), ("updated_at", Claim.updated_at),
)  # fmt: skip
CLAIM_KEYS = tuple(key for key, _ in CLAIM_FIELDS)
BATCH = 1000  # rows read (for ClaimReview, cards built) at a time by outputs of every claim


def _finish_claim_dict(data: dict) -> dict:
    data["source_type"] = data["source_type"] or SourceType.outlet.value  # the outlet's own
    data["updated_at"] = iso_utc(data["updated_at"])
    return data


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    right_candidates = [i for i in (text.find(p, end) for p in (". ", "? ", "! ", "\n")) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left + 1 if left >= 0 else 0 : right].split())


_ORDERS = {
    ClaimOrder.article: (col(Claim.article_id), col(Claim.quote_start), col(Claim.id)),
    ClaimOrder.checkworthiness: (col(Claim.checkworthiness).desc(), col(Claim.id)),
    ClaimOrder.updated: (col(Claim.updated_at).desc(), col(Claim.id).desc()),
    ClaimOrder.id: (col(Claim.id),),
}


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims `claims list` shows, and in what order; nothing set: every listed claim."""

    status: str | None = None  # rejected claims are listed only when asked for by status
    article_id: int | None = None
    source: str | None = None  # sources whose name contains this, any case
    assignee: str | None = None
    since: datetime | None = None  # extracted or changed at or after this
    min_checkworthiness: float | None = None
    sort: ClaimOrder = ClaimOrder.article

    def conditions(self) -> list:
        where = shown_claims(rejected=self.status == REJECTED)
        if self.status:
            where.append(col(Claim.status) == self.status)
        if self.article_id is not None:
            where.append(col(Claim.article_id) == self.article_id)
        if self.source:
            where.append(col(Source.key).contains(self.source.casefold(), autoescape=True))
        if self.assignee:
            where.append(col(Claim.assignee) == self.assignee)
        if self.since is not None:
            where.append(col(Claim.updated_at) >= self.since)
        if self.min_checkworthiness is not None:
            where.append(col(Claim.checkworthiness) >= self.min_checkworthiness)
        return where

    def check(self, scale: Scale) -> None:
        """Refuse a status nobody could have given, as `report` does."""
        known = (*scale.statuses, REJECTED)
        if self.status and self.status not in known:
            raise ReviewError(f"unknown status {self.status!r} (choose from {', '.join(known)})")


def list_claims(
    session: Session, filters: ClaimFilter = ClaimFilter(), *, limit: int | None = None
) -> list[ClaimView]:
    return _views(session, *filters.conditions(), order_by=_ORDERS[filters.sort], limit=limit)


def claim_dicts(
    session: Session, filters: ClaimFilter = ClaimFilter(), *, limit: int | None = None
) -> Iterator[list[dict]]:
    """The claims `list_claims` finds, as `ClaimView.as_dict` shows them, a batch at a time.

    But for `updated_at`, left a time (UTC) for the JSON writer. Only the columns shown are
    read, a batch at a time, so memory stays flat however many claims there are.
    """
    query = (
        select(*(output_column(field) for _, field in CLAIM_FIELDS))
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .join(Article, col(Claim.article_id) == col(Article.id))
        .where(*filters.conditions())
        .order_by(*_ORDERS[filters.sort])
        .limit(limit)
        .execution_options(yield_per=BATCH)
    )
    # Plain rows, not ORM objects: building objects would take longer than writing them out.
    for rows in session.connection().execute(query).partitions(BATCH):
        claims = [dict(zip(CLAIM_KEYS, row, strict=True)) for row in rows]
        aware = claims[0]["updated_at"].tzinfo is not None  # naive: SQLite's, UTC already
        for claim in claims:
            claim["source_type"] = claim["source_type"] or SourceType.outlet.value
            if aware:
                claim["updated_at"] = claim["updated_at"].astimezone(UTC)
        yield claims


def output_column(field: object) -> object:
    """A column as `claims list --json` reads it: a time without sqlmodel's UTC type.

    That type makes each time UTC a row at a time, which takes longer than the rest of the
    reading; where the database gives zones, `claim_dicts` converts them itself.
    """
    kind = getattr(field, "type", None)
    if isinstance(getattr(kind, "impl", kind), DateTime):
        return type_coerce(field, DateTime(timezone=True))
    return col(field)


def count_claims(session: Session, filters: ClaimFilter = ClaimFilter()) -> int:
    query = select(func.count(col(Claim.id))).outerjoin(
        Source, col(Claim.source_id) == col(Source.id)
    )
    return session.exec(query.where(*filters.conditions())).one()


def search_claims(session: Session, query: str, *, limit: int = 50) -> list[ClaimView]:
    """Full-text search over claim text, quote and source mention, best matches first."""
    try:
        ids = query_ids(session, query, limit=limit)
    except QueryError as exc:
        raise ReviewError(str(exc)) from None
    views = {v.claim.id: v for v in _views(session, col(Claim.id).in_(ids), *shown_claims())}
    return [views[i] for i in ids if i in views]


def _views(session: Session, *where, order_by=(), limit: int | None = None) -> list[ClaimView]:
    query = (
        select(Claim, Source)
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .where(*where)
        .order_by(*order_by)
        .limit(limit)
    )
    rows = session.exec(query).all()
    # Each article (and its text) is loaded once, however many of its claims are listed.
    ids = {claim.article_id for claim, _ in rows}
    articles = {a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(ids)))}
    return [ClaimView(claim, source, articles[claim.article_id]) for claim, source in rows]


def claim_row(session: Session, claim_id: int, *, lock: bool = False) -> Claim:
    """The claim as stored now; with `lock`, no other writer may change it until commit."""
    claim = session.get(Claim, claim_id, with_for_update=lock or None, populate_existing=lock)
    if claim is None:
        raise ReviewError(f"no claim {claim_id}")
    return claim


def get_claim(session: Session, claim_id: int) -> ClaimView:
    views = _views(session, col(Claim.id) == claim_id)
    if not views:
        raise ReviewError(f"no claim {claim_id}")
    return views[0]


def links_of(session: Session, claim_id: int) -> list[ClaimLink]:
    query = select(ClaimLink).where(
        (ClaimLink.claim_id == claim_id) | (ClaimLink.other_id == claim_id)
    )
    return list(session.exec(query.order_by(col(ClaimLink.id))))


def history(session: Session, claim_id: int) -> list[StatusChange]:
    """A claim's audit rows, with those of the claims merged into it, oldest first."""
    get_claim(session, claim_id)  # a clear error for an unknown id
    query = select(StatusChange).where(
        col(StatusChange.claim_id).in_(merged_into(session, claim_id))
    )
    return list(session.exec(query.order_by(col(StatusChange.at), col(StatusChange.id))))


def merged_into(session: Session, claim_id: int) -> set[int]:
    """The claim and every claim merged into it, directly or through another merged one."""
    found, frontier = {claim_id}, {claim_id}
    while frontier:
        query = select(ClaimLink.claim_id).where(
            col(ClaimLink.other_id).in_(frontier), ClaimLink.kind == LinkKind.merged
        )
        frontier = set(session.exec(query)) - found
        found |= frontier
    return found


def evidence_of(session: Session, claim_id: int) -> list[Evidence]:
    query = select(Evidence).where(Evidence.claim_id == claim_id, shown_evidence())
    query = query.order_by(col(Evidence.id))
    return list(session.exec(query))


def claim_detail(session: Session, claim_id: int) -> dict:
    """Everything about one claim: fields, sentence, links, evidence and history."""
    view = get_claim(session, claim_id)
    return view.as_dict() | {
        "sentence": view.sentence(),
        "links": [_link_dict(link, claim_id) for link in links_of(session, claim_id)],
        "evidence": [
            {"id": e.id, "url": e.url, "stance": e.stance, "note": e.note, "added_by": e.added_by}
            for e in evidence_of(session, claim_id)
        ],
        # why the claim has its verdict (or was dismissed, rejected): the note given with it
        "verdict_note": None
        if view.claim.status in OPEN_STATUSES
        else verdict_note(session, view.claim),
        "history": [change_dict(c) for c in history(session, claim_id)],
        "earlier_verdicts": earlier_verdicts_of(session, claim_id),
    }


def earlier_verdicts_of(session: Session, claim_id: int) -> list[dict]:
    """Verdicts already given to claims that match this one, newest first."""
    verdicts = load_settings().scale.names
    return [
        {
            "claim_id": c.id,
            "article_id": c.article_id,
            "status": c.status,
            "quote": c.quote,
            "note": verdict_note(session, c),
        }  # fmt: skip
        for c in earlier_verdicts(session, claim_id, verdicts)
    ]


def verdict_note(session: Session, claim: Claim) -> str | None:
    """The explanation given with the claim's current status: the note of the change to it."""
    return verdict_notes(session, {claim.id: claim.status}).get(claim.id)


def verdict_notes(session: Session, statuses: dict[int, str]) -> dict[int, str | None]:
    """For claims (id -> status now), the note of each one's latest change to that status."""
    notes: dict[int, str | None] = {}
    if not statuses:
        return notes
    query = (
        select(StatusChange.claim_id, StatusChange.to_value, StatusChange.note)
        .where(col(StatusChange.claim_id).in_(list(statuses)), StatusChange.field == "status")
        .order_by(col(StatusChange.id))
    )
    for claim_id, to_value, note in session.exec(query):
        if to_value == statuses[claim_id]:
            notes[claim_id] = note
    return notes


def verdict_note_column() -> object:
    """The note `verdict_notes` finds, as a column of a claims query; null for an open claim."""
    latest = (
        select(StatusChange.note)
        .where(
            col(StatusChange.claim_id) == col(Claim.id),
            StatusChange.field == "status",
            col(StatusChange.to_value) == col(Claim.status),
        )
        .order_by(col(StatusChange.id).desc())
        .limit(1)
        .scalar_subquery()
    )
    return case((col(Claim.status).not_in(OPEN_STATUSES), latest), else_=None)


def _link_dict(link: ClaimLink, claim_id: int) -> dict:
    outgoing = link.claim_id == claim_id
    return {
        "kind": link.kind,
        "claim_id": link.other_id if outgoing else link.claim_id,
        "direction": "to" if outgoing else "from",
        "score": link.score,
    }


def change_dict(change: StatusChange) -> dict:
    return {
        "id": change.id,
        "claim_id": change.claim_id,
        "at": iso_utc(change.at),
        "actor": change.actor,
        "field": change.field,
        "from": change.from_value,
        "to": change.to_value,
        "note": change.note,
    }


def check_evidence_url(url: str) -> str:
    """An evidence URL as given, if it is a web address (http or https, with a host)."""
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.hostname and not _BLANK.search(url):
        return url
    shown = url if len(url) <= 60 else url[:57] + "..."
    raise ReviewError(f"evidence must be an http(s) URL, not {shown!r}")


_BLANK = re.compile(r"[\s\x00-\x1f\x7f]")


def add_evidence(
    session: Session, claim_id: int, url: str, *, stance: str, note: str | None, actor: str
) -> Evidence:
    check_evidence_url(url)
    get_claim(session, claim_id)
    item = Evidence(claim_id=claim_id, url=url, stance=stance, note=note, added_by=actor)
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def set_status(
    session: Session,
    claim_id: int,
    status: str,
    *,
    actor: str,
    note: str | None = None,
    evidence: tuple[str, ...] = (),
    expected_version: int | None = None,
    scale: Scale | None = None,
) -> Claim:
    """Change a claim's status; the audit row, evidence and the change commit together.

    `expected_version` is the version the reviewer saw: if anyone changed the claim since,
    nothing is written and `Conflict` names who did and when. Without it the change applies to
    the claim as it is: it is read under a row lock (SQLite's write lock does that for every
    writer) and, should another writer still get in first or PostgreSQL ask for a retry, read
    again and tried again, up to WRITE_ATTEMPTS times. The rules for changing a verdict or a
    dismissal apply to each reading.
    """
    change = StatusUpdate(status, actor=actor, note=note, scale=scale or load_settings().scale)
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            claim = claim_row(session, claim_id, lock=expected_version is None)
            change.apply(session, claim, expected_version=expected_version, evidence=evidence)
            session.commit()
            return claim
        except Conflict:
            if expected_version is not None or attempt == WRITE_ATTEMPTS:
                raise
        except DBAPIError as exc:
            session.rollback()
            if not _worth_retrying(exc):
                raise
        time.sleep(random.uniform(0, 0.01 * attempt))  # let the other writer finish first
    raise Conflict(
        f"claim {claim_id} is being changed by others right now; nothing was saved, try again"
    )


WRITE_ATTEMPTS = 5
# PostgreSQL's "try the transaction again": a serialization failure and a broken deadlock.
_RETRY_SQLSTATES = frozenset({"40001", "40P01"})


def _worth_retrying(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES


def set_status_many(
    session: Session, claim_ids: list[int], status: str, *, actor: str, note: str | None = None
) -> list[Claim]:
    """Change many claims in one transaction: all of them, or (on any refusal) none; returns them.

    The claims are locked (in id order, so two bulk changes cannot deadlock) before they are
    read, so the change applies to them as they are, as a plain `set_status` does.
    """
    change = StatusUpdate(status, actor=actor, note=note, scale=load_settings().scale)
    locked = select(Claim.id).where(col(Claim.id).in_(claim_ids)).order_by(col(Claim.id))
    session.exec(locked.with_for_update()).all()
    claims = [v.claim for v in _views(session, col(Claim.id).in_(claim_ids))]
    missing = set(claim_ids) - {c.id for c in claims}
    if missing:
        raise ReviewError(f"no claim {', '.join(map(str, sorted(missing)))}")
    for claim in claims:
        change.apply(session, claim)
    session.commit()
    return claims


def check_status(status: str, scale: Scale | None = None) -> None:
    """Refuse a status the rating scale (by default the configured one) does not know."""
    statuses = (scale or load_settings().scale).statuses
    if status not in statuses:
        raise ReviewError(f"unknown status {status!r} (choose from {', '.join(statuses)})")


@dataclass
class StatusUpdate:
    """One reviewer's status change, checked against the scale and the workflow rules."""

    status: str
    actor: str
    note: str | None
    scale: Scale
    needs_note: bool | None = None  # a verdict needs a note; None: as claimtrack.toml says

    def __post_init__(self) -> None:
        check_status(self.status, self.scale)
        if self.needs_note is None:
            self.needs_note = load_settings().verdict_needs_note
        if self.needs_note and self.scale.verdict(self.status) and not (self.note or "").strip():
            raise ReviewError(
                f"a verdict ({self.status}) needs --note: the explanation readers see with it "
                "(claimtrack.toml: [review] verdict_needs_note = false turns this off)"
            )

    def apply(
        self,
        session: Session,
        claim: Claim,
        *,
        expected_version: int | None = None,
        evidence: tuple[str, ...] = (),
    ) -> None:
        for url in evidence:
            check_evidence_url(url)
        if claim.status == MERGED:
            session.rollback()
            raise ReviewError(merged_refusal(session, claim.id))
        if self.status != claim.status and not (self.note and self.note.strip()):
            refusal = _settled_refusal(claim)
            if refusal:
                session.rollback()
                raise ReviewError(refusal)
        previous, verdict = claim.status, self.scale.verdict(self.status)
        seen = expected_version if expected_version is not None else claim.version
        rating = verdict.value if verdict else None
        update_versioned(session, claim, seen, status=self.status, rating=rating)
        session.add(
            StatusChange(
                claim_id=claim.id, field="status", from_value=previous,
                to_value=self.status, note=self.note, actor=self.actor,
            )
        )  # fmt: skip
        for url in evidence:
            session.add(Evidence(claim_id=claim.id, url=url, stance="context", added_by=self.actor))


def merged_refusal(session: Session, claim_id: int) -> str:
    into = session.exec(
        select(ClaimLink.other_id).where(
            ClaimLink.claim_id == claim_id, ClaimLink.kind == LinkKind.merged
        )
    ).first()
    return f"claim {claim_id} was merged into claim {into}: change that one"


def _settled_refusal(claim: Claim) -> str | None:
    """Why changing this claim needs a note, if it does: it was settled, under any scale.

    The scale loaded now need not be the one the claim was rated under, so a verdict is any
    status outside the open ones and dismissal, not only the names this scale knows.
    """
    if claim.status in OPEN_STATUSES:
        return None
    if claim.status == DISMISSED:
        return (
            f"claim {claim.id} is {claim.status!r} (not check-worthy); "
            "changing that needs --note saying why"
        )
    return (
        f"claim {claim.id} already has the verdict {claim.status!r}; "
        "changing a verdict needs --note saying why"
    )


def review_queue(
    session: Session,
    *,
    reviewer: str | None = None,
    limit: int | None = None,
    mine_first: str | None = None,
) -> list[ClaimView]:
    """Claims awaiting review, most check-worthy first; a reviewer's own and unassigned ones.

    With `mine_first`, the claims assigned to that person come before all others.
    """
    order = (col(Claim.checkworthiness).desc(), col(Claim.id))
    if mine_first:
        # A CASE, not the comparison: PostgreSQL sorts its NULLs (unassigned) first.
        order = (case((col(Claim.assignee) == mine_first, 0), else_=1), *order)
    return _views(session, *_waiting(reviewer), order_by=order, limit=limit)


def count_waiting(session: Session, *, reviewer: str | None = None) -> int:
    """How many claims the queue holds, however many of them a page shows."""
    return session.exec(select(func.count(col(Claim.id))).where(*_waiting(reviewer))).one()


def _waiting(reviewer: str | None) -> list:
    where = [col(Claim.status).in_(OPEN_STATUSES), in_shown_article()]
    if reviewer:
        where.append((col(Claim.assignee) == reviewer) | col(Claim.assignee).is_(None))
    return where


def claim_ids_where(session: Session, *, article_id: int | None, status: str | None) -> list[int]:
    """Ids of the claims a bulk change by filter would touch."""
    query = select(Claim.id).order_by(col(Claim.id))
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
    if status:
        query = query.where(Claim.status == status)
    return list(session.exec(query))


def assign(session: Session, claim_id: int, assignee: str | None, *, actor: str) -> Claim:
    claim = claim_row(session, claim_id, lock=True)
    previous = claim.assignee
    update_versioned(session, claim, claim.version, assignee=assignee)
    session.add(
        StatusChange(
            claim_id=claim_id, field="assignee", from_value=previous,
            to_value=assignee, actor=actor,
        )
    )  # fmt: skip
    session.commit()
    return claim


def update_versioned(session: Session, claim: Claim, seen: int, **values: object) -> None:
    result = session.exec(  # type: ignore[call-overload]
        update(Claim)
        .where(col(Claim.id) == claim.id, col(Claim.version) == seen)
        .values(version=seen + 1, updated_at=utcnow(), **values)
    )
    if result.rowcount == 1:
        return
    session.rollback()
    raise Conflict(_conflict_message(session, claim.id))


def _conflict_message(session: Session, claim_id: int) -> str:
    last = session.exec(
        select(StatusChange)
        .where(StatusChange.claim_id == claim_id)
        .order_by(col(StatusChange.id).desc())
    ).first()
    if last is None:
        return f"claim {claim_id} was changed by someone else; nothing was saved, look again"
    return (
        f"claim {claim_id} was changed by {last.actor} at {format_utc(last.at)} "
        f"({last.field} now {last.to_value!r}); nothing was saved: "
        f"look again with `claimtrack claims show {claim_id}`"
    )


def format_utc(at: datetime) -> str:
    """A moment as history, conflicts and reports show it: `2026-11-27 10:57:49 UTC`.

    Stored times come back aware; a naive one is taken to be UTC already. isoformat is much
    quicker than strftime, which tells in a desk report of thousands of status changes.
    """
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(" ", "seconds") + " UTC"


def iso_utc(at: datetime) -> str:
    """A moment as JSON shows it: ISO 8601 with its zone; a naive one is taken to be UTC."""
    return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).isoformat()
