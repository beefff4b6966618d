"""Many articles in one command: inputs, concurrency, failures, Ctrl-C, running it again."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import select

from claimtrack import llm
from claimtrack.db import session
from claimtrack.models import Article
from tests.conftest import ROOT
from tests.llm_server import Scripted, article_of, candidate_ids, first_sentence_claim, serving
from tests.test_llm_faults import assert_whole_or_nothing

MODEL = "openai/newsroom-llm"


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch, llm.RetryPolicy(attempts=2, backoff=0.01, timeout=5.0)) as s:
        s.responder = first_sentence_claim
        yield s


def story(n: int) -> str:
    return (
        f"Story {n}: the council approved {n} new bus lines on Monday. The mayor said the plan "
        f"would cost {n} million euros, according to a statement released on Tuesday."
    )


def write_stories(folder, count: int, *, prefix: str = "story") -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = folder / f"{prefix}-{n:02d}.txt"
        path.write_text(story(n), encoding="utf-8")
        paths.append(path)
    return paths


def llm_args(server, *more: str) -> list[str]:
    return ["--model", MODEL, "--api-base", server.base, *more]


def test_files_globs_and_a_url_list_in_one_batch(server, cli, cli_json, tmp_path):
    write_stories(tmp_path / "desk", 3)
    single = tmp_path / "single.md"
    single.write_text(story(10))
    server.pages = {"/a": (200, story(20)), "/b": (200, story(21))}
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# this week's pieces\n{server.root}/a\n\n{server.root}/b\n{server.root}/gone\n"
    )
    args = [str(tmp_path / "desk" / "*.txt"), single, f"@{urls}", *llm_args(server)]
    out = cli("extract", *args, "--concurrency", "3", ok=False)
    assert out.exit_code == 1
    lines = out.output.strip().splitlines()
    assert sum("1 claim stored" in line for line in lines) == 6
    assert "7 inputs: 6 stored (6 claims), 0 unchanged, 1 failed" in out.output
    assert lines[-1] == f"error: {server.root}/gone: HTTP 404"  # listed at the end
    assert len(cli_json("articles", "list")) == 6
    assert_whole_or_nothing()
    # Running the same command again skips everything done and retries only the failure.
    asked = len(server.requests)
    again = cli("extract", *args, ok=False)
    assert "7 inputs: 0 stored (0 claims), 6 unchanged, 1 failed" in again.output
    assert len(server.requests) == asked


def test_requests_are_concurrent_up_to_the_limit(server, cli, tmp_path):
    paths = write_stories(tmp_path, 8)
    server.responder = lambda payload: first_sentence_claim(payload, delay=0.4)
    out = cli("extract", *paths, *llm_args(server, "--concurrency", "4"))
    assert "8 inputs: 8 stored" in out.output
    assert server.max_in_flight == 4
    arrivals = [r["at"] for r in server.requests]
    assert max(arrivals) - min(arrivals) < 1.5  # one at a time, the last would come 2.8 s late


def test_a_failing_article_does_not_stop_the_batch(server, cli, cli_json, tmp_path):
    paths = write_stories(tmp_path, 4)
    paths[1].write_text("POISON " + story(2))

    def reply(payload):
        if "POISON" in payload["messages"][1]["content"]:
            return Scripted(status=503, body={"error": {"message": "overloaded"}})
        return first_sentence_claim(payload)

    server.responder = reply
    out = cli("extract", *paths, *llm_args(server, "--concurrency", "2"), ok=False)
    assert out.exit_code == 1
    assert "4 inputs: 3 stored (3 claims), 0 unchanged, 1 failed" in out.output
    error = out.output.strip().splitlines()[-1]
    assert error.startswith(f"error: {paths[1]}: {MODEL}: gave up after 2 attempts")
    assert len(cli_json("articles", "list")) == 3
    assert_whole_or_nothing()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d / "empty.txt", "empty input"),
        (lambda d: "@" + str(d / "nolist.txt"), "cannot read the list"),
        (lambda d: str(d / "nothing" / "*.txt"), "no file matches"),
    ],
)
def test_a_bad_local_input_stops_the_batch_up_front(server, cli, cli_json, tmp_path, bad, message):
    paths = write_stories(tmp_path, 2)
    (tmp_path / "empty.txt").write_bytes(b"")
    out = cli("extract", *paths, bad(tmp_path), *llm_args(server), ok=False)
    assert out.exit_code == 1
    [line] = out.output.strip().splitlines()
    assert line.startswith("error:") and message in line
    assert server.requests == []  # not one article was sent to the model
    assert cli_json("articles", "list") == []


def slow_third_story(server, tmp_path) -> list:
    """Four stories; the model takes 30 s over the third, so Ctrl-C finds it in flight."""
    paths = write_stories(tmp_path, 4)
    paths[2].write_text("SLOW " + story(3))

    def reply(payload):
        slow = "SLOW" in payload["messages"][1]["content"]
        return first_sentence_claim(payload, delay=30.0 if slow else 0.0)

    server.responder = reply
    return paths


def extract_in_background(paths: list, server, concurrency: str) -> subprocess.Popen:
    """`claimtrack extract` as its own process, so the test can send it SIGINT."""
    return subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "extract", *map(str, paths),
         *llm_args(server, "--concurrency", concurrency)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def test_ctrl_c_keeps_every_finished_article(server, cli, cli_json, tmp_path):
    paths = slow_third_story(server, tmp_path)
    proc = extract_in_background(paths, server, "1")
    try:
        lines = [proc.stdout.readline() for _ in range(2)]  # the first two are stored
        assert all("1 claim stored" in line for line in lines), lines
        deadline = time.monotonic() + 30
        while len(server.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)  # the slow article is with the model now
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted: 2 of 4 not done" in stderr
    assert "4 inputs: 2 stored (2 claims), 0 unchanged, 0 failed, 2 not done" in stdout
    assert "Traceback" not in stderr
    assert len(cli_json("articles", "list")) == 2
    assert_whole_or_nothing()
    # the same command again does the rest, and only the rest
    server.responder = first_sentence_claim
    asked = len(server.requests)
    out = cli("extract", *paths, *llm_args(server))
    assert "4 inputs: 2 stored (2 claims), 2 unchanged, 0 failed" in out.output
    assert len(server.requests) == asked + 2
    with session() as s:
        assert len(s.exec(select(Article)).all()) == 4


def mayor_said(payload: dict) -> Scripted:
    """Every candidate kept, and the model's own find: a bare source, the quote without what
    refinement adds to it."""
    text = article_of(payload)
    quote = text[text.index("the plan would cost") : text.index(" euros") + len(" euros")]
    claim = {"quote": quote, "claim": quote, "source": "mayor", "cue": "said"}
    kept = [{"id": n, "claim": "kept"} for n in candidate_ids(payload)]
    return Scripted(content=json.dumps({"attributions": [*kept, claim]}))


def test_a_concurrent_batch_stores_what_one_at_a_time_stores(
    server, cli, cli_json, tmp_path, monkeypatch
):
    # With requests in flight, the candidates, refining and storing move to a worker process:
    # the same claims.
    paths = write_stories(tmp_path / "desk", 5)
    for path in paths:  # and something only the rules report
        path.write_text(path.read_text() + " Opposition members are skeptical.")
    server.responder = mayor_said
    found = {}
    for concurrency in ("1", "3"):
        db = tmp_path / f"c{concurrency}.db"
        monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", f"sqlite:///{db}")
        out = cli("extract", *paths, *llm_args(server, "--concurrency", concurrency))
        assert "5 inputs: 5 stored" in out.output
        claims = cli_json("claims", "list")
        found[concurrency] = sorted(
            (c["start"], c["end"], c["quote"], c["source_mention"], c["cue"]) for c in claims
        )
        assert_whole_or_nothing()
    assert found["1"] == found["3"]
    assert {claim[3] for claim in found["3"]} >= {"The mayor"}  # refined: the whole phrase
    # the rules' own find, a candidate found in the worker as in this process, kept
    assert sum(claim[4] == "are skeptical" for claim in found["3"]) == 5


def test_ctrl_c_during_a_concurrent_batch_keeps_every_answered_article(
    server, cli, cli_json, tmp_path
):
    proc = extract_in_background(slow_third_story(server, tmp_path), server, "2")
    try:
        lines = [proc.stdout.readline() for _ in range(3)]  # all but the slow one
        assert all("1 claim stored" in line for line in lines), lines
        proc.send_signal(signal.SIGINT)  # the worker process gets it too, and ignores it
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert "interrupted: 1 of 4 not done" in stderr
    assert "Traceback" not in stderr
    assert len(cli_json("articles", "list")) == 3
    assert_whole_or_nothing()


def test_a_missing_spacy_pipeline_stops_the_batch_before_any_request(
    server, cli, cli_json, tmp_path, monkeypatch
):
    from claimtrack import nlp

    monkeypatch.setattr(nlp, "PIPELINES", ("no_such_english_pipeline",))
    paths = write_stories(tmp_path, 3)
    out = cli("extract", *paths, *llm_args(server, "--concurrency", "2"), ok=False)
    assert out.exit_code == 1
    assert out.output.strip() == f"error: {nlp.MISSING}"
    assert server.requests == []  # the answers could not have been refined: none was asked for
    assert cli_json("articles", "list") == []


def test_a_worker_process_that_dies_fails_its_articles_not_the_batch(
    server, cli, cli_json, tmp_path
):
    import sqlite3
    import threading

    from claimtrack import extract

    paths = write_stories(tmp_path, 6)
    release = threading.Event()

    def reply(payload):
        if "Story 1:" not in payload["messages"][1]["content"]:
            release.wait(timeout=30)  # the rest wait until the worker is gone
        return first_sentence_claim(payload)

    def kill_the_worker_after_the_first_article():
        database = tmp_path / "claims.db"  # read directly: claimtrack may be migrating it
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with sqlite3.connect(database) as conn:
                    if conn.execute("SELECT count(*) FROM article").fetchone()[0]:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.05)
        # Committed is not yet reported: let the worker hand its result back first (the other
        # articles are held by the server until `release`, so none is stored meanwhile).
        time.sleep(0.5)
        for process in list(extract._finisher._processes.values()):  # the pool's own workers
            os.kill(process.pid, signal.SIGKILL)
        time.sleep(0.5)
        release.set()

    server.responder = reply
    killer = threading.Thread(target=kill_the_worker_after_the_first_article)
    killer.start()
    out = cli("extract", *paths, *llm_args(server, "--concurrency", "2"), ok=False)
    killer.join()
    assert out.exit_code == 1, out.output
    summary = re.search(
        r"6 inputs: (\d) stored \(\d claims?\), 0 unchanged, (\d) failed", out.output
    )
    stored, failed = map(int, summary.groups())
    # an article the model answered is stored all the same (refined here: it is paid for);
    # one whose candidates the dead worker never found fails, in one line
    assert stored >= 1 and failed >= 1 and stored + failed == 6, out.output
    assert out.output.count("the worker process storing articles stopped") == failed
    assert "Traceback" not in out.output
    assert assert_whole_or_nothing() == stored
    # the next run starts a new worker and does the rest
    again = cli("extract", *paths, *llm_args(server, "--concurrency", "2"))
    assert f"6 inputs: {failed} stored ({failed} claim" in again.output
    assert f"{stored} unchanged, 0 failed" in again.output
    assert len(cli_json("articles", "list")) == 6
