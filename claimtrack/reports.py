"""Fact-check reports: build plain report data from claim cards, render it with Jinja.

Article reports show each article's text with every claim highlighted, then its claims by
source. The desk view covers a selection (every claim, some statuses, a date, a source): counts
by status, the sources quoted most, the check-worthy claims still waiting, then the verdicts
with their notes, evidence and history. However many claims a report covers, its data comes
from a fixed handful of queries, never one per claim.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from sqlmodel import Session, col, select

from claimtrack.cards import (
    ClaimCard,
    Selection,
    claim_cards,
    iso_date,
    load_articles,
    rows_of,
    select_rows,
    status_label,
    status_tone,
)
from claimtrack.charts import Chart, desk_charts
from claimtrack.claimreview import claim_reviews
from claimtrack.domain import OPEN_STATUSES, SourceType
from claimtrack.errors import ReportError
from claimtrack.models import Article, Claim, Source
from claimtrack.newsroom import Scale, load_settings
from claimtrack.review import iso_utc
from claimtrack.speakers import desk_timelines

FORMATS = ("md", "html", "json")
CHECKWORTHY = 0.5  # an open claim at or above this is "waiting" on the desk
DESK_LIMIT = 50  # waiting claims and sources listed on the desk; the rest are only counted
ANONYMOUS_TYPES = frozenset({SourceType.anonymous.value, SourceType.anonymous_official.value})


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
        published=iso_date(article.published_at),
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
    said: list[dict] = field(default_factory=list)  # its latest claims, oldest first
    earlier: int = 0  # claims before those, left to `claimtrack speakers show`


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
    charts: list[Chart] = field(default_factory=list)  # the desk at a glance

    @property
    def anonymous_share(self) -> float | None:
        return self.anonymous / self.attributed if self.attributed else None


class Tally(NamedTuple):
    """Just enough of a claim to count it, rank its source and decide whether the desk shows it."""

    id: int
    article_id: int
    status: str
    checkworthiness: float
    source: str | None  # None: the outlet's own claim
    source_type: str | None
    outlet: str | None  # the article's
    created_at: datetime  # when the claim was extracted (or added)
    verdict: bool = False  # set once the scale is known: the status is one of its verdicts


def tally_claims(session: Session, selection: Selection) -> list[Tally]:
    """Every selected claim, lightly: one query, no ORM objects, cheap for 10,000 claims."""
    query = (
        select(
            Claim.id, Claim.article_id, Claim.status, Claim.checkworthiness, Source.name,
            Source.source_type, Article.outlet, Claim.created_at,
        )
        .outerjoin(Source, col(Claim.source_id) == col(Source.id))
        .join(Article, col(Claim.article_id) == col(Article.id))
        .where(*selection.conditions())
        .order_by(col(Claim.id))
    )  # fmt: skip
    return [Tally(*row) for row in session.exec(query)]


def build_desk_report(session: Session, selection: Selection, scale: Scale) -> DeskReport:
    """Counts and ranks over every selected claim; full cards only for the claims shown."""
    tallies = [
        t._replace(verdict=bool(scale.verdict(t.status))) for t in tally_claims(session, selection)
    ]
    waiting = sorted((t for t in tallies if _waiting(t)), key=lambda t: (-t.checkworthiness, t.id))
    judged = [t.id for t in tallies if t.verdict]
    shown = [t.id for t in waiting[:DESK_LIMIT]]
    cards = claim_cards(session, rows_of(session, shown + judged), scale)
    ranked = rank_sources(tallies)
    desk_timelines(session, ranked[:DESK_LIMIT], tallies, scale)
    attributed = [t for t in tallies if t.source is not None]
    counts = Counter(t.status for t in tallies)
    rows = status_rows(scale, counts)
    verdict_dates = [c.verdict_date for c in cards[len(shown) :]]
    return DeskReport(
        scope=selection.describe(),
        claim_count=len(tallies),
        article_count=len({t.article_id for t in tallies}),
        status_counts=dict(counts),
        status_rows=rows,
        sources=ranked[:DESK_LIMIT],
        source_count=len(ranked),
        attributed=len(attributed),
        anonymous=sum(t.source_type in ANONYMOUS_TYPES for t in attributed),
        waiting=cards[: len(shown)],
        waiting_count=len(waiting),
        verdicts=sorted(cards[len(shown) :], key=_verdict_order, reverse=True),
        charts=desk_charts(rows, tallies, verdict_dates),
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
    # Embedded for search engines only once the newsroom has said who publishes them.
    publishable = fmt == "html" and settings.publisher_missing() is None
    reviews = claim_reviews(built.cards, settings) if publishable else []
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
        _iso_history([*data["waiting"], *data["verdicts"]])
        return json.dumps({"desk": data}, indent=2, ensure_ascii=False)
    return json.dumps(
        {"articles": [_article_dict(r) for r in context["articles"]]}, indent=2, ensure_ascii=False
    )


def _article_dict(report: ArticleReport) -> dict:
    data = asdict(report)
    for key in ("segments", "status_rows"):
        data.pop(key)
    data["claim_count"] = report.claim_count
    _iso_history([card for group in data["sources"] for card in group["claims"]])
    return data


def _iso_history(cards: list[dict]) -> None:
    """In JSON a status change's time is ISO 8601 with its zone, as in every --json output."""
    for card in cards:
        for change in card["history"]:
            change["at"] = iso_utc(change.pop("moment"))
