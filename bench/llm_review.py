"""Measure the LLM path (schema 2) on a fixed sample, with recorded answers standing in for a model.

    python bench/llm_review.py prompts [--corpus FILE] [--out DIR]   # write each article's prompt
    python bench/llm_review.py collect [--out DIR]                   # answers -> recordings.jsonl
    python bench/llm_review.py score [--corpus FILE] [--out DIR] [--recordings FILE]

No model API is reachable here, so the answers are written by whoever plays the model: each
sees only its article's prompt file (`DIR/<doc_id>.prompt.md`, the exact messages claimtrack
sends) and writes the JSON answer to `DIR/<doc_id>.answer.json`, as a careful frontier model
would. `collect` gathers them into `DIR/recordings.jsonl`; `score` replays them through
`claimtrack dev replay-server`, scores them with `claimtrack eval` beside the offline rules on
the same articles, and counts the answers' output tokens against the articles' own (litellm's
token counter, the same model for both).

The default corpus is a sample of 20 articles of ../shared/data/polnear-dev.jsonl, listed in
bench/llm_review.json with the seed that chose them. Those texts are copyrighted: the default
DIR, bench/recorded/, is git-ignored, and nothing from it is committed. With `--corpus
bench/corpus/speakers.jsonl` (articles written for the project) every article is used, and its
recorded answers may be committed (bench/corpus/speakers-answers.jsonl).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "polnear-dev.jsonl"
SAMPLE = ROOT / "bench" / "llm_review.json"
RECORDED = ROOT / "bench" / "recorded"
CLAIMTRACK = [sys.executable, "-m", "claimtrack"]
COUNTING_MODEL = "gpt-4o"  # whose tokenizer counts both the answers and the articles
sys.path.insert(0, str(ROOT / "bench"))

from check_accuracy import replay_server  # noqa: E402


def choose_sample(seed: int = 18, size: int = 20) -> list[str]:
    """The doc_ids of the dev sample: `size` of them, drawn by `seed` from the sorted ids."""
    ids = sorted(json.loads(line)["doc_id"] for line in DEV.read_text().splitlines() if line)
    return sorted(random.Random(seed).sample(ids, size))


def articles(corpus: Path | None) -> list[dict]:
    """The articles measured: the whole corpus given, else the dev sample."""
    if corpus is not None:
        return [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    wanted = set(json.loads(SAMPLE.read_text())["doc_ids"])
    rows = (json.loads(line) for line in DEV.read_text().splitlines() if line.strip())
    return [row for row in rows if row["doc_id"] in wanted]


def write_prompts(rows: list[dict], out: Path) -> None:
    from claimtrack.extract import parse, rules_claims
    from claimtrack.llm import build_messages

    out.mkdir(parents=True, exist_ok=True)
    for row in rows:
        candidates = rules_claims(parse(row["text"]))
        messages = build_messages(row["text"], candidates, title=None)
        body = "\n\n".join(f"## {m['role']}\n\n{m['content']}" for m in messages)
        (out / f"{row['doc_id']}.prompt.md").write_text(body, encoding="utf-8")
        print(f"{row['doc_id']}: {len(candidates)} candidates")


def collect(rows: list[dict], out: Path, recordings: Path) -> None:
    lines, missing = [], []
    for row in rows:
        answer = out / f"{row['doc_id']}.answer.json"
        if not answer.is_file():
            missing.append(row["doc_id"])
            continue
        digest = hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
        value = json.loads(answer.read_text(encoding="utf-8"))
        lines.append(json.dumps({"doc_id": row["doc_id"], "text_sha256": digest, "answer": value},
                                ensure_ascii=False))  # fmt: skip
    recordings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} answers -> {recordings}" + (f"; missing: {missing}" if missing else ""))


def evaluate(gold: Path, *extra: str) -> dict:
    result = subprocess.run([*CLAIMTRACK, "eval", str(gold), "--json", *extra],
                            capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    if result.returncode:
        raise SystemExit(f"claimtrack eval failed:\n{result.stderr}")
    return json.loads(result.stdout)


def token_ratio(rows: list[dict], out: Path, recordings: Path) -> tuple[float, float, float]:
    """Output tokens per article, the articles' own tokens, and their ratio (means).

    An answer is counted as it was written (`OUT/<doc_id>.answer.json`), else as recorded.
    """
    import os

    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network
    import litellm

    answers = {}
    for line in recordings.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            written = out / f"{record['doc_id']}.answer.json"
            answers[record["doc_id"]] = (
                written.read_text(encoding="utf-8") if written.is_file()
                else json.dumps(record["answer"], ensure_ascii=False)
            )  # fmt: skip
    counted = [r for r in rows if r["doc_id"] in answers]
    out_tokens = [litellm.token_counter(model=COUNTING_MODEL, text=answers[r["doc_id"]])
                  for r in counted]  # fmt: skip
    own = [litellm.token_counter(model=COUNTING_MODEL, text=r["text"]) for r in counted]
    return sum(out_tokens) / len(out_tokens), sum(own) / len(own), sum(out_tokens) / sum(own)


def score(rows: list[dict], out: Path, recordings: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        rules = evaluate(gold)
        with replay_server(recordings) as base:
            model = evaluate(gold, "--model", "openai/replay", "--api-base", base)
    print(f"{len(rows)} articles")
    print(f"{'measure':<28}{'rules':>8}{'model':>8}")
    for label, key in (("attribution F1", ("attribution",)), ("source overlap F1", ("source",
                       "overlap")), ("cue exact F1", ("cue", "exact")),
                       ("content overlap F1", ("content", "overlap"))):  # fmt: skip
        print(f"{label:<28}{_f1(rules, key):>8.3f}{_f1(model, key):>8.3f}")
    if "speaker_resolution" in model:
        resolved = model["speaker_resolution"]
        print(
            f"speakers resolved: model {resolved['resolved']} of {resolved['to_resolve']}"
            f" ({resolved['r']:.0%}), rules {rules['speaker_resolution']['resolved']}"
        )
    tokens, own, ratio = token_ratio(rows, out, recordings)
    print(f"output tokens per article {tokens:.0f}, the article's own {own:.0f}: {ratio:.2f}x")


def _f1(scores: dict, key: tuple[str, ...]) -> float:
    value = scores
    for part in key:
        value = value[part]
    return value["f1"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["prompts", "collect", "score", "sample"])
    parser.add_argument("--corpus", type=Path, help="a gold JSONL (default: the dev sample)")
    parser.add_argument("--out", type=Path, default=RECORDED, help="prompts and answers")
    parser.add_argument("--recordings", type=Path, help="default: OUT/recordings.jsonl")
    args = parser.parse_args()
    if args.step == "sample":  # how bench/llm_review.json was made
        print(json.dumps({"seed": 18, "doc_ids": choose_sample()}, indent=1))
        return 0
    rows = articles(args.corpus)
    recordings = args.recordings or args.out / "recordings.jsonl"
    with contextlib.suppress(KeyboardInterrupt):
        if args.step == "prompts":
            write_prompts(rows, args.out)
        elif args.step == "collect":
            collect(rows, args.out, recordings)
        else:
            score(rows, args.out, recordings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
