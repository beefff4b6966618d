"""The claimtrack command line. Commands parse options, call one domain function, print.

`app.py` holds the Typer apps and what every command shares; each other module registers the
commands of one part of the work on them.
"""

from claimtrack.cli import extracting, publishing, reviewing, revising  # noqa: F401 (registers)
from claimtrack.cli.app import app, main

__all__ = ["app", "main"]
