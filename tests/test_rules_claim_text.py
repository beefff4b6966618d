"""A claim's text never changes what was said (issue #20, point 6): each failure a newcomer's
trial found, on sentences written for the project."""

from __future__ import annotations

import pytest

from claimtrack.rules import extract
from tests.rules_helpers import only_claim, roles


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            '"That money is used, then, for us to pay the nurses," the governor said.',
            "The governor said: That money is used, then, for us to pay the nurses",
        ),
        (
            'The governor said: "That levy pays for the new clinic."',
            "The governor said: That levy pays for the new clinic",
        ),
    ],
)
def test_a_quotation_opening_on_that_keeps_its_first_word(text: str, claim: str) -> None:
    assert only_claim(text).claim == claim


@pytest.mark.parametrize(
    ("text", "content", "claim"),
    [
        (
            "The cellar is cold. We kept the wine for a decade, he says, removing a bottle "
            "of the 2010 vintage.",
            "We kept the wine for a decade",
            "He says: We kept the wine for a decade",
        ),
        (
            "We lost half the herd to the cold, she says, opening the gate.",
            "We lost half the herd to the cold",
            "She says: We lost half the herd to the cold",
        ),
    ],
)
def test_what_the_speaker_does_after_the_tag_is_not_what_was_said(
    text: str, content: str, claim: str
) -> None:
    found = only_claim(text)
    assert roles(found, text)[2] == content
    assert found.claim == claim


@pytest.mark.parametrize(
    ("text", "content", "claim"),
    [
        (
            "It is a plan that Mayor Ana Ruiz said would cut the deficit by half.",
            "that Mayor Ana Ruiz said would cut the deficit by half",
            "Mayor Ana Ruiz said: would cut the deficit by half",
        ),
        (
            "The chief said the cameras do not show whether the driver was armed, which the "
            "family says he was not.",
            "which the family says he was not",
            "The family says: he was not",
        ),
    ],
)
def test_a_claim_read_from_a_relative_clause_does_not_repeat_its_speaker(
    text: str, content: str, claim: str
) -> None:
    found = extract(text)[-1]
    assert roles(found, text)[2] == content  # the annotators' span, speaker and cue inside
    assert found.claim == claim
