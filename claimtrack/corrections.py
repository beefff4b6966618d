"""Reviewers correct the record: notes, undo, junk articles, bad evidence, sources' names.

Nothing here rewrites the audit. A note is a row of its own; an undo is a new change that
puts the old value back and names the change it reverts.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from claimtrack.models import (
    Article,
    ArticleChange,
    Claim,
    Evidence,
    Source,
    SourceAlias,
    StatusChange,
    utcnow,
)
from claimtrack.newsroom import load_settings
from claimtrack.review import ReviewError, claim_row, update_versioned
from claimtrack.store import find_source, normalise_source

NOTE = "note"  # the audit field of a note: it changes nothing on the claim
UNDOABLE = ("status", "assignee")
_UNDO_NOTE = "undo of change #{id}"
_UNDO_OF = re.compile(r"^undo of change #(\d+)$")
MAX_NOTE = 10_000  # characters: a note explains a verdict, it does not hold the evidence


def add_note(session: Session, claim_id: int, text: str, *, actor: str) -> StatusChange:
    """A reviewer's note on a claim, in its history, without changing its status."""
    text = text.strip()
    if not text:
        raise ReviewError("a note needs some text")
    if len(text) > MAX_NOTE:
        raise ReviewError(f"a note is at most {MAX_NOTE:,} characters (this one has {len(text):,})")
    claim_row(session, claim_id)
    change = StatusChange(claim_id=claim_id, field=NOTE, note=text, actor=actor)
    session.add(change)
    session.commit()
    session.refresh(change)
    return change


def undo(session: Session, *, actor: str) -> StatusChange:
    """Revert `actor`'s last status or assignment change that is not undone yet.

    The revert is a new audit row naming the change it undoes. It is refused when anyone
    else has changed that claim since, or when the claim no longer holds the changed value.
    """
    target = _last_undoable(session, actor)
    claim = claim_row(session, target.claim_id)
    _refuse_if_changed_since(session, target, actor)
    current = getattr(claim, target.field)
    if current != target.to_value:
        raise ReviewError(
            f"claim {claim.id}'s {target.field} is {current!r}, not {target.to_value!r} "
            f"as change #{target.id} left it; nothing was undone"
        )
    values: dict[str, object] = {target.field: target.from_value}
    if target.field == "status":
        verdict = load_settings().scale.verdict(target.from_value or "")
        values["rating"] = verdict.value if verdict else None
    update_versioned(session, claim, claim.version, **values)
    change = StatusChange(
        claim_id=claim.id, field=target.field, from_value=target.to_value,
        to_value=target.from_value, note=_UNDO_NOTE.format(id=target.id), actor=actor,
    )  # fmt: skip
    session.add(change)
    session.commit()
    session.refresh(change)
    return change


def _last_undoable(session: Session, actor: str) -> StatusChange:
    changes = session.exec(
        select(StatusChange)
        .where(StatusChange.actor == actor, StatusChange.field != NOTE)
        .order_by(col(StatusChange.id).desc())
    )
    undone: set[int] = set()
    for change in changes:
        reverted = _reverts(change)
        if reverted is not None:
            undone.add(reverted)
        elif change.field not in UNDOABLE:
            raise ReviewError(
                f"{actor}'s last change is to claim {change.claim_id}'s {change.field} "
                "(change #{id}); undo takes back status and assignment changes only: "
                "correct it with claimtrack claims edit".format(id=change.id)
            )
        elif change.id not in undone:
            return change
    raise ReviewError(f"{actor} has no change left to undo")


def _reverts(change: StatusChange) -> int | None:
    """The id of the change this one undoes, if it is an undo."""
    match = _UNDO_OF.match(change.note or "")
    return int(match.group(1)) if match else None


def _refuse_if_changed_since(session: Session, target: StatusChange, actor: str) -> None:
    later = session.exec(
        select(StatusChange)
        .where(
            StatusChange.claim_id == target.claim_id,
            col(StatusChange.id) > target.id,
            StatusChange.actor != actor,
            StatusChange.field != NOTE,
        )
        .order_by(col(StatusChange.id))
    ).first()
    if later is not None:
        raise ReviewError(
            f"claim {target.claim_id} was changed by {later.actor} after change #{target.id} "
            f"({later.field} now {later.to_value!r}); nothing was undone"
        )


def remove_article(session: Session, article_id: int, *, actor: str, note: str | None) -> Article:
    """Take an article (a caption-only page, junk) out of lists, queue, reports and exports.

    Nothing is deleted: `restore_article` brings it back, and both are in its audit.
    """
    article = _article(session, article_id)
    if article.removed_at is not None:
        raise ReviewError(f"article {article_id} is already removed")
    return _mark_article(session, article, utcnow(), "removed", actor=actor, note=note)


def restore_article(session: Session, article_id: int, *, actor: str, note: str | None) -> Article:
    article = _article(session, article_id)
    if article.removed_at is None:
        raise ReviewError(f"article {article_id} is not removed")
    return _mark_article(session, article, None, "restored", actor=actor, note=note)


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise ReviewError(f"no article {article_id}")
    return article


def _mark_article(
    session: Session, article: Article, removed_at, action: str, *, actor: str, note: str | None
) -> Article:
    # Only if nobody marked it meanwhile: two reviewers removing at once make one change.
    result = session.exec(  # type: ignore[call-overload]
        update(Article)
        .where(col(Article.id) == article.id, _same(col(Article.removed_at), article.removed_at))
        .values(removed_at=removed_at)
    )
    if result.rowcount != 1:
        session.rollback()
        raise ReviewError(f"article {article.id} was changed by someone else; look again")
    session.add(ArticleChange(article_id=article.id, action=action, note=note, actor=actor))
    session.commit()
    session.refresh(article)
    return article


def _same(column, value):
    return column.is_(None) if value is None else column == value


def remove_evidence(
    session: Session, evidence_id: int, *, actor: str, note: str | None
) -> Evidence:
    """Take a piece of evidence off its claim; the claim's history says who, when and why."""
    item = session.get(Evidence, evidence_id)
    if item is None or item.removed_at is not None:
        raise ReviewError(f"no evidence {evidence_id}")
    result = session.exec(  # type: ignore[call-overload]
        update(Evidence)
        .where(col(Evidence.id) == evidence_id, col(Evidence.removed_at).is_(None))
        .values(removed_at=utcnow())
    )
    if result.rowcount != 1:
        session.rollback()
        raise ReviewError(f"no evidence {evidence_id}")
    session.add(
        StatusChange(claim_id=item.claim_id, field="evidence", from_value=item.url,
                     to_value=None, note=note, actor=actor)
    )  # fmt: skip
    session.commit()
    session.refresh(item)
    return item


def find_source_by(session: Session, ref: str) -> Source:
    """A source by its id, or by its name when only one source has it."""
    if ref.isdigit():
        source = session.get(Source, int(ref))
        if source is None:
            raise ReviewError(f"no source {ref}")
        return source
    _, key = normalise_source(ref)
    found = list(session.exec(select(Source).where(Source.key == key)))
    if not found:
        raise ReviewError(f"no source named {ref!r} (claimtrack sources list shows them)")
    if len(found) > 1:
        ids = ", ".join(str(s.id) for s in found)
        raise ReviewError(f"{len(found)} sources are named {ref!r} (ids {ids}): give an id")
    return found[0]


def rename_source(session: Session, ref: str, name: str, *, actor: str, note: str | None) -> Source:
    """Give a source its right name; the old one stays an alias for later extractions."""
    source = find_source_by(session, ref)
    display, key = normalise_source(name)
    if not key:
        raise ReviewError("a source needs a name")
    taken = find_source(session, key, source.scope)
    if taken is not None and taken.id != source.id:
        raise ReviewError(
            f"source {taken.id} is already named {taken.name!r}: "
            f"claimtrack sources merge {taken.id} {source.id}"
        )
    old_name = source.name
    _keep_alias(session, source.key, source.scope, source.id)
    session.exec(
        delete(SourceAlias).where(SourceAlias.key == key, SourceAlias.scope == source.scope)
    )
    source.name, source.key = display, key
    session.add(source)
    _audit_speaker(session, source.id, old_name, display, actor=actor, note=note)
    session.commit()
    session.refresh(source)
    return source


def merge_sources(
    session: Session, keep_ref: str, duplicate_refs: list[str], *, actor: str, note: str | None
) -> tuple[Source, int]:
    """Fold duplicate sources into one: their claims, names and aliases move to it."""
    keep = find_source_by(session, keep_ref)
    duplicates = {s.id: s for s in (find_source_by(session, ref) for ref in duplicate_refs)}
    if keep.id in duplicates:
        raise ReviewError(f"source {keep.id} cannot be merged into itself")
    moved = 0
    for dup in duplicates.values():
        moved += _audit_speaker(session, dup.id, dup.name, keep.name, actor=actor, note=note)
        session.exec(update(Claim).where(col(Claim.source_id) == dup.id).values(source_id=keep.id))
        session.exec(
            update(SourceAlias).where(col(SourceAlias.source_id) == dup.id)
            .values(source_id=keep.id)
        )  # fmt: skip
        session.delete(dup)
        session.flush()
        _keep_alias(session, dup.key, dup.scope, keep.id)
    session.commit()
    session.refresh(keep)
    return keep, moved


def _keep_alias(session: Session, key: str, scope: str, source_id: int) -> None:
    exists = select(SourceAlias.id).where(SourceAlias.key == key, SourceAlias.scope == scope)
    if session.exec(exists).first() is None:
        session.add(SourceAlias(source_id=source_id, key=key, scope=scope))


def _audit_speaker(
    session: Session, source_id: int, before: str, after: str, *, actor: str, note: str | None
) -> int:
    """A "speaker" change in the history of each claim of the source; their versions move on."""
    ids = list(session.exec(select(Claim.id).where(Claim.source_id == source_id)))
    session.exec(
        update(Claim).where(col(Claim.id).in_(ids))
        .values(version=Claim.version + 1, updated_at=utcnow())
    )  # fmt: skip
    for claim_id in ids:
        session.add(
            StatusChange(claim_id=claim_id, field="speaker", from_value=before, to_value=after,
                         note=note, actor=actor)
        )  # fmt: skip
    return len(ids)
