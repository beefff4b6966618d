"""Commands reviewers use: claims, the queue, verdicts, assignment, evidence, history."""

import sys
from datetime import UTC, datetime
from enum import StrEnum
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
)  # fmt: skip
from claimtrack.domain import ClaimOrder
from claimtrack.text import plural

TABLE_ROWS = 50


class Stance(StrEnum):
    supports = "supports"
    refutes = "refutes"
    context = "context"


@command(claims_app, "list")
def claims_list(
    status: Annotated[str | None, typer.Option(help="Only claims with this status.")] = None,
    article: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="Only claims from this article id.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Only sources whose name contains this.")
    ] = None,
    assignee: Annotated[
        str | None, typer.Option(help="Only claims assigned to this person.")
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only claims extracted or changed since (UTC)."),
    ] = None,
    min_checkworthiness: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Only claims at least this check-worthy.")
    ] = None,
    sort: Annotated[ClaimOrder, typer.Option(help="Order of the list.")] = ClaimOrder.article,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0, max=MAX_ID, help="At most this many (table default 50, JSON all; 0 for all)."
        ),
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List claims with their status, source and cue.

    Example:
        claimtrack claims list --status unverified --article 1
        claimtrack claims list --since 2026-11-01 --min-checkworthiness 0.7 --sort checkworthiness
        claimtrack claims list --json > claims.json
    """
    from claimtrack.newsroom import load_settings
    from claimtrack.review import ClaimFilter, claim_dicts, count_claims, list_claims

    filters = ClaimFilter(
        status=status, article_id=article, source=source, assignee=assignee,
        since=since.replace(tzinfo=UTC) if since else None,
        min_checkworthiness=min_checkworthiness, sort=sort,
    )  # fmt: skip
    filters.check(load_settings().scale)
    if limit is None:
        limit = 0 if as_json else TABLE_ROWS
    with session_for(db) as s:
        if as_json:
            from claimtrack.exports import write_json_objects

            write_json_objects(sys.stdout, claim_dicts(s, filters, limit=limit or None))
            return
        views = list_claims(s, filters, limit=limit)
        _claims_table(views)
        total = count_claims(s, filters) if len(views) == limit else len(views)
    if total > len(views):
        typer.echo(f"{len(views)} of {plural(total, 'claim')} shown; --limit 0 lists them all")
    else:
        typer.echo(plural(total, "claim"))


# (header, width, right-aligned); the claim column takes what the terminal has left.
CLAIM_COLUMNS = (
    ("ID", 5, True), ("Art", 4, True), ("Status", 12, False), ("Source", 24, False),
    ("Cue", 14, False), ("Claim", 0, False), ("Check", 5, True),
)  # fmt: skip


def _claims_table(views) -> None:
    """One line a claim, cut to the terminal's width (plain text: quick to print and to grep)."""
    import shutil

    fixed = sum(w + 2 for _, w, _ in CLAIM_COLUMNS if w)
    claim_width = max(20, shutil.get_terminal_size((160, 24)).columns - fixed)
    widths = [w or claim_width for _, w, _ in CLAIM_COLUMNS]
    rows = [
        [str(c.id), str(c.article_id), c.status, v.source.name if v.source else "(outlet)",
         c.cue or "", c.claim_text, f"{c.checkworthiness:.2f}"]
        for v in views
        for c in (v.claim,)
    ]  # fmt: skip
    lines = [[name for name, _, _ in CLAIM_COLUMNS], *rows]
    for cells in lines:
        typer.echo("  ".join(_cell(text, width, right) for text, width, (_, _, right) in
                             zip(cells, widths, CLAIM_COLUMNS, strict=True)).rstrip())  # fmt: skip


def _cell(text: str, width: int, right: bool) -> str:
    text = " ".join(text.split())
    if len(text) > width:
        text = text[: width - 1] + "\u2026"
    return text.rjust(width) if right else text.ljust(width)


@command(claims_app, "search")
def claims_search(
    query: Annotated[str, typer.Argument(help="Words to find in claim, quote or source.")],
    limit: Annotated[int, typer.Option(min=1, max=MAX_ID, help="At most this many claims.")] = 50,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Full-text search over claims, best matches first.

    Every word must match; "a phrase" matches its words in order; OR between two terms
    matches either (budget tax OR levy: budget, and tax or levy); NOT word or -word excludes.

    Example:
        claimtrack claims search 'Taliban "peace talks" -Doha'
    """
    from claimtrack.review import search_claims

    with session_for(db) as s:
        views = search_claims(s, query, limit=limit)
        if as_json:
            print_json([v.as_dict() for v in views])
        elif views:
            _claims_table(views)
        else:
            typer.echo(f"no claims match {query!r}")


@command(claims_app, "show")
def claims_show(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show one claim in its sentence, with links, evidence and history.

    Example:
        claimtrack claims show 3 --json
    """
    from claimtrack.review import claim_detail

    with session_for(db) as s:
        data = claim_detail(s, claim_id)
    if as_json:
        print_json(data)
        return
    _print_claim(data)


def _print_claim(d: dict) -> None:
    typer.echo(f"Claim {d['id']} [{d['status']}] version {d['version']}")
    typer.echo(f"  article {d['article_id']}: {d['article_title']}")
    typer.echo(f"  {d['claim']}")
    typer.echo(
        f"  source: {d['source'] or '(outlet)'} ({d['source_type']})  cue: {d['cue'] or '-'}"
    )
    typer.echo(
        f"  {d['attribution']}, {d['certainty']}, check-worthiness {d['checkworthiness']:.2f}"
    )
    if d["check_reason"]:
        typer.echo(f"  why check: {d['check_reason']}")
    typer.echo(f"  quote [{d['start']}:{d['end']}]: {d['quote']}")
    typer.echo(f"  in context: {d['sentence']}")
    if d["assignee"]:
        typer.echo(f"  assigned to: {d['assignee']}")
    for link in d["links"]:
        typer.echo(f"  {link['kind']} {link['direction']} claim {link['claim_id']}")
    for e in d["evidence"]:
        typer.echo(
            f"  evidence {e['id']} ({e['stance']}): {e['url']}"
            + (f" - {e['note']}" if e["note"] else "")
        )
    for c in d["history"]:
        typer.echo("  " + _change_line(c))
    for e in d["earlier_verdicts"]:
        typer.echo(f"  already rated {e['status']} as claim {e['claim_id']}: {e['quote']}")
        if e["note"]:
            typer.echo(f"    why: {e['note']}")


def _change_line(c: dict) -> str:
    from datetime import datetime

    from claimtrack.review import format_utc

    at = format_utc(datetime.fromisoformat(c["at"]))
    head = f"#{c['id']:<5} {at}  {c['actor']:<12}"  # the number `undo` names a change by
    if c["field"] == "note":
        return f'{head} note: "{c["note"]}"'
    line = f"{head} {c['field']}: {c['from']} -> {c['to']}"
    return line + (f'  "{c["note"]}"' if c["note"] else "")


@command(app)
def review(
    args: Annotated[
        list[str],
        typer.Argument(
            help="CLAIM STATUS; or STATUS with --ids/--article/--status; or 'next'.",
            metavar="[CLAIM] STATUS | next",
            show_default=False,
        ),
    ],
    note: Annotated[
        str | None, typer.Option(help="Why; needed to change a verdict or dismissal.")
    ] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Evidence URL (repeatable).")
    ] = None,
    ids: Annotated[str | None, typer.Option(help="Bulk: comma-separated claim ids.")] = None,
    article: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="Bulk: every claim of this article.")
    ] = None,
    status_filter: Annotated[
        str | None, typer.Option("--status", help="Bulk: only claims now in this status.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Bulk: do not ask to confirm.")] = False,
    expect_version: Annotated[
        int | None,
        typer.Option(
            min=1, max=MAX_ID, help="Refuse if the claim changed since you saw this version."
        ),
    ] = None,
    by: ByOpt = None,
    db: DbOpt = None,
) -> None:
    """Set a claim's status or verdict, in bulk, or walk the queue; every change is audited.

    Statuses: unverified, in_review, dismissed, and the verdicts of the rating scale.

    Example:
        claimtrack review 3 false --note "Ministry statement says otherwise" --evidence https://example.org/s
        claimtrack review --ids 3,4,5 dismissed --note "opinion, not checkable"
        claimtrack review --article 7 --status unverified in_review --yes
        claimtrack review next
    """
    actor = by or environment.default_actor()
    if args == ["next"]:
        _review_next(db, actor)
    elif ids is not None or article is not None or status_filter is not None:
        if len(args) != 1:
            raise typer.BadParameter("with --ids, --article or --status give only the new STATUS")
        _review_bulk(db, args[0], ids, article, status_filter, note=note, yes=yes, actor=actor)
    elif len(args) == 2 and args[0].isdigit():
        from claimtrack.review import set_status

        with session_for(db, write=True) as s:
            claim = set_status(
                s, _claim_id(args[0]), args[1], actor=actor, note=note,
                evidence=tuple(evidence or ()), expected_version=expect_version,
            )  # fmt: skip
            typer.echo(f"claim {claim.id}: {claim.status} (version {claim.version})")
    else:
        raise typer.BadParameter("expected CLAIM STATUS, STATUS with --ids/--article, or 'next'")


def _review_bulk(db, status, ids, article, status_filter, *, note, yes, actor) -> None:
    from claimtrack.review import check_status, claim_ids_where, set_status_many

    check_status(status)  # before asking to confirm a change that would be refused
    chosen = _claim_ids(ids) if ids is not None else None
    with session_for(db, write=True) as s:
        if chosen is None:
            chosen = claim_ids_where(s, article_id=article, status=status_filter)
        if not chosen:
            typer.echo("no claims match; nothing changed")
            return
        if not yes and not typer.confirm(f"Set {plural(len(chosen), 'claim')} to {status}?"):
            typer.echo("nothing changed")
            raise typer.Exit(1)
        count = len(set_status_many(s, chosen, status, actor=actor, note=note))
    typer.echo(f"{plural(count, 'claim')} set to {status}")


def _claim_ids(ids: str) -> list[int]:
    try:
        return [_claim_id(part) for part in ids.split(",") if part.strip()]
    except ValueError:
        msg = f"--ids takes claim ids separated by commas, not {ids!r}"
        raise typer.BadParameter(msg) from None


def _claim_id(text: str) -> int:
    """A claim id typed as text: a whole number from 1 to MAX_ID (ValueError if not)."""
    number = int(text)
    if not 1 <= number <= MAX_ID:
        raise typer.BadParameter(f"{text} is not a claim id (they run from 1 to {MAX_ID})")
    return number


def _review_next(db, actor: str) -> None:
    """Walk the queue: show each claim in context, ask for a verdict, note and evidence."""
    from claimtrack.newsroom import load_settings
    from claimtrack.review import Conflict, earlier_verdicts_of, review_queue, set_status

    statuses = load_settings().scale.statuses
    with session_for(db) as s:
        queue = [(v.claim.id, v.claim.version) for v in review_queue(s, reviewer=actor)]
    typer.echo(f"{plural(len(queue), 'claim')} waiting. Type a status, s to skip, q to quit.")
    for claim_id, version in queue:
        with session_for(db) as s:
            detail = _queue_entry(s, claim_id) | {"earlier": earlier_verdicts_of(s, claim_id)}
        _show_for_review(detail)
        answer = _ask_status(statuses)
        if answer == "q":
            break
        if answer == "s":
            continue
        note = _ask_note(answer)
        urls = _ask_evidence()
        try:
            with session_for(db, write=True) as s:
                claim = set_status(
                    s, claim_id, answer, actor=actor, note=note, evidence=urls,
                    expected_version=version,
                )  # fmt: skip
            typer.echo(f"claim {claim.id}: {claim.status}")
        except Conflict as exc:
            typer.echo(f"not saved: {exc}", err=True)


def _queue_entry(s, claim_id: int) -> dict:
    from claimtrack.review import get_claim

    view = get_claim(s, claim_id)
    return view.as_dict() | {"sentence": view.sentence()}


def _show_for_review(d: dict) -> None:
    typer.echo("")
    typer.echo(f"Claim {d['id']} (article {d['article_id']}: {d['article_title']})")
    typer.echo(f"  {d['source'] or '(outlet)'} / {d['cue'] or '-'}: {d['claim']}")
    typer.echo(f"  in context: {d['sentence']}")
    typer.echo(f"  check-worthiness {d['checkworthiness']:.2f} {d['check_reason']}")
    for e in d["earlier"]:
        typer.echo(f"  already rated {e['status']} as claim {e['claim_id']}: {e['quote']}")
        if e["note"]:
            typer.echo(f"    why: {e['note']}")


def _ask_status(statuses: tuple[str, ...]) -> str:
    while True:
        answer = typer.prompt("status").strip().lower()
        if answer in ("s", "q") or answer in statuses:
            return answer
        matches = [st for st in statuses if st.startswith(answer)]
        if len(matches) == 1:
            return matches[0]
        typer.echo(f"choose one of: {', '.join(statuses)} (or s, q)")


def _ask_note(status: str) -> str | None:
    from claimtrack.newsroom import load_settings

    settings = load_settings()
    needed = settings.verdict_needs_note and settings.scale.verdict(status) is not None
    prompt = "note, the explanation readers see" if needed else "note (enter to skip)"
    while True:
        note = typer.prompt(prompt, default="", show_default=False).strip()
        if note or not needed:
            return note or None
        typer.echo("a verdict needs a note")


def _ask_evidence() -> tuple[str, ...]:
    from claimtrack.review import ReviewError, check_evidence_url

    urls = []
    while url := typer.prompt("evidence URL (enter to finish)", default="", show_default=False):
        try:
            urls.append(check_evidence_url(url.strip()))
        except ReviewError as exc:
            typer.echo(str(exc))
    return tuple(urls)


def _by_is_deprecated(value: str | None) -> str | None:
    """`queue --by` is the old spelling of `--assignee`: it still works, with a warning."""
    if value is not None:
        typer.echo("warning: `queue --by` is deprecated; use `queue --assignee`", err=True)
    return value


@command(app)
def queue(
    assignee: Annotated[
        str | None, typer.Option(help="Only claims assigned to NAME, plus unassigned ones.")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(help="Deprecated: use --assignee.", callback=_by_is_deprecated),
    ] = None,
    mine: Annotated[
        bool, typer.Option("--mine", help="Claims assigned to you (CLAIMTRACK_USER) first.")
    ] = False,
    limit: Annotated[
        int, typer.Option(min=0, max=MAX_ID, help="At most this many claims (0 for all).")
    ] = 20,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List the claims awaiting review, most check-worthy first, with their sentence.

    Example:
        claimtrack queue --assignee maria --limit 10
    """
    from claimtrack.review import count_waiting, earlier_verdicts_of, review_queue

    if assignee is not None and by is not None:
        raise typer.BadParameter("--by is the old spelling of --assignee: give only --assignee")
    assignee = assignee if assignee is not None else by
    me = environment.default_actor() if mine else None

    with session_for(db) as s:
        entries = [
            v.as_dict() | {"sentence": v.sentence(), "earlier": earlier_verdicts_of(s, v.claim.id)}
            for v in review_queue(s, reviewer=assignee, limit=limit or None, mine_first=me)
        ]
        waiting = count_waiting(s, reviewer=assignee)
    if as_json:
        print_json(entries)
        return
    for entry in entries:
        _show_for_review(entry)
    typer.echo(_queue_footer(len(entries), waiting))


def _queue_footer(shown: int, waiting: int) -> str:
    if shown == waiting:
        return f"\n{plural(waiting, 'claim')} waiting"
    return f"\n{shown} of {plural(waiting, 'claim')} waiting shown (--limit 0 for all)"


@command(app)
def assign(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    name: Annotated[str, typer.Argument(help="Reviewer to assign; '-' to unassign.")],
    by: Annotated[
        str | None, typer.Option(envvar=environment.USER_ENV, help="Who assigns.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Assign a claim to a reviewer.

    Example:
        claimtrack assign 3 maria
    """
    from claimtrack.review import assign as assign_claim

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        claim = assign_claim(s, claim_id, None if name == "-" else name, actor=actor)
        typer.echo(f"claim {claim.id}: assigned to {claim.assignee or 'nobody'}")


@command(app)
def history(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show a claim's audit trail: every status and assignment change, oldest first.

    Example:
        claimtrack history 3
    """
    from claimtrack.review import change_dict
    from claimtrack.review import history as claim_history

    with session_for(db) as s:
        changes = [change_dict(c) for c in claim_history(s, claim_id)]
    if as_json:
        print_json(changes)
        return
    if not changes:
        typer.echo(f"claim {claim_id}: no changes yet")
    for c in changes:
        typer.echo(_change_line(c))


@command(evidence_app, "add")
def evidence_add(
    claim_id: Annotated[int, typer.Argument(help="Claim id.", min=1, max=MAX_ID)],
    url: Annotated[str, typer.Argument(help="Where the evidence is.")],
    stance: Annotated[
        Stance, typer.Option(help="What the evidence does to the claim.")
    ] = Stance.context,
    note: Annotated[str | None, typer.Option(help="What it shows.")] = None,
    by: Annotated[
        str | None, typer.Option(envvar=environment.USER_ENV, help="Who adds it.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Attach a piece of evidence to a claim.

    Example:
        claimtrack evidence add 3 https://example.org/data.csv --stance refutes
    """
    from claimtrack.review import add_evidence

    actor = by or environment.default_actor()
    with session_for(db, write=True) as s:
        item = add_evidence(s, claim_id, url, stance=stance.value, note=note, actor=actor)
        typer.echo(f"claim {claim_id}: evidence {item.id} added ({item.stance})")


@command(articles_app, "list")
def articles_list(
    removed: Annotated[
        bool, typer.Option("--removed", help="The removed articles instead (articles restore).")
    ] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List stored articles with their claim counts.

    Example:
        claimtrack articles list
    """
    from claimtrack.listings import article_summaries

    with session_for(db) as s:
        rows = article_summaries(s, removed=removed)
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("no removed articles" if removed else "no articles")
    for r in rows:
        typer.echo(
            f"{r['id']:>4}  {plural(r['claims'], 'claim', '>3')}  {r['title']}"
            + (f"  <{r['url']}>" if r["url"] else "")
        )


@command(articles_app, "show")
def articles_show(
    article_id: Annotated[int, typer.Argument(help="Article id.", min=1, max=MAX_ID)],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show an article's metadata, text and extraction runs.

    Example:
        claimtrack articles show 1
    """
    from claimtrack.listings import article_detail

    with session_for(db) as s:
        data = article_detail(s, article_id)
    if as_json:
        print_json(data)
        return
    typer.echo(f"Article {data['id']}: {data['title']}")
    for key in ("url", "outlet", "author", "published_at", "source_format", "removed_at"):
        if data[key]:
            typer.echo(f"  {key}: {data[key]}")
    for run in data["runs"]:
        typer.echo(
            f"  run {run['id']}: {run['extractor']}, {run['claims_stored']} stored, "
            f"{run['claims_rejected']} rejected, {run['tokens']} tokens"
        )
    typer.echo("")
    typer.echo(data["text"])


@command(sources_app, "list")
def sources_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List sources by how many claims they are quoted in.

    Example:
        claimtrack sources list --json
    """
    from claimtrack.listings import source_counts

    with session_for(db) as s:
        rows = source_counts(s)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['id']:>5}  {r['claims']:>4}  {r['name']}  ({r['source_type']})")
