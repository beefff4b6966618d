"""How long reports take: the desk view over 10,000 claims, and one article's HTML report.

Usage: python bench/report_speed.py [RUNS]

Builds a throwaway SQLite database of 500 articles with 20 claims each (10,000 claims; a third
with verdicts, each with its status history and evidence), then times, each as a fresh
`python -m claimtrack` process as a user would run it, process start included:

  - `report --all --format html` and `--format md`: the desk view over all 10,000 claims
    (target: 2 s or less);
  - `report 1 --format html`: one article's report (target: 0.5 s or less);
  - `report 1 --public --format html`: what readers see of it (target: 1.3x the floor below).

Prints, for each, the median and fastest wall time of RUNS runs (default 5), the median CPU
time of the process (user + system: what the wall time would be on an idle machine), the
median wall time as a multiple of `python -c "import sqlmodel, typer"` timed in the same run
(the floor under every command, which says how fast this machine is), and the machine's load
average, since other work on the machine slows the wall times. Last, the public page against
`python -c "import sqlmodel, typer, jinja2"`, the floor as issue #17 first put its target.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES, CLAIMS_PER_ARTICLE = 500, 20
TARGETS = {"desk html": 2.0, "desk md": 2.0, "article html": 0.5}  # seconds
FLOOR_TARGETS = {"article public": 1.3}  # multiples of the floor
COMMANDS = {
    "desk html": ["report", "--all", "--format", "html"],
    "desk md": ["report", "--all", "--format", "md"],
    "article html": ["report", "1", "--format", "html"],
    "article public": ["report", "1", "--public", "--format", "html"],
}
NEWSROOM = '[newsroom]\nname = "Bench Daily"\nurl = "https://bench.example/checks"\n'

FLOOR = "import sqlmodel, typer"
FLOOR_WITH_JINJA = "import sqlmodel, typer, jinja2"  # the public page's floor as issue #17 puts it
NAMED = [f"Minister {chr(65 + i % 26)}. Person{i}" for i in range(150)]
ANONYMOUS = [("Official sources", "anonymous_official"), ("Sources", "anonymous"),
             ("Observers", "anonymous")]  # fmt: skip
VERDICTS = ["true", "mostly_true", "mixed", "misleading", "mostly_false", "false", "unverifiable"]
RATINGS = {"true": 5, "mostly_true": 4, "mixed": 3, "misleading": 2, "mostly_false": 2, "false": 1}


def build_database(url: str) -> None:
    """10,000 claims with sources, history and evidence, inserted in bulk."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert
    from sqlmodel import Session

    from claimtrack.db import engine
    from claimtrack.models import Article, Claim, Evidence, ExtractionRun, Source, StatusChange

    rng, now = random.Random(7), datetime.now(UTC)
    with Session(engine(url)) as s:
        s.execute(insert(Source), [_named_source(i, name, now) for i, name in enumerate(NAMED)])
        articles, runs, sources, claims, changes, evidence = [], [], [], [], [], []
        for a in range(1, ARTICLES + 1):
            text, spans = _article_text(a, rng)
            articles.append(_article(a, text, now))
            runs.append({"id": a, "article_id": a, "extractor": "bench", "started_at": now})
            sources += _anonymous_sources(a, now)
            for start, end, quote, source_id in spans:
                claim_id = len(claims) + 1
                status = _status(rng)
                span = (start, end, quote)
                worth = round(rng.random(), 2)
                claims.append(_claim(claim_id, a, source_id, span, status, worth, now))
                changes += _history(claim_id, status, now - timedelta(days=rng.randrange(60)))
                if status in VERDICTS:
                    evidence.append(_evidence(claim_id, now))
        tables = (  # parents before children
            (Article, articles),
            (ExtractionRun, runs),
            (Source, sources),
            (Claim, claims),
            (StatusChange, changes),
            (Evidence, evidence),
        )
        for table, rows in tables:
            s.execute(insert(table), rows)
        s.commit()


def _anonymous_sources(a: int, now: datetime) -> list[dict]:
    """Anonymous sources belong to their article: each article has its own three."""
    return [
        {"id": _anonymous_id(a, k), "name": name, "key": name.casefold(),
         "scope": f"article:{a}", "source_type": kind, "first_seen": now}
        for k, (name, kind) in enumerate(ANONYMOUS)
    ]  # fmt: skip


def _anonymous_id(a: int, k: int) -> int:
    return len(NAMED) + (a - 1) * len(ANONYMOUS) + k + 1


def _evidence(claim_id: int, now: datetime) -> dict:
    return {"claim_id": claim_id, "url": f"https://example.org/{claim_id}", "stance": "refutes",
            "note": "figures", "added_by": "bench", "at": now}  # fmt: skip


def _named_source(i: int, name: str, now: datetime) -> dict:
    kind = "named_person" if i % 3 else "named_organization"
    return {"id": i + 1, "name": name, "key": name.casefold(), "scope": "", "source_type": kind,
            "first_seen": now}  # fmt: skip


def _article_text(a: int, rng: random.Random) -> tuple[str, list[tuple[int, int, str, int]]]:
    text, spans = "", []
    for j in range(CLAIMS_PER_ARTICLE):
        if rng.random() < 0.6:
            source_id = rng.randrange(len(NAMED)) + 1
            speaker = NAMED[source_id - 1]
        else:
            k = rng.randrange(len(ANONYMOUS))
            source_id = _anonymous_id(a, k)
            speaker = ANONYMOUS[k][0]
        quote = f"the figure for district {j} rose {rng.randrange(1, 90)} percent in {2000 + j}"
        text += f"{speaker} said {quote}. Context sentence number {j} follows here.\n"
        end = len(text) - len(f". Context sentence number {j} follows here.\n")
        spans.append((end - len(quote), end, quote, source_id))
    return text, spans


def _article(a: int, text: str, now: datetime) -> dict:
    return {"id": a, "title": f"Bench article {a}", "url": f"https://news.example/{a}",
            "outlet": "Example News", "published_at": now, "text": text,
            "content_sha256": hashlib.sha256(text.encode()).hexdigest(), "source_format": "text",
            "ingested_at": now}  # fmt: skip


def _status(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return "unverified"
    if roll < 0.5:
        return "in_review"
    if roll < 0.85:
        return rng.choice(VERDICTS)
    return "dismissed"


def _claim(cid: int, a: int, sid: int, span: tuple[int, int, str], status: str, worth: float,
           now: datetime) -> dict:  # fmt: skip
    start, end, quote = span
    return {
        "id": cid, "article_id": a, "source_id": sid, "extraction_run_id": a, "quote": quote,
        "quote_start": start, "quote_end": end, "cue": "said", "claim_text": f"Said: {quote}",
        "attribution": "indirect", "certainty": "asserted", "checkworthiness": worth,
        "check_reason": "bench", "status": status, "rating": RATINGS.get(status), "version": 1,
        "created_at": now, "updated_at": now,
    }  # fmt: skip


def _history(claim_id: int, status: str, at: datetime) -> list[dict]:
    steps = [] if status == "unverified" else ["in_review"] if status == "in_review" else [
        "in_review", status]  # fmt: skip
    rows, before = [], "unverified"
    for n, after in enumerate(steps):
        rows.append({"claim_id": claim_id, "field": "status", "from_value": before,
                     "to_value": after, "note": "checked" if n else None, "actor": "bench",
                     "at": at + timedelta(hours=n)})  # fmt: skip
        before = after
    return rows


def time_command(args: list[str], url: str, workdir: Path, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run of a fresh `python -m claimtrack` process."""
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": url}
    env.pop("CLAIMTRACK_CONFIG", None)
    if "--public" in args:  # published under a newsroom, as it must be
        (workdir / "newsroom.toml").write_text(NEWSROOM)
        env["CLAIMTRACK_CONFIG"] = str(workdir / "newsroom.toml")
    command = [sys.executable, "-m", "claimtrack", *args, "-o", str(workdir / "out")]
    return time_process(command, env, workdir, runs)


def time_process(
    command: list[str], env: dict, workdir: Path, runs: int
) -> list[tuple[float, float]]:
    timings = []
    for _ in range(runs):
        cpu_before = _children_cpu()
        started = time.perf_counter()
        subprocess.run(command, env=env, cwd=workdir, check=True, capture_output=True)
        timings.append((time.perf_counter() - started, _children_cpu() - cpu_before))
    return timings


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 5
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.db'}"
        started = time.perf_counter()
        build_database(url)
        claims = ARTICLES * CLAIMS_PER_ARTICLE
        print(
            f"built {claims} claims in {ARTICLES} articles in {time.perf_counter() - started:.1f} s"
        )
        time_command(COMMANDS["article html"], url, workdir, 1)  # warm the file cache
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        # What every command pays before it does anything: this machine's floor, for scale.
        floor = time_process([sys.executable, "-c", FLOOR], dict(os.environ), workdir, runs)
        floor_wall = statistics.median(t[0] for t in floor)
        with_jinja = time_process(
            [sys.executable, "-c", FLOOR_WITH_JINJA], dict(os.environ), workdir, runs
        )
        jinja_wall = statistics.median(t[0] for t in with_jinja)
        walls: dict[str, float] = {}
        print(f"{'report':<14}{'wall s':>8}{'best':>7}{'CPU s':>7}{'target':>8}{'x floor':>9}")
        for name, args in COMMANDS.items():
            timings = time_command(args, url, workdir, runs)
            wall = walls[name] = statistics.median(t[0] for t in timings)
            cpu = statistics.median(t[1] for t in timings)
            best = min(t[0] for t in timings)
            if name in FLOOR_TARGETS:
                target, met = (
                    f"{FLOOR_TARGETS[name]:.1f}x",
                    wall / floor_wall <= FLOOR_TARGETS[name],
                )
            else:
                target, met = f"{TARGETS[name]:.1f}", wall <= TARGETS[name]
            print(
                f"{name:<14}{wall:>8.2f}{best:>7.2f}{cpu:>7.2f}{target:>8}"
                f"{wall / floor_wall:>9.2f}  {'ok' if met else 'over target'}"
            )
        print(f"floor: `python -c '{FLOOR}'` {floor_wall:.2f} s (median of {runs})")
        print(
            f"with jinja2: `python -c '{FLOOR_WITH_JINJA}'` {jinja_wall:.2f} s; "
            f"article public {walls['article public'] / jinja_wall:.2f}x that"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
