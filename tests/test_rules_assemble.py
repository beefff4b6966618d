"""The rule extractor's claims: nesting, the writer's turn, certainty, claim sentences."""

from __future__ import annotations

import pytest

from claimtrack.domain import Attribution, Certainty, SourceType
from claimtrack.rules import extract
from tests.rules_helpers import only_claim, roles, seed_roles


def test_nested_attribution_is_suppressed() -> None:
    text = "The mayor said that the engineer told her the bridge was safe."
    claims = extract(text)
    assert [roles(c, text)[1] for c in claims] == ["said"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The director said the new schedule saves money, though she noted that some "
            "drivers will work longer shifts.",
            [
                ("The director", "said", "the new schedule saves money"),
                ("she", "noted", "that some drivers will work longer shifts"),
            ],
        ),
        (
            "The chief said the cameras do not show whether the driver was armed, which the "
            "family says he was not.",
            [
                ("The chief", "said", "the cameras do not show whether the driver was armed"),
                ("the family", "says", "which the family says he was not"),
            ],
        ),
        (
            'Both mayors call them "hired guns" and describe their rallies as stunts.',
            [
                ("Both mayors", "call", 'them "hired guns"'),
                ("Both mayors", "describe", "their rallies as stunts"),
            ],
        ),
        (
            "Officials said the plan would cut costs; critics argue it will raise fares.",
            [
                ("Officials", "said", "the plan would cut costs"),
                ("critics", "argue", "it will raise fares"),
            ],
        ),
    ],
)
def test_each_claim_of_a_sentence_has_its_own_content(text, expected) -> None:
    assert [roles(c, text) for c in extract(text)] == expected


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Ruiz said the new budget, which Lee says is too costly, would pass.",
            "the new budget, which Lee says is too costly, would pass",
        ),
        (
            "Ruiz said the levy -- the third in a decade -- will pass because voters believe "
            "it is fair.",
            "the levy -- the third in a decade -- will pass because voters believe it is fair",
        ),
        (
            # (Lee's saying, coordinated with its own subject, is a claim of its own)
            'Ruiz said the deal was "a win -- the best we could get" and Lee says it is.',
            'the deal was "a win -- the best we could get"',
        ),
    ],
)
def test_an_aside_inside_a_reported_clause_does_not_end_it(text: str, content: str) -> None:
    said = next(c for c in extract(text) if c.cue == "said")
    assert said.content.of(text) == content


def test_disputing_clause_links_to_the_claim_before_it() -> None:
    text = "Officials claimed that the dam is safe, however, engineers are skeptical."
    first, second = extract(text)
    assert roles(second, text) == ("engineers", "are skeptical", "engineers are skeptical")
    assert second.disputes == 0
    assert second.certainty is Certainty.disputed
    assert first.disputes is None


@pytest.mark.parametrize(
    ("text", "certainty"),
    [
        ("The minister said that prices fell.", Certainty.asserted),
        ("The minister claimed that prices fell.", Certainty.hedged),
        ("The minister suggested that prices fell.", Certainty.hedged),
        ("The minister believes that prices fell.", Certainty.hedged),
        ("The minister alleged that prices fell.", Certainty.hedged),
        ("Council member Ana Ruiz claimed the city cut bus fares.", Certainty.hedged),
        ("The minister denied that prices fell.", Certainty.disputed),
        ("The minister disputed that prices fell.", Certainty.disputed),
        ("Farmers are skeptical of the minister's figures.", Certainty.disputed),
        ("The minister is sure that prices fell.", Certainty.asserted),
        ("The minister is unsure whether prices fell.", Certainty.hedged),
        ("It is not clear that prices fell.", Certainty.hedged),
    ],
)
def test_certainty(text: str, certainty: Certainty) -> None:
    assert only_claim(text).certainty is certainty


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ('"Prices fell," the minister said.', Attribution.direct_quote),
        ("Prices fell, the minister said.", Attribution.indirect),
    ],
)
def test_attribution_kind(text: str, attribution: Attribution) -> None:
    assert only_claim(text).attribution is attribution


def test_checkworthiness_prefers_figures_to_opinions() -> None:
    figures = only_claim("The agency said that unemployment rose to 7.4 percent in March.")
    opinion = only_claim("The coach thinks the team might do better.")
    assert 0 <= opinion.checkworthiness < figures.checkworthiness <= 1
    assert "a figure (7.4 percent)" in figures.reason
    assert opinion.reason


def test_claim_sentence_reads_alone() -> None:
    text = "Official sources claimed that the dam is safe."
    assert only_claim(text).claim == "Official sources claimed: the dam is safe"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "The fund, the auditor noted on Monday, is nearly empty.",
            "The auditor noted: The fund is nearly empty",
        ),
        (
            "“The plan,” she said, “would cost the city $3 million.”",
            "She said: The plan would cost the city $3 million",
        ),
        (
            "“The bridge is safe,” she said. “Trust us.”",
            "She said: The bridge is safe. Trust us",
        ),
    ],
)
def test_claim_sentence_leaves_out_the_tag_inside_it(text: str, claim: str) -> None:
    assert only_claim(text).claim == claim


def test_seed_claims_are_sorted_true_slices() -> None:
    text, claims = seed_roles()
    assert [c.content.start for c in claims] == sorted(c.content.start for c in claims)
    for claim in claims:
        assert claim.source is None or claim.source in claim.source_span.of(text)
        assert claim.cue == claim.cue_span.of(text)
        assert claim.content.of(text).strip() == claim.content.of(text)


def test_a_second_cue_in_the_tag_of_a_split_quote_is_its_own_claim() -> None:
    text = (
        '"Each time you repeat it," Lee said, referring to the audit, "you prove the case for us."'
    )
    found = sorted(extract(text), key=lambda c: c.cue_span.start if c.cue_span else 0)
    assert [roles(c, text)[:2] for c in found] == [("Lee", "said"), ("Lee", "referring to")]
    assert roles(found[1], text)[2] == "the audit"


def test_a_cue_inside_the_quoted_words_stays_folded() -> None:
    text = '"They claimed the bridge was safe," Lee said, "and it was not."'
    assert [roles(c, text)[1] for c in extract(text)] == ["said"]


def test_a_poll_cited_with_in_reads_as_a_sentence() -> None:
    (claim,) = extract("In the latest Daily Ledger poll, Lee led Ruiz by 5 points.")
    assert claim.claim == "In the latest Daily Ledger poll: Lee led Ruiz by 5 points"
    assert claim.source_type == SourceType.document
