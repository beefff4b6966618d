"""How well each rapidfuzz scorer separates near-duplicate claims from different claims.

Near-duplicates: the same attribution's content as a human annotator marked it and as a strong
LLM quoted it (different boundaries, the same claim). Different claims: pairs of distinct
annotated contents from the same article (same topic, same names: the hard case).
Reads ../shared/data (never copied into the project); prints recall and false-match rate per
threshold. claimtrack/matching.py records the threshold chosen from this table.

    .venv/bin/python bench/match_threshold.py [CORPUS.jsonl ANSWERS.jsonl]
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def pairs(corpus: Path, answers: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    recorded = {}
    for line in answers.open(encoding="utf-8"):
        row = json.loads(line)
        recorded[row["doc_id"]] = row["answer"]["claims"]
    near, different = [], []
    for line in corpus.open(encoding="utf-8"):
        doc = json.loads(line)
        text = doc["text"]
        spans = [a["content_span"] for a in doc["attributions"] if a.get("content_span")]
        for claim in recorded.get(doc["doc_id"], []):
            at = text.find(claim["quote"])
            if at < 0:
                continue
            end = at + len(claim["quote"])
            for s, e in spans:
                shared = max(0, min(e, end) - max(s, at))
                if shared / max(e - s, end - at) >= 0.6 and text[s:e] != claim["quote"]:
                    near.append((text[s:e], claim["quote"]))
        contents = [text[s:e] for s, e in spans][:40]
        different += [(a, b) for a, b in itertools.combinations(contents, 2) if a != b]
    random.seed(1)
    return near, random.sample(different, min(len(different), 5000))


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 2 else DATA / "polnear-dev.jsonl"
    answers = Path(sys.argv[2]) if len(sys.argv) > 2 else DATA / "llm-answers-dev.jsonl"
    near, different = pairs(corpus, answers)
    print(f"{len(near)} near-duplicate pairs, {len(different)} different-claim pairs")
    print(f"{'scorer':<12}{'threshold':>10}{'recall':>9}{'false match':>13}")
    for name in ("ratio", "token_sort_ratio", "token_set_ratio", "partial_ratio"):
        scorer = getattr(fuzz, name)
        near_scores = [scorer(a, b, processor=default_process) for a, b in near]
        diff_scores = [scorer(a, b, processor=default_process) for a, b in different]
        for threshold in (70, 75, 80, 85, 90):
            recall = sum(s >= threshold for s in near_scores) / len(near_scores)
            false = sum(s >= threshold for s in diff_scores) / len(diff_scores)
            print(f"{name:<12}{threshold:>10}{recall:>9.3f}{false:>13.4f}")


if __name__ == "__main__":
    main()
