"""Commands that show the claims outside the terminal: `report`, `export` and `browse`."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from claimtrack import environment
from claimtrack.cli.app import (
    MAX_ID,
    DbOpt,
    app,
    command,
    session_for,
)  # fmt: skip
from claimtrack.errors import cannot_write
from claimtrack.text import plural


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@command(app)
def report(
    articles: Annotated[
        list[int] | None,
        typer.Argument(
            min=1,
            max=MAX_ID,
            help="Article ids; leave out with --all or a filter.",
            show_default=False,
        ),
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
    public: Annotated[
        bool,
        typer.Option("--public", help="What readers may see: verdicts, explanations, evidence."),
    ] = False,
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
        claimtrack report --all --public --format html -o fact-checks.html
    """
    from claimtrack.cards import Selection

    selection = Selection.parse(
        article_ids=articles or (), statuses=status or (), since=since, source=source
    )
    with session_for(db) as s:
        if public:
            text = _public(s, selection, fmt.value, everything=everything, template=template)
        else:
            from claimtrack.reports import render_report  # not for the public page: its own

            text = render_report(s, selection, fmt.value, desk=everything, template=template)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise cannot_write(output, exc) from None
    typer.echo(f"wrote {output}")


def _public(s, selection, fmt: str, *, everything: bool, template: Path | None) -> str:
    from claimtrack.errors import ReportError
    from claimtrack.newsroom import load_settings
    from claimtrack.public import render_public

    if template is not None:
        raise ReportError("--public uses the public page's own template; leave out --template")
    if not (selection.article_ids or everything or selection.filtered):
        raise ReportError("name the articles to publish, or use --all for every verdict")
    settings = load_settings()
    selection.check(settings.scale)
    return render_public(s, selection, fmt, settings)


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
        typer.Argument(
            min=1, max=MAX_ID, help="Article ids (default: every article).", show_default=False
        ),
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
    from claimtrack.cards import Selection
    from claimtrack.exports import export_claims

    selection = Selection.parse(
        article_ids=articles or (), statuses=status or (), since=since, source=source
    )
    with session_for(db) as s, _output(output) as out:
        count = export_claims(s, selection, fmt, out, bom=bom, warn=_warn)
    if output is not None:
        noun = "review" if fmt == "claimreview" else "claim"
        typer.echo(f"wrote {output} ({plural(count, noun)})")


def _warn(line: str) -> None:
    typer.echo(f"warning: {line}", err=True)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """Stdout, or a file that appears, whole, only once everything is written to it."""
    if path is None:
        yield sys.stdout
        return
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        out = partial.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        with out:
            yield out
        partial.replace(path)
    except OSError as exc:  # a full disk, a path that went away meanwhile
        raise cannot_write(path, exc) from None
    finally:
        partial.unlink(missing_ok=True)


@command(app)
def browse(
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free one).")
    ] = 8001,
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but 127.0.0.1 lets others on the network "
            "read every claim."
        ),
    ] = "127.0.0.1",
    open_page: Annotated[
        bool, typer.Option("--open", help="Open the page in a web browser.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Browse the database in Datasette, read-only, until Ctrl-C.

    Every table with labels, full-text search over claims, and canned queries: the queue,
    verdicts by outlet, and a speaker's claims over time. SQLite databases only. Needs the
    browse extra: pip install 'claimtrack\\[browse]'.

    Example:
        claimtrack browse
        claimtrack browse --port 8080 --open
    """
    from claimtrack import browse as browsing
    from claimtrack.newsroom import load_settings

    path, sock = browsing.prepare(db or environment.database_url(), host, port)
    with sock:
        address = browsing.address_of(sock)
        if host not in browsing.LOOPBACK:
            _warn(f"listening on {host}: anyone who can reach it can read every claim")
        typer.echo(f"browsing {path} read-only at {address} (Ctrl-C to stop)")
        if open_page:
            import webbrowser

            webbrowser.open(address)
        try:
            browsing.serve(path, load_settings(), sock)
        except KeyboardInterrupt:
            pass  # Ctrl-C: the server has shut down
    typer.echo("stopped")
