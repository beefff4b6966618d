"""Guard the recorded accuracy: run `claimtrack eval` on each recorded extractor and split.

    .venv/bin/python bench/check_accuracy.py [DATA_DIR]

Figures live in bench/accuracy.json, one per extractor and split: the rules are tuned on train
and checked on dev, so both figures are guarded; the LLM path is guarded on the articles written
for the project (bench/corpus/), with the schema-2 answers recorded for them. DATA_DIR
(default ../shared/data) holds polnear-{train,dev}.jsonl. A guard naming a `replay` file runs
against `claimtrack dev replay-server` on a free loopback port. Exits 0 with a note when a
split's file is absent (that guard skipped), 1 when any figure fell more than the tolerance
below the recorded one.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "bench" / "accuracy.json"
DATA = ROOT.parent / "shared" / "data"
CLAIMTRACK = [sys.executable, "-m", "claimtrack"]


def measure(gold: Path, eval_args: list[str], api_base: str | None) -> float:
    extra = ["--api-base", api_base] if api_base else []
    result = subprocess.run(
        [*CLAIMTRACK, "eval", str(gold), "--json", *eval_args, *extra],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"accuracy guard: claimtrack eval failed:\n{result.stderr}")
    return json.loads(result.stdout)["attribution"]["f1"]


@contextlib.contextmanager
def replay_server(recordings: Path):
    """`claimtrack dev replay-server` on a free port; yields its base URL."""
    server = subprocess.Popen(
        [*CLAIMTRACK, "dev", "replay-server", str(recordings), "--port", "0"],
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        line = server.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/v1)", line)
        if not found:
            raise SystemExit(f"accuracy guard: the replay server did not start: {line}")
        yield found.group(1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def check(guard: dict, data: Path, tolerance: float) -> bool:
    # A guard on the project's own corpus names its files from the repository's root.
    own = "gold" in guard
    gold = ROOT / guard["gold"] if own else data / f"polnear-{guard['split']}.jsonl"
    if not gold.is_file():
        print(f"accuracy guard {guard['name']}: {gold} not found, skipped")
        return True
    with contextlib.ExitStack() as stack:
        api_base = None
        if "replay" in guard:
            recordings = ROOT / guard["replay"] if own else data / guard["replay"]
            api_base = stack.enter_context(replay_server(recordings))
        f1 = measure(gold, guard["eval_args"], api_base)
    floor = guard["attribution_f1"] - tolerance
    verdict = "ok" if f1 >= floor else "FELL"
    print(
        f"accuracy guard {guard['name']} on {gold.name}: attribution F1 {f1:.3f} "
        f"(recorded {guard['attribution_f1']:.3f}, floor {floor:.3f}) {verdict}"
    )
    return f1 >= floor


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    recorded = json.loads(RECORDED.read_text())
    results = [check(g, data, recorded["tolerance"]) for g in recorded["guards"]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
