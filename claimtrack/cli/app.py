"""The command line's shared parts: the Typer apps, common options, errors, output helpers."""

import functools
import json
from contextlib import contextmanager
from typing import Annotated

import typer

# Typer carries its own copy of click; its usage errors are these classes, not click's.
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from claimtrack import environment
from claimtrack.errors import UserError

MAX_ID = 2**63 - 1  # the largest whole number SQLite and PostgreSQL's bigint hold


@contextmanager
def _usage_error_in_one_line():
    try:
        yield
    except NoArgsIsHelpError:
        raise  # a bare group: its help, as asked
    except UsageError as exc:
        hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx else ""
        typer.echo(f"error: {' '.join(exc.format_message().split())}{hint}", err=True)
        raise typer.Exit(exc.exit_code) from None


class OneLineUsageErrors(TyperGroup):
    """A wrong option or argument is one `error:` line too (exit code 2), not a framed panel."""

    def make_context(self, *args, **kwargs):
        with _usage_error_in_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _usage_error_in_one_line():
            return super().invoke(ctx)


app = typer.Typer(
    cls=OneLineUsageErrors,
    name="claimtrack",
    help="Extract attributable claims from news articles, review them, publish fact-checks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
claims_app = typer.Typer(help="List, show and search extracted claims.", no_args_is_help=True)
articles_app = typer.Typer(help="List and show stored articles.", no_args_is_help=True)
sources_app = typer.Typer(
    help="List, rename and merge the sources claims are attributed to.", no_args_is_help=True
)
speakers_app = typer.Typer(help="What one speaker said, across articles.", no_args_is_help=True)
evidence_app = typer.Typer(help="Attach evidence to claims.", no_args_is_help=True)
db_app = typer.Typer(help="Where the database is, and its schema.", no_args_is_help=True)


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"claimtrack {version('claimtrack')}")
        raise typer.Exit()


VersionOpt = Annotated[
    bool,
    typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
]


@app.callback()
def _load_newsroom_settings(version: VersionOpt = False) -> None:
    """Read claimtrack.toml before any command, so a bad one is refused up front."""
    from claimtrack.newsroom import load_settings

    try:
        load_settings()
    except UserError as exc:
        raise _refuse(exc) from None


app.add_typer(claims_app, name="claims")
app.add_typer(articles_app, name="articles")
app.add_typer(sources_app, name="sources")
app.add_typer(speakers_app, name="speakers")
app.add_typer(evidence_app, name="evidence")
app.add_typer(db_app, name="db")
dev_app = typer.Typer(help="Tools for measuring and developing claimtrack.", no_args_is_help=True)
app.add_typer(dev_app, name="dev")
runs_app = typer.Typer(
    help="Extraction runs: model, tokens, cost and time of each.", no_args_is_help=True
)
app.add_typer(runs_app, name="runs")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ByOpt = Annotated[
    str | None, typer.Option(envvar=environment.USER_ENV, help="Reviewer name (default: login).")
]

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=environment.DATABASE_URL_ENV,
        help="Database URL, or a path for a SQLite file.",
        show_default=False,
    ),
]


def command(target: typer.Typer, name: str | None = None):
    """Register a command whose user errors print one line and exit 1 (bugs still trace)."""

    def register(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except UserError as exc:
                raise _refuse(exc) from None

        return target.command(name)(wrapper)

    return register


def _refuse(exc: UserError) -> typer.Exit:
    """A user's mistake: its one line on stderr, and exit code 1."""
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


def console():
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:  # piped: wide enough for one claim per line
        console.width = 160
    return console


def _json_default(value: object) -> str:
    """A datetime as ISO 8601 with its zone (a naive one is UTC); anything else as str."""
    from datetime import datetime

    if isinstance(value, datetime):
        from claimtrack.review import iso_utc

        return iso_utc(value)
    return str(value)


def print_json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=_json_default))


def session_for(db: str | None, *, write: bool = False):
    """A unit of work; only a command that writes may create the database."""
    from claimtrack.db import session

    return session(db, write=write, create=write)


def console_err():
    from rich.console import Console

    return Console(stderr=True)


@command(db_app, "path")
def db_path(db: DbOpt = None) -> None:
    """Print the database in use (a file path for SQLite, else the URL without password).

    Example:
        claimtrack db path
    """
    from claimtrack.db import describe, parse_url, sqlite_path

    url = parse_url(db or environment.database_url())
    if url.get_backend_name() == "sqlite":
        typer.echo(sqlite_path(url) or url.database)
    else:
        typer.echo(describe(url))


@command(db_app, "upgrade")
def db_upgrade(db: DbOpt = None) -> None:
    """Apply pending schema migrations (also done automatically on first use).

    Example:
        claimtrack db upgrade
    """
    from claimtrack.db import engine, upgrade

    typer.echo(f"schema at revision {upgrade(engine(db))}")


def main() -> None:
    try:
        app()
    finally:
        # Everything is written; what is left is the interpreter's exit, whose last garbage
        # collection walks every object litellm and spaCy made (over half a second): move them
        # out of its sight. Atexit handlers and module teardown still run.
        import gc

        gc.freeze()
