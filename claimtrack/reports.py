"""Fact-check reports: select claims, build plain report data, render it with Jinja.

Article reports show each article's text with every claim highlighted, then its claims by
source. The desk view covers a selection (every claim, some statuses, a date, a source): counts
by status, the sources quoted most, the check-worthy claims still waiting, then the verdicts
with their notes, evidence and history. However many claims a report covers, its data comes
from a fixed handful of queries, never one per claim.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimtrack.domain import DISMISSED, OPEN_STATUSES, SourceType
from claimtrack.models import Article, Claim, Evidence, ExtractionRun, Source, StatusChange
from claimtrack.review import ReviewError, sentence_around
from claimtrack.settings import Scale, load_settings

FORMATS = ("md", "html", "json")
CHECKWORTHY = 0.5  # an open claim at or above this is "waiting" on the desk
DESK_LIMIT = 50  # waiting claims and sources listed on the desk; the rest are only counted
ANONYMOUS_TYPES = frozenset({SourceType.anonymous.value, SourceType.anonymous_official.value})
OUTLET = ("The outlet", SourceType.outlet.value)  # how a claim with no source is shown
_CHUNK = 900  # ids per IN (...): below every supported database's parameter limit


class ReportError(ReviewError):
    """A report or export that cannot be made; the message is one line for the user."""


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
        where = []
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


class Tally(NamedTuple):
    """Just enough of a claim to count it, rank its source and decide whether the desk shows it."""

    id: int
    article_id: int
    status: str
    checkworthiness: float
    source: str | None  # None: the outlet's own claim
    source_type: str | None


def tally_claims(session: Session, selection: Selection) -> list[Tally]:
    """Every selected claim, lightly: one query, no ORM objects, cheap for 10,000 claims."""
    query = (
        select(
            Claim.id, Claim.article_id, Claim.status, Claim.checkworthiness, Source.name,
            Source.source_type,
        )
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .where(*selection.conditions())
        .order_by(col(Claim.id))
    )  # fmt: skip
    return [Tally(*row) for row in session.exec(query)]


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
    evidence = _evidence(session, ids)
    return [
        _card(row, scale, changes.get(row.claim.id, []), evidence.get(row.claim.id, []))
        for row in rows
    ]


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
                {"id": change_id, "at": _when(at), "actor": actor, "from": before, "to": after,
                 "note": note}
            )  # fmt: skip
    return by_claim


def _evidence(session: Session, ids: list[int]) -> dict[int, list[dict]]:
    by_claim: dict[int, list[dict]] = defaultdict(list)
    columns = (Evidence.claim_id, Evidence.url, Evidence.title, Evidence.stance, Evidence.note)
    for chunk in _chunks(sorted(set(ids))):
        query = select(*columns).where(col(Evidence.claim_id).in_(chunk)).order_by(Evidence.id)
        for claim_id, url, title, stance, note in session.exec(query):
            by_claim[claim_id].append({"url": url, "title": title, "stance": stance, "note": note})
    return by_claim


def _card(row: Row, scale: Scale, history: list[dict], evidence: list[dict]) -> ClaimCard:
    c, article = row.claim, row.article
    source, source_type = (row.source.name, row.source.source_type) if row.source else OUTLET
    verdict_change = _verdict_change(scale, c, history)
    return ClaimCard(
        id=c.id, article_id=c.article_id, article_title=article.title, article_url=article.url,
        article_outlet=article.outlet, article_author=article.author,
        article_published=_date(article.published_at),
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


def _date(at: datetime | None) -> str | None:
    return at.date().isoformat() if at else None


def _when(at: datetime) -> str:
    """As `claimtrack history` shows it; isoformat is much quicker than strftime."""
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "seconds") + " UTC"


# --- article reports ------------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    tone: str
    count: int


@dataclass
class SourceGroup:
    name: str
    source_type: str
    claims: list[ClaimCard]


@dataclass
class Segment:
    """A run of article text; claim_id is set when the run lies inside a claim's quote."""

    text: str
    claim_id: int | None = None
    status: str | None = None
    tone: str | None = None
    anchor: bool = False  # the first run of that claim: the link target for "back to text"
    hidden: list[int] = field(default_factory=list)  # claims wholly under others: anchors here


@dataclass
class ArticleReport:
    id: int
    title: str
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    status_counts: dict[str, int]
    status_rows: list[StatusCount]
    sources: list[SourceGroup]
    segments: list[Segment]

    @property
    def claim_count(self) -> int:
        return sum(len(g.claims) for g in self.sources)


def status_rows(scale: Scale, counts: Counter[str]) -> list[StatusCount]:
    """Non-zero counts in workflow order; statuses the scale no longer knows come last."""
    order = [*scale.statuses, *sorted(set(counts) - set(scale.statuses))]
    return [
        StatusCount(s, status_label(scale, s), status_tone(scale, s), counts[s])
        for s in order
        if counts[s]
    ]


def build_article_reports(
    session: Session, articles: list[Article], scale: Scale
) -> tuple[list[ArticleReport], list[ClaimCard]]:
    """One report per article, in the order given; also every card, for the JSON-LD."""
    selection = Selection(tuple(a.id for a in articles))
    cards = claim_cards(session, select_rows(session, selection), scale)
    by_article: dict[int, list[ClaimCard]] = defaultdict(list)
    for card in cards:
        by_article[card.article_id].append(card)
    return [_article_report(a, by_article[a.id], scale) for a in articles], cards


def _article_report(article: Article, cards: list[ClaimCard], scale: Scale) -> ArticleReport:
    groups: dict[tuple[str, str], list[ClaimCard]] = defaultdict(list)
    for card in cards:
        groups[(card.source, card.source_type)].append(card)
    counts = Counter(card.status for card in cards)
    return ArticleReport(
        id=article.id,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        author=article.author,
        published=_date(article.published_at),
        status_counts=dict(counts),
        status_rows=status_rows(scale, counts),
        sources=[SourceGroup(name, kind, claims) for (name, kind), claims in groups.items()],
        segments=segments(article.text, cards),
    )


def segments(text: str, cards: list[ClaimCard]) -> list[Segment]:
    """Cut the text at every claim boundary; overlapping claims show the innermost one."""
    cuts = sorted({0, len(text), *(c.start for c in cards), *(c.end for c in cards)})
    seen: set[int] = set()
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [c for c in cards if c.start <= start and end <= c.end]
        if not covering:
            out.append(Segment(text[start:end]))
            continue
        inner = min(covering, key=lambda c: (c.end - c.start, c.id))
        out.append(
            Segment(text[start:end], inner.id, inner.status, inner.tone, inner.id not in seen)
        )
        seen.add(inner.id)
    _anchor_hidden(out, [c for c in cards if c.id not in seen])
    return out


def _anchor_hidden(out: list[Segment], hidden: list[ClaimCard]) -> None:
    """A claim covered wholly by others still needs a place for its card to link back to."""
    for card in hidden:
        offset = 0
        for segment in out:
            if offset >= card.start:
                segment.hidden.append(card.id)
                break
            offset += len(segment.text)
        else:
            out[-1].hidden.append(card.id)


# --- the desk view --------------------------------------------------------------------------


@dataclass
class SourceRank:
    name: str
    source_type: str
    claims: int
    articles: int
    anonymous: bool


@dataclass
class DeskReport:
    scope: list[str]
    claim_count: int
    article_count: int
    status_counts: dict[str, int]
    status_rows: list[StatusCount]
    sources: list[SourceRank]  # the most quoted first, at most DESK_LIMIT
    source_count: int
    attributed: int  # claims with a source (not the outlet's own)
    anonymous: int  # of those, claims from anonymous sources
    waiting: list[ClaimCard]  # open and check-worthy, most check-worthy first
    waiting_count: int
    verdicts: list[ClaimCard]  # newest verdict first

    @property
    def anonymous_share(self) -> float | None:
        return self.anonymous / self.attributed if self.attributed else None


def build_desk_report(session: Session, selection: Selection, scale: Scale) -> DeskReport:
    """Counts and ranks over every selected claim; full cards only for the claims shown."""
    tallies = tally_claims(session, selection)
    waiting = sorted((t for t in tallies if _waiting(t)), key=lambda t: (-t.checkworthiness, t.id))
    judged = [t.id for t in tallies if scale.verdict(t.status)]
    shown = [t.id for t in waiting[:DESK_LIMIT]]
    cards = claim_cards(session, rows_of(session, shown + judged), scale)
    ranked = rank_sources(tallies)
    attributed = [t for t in tallies if t.source is not None]
    counts = Counter(t.status for t in tallies)
    return DeskReport(
        scope=selection.describe(),
        claim_count=len(tallies),
        article_count=len({t.article_id for t in tallies}),
        status_counts=dict(counts),
        status_rows=status_rows(scale, counts),
        sources=ranked[:DESK_LIMIT],
        source_count=len(ranked),
        attributed=len(attributed),
        anonymous=sum(t.source_type in ANONYMOUS_TYPES for t in attributed),
        waiting=cards[: len(shown)],
        waiting_count=len(waiting),
        verdicts=sorted(cards[len(shown) :], key=_verdict_order, reverse=True),
    )


def _verdict_order(card: ClaimCard) -> tuple[str, int, int]:
    latest_change = max((h["id"] for h in card.history), default=0)  # audit ids only grow
    return (card.verdict_date or "", latest_change, card.id)


def _waiting(tally: Tally) -> bool:
    return tally.status in OPEN_STATUSES and tally.checkworthiness >= CHECKWORTHY


def rank_sources(tallies: list[Tally]) -> list[SourceRank]:
    """Sources by how often they are quoted; anonymous ones are grouped by how they are named."""
    claims: Counter[tuple[str, str]] = Counter()
    articles: dict[tuple[str, str], set[int]] = defaultdict(set)
    for t in tallies:
        if t.source is not None and t.source_type is not None:
            claims[(t.source, t.source_type)] += 1
            articles[(t.source, t.source_type)].add(t.article_id)
    ranked = sorted(claims, key=lambda k: (-claims[k], k[0].casefold(), k[1]))
    return [
        SourceRank(name, kind, claims[(name, kind)], len(articles[(name, kind)]),
                   kind in ANONYMOUS_TYPES)
        for name, kind in ranked
    ]  # fmt: skip


# --- rendering -------------------------------------------------------------------------------


class Built(NamedTuple):
    context: dict  # what templates get: `articles` or `desk`
    cards: list[ClaimCard]  # the cards whose verdicts the HTML embeds as ClaimReview


def render_report(
    session: Session,
    selection: Selection,
    fmt: str,
    *,
    desk: bool = False,
    template: Path | None = None,
) -> str:
    """A report as md, html or json: of the selected articles, or the desk view.

    The desk view is made when `desk` is set or the selection filters claims; otherwise the
    selection must name articles.
    """
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    settings = load_settings()
    selection.check(settings.scale)
    built = _build(session, selection, settings.scale, desk=desk)
    if fmt == "json" and template is None:
        return report_json(built.context) + "\n"
    from claimtrack.exports import claim_reviews  # exports builds on this module

    reviews = claim_reviews(built.cards, settings) if fmt == "html" else []
    context = built.context | {
        "scale": settings.scale,
        "statuses": settings.scale.statuses,
        "newsroom": settings.newsroom,
        "claim_reviews": reviews,
    }
    return _render(fmt, template, "desk" if context["desk"] else "report", context)


def _build(session: Session, selection: Selection, scale: Scale, *, desk: bool) -> Built:
    if desk or selection.filtered:
        report = build_desk_report(session, selection, scale)
        return Built({"articles": [], "desk": report}, report.verdicts)
    if not selection.article_ids:
        raise ReportError("name the articles to report on, or use --all for the desk view")
    found = load_articles(session, selection.article_ids)
    missing = [i for i in selection.article_ids if i not in found]
    if missing:
        raise ReportError(f"no article {missing[0]}")
    articles = [found[i] for i in dict.fromkeys(selection.article_ids)]
    reports, cards = build_article_reports(session, articles, scale)
    return Built({"articles": reports, "desk": None}, cards)


def _render(fmt: str, template: Path | None, kind: str, context: dict) -> str:
    from jinja2 import TemplateError

    from claimtrack.templating import report_env

    if template is None:
        return report_env(fmt).get_template(f"{kind}.{fmt}.j2").render(context)
    if not template.is_file():
        raise ReportError(f"{template}: no such template")
    env = report_env(template_kind(template, fmt), str(template.parent.resolve()))
    try:
        return env.get_template(template.name).render(context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise ReportError(f"{template}{f', line {line}' if line else ''}: {exc}") from None


def template_kind(template: Path, fmt: str) -> str:
    """How a newsroom's template is escaped: by its name (x.html.j2, x.md.j2), else --format."""
    suffixes = [s.lower() for s in template.suffixes]
    if ".html" in suffixes or ".htm" in suffixes:
        return "html"
    if ".md" in suffixes or fmt == "md":
        return "md"
    if fmt == "html":
        return "html"
    raise ReportError(f"{template}: name it *.html.j2 or *.md.j2, or pass --format md or html")


def report_json(context: dict) -> str:
    if context["desk"] is not None:
        desk = context["desk"]
        data = asdict(desk) | {"anonymous_share": desk.anonymous_share}
        data.pop("status_rows")
        return json.dumps({"desk": data}, indent=2, ensure_ascii=False)
    return json.dumps(
        {"articles": [_article_dict(r) for r in context["articles"]]}, indent=2, ensure_ascii=False
    )


def _article_dict(report: ArticleReport) -> dict:
    data = asdict(report)
    for key in ("segments", "status_rows"):
        data.pop(key)
    data["claim_count"] = report.claim_count
    return data


# --- listings used by `articles` and `sources` -----------------------------------------------


def article_summaries(session: Session) -> list[dict]:
    counts = (
        select(Article.id, Article.title, Article.url, func.count(col(Claim.id)))
        .outerjoin(Claim, col(Claim.article_id) == col(Article.id))
        .group_by(col(Article.id))
        .order_by(col(Article.id))
    )
    return [
        {"id": i, "title": title, "url": url, "claims": n}
        for i, title, url, n in session.exec(counts)
    ]


def article_detail(session: Session, article_id: int) -> dict:
    article = session.get(Article, article_id)
    if article is None:
        raise ReportError(f"no article {article_id}")
    runs = session.exec(
        select(ExtractionRun)
        .where(ExtractionRun.article_id == article_id)
        .order_by(col(ExtractionRun.id))
    )
    data = article.model_dump(mode="json")
    data["runs"] = [
        run.model_dump(mode="json") | {"tokens": f"{run.input_tokens}+{run.output_tokens}"}
        for run in runs
    ]
    return data


def source_counts(session: Session) -> list[dict]:
    query = (
        select(Source.name, Source.source_type, func.count(col(Claim.id)))
        .join(Claim, col(Claim.source_id) == col(Source.id))
        .group_by(col(Source.id))
        .order_by(func.count(col(Claim.id)).desc(), col(Source.name))
    )
    return [{"name": n, "source_type": t, "claims": c} for n, t, c in session.exec(query)]
