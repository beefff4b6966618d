"""The speaker-resolution corpus in bench/corpus: matching spans, speakers grounded in the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.evaluate import ROLES, load_gold
from claimtrack.text import LEFT_DOUBLE

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus" / "speakers.jsonl"
RECORDS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
ATTRIBUTIONS = [(record, a) for record in RECORDS for a in record["attributions"]]
# Sources that name nobody by themselves: the speaker must be found elsewhere in the article.
PRONOUNS = frozenset({"he", "she", "it", "they", "we"})


def label(item: tuple[dict, dict]) -> str:
    record, attribution = item
    return f"{record['doc_id']}@{attribution['cue_span'][0]}"


def is_pronoun_or_surname(attribution: dict) -> bool:
    """A pronoun or a bare surname ("Ortiz" for "Lena Ortiz") whose speaker the article names."""
    source, speaker = attribution["source_text"], attribution["speaker"]
    if source is None or speaker is None:
        return False
    if source.lower() in PRONOUNS:
        return True
    names = speaker.split()
    return len(names) > 1 and source == names[-1]


@pytest.mark.parametrize("item", ATTRIBUTIONS, ids=label)
def test_each_span_holds_its_text(item: tuple[dict, dict]) -> None:
    record, attribution = item
    text = record["text"]
    assert attribution["cue_span"] is not None and attribution["content_span"] is not None
    for role in ROLES:
        span = attribution[f"{role}_span"]
        if span is None:
            assert attribution[f"{role}_text"] is None
        else:
            start, end = span
            assert 0 <= start < end <= len(text)
            assert text[start:end] == attribution[f"{role}_text"]


@pytest.mark.parametrize("item", ATTRIBUTIONS, ids=label)
def test_each_speaker_is_null_or_written_in_the_article(item: tuple[dict, dict]) -> None:
    record, attribution = item
    assert "speaker" in attribution
    speaker = attribution["speaker"]
    assert speaker is None or (speaker.strip() == speaker and speaker in record["text"])


def test_no_attribution_is_annotated_twice() -> None:
    for record in RECORDS:
        keys = [(tuple(a["cue_span"]), tuple(a["content_span"])) for a in record["attributions"]]
        assert len(keys) == len(set(keys)), record["doc_id"]


def test_enough_pronoun_and_surname_sources_have_a_named_speaker() -> None:
    found = [a for _, a in ATTRIBUTIONS if is_pronoun_or_surname(a)]
    assert len(found) >= 30
    assert {a["source_text"].lower() for a in found} >= {"he", "she", "it", "they"}


def test_the_corpus_has_straight_and_curly_quoted_articles() -> None:
    curly = [LEFT_DOUBLE in record["text"] for record in RECORDS]
    assert 0 < sum(curly) < len(curly)
    assert len({record["doc_id"] for record in RECORDS}) == len(RECORDS)


def test_the_evaluator_reads_and_scores_the_corpus(cli_json) -> None:
    assert [doc.doc_id for doc in load_gold(CORPUS)] == [r["doc_id"] for r in RECORDS]
    scores = cli_json("eval", CORPUS)
    assert scores["documents"] == len(RECORDS)
    assert 0 < scores["attribution"]["r"] <= 1
