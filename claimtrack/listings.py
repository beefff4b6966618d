"""Listings: the stored articles and sources, as `claimtrack articles` and `sources` show them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from claimtrack.domain import HIDDEN_STATUSES
from claimtrack.errors import ReportError
from claimtrack.models import Article, ArticleChange, Claim, ExtractionRun, Source
from claimtrack.review import iso_utc
from claimtrack.shown import shown_claims


def article_summaries(session: Session, *, removed: bool = False) -> list[dict]:
    """The articles with their listed claims; with `removed`, the removed articles instead."""
    shown = (col(Claim.article_id) == col(Article.id)) & col(Claim.status).not_in(HIDDEN_STATUSES)
    gone = col(Article.removed_at).is_not(None) if removed else col(Article.removed_at).is_(None)
    counts = (
        select(Article.id, Article.title, Article.url, func.count(col(Claim.id)))
        .outerjoin(Claim, shown)
        .where(gone)
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
    data = _fields(article)
    data["runs"] = [
        _fields(run) | {"tokens": f"{run.input_tokens}+{run.output_tokens}"} for run in runs
    ]
    data["changes"] = [  # removals and restorations, oldest first
        {k: v for k, v in _fields(change).items() if k != "article_id"}
        for change in session.exec(
            select(ArticleChange)
            .where(ArticleChange.article_id == article_id)
            .order_by(col(ArticleChange.id))
        )
    ]
    return data


def _fields(row: SQLModel) -> dict:
    """A row's fields in the table's order, times in ISO 8601 with their zone as in all --json."""
    values = {name: getattr(row, name) for name in type(row).model_fields}
    return {k: iso_utc(v) if isinstance(v, datetime) else v for k, v in values.items()}


def source_counts(session: Session) -> list[dict]:
    query = (
        select(Source.id, Source.name, Source.source_type, func.count(col(Claim.id)))
        .join(Claim, col(Claim.source_id) == col(Source.id))
        .where(*shown_claims())
        .group_by(col(Source.id))
        .order_by(func.count(col(Claim.id)).desc(), col(Source.name))
    )
    return [
        {"id": i, "name": n, "source_type": t, "claims": c} for i, n, t, c in session.exec(query)
    ]
