"""Train the learned cue scorer (claimtrack/rules/learned.py) from PolNeAR's train split.

    .venv/bin/python bench/train_cues.py [--folds K] [--cache DIR] [--no-write] [GOLD.jsonl]

`make train` runs it. It parses every article of GOLD.jsonl (default
../shared/data/polnear-train.jsonl) with claimtrack's pipeline, labels each token that heads a
gold cue, trains the small network on the pipeline's own token vectors (`doc.tensor`) with a
fixed seed, and writes claimtrack/rules/cue_model.bin and cue_model.json. With `--folds K` it
first measures the offline extractor cross-validated: each of K folds of articles is scored by a
network trained on the other folds, and the attribution F1 of the K folds together is printed
beside that of the rules alone. `--cache DIR` keeps the parses (DocBin and tensors) in DIR so a
second run does not parse again. Training never runs in CI: it takes minutes and needs the
corpus, which the repository does not hold.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack import evaluate  # noqa: E402
from claimtrack.nlp import pipeline  # noqa: E402
from claimtrack.rules import learned  # noqa: E402
from claimtrack.rules.layout import Layout  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "polnear-train.jsonl"
SEED = 0
EPOCHS = 6
BATCH = 256
LEARN_RATE = 0.001
THRESHOLD = 0.7  # the cross-validated measurement's, whatever learned.THRESHOLD ships with


def parsed(golds, cache: Path | None):
    """The articles parsed, each Doc with its tok2vec tensor (from `cache` when it has them)."""
    from spacy.tokens import DocBin

    nlp = pipeline()
    if cache is not None and (cache / "docs.spacy").is_file():
        docs = list(DocBin().from_disk(cache / "docs.spacy").get_docs(nlp.vocab))
        tensors = pickle.loads((cache / "tensors.pkl").read_bytes())
        for doc, tensor in zip(docs, tensors, strict=True):
            doc.tensor = tensor
        return docs
    docs = list(nlp.pipe(g.text for g in golds))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache / "docs.spacy")
        (cache / "tensors.pkl").write_bytes(pickle.dumps([d.tensor for d in docs]))
    return docs


def cue_heads(doc, gold) -> set[int]:
    """The tokens that head a gold cue: in the cue, with their syntactic head outside it."""
    heads: set[int] = set()
    for attribution in gold.attributions:
        pieces = attribution.get("cue_fragments") or [attribution.get("cue_span")]
        spans = [doc.char_span(*piece, alignment_mode="expand") for piece in pieces if piece]
        inside = {t.i for span in spans if span is not None for t in span if not t.is_space}
        heads |= {i for i in inside if doc[i].head.i not in inside or doc[i].head.i == i}
    return heads


def dataset(docs, golds, columns: learned.Labels):
    """Rows and labels of the tokens whose part of speech a cue can have."""
    import numpy as np

    rows, labels = [], []
    width = learned.TENSOR_WIDTH
    for doc, gold in zip(docs, golds, strict=True):
        features = learned.features(doc, columns, Layout(doc.text).quotes)
        wanted = features[:, width : width + len(learned.CUE_POS)].any(axis=1)
        heads = cue_heads(doc, gold)
        rows.append(features[wanted])
        labels.append(np.array([i in heads for i in np.nonzero(wanted)[0]], dtype="i"))
    return np.vstack(rows), np.concatenate(labels)


def train(rows, labels, columns: learned.Labels) -> learned.CueScorer:
    """The network trained on the rows with a fixed seed (same data, same weights)."""
    import numpy as np
    from thinc.api import Adam, fix_random_seed

    fix_random_seed(SEED)
    model = learned.build_model(rows.shape[1])
    truth = np.eye(2, dtype="f")[labels]
    model.initialize(X=rows[:5], Y=truth[:5])
    optimizer = Adam(LEARN_RATE)
    order = np.random.default_rng(SEED)
    for _ in range(EPOCHS):
        shuffled = order.permutation(len(rows))
        for start in range(0, len(rows), BATCH):
            batch = shuffled[start : start + BATCH]
            guessed, backprop = model.begin_update(rows[batch])
            backprop((guessed - truth[batch]) / len(batch))
            model.finish_update(optimizer)
    return learned.CueScorer(model, columns)


def attribution_f1(docs, golds, scorer: learned.CueScorer | None) -> evaluate.Scores:
    """The offline extractor's scores over parsed articles, with this scorer (or none)."""
    from claimtrack.extract import rules_claims

    with (
        mock.patch.object(learned, "scorer", lambda: scorer),
        mock.patch.object(learned, "THRESHOLD", THRESHOLD),
    ):
        predictions = [
            evaluate.to_prediction(rules_claims(doc), gold.text)
            for doc, gold in zip(docs, golds, strict=True)
        ]
    return evaluate.score(golds, predictions)


def cross_validated(docs, golds, columns: learned.Labels, folds: int) -> None:
    """Print the rules' F1 and the F1 with each fold scored by a network trained without it."""
    predictions: list[evaluate.Scores] = []
    baseline = attribution_f1(docs, golds, None)
    for fold in range(folds):
        held = [i for i in range(len(docs)) if i % folds == fold]
        kept = [i for i in range(len(docs)) if i % folds != fold]
        rows, labels = dataset([docs[i] for i in kept], [golds[i] for i in kept], columns)
        scorer = train(rows, labels, columns)
        scores = attribution_f1([docs[i] for i in held], [golds[i] for i in held], scorer)
        print(f"fold {fold}: attribution F1 {scores.attribution.f1:.3f}", flush=True)
        predictions.append(scores)
    print(summary("rules alone", baseline))
    total = predictions[0]
    for scores in predictions[1:]:
        total = merge(total, scores)
    print(summary(f"with the scorer, {folds}-fold cross-validated", total))


def merge(a: evaluate.Scores, b: evaluate.Scores) -> evaluate.Scores:
    a.attribution += b.attribution
    for role in evaluate.ROLES:
        a.exact[role] += b.exact[role]
        a.overlap[role] += b.overlap[role]
    return a


def summary(name: str, scores: evaluate.Scores) -> str:
    att = scores.attribution
    return (
        f"{name}: attribution P {att.p:.3f} R {att.r:.3f} F1 {att.f1:.3f}; "
        f"source overlap {scores.overlap['source'].f1:.3f}; cue exact {scores.exact['cue'].f1:.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    golds = evaluate.load_gold(args.gold)
    docs = parsed(golds, args.cache)
    columns = learned.Labels(sorted(pipeline().get_pipe("parser").labels), learned.cue_words())
    print(f"parsed {len(docs)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    if args.folds > 1:
        cross_validated(docs, golds, columns, args.folds)
    if not args.no_write:
        rows, labels = dataset(docs, golds, columns)
        scorer = train(rows, labels, columns)
        scorer.to_disk()
        print(f"wrote {learned.WEIGHTS} ({learned.WEIGHTS.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
