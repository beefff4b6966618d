"""The command line as a whole: help everywhere, and quick commands stay quick."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from claimtrack.cli import app
from tests.conftest import SEED


def _is_group(command) -> bool:
    return hasattr(command, "commands")


def _commands(group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        yield path, command
        if _is_group(command):
            yield from _commands(command, path)


ALL_COMMANDS = sorted(_commands(typer.main.get_command(app)), key=lambda item: item[0])


@pytest.mark.parametrize(
    ("path", "command"), ALL_COMMANDS, ids=[" ".join(p) for p, _ in ALL_COMMANDS]
)
def test_every_command_has_help(cli, path, command):
    assert command.help and command.help.strip(), f"{' '.join(path)} has no help text"
    result = cli(*path, "--help")
    assert "Usage:" in result.output
    if not _is_group(command):
        assert "Example:" in command.help, f"{' '.join(path)} help has no Example"


def test_expected_commands_exist():
    names = {" ".join(path) for path, _ in ALL_COMMANDS}
    assert {
        "extract", "claims list", "claims show", "review", "history", "assign", "evidence add",
        "articles list", "articles show", "sources list", "report", "db path", "db upgrade",
    } <= names  # fmt: skip


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=True, timeout=120
    )


def test_claims_list_imports_neither_litellm_nor_spacy(seeded):
    probe = (
        "import json, sys\n"
        "from claimtrack.cli import app\n"
        "try:\n"
        "    app(['claims', 'list', '--json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'litellm', 'spacy', 'thinc'}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)),"
        " file=sys.stderr)\n"
    )
    result = _run("-c", probe)
    assert json.loads(result.stdout), "claims list printed no claims"
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_python_dash_m_runs_the_cli():
    result = _run("-m", "claimtrack", "--help")
    assert "extract" in result.stdout and "report" in result.stdout


def test_sources_list_counts_claims(seeded, cli_json):
    sources = {s["name"]: s for s in cli_json("sources", "list")}
    assert sources["Official sources"]["claims"] >= 1
    assert sources["Official sources"]["source_type"] == "anonymous_official"


def test_articles_list(seeded, cli_json):
    [article] = cli_json("articles", "list")
    assert article["claims"] >= 5 and article["id"] == 1
    assert SEED.exists()
