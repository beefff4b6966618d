"""Reviewers fix what the extractor got wrong: edit a claim, add a missed one, reject one.

Whatever a reviewer gives as quote, cue or source text is grounded in the article as the
model's answers are: text that is not there is refused. Every changed field is an audit row
(before, after, who, why), the claim's version guards against a colleague's change, and
claim matching is run again on a new quote.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import update
from sqlmodel import Session, col, delete, select

from claimtrack.domain import (
    ADDED,
    HIDDEN_STATUSES,
    MERGED,
    OPEN_STATUSES,
    REJECTED,
    REVIEWER_RUN,
    Attribution,
    Certainty,
    LinkKind,
    SourceType,
    Span,
)
from claimtrack.grounding import locate, locate_near
from claimtrack.matching import link_matches
from claimtrack.models import (
    Article,
    Claim,
    ClaimLink,
    Evidence,
    ExtractionRun,
    Source,
    StatusChange,
    utcnow,
)
from claimtrack.newsroom import load_settings
from claimtrack.review import (
    ReviewError,
    claim_row,
    merged_refusal,
    update_versioned,
    verdict_note,
)
from claimtrack.store import NAMED_TYPES, find_source, normalise_source
from claimtrack.text import CLOSING_QUOTES, OPENING_QUOTES


@dataclass(frozen=True)
class ClaimFix:
    """What a reviewer says of a claim; None leaves a field as it is."""

    claim: str | None = None  # the restatement
    quote: str | None = None
    source: str | None = None  # the source as the article names it ("the ministry")
    cue: str | None = None
    speaker: str | None = None  # who that is ("Ministry of Finance"); by default the source
    source_type: SourceType | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def edit_claim(
    session: Session,
    claim_id: int,
    fix: ClaimFix,
    *,
    actor: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Apply a reviewer's fix to a claim: grounded, versioned, every field in the audit."""
    if fix.is_empty():
        raise ReviewError("nothing to change: give --claim, --quote, --source, --cue, ...")
    claim = _open_for_change(session, claim_id)
    before = _as_read(session, claim)
    values = _grounded(session, claim, session.get(Article, claim.article_id).text, fix)
    seen = expected_version if expected_version is not None else claim.version
    update_versioned(session, claim, seen, **values)
    session.refresh(claim)
    after = _as_read(session, claim)
    changes = [(name, before[name], after[name]) for name in before if before[name] != after[name]]
    if not changes:
        session.rollback()
        raise ReviewError(f"claim {claim_id} already reads so; nothing was changed")
    for name, old, new in changes:
        _audit(session, claim_id, name, old, new, note, actor)
    if "quote" in values:
        _match_again(session, claim)
    session.commit()
    return claim


def add_claim(
    session: Session, article_id: int, fix: ClaimFix, *, actor: str, note: str | None = None
) -> Claim:
    """A claim the extractor missed, grounded like any other and marked as added by a person."""
    if not fix.quote:
        raise ReviewError("a claim needs --quote: the words of the article that carry it")
    article = session.get(Article, article_id)
    if article is None:
        raise ReviewError(f"no article {article_id}")
    run = ExtractionRun(article_id=article_id, extractor=REVIEWER_RUN, claims_stored=1)
    session.add(run)
    session.flush()
    claim = Claim(
        article_id=article_id, extraction_run_id=run.id, quote="", quote_start=0, quote_end=0,
        claim_text="", attribution=Attribution.unattributed, certainty=Certainty.asserted,
        check_reason=f"added by {actor}",
    )  # fmt: skip
    values = _grounded(session, claim, article.text, fix)
    for name, value in values.items():
        setattr(claim, name, value)
    claim.claim_text = fix.claim or claim.quote
    claim.attribution = _attribution(article.text, claim)
    run.finished_at = utcnow()
    session.add(claim)
    session.flush()
    _audit(session, claim.id, "claim", None, ADDED, note, actor)
    _match_again(session, claim)
    session.commit()
    session.refresh(claim)
    return claim


def reject_claim(
    session: Session,
    claim_id: int,
    reason: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """Mark a claim as not a claim: it leaves the queue, reports and exports, not history."""
    if not reason.strip():
        raise ReviewError("rejecting a claim needs --reason saying why it is not one")
    claim = _open_for_change(session, claim_id)
    if claim.status == REJECTED:
        raise ReviewError(f"claim {claim_id} is already rejected")
    previous = claim.status
    seen = expected_version if expected_version is not None else claim.version
    update_versioned(session, claim, seen, status=REJECTED, rating=None)
    _audit(session, claim_id, "status", previous, REJECTED, reason.strip(), actor)
    session.commit()
    return claim


def _open_for_change(session: Session, claim_id: int) -> Claim:
    claim = claim_row(session, claim_id)
    if claim.status == MERGED:
        raise ReviewError(merged_refusal(session, claim_id))
    return claim


def _grounded(session: Session, claim: Claim, text: str, fix: ClaimFix) -> dict[str, object]:
    """The claim's new column values, each quote, cue and source found in the article."""
    values: dict[str, object] = {}
    if fix.claim is not None:
        values["claim_text"] = _not_blank(fix.claim, "--claim")
    anchor = Span(claim.quote_start, claim.quote_end)
    if fix.quote is not None:
        near = claim.quote_start if claim.id is not None else None  # an edit: near the old one
        anchor = _find(text, fix.quote, "quote", near=near)
        _refuse_a_second_claim_on(session, claim, anchor)
        values |= {"quote": anchor.of(text), "quote_start": anchor.start, "quote_end": anchor.end}
    source_span = None
    if fix.source is not None:
        source_span = _find_near(text, fix.source, "source", anchor)
        values |= _span_values("source", source_span, text, mention=True)
    if fix.cue is not None:
        cue_span = _find_near(text, fix.cue, "cue", anchor, beside=source_span)
        values |= _span_values("cue", cue_span, text)
    speaker = fix.speaker or (source_span.of(text) if source_span else None)
    if speaker is not None or fix.source_type is not None:
        values["source_id"] = _source(session, claim, speaker, fix.source_type).id
    return values


def _find(text: str, needle: str, what: str, *, near: int | None) -> Span:
    span = locate(text, _not_blank(needle, f"--{what}"), near=near)
    if span is None:
        raise ReviewError(f"the {what} {_shown(needle)} is not in the article")
    return span


def _find_near(text: str, needle: str, what: str, anchor: Span, beside: Span | None = None):
    span = locate_near(text, _not_blank(needle, f"--{what}"), anchor, beside=beside)
    if span is None:
        raise ReviewError(f"the {what} {_shown(needle)} is not in the article near the quote")
    return span


def _span_values(name: str, span: Span, text: str, *, mention: bool = False) -> dict:
    column = "source_mention" if mention else name
    return {column: span.of(text), f"{name}_start": span.start, f"{name}_end": span.end}


def _not_blank(value: str, option: str) -> str:
    if not value.strip():
        raise ReviewError(f"{option} needs some text")
    return value.strip()


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _refuse_a_second_claim_on(session: Session, claim: Claim, span: Span) -> None:
    other = session.exec(
        select(Claim.id).where(
            Claim.article_id == claim.article_id,
            Claim.quote_start == span.start,
            Claim.quote_end == span.end,
            Claim.id != claim.id,
            Claim.status != REJECTED,
        )  # fmt: skip
    ).first()
    if other is not None:
        raise ReviewError(f"claim {other} already quotes those words")


def _source(
    session: Session, claim: Claim, speaker: str | None, source_type: SourceType | None
) -> Source:
    """The source a fixed claim belongs to: found by name and type, or made."""
    current = session.get(Source, claim.source_id) if claim.source_id else None
    name = speaker or (current.name if current else None)
    if name is None:
        raise ReviewError(f"claim {claim.id} has no source yet: give --source or --speaker")
    kind = source_type or (SourceType(current.source_type) if current else SourceType.named_person)
    display, key = normalise_source(name)
    scope = "" if kind in NAMED_TYPES else f"article:{claim.article_id}"
    source = find_source(session, key, scope)
    if source is None:
        source = Source(name=display, key=key, scope=scope, source_type=kind)
        session.add(source)
        session.flush()
    elif source.source_type != kind:
        source.source_type = kind  # the person or body is of that type wherever it is cited
        session.add(source)
    return source


def _as_read(session: Session, claim: Claim) -> dict[str, str | None]:
    """The fields a reviewer reads and fixes, as the history records them."""
    source = session.get(Source, claim.source_id) if claim.source_id else None
    return {
        "claim": claim.claim_text,
        "quote": claim.quote,
        "source": claim.source_mention,
        "cue": claim.cue,
        "speaker": source.name if source else None,
        "source_type": str(source.source_type) if source else None,
    }


def _attribution(text: str, claim: Claim) -> Attribution:
    if claim.source_id is None:
        return Attribution.unattributed
    before = text[max(0, claim.quote_start - 2) : claim.quote_start]
    after = text[claim.quote_end : claim.quote_end + 2]
    quoted = any(q in before for q in OPENING_QUOTES) and any(q in after for q in CLOSING_QUOTES)
    return Attribution.direct_quote if quoted else Attribution.indirect


def _match_again(session: Session, claim: Claim) -> None:
    """Drop the claim's unconfirmed matches and look for matches of its quote as it is now."""
    session.exec(  # type: ignore[call-overload]
        delete(ClaimLink).where(
            (col(ClaimLink.claim_id) == claim.id) | (col(ClaimLink.other_id) == claim.id),
            col(ClaimLink.kind).in_((LinkKind.duplicate, LinkKind.matches_reviewed)),
            col(ClaimLink.confirmed).is_(False),
        )
    )
    link_matches(session, [claim], load_settings().scale.names)


def merge_claims(
    session: Session,
    keep_id: int,
    duplicate_ids: list[int],
    *,
    actor: str,
    note: str | None,
    expected_version: int | None = None,
) -> Claim:
    """Fold duplicates into one claim: their verdict, evidence and history go with it.

    Refused when two of them carry different verdicts: a reviewer settles that first.
    `expected_version` is the kept claim's version as the reviewer saw it.
    """
    keep = _open_for_change(session, keep_id)
    seen = expected_version if expected_version is not None else keep.version
    duplicates = [claim_row(session, i) for i in dict.fromkeys(duplicate_ids)]
    if any(d.id == keep.id for d in duplicates):
        raise ReviewError(f"claim {keep.id} cannot be merged into itself")
    if any(d.status in HIDDEN_STATUSES for d in duplicates):
        gone = next(d for d in duplicates if d.status in HIDDEN_STATUSES)
        raise ReviewError(f"claim {gone.id} is {gone.status}; it cannot be merged")
    verdict = _merged_verdict(keep, duplicates)
    settled = {d.id: d.status for d in duplicates}  # as read, before the merge marks them
    why = {d.id: verdict_note(session, d) for d in duplicates if d.status == verdict}
    for dup in duplicates:
        previous = dup.status
        update_versioned(session, dup, dup.version, status=MERGED)
        _audit(session, dup.id, "status", previous, MERGED, f"merged into claim {keep.id}", actor)
        session.exec(  # type: ignore[call-overload]
            update(Evidence).where(col(Evidence.claim_id) == dup.id).values(claim_id=keep.id)
        )
        session.add(ClaimLink(claim_id=dup.id, other_id=keep.id, kind=LinkKind.merged,
                              confirmed=True))  # fmt: skip
        _audit(session, keep.id, "merged", None, str(dup.id), note, actor)
    if verdict is not None and verdict != keep.status:
        source = next(d for d in duplicates if settled[d.id] == verdict)
        previous = keep.status
        update_versioned(session, keep, seen, status=verdict, rating=source.rating)
        # The explanation readers see goes with the verdict; the history says where from.
        _audit(session, keep.id, "status", previous, verdict,
               why[source.id] or f"verdict of merged claim {source.id}", actor)  # fmt: skip
    else:
        update_versioned(session, keep, seen)
    session.commit()
    session.refresh(keep)
    return keep


def _merged_verdict(keep: Claim, duplicates: list[Claim]) -> str | None:
    settled = {c.status for c in (keep, *duplicates) if c.status not in OPEN_STATUSES}
    if len(settled) > 1:
        raise ReviewError(
            "the claims have different verdicts (" + ", ".join(sorted(settled)) + "); "
            "give them one with claimtrack review first"
        )
    return settled.pop() if settled else None


def _audit(
    session: Session, claim_id: int, name: str, before, after, note: str | None, actor: str
) -> None:
    session.add(StatusChange(claim_id=claim_id, field=name, from_value=before,
                             to_value=after, note=note, actor=actor))  # fmt: skip
