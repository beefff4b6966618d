"""How much the rule extractor costs on top of spaCy's parse.

Usage: python bench/rules_throughput.py [GOLD.jsonl]

Parses the articles of a PolNeAR-style JSONL file (default: ../shared/data/polnear-dev.jsonl,
relative to the repository root) twice, each in a fresh single-threaded child process so the
peak memory figures are its own: once bare (spaCy's own pipeline, without the two steps
claimtrack adds to it) and once through the whole offline extractor as `claimtrack extract`
runs it (claimtrack's pipeline, then the rules and span refinement on each parsed article).
Prints articles/second, peak resident memory and the ratio of the two throughputs (the target
is >= 0.9: the rules must not cost much beyond the parse), and the share of the rules run
spent in claimtrack's own code (the two pipeline steps and the extractor), which is free of
the noise between two processes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear-dev.jsonl"
SINGLE_THREAD = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"), "1")
WARMUP_ARTICLES = 3
TARGET_RATIO = 0.9


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def measure(mode: str, path: Path) -> dict:
    """Run one mode in this process and report its throughput and peak memory."""
    sys.path.insert(0, str(ROOT))
    from claimtrack.extract import rules_claims
    from claimtrack.nlp import LEMMAS, PARAGRAPHS, pipeline

    texts = load_texts(path)
    nlp = pipeline()
    own_steps = [PARAGRAPHS, LEMMAS]
    if mode == "bare":
        nlp.select_pipes(disable=own_steps)  # spaCy's own pipeline is the floor
    for _ in nlp.pipe(texts[:WARMUP_ARTICLES]):  # first calls allocate lazily
        pass
    started = time.perf_counter()
    claims = 0
    extracting = 0.0  # seconds inside claimtrack's code, the parse left out
    for doc in nlp.pipe(texts):
        if mode == "rules":
            before = time.perf_counter()
            claims += len(rules_claims(doc))
            extracting += time.perf_counter() - before
            before = time.perf_counter()  # the lemma step ran in nlp.pipe: time it once more
            nlp.get_pipe(LEMMAS)(doc)
            extracting += time.perf_counter() - before
    seconds = time.perf_counter() - started
    if mode == "rules":  # and the paragraph step, which runs before the parse
        before = time.perf_counter()
        for text in texts:
            nlp.get_pipe(PARAGRAPHS)(nlp.make_doc(text))
        extracting += time.perf_counter() - before - tokenizing(nlp, texts)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "mode": mode,
        "articles": len(texts),
        "seconds": seconds,
        "per_second": len(texts) / seconds,
        "peak_mib": peak_kib / 1024,
        "claims": claims,
        "extracting": extracting,
    }


def tokenizing(nlp, texts: list[str]) -> float:
    """Seconds the tokenizer alone takes over the texts (part of the parse, not of ours)."""
    before = time.perf_counter()
    for text in texts:
        nlp.make_doc(text)
    return time.perf_counter() - before


def run_child(mode: str, path: Path) -> dict:
    env = {**os.environ, **SINGLE_THREAD}
    command = [sys.executable, __file__, "--child", mode, str(path)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        print(json.dumps(measure(argv[1], Path(argv[2]))))
        return 0
    path = Path(argv[0]) if argv else DEFAULT_DATA
    if not path.exists():
        print(f"error: no data file at {path}", file=sys.stderr)
        return 1
    results = [run_child(mode, path) for mode in ("bare", "rules")]
    print(f"{'mode':<8}{'articles':>9}{'seconds':>9}{'art/s':>8}{'peak MiB':>10}{'claims':>8}")
    for r in results:
        print(
            f"{r['mode']:<8}{r['articles']:>9}{r['seconds']:>9.2f}{r['per_second']:>8.2f}"
            f"{r['peak_mib']:>10.0f}{r['claims']:>8}"
        )
    ratio = results[1]["per_second"] / results[0]["per_second"]
    verdict = "ok" if ratio >= TARGET_RATIO else f"below the {TARGET_RATIO} target"
    print(f"throughput ratio rules/bare: {ratio:.3f} ({verdict})")
    # The two runs are separate processes, so the ratio carries their noise; the time spent
    # in the extractor itself, measured within the rules run, does not.
    rules = results[1]
    share = rules["extracting"] / rules["seconds"]
    print(
        f"claimtrack's own code (pipeline steps, rules, refinement) took "
        f"{rules['extracting']:.2f} s, {share:.1%} of the rules run: "
        f"a ratio of {1 - share:.3f} measured within one process"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
