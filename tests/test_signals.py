"""Ctrl-C and a killed parent: a batch stops at once, keeps what is done, leaves no process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from claimtrack.db import session
from claimtrack.models import Article
from tests.conftest import ROOT
from tests.test_llm_batch import MODEL, write_stories
from tests.test_llm_faults import assert_whole_or_nothing

PARAGRAPH = (
    "Councillor {name} said on {day} that the ferry would add {n} crossings a week. "
    "The harbour board claimed that fares had risen by {pct} percent since spring, "
    "according to a statement it released on Friday. Residents are doubtful."
)
NAMES = ["Ines Moreau", "Kofi Mensah", "Lena Park", "Rui Santos", "Ada Novak"]


def write_articles(folder: Path, count: int, paragraphs: int = 4) -> list[Path]:
    """`count` articles of our own, each different, a few paragraphs long."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        text = "\n\n".join(
            PARAGRAPH.format(
                name=NAMES[(i + k) % 5], day=["Monday", "Thursday"][k % 2], n=i + k + 2, pct=i + 3
            )
            for k in range(paragraphs)
        )
        paths.append(folder / f"ferry-{i:02d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def start_extract(paths: list[Path], *more: str) -> subprocess.Popen:
    """`claimtrack extract` in a session of its own, as a terminal would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "extract", *map(str, paths), *more],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
    )  # fmt: skip


@pytest.mark.parametrize("to_group", [True, False], ids=["terminal", "parent-only"])
def test_ctrl_c_stops_an_offline_batch_at_once_and_keeps_what_is_stored(tmp_path, to_group):
    paths = write_articles(tmp_path / "desk", 40)
    proc = start_extract(paths)
    try:
        first = proc.stdout.readline()
        assert "claims stored (rules)" in first, first + proc.stderr.read()
        sent = time.monotonic()
        if to_group:  # what a terminal's Ctrl-C does
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert took < 3.0, f"Ctrl-C took {took:.1f} s to stop the batch"
    summary = re.search(r"40 inputs: (\d+) stored .*, 0 failed, (\d+) not done", stdout)
    assert summary, stdout
    stored, not_done = map(int, summary.groups())
    assert not_done > 0 and stored + not_done == 40
    assert f"interrupted: {not_done} of 40 not done" in stderr
    assert "Traceback" not in stderr
    assert sum("claims stored (rules)" in line for line in [first, *stdout.splitlines()]) == stored
    with session() as s:
        assert len(s.exec(select(Article)).all()) == stored
    assert_whole_or_nothing()


def test_ctrl_c_stops_the_offline_extractor_in_the_middle_of_a_long_article(tmp_path):
    short, long = write_articles(tmp_path / "short", 1), write_articles(tmp_path / "long", 1, 400)
    proc = start_extract([*short, *long])
    try:
        deadline = time.monotonic() + 60
        while stored_articles() < 1 and time.monotonic() < deadline:
            time.sleep(0.02)  # the short one is stored; the long one is being parsed
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert re.search(
        r"2 inputs: 1 stored \(\d+ claims\), 0 unchanged, 0 failed, 1 not done", stdout
    )
    assert "Traceback" not in stderr
    assert took < 3.0, f"Ctrl-C took {took:.1f} s to stop the batch"
    assert stored_articles() == 1
    assert_whole_or_nothing()


def stored_articles() -> int:
    with session() as s:
        return len(s.exec(select(Article.id)).all())


def descendants(pid: int) -> list[int]:
    """Every process under `pid`, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status is waiting to be read


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_batch_leaves_no_worker_process_behind(monkeypatch, tmp_path):
    from tests.llm_server import first_sentence_claim, serving

    def reply(payload):
        first = "Story 1:" in payload["messages"][1]["content"]
        return first_sentence_claim(payload, delay=0.0 if first else 30.0)

    paths = write_stories(tmp_path, 4)
    with serving(monkeypatch) as server:
        server.responder = reply
        args = ("--model", MODEL, "--api-base", server.base, "--concurrency", "2")
        proc = start_extract(paths, *args)
        left: list[int] = []
        survivors: list[str] = []
        try:
            first = proc.stdout.readline()  # stored by the worker process: it is up
            assert "1 claim stored" in first, first + proc.stderr.read()
            family = descendants(proc.pid)
            assert any("spawn_main" in cmdline(pid) for pid in family), family
            proc.kill()
            proc.wait()
            deadline = time.monotonic() + 5
            while (left := [p for p in family if running(p)]) and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            proc.kill()
            survivors = [cmdline(pid) for pid in left]
            for pid in sorted(left, key=lambda p: "resource_tracker" in cmdline(p)):
                os.kill(pid, signal.SIGKILL)  # the worker first: the tracker then cleans up
            proc.stdout.close()
            proc.stderr.close()
    assert survivors == [], "still running after the batch was killed"


def threads(pid: int) -> list[str]:
    try:
        return [task.name for task in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return []


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads threads from /proc")
def test_ctrl_c_while_a_model_is_asked_leaves_no_coroutine_unawaited(monkeypatch, tmp_path):
    from tests.llm_server import first_sentence_claim, serving

    paths = write_stories(tmp_path, 8)
    with serving(monkeypatch) as server:
        server.responder = lambda payload: first_sentence_claim(payload, delay=30.0)
        args = ("--model", MODEL, "--api-base", server.base, "--concurrency", "8")
        proc = start_extract(paths, *args)
        try:
            deadline = time.monotonic() + 60
            while len(threads(proc.pid)) < 3 and time.monotonic() < deadline:
                time.sleep(0.005)  # the requests are being made, in threads (see batch._Calls)
            os.killpg(proc.pid, signal.SIGINT)
            stdout, stderr = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "8 inputs: 0 stored (0 claims), 0 unchanged, 0 failed, 8 not done" in stdout
    assert stderr.splitlines() == [
        "interrupted: 8 of 8 not done; every finished article is stored, and the same command "
        "again does the rest"
    ]  # and not "coroutine ... was never awaited", nor "Task was destroyed but it is pending"
