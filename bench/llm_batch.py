"""How close a concurrent LLM batch comes to the ideal, and what claimtrack adds per call.

Usage: python bench/llm_batch.py [--articles 200] [--concurrency 16] [--delay 0.3] [--runs 3]

Starts the scripted test server (tests/llm_server.py) in its own process, answering every
request after `--delay` seconds with one claim, and extracts `--articles` distinct articles into
a fresh SQLite database with `--concurrency` requests in flight, as `claimtrack extract
--concurrency N` does (each article stored with its run and its cached answer), `--runs` times;
the median run is reported against the ideal, articles / concurrency * delay, and against the
same requests sent through `llm.complete` alone, with nothing parsed, grounded, refined or
stored: the floor that litellm's client and this machine set for the batch.

Then 40 more articles one at a time, timing claimtrack's public steps around the server's delay:
extracting (cache lookup, prompt, the litellm call, grounding, refining over a parse made while
the model is asked), the same request through `llm.complete` alone (litellm's client and the
loopback), and storing (one transaction). Targets: the batch within 1.25x of the ideal;
claimtrack's own overhead per call (extracting minus litellm's client) <= 5 ms median. Exit
status 1 if either is missed. Start-up (importing litellm, loading spaCy) is not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = "openai/bench"
SEQUENTIAL_ARTICLES = 40
TARGET_RATIO = 1.25
TARGET_OVERHEAD_MS = 5.0


def start_server(delay: float) -> tuple[subprocess.Popen, str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.llm_server", "--delay", str(delay)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return server, server.stdout.readline().strip()


def write_articles(folder: Path, count: int, prefix: str) -> list[str]:
    paths = []
    for n in range(count):
        path = folder / f"{prefix}-{n:04d}.txt"
        path.write_text(
            f"Article {prefix} {n}: the council approved {n} new bus lines on Monday.\n\n"
            f"The mayor said the plan would cost {n} million euros, according to a statement. "
            "Opposition members are skeptical, and a vote is expected next month.\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


def run_bare(paths: list[str], *, base: str, concurrency: int) -> float:
    """Seconds for the same requests through `llm.complete` alone: litellm's floor here."""
    from claimtrack import llm
    from claimtrack.batch import prepare

    texts = [doc.text for doc in prepare(paths)]

    async def ask_all() -> None:
        slots = asyncio.Semaphore(concurrency)

        async def ask(text: str) -> None:
            async with slots:
                await llm.complete(llm.build_messages(text), model=MODEL, api_base=base)

        await asyncio.gather(*(ask(text) for text in texts))
        await llm.aclose()

    started = time.perf_counter()
    asyncio.run(ask_all())
    return time.perf_counter() - started


def run_batch(paths: list[str], *, base: str, concurrency: int):
    from claimtrack.batch import extract_all, prepare
    from claimtrack.extract import ExtractOptions

    items = prepare(paths)
    started = time.perf_counter()
    report = extract_all(
        items, options=ExtractOptions(model=MODEL, api_base=base), concurrency=concurrency
    )
    return report, time.perf_counter() - started


async def time_steps(paths: list[str], *, base: str) -> dict[str, list[float]]:
    """Seconds per article for each step, one article at a time."""
    from claimtrack import llm
    from claimtrack.batch import prepare
    from claimtrack.extract import ExtractOptions, extract_article, store

    options = ExtractOptions(model=MODEL, api_base=base)
    steps: dict[str, list[float]] = {"extract": [], "litellm": [], "store": []}
    for doc in prepare(paths):
        started = time.perf_counter()
        extracted = await extract_article(doc, options)
        extracted_at = time.perf_counter()
        store(extracted, url=None)
        stored_at = time.perf_counter()
        await llm.complete(llm.build_messages(doc.text), model=MODEL, api_base=base)
        steps["extract"].append(extracted_at - started)
        steps["store"].append(stored_at - extracted_at)
        steps["litellm"].append(time.perf_counter() - stored_at)
    await llm.aclose()
    return steps


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="claimtrack-bench-"))
    os.environ["CLAIMTRACK_DATABASE_URL"] = f"sqlite:///{work / 'bench.db'}"
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-a-real-key")
    sys.path.insert(0, str(ROOT))
    server, base = start_server(args.delay)
    try:
        run_batch(write_articles(work, 2, "warmup"), base=base, concurrency=2)  # imports
        batches = [
            run_batch(write_articles(work, args.articles, f"run{n}"), base=base,
                      concurrency=args.concurrency)
            for n in range(args.runs)
        ]  # fmt: skip
        bare = statistics.median(
            run_bare(write_articles(work, args.articles, f"bare{n}"), base=base,
                     concurrency=args.concurrency)
            for n in range(args.runs)
        )  # fmt: skip
        steps = asyncio.run(time_steps(write_articles(work, SEQUENTIAL_ARTICLES, "one"), base=base))
    finally:
        server.terminate()
        server.wait()
    return report_figures(args, batches, bare, steps)


def report_figures(args, batches, bare: float, steps: dict[str, list[float]]) -> int:
    ideal = args.articles / args.concurrency * args.delay
    seconds = statistics.median(s for _, s in batches)
    stored = min(len(report.stored) for report, _ in batches)
    print(
        f"{args.articles} articles, {args.delay * 1000:.0f} ms per answer, concurrency "
        f"{args.concurrency}: {seconds:.2f} s, median of {args.runs} (ideal {ideal:.2f} s, "
        f"{seconds / ideal:.2f}x, target <= {TARGET_RATIO}x; all: "
        f"{', '.join(f'{s:.2f}' for _, s in batches)} s); {stored} of {args.articles} stored"
    )
    print(
        f"the same requests through litellm alone (no parsing, grounding, refining or storing):"
        f" {bare:.2f} s, median of {args.runs} ({bare / ideal:.2f}x the ideal): this machine's "
        f"floor for the batch"
    )
    ms = {name: statistics.median(values) * 1000 for name, values in steps.items()}
    extract, client = ms["extract"] - args.delay * 1000, ms["litellm"] - args.delay * 1000
    print(
        f"per call beyond the model's {args.delay * 1000:.0f} ms, median of "
        f"{SEQUENTIAL_ARTICLES}: extracting {extract:.1f} ms, of which litellm's client and the "
        f"loopback {client:.1f} ms and claimtrack's own {extract - client:.1f} ms (target <= "
        f"{TARGET_OVERHEAD_MS:.0f} ms); storing the article {ms['store']:.1f} ms"
    )
    ok = stored == args.articles and seconds <= ideal * TARGET_RATIO
    return 0 if ok and extract - client <= TARGET_OVERHEAD_MS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
