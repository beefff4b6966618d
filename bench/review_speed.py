"""Reviewer-side speed: status updates per second with 8 writers, and `claims list` start-up.

    .venv/bin/python bench/review_speed.py [POSTGRES_URL]   (default: $CLAIMTRACK_TEST_POSTGRES_URL)

1. Eight processes each make 200 versioned status changes on 20 shared claims (the same worker
   as tests/test_concurrency.py), on SQLite and, given a URL, on PostgreSQL. Prints accepted
   updates per second (conflicts are refused writes, not lost ones).
2. `claimtrack claims list` and `claims list --json` on a 10,000-claim database, next to
   `python -c 'import sqlmodel, typer'` measured in the same run: the floor any command pays.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRITERS, UPDATES, SHARED_CLAIMS = 8, 200, 20


def run(*args: str, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def median_time(*args: str, env: dict | None = None, repeat: int = 7) -> float:
    run(*args, env=env)  # warm the file cache
    return statistics.median(run(*args, env=env) for _ in range(repeat))


def build(url: str, claims: int) -> None:
    subprocess.run([PYTHON, "bench/claims_db.py", url, str(claims)], check=True, cwd=ROOT)


def writers(url: str) -> tuple[float, int, int]:
    ids = ",".join(str(i) for i in range(1, SHARED_CLAIMS + 1))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start_at = time.time() + 8  # every worker imported and connected by then
    procs = [
        subprocess.Popen(
            [PYTHON, "tests/review_worker.py", url, str(seed), str(UPDATES), ids, str(start_at)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        for seed in range(WRITERS)
    ]
    results = [json.loads(p.communicate()[0]) for p in procs]
    elapsed = max(r["seconds"] for r in results)
    accepted = sum(len(r["accepted"]) for r in results)
    return accepted / elapsed, accepted, sum(r["conflicts"] for r in results)


def postgres_database(admin_url: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"claimtrack_bench_{uuid.uuid4().hex[:8]}"
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(admin_url: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with create_engine(admin_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    targets = {"SQLite": f"sqlite:///{folder / 'writers.db'}"}
    postgres = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CLAIMTRACK_TEST_POSTGRES_URL")
    if postgres:
        targets["PostgreSQL"] = postgres_database(postgres)
    print(f"{WRITERS} writers x {UPDATES} versioned status updates on {SHARED_CLAIMS} claims")
    for name, url in targets.items():
        build(url, 200)
        rate, accepted, conflicts = writers(url)
        refused = f"{accepted} accepted, {conflicts} refused as stale"
        print(f"  {name:<11} {rate:7.0f} accepted updates/s ({refused})")
        if name == "PostgreSQL":
            drop_postgres_database(postgres, url)

    big = folder / "claims-10k.db"
    build(f"sqlite:///{big}", 10_000)
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": f"sqlite:///{big}", "COLUMNS": "160"}
    floor = median_time(PYTHON, "-c", "import sqlmodel, typer")
    listing = median_time(PYTHON, "-m", "claimtrack", "claims", "list", env=env)
    full = median_time(PYTHON, "-m", "claimtrack", "claims", "list", "--json", env=env)
    print("claims list on 10,000 claims (median of 7 runs, process start included)")
    print(f"  import sqlmodel, typer (floor)   {floor:6.3f} s")
    print(f"  claims list (first 50, table)    {listing:6.3f} s  = {listing / floor:.2f} x floor")
    print(f"  claims list --json (all 10,000)  {full:6.3f} s  = {full / floor:.2f} x floor")


if __name__ == "__main__":
    main()
