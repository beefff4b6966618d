"""What one speaker said over time: their claims across articles, with the verdicts given."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimtrack.cards import status_label, status_tone
from claimtrack.domain import OPEN_STATUSES
from claimtrack.errors import UserError
from claimtrack.models import Article, Claim, Source, SourceAlias
from claimtrack.review import iso_utc, verdict_notes
from claimtrack.shown import shown_claims
from claimtrack.store import normalise_source


def speaker_record(session: Session, name: str) -> dict:
    """A speaker (by id or name, old names included) and their claims, oldest first.

    Anonymous sources are kept per article ("critics" in one story are not those in the
    next), so a name like "Critics" gathers each article's own.
    """
    sources = _sources_named(session, name)
    when = func.coalesce(col(Article.published_at), col(Article.ingested_at))
    rows = session.exec(
        select(Claim, Article, when)
        .join(Article, col(Claim.article_id) == col(Article.id))
        .where(col(Claim.source_id).in_([s.id for s in sources]), *shown_claims())
        .order_by(when, col(Claim.article_id), col(Claim.quote_start))
    ).all()
    return {
        "name": sources[0].name,
        "source_type": sources[0].source_type,
        "source_ids": [s.id for s in sources],
        "claims": _claims(session, rows),
    }


def _sources_named(session: Session, name: str) -> list[Source]:
    if name.isdigit():
        source = session.get(Source, int(name))
        if source is None:
            raise UserError(f"no source {name}")
        return [source]
    _, key = normalise_source(name)
    aliased = select(SourceAlias.source_id).where(SourceAlias.key == key)
    found = session.exec(
        select(Source)
        .where((col(Source.key) == key) | col(Source.id).in_(aliased))
        .order_by(col(Source.id))
    ).all()
    if not found:
        raise UserError(f"no speaker named {name!r} (claimtrack sources list shows them)")
    return list(found)


def _claims(session: Session, rows) -> list[dict]:
    settled = {c.id: c.status for c, _, _ in rows if c.status not in OPEN_STATUSES}
    notes = verdict_notes(session, settled)
    return [_claim(claim, article, at, notes.get(claim.id)) for claim, article, at in rows]


def _claim(claim: Claim, article: Article, at, note: str | None) -> dict:
    return {
        "id": claim.id,
        "date": iso_utc(at)[:10],
        "article_id": article.id,
        "article_title": article.title,
        "article_url": article.url,
        "claim": claim.claim_text,
        "quote": claim.quote,
        "cue": claim.cue,
        "status": claim.status,
        "rating": claim.rating,
        "verdict_note": note,
    }


TIMELINE = 10  # a speaker's latest claims the desk report lists; `speakers show` has them all


def desk_timelines(session: Session, sources: list, tallies: list, scale) -> None:
    """Give each ranked source of a desk report its latest claims, oldest first (`said`), and
    how many earlier ones it leaves to `claimtrack speakers show` (`earlier`)."""
    wanted = {(s.name, s.source_type): s for s in sources}
    ids = [t.id for t in tallies if (t.source, t.source_type) in wanted]
    when = func.coalesce(col(Article.published_at), col(Article.ingested_at))
    by_source: dict[tuple[str, str], list[dict]] = {key: [] for key in wanted}
    for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
        rows = session.exec(
            select(Claim.id, Claim.claim_text, Claim.status, Article.id, Article.title, when,
                   Source.name, Source.source_type)
            .join(Article, col(Claim.article_id) == col(Article.id))
            .join(Source, col(Claim.source_id) == col(Source.id))
            .where(col(Claim.id).in_(chunk))
        )  # fmt: skip
        for claim_id, text, status, article_id, title, at, name, kind in rows:
            by_source[(name, kind)].append(
                {"id": claim_id, "claim": text, "status": status,
                 "label": status_label(scale, status), "tone": status_tone(scale, status),
                 "article_id": article_id, "article_title": title, "date": iso_utc(at)[:10]}
            )  # fmt: skip
    for key, source in wanted.items():
        said = sorted(by_source[key], key=lambda c: (c["date"], c["id"]))
        source.said, source.earlier = said[-TIMELINE:], max(0, len(said) - TIMELINE)
