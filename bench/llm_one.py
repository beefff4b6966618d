"""One article through a model that answers at once, against the time to import litellm.

Usage: python bench/llm_one.py [--runs 5]

Starts the scripted test server (tests/llm_server.py) answering at once, then times, turn
about, `python -c "import litellm"` and `claimtrack extract seeds/<the seed> --model ...
--api-base ...` into a new SQLite database, created beforehand as a desk's already is (process
start, litellm's import, spaCy's load, the offline candidates, the request, grounding,
refinement, storing and the exit: all of it). Prints each
pair and the median ratio. Target: <= 1.3x the import. Exit status 1 if missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from llm_batch import start_server

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))
TARGET = 1.3


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server, base = start_server(0.0)
    ratios = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in range(args.runs):
                env = {**os.environ, "CLAIMTRACK_DATABASE_URL": f"sqlite:///{tmp}/{run}.db"}
                subprocess.run([sys.executable, "-m", "claimtrack", "db", "upgrade"],
                               check=True, cwd=ROOT, env=env, capture_output=True)  # fmt: skip
                floor = timed([sys.executable, "-c", "import litellm"], env)
                one = timed([sys.executable, "-m", "claimtrack", "extract", str(SEED),
                             "--model", "openai/bench", "--api-base", base], env)  # fmt: skip
                ratios.append(one / floor)
                print(f"import litellm {floor:.2f} s, one article {one:.2f} s: {one / floor:.2f}x")
    finally:
        server.terminate()
    median = statistics.median(ratios)
    load = os.getloadavg()[0]
    print(f"median {median:.2f}x the import (target <= {TARGET}x), load {load:.1f}")
    return 0 if median <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
