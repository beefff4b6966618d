"""The claimtrack command line. Commands parse options, call one domain function, print."""

from __future__ import annotations

import functools
import json
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from claimtrack import config

app = typer.Typer(
    name="claimtrack",
    help="Extract attributable claims from news articles, review them, publish fact-checks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
claims_app = typer.Typer(help="List, show and search extracted claims.", no_args_is_help=True)
articles_app = typer.Typer(help="List and show stored articles.", no_args_is_help=True)
sources_app = typer.Typer(help="List the sources claims are attributed to.", no_args_is_help=True)
evidence_app = typer.Typer(help="Attach evidence to claims.", no_args_is_help=True)
db_app = typer.Typer(help="Where the database is, and its schema.", no_args_is_help=True)


@app.callback()
def _load_config() -> None:
    """Read claimtrack.toml before any command, so a bad one is refused up front."""
    from claimtrack.settings import SettingsError, load_settings

    try:
        load_settings()
    except SettingsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


app.add_typer(claims_app, name="claims")
app.add_typer(articles_app, name="articles")
app.add_typer(sources_app, name="sources")
app.add_typer(evidence_app, name="evidence")
app.add_typer(db_app, name="db")
dev_app = typer.Typer(help="Tools for measuring and developing claimtrack.", no_args_is_help=True)
app.add_typer(dev_app, name="dev")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar=config.DATABASE_URL_ENV, help="Database URL.", show_default=False),
]


TABLE_ROWS = 50


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class Stance(StrEnum):
    supports = "supports"
    refutes = "refutes"
    context = "context"


def _user_errors() -> tuple[type[Exception], ...]:
    from claimtrack.db import DatabaseError
    from claimtrack.ingest import InputError
    from claimtrack.llm import LLMError
    from claimtrack.nlp import PipelineMissing
    from claimtrack.review import ReviewError
    from claimtrack.settings import SettingsError

    return (DatabaseError, InputError, LLMError, PipelineMissing, ReviewError, SettingsError)


def command(target: typer.Typer, name: str | None = None):
    """Register a command whose user errors print one line and exit 1 (bugs still trace)."""

    def register(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except _user_errors() as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(1) from None

        return target.command(name)(wrapper)

    return register


def _console():
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:  # piped: wide enough for one claim per line
        console.width = 160
    return console


def _print_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _session(db: str | None, *, write: bool = False):
    from claimtrack.db import session

    return session(db, write=write)


@command(app)
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, globs, http(s) URLs, - for stdin, or @FILE listing one URL or path a line."
        ),
    ],
    model: Annotated[
        str,
        typer.Option(
            envvar=config.MODEL_ENV,
            help="'rules' (offline) or any litellm model, e.g. gpt-4o-mini, openai/NAME.",
        ),
    ] = config.RULES,
    api_base: Annotated[
        str | None,
        typer.Option(envvar=config.API_BASE_ENV, help="Base URL of an OpenAI-compatible server."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Articles to have in flight with the model at once.")
    ] = 4,
    max_input_tokens: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="The model's input limit (default: litellm's figure for it); longer articles "
            "are asked about in overlapping parts.",
            show_default=False,
        ),
    ] = None,
    with_rules: Annotated[
        bool,
        typer.Option(help="With a model: merge its claims with the offline rules' (the hybrid)."),
    ] = False,
    force: Annotated[bool, typer.Option(help="Extract again even if unchanged.")] = False,
    db: DbOpt = None,
) -> None:
    """Extract attributed claims from articles and store them for review.

    Every local input is read and checked before anything is stored; a bad one stops the
    command. Each article is stored in one transaction as soon as it is done; one that fails
    (an unreachable URL, a provider error) is listed at the end without stopping the rest, and
    the exit code is 1. Run the same command again to retry: what is done is skipped.

    Example:
        claimtrack extract seeds/*.txt
        claimtrack extract https://example.org/story.html --model gpt-4o-mini
        claimtrack extract @urls.txt --model gpt-4o-mini --concurrency 8
    """
    from claimtrack.batch import Failure, extract_all, prepare
    from claimtrack.extract import ExtractOptions

    items = prepare(inputs)
    options = ExtractOptions(
        model=model, api_base=api_base, force=force, url=db,
        max_input_tokens=max_input_tokens, with_rules=with_rules,
    )  # fmt: skip
    with _progress(len(items)) as advance:

        def done(result) -> None:
            if not isinstance(result, Failure):  # failures are listed at the end
                typer.echo(_outcome_line(result))
            advance()

        report = extract_all(items, options=options, concurrency=concurrency, on_done=done)
    _finish_batch(report)


@contextmanager
def _progress(total: int):
    """A progress bar on a terminal's stderr for a batch; lines printed meanwhile go above it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    if total < 2 or not console.is_terminal:
        yield lambda: None
        return
    columns = ("extracting", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("extract", total=total)
        yield lambda: progress.advance(task)


def _finish_batch(report) -> None:
    if report.total > 1:
        typer.echo(_batch_summary(report))
    for failure in report.failures:
        typer.echo(f"error: {failure.message}", err=True)
    if report.interrupted:
        typer.echo(
            f"interrupted: {report.not_done} of {report.total} not done; every finished article "
            "is stored, and the same command again does the rest",
            err=True,
        )
        raise typer.Exit(130)
    if report.failures:
        raise typer.Exit(1)


def _batch_summary(report) -> str:
    stored = report.stored
    claims = sum(o.stored.stored for o in stored)
    rejected = sum(o.stored.rejected for o in stored)
    line = f"{report.total} inputs: {len(stored)} stored ({claims} claims"
    line += f", {rejected} rejected)" if rejected else ")"
    line += f", {len(report.skipped)} unchanged, {len(report.failures)} failed"
    tokens_in = sum(o.extraction.input_tokens for o in stored)
    tokens_out = sum(o.extraction.output_tokens for o in stored)
    if tokens_in or tokens_out:
        line += f"; {tokens_in}+{tokens_out} tokens"
    cost = sum(o.extraction.cost_usd or 0.0 for o in stored)
    return line + (f", ${cost:.4f}" if cost else "")


def _outcome_line(outcome) -> str:
    if outcome.stored is None:
        return f"{outcome.doc.origin}: {outcome.skipped} (use --force to extract again)"
    s, x = outcome.stored, outcome.extraction
    line = f"{outcome.doc.origin}: article {s.article_id}, {s.stored} claims stored ({x.extractor}"
    if x.cached:
        line += ", from cache"
    if x.input_tokens or x.output_tokens:
        line += f", {x.input_tokens}+{x.output_tokens} tokens"
    if x.cost_usd:
        line += f", ${x.cost_usd:.4f}"
    line += ")"
    if s.already_stored:
        line += f", {s.already_stored} already stored"
    if s.rejected:
        line += f", {s.rejected} rejected: quote not found in the article"
    return line


runs_app = typer.Typer(
    help="Extraction runs: model, tokens, cost and time of each.", no_args_is_help=True
)
app.add_typer(runs_app, name="runs")


@command(runs_app, "list")
def runs_list(
    article: Annotated[int | None, typer.Option(help="Only runs over this article id.")] = None,
    model: Annotated[
        str | None, typer.Option(help="Only runs of this extractor, e.g. gpt-4o-mini or rules.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Show at most this many runs (totals: all).")
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List extraction runs, newest first, with tokens, cost, time and claims; then totals.

    Totals cover every run the filters select, also those --limit leaves out.

    Example:
        claimtrack runs list --model gpt-4o-mini --limit 20
        claimtrack runs list --json
    """
    from claimtrack.store import list_runs, run_record, run_totals

    with _session(db) as s:
        records = [run_record(r) for r in list_runs(s, article_id=article, extractor=model)]
    totals, shown = run_totals(records), records[:limit] if limit else records
    if as_json:
        _print_json({"runs": shown, "totals": totals})
        return
    _runs_table(shown)
    typer.echo(_runs_totals_line(totals))


def _runs_table(records: list[dict]) -> None:
    from rich.table import Table

    table = Table(expand=False)
    for name in ("ID", "Art", "Model", "Started (UTC)", "Secs", "Tokens", "Cost", "Stored",
                 "Rej", "Prompt"):  # fmt: skip
        right = name in ("ID", "Art", "Secs", "Tokens", "Cost", "Stored", "Rej")
        table.add_column(name, justify="right" if right else "left", no_wrap=True)
    for r in records:
        table.add_row(
            str(r["id"]), str(r["article_id"]), r["model"] + (" (cache)" if r["cached"] else ""),
            f"{r['started_at']:%Y-%m-%d %H:%M:%S}",
            "" if r["seconds"] is None else f"{r['seconds']:.2f}",
            f"{r['input_tokens']}+{r['output_tokens']}" if r["input_tokens"] else "",
            f"${r['cost_usd']:.4f}" if r["cost_usd"] else "",
            str(r["claims_stored"]), str(r["claims_rejected"]), (r["prompt_sha256"] or "")[:8],
        )  # fmt: skip
    _console().print(table)


def _runs_totals_line(t: dict) -> str:
    return (
        f"{t['runs']} runs: {t['input_tokens']}+{t['output_tokens']} tokens, "
        f"${t['cost_usd']:.4f}, {t['seconds']:.1f} s, {t['claims_stored']} claims stored, "
        f"{t['claims_rejected']} rejected, {t['cached']} from cache"
    )


@command(claims_app, "list")
def claims_list(
    status: Annotated[str | None, typer.Option(help="Only claims with this status.")] = None,
    article: Annotated[int | None, typer.Option(help="Only claims from this article id.")] = None,
    source: Annotated[
        str | None, typer.Option(help="Only sources whose name contains this.")
    ] = None,
    assignee: Annotated[
        str | None, typer.Option(help="Only claims assigned to this person.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many (table default 50, JSON all; 0 for all).")
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List claims with their status, source and cue.

    Example:
        claimtrack claims list --status unverified --article 1
        claimtrack claims list --json > claims.json
    """
    from claimtrack.review import count_claims, list_claims

    filters = {"status": status, "article_id": article, "source": source, "assignee": assignee}
    if limit is None:
        limit = 0 if as_json else TABLE_ROWS
    with _session(db) as s:
        views = list_claims(s, **filters, limit=limit or None)
        if as_json:
            _print_json([v.as_dict() for v in views])
            return
        _claims_table(views)
        total = count_claims(s, **filters) if len(views) == limit else len(views)
    if total > len(views):
        typer.echo(f"{len(views)} of {total} claims shown; --limit 0 lists them all")
    else:
        typer.echo(f"{total} claims")


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
    limit: Annotated[int, typer.Option(help="At most this many claims.")] = 50,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Full-text search over claims, best matches first.

    Example:
        claimtrack claims search "Taliban willingness"
    """
    from claimtrack.review import search_claims

    with _session(db) as s:
        views = search_claims(s, query, limit=limit)
        if as_json:
            _print_json([v.as_dict() for v in views])
            return
        _claims_table(views)


@command(claims_app, "show")
def claims_show(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show one claim in its sentence, with links, evidence and history.

    Example:
        claimtrack claims show 3 --json
    """
    from claimtrack.review import claim_detail

    with _session(db) as s:
        data = claim_detail(s, claim_id)
    if as_json:
        _print_json(data)
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
            f"  evidence ({e['stance']}): {e['url']}" + (f" - {e['note']}" if e["note"] else "")
        )
    for c in d["history"]:
        typer.echo("  " + _change_line(c))
    for e in d["earlier_verdicts"]:
        typer.echo(f"  already rated {e['status']} as claim {e['claim_id']}: {e['quote']}")


def _change_line(c: dict) -> str:
    line = f"{c['at']}  {c['actor']:<12} {c['field']}: {c['from']} -> {c['to']}"
    return line + (f'  "{c["note"]}"' if c["note"] else "")


ByOpt = Annotated[
    str | None, typer.Option(envvar=config.USER_ENV, help="Reviewer name (default: login).")
]


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
    note: Annotated[str | None, typer.Option(help="Why; required to change a verdict.")] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Evidence URL (repeatable).")
    ] = None,
    ids: Annotated[str | None, typer.Option(help="Bulk: comma-separated claim ids.")] = None,
    article: Annotated[int | None, typer.Option(help="Bulk: every claim of this article.")] = None,
    status_filter: Annotated[
        str | None, typer.Option("--status", help="Bulk: only claims now in this status.")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Bulk: do not ask to confirm.")] = False,
    expect_version: Annotated[
        int | None, typer.Option(help="Refuse if the claim changed since you saw this version.")
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
    actor = by or config.default_actor()
    if args == ["next"]:
        _review_next(db, actor)
    elif ids is not None or article is not None or status_filter is not None:
        if len(args) != 1:
            raise typer.BadParameter("with --ids, --article or --status give only the new STATUS")
        _review_bulk(db, args[0], ids, article, status_filter, note=note, yes=yes, actor=actor)
    elif len(args) == 2 and args[0].isdigit():
        from claimtrack.review import set_status

        with _session(db, write=True) as s:
            claim = set_status(
                s, int(args[0]), args[1], actor=actor, note=note,
                evidence=tuple(evidence or ()), expected_version=expect_version,
            )  # fmt: skip
            typer.echo(f"claim {claim.id}: {claim.status} (version {claim.version})")
    else:
        raise typer.BadParameter("expected CLAIM STATUS, STATUS with --ids/--article, or 'next'")


def _review_bulk(db, status, ids, article, status_filter, *, note, yes, actor) -> None:
    from claimtrack.review import claim_ids_where, set_status_many

    with _session(db, write=True) as s:
        if ids is not None:
            try:
                chosen = [int(part) for part in ids.split(",") if part.strip()]
            except ValueError:
                msg = f"--ids takes numbers separated by commas, not {ids!r}"
                raise typer.BadParameter(msg) from None
        else:
            chosen = claim_ids_where(s, article_id=article, status=status_filter)
        if not chosen:
            typer.echo("no claims match; nothing changed")
            return
        if not yes and not typer.confirm(f"Set {len(chosen)} claims to {status}?"):
            typer.echo("nothing changed")
            raise typer.Exit(1)
        count = set_status_many(s, chosen, status, actor=actor, note=note)
    typer.echo(f"{count} claims set to {status}")


def _review_next(db, actor: str) -> None:
    """Walk the queue: show each claim in context, ask for a verdict, note and evidence."""
    from claimtrack.review import Conflict, earlier_verdicts_of, review_queue, set_status
    from claimtrack.settings import load_settings

    statuses = load_settings().scale.statuses
    with _session(db) as s:
        queue = [(v.claim.id, v.claim.version) for v in review_queue(s, reviewer=actor)]
    typer.echo(f"{len(queue)} claims waiting. Type a status, s to skip, q to quit.")
    for claim_id, version in queue:
        with _session(db) as s:
            detail = _queue_entry(s, claim_id) | {"earlier": earlier_verdicts_of(s, claim_id)}
        _show_for_review(detail)
        answer = _ask_status(statuses)
        if answer == "q":
            break
        if answer == "s":
            continue
        note = typer.prompt("note (enter to skip)", default="", show_default=False) or None
        urls = _ask_evidence()
        try:
            with _session(db, write=True) as s:
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


def _ask_status(statuses: tuple[str, ...]) -> str:
    while True:
        answer = typer.prompt("status").strip().lower()
        if answer in ("s", "q") or answer in statuses:
            return answer
        matches = [st for st in statuses if st.startswith(answer)]
        if len(matches) == 1:
            return matches[0]
        typer.echo(f"choose one of: {', '.join(statuses)} (or s, q)")


def _ask_evidence() -> tuple[str, ...]:
    urls = []
    while url := typer.prompt("evidence URL (enter to finish)", default="", show_default=False):
        urls.append(url.strip())
    return tuple(urls)


@command(app)
def queue(
    by: Annotated[
        str | None, typer.Option(help="Only claims assigned to NAME, plus unassigned ones.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many claims.")] = 20,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List the claims awaiting review, most check-worthy first, with their sentence.

    Example:
        claimtrack queue --by maria --limit 10
    """
    from claimtrack.review import earlier_verdicts_of, review_queue

    with _session(db) as s:
        entries = [
            v.as_dict() | {"sentence": v.sentence(), "earlier": earlier_verdicts_of(s, v.claim.id)}
            for v in review_queue(s, reviewer=by, limit=limit)
        ]
    if as_json:
        _print_json(entries)
        return
    for entry in entries:
        _show_for_review(entry)
    typer.echo(f"\n{len(entries)} claims waiting")


@command(app)
def assign(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    name: Annotated[str, typer.Argument(help="Reviewer to assign; '-' to unassign.")],
    by: Annotated[str | None, typer.Option(envvar=config.USER_ENV, help="Who assigns.")] = None,
    db: DbOpt = None,
) -> None:
    """Assign a claim to a reviewer.

    Example:
        claimtrack assign 3 maria
    """
    from claimtrack.review import assign as assign_claim

    with _session(db, write=True) as s:
        claim = assign_claim(
            s, claim_id, None if name == "-" else name, actor=by or config.default_actor()
        )
        typer.echo(f"claim {claim.id}: assigned to {claim.assignee or 'nobody'}")


@command(app)
def history(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show a claim's audit trail: every status and assignment change, oldest first.

    Example:
        claimtrack history 3
    """
    from claimtrack.review import change_dict
    from claimtrack.review import history as claim_history

    with _session(db) as s:
        changes = [change_dict(c) for c in claim_history(s, claim_id)]
    if as_json:
        _print_json(changes)
        return
    if not changes:
        typer.echo(f"claim {claim_id}: no changes yet")
    for c in changes:
        typer.echo(_change_line(c))


@command(evidence_app, "add")
def evidence_add(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    url: Annotated[str, typer.Argument(help="Where the evidence is.")],
    stance: Annotated[
        Stance, typer.Option(help="What the evidence does to the claim.")
    ] = Stance.context,
    note: Annotated[str | None, typer.Option(help="What it shows.")] = None,
    by: Annotated[str | None, typer.Option(envvar=config.USER_ENV, help="Who adds it.")] = None,
    db: DbOpt = None,
) -> None:
    """Attach a piece of evidence to a claim.

    Example:
        claimtrack evidence add 3 https://example.org/data.csv --stance refutes
    """
    from claimtrack.review import add_evidence

    with _session(db, write=True) as s:
        item = add_evidence(
            s, claim_id, url, stance=stance.value, note=note, actor=by or config.default_actor()
        )
        typer.echo(f"claim {claim_id}: evidence {item.id} added ({item.stance})")


@command(articles_app, "list")
def articles_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List stored articles with their claim counts.

    Example:
        claimtrack articles list
    """
    from claimtrack.reports import article_summaries

    with _session(db) as s:
        rows = article_summaries(s)
    if as_json:
        _print_json(rows)
        return
    for r in rows:
        typer.echo(
            f"{r['id']:>4}  {r['claims']:>3} claims  {r['title']}"
            + (f"  <{r['url']}>" if r["url"] else "")
        )


@command(articles_app, "show")
def articles_show(
    article_id: Annotated[int, typer.Argument(help="Article id.")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Show an article's metadata, text and extraction runs.

    Example:
        claimtrack articles show 1
    """
    from claimtrack.reports import article_detail

    with _session(db) as s:
        data = article_detail(s, article_id)
    if as_json:
        _print_json(data)
        return
    typer.echo(f"Article {data['id']}: {data['title']}")
    for key in ("url", "outlet", "author", "published_at", "source_format"):
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
    from claimtrack.reports import source_counts

    with _session(db) as s:
        rows = source_counts(s)
    if as_json:
        _print_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['claims']:>4}  {r['name']}  ({r['source_type']})")


@command(app)
def report(
    articles: Annotated[
        list[int] | None,
        typer.Argument(help="Article ids; leave out with --all or a filter.", show_default=False),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="The desk view over every claim.")
    ] = False,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Desk view of claims with this status (repeatable).", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Desk view of claims extracted or changed since YYYY-MM-DD (UTC)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Desk view of claims whose source name contains this.")
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.md,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(help="Render with your own Jinja template (x.md.j2 or x.html.j2)."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Render a fact-check report of articles, or the desk view, as Markdown, HTML or JSON.

    With article ids: each article's text with every claim highlighted, then its claims by
    source. With --all or a filter: the desk view, with counts by status, the sources quoted
    most, the check-worthy claims still waiting, and the verdicts with notes, evidence and
    status history.

    Example:
        claimtrack report 1 --format html -o reports/article-1.html
        claimtrack report --all --since 2026-11-01 --format html -o desk.html
        claimtrack report --status false --source ministry
    """
    from claimtrack.reports import Selection, render_report

    selection = Selection.parse(
        article_ids=articles or (), statuses=status or (), since=since, source=source
    )
    with _session(db) as s:
        text = render_report(s, selection, fmt.value, desk=everything, template=template)
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}")


@command(app)
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="claimreview (JSON-LD of every verdict), jsonl or csv."
        ),
    ],
    articles: Annotated[
        list[int] | None,
        typer.Argument(help="Article ids (default: every article).", show_default=False),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Only claims with this status (repeatable).", show_default=False),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only claims extracted or changed since YYYY-MM-DD (UTC).")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Only claims whose source name contains this.")
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start the CSV with a UTF-8 byte-order mark, for Excel.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Export claims: ClaimReview JSON-LD of the verdicts, or the claims as JSON Lines or CSV.

    ClaimReview objects are checked for Google's required and recommended fields; each gap
    is a warning on stderr naming the claim (the export is still written).

    Example:
        claimtrack export --format claimreview -o fact-checks.json
        claimtrack export --format csv --bom --status false -o false-claims.csv
    """
    from claimtrack.exports import export_claims
    from claimtrack.reports import Selection

    selection = Selection.parse(
        article_ids=articles or (), statuses=status or (), since=since, source=source
    )
    with _session(db) as s:
        result = export_claims(s, selection, fmt, bom=bom)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if output is None:
        sys.stdout.write(result.text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.text, encoding="utf-8", newline="")
    noun = "review" if fmt == "claimreview" else "claim"
    typer.echo(f"wrote {output} ({result.count} {noun}{'' if result.count == 1 else 's'})")


@command(app, "eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Annotated articles, one JSON object per line.")],
    model: Annotated[
        str, typer.Option(envvar=config.MODEL_ENV, help="'rules' or any litellm model.")
    ] = config.RULES,
    api_base: Annotated[
        str | None,
        typer.Option(envvar=config.API_BASE_ENV, help="Base URL of an OpenAI-compatible server."),
    ] = None,
    with_rules: Annotated[
        bool, typer.Option(help="With a model: score the hybrid of its claims and the rules'.")
    ] = False,
    raw: Annotated[
        bool, typer.Option(help="Score spans as extracted, before refinement (to compare).")
    ] = False,
    predictions_out: Annotated[
        Path | None, typer.Option(help="Write each document's predicted spans here (JSONL).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score an extractor against annotated articles: precision, recall and F1 per role.

    Nothing is written to the claims database.

    Example:
        claimtrack eval ../shared/data/polnear-dev.jsonl
        claimtrack eval my-desk-gold.jsonl --model gpt-4o-mini --predictions-out preds.jsonl
    """
    from rich.progress import Progress

    from claimtrack import evaluate

    try:
        golds = evaluate.load_gold(gold)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="GOLD") from None
    predictions = []
    sink = predictions_out.open("w", encoding="utf-8") if predictions_out else None
    with Progress(console=_console_err(), transient=True) as progress:
        task = progress.add_task("documents", total=len(golds))
        found = evaluate.predict(
            golds, model=model, api_base=api_base, with_rules=with_rules, raw=raw
        )
        for doc, claims in zip(golds, found, strict=True):
            predictions.append(evaluate.to_prediction(claims, doc.text))
            if sink:
                sink.write(json.dumps(evaluate.prediction_record(doc, claims)) + "\n")
            progress.advance(task)
    if sink:
        sink.close()
    scores = evaluate.score(golds, predictions)
    name = f"{model}+rules" if with_rules and model != config.RULES else model
    name += " (raw spans)" if raw else ""
    if as_json:
        _print_json({"model": name, **scores.as_dict()})
        return
    typer.echo(f"{name} on {gold.name}: {scores.documents} documents")
    typer.echo(f"{'':<18}{'P':>7}{'R':>7}{'F1':>7}")
    for label, p, r, f1 in scores.rows():
        typer.echo(f"{label:<18}{p:>7.3f}{r:>7.3f}{f1:>7.3f}")


def _console_err():
    from rich.console import Console

    return Console(stderr=True)


@command(dev_app, "replay-server")
def dev_replay_server(
    recordings: Annotated[Path, typer.Argument(help="Recorded answers, one JSON object a line.")],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")] = 8765,
    corpus: Annotated[
        Path | None, typer.Option(help="Article texts (JSONL) to find articles in any prompt.")
    ] = None,
) -> None:
    """Serve recorded LLM answers as an OpenAI-compatible API on 127.0.0.1, to measure the LLM path.

    Each request is answered with the recording for the article it carries; an article with
    no recording gets HTTP 404. Stop it with Ctrl-C.

    Example:
        claimtrack dev replay-server ../shared/data/llm-answers-dev.jsonl --port 8765 &
        claimtrack eval ../shared/data/polnear-dev.jsonl --model openai/replay \\
            --api-base http://127.0.0.1:8765/v1 --with-rules
    """
    from claimtrack.replay import Recordings, make_server

    try:
        loaded = Recordings.load(recordings, corpus)
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(str(exc), param_hint="RECORDINGS") from None
    server = make_server(loaded, port=port)
    host, bound = server.server_address[:2]
    typer.echo(f"replaying {len(loaded.answers)} answers at http://{host}:{bound}/v1", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@command(db_app, "path")
def db_path(db: DbOpt = None) -> None:
    """Print the database in use (a file path for SQLite, else the URL without password).

    Example:
        claimtrack db path
    """
    from sqlalchemy.engine import make_url

    url = make_url(db or config.database_url())
    if url.get_backend_name() == "sqlite":
        typer.echo(url.database)
    else:
        typer.echo(url.render_as_string(hide_password=True))


@command(db_app, "upgrade")
def db_upgrade(db: DbOpt = None) -> None:
    """Apply pending schema migrations (also done automatically on first use).

    Example:
        claimtrack db upgrade
    """
    from claimtrack.db import engine, upgrade

    typer.echo(f"schema at revision {upgrade(engine(db))}")


def main() -> None:
    app()
