"""The learned cue scorer (claimtrack/rules/learned.py): shipped, small, off by default (it did
not raise dev), and what it adds to the rules when it is on (`learned.THRESHOLD`, as
`bench/train_cues.py --folds 5` measures it) on sentences written for the project."""

from __future__ import annotations

from unittest import mock

import pytest

from claimtrack.nlp import pipeline
from claimtrack.rules import extract, learned
from claimtrack.rules.layout import Layout
from tests.rules_helpers import misparsed, only_claim, roles


def _score(text: str, word: str) -> float:
    doc = pipeline()(text)
    scores = learned.scorer().scores(doc, Layout(text).quotes)
    return next(scores[t.i] for t in doc if t.text == word)


def test_the_weights_ship_with_the_package_and_stay_small():
    assert learned.scorer() is not None
    size = learned.WEIGHTS.stat().st_size + learned.LABELS.stat().st_size
    assert size <= 20 * 1024 * 1024


def test_a_verb_of_saying_scores_above_a_verb_of_doing():
    assert _score("The mayor said that the depot will close in May.", "said") > 0.7
    assert _score("The ferry company cut its winter timetable to four crossings.", "cut") < 0.3


@pytest.fixture
def scorer_on():
    with mock.patch.object(learned, "THRESHOLD", 0.7):
        yield


def test_a_confident_cue_the_rules_read_no_claim_around_makes_one(scorer_on):
    text = "Several residents asked for a second public hearing on the depot."
    with mock.patch.object(learned, "scorer", lambda: None):
        assert extract(text) == []  # the rules alone find nothing here
    source, cue, content = roles(only_claim(text), text)
    assert (source, cue, content) == (
        "Several residents", "asked for", "a second public hearing on the depot",
    )  # fmt: skip


def test_off_by_default_the_rules_decide_alone():
    assert learned.THRESHOLD is None
    assert extract("Several residents asked for a second public hearing on the depot.") == []


def test_a_verb_of_doing_stays_no_cue(scorer_on):
    assert extract("The ferry company cut its winter timetable to four crossings a day.") == []


def test_an_object_of_a_lexicon_verb_stays_no_claim(scorer_on):
    assert extract("The council called a special meeting for Friday.") == []


def test_a_framed_cue_is_read_once(scorer_on):
    text = "The mayor seemed to suggest that the bridge would close in May."
    source, cue, content = roles(only_claim(text), text)
    assert cue == "seemed to suggest"
    assert content == "that the bridge would close in May"


def test_a_doc_built_by_hand_has_no_tensor_and_the_rules_judge_alone():
    doc = misparsed("The mayor said that the depot will close.", {})
    assert learned.scorer().scores(doc, []) is None


@pytest.mark.parametrize("missing", ["WEIGHTS", "LABELS"])
def test_without_its_weights_the_scorer_is_absent(tmp_path, missing):
    learned.scorer.cache_clear()
    try:
        with mock.patch.object(learned, missing, tmp_path / "absent"):
            assert learned.scorer() is None
    finally:
        learned.scorer.cache_clear()
