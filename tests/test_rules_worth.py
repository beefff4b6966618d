"""Check-worthiness a fact-checker would recognise (issue #20, point 5): statistics, causes,
comparisons and concrete statements about named actors rank above feelings, intentions,
scene-setting and remarks about taste; the reason names what is checkable; a claim with
nothing checkable scores below 0.5. Sentences written for the project."""

from __future__ import annotations

import pytest

from tests.rules_helpers import only_claim

# (sentence, the kind the reason must name, words it must quote)
CHECKABLE = [
    ("The agency said that unemployment rose to 7.4 percent in March.", "a figure", "7.4"),
    ('"We hired 240 nurses last year," the health minister said.', "a figure", "240"),
    ("The treasurer said the county owes $3 million to its pension fund.", "a figure", "3"),
    ("A report found that 40 of the bridges in the state are unsafe.", "a figure", "40"),
    ("The mayor said crime fell because the city hired more police.", "a cause", "because"),
    ("Farmers say the drought caused the price of hay to soar.", "a cause", "caused"),
    ("The minister said the floods were due to the broken levee.", "a cause", "due"),
    ("The mayor said the new bridge is longer than the old one.", "a comparison", "than"),
    ("The minister said it was the highest rate in a decade.", "a comparison", "highest"),
    ('"Our schools are safer than any in the state," the sheriff said.', "a comparison", "than"),
    ("The senator said Acme Corp paid no tax last year.", "a named actor", "Acme Corp"),
    ("Police said Jonas Berg was arrested at the border on Sunday.", "a named actor", "Jonas Berg"),
    ("The union said the Ministry of Transport cancelled the deal.", "a named actor", "Transport"),
]  # fmt: skip

# (sentence, what the reason says is there instead)
NOTHING_CHECKABLE = [
    ('"I am so proud of these kids," the coach said.', "a feeling"),
    ('"We feel blessed to be here tonight," the singer said.', "a feeling"),
    ('"I was nervous before the vote," the councillor admitted.', "a feeling"),
    ('"We want to build a better town," the mayor said.', "an intention"),
    ('"We will win this race," the candidate said.', "an intention"),
    ('"I hope to see the festival grow," the organizer said.', "an intention"),
    ('"The sun was setting over the hills when we arrived," she said.', "no figure"),
    ('"The room went quiet and everyone looked at the door," he recalled.', "no figure"),
    ('"It tastes of cherries and smoke," the winemaker says.', "a remark about taste"),
    ('"This wine is smooth and elegant," the sommelier said.', "a remark about taste"),
    ('"The bread smells wonderful in the morning," the baker said.', "a remark about taste"),
]


@pytest.mark.parametrize(("text", "kind", "words"), CHECKABLE)
def test_a_checkable_claim_says_what_makes_it_checkable(text: str, kind: str, words: str) -> None:
    claim = only_claim(text)
    assert claim.checkworthiness >= 0.6
    assert claim.reason.startswith("checkable: ")
    assert kind in claim.reason
    assert words in claim.reason


@pytest.mark.parametrize(("text", "instead"), NOTHING_CHECKABLE)
def test_a_claim_with_nothing_checkable_scores_below_half(text: str, instead: str) -> None:
    claim = only_claim(text)
    assert claim.checkworthiness < 0.5
    assert claim.reason.startswith("nothing checkable: ")
    assert instead in claim.reason


def test_every_checkable_kind_ranks_above_every_uncheckable_one() -> None:
    lowest_checkable = min(only_claim(text).checkworthiness for text, _, _ in CHECKABLE)
    highest_other = max(only_claim(text).checkworthiness for text, _ in NOTHING_CHECKABLE)
    assert lowest_checkable > highest_other


@pytest.mark.parametrize(
    "ordered",
    [
        [
            "The agency said that unemployment rose to 7.4 percent in March.",
            "The mayor said crime fell because the city hired more police.",
            "The mayor said the new bridge is longer than the old one.",
            "The senator said Acme Corp paid no tax last year.",
            '"I am so proud of these kids," the coach said.',
        ],
    ],
)
def test_a_statistic_ranks_first_then_a_cause_a_comparison_a_named_actor(ordered) -> None:
    scores = [only_claim(text).checkworthiness for text in ordered]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


def test_a_feeling_about_a_figure_still_names_the_figure() -> None:
    claim = only_claim('"We are proud that crime fell by 20 percent," the chief said.')
    assert "a figure (20" in claim.reason
    assert "a feeling" in claim.reason
    assert claim.checkworthiness > only_claim('"We are proud," the chief said.').checkworthiness


def test_led_by_is_not_a_cause() -> None:
    claim = only_claim("The ministry said a delegation led by Omar Haddad arrived in Paris.")
    assert claim.reason.startswith("checkable: a named actor")
    assert "a cause" not in claim.reason
