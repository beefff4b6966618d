"""Store one article's extraction in one transaction: all of it or none of it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from claimtrack.domain import PRONOUNS, Extraction, FoundClaim, LinkKind, SourceType
from claimtrack.ingest import Document
from claimtrack.matching import link_matches
from claimtrack.models import (
    Article,
    Claim,
    ClaimLink,
    ExtractionRun,
    LLMCache,
    Source,
    SourceAlias,
    utcnow,
)
from claimtrack.newsroom import load_settings
from claimtrack.text import CLOSING_QUOTES, OPENING_QUOTES, RIGHT_SINGLE

NAMED_TYPES = {SourceType.named_person, SourceType.named_organization, SourceType.document}
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass
class Stored:
    article_id: int
    run_id: int | None
    stored: int
    rejected: int
    already_stored: int = 0


def normalise_source(name: str) -> tuple[str, str]:
    """Display name and matching key: "the Ministry's" -> ("Ministry", "ministry")."""
    display = " ".join(name.split()).strip(" ,.:;" + OPENING_QUOTES + CLOSING_QUOTES)
    display = re.sub(rf"(?:'s|{RIGHT_SINGLE}s)$", "", display)
    display = re.sub(r"^(?:the|a|an)\s+", "", display)  # lowercase only: keeps "The Times"
    display = display[:1].upper() + display[1:]
    return display, _LEADING_ARTICLE.sub("", display).casefold()


def find_article(session: Session, sha256: str, *, lock: bool = False) -> Article | None:
    """The article with this content; `lock` holds its row to the end of the transaction
    (PostgreSQL: a second writer of the same article waits; SQLite's writers wait anyway)."""
    query = select(Article).where(Article.content_sha256 == sha256)
    return session.exec(query.with_for_update() if lock else query).first()


def extracted_before(session: Session, article_id: int, extractor: str, prompt: str | None) -> bool:
    query = select(ExtractionRun.id).where(
        ExtractionRun.article_id == article_id,
        ExtractionRun.extractor == extractor,
        ExtractionRun.error.is_(None),  # type: ignore[union-attr]
    )
    if prompt is not None:
        query = query.where(ExtractionRun.prompt_sha256 == prompt)
    return session.exec(query).first() is not None


def extracted_articles(
    session: Session, hashes: list[str], extractor: str, prompt: str | None
) -> dict[str, int]:
    """Of these content hashes, those already extracted this way: hash -> article id."""
    query = (
        select(Article.content_sha256, Article.id)
        .join(ExtractionRun, ExtractionRun.article_id == Article.id)  # type: ignore[arg-type]
        .where(
            Article.content_sha256.in_(hashes),  # type: ignore[union-attr]
            ExtractionRun.extractor == extractor,
            ExtractionRun.error.is_(None),  # type: ignore[union-attr]
        )
    )
    if prompt is not None:
        query = query.where(ExtractionRun.prompt_sha256 == prompt)
    return dict(session.exec(query).all())


def store_extraction(
    session: Session,
    doc: Document,
    extraction: Extraction,
    *,
    started_at: datetime | None = None,
    verdicts: tuple[str, ...] | None = None,
    unless_done: bool = False,
    commit: bool = True,
) -> Stored | None:
    """Insert the article (if new), the run, its sources, claims and links; then commit
    (unless `commit` is false: the caller commits it, with others).

    `started_at` is when the extraction began, so the run records how long it took;
    `verdicts` are the rating scale's (default: the configured scale's), for matching.
    `unless_done`: store nothing and return None if the article has a run of this extractor
    and prompt already (another process stored it since this one looked).

    The content hash is unique, so two workers storing the same new article cannot both
    succeed: the loser's transaction fails on the article row and nothing of it is kept. An
    article stored before is locked first, so the second writer sees the first one's run.
    """
    article = find_article(session, doc.sha256, lock=True)
    if article is None:
        article = _add_article(session, doc)
    elif unless_done and extracted_before(
        session, article.id, extraction.extractor, extraction.prompt_sha256
    ):
        return None
    run = _add_run(session, article.id, extraction)
    run.started_at = started_at or run.started_at
    existing = {
        (c.quote_start, c.quote_end)
        for c in session.exec(select(Claim).where(Claim.article_id == article.id))
    }
    rows: list[Claim | None] = []
    for found in extraction.claims:
        if (found.content.start, found.content.end) in existing:
            rows.append(None)
            continue
        existing.add((found.content.start, found.content.end))
        rows.append(_add_claim(session, doc.text, article.id, run.id, found))
    session.flush()
    _link_disputes(session, extraction.claims, rows)
    verdicts = verdicts if verdicts is not None else load_settings().scale.names
    link_matches(session, [r for r in rows if r is not None], verdicts)
    run.claims_stored = sum(r is not None for r in rows)
    run.finished_at = utcnow()
    session.add(run)
    if commit:
        session.commit()
    return Stored(
        article_id=article.id,
        run_id=run.id,
        stored=run.claims_stored,
        rejected=run.claims_rejected,
        already_stored=len(rows) - run.claims_stored,
    )


def _add_article(session: Session, doc: Document) -> Article:
    article = Article(
        url=doc.url,
        title=doc.title,
        outlet=doc.outlet,
        author=doc.author,
        published_at=doc.published_at,
        text=doc.text,
        content_sha256=doc.sha256,
        source_format=doc.source_format,
    )
    session.add(article)
    session.flush()
    return article


def _add_run(session: Session, article_id: int, extraction: Extraction) -> ExtractionRun:
    run = ExtractionRun(
        article_id=article_id,
        extractor=extraction.extractor,
        prompt_sha256=extraction.prompt_sha256,
        input_tokens=extraction.input_tokens,
        output_tokens=extraction.output_tokens,
        cost_usd=extraction.cost_usd,
        cached=extraction.cached,
        claims_rejected=sum(not (r.kept or r.dropped) for r in extraction.rejected),
        rejections=json.dumps([vars(r) for r in extraction.rejected])
        if extraction.rejected
        else None,
    )
    session.add(run)
    session.flush()
    return run


def _add_claim(
    session: Session, text: str, article_id: int, run_id: int, found: FoundClaim
) -> Claim:
    source = _source_for(session, found, article_id) if found.source or found.speaker else None
    claim = Claim(
        article_id=article_id,
        source_id=source.id if source else None,
        extraction_run_id=run_id,
        quote=found.content.of(text),
        quote_start=found.content.start,
        quote_end=found.content.end,
        source_mention=found.source_span.of(text) if found.source_span else found.source,
        source_start=found.source_span.start if found.source_span else None,
        source_end=found.source_span.end if found.source_span else None,
        cue=found.cue_span.of(text) if found.cue_span else found.cue,
        cue_start=found.cue_span.start if found.cue_span else None,
        cue_end=found.cue_span.end if found.cue_span else None,
        claim_text=found.claim,
        attribution=found.attribution,
        certainty=found.certainty,
        checkworthiness=round(found.checkworthiness, 3),
        check_reason=found.reason,
    )
    session.add(claim)
    return claim


def find_source(session: Session, key: str, scope: str) -> Source | None:
    """The source known by this key in this scope, by its name or by an earlier one."""
    source = session.exec(select(Source).where(Source.key == key, Source.scope == scope)).first()
    if source is not None:
        return source
    alias = select(SourceAlias.source_id).where(SourceAlias.key == key, SourceAlias.scope == scope)
    return session.exec(select(Source).where(col(Source.id).in_(alias))).first()


def _source_for(session: Session, found: FoundClaim, article_id: int) -> Source:
    """The claim's source: the speaker the article names, else the words at the cue. A named
    one is shared across articles; any other (officials, a pronoun) is the article's own."""
    name, key = normalise_source(found.speaker or found.source or "")
    words = key.split() or [""]
    shared = found.source_type in NAMED_TYPES and not {words[0], words[-1]} & PRONOUNS
    scope = "" if shared else f"article:{article_id}"
    query = select(Source).where(Source.key == key, Source.scope == scope)
    source = find_source(session, key, scope)
    if source is not None:
        return source
    try:
        with session.begin_nested():  # another worker may insert the same named source now
            source = Source(name=name, key=key, scope=scope, source_type=found.source_type)
            session.add(source)
        return source
    except IntegrityError:
        return session.exec(query).one()


def _link_disputes(session: Session, found: list[FoundClaim], rows: list[Claim | None]) -> None:
    for item, row in zip(found, rows, strict=True):
        if row is None or item.disputes is None or not 0 <= item.disputes < len(rows):
            continue
        other = rows[item.disputes]
        if other is not None and other is not row:
            session.add(ClaimLink(claim_id=row.id, other_id=other.id, kind=LinkKind.disputes))


def add_cached_answer(session: Session, key: str, model: str, response: str) -> None:
    """Add an LLM answer to the cache in the session's transaction, unless it is there."""
    if session.get(LLMCache, key) is None:
        session.add(LLMCache(key=key, model=model, response=response))


def cached_answer(session: Session, key: str) -> str | None:
    """The cached LLM answer under this key, if any (asked before every model call: one column)."""
    return session.exec(select(LLMCache.response).where(LLMCache.key == key)).first()


def list_runs(
    session: Session, *, article_id: int | None = None, extractor: str | None = None
) -> list[ExtractionRun]:
    """Extraction runs, newest first, of one article or one extractor if asked."""
    query = select(ExtractionRun).order_by(ExtractionRun.id.desc())  # type: ignore[union-attr]
    if article_id is not None:
        query = query.where(ExtractionRun.article_id == article_id)
    if extractor is not None:
        query = query.where(ExtractionRun.extractor == extractor)
    return list(session.exec(query))


def run_record(run: ExtractionRun) -> dict:
    """One run as plain data: what it cost, how long it took, what it stored and rejected."""
    seconds = None
    if run.finished_at and run.started_at:
        seconds = round((run.finished_at - run.started_at).total_seconds(), 3)
    return {
        "id": run.id,
        "article_id": run.article_id,
        "model": run.extractor,
        "prompt_sha256": run.prompt_sha256,
        "schema_version": run.schema_version,
        "started_at": run.started_at,
        "seconds": seconds,
        "input_tokens": run.input_tokens,
        "output_tokens": run.output_tokens,
        "cost_usd": run.cost_usd,
        "cached": run.cached,
        "claims_stored": run.claims_stored,
        "claims_rejected": run.claims_rejected,
    }


def run_totals(records: list[dict]) -> dict:
    """Sums over run records: tokens, cost, time, claims stored and rejected.

    The cost sums the runs whose price is known; it is None, not $0, where no run's price is
    known (a local model, the rules).
    """
    costs = [r["cost_usd"] for r in records if r["cost_usd"] is not None]
    return {
        "runs": len(records),
        "input_tokens": sum(r["input_tokens"] for r in records),
        "output_tokens": sum(r["output_tokens"] for r in records),
        "cost_usd": round(sum(costs), 6) if costs else None,
        "seconds": round(sum(r["seconds"] or 0.0 for r in records), 3),
        "claims_stored": sum(r["claims_stored"] for r in records),
        "claims_rejected": sum(r["claims_rejected"] for r in records),
        "cached": sum(1 for r in records if r["cached"]),
    }
