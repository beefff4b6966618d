"""The rule extractor's speaker tags and the quotations and sentences around them."""

from __future__ import annotations

import pytest

from claimtrack.rules import claims_in, extract
from tests.rules_helpers import misparsed, only_claim, roles


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        pytest.param(
            'The coach said: "We played badly and we deserved to lose."',
            "The coach", "said", '"We played badly and we deserved to lose."', id="colon",
        ),
        pytest.param(
            '"We played badly and we deserved to lose," she said.',
            "she", "said", '"We played badly and we deserved to lose,"', id="quote-first",
        ),
        pytest.param(
            '"The harbour," he said, "needs dredging before winter."',
            "he", "said", '"The harbour," he said, "needs dredging before winter."',
            id="split-inside-sentence",
        ),
        pytest.param(
            '"The harbour needs dredging," the engineer said. "Otherwise ships will run aground."',
            "the engineer", "said",
            '"The harbour needs dredging," the engineer said. "Otherwise ships will run aground."',
            id="split-across-sentences",
        ),
        pytest.param(
            "Officials said the dam was safe; the river kept rising anyway.",
            "Officials", "said", "the dam was safe", id="semicolon-ends-content",
        ),
        pytest.param(
            "The bridge was safe, the engineer said, until the storm damaged its pillars.",
            "the engineer", "said",
            "The bridge was safe, the engineer said, until the storm damaged its pillars",
            id="tag-inside-indirect",
        ),
        pytest.param(
            '"Are we ready?" she said. "Not yet."',
            "she", "said", '"Are we ready?" she said. "Not yet."', id="question-then-tag",
        ),
        pytest.param(
            '"The harbour needs dredging," the engineer said in a statement.',
            "the engineer", "said in a statement", '"The harbour needs dredging,"',
            id="occasion-after-quote",
        ),
        pytest.param(
            "The mayor said the bridge will reopen in May, which pleased the fishermen.",
            "The mayor", "said", "the bridge will reopen in May", id="trailing-relative-clause",
        ),
        pytest.param(
            "Officials said the money went to Maria Lopez, a former governor.",
            "Officials", "said", "the money went to Maria Lopez", id="trailing-appositive",
        ),
        pytest.param(
            "Fares rose sharply, as the minister had warned.",
            "the minister", "had warned", "Fares rose sharply", id="as-tag-after",
        ),
        pytest.param(
            "As the mayor noted, the bridge is closed.",
            "the mayor", "noted", "the bridge is closed", id="as-tag-before",
        ),
        pytest.param(
            "Though that repair was relatively quick, he said, rebuilding the pier would be slow.",
            "he", "said",
            "Though that repair was relatively quick, he said, rebuilding the pier would be slow",
            id="tag-inside-unquoted-sentence",
        ),
        pytest.param(
            "“She always listens to us,” Maria said, and soon the crowd was cheering.",
            "Maria", "said", "“She always listens to us,”", id="quote-ends-before-the-tag",
        ),
        pytest.param(
            "The port, as the mayor noted, is closed until May.",
            "the mayor", "noted", "The port, as the mayor noted, is closed until May",
            id="as-tag-inside",
        ),
        pytest.param(
            "Fares will rise “soon,” he said, unless the council acts.",
            "he", "said", "Fares will rise “soon,” he said, unless the council acts",
            id="a-quoted-word-is-not-a-whole-quotation",
        ),
        pytest.param(
            "“Step down. You should be fired,” Hale told Baker, after he admitted under her "
            "questioning he had not been punished.",
            "Hale", "told", "“Step down. You should be fired,”",
            id="an-unquoted-clause-after-the-tag-is-the-narrators",
        ),
        pytest.param(
            "The transit director added:\n\nRiders have waited long enough, and the new "
            "line will open on time.\n\nThe board meets next week.",
            "The transit director", "added",
            "Riders have waited long enough, and the new line will open on time",
            id="colon-ending-the-line-introduces-the-next-paragraph",
        ),
        pytest.param(
            "The agency reports:\n“Most of the repairs are finished.”",
            "The agency", "reports", "“Most of the repairs are finished.”",
            id="colon-ending-the-line-before-a-quotation",
        ),
        pytest.param(
            "Back in May, the mayor said, she decided to run for a second term.",
            "the mayor", "said",
            "Back in May, the mayor said, she decided to run for a second term",
            id="a-tag-inside-a-clause-of-deciding",
        ),
        pytest.param(
            "The levy is a lifeline for the schools, as the superintendent put it.",
            "the superintendent", "put it", "The levy is a lifeline for the schools",
            id="as-she-put-it",
        ),
        pytest.param(
            "As several economists have pointed out, the fund is nearly empty.",
            "several economists", "have pointed out", "the fund is nearly empty",
            id="as-they-pointed-out",
        ),
        pytest.param(
            "As the mayor put it in her letter to the council, the levy is fair.",
            "the mayor", "put it in her letter", "the levy is fair",
            id="put-it-in-a-medium",
        ),
        pytest.param(
            "The fund, the auditor noted on Monday, is nearly empty.",
            "the auditor", "noted", "The fund, the auditor noted on Monday, is nearly empty",
            id="tag-with-a-date-inside-the-sentence",
        ),
        pytest.param(
            "These drivers, Ruiz explained in the hearing, were well paid.",
            "Ruiz", "explained in the hearing",
            "These drivers, Ruiz explained in the hearing, were well paid",
            id="tag-the-parser-made-the-main-verb",
        ),
        pytest.param(
            "Police believe:\n\nThe suspect fled on foot.",
            "Police", "believe", "The suspect fled on foot",
            id="a-verb-of-belief-introducing-a-paragraph",
        ),
        pytest.param(
            "The treasurer added:\n\nThe fund is, as you rightly pointed out, nearly empty."
            "\n\nThe board meets next week.",
            "The treasurer", "added", "The fund is, as you rightly pointed out, nearly empty",
            id="a-tag-inside-an-introduced-paragraph-is-the-speakers",
        ),
        pytest.param(
            "The banner read \u201cNo new taxes.\u201d",
            "The banner", "read", "\u201cNo new taxes.\u201d",
            id="a-text-reads-a-quotation",
        ),
    ],
)  # fmt: skip
def test_pattern(text: str, source: str | None, cue: str, content: str) -> None:
    assert roles(only_claim(text), text) == (source, cue, content)


def test_participle_after_a_claim_starts_the_next_claim() -> None:
    text = "The mayor said the bridge will reopen in May, adding that the ferry will stop."
    assert [roles(c, text) for c in extract(text)] == [
        ("The mayor", "said", "the bridge will reopen in May"),
        ("The mayor", "adding", "that the ferry will stop"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will fix it,” she said. “The bridge is safe,” she continued.",
            [
                ("she", "said", "“We will fix it,”"),
                ("she", "continued", "“The bridge is safe,”"),
            ],
        ),
        (
            "Ruiz continued:\n\n“The fund is empty.”",
            [("Ruiz", "continued", "“The fund is empty.”")],
        ),
        ("“We will win,” he went on.", [("he", "went on", "“We will win,”")]),
        ("Prices continued to rise as the show went on.", []),
    ],
)
def test_verbs_that_speak_only_beside_a_quotation(text: str, expected: list) -> None:
    assert [roles(c, text) for c in extract(text)] == expected


def test_a_quotation_after_the_tag_is_what_was_said_however_the_tag_is_parsed() -> None:
    text = "After the vote on the budget ended, Okafor joked, \u201cI am thrifty.\u201d"
    doc = misparsed(
        text,
        {"ended": ("ROOT", "ended"), "joked": ("ccomp", "ended"), "am": ("ccomp", "ended")},
    )
    joked = [roles(c, text) for c in claims_in(doc) if c.cue == "joked"]
    assert joked == [("Okafor", "joked", "\u201cI am thrifty.\u201d")]


def test_a_clause_opening_on_a_subordinator_before_the_tag_is_not_what_was_said() -> None:
    text = (
        "While she conceded funding was a reason she felt tired, Ruiz also noted several"
        " \u201cintangibles\u201d left her disillusioned."
    )
    doc = misparsed(text, {"conceded": ("advcl", "was"), "was": ("ccomp", "noted")})
    noted = [roles(c, text)[2] for c in claims_in(doc) if c.cue == "also noted"]
    assert noted == ["several \u201cintangibles\u201d left her disillusioned"]


def test_a_fronted_participle_before_the_tag_is_not_what_was_said() -> None:
    text = "Claiming the report is designed to scare voters, Ruiz told us the numbers were wrong."
    doc = misparsed(text, {"Claiming": ("csubjpass", "designed"), "designed": ("ccomp", "told")})
    told = [roles(c, text)[2] for c in claims_in(doc) if c.cue == "told"]
    assert told == ["the numbers were wrong"]


def test_a_quotation_after_a_stance_verbs_colon_is_cued_on_both_sides() -> None:
    text = (
        "Senator Ana Ruiz scolded him: \u201cThe auditors are almost unanimous against you,\u201d"
        " she said."
    )
    quote = "\u201cThe auditors are almost unanimous against you,\u201d"
    assert [roles(c, text) for c in extract(text)] == [
        ("Senator Ana Ruiz", "scolded", quote),
        ("she", "said", quote),
    ]


def test_a_lead_in_before_a_colon_is_the_writers_not_the_speakers() -> None:
    text = (
        "The ruling started another round of fighting on Tuesday: Republicans said they were"
        " convinced the agency mishandled the case and Democrats accused the board of stalling"
        " the inquiry."
    )
    assert [roles(c, text) for c in extract(text)] == [
        ("Republicans", "said", "they were convinced the agency mishandled the case"),
        ("Democrats", "accused", "the board of stalling the inquiry"),
    ]
