"""Guard the recorded accuracy: run `claimtrack eval` on the dev set for each recorded extractor.

    .venv/bin/python bench/check_accuracy.py [GOLD.jsonl]

Figures live in bench/accuracy.json. Exits 0 with a note when the corpus is absent, 1 when any
figure fell more than the tolerance below the recorded one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDED = ROOT / "bench" / "accuracy.json"
DEV = ROOT.parent / "shared" / "data" / "polnear-dev.jsonl"


def measure(gold: Path, eval_args: list[str]) -> float:
    result = subprocess.run(
        [sys.executable, "-m", "claimtrack", "eval", str(gold), "--json", *eval_args],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(result.stdout)["attribution"]["f1"]


def main() -> int:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    if not gold.is_file():
        print(f"accuracy guard: {gold} not found, skipped")
        return 0
    recorded = json.loads(RECORDED.read_text())
    failed = False
    for guard in recorded["guards"]:
        floor = guard["attribution_f1"] - recorded["tolerance"]
        f1 = measure(gold, guard["eval_args"])
        verdict = "ok" if f1 >= floor else "FELL"
        print(
            f"accuracy guard {guard['name']}: attribution F1 {f1:.3f} "
            f"(recorded {guard['attribution_f1']:.3f}, floor {floor:.3f}) {verdict}"
        )
        failed |= f1 < floor
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
