"""Score extracted attributions against annotated articles (PolNeAR-style gold files).

The definitions follow `../shared/data/README.md`, so figures are comparable with the ones the
project reports:

- per role (source, cue, content), *exact*: spans equal once whitespace, punctuation and quote
  marks are trimmed from both ends;
- per role, *overlap*: one-to-one greedy matching at token Jaccard >= 0.5;
- per attribution: cue spans overlap, content token Jaccard >= 0.5, and source spans overlap
  (or both sources are null); matched one to one, greedily.

Every role mention counts once per attribution that carries it (gold and predicted alike), and
counts are summed over documents before P/R/F1 are taken (micro average).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.domain import FoundClaim
from claimtrack.environment import RULES
from claimtrack.errors import UserError, cannot_write

ROLES = ("source", "cue", "content")
JACCARD_THRESHOLD = 0.5
_WORD = re.compile(r"\w+")
_NON_SPACE = re.compile(r"\S")

SpanT = tuple[int, int]


class GoldFileError(UserError, ValueError):
    """A gold file that cannot be read or parsed; the message names the file and line."""


@dataclass(frozen=True)
class GoldDoc:
    """One annotated article: its text and its attributions as plain dicts."""

    doc_id: str
    text: str
    attributions: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from raw counts."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def p(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def r(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched + other.matched, self.predicted + other.predicted, self.gold + other.gold
        )

    def as_dict(self) -> dict[str, float]:
        return {"p": self.p, "r": self.r, "f1": self.f1}


@dataclass
class Scores:
    """Micro-averaged scores over a set of documents."""

    documents: int = 0
    attribution: PRF = field(default_factory=PRF)
    exact: dict[str, PRF] = field(default_factory=lambda: {role: PRF() for role in ROLES})
    overlap: dict[str, PRF] = field(default_factory=lambda: {role: PRF() for role in ROLES})
    # Gold attributions whose source ("he", "Ortiz") the article names elsewhere (a gold file
    # with `speaker` fields): r is the share whose matched prediction names that speaker.
    speakers: PRF = field(default_factory=PRF)

    def as_dict(self) -> dict:
        result: dict = {"documents": self.documents, "attribution": self.attribution.as_dict()}
        for role in ROLES:
            result[role] = {
                "exact": self.exact[role].as_dict(),
                "overlap": self.overlap[role].as_dict(),
            }
        if self.speakers.gold:
            result["speaker_resolution"] = {
                **self.speakers.as_dict(), "resolved": self.speakers.matched,
                "to_resolve": self.speakers.gold,
            }  # fmt: skip
        return result

    def rows(self) -> list[tuple[str, float, float, float]]:
        """(label, p, r, f1) per line of a results table, attribution first."""
        found = [("attribution", self.attribution)]
        for role in ROLES:
            found.append((f"{role} exact", self.exact[role]))
            found.append((f"{role} overlap", self.overlap[role]))
        if self.speakers.gold:
            found.append(("speaker resolved", self.speakers))
        return [(label, prf.p, prf.r, prf.f1) for label, prf in found]


# --- loading -------------------------------------------------------------------------------


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold JSONL file: one article per line with `text` and `attributions`."""
    docs = []
    for number, line in enumerate(_gold_lines(path), start=1):
        if not line.strip():
            continue
        try:
            docs.append(_parse_gold_line(line, number))
        except ValueError as error:
            raise GoldFileError(f"{path}:{number}: {error}") from None
    return docs


def _gold_lines(path: str | Path) -> list[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return file.readlines()
    except OSError as error:
        raise GoldFileError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{path}: not UTF-8 text") from None


def _parse_gold_line(line: str, number: int) -> GoldDoc:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")
    attributions = record.get("attributions", [])
    if not isinstance(attributions, list):
        raise ValueError("'attributions' must be a list")
    for index, attribution in enumerate(attributions):
        _check_attribution(attribution, index, len(text))
    return GoldDoc(str(record.get("doc_id", f"line-{number}")), text, attributions)


def _check_attribution(attribution: object, index: int, length: int) -> None:
    if not isinstance(attribution, dict):
        raise ValueError(f"attribution {index} is not an object")
    for role in ROLES:
        span = attribution.get(f"{role}_span")
        if span is None:
            continue
        if not (
            isinstance(span, list | tuple)
            and len(span) == 2
            and all(isinstance(x, int) for x in span)
            and 0 <= span[0] <= span[1] <= length
        ):
            raise ValueError(f"attribution {index}: bad {role}_span {span!r}")


# --- predictions ---------------------------------------------------------------------------


def to_prediction(claims: list[FoundClaim], text: str) -> list[dict]:
    """The scorer's plain shape for the attributions among an extractor's claims over `text`.

    An attribution has a cue: claims without one (an outlet's own statements, which an LLM may
    list) are claims for a newsroom to check, but not attributions to score.
    """
    return [_claim_to_dict(claim, text) for claim in claims if claim.cue_span is not None]


def _claim_to_dict(claim: FoundClaim, text: str) -> dict:
    record: dict = {}
    for role, span in (
        ("source", claim.source_span),
        ("cue", claim.cue_span),
        ("content", claim.content),
    ):
        record[f"{role}_text"] = text[span[0] : span[1]] if span is not None else None
        record[f"{role}_span"] = [span[0], span[1]] if span is not None else None
    record["speaker"] = claim.speaker
    if "added_by_person" in claim.extra:  # the desk's stored claims: who found this one
        record["added_by_person"] = claim.extra["added_by_person"]
    return record


# --- scoring -------------------------------------------------------------------------------


def score(golds: list[GoldDoc], predictions: list[list[dict]]) -> Scores:
    """Score predictions (one list per gold document, same order) against the gold."""
    if len(golds) != len(predictions):
        raise ValueError(f"{len(golds)} gold documents but {len(predictions)} prediction lists")
    scores = Scores(documents=len(golds))
    for gold, predicted in zip(golds, predictions, strict=True):
        _add_document(scores, gold, predicted)
    return scores


def _add_document(scores: Scores, gold: GoldDoc, predicted: list[dict]) -> None:
    text = gold.text
    for role in ROLES:
        gold_spans = _role_spans(gold.attributions, role)
        pred_spans = _role_spans(predicted, role)
        scores.exact[role] += _count_exact(text, gold_spans, pred_spans)
        scores.overlap[role] += _count_overlap(text, gold_spans, pred_spans)
    pairs = _attribution_pairs(text, gold.attributions, predicted)
    scores.attribution += PRF(len(pairs), len(predicted), len(gold.attributions))
    scores.speakers += _count_speakers(text, gold.attributions, predicted, pairs)


def _count_speakers(
    text: str, gold: list[dict], predicted: list[dict], pairs: list[tuple[int, int]]
) -> PRF:
    """Of the gold sources the article names elsewhere, how many the matched prediction names."""
    to_resolve = [i for i, a in enumerate(gold) if _names_elsewhere(a)]
    matched = {g: p for g, p in pairs if g in to_resolve}
    resolved = sum(
        1 for g, p in matched.items()
        if _name_words(gold[g]["speaker"])
        <= _name_words(predicted[p].get("speaker") or predicted[p].get("source_text") or "")
    )  # fmt: skip
    return PRF(resolved, len(matched), len(to_resolve))


def _names_elsewhere(attribution: dict) -> bool:
    speaker, source = attribution.get("speaker"), attribution.get("source_text")
    return bool(speaker and source) and not _name_words(speaker) <= _name_words(source)


def _name_words(name: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in _WORD.findall(name))


def _role_spans(attributions: Iterable[dict], role: str) -> list[SpanT]:
    spans = (a.get(f"{role}_span") for a in attributions)
    return [(span[0], span[1]) for span in spans if span is not None]


def _count_exact(text: str, gold: list[SpanT], predicted: list[SpanT]) -> PRF:
    remaining: dict[SpanT, int] = {}
    for span in gold:
        key = trim_span(text, span)
        remaining[key] = remaining.get(key, 0) + 1
    matched = 0
    for span in predicted:
        key = trim_span(text, span)
        if remaining.get(key, 0):
            remaining[key] -= 1
            matched += 1
    return PRF(matched, len(predicted), len(gold))


def _count_overlap(text: str, gold: list[SpanT], predicted: list[SpanT]) -> PRF:
    gold_tokens = [span_tokens(text, span) for span in gold]
    pred_tokens = [span_tokens(text, span) for span in predicted]

    def similarity(g: int, p: int) -> float | None:
        value = jaccard(gold_tokens[g], pred_tokens[p])
        return value if value >= JACCARD_THRESHOLD else None

    matched = len(_greedy_pairs(len(gold), len(predicted), similarity))
    return PRF(matched, len(predicted), len(gold))


def _attribution_pairs(text: str, gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """The (gold, predicted) attributions matched one to one."""
    gold_content = [span_tokens(text, _span(a, "content")) for a in gold]
    pred_content = [span_tokens(text, _span(a, "content")) for a in predicted]

    def similarity(g: int, p: int) -> float | None:
        if not (_spans_agree(gold[g], predicted[p], "cue")):
            return None
        if not _spans_agree(gold[g], predicted[p], "source"):
            return None
        value = jaccard(gold_content[g], pred_content[p])
        return value if value >= JACCARD_THRESHOLD else None

    return _greedy_pairs(len(gold), len(predicted), similarity)


def _span(attribution: dict, role: str) -> SpanT | None:
    span = attribution.get(f"{role}_span")
    return (span[0], span[1]) if span is not None else None


def _spans_agree(gold: dict, predicted: dict, role: str) -> bool:
    """Spans overlap, or neither attribution has one."""
    a, b = _span(gold, role), _span(predicted, role)
    if a is None or b is None:
        return a is None and b is None
    return a[0] < b[1] and b[0] < a[1]


def _greedy_pairs(
    n_gold: int, n_pred: int, similarity: Callable[[int, int], float | None]
) -> list[tuple[int, int]]:
    """A one-to-one matching built best pair first: (gold, predicted) index pairs."""
    pairs = []
    for g in range(n_gold):
        for p in range(n_pred):
            value = similarity(g, p)
            if value is not None:
                pairs.append((-value, g, p))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for _, g, p in pairs:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            matched.append((g, p))
    return matched


# --- span helpers --------------------------------------------------------------------------


def _is_trimmable(ch: str) -> bool:
    # Unicode punctuation categories cover curly quotes, dashes and the colon cue alike.
    return ch.isspace() or unicodedata.category(ch).startswith("P") or ch in "`´"


def trim_span(text: str, span: SpanT) -> SpanT:
    """The span without surrounding whitespace, punctuation and quote marks.

    A span made only of punctuation (a colon or dash cue) is kept as it is, so it still
    compares equal to itself rather than collapsing to an empty span.
    """
    start, end = span
    while start < end and _is_trimmable(text[start]):
        start += 1
    while end > start and _is_trimmable(text[end - 1]):
        end -= 1
    return (start, end) if start < end else span


def span_tokens(text: str, span: SpanT | None) -> frozenset[int]:
    """Tokens of a span, identified by their offsets (so equal words elsewhere differ).

    Words only; a span with no word in it (a colon cue) falls back to its non-space marks.
    """
    if span is None:
        return frozenset()
    start, end = span
    piece = text[start:end]
    found = [m.start() + start for m in _WORD.finditer(piece)]
    if not found:
        found = [m.start() + start for m in _NON_SPACE.finditer(piece)]
    return frozenset(found)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


# --- running an extractor over a gold set ----------------------------------------------------


def predict(
    golds: Sequence[GoldDoc],
    *,
    model: str,
    api_base: str | None = None,
    raw: bool = False,
) -> Iterator[list[FoundClaim]]:
    """Each gold document's claims as the chosen extractor finds them (nothing is stored).

    `raw` leaves out span refinement, to measure what it adds.
    """
    from claimtrack.extract import extract_claims, rules_claims

    if model == RULES:
        from claimtrack.nlp import pipeline

        docs = pipeline().pipe(g.text for g in golds)
        yield from (rules_claims(doc, refined=not raw) for doc in docs)
        return
    for gold in golds:
        found = extract_claims(gold.text, model=model, api_base=api_base, refine=not raw)
        yield found.claims


def prediction_record(gold: GoldDoc, claims: list[FoundClaim]) -> dict:
    """One line of --predictions-out: the document id and its attributions as spans."""
    return {"doc_id": gold.doc_id, "attributions": to_prediction(claims, gold.text)}


# --- one evaluation: an extractor over a gold file ------------------------------------------


@dataclass
class Evaluation:
    extractor: str  # as results name it: "rules", "gpt-4o-mini", "rules (raw spans)"
    scores: Scores


def evaluate_file(
    gold: Path,
    *,
    model: str,
    api_base: str | None = None,
    raw: bool = False,
    predictions_out: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    stored: bool = False,
    db: str | None = None,
) -> Evaluation:
    """Run an extractor over a gold file and score it; nothing goes to the claims database.

    With `stored`, no extractor runs: the claims stored in the database `db` for the gold
    articles are scored, as reviewers left them. `predictions_out` gets each document's
    predicted spans (JSONL; with `stored`, each marked `added_by_person` or not);
    `on_progress(done, total)` is called before the first document and after each one.
    """
    golds = load_gold(gold)
    progress = on_progress or _no_progress
    progress(0, len(golds))
    predictions = []
    with (
        _writable(predictions_out) if predictions_out else nullcontext() as sink,
        _stored_session(db) if stored else nullcontext() as session,
    ):
        found = (
            _stored(session, golds) if stored
            else predict(golds, model=model, api_base=api_base, raw=raw)
        )  # fmt: skip
        for done, (doc, claims) in enumerate(zip(golds, found, strict=True), start=1):
            predictions.append(to_prediction(claims, doc.text))
            if sink:
                sink.write(json.dumps(prediction_record(doc, claims)) + "\n")
            progress(done, len(golds))
    name = STORED if stored else extractor_name(model, raw=raw)
    return Evaluation(name, score(golds, predictions))


STORED = "stored claims"  # how results name the desk's own claims


def _writable(path: Path):
    try:
        return open(path, "w", encoding="utf-8")  # noqa: SIM115 (the caller's with closes it)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _stored_session(db: str | None):
    from claimtrack.db import session

    return session(db, create=False)


def _stored(session, golds: Sequence[GoldDoc]) -> Iterator[list[FoundClaim]]:
    from claimtrack.desk_eval import stored_predictions

    return stored_predictions(session, golds)


def _no_progress(done: int, total: int) -> None:
    pass


def extractor_name(model: str, *, raw: bool = False) -> str:
    """How results name an extractor: the model, unrefined spans as (raw spans)."""
    return model + (" (raw spans)" if raw else "")
