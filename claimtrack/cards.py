"""Claim cards: which claims a report or export covers, and each claim as every report shows it.

A `Selection` says which claims; `select_rows` and `rows_of` fetch them with their sources and
articles, and `claim_cards` makes each one a `ClaimCard`, the view the report templates and the
ClaimReview export share, with its verdict, evidence and history. However many claims there
are, that takes a fixed handful of queries, never one per claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam
from sqlmodel import Session, col, select

from claimtrack.domain import ADDED, DISMISSED, OPEN_STATUSES, SourceType
from claimtrack.errors import ReportError
from claimtrack.models import Article, Claim, Evidence, Source, StatusChange
from claimtrack.newsroom import Scale
from claimtrack.review import format_utc, sentence_around
from claimtrack.shown import shown_claims, shown_evidence

OUTLET = ("The outlet", SourceType.outlet.value)  # how a claim with no source is shown
_CHUNK = 900  # ids per IN (...): below every supported database's parameter limit


# --- the selection: which claims, with their sources and articles ----------------------------


@dataclass(frozen=True)
class Selection:
    """Which claims a report or export covers. Nothing set means every claim."""

    article_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    since: datetime | None = None  # claims extracted or changed at or after this (UTC)
    source: str | None = None  # sources whose name contains this, any case

    @classmethod
    def parse(
        cls,
        *,
        article_ids: Iterable[int] = (),
        statuses: Iterable[str] = (),
        since: str | None = None,
        source: str | None = None,
    ) -> Selection:
        """A selection from command-line values; `since` is YYYY-MM-DD (UTC)."""
        return cls(tuple(article_ids), tuple(statuses), _parse_date(since), source or None)

    @property
    def filtered(self) -> bool:
        return bool(self.statuses or self.since or self.source)

    def conditions(self) -> list:
        where = shown_claims()
        if self.article_ids:
            where.append(col(Claim.article_id).in_(self.article_ids))
        if self.statuses:
            where.append(col(Claim.status).in_(self.statuses))
        if self.since:
            where.append(col(Claim.updated_at) >= self.since)
        if self.source:
            where.append(col(Source.key).contains(self.source.casefold(), autoescape=True))
        return where

    def describe(self) -> list[str]:
        """What the selection covers, in words, for a report's header."""
        parts = []
        if self.article_ids:
            parts.append("articles " + ", ".join(str(i) for i in self.article_ids))
        if self.statuses:
            parts.append("status " + " or ".join(self.statuses))
        if self.since:
            parts.append(f"changed since {self.since.date().isoformat()}")
        if self.source:
            parts.append(f"sources matching {self.source!r}")
        return parts or ["all claims"]

    def check(self, scale: Scale) -> None:
        unknown = [s for s in self.statuses if s not in scale.statuses]
        if unknown:
            raise ReportError(
                f"unknown status {unknown[0]!r} (choose from {', '.join(scale.statuses)})"
            )


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise ReportError(f"--since {value!r}: expected a date as YYYY-MM-DD") from None


class Row(NamedTuple):
    """One selected claim with its source (None: the outlet's own claim) and article."""

    claim: Claim
    source: Source | None
    article: Article


def select_rows(session: Session, selection: Selection) -> list[Row]:
    """The selected claims in article and text order: two queries, whatever their number."""
    query = (
        select(Claim, Source)
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .where(*selection.conditions())
        .order_by(col(Claim.article_id), col(Claim.quote_start), col(Claim.id))
    )
    pairs = session.exec(query).all()
    articles = load_articles(session, {claim.article_id for claim, _ in pairs})
    return [Row(claim, source, articles[claim.article_id]) for claim, source in pairs]


def rows_of(session: Session, claim_ids: list[int]) -> list[Row]:
    """Full rows for these claims, in the order given; a query per 900 claims."""
    found: dict[int, tuple[Claim, Source | None]] = {}
    for chunk in _chunks(sorted(set(claim_ids))):
        query = (
            select(Claim, Source)
            .outerjoin(Source, col(Claim.source_id) == col(Source.id))
            .where(col(Claim.id).in_(chunk))
        )
        found |= {claim.id: (claim, source) for claim, source in session.exec(query)}
    articles = load_articles(session, {claim.article_id for claim, _ in found.values()})
    return [Row(*found[i], articles[found[i][0].article_id]) for i in claim_ids]


def load_articles(session: Session, ids: Iterable[int]) -> dict[int, Article]:
    found: dict[int, Article] = {}
    for chunk in _chunks(sorted(set(ids))):
        found |= {a.id: a for a in session.exec(select(Article).where(col(Article.id).in_(chunk)))}
    return found


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


# --- claim cards: one claim as every report shows it -----------------------------------------


@dataclass
class ClaimCard:
    id: int
    article_id: int
    article_title: str
    article_url: str | None
    article_outlet: str | None
    article_author: str | None
    article_published: str | None  # YYYY-MM-DD
    source: str
    source_type: str
    status: str
    label: str  # the status as readers see it: the scale's label for a verdict
    tone: str  # good | middling | bad | open | dismissed | unrated: what the colour says
    rating: int | None
    claim: str
    quote: str
    start: int
    end: int
    cue: str | None
    sentence: str
    attribution: str
    certainty: str
    checkworthiness: float
    check_reason: str
    assignee: str | None
    verdict_note: str | None = None
    verdict_date: str | None = None  # YYYY-MM-DD of the status change that gave the verdict
    added_by: str | None = None  # the reviewer who added a claim the extractor missed
    evidence: list[dict] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)  # status changes, oldest first


def status_label(scale: Scale, status: str) -> str:
    verdict = scale.verdict(status)
    return verdict.label if verdict else status.replace("_", " ").capitalize()


def status_tone(scale: Scale, status: str) -> str:
    """Where a status sits on the scale, so colours need no status names."""
    if status in OPEN_STATUSES:
        return "open"
    if status == DISMISSED:
        return "dismissed"
    verdict = scale.verdict(status)
    best, worst = scale.best, scale.worst
    if verdict is None or verdict.value is None or best is None or worst is None or best == worst:
        return "unrated"
    share = (verdict.value - worst) / (best - worst)
    return "good" if share >= 0.7 else "bad" if share <= 0.4 else "middling"


def claim_cards(session: Session, rows: list[Row], scale: Scale) -> list[ClaimCard]:
    """Cards for the rows, with history and evidence fetched in batches, not per claim."""
    ids = [row.claim.id for row in rows]
    changes = _status_changes(session, ids)
    evidence = evidence_by_claim(session, ids)
    added = _added_by(session, ids)
    cards = [
        _card(row, scale, changes.get(row.claim.id, []), evidence.get(row.claim.id, []))
        for row in rows
    ]
    for card in cards:
        card.added_by = added.get(card.id)
    return cards


def _added_by(session: Session, ids: list[int]) -> dict[int, str]:
    """Who added each claim a reviewer added (the audit row `claim: None -> added`)."""
    found: dict[int, str] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = select(StatusChange.claim_id, StatusChange.actor).where(
            col(StatusChange.claim_id).in_(chunk), StatusChange.field == "claim",
            StatusChange.to_value == ADDED,
        )  # fmt: skip
        found |= dict(session.exec(query).all())
    return found


def _status_changes(session: Session, ids: list[int]) -> dict[int, list[dict]]:
    by_claim: dict[int, list[dict]] = defaultdict(list)
    columns = (
        StatusChange.id, StatusChange.claim_id, StatusChange.at, StatusChange.actor,
        StatusChange.from_value, StatusChange.to_value, StatusChange.note,
    )  # fmt: skip
    for chunk in _chunks(sorted(set(ids))):
        query = (
            select(*columns)
            .where(col(StatusChange.claim_id).in_(chunk), StatusChange.field == "status")
            .order_by(col(StatusChange.at), col(StatusChange.id))
        )
        for change_id, claim_id, at, actor, before, after, note in session.exec(query):
            by_claim[claim_id].append(
                {"id": change_id, "at": format_utc(at), "actor": actor, "from": before, "to": after,
                 "note": note, "moment": at}  # at: as text shows it; moment: for JSON
            )  # fmt: skip
    return by_claim


def evidence_by_claim(session: Session, ids: list[int]) -> dict[int, list[dict]]:
    """Each claim's evidence (not removed), oldest first; a query per 900 claims."""
    by_claim: dict[int, list[dict]] = defaultdict(list)
    for chunk in _chunks(sorted(set(ids))):
        _add_evidence(session, by_claim, col(Evidence.claim_id).in_(chunk))
    return by_claim


def evidence_of_articles(session: Session, first: int, last: int) -> dict[int, list[dict]]:
    """The evidence of every claim of the articles `first` to `last` (ids), as above.

    One query with two values, for a run of claims in article order, however many claims.
    """
    by_claim: dict[int, list[dict]] = defaultdict(list)
    rows = session.connection().execute(_evidence_of_articles(), {"first": first, "last": last})
    _collect_evidence(by_claim, rows)
    return by_claim


@cache
def _evidence_of_articles() -> Select:
    """Built once, its values bound: an export runs it for every batch of claims."""
    articles = col(Claim.article_id).between(bindparam("first"), bindparam("last"))
    return (
        select(*_EVIDENCE_COLUMNS)
        .join(Claim, col(Claim.id) == col(Evidence.claim_id))
        .where(articles, shown_evidence())
        .order_by(Evidence.id)
    )


def _add_evidence(session: Session, by_claim: dict[int, list[dict]], where: object) -> None:
    query = select(*_EVIDENCE_COLUMNS).where(where, shown_evidence()).order_by(Evidence.id)
    _collect_evidence(by_claim, session.exec(query))


_EVIDENCE_COLUMNS = (
    Evidence.claim_id, Evidence.url, Evidence.title, Evidence.stance, Evidence.note
)  # fmt: skip


def _collect_evidence(by_claim: dict[int, list[dict]], rows: Iterable) -> None:
    for claim_id, url, title, stance, note in rows:
        by_claim[claim_id].append({"url": url, "title": title, "stance": stance, "note": note})


def _card(row: Row, scale: Scale, history: list[dict], evidence: list[dict]) -> ClaimCard:
    c, article = row.claim, row.article
    source, source_type = (row.source.name, row.source.source_type) if row.source else OUTLET
    verdict_change = _verdict_change(scale, c, history)
    return ClaimCard(
        id=c.id, article_id=c.article_id, article_title=article.title, article_url=article.url,
        article_outlet=article.outlet, article_author=article.author,
        article_published=iso_date(article.published_at),
        source=source, source_type=source_type, status=c.status,
        label=status_label(scale, c.status), tone=status_tone(scale, c.status), rating=c.rating,
        claim=c.claim_text, quote=c.quote, start=c.quote_start, end=c.quote_end, cue=c.cue,
        sentence=sentence_around(article.text, c.quote_start, c.quote_end),
        attribution=c.attribution, certainty=c.certainty, checkworthiness=c.checkworthiness,
        check_reason=c.check_reason, assignee=c.assignee,
        verdict_note=verdict_change["note"] if verdict_change else None,
        verdict_date=_verdict_date(scale, c, verdict_change),
        evidence=evidence, history=history,
    )  # fmt: skip


def _verdict_change(scale: Scale, claim: Claim, history: list[dict]) -> dict | None:
    """The latest status change to a verdict, if the claim has a verdict now."""
    if not scale.verdict(claim.status):
        return None
    return next((h for h in reversed(history) if scale.verdict(h["to"] or "")), None)


def _verdict_date(scale: Scale, claim: Claim, change: dict | None) -> str | None:
    if change:
        return change["at"][:10]
    return claim.updated_at.date().isoformat() if scale.verdict(claim.status) else None


def iso_date(at: datetime | None) -> str | None:
    return at.date().isoformat() if at else None
