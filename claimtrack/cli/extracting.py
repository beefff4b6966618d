"""Commands that extract: `extract`, `runs`, `eval` and the replay server."""

from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from claimtrack import environment
from claimtrack.cli.app import (
    MAX_ID,
    DbOpt,
    JsonOpt,
    app,
    command,
    console,
    console_err,
    dev_app,
    print_json,
    runs_app,
    session_for,
)  # fmt: skip
from claimtrack.text import plural

ApiBaseOpt = Annotated[
    str | None,
    typer.Option(envvar=environment.API_BASE_ENV, help="Base URL of an OpenAI-compatible server."),
]
# Before schema 2 this merged a model's claims with the rules'; a model now always reviews the
# rules' claims, so the flag is accepted (scripts keep working) and says it is not needed.
WithRulesOpt = Annotated[bool, typer.Option(hidden=True)]


def _no_longer_needed(with_rules: bool) -> None:
    if with_rules:
        typer.echo(
            "note: --with-rules is no longer needed: a model always reviews the offline "
            "extractor's claims",
            err=True,
        )


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
            envvar=environment.MODEL_ENV,
            help="'rules' (offline) or any litellm model, e.g. gpt-4o-mini, openai/NAME.",
        ),
    ] = environment.RULES,
    api_base: ApiBaseOpt = None,
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
    with_rules: WithRulesOpt = False,
    force: Annotated[bool, typer.Option(help="Extract again even if unchanged.")] = False,
    title: Annotated[
        str | None, typer.Option(help="The article's title (one input only).", show_default=False)
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="The article's URL (one input only).", show_default=False)
    ] = None,
    date: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"],
            help="The article's publication date (UTC), e.g. 2026-03-02.",
            show_default=False,
        ),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="The outlet that published it.", show_default=False)
    ] = None,
    db: DbOpt = None,
) -> None:
    """Extract attributed claims from articles and store them for review.

    Every local input is read and checked before anything is stored; a bad one stops the
    command. Each article is stored in one transaction as soon as it is done; one that fails
    (an unreachable URL, a provider error) is listed at the end without stopping the rest, and
    the exit code is 1. Run the same command again to retry: what is done is skipped.
    --title, --url, --date and --outlet override what the input says of itself.

    Example:
        claimtrack extract seeds/*.txt
        claimtrack extract - --title "Council backs budget" --outlet "Riverside Courier"
        claimtrack extract https://example.org/story.html --model gpt-4o-mini
        claimtrack extract @urls.txt --model gpt-4o-mini --concurrency 8
    """
    from claimtrack.batch import Failure, extract_all, prepare
    from claimtrack.extract import ExtractOptions
    from claimtrack.ingest import Metadata

    metadata = Metadata(title=title, url=url, published_at=date, outlet=outlet)
    items = prepare(inputs, metadata)
    options = ExtractOptions(
        model=model, api_base=api_base, force=force, url=db,
        max_input_tokens=max_input_tokens,
    )  # fmt: skip
    _no_longer_needed(with_rules)
    with _progress(len(items)) as (advance, say):

        def done(result) -> None:
            if not isinstance(result, Failure):  # failures are listed at the end
                say(_outcome_line(result))
                for warning in result.doc.warnings:
                    say(f"warning: {warning}", err=True)
            advance()

        report = extract_all(
            items, options=options, concurrency=concurrency, on_done=done, metadata=metadata
        )
    _finish_batch(report)


@contextmanager
def _progress(total: int):
    """A progress bar on a terminal's stderr for a batch, and `say` for a line meanwhile.

    `say` prints above the bar (the bar's line cleared first) whenever the line would land on
    the bar's terminal; stdout redirected elsewhere is written as it is.
    """
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    if total < 2 or not console.is_terminal:
        yield (lambda: None), typer.echo
        return
    columns = ("extracting", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    on_terminal = sys.stdout.isatty()
    quiet = {"redirect_stdout": False, "redirect_stderr": False}  # `say` places every line
    with Progress(*columns, console=console, transient=True, **quiet) as progress:

        def say(line: str, err: bool = False) -> None:
            if err or on_terminal:
                progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                typer.echo(line)

        task = progress.add_task("extract", total=total)
        yield (lambda: progress.advance(task)), say


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
    line = f"{plural(report.total, 'input')}: {len(stored)} stored ({plural(claims, 'claim')}"
    line += f", {rejected} rejected)" if rejected else ")"
    line += f", {len(report.skipped)} unchanged, {len(report.failures)} failed"
    line += f", {report.not_done} not done" if report.interrupted else ""
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
    stored = plural(s.stored, "claim")
    line = f"{outcome.doc.origin}: article {s.article_id}, {stored} stored ({x.extractor}"
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
        line += f", {s.rejected} rejected: quote, source or cue not found in the article"
    return line


@command(runs_app, "list")
def runs_list(
    article: Annotated[
        int | None, typer.Option(min=1, max=MAX_ID, help="Only runs over this article id.")
    ] = None,
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

    with session_for(db) as s:
        records = [run_record(r) for r in list_runs(s, article_id=article, extractor=model)]
    totals, shown = run_totals(records), records[:limit] if limit else records
    if as_json:
        print_json({"runs": shown, "totals": totals})
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
    console().print(table)


def _runs_totals_line(t: dict) -> str:
    cost = f"${t['cost_usd']:.4f}, " if t["cost_usd"] is not None else ""
    return (
        f"{plural(t['runs'], 'run')}: {t['input_tokens']}+{t['output_tokens']} tokens, "
        f"{cost}{t['seconds']:.1f} s, {plural(t['claims_stored'], 'claim')} stored, "
        f"{t['claims_rejected']} rejected, {t['cached']} from cache"
    )


@command(app, "eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Annotated articles, one JSON object per line.")],
    model: Annotated[
        str, typer.Option(envvar=environment.MODEL_ENV, help="'rules' or any litellm model.")
    ] = environment.RULES,
    api_base: ApiBaseOpt = None,
    with_rules: WithRulesOpt = False,
    raw: Annotated[
        bool, typer.Option(help="Score spans as extracted, before refinement (to compare).")
    ] = False,
    predictions_out: Annotated[
        Path | None, typer.Option(help="Write each document's predicted spans here (JSONL).")
    ] = None,
    stored: Annotated[
        bool,
        typer.Option(
            "--stored", help="Score the claims stored for these articles, as reviewers left them."
        ),
    ] = False,
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score an extractor against annotated articles: precision, recall and F1 per role.

    Nothing is written to the claims database.

    Example:
        claimtrack eval ../shared/data/polnear-dev.jsonl
        claimtrack eval my-desk-gold.jsonl --model gpt-4o-mini --predictions-out preds.jsonl
        claimtrack eval my-desk-gold.jsonl --stored --predictions-out desk.jsonl
    """
    from claimtrack.errors import UserError
    from claimtrack.evaluate import evaluate_file

    if stored and (model != environment.RULES or raw):
        raise UserError("--stored scores the database's claims: leave out --model and --raw")
    _no_longer_needed(with_rules)
    with _documents_progress() as show:
        result = evaluate_file(
            gold, model=model, api_base=api_base, raw=raw,
            predictions_out=predictions_out, on_progress=show, stored=stored, db=db,
        )  # fmt: skip
    name, scores = result.extractor, result.scores
    if as_json:
        print_json({"model": name, **scores.as_dict()})
        return
    typer.echo(f"{name} on {gold.name}: {plural(scores.documents, 'document')}")
    typer.echo(f"{'':<18}{'P':>7}{'R':>7}{'F1':>7}")
    for label, p, r, f1 in scores.rows():
        typer.echo(f"{label:<18}{p:>7.3f}{r:>7.3f}{f1:>7.3f}")


@contextmanager
def _documents_progress():
    """A progress bar over documents on stderr, from when the gold file is read and counted."""
    from rich.progress import Progress

    progress = Progress(console=console_err(), transient=True)
    tasks = []

    def show(done: int, total: int) -> None:
        if not tasks:
            progress.start()
            tasks.append(progress.add_task("documents", total=total))
        progress.update(tasks[0], completed=done)

    try:
        yield show
    finally:
        if tasks:
            progress.stop()


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

    loaded = Recordings.load(recordings, corpus)
    server = make_server(loaded, port=port)
    host, bound = server.server_address[:2]
    typer.echo(
        f"replaying {plural(len(loaded.answers), 'answer')} at http://{host}:{bound}/v1", err=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
