"""Peak memory and time of the outputs that cover every claim, next to just reading the rows.

    .venv/bin/python bench/export_memory.py [CLAIMS [PATH]]   (default 50,000, a new file)

Builds a SQLite database of CLAIMS generated claims with bulk inserts (the wording of
bench/claims_db.py; a fifth of the claims carry a verdict with its audit row) at PATH, or uses
the one already there. Then runs each command in its own process three times, interleaved, its
output thrown away, and prints the median wall time, the median CPU time (user and system,
which other work on the machine sways less than wall time) and the largest peak RSS (from
wait4; the database is built in a process of its own so that this one stays small, since a
child's peak counts the memory of the process that started it). "read the rows" is the
floor: a process that imports claimtrack, runs the export's query (claims with their source
and article) and fetches every row, building nothing; "typed" reads the columns `claims list
--json` shows through SQLAlchemy, as Python values (times parsed, made UTC), and also builds
nothing.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # claims_db, when building
ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REPEAT = 3
VERDICTS = ("false", "mostly_true", "misleading", "true")
READ_ROWS = """
import sys
from sqlalchemy import text
from claimtrack import db
query = text(
    "SELECT claim.*, source.name, source.source_type, article.title, article.url FROM claim "
    "LEFT JOIN source ON source.id = claim.source_id JOIN article ON article.id = claim.article_id "
    "ORDER BY claim.article_id, claim.quote_start, claim.id"
)
with db.session(sys.argv[1], create=False) as s:
    for _ in s.connection().execute(query):
        pass
"""
READ_TYPED = """
import sys
from sqlmodel import col, select
from claimtrack import db
from claimtrack.models import Article, Claim, Source
from claimtrack.review import CLAIM_FIELDS
query = (
    select(*(col(field) for _, field in CLAIM_FIELDS))
    .outerjoin(Source, col(Claim.source_id) == col(Source.id))
    .join(Article, col(Claim.article_id) == col(Article.id))
    .order_by(col(Claim.article_id), col(Claim.quote_start), col(Claim.id))
)
with db.session(sys.argv[1], create=False) as s:
    for _ in s.connection().execute(query):
        pass
"""
COMMANDS = {
    "read the rows (floor)": [PYTHON, "-c", READ_ROWS, "{url}"],
    "read the rows, typed": [PYTHON, "-c", READ_TYPED, "{url}"],
    "claims list --json": [PYTHON, "-m", "claimtrack", "claims", "list", "--json"],
    "export --format jsonl": [PYTHON, "-m", "claimtrack", "export", "--format", "jsonl"],
    "export --format csv": [PYTHON, "-m", "claimtrack", "export", "--format", "csv"],
    "export --format claimreview": [PYTHON, "-m", "claimtrack", "export", "-f", "claimreview"],
}


def build(url: str, total: int, seed: int = 7) -> None:
    """Articles, sources, runs, claims and verdicts in a few bulk inserts per table."""
    from claims_db import CLAIMS_PER_ARTICLE, PEOPLE, article
    from sqlalchemy import insert

    from claimtrack import db
    from claimtrack.models import Article, Claim, ExtractionRun, Source, StatusChange

    rng, now = random.Random(seed), datetime.now(UTC)
    sources = {name: i for i, name in enumerate(PEOPLE, 1)}
    tables: dict = {Article: [], Source: [], ExtractionRun: [], Claim: [], StatusChange: []}
    tables[Source] = [_source(i, name, "", "named_person", now) for name, i in sources.items()]
    for number in range(1, total // CLAIMS_PER_ARTICLE + 1):
        text, found = article(rng, number)
        tables[Article].append(_article(number, text, now))
        tables[ExtractionRun].append(_run(number, now, len(found)))
        for claim in found:
            if claim.source not in PEOPLE:
                key = (claim.source, number)
                if key not in sources:
                    sources[key] = len(sources) + 1
                    scope = f"article:{number}"
                    tables[Source].append(
                        _source(sources[key], claim.source, scope, "anonymous", now)
                    )
                source_id = sources[key]
            else:
                source_id = sources[claim.source]
            tables[Claim].append(_claim(len(tables[Claim]) + 1, number, source_id, claim, text))
    _verdicts(rng, tables[Claim], tables[StatusChange], now)
    db.engine(url)  # the schema, through claimtrack's migrations
    with db.session(url, write=True) as s:
        for model, rows in tables.items():
            s.connection().execute(insert(model.__table__), rows)
        s.commit()


def _verdicts(rng: random.Random, claims: list, changes: list, now: datetime) -> None:
    chosen = rng.sample(range(len(claims)), len(claims) // 5)
    for n, index in enumerate(chosen):
        claim, verdict = claims[index], VERDICTS[n % len(VERDICTS)]
        claim |= {"status": verdict, "version": 2}
        changes.append(
            {"claim_id": claim["id"], "field": "status", "from_value": "unverified",
             "to_value": verdict, "note": f"checked: {verdict}", "actor": "bench", "at": now}
        )  # fmt: skip


def _article(number: int, text: str, now: datetime) -> dict:
    return {
        "id": number, "url": f"https://example.org/news/{number}",
        "title": f"Generated article {number}", "outlet": "The Example Gazette",
        "author": None, "published_at": now, "text": text,
        "content_sha256": hashlib.sha256(text.encode()).hexdigest(), "source_format": "txt",
        "ingested_at": now,
    }  # fmt: skip


def _source(i: int, name: str, scope: str, kind: str, now: datetime) -> dict:
    return {"id": i, "name": name, "key": name.casefold(), "scope": scope, "source_type": kind,
            "first_seen": now}  # fmt: skip


def _run(number: int, now: datetime, claims: int) -> dict:
    return {
        "id": number, "article_id": number, "extractor": "generated", "schema_version": 1,
        "started_at": now, "finished_at": now, "input_tokens": 0, "output_tokens": 0,
        "cached": False, "claims_stored": claims, "claims_rejected": 0,
    }  # fmt: skip


def _claim(i: int, number: int, source_id: int, found, text: str) -> dict:
    now = datetime.now(UTC)
    return {
        "id": i, "article_id": number, "source_id": source_id, "extraction_run_id": number,
        "quote": text[found.content.start : found.content.end],
        "quote_start": found.content.start, "quote_end": found.content.end,
        "source_mention": found.source, "source_start": found.source_span.start,
        "source_end": found.source_span.end, "cue": found.cue,
        "cue_start": found.cue_span.start, "cue_end": found.cue_span.end,
        "claim_text": found.claim, "attribution": "indirect", "certainty": "asserted",
        "checkworthiness": found.checkworthiness, "check_reason": found.reason,
        "status": "unverified", "rating": None, "assignee": None, "version": 1,
        "created_at": now, "updated_at": now,
    }  # fmt: skip


def measure(args: list[str], url: str, config: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS in MiB of one process, its output thrown away."""
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": url, "CLAIMTRACK_CONFIG": str(config)}
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(
            [a.format(url=url) for a in args], stdout=sink, stderr=sink, env=env, cwd=ROOT
        )
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed with exit code {proc.returncode}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else folder / "claims.db"
    url = f"sqlite:///{path.absolute()}"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run([PYTHON, __file__, "--build", str(total), url], check=True)
        print(f"built {total:,} claims in {time.perf_counter() - started:.1f} s")
    config = folder / "claimtrack.toml"
    config.write_text('[newsroom]\nname = "Bench"\nurl = "https://bench.example/checks"\n')
    measure(COMMANDS["read the rows (floor)"], url, config)  # warm the file cache
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(REPEAT):  # interleaved, so a busy moment slows every command alike
        for name, args in COMMANDS.items():
            runs[name].append(measure(args, url, config))
    floor = statistics.median(t for t, _, _ in runs["read the rows (floor)"])
    typed = statistics.median(t for t, _, _ in runs["read the rows, typed"])
    floor_cpu = statistics.median(c for _, c, _ in runs["read the rows (floor)"])
    print(f"all {total:,} claims, median of {REPEAT} runs, process start included")
    heads = ("time", "x floor", "x typed", "CPU", "x floor", "peak RSS")
    print(f"{'output':<30}", *(f"{h:>{10 if h == 'peak RSS' else 8}}" for h in heads))
    for name, figures in runs.items():
        seconds = statistics.median(t for t, _, _ in figures)
        cpu = statistics.median(c for _, c, _ in figures)
        mib = max(m for _, _, m in figures)
        ratios = f"{seconds / floor:7.2f}x {seconds / typed:7.2f}x"
        on_cpu = f"{cpu:7.2f}s {cpu / floor_cpu:7.2f}x"
        print(f"{name:<30} {seconds:7.2f}s {ratios} {on_cpu} {mib:6.0f} MiB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(sys.argv[3], int(sys.argv[2]))
    else:
        main()
