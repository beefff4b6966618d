"""The rules' lexicon (claimtrack/rules/lexicon.toml): clean lists, real verbs, one comment each."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from claimtrack.nlp import pipeline, verb_lemmas
from claimtrack.rules import lexicon
from claimtrack.rules.lexicon import read_lexicon

RAW = read_lexicon()
# The lists of verb lemmas: named for verbs or verb cues (the noun cues aside).
VERB_LISTS = sorted(key for key in RAW if key.endswith(("_verbs", "_cues")) and key != "noun_cues")


def entries(key: str) -> list[str]:
    """A list's words, or a table's words and the words each maps to."""
    value = RAW[key]
    if isinstance(value, dict):
        return [*value, *(word for words in value.values() for word in words)]
    return value


def test_the_verb_lists_are_found() -> None:
    assert {"cue_verbs", "object_cues", "preposition_cues", "listener_verbs"} <= set(VERB_LISTS)


@pytest.mark.parametrize("key", sorted(RAW))
def test_no_word_twice_in_a_list(key: str) -> None:
    value = RAW[key]
    lists = [value] if isinstance(value, list) else list(value.values())
    for words in lists:
        assert sorted(w for w in set(words) if words.count(w) > 1) == []


@pytest.mark.parametrize("key", sorted(RAW))
def test_entries_are_lowercase_words(key: str) -> None:
    assert [w for w in entries(key) if w != w.lower() or not w or " " in w] == []


@pytest.mark.parametrize("key", VERB_LISTS)
def test_verb_lists_hold_lemmas_the_lemmatizer_knows(key: str) -> None:
    value = RAW[key]
    verbs = list(value) if isinstance(value, dict) else value
    assert [v for v in verbs if v not in verb_lemmas()] == []


@pytest.mark.parametrize("form", RAW["inverted_tag_verb_forms"])
def test_inverted_tag_verb_forms_are_forms_of_known_verbs(form: str) -> None:
    verb = pipeline()(f"She {form} so.")[1]
    assert verb.pos_ == "VERB"
    assert verb.lemma_ in verb_lemmas()
    assert verb.lemma_ != form  # an inflected form, not the lemma itself


def test_every_list_has_a_comment_saying_what_it_is_for() -> None:
    text = (files("claimtrack.rules") / lexicon.LEXICON).read_text(encoding="utf-8")
    lines = text.splitlines()
    # a list opens with its key at the top level; a table with its header (its rows follow)
    tables = [i for i, line in enumerate(lines) if re.match(r"^\[\w+\]$", line)]
    first_table = tables[0] if tables else len(lines)
    arrays = [i for i, line in enumerate(lines[:first_table]) if re.match(r"^\w+ = \[", line)]
    starts = arrays + tables
    assert len(starts) == len(RAW)
    assert [lines[i] for i in starts if not lines[i - 1].startswith("# ")] == []


def test_every_list_is_read_by_the_loader() -> None:
    source = (files("claimtrack.rules") / "lexicon.py").read_text(encoding="utf-8")
    assert [key for key in RAW if f'"{key}"' not in source] == []


def test_lists_written_once_are_joined_in_the_loader() -> None:
    assert lexicon.LIFE_STAGES <= lexicon.PEOPLE_NOUNS
    assert lexicon.ATTITUDE_NOUNS <= lexicon.NOUN_CUES
    assert lexicon.DOUBT_ADJECTIVES <= lexicon.STANCE_ADJECTIVES
    assert lexicon.DOCUMENT_WORDS <= lexicon.EVIDENCE_WORDS
    assert not lexicon.PERCEPTION_VERBS & lexicon.SPEECH_VERBS
    assert "say" in lexicon.SPEECH_VERBS
    assert "yet" in lexicon.FRAMING_VERBS
    assert {"unclear", "claim"} <= lexicon.HEDGED_CUES
