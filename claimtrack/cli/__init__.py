"""The claimtrack command line. Commands parse options, call one domain function, print.

`app.py` holds the Typer apps and what every command shares; each other module registers the
commands of one part of the work on them. These modules do without `from __future__ import
annotations`: Typer reads every command's annotations at each start, and annotations kept as
strings it must compile and evaluate first, which took longer than the rest of its start.
"""

from claimtrack.cli import extracting, publishing, reviewing, revising  # noqa: F401 (registers)
from claimtrack.cli.app import app, main

__all__ = ["app", "main"]
