"""Commands that revise the record: fix, add and reject claims; notes on claims; undo."""

from typing import Annotated

import typer

from claimtrack import environment
from claimtrack.cli.app import (
    MAX_ID,
    ByOpt,
    DbOpt,
    JsonOpt,
    app,
    articles_app,
    claims_app,
    command,
    evidence_app,
    print_json,
    session_for,
    sources_app,
    speakers_app,
)  # fmt: skip
from claimtrack.domain import SourceType
from claimtrack.text import plural

ClaimOpt = Annotated[str | None, typer.Option("--claim", help="The claim, restated.")]
QuoteOpt = Annotated[
    str | None, typer.Option("--quote", help="The article's words that carry the claim.")
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="The source as the article names it, near the quote.")
]
CueOpt = Annotated[
    str | None, typer.Option("--cue", help="The reporting verb or phrase, near the quote.")
]
SpeakerOpt = Annotated[
    str | None, typer.Option("--speaker", help="Who the source is (default: the --source text).")
]
TypeOpt = Annotated[SourceType | None, typer.Option("--source-type", help="The kind of source.")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why, for the history.")]
VersionOpt = Annotated[
    int | None,
    typer.Option(min=1, max=MAX_ID, help="Refuse if the claim is no longer at this version."),
]


@command(claims_app, "edit")
def claims_edit(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    claim: ClaimOpt = None,
    quote: QuoteOpt = None,
    source: SourceOpt = None,
    cue: CueOpt = None,
    speaker: SpeakerOpt = None,
    source_type: TypeOpt = None,
    note: NoteOpt = None,
    expect_version: VersionOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Fix a claim the extractor got wrong; quote, source and cue must be in the article.

    Example:
        claimtrack claims edit 7 --source "the finance ministry" --source-type named_organization
    """
    from claimtrack.claim_edits import ClaimFix, edit_claim

    fix = ClaimFix(claim, quote, source, cue, speaker, source_type)
    with session_for(db, write=True) as s:
        row = edit_claim(
            s, claim_id, fix, actor=by or environment.default_actor(), note=note,
            expected_version=expect_version,
        )  # fmt: skip
        _print_claim_result(s, row.id, "edited", as_json)


@command(claims_app, "add")
def claims_add(
    article_id: Annotated[int, typer.Argument(help="Article id.", min=1, max=MAX_ID)],
    quote: QuoteOpt = None,
    claim: ClaimOpt = None,
    source: SourceOpt = None,
    cue: CueOpt = None,
    speaker: SpeakerOpt = None,
    source_type: TypeOpt = None,
    note: NoteOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Add a claim the extractor missed, grounded in the article like any other.

    Example:
        claimtrack claims add 3 --quote "fares will rise in May" --source "the transit office"
    """
    from claimtrack.claim_edits import ClaimFix, add_claim

    fix = ClaimFix(claim, quote, source, cue, speaker, source_type)
    with session_for(db, write=True) as s:
        row = add_claim(s, article_id, fix, actor=by or environment.default_actor(), note=note)
        _print_claim_result(s, row.id, "added", as_json)


@command(claims_app, "reject")
def claims_reject(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    reason: Annotated[str, typer.Option("--reason", help="Why this is not a claim.")],
    expect_version: VersionOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Reject what is not a claim: it leaves the queue, reports and exports, not the history.

    Example:
        claimtrack claims reject 9 --reason "a photo caption, not a claim"
    """
    from claimtrack.claim_edits import reject_claim

    with session_for(db, write=True) as s:
        row = reject_claim(
            s, claim_id, reason, actor=by or environment.default_actor(),
            expected_version=expect_version,
        )  # fmt: skip
        _print_claim_result(s, row.id, "rejected", as_json)


def _say(as_json: bool, data: dict, line: str) -> None:
    """What a command did: its record as JSON, or one line for the terminal."""
    if as_json:
        print_json(data)
    else:
        typer.echo(line)


def _print_claim_result(s, claim_id: int, done: str, as_json: bool) -> None:
    from claimtrack.review import get_claim

    if as_json:
        print_json(get_claim(s, claim_id).as_dict())
    else:
        typer.echo(f"claim {claim_id}: {done}")


@command(app)
def note(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    text: Annotated[str, typer.Argument(help="The note, in quotes.")],
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Add a note to a claim's history without changing its status.

    Example:
        claimtrack note 3 "Asked the ministry for the 2025 figures"
    """
    from claimtrack.corrections import add_note
    from claimtrack.review import change_dict

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        change = add_note(s, claim_id, text, actor=actor)
        shown = change_dict(change)
    _say(as_json, shown, f"claim {claim_id}: note added")


@command(app)
def undo(
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Revert your last status or assignment change, as a new entry in the history.

    Repeat it to go further back. Refused when someone else changed that claim since.
    Notes are not undone: add another note to correct one.

    Example:
        claimtrack undo --by maria
    """
    from claimtrack.corrections import undo as undo_last
    from claimtrack.review import change_dict

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        change = undo_last(s, actor=actor)
        shown = change_dict(change) | {"claim_id": change.claim_id}
    _say(
        as_json,
        shown,
        f"claim {change.claim_id}: {change.field} back to {change.to_value or 'nobody'} "
        f"({shown['note']})",
    )


@command(articles_app, "remove")
def articles_remove(
    article_id: Annotated[int, typer.Argument(help="Article id.", min=1, max=MAX_ID)],
    note: NoteOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Remove a junk article from lists, the queue, reports and exports (nothing is deleted).

    Example:
        claimtrack articles remove 12 --note "photo caption only"
    """
    from claimtrack.corrections import remove_article

    shown = _change_article(remove_article, article_id, note=note, by=by, db=db)
    _say(
        as_json, shown, f"article {article_id}: removed (claimtrack articles restore {article_id})"
    )


@command(articles_app, "restore")
def articles_restore(
    article_id: Annotated[int, typer.Argument(help="Article id.", min=1, max=MAX_ID)],
    note: NoteOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Bring a removed article back into lists, the queue, reports and exports.

    Example:
        claimtrack articles restore 12
    """
    from claimtrack.corrections import restore_article

    shown = _change_article(restore_article, article_id, note=note, by=by, db=db)
    _say(as_json, shown, f"article {article_id}: restored")


def _change_article(change, article_id: int, *, note: str | None, by: str | None, db) -> dict:
    """Remove or restore an article in one transaction; what the command shows of it."""
    with session_for(db, write=True) as s:
        row = change(s, article_id, actor=by or environment.default_actor(), note=note)
        return {"id": row.id, "title": row.title, "removed_at": row.removed_at}


@command(evidence_app, "remove")
def evidence_remove(
    evidence_id: Annotated[
        int, typer.Argument(help="Evidence id (claims show lists them).", min=1, max=MAX_ID)
    ],
    note: NoteOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Take a piece of evidence off its claim; the claim's history keeps who, when and why.

    Example:
        claimtrack evidence remove 4 --note "the page was a parody"
    """
    from claimtrack.corrections import remove_evidence

    with session_for(db, write=True) as s:
        item = remove_evidence(s, evidence_id, actor=by or environment.default_actor(), note=note)
        shown = {"id": item.id, "claim_id": item.claim_id, "url": item.url}
        shown["removed_at"] = item.removed_at
    _say(as_json, shown, f"claim {item.claim_id}: evidence {evidence_id} removed")


@command(claims_app, "merge")
def claims_merge(
    keep: Annotated[int, typer.Argument(help="The claim to keep.", min=1, max=MAX_ID)],
    duplicates: Annotated[
        list[int], typer.Argument(help="Claims that say the same.", min=1, max=MAX_ID)
    ],
    note: NoteOpt = None,
    expect_version: VersionOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Merge claims that are one: verdict, evidence and history go to the one kept.

    Example:
        claimtrack claims merge 12 15 19 --note "the same figure, quoted three times"
    """
    from claimtrack.claim_edits import merge_claims

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        row = merge_claims(
            s, keep, duplicates, actor=actor, note=note, expected_version=expect_version
        )
        _print_claim_result(s, row.id, f"merged {', '.join(map(str, duplicates))} into it", as_json)


SourceRef = Annotated[str, typer.Argument(help="Source id, or its name if only one has it.")]


@command(sources_app, "rename")
def sources_rename(
    source: SourceRef,
    name: Annotated[str, typer.Argument(help="The right name.")],
    note: NoteOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Correct a source's name; later extractions of the old name land on it too.

    Example:
        claimtrack sources rename "Li" "Di Li"
    """
    from claimtrack.corrections import rename_source

    with session_for(db, write=True) as s:
        row = rename_source(s, source, name, actor=by or environment.default_actor(), note=note)
        shown = {"id": row.id, "name": row.name, "source_type": row.source_type}
    _say(as_json, shown, f"source {shown['id']}: now {shown['name']!r}")


@command(sources_app, "merge")
def sources_merge(
    keep: Annotated[str, typer.Argument(help="The source to keep (id or name).")],
    duplicates: Annotated[list[str], typer.Argument(help="Sources to fold into it.")],
    note: NoteOpt = None,
    by: ByOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Fold duplicate sources into one: claims, names and aliases move to the one kept.

    Example:
        claimtrack sources merge "Di Li" "Li" --note "the same economist"
    """
    from claimtrack.corrections import merge_sources

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        row, moved = merge_sources(s, keep, duplicates, actor=actor, note=note)
        shown = {"id": row.id, "name": row.name, "claims_moved": moved}
    _say(
        as_json,
        shown,
        f"source {shown['id']} ({shown['name']}): {plural(moved, 'claim')} moved to it",
    )


@command(speakers_app, "show")
def speakers_show(
    name: Annotated[str, typer.Argument(help="The speaker's name (or source id).")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List what a speaker said across articles, oldest first, with the verdicts given.

    Example:
        claimtrack speakers show "Lena Ortiz"
    """
    from claimtrack.speakers import speaker_record

    with session_for(db) as s:
        record = speaker_record(s, name)
    if as_json:
        print_json(record)
        return
    typer.echo(f"{record['name']} ({record['source_type'].replace('_', ' ')}): "
               f"{plural(len(record['claims']), 'claim')}")  # fmt: skip
    for c in record["claims"]:
        where = f"article {c['article_id']}: {c['article_title']}"
        typer.echo(f"{c['date']}  claim {c['id']:<5} {c['status']:<12} {c['claim']}  ({where})")
        if c["verdict_note"]:
            typer.echo(f"{'':12}  why: {c['verdict_note']}")
