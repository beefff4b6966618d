"""How fast `claimtrack browse` starts and answers its pages over a large database.

    .venv/bin/python bench/browse_speed.py [CLAIMS [PATH]]   (default 50,000, a new file)

Builds the database bench/export_memory.py builds (a fifth of the claims with a verdict and
its audit row) at PATH, or uses the one already there. Starts `claimtrack browse --port 0` on
127.0.0.1, and prints the seconds from starting the process to its first page, then the median
and slowest time of each page fetched REPEAT times, one after another. Datasette stops a query
after 1 s (its sql_time_limit_ms): a page over that limit shows as an error.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5
PAGES = {
    "database page (tables, queries)": "",
    "claim table, first 50 rows": "/claim",
    "claim table, searched": "/claim?_search=budget",
    "the queue (first 1,000 rows)": "/queue.json?_shape=array",
    "the queue, HTML": "/queue",
    "verdicts by outlet": "/verdicts_by_outlet.json?_shape=array",
    "a speaker's claims (Grace Chen)": "/speaker.json?speaker=grace&_shape=array",
}


def first_page(base: str, client: httpx.Client) -> None:
    response = client.get(base)
    response.raise_for_status()


def timed(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
    return elapsed


def main() -> None:
    from export_memory import build

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "claims.db"
    url = f"sqlite:///{path.absolute()}"
    if not path.exists():
        build(url, total)
        print(f"built {total:,} claims at {path}")
    env = {**os.environ, "CLAIMTRACK_DATABASE_URL": url}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "browse", "--port", "0"],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        base = server.stdout.readline().split(" at ")[1].split()[0]
        with httpx.Client(trust_env=False, timeout=60) as client:
            first_page(base, client)
            print(f"start to first page: {time.perf_counter() - started:.2f} s")
            for name, page in PAGES.items():
                times = [timed(client, base + page) for _ in range(REPEAT)]
                median, slowest = statistics.median(times), max(times)
                print(
                    f"{name:<40} median {median * 1000:6.0f} ms, slowest {slowest * 1000:6.0f} ms"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
