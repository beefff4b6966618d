"""Fact-check reports: build plain report data from the database, render it with Jinja."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimtrack.models import Article, Claim, ExtractionRun, Source
from claimtrack.review import ClaimView, ReviewError, evidence_of, history, list_claims
from claimtrack.settings import load_settings

FORMATS = ("md", "html", "json")


@dataclass
class ClaimCard:
    id: int
    status: str
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
    verdict_note: str | None
    evidence: list[dict] = field(default_factory=list)


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
    anchor: bool = False  # the first run of that claim: the link target for "back to text"


@dataclass
class ArticleReport:
    id: int
    title: str
    url: str | None
    outlet: str | None
    author: str | None
    published: str | None
    status_counts: dict[str, int]
    sources: list[SourceGroup]
    segments: list[Segment]

    @property
    def claim_count(self) -> int:
        return sum(len(g.claims) for g in self.sources)


def build_article_report(session: Session, article_id: int) -> ArticleReport:
    article = session.get(Article, article_id)
    if article is None:
        raise ReviewError(f"no article {article_id}")
    views = list_claims(session, article_id=article_id)
    cards = {v.claim.id: _card(session, v) for v in views}
    groups: dict[tuple[str, str], list[ClaimCard]] = defaultdict(list)
    for v in views:
        key = (v.source.name, v.source.source_type) if v.source else ("The outlet", "outlet")
        groups[key].append(cards[v.claim.id])
    return ArticleReport(
        id=article.id,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        author=article.author,
        published=article.published_at.date().isoformat() if article.published_at else None,
        status_counts=dict(Counter(v.claim.status for v in views)),
        sources=[SourceGroup(name, kind, claims) for (name, kind), claims in groups.items()],
        segments=segments(article.text, [v.claim for v in views]),
    )


def _card(session: Session, view: ClaimView) -> ClaimCard:
    c = view.claim
    notes = [h.note for h in history(session, c.id) if h.field == "status" and h.note]
    return ClaimCard(
        id=c.id,
        status=c.status,
        rating=c.rating,
        claim=c.claim_text,
        quote=c.quote,
        start=c.quote_start,
        end=c.quote_end,
        cue=c.cue,
        sentence=view.sentence(),
        attribution=c.attribution,
        certainty=c.certainty,
        checkworthiness=c.checkworthiness,
        check_reason=c.check_reason,
        assignee=c.assignee,
        verdict_note=notes[-1] if notes else None,
        evidence=[
            {"url": e.url, "stance": e.stance, "note": e.note} for e in evidence_of(session, c.id)
        ],
    )


def segments(text: str, claims: list[Claim]) -> list[Segment]:
    """Cut the text at every claim boundary; overlapping claims show the innermost one."""
    cuts = sorted({0, len(text), *(c.quote_start for c in claims), *(c.quote_end for c in claims)})
    seen: set[int] = set()
    out: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [c for c in claims if c.quote_start <= start and end <= c.quote_end]
        if not covering:
            out.append(Segment(text[start:end]))
            continue
        inner = min(covering, key=lambda c: (c.quote_end - c.quote_start, c.id))
        out.append(Segment(text[start:end], inner.id, inner.status, anchor=inner.id not in seen))
        seen.add(inner.id)
    return out


def render_report(
    session: Session, article_ids: list[int], fmt: str, *, template: Path | None = None
) -> str:
    """One report covering the given articles, as md, html or json."""
    if fmt not in FORMATS:
        raise ReviewError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    reports = [build_article_report(session, i) for i in article_ids]
    if fmt == "json" and template is None:
        return json.dumps({"articles": [_report_dict(r) for r in reports]}, indent=2) + "\n"
    from claimtrack.templating import report_env

    kind = "html" if fmt == "html" else "md"
    if template is not None:
        if not template.is_file():
            raise ReviewError(f"{template}: no such template")
        env = report_env(kind, str(template.parent.resolve()))
        name = template.name
    else:
        env, name = report_env(kind), f"report.{fmt}.j2"
    return env.get_template(name).render(articles=reports, statuses=load_settings().scale.statuses)


def _report_dict(report: ArticleReport) -> dict:
    data = asdict(report)
    data.pop("segments")
    data["claim_count"] = report.claim_count
    return data


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
        raise ReviewError(f"no article {article_id}")
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
