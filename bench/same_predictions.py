"""Prove a refactoring is a pure move: the extractors' output, every field, byte for byte.

    .venv/bin/python bench/same_predictions.py --out /tmp/before      # on the old code
    .venv/bin/python bench/same_predictions.py --out /tmp/after --against /tmp/before

For each split in DATA_DIR (default ../shared/data: polnear-dev.jsonl, polnear-train.jsonl) it
writes the offline extractor's claims, raw and refined, with every field of each claim; then the
LLM path's, from the recorded schema-2 answers for the articles written for the project
(bench/corpus/), replayed through `claimtrack dev replay-server`. It prints a SHA-256 per file
and, with `--against`, the first article whose output differs. Exits 1 when anything differs.
The files quote copyrighted articles: write them outside the repository.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from check_accuracy import CLAIMTRACK, DATA, ROOT, replay_server

SPLITS = ("polnear-dev.jsonl", "polnear-train.jsonl")
LLM_RUNS = {"llm-refined": [], "llm-raw": ["--raw"]}
CORPUS = ROOT / "bench" / "corpus"


def rules_output(gold: Path, out: Path) -> None:
    """Raw and refined rule claims, every field, one line per article."""
    from claimtrack.extract import rules_claims
    from claimtrack.nlp import pipeline
    from claimtrack.refine import refine

    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    with out.open("w", encoding="utf-8") as sink:
        for gold_doc, doc in zip(docs, pipeline().pipe(d["text"] for d in docs), strict=True):
            raw = rules_claims(doc, refined=False)
            refined = refine(doc, raw, gold_doc["text"])
            record = {"doc_id": gold_doc["doc_id"], "raw": as_json(raw)}
            record["refined"] = as_json(refined)
            sink.write(json.dumps(record, sort_keys=True, default=str) + "\n")


def as_json(claims: list) -> list[dict]:
    return [dataclasses.asdict(claim) for claim in claims]


def llm_output(gold: Path, recordings: Path, out_dir: Path) -> list[Path]:
    """The recorded answers replayed through `claimtrack eval --predictions-out`."""
    written = []
    with replay_server(recordings) as api_base:
        for name, extra in LLM_RUNS.items():
            out = out_dir / f"{name}.jsonl"
            subprocess.run(
                [*CLAIMTRACK, "eval", str(gold), "--model", "openai/replay", "--api-base",
                 api_base, *extra, "--predictions-out", str(out), "--json"],
                check=True, capture_output=True, cwd=ROOT,
            )  # fmt: skip
            written.append(out)
    return written


def first_difference(ours: Path, theirs: Path) -> str | None:
    if not theirs.is_file():
        return f"{theirs} is missing"
    for number, (a, b) in enumerate(zip(ours.open(), theirs.open(), strict=False), start=1):
        if a != b:
            return f"line {number}, article {json.loads(a)['doc_id']}"
    return None if ours.stat().st_size == theirs.stat().st_size else "different lengths"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, required=True, help="folder for the output files")
    parser.add_argument("--against", type=Path, help="folder of an earlier run to compare with")
    parser.add_argument("--dev-only", action="store_true", help="skip the 840-article train split")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    for split in SPLITS[:1] if args.dev_only else SPLITS:
        if (args.data / split).is_file():
            written.append(args.out / f"rules-{split}")
            rules_output(args.data / split, written[-1])
    written += llm_output(CORPUS / "speakers.jsonl", CORPUS / "speakers-answers.jsonl", args.out)
    differ = False
    for path in written:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        verdict = ""
        if args.against is not None:
            found = first_difference(path, args.against / path.name)
            verdict = f"  DIFFERS: {found}" if found else "  same"
            differ = differ or found is not None
        print(f"{digest[:16]}  {path.name}{verdict}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
