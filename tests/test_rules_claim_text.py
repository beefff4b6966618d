"""A claim's text never changes what was said (issue #20, point 6): each failure a newcomer's
trial found, on sentences written for the project."""

from __future__ import annotations

import pytest

from tests.rules_helpers import only_claim


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
