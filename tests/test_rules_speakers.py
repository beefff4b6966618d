"""The rule extractor's speakers: subjects, speaker phrases, the name filed, the source's type."""

from __future__ import annotations

import pytest

from claimtrack.domain import SourceType
from claimtrack.rules import claims_in, extract
from tests.rules_helpers import misparsed, only_claim, roles


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        pytest.param(
            '"We played badly," said coach Anna Berg.',
            "coach Anna Berg", "said", '"We played badly,"', id="verb-before-speaker",
        ),
        pytest.param(
            "The factory will stay open, the spokesman said.",
            "the spokesman", "said", "The factory will stay open", id="title-after",
        ),
        pytest.param(
            "He said the vote was rigged.",
            "He", "said", "the vote was rigged", id="pronoun",
        ),
        pytest.param(
            "Polls show the incumbent trailing by six points.",
            "Polls", "show", "the incumbent trailing by six points", id="polls-show",
        ),
        pytest.param(
            "A report found that half of the wells were contaminated.",
            "A report", "found", "that half of the wells were contaminated", id="report-found",
        ),
        pytest.param(
            "Rates will rise next year, as one of the bank's economists pointed out.",
            "one of the bank's economists", "pointed out", "Rates will rise next year",
            id="one-of-a-group-speaks",
        ),
        pytest.param(
            "In a poll released Monday, most voters said the bridge should reopen.",
            "most voters", "said", "the bridge should reopen",
            id="a-poll-whose-respondents-speak",
        ),
        pytest.param(
            "The senator forced the banker to admit that no one had been fired.",
            "the banker", "to admit", "that no one had been fired",
            id="forced-to-admit-is-the-forced-ones-admission",
        ),
    ],
)  # fmt: skip
def test_pattern(text: str, source: str | None, cue: str, content: str) -> None:
    assert roles(only_claim(text), text) == (source, cue, content)


@pytest.mark.parametrize(
    ("speaker", "source"),
    [
        ("Council member Ana Ruiz", "Ana Ruiz"),
        ("Defence Minister Khawaja Asif", "Khawaja Asif"),
        ("Maria Lopez, the finance minister,", "Maria Lopez"),
        ("The finance minister, Maria Lopez,", "Maria Lopez"),
        ("The European Central Bank", "The European Central Bank"),
        # The spokesman speaks, not the person he speaks for.
        ("A spokesman for Maria Lopez", "A spokesman for Maria Lopez"),
        ("Observers", "Observers"),
        ("He", "He"),
    ],
)
def test_source_is_the_name_a_newsroom_files(speaker: str, source: str) -> None:
    text = f"{speaker} said that the talks went well."
    claim = only_claim(text)
    assert claim.source == source
    assert claim.source_span.of(text) == speaker.rstrip(",")


def test_participle_clause_inherits_the_speaker() -> None:
    text = "The union rejected the offer, saying it was too low."
    found = [roles(c, text) for c in extract(text)]
    assert ("The union", "saying", "it was too low") in found


def test_participle_after_a_reported_clause_is_the_reporters() -> None:
    text = "Economists say rising rents have slowed hiring, citing a survey of shops."
    found = [roles(c, text) for c in extract(text)]
    assert found == [
        ("Economists", "say", "rising rents have slowed hiring"),
        ("Economists", "citing", "a survey of shops"),
    ]


def test_a_participle_after_a_quotation_is_the_speakers_not_the_quoted_subjects() -> None:
    text = (
        "\u201cPrices will fall,\u201d the governor told reporters, \u201cand wages will "
        "rise,\u201d before conceding that the forecast was uncertain."
    )
    found = [roles(c, text) for c in extract(text)]
    assert ("the governor", "conceding", "that the forecast was uncertain") in found


def test_fronted_participle_takes_the_following_subject() -> None:
    text = "After saying the bridge was safe, the engineer left the town."
    assert [roles(c, text) for c in extract(text)] == [
        ("the engineer", "saying", "the bridge was safe")
    ]


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("Angela Merkel", SourceType.named_person),
        ("The Ministry of Finance", SourceType.named_organization),
        ("Official sources", SourceType.anonymous_official),
        ("A senior official", SourceType.anonymous_official),
        ("Officials", SourceType.anonymous_official),
        ("Sources", SourceType.anonymous),
        ("Analysts", SourceType.anonymous),
        ("Critics", SourceType.anonymous),
        ("The study", SourceType.document),
        ("A report", SourceType.document),
        ("She", SourceType.named_person),
        ("They", SourceType.anonymous),
    ],
)
def test_source_type(speaker: str, expected: SourceType) -> None:
    text = f"{speaker} said that the harbour will be dredged next year."
    claim = only_claim(text)
    assert claim.source == speaker
    assert claim.source_type is expected


def test_a_subject_from_another_paragraph_is_not_the_speaker() -> None:
    # a live blog: the parser may take the dateline for the subject of the entry below it
    text = (
        "DAYTON \u2014 Updates on the governor's race (all times local):\n\n9:40 a.m.\n\n"
        "Ana Ruiz is once more disputing the tally in the third ward, urging her backers to "
        "stay calm."
    )
    assert [roles(c, text)[:2] for c in extract(text)] == [
        ("Ana Ruiz", "is once more disputing"),
        ("Ana Ruiz", "urging"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline is a sentence of its own: its noun is not the paragraph's subject
        (
            "Fares to rise\n\nOfficials at the transit agency said fares will rise.",
            ("Officials at the transit agency", "said", "fares will rise"),
        ),
        (
            "Lee Says Budget Will Pass.\n\nBOSTON -- Governor Lee, speaking on Monday, said the"
            " budget would pass.",
            ("Governor Lee", "said", "the budget would pass"),
        ),
        # hard-wrapped text: the subject ends the line before its verb
        (
            "The mayor of the city\nsaid the bridge would reopen in May.",
            ("The mayor of the city", "said", "the bridge would reopen in May"),
        ),
    ],
)
def test_a_speaker_on_the_line_above_the_verb(text: str, expected: tuple) -> None:
    assert [roles(c, text) for c in extract(text)][-1] == expected


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Residents cheered Ana Ruiz, who vowed to fix the bridge.", "Ana Ruiz"),
        ("The mayor praised the engineer, who says the bridge is safe.", "the engineer"),
        ("Voters that support the levy turned out early.", "Voters"),
    ],
)
def test_a_relative_pronoun_is_filed_under_what_it_stands_for(text: str, source: str) -> None:
    claim = extract(text)[-1]
    assert claim.source_span.of(text) in ("who", "that")  # the span is the pronoun
    assert claim.source == source
    assert claim.claim.startswith(source[0].upper() + source[1:])


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        ("The president attacked the new tariff plan on Monday.", ["The president"]),
        ("Senator Ruiz blamed the council for the delays.", ["Senator Ruiz"]),
        ("Months of quiet efforts aimed at pressing the council to act.", []),
        ("The board, which sought new rules for the port, met again.", []),
        ("Their willingness to address the budget gap grew over the summer.", []),
        ("Parking advocates have criticized the new meter rates.", ["Parking advocates"]),
        ("The levy is backed by several unions.", ["several unions"]),
        ("Mayor Ruiz's lawyer is calling the audit a fishing expedition.", ["Mayor Ruiz's lawyer"]),
        ("A series of posts attacking the mayor went up overnight.", []),
        ("A number of lawmakers oppose the new meter rates.", ["A number of lawmakers"]),
        ("The new rule addresses gaps in the law.", []),
        ("Schools plan to reopen next week.", ["Schools"]),  # an institution's intention
        ("His former partner called him a genius at deals.", ["His former partner"]),
        (
            "Taxpayers and local homeowners criticized the new meter rates.",
            ["Taxpayers and local homeowners"],
        ),
        ("The plaintiffs praised the ruling, as did the bishops.", ["The plaintiffs"]),
        ("The error raised questions about the meter rates.", []),
        ("Deepfakes raise questions about the vote.", []),
    ],
)
def test_stance_verbs_need_a_subject_who_can_speak(text, sources) -> None:
    assert [roles(c, text)[0] for c in extract(text)] == sources


def test_no_one_inside_a_quotation_speaks_its_tag() -> None:
    text = "\u201cWe will fix the bridge in this case,\u201d Harbor police Chief Ana Ruiz said."
    doc = misparsed(
        text,
        {
            "fix": ("ROOT", "fix"),
            "said": ("conj", "fix"),
            "Harbor": ("dep", "fix"),
            "Chief": ("dobj", "Harbor"),
            "Ruiz": ("appos", "Chief"),
        },
    )
    assert [roles(c, text) for c in claims_in(doc)] == [
        (
            "Harbor police Chief Ana Ruiz",
            "said",
            "\u201cWe will fix the bridge in this case,\u201d",
        )
    ]


def test_an_as_aside_read_as_a_prepositional_phrase_still_names_the_speaker() -> None:
    text = "Rates, as one of the bank's economists pointed out, will rise next year."
    (claim,) = extract(text)
    assert roles(claim, text)[:2] == ("one of the bank's economists", "pointed out")
    assert claim.claim == "One of the bank's economists pointed out: Rates will rise next year"
