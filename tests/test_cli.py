"""The command line as a whole: help everywhere, and quick commands stay quick."""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys

import pytest
import typer

from claimtrack.cli import app
from claimtrack.errors import UserError
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


USER_ERRORS = [
    ("db", "DatabaseError"), ("ingest", "InputError"), ("llm", "LLMError"),
    ("nlp", "PipelineMissing"), ("review", "ReviewError"), ("review", "Conflict"),
    ("newsroom", "SettingsError"), ("errors", "ReportError"), ("evaluate", "GoldFileError"),
    ("replay", "RecordingsError"),
]  # fmt: skip


@pytest.mark.parametrize(("module", "name"), USER_ERRORS, ids=[n for _, n in USER_ERRORS])
def test_every_user_error_derives_from_the_one_class_the_cli_catches(module, name):
    assert issubclass(getattr(importlib.import_module(f"claimtrack.{module}"), name), UserError)


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (("eval",), "bad.jsonl:2: not valid JSON"),
        (("dev", "replay-server"), "bad.jsonl:1: not a recording"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_code_1(cli, tmp_path, command, line):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Fine."}\n{not json\n', encoding="utf-8")
    result = cli(*command, bad, ok=False)
    assert result.exit_code == 1
    [message] = result.stderr.splitlines()
    assert message.startswith(f"error: {tmp_path}") and line in message


@pytest.mark.parametrize("command", [("eval",), ("dev", "replay-server")])
def test_a_missing_file_is_one_line_and_exit_code_1(cli, tmp_path, command):
    result = cli(*command, tmp_path / "absent.jsonl", ok=False)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: {tmp_path / 'absent.jsonl'}: cannot read (No such file or directory)\n"
    )


HUGE = "99999999999999999999"  # past the 64-bit integer SQLite and PostgreSQL store


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (("claims", "show", HUGE), "less than or equal to 9223372036854775807"),
        (("claims", "list", "--article", HUGE), "less than or equal to"),
        (("claims", "list", "--limit", "-1"),
         "'--limit': Input should be greater than or equal to 0"),
        (("claims", "search", "minister", "--limit", "-1"), "'--limit'"),
        (("queue", "--limit", "-1"), "'--limit'"),
        (("history", HUGE), "less than or equal to"),
        (("assign", HUGE, "maria"), "less than or equal to"),
        (("evidence", "add", HUGE, "https://example.org/x"), "less than or equal to"),
        (("articles", "show", HUGE), "less than or equal to"),
        (("runs", "list", "--article", HUGE), "less than or equal to"),
        (("report", HUGE), "less than or equal to"),
        (("export", "--format", "jsonl", "0"), "greater than or equal to 1"),
        (("review", HUGE, "false"), f"{HUGE} is not a claim id"),
        (("review", "--ids", f"1,{HUGE}", "false", "--yes"), f"{HUGE} is not a claim id"),
        (("review", "1", "false", "--expect-version", HUGE), "less than or equal to"),
        (("claims", "show", "abc"), "valid integer"),
        (("claims", "list", "--no-such-option"), "No such option: --no-such-option"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)  # fmt: skip
def test_an_out_of_range_id_or_limit_is_one_line(seeded, cli, command, message):
    before = cli("claims", "list", "--json").output
    result = cli(*command, ok=False)
    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("error: ") and message in line and line.endswith("--help)")
    assert cli("claims", "list", "--json").output == before


def test_a_bare_group_still_shows_its_help(cli):
    result = cli("claims", ok=False)
    assert "Usage:" in result.output and "list" in result.output


def test_version_prints_the_version_without_heavy_imports():
    from importlib.metadata import version

    probe = (
        "import json, sys\n"
        "from claimtrack.cli import app\n"
        "try:\n"
        "    app(['--version'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = {'litellm', 'spacy', 'thinc'}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)),"
        " file=sys.stderr)\n"
    )
    result = _run("-c", probe)
    assert result.stdout == f"claimtrack {version('claimtrack')}\n"
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


def test_one_of_a_thing_is_singular(seeded, cli):
    assert cli("claims", "list", "--source", "Observers").output.endswith("\n1 claim\n")
    assert "\n1 run: " in "\n" + cli("runs", "list").output
    assert cli("claims", "list").output.endswith("\n6 claims\n")


def _iso_with_zone(text: str) -> bool:
    from datetime import datetime

    return "T" in text and datetime.fromisoformat(text).tzinfo is not None


def test_json_timestamps_are_iso_8601_with_a_zone(seeded, cli, cli_json):
    cli("review", "1", "false", "--note", "checked", "--by", "desk")
    [run] = cli_json("runs", "list")["runs"]
    [change] = cli_json("history", "1")
    shown = cli_json("claims", "show", "1")
    stamps = [run["started_at"], change["at"], shown["updated_at"], shown["history"][-1]["at"]]
    assert all(_iso_with_zone(t) for t in stamps), stamps
    assert " UTC  desk" in cli("history", "1").output  # the text view keeps its form


def test_every_json_timestamp_has_one_form(seeded, cli, cli_json):
    """ISO 8601 ending +00:00 everywhere, never "Z" or " UTC" text: one parser reads them all."""
    cli("review", "1", "false", "--note", "checked", "--by", "desk")
    article = cli_json("articles", "show", "1")
    [report] = json.loads(cli("report", "1", "--format", "json").stdout)["articles"]
    [card] = [c for g in report["sources"] for c in g["claims"] if c["id"] == 1]
    desk = json.loads(cli("report", "--all", "--format", "json").stdout)["desk"]
    exported = json.loads(cli("export", "--format", "jsonl").stdout.splitlines()[0])
    stamps = [
        article["ingested_at"], article["runs"][0]["started_at"], card["history"][-1]["at"],
        desk["verdicts"][0]["history"][-1]["at"], cli_json("claims", "list")[0]["updated_at"],
        exported["updated_at"], cli_json("history", "1")[-1]["at"],
    ]  # fmt: skip
    assert all(_iso_with_zone(t) and t.endswith("+00:00") for t in stamps), stamps
    assert " UTC, desk" in cli("report", "1", "--format", "md").stdout  # the report's text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _say_under_a_bar(monkeypatch, out, err) -> None:
    """Print one result line while a two-step progress bar shows, on these streams."""
    from claimtrack.cli.extracting import _progress

    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    for name in ("NO_COLOR", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    with _progress(2) as (advance, say):
        say("a.txt: article 1, 1 claim stored (rules)")
        advance()


def test_result_lines_print_above_the_progress_bar_not_into_it(monkeypatch):
    out, err = _Terminal(), _Terminal()
    _say_under_a_bar(monkeypatch, out, err)
    assert "\x1b[2Ka.txt: article 1, 1 claim stored (rules)\n" in err.getvalue()  # bar cleared
    assert out.getvalue() == ""


def test_result_lines_stay_on_a_redirected_stdout_under_the_progress_bar(monkeypatch):
    out, err = io.StringIO(), _Terminal()
    _say_under_a_bar(monkeypatch, out, err)
    assert out.getvalue() == "a.txt: article 1, 1 claim stored (rules)\n"


def test_an_interrupted_batch_summary_adds_up_to_its_inputs():
    from claimtrack.batch import BatchReport
    from claimtrack.cli.extracting import _batch_summary

    line = _batch_summary(BatchReport(total=4, interrupted=True))
    assert line == "4 inputs: 0 stored (0 claims), 0 unchanged, 0 failed, 4 not done"


@pytest.mark.parametrize(
    "command",
    [
        ("report", "1", "-o", "{bad}/report.md"),
        ("export", "--format", "jsonl", "-o", "{bad}/claims.jsonl"),
        ("eval", "{gold}", "--predictions-out", "{bad}/preds.jsonl"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line(seeded, cli, tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "d", "text": "Ann said it rained.", "attributions": []}))
    args = [a.format(bad=blocker, gold=gold) for a in command]
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()[-1:]
    assert line.startswith(f"error: {blocker}/") and "cannot write" in line
    assert "Traceback" not in result.output
