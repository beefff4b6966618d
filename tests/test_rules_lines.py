"""The rule extractor's line patterns: signed quotations, headline labels, transcript turns."""

from __future__ import annotations

import pytest

from claimtrack.rules import extract
from tests.rules_helpers import only_claim, roles


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        pytest.param(
            "“We deserve better schools.” ― Maria Gomez",
            "Maria Gomez", "―", "“We deserve better schools.”", id="dash-signature",
        ),
        pytest.param(
            "Poll: Most voters back the new stadium",
            "Poll", ":", "Most voters back the new stadium", id="headline-colon",
        ),
    ],
)  # fmt: skip
def test_pattern(text: str, source: str | None, cue: str, content: str) -> None:
    assert roles(only_claim(text), text) == (source, cue, content)


def test_transcript_turns_are_claims_of_their_speakers() -> None:
    text = '"MORGAN: We will reopen the bridge in May.\nREYES: That is too late for the fishermen.'
    assert [roles(c, text) for c in extract(text)] == [
        ("MORGAN", ":", "We will reopen the bridge in May"),
        ("REYES", ":", "That is too late for the fishermen"),
    ]


def test_headline_colon_needs_a_speaker() -> None:
    assert extract("Correction: An earlier version misstated the date") == []


def test_headline_label_is_a_speaker_the_article_names_in_full() -> None:
    text = (
        "Okafor: The Levy Will Pass in November\n\n"
        "Mayor Grace Okafor spent Monday visiting schools across the county."
    )
    claims = extract(text)
    assert [roles(c, text) for c in claims] == [("Okafor", ":", "The Levy Will Pass in November")]
    # a label the article never names is not a speaker
    assert extract(text.replace("Grace Okafor", "Grace Bell")) == []


def test_a_headline_label_the_article_goes_on_to_name_as_a_speaker_is_the_source() -> None:
    text = (
        "Ledgerwatch: The Mayor Is Right About Bus Fares.\n\n"
        "After the debate Ledgerwatch checked the mayor's numbers."
    )
    first = extract(text)[0]
    assert roles(first, text) == ("Ledgerwatch", ":", "The Mayor Is Right About Bus Fares")


def test_a_headline_label_the_article_never_names_again_is_not_a_speaker() -> None:
    text = "Buses: The Mayor Is Right About Fares.\n\nThe council met on Monday."
    assert extract(text) == []
