"""Speakers for the offline extractor: the person or organisation a pronoun, a bare surname, a
short name or a title stands for (claimtrack/rules/coreference.py). Every article here was
written for these tests."""

from __future__ import annotations

import pytest

from claimtrack.domain import FoundClaim
from claimtrack.rules import extract

# (article, the source as written, the speaker the article names, or None: nobody it names).
# Where the source occurs more than once, the last claim with that source is checked.
CASES = [
    # he and she: the nearest person named before
    (
        "Mayor Ana Ruiz opened the meeting. She said the budget would rise by 4 percent.",
        "She",
        "Ana Ruiz",
    ),
    (
        "Tom Hale, the city's treasurer, spoke first. He said reserves were running low.",
        "He",
        "Tom Hale",
    ),
    (
        "Governor Paula Brandt signed the bill on Friday. She said it would cut waiting lists.",
        "She",
        "Paula Brandt",
    ),
    (
        "Coach Marcus Fell watched from the sideline. He said the team had trained hard all week.",
        "He",
        "Marcus Fell",
    ),
    (
        "Senator Hugo Lenz voted against the measure. Afterwards he said the cost was too high.",
        "he",
        "Hugo Lenz",
    ),
    # gender from a title or from a pronoun after the name
    (
        "Councilwoman Dana Osei met Councilman Ray Pell at the hall. She said the vote was close.",
        "She",
        "Dana Osei",
    ),
    (
        "Councilwoman Dana Osei met Councilman Ray Pell at the hall. He said the vote was close.",
        "He",
        "Ray Pell",
    ),
    (
        "Mrs. Irma Vold greeted Mr. Sam Tull at the door. She said the library would stay open.",
        "She",
        "Irma Vold",
    ),
    (
        "Mr. Sam Tull greeted Mrs. Irma Vold at the door. He said the library would stay open.",
        "He",
        "Sam Tull",
    ),
    (
        "Lena Park, who ran her family's bakery for years, met Omar Reyes at the fair. "
        "She said sales had doubled.",
        "She",
        "Lena Park",
    ),
    (
        "Omar Reyes, who sold his farm last year, met Lena Park at the fair. "
        "He said prices had doubled.",
        "He",
        "Omar Reyes",
    ),
    # speaker chains across consecutive quotes
    (
        "\u201cWe will rebuild the bridge,\u201d Mayor Ana Ruiz said. \u201cIt will take two "
        "years,\u201d she said.",
        "she",
        "Ana Ruiz",
    ),
    (
        "Ana Ruiz spoke first. \u201cThe fund is empty,\u201d she said. \u201cWe need help,\u201d "
        "she said.",
        "she",
        "Ana Ruiz",
    ),
    (
        'Tom Hale said the plan was late. "I asked Maria Soto for the figures," he said. '
        '"They never came," he said.',
        "he",
        "Tom Hale",
    ),
    (
        "Tom Hale and Rita Moss spoke at the hearing. Hale said the plan was late. "
        "He said the figures were missing.",
        "He",
        "Tom Hale",
    ),
    # people named inside a quotation are not the next speaker
    (
        'Judge Carla Wendt spoke to the court. "I have read what Sofia Grant wrote," she said. '
        "She said the trial would resume Monday.",
        "She",
        "Carla Wendt",
    ),
    (
        'Paul Dorn addressed the crowd. "Frank Mill promised a new school," Dorn said. '
        "He said the school was never built.",
        "He",
        "Paul Dorn",
    ),
    # a name that is not the subject of its clause is passed over
    (
        "Eddie Voss, whose children attend Lakeside, said the road was dangerous. "
        "He said he had written to the board.",
        "He",
        "Eddie Voss",
    ),
    (
        "Nora Blake, who grows apples near Dunmore, said the frost was the worst in years. "
        "She said half the crop was lost.",
        "She",
        "Nora Blake",
    ),
    # bare surnames
    (
        "Councilwoman Dana Osei opposed the plan. Osei said it set aside too few apartments.",
        "Osei",
        "Dana Osei",
    ),
    (
        "Finance Minister Karl Strand presented the budget on Tuesday. Strand said the deficit "
        "would shrink.",
        "Strand",
        "Karl Strand",
    ),
    (
        "Dr. Helen Marsh runs the clinic. \u201cWe are full every day,\u201d Marsh said.",
        "Marsh",
        "Helen Marsh",
    ),
    (
        "Karim Lodi, who owns Lodi & Sons Bakery, was at the counter. Lodi said the thieves took "
        "the cash box.",
        "Lodi",
        "Karim Lodi",
    ),
    (
        "Superintendent Lionel Grey told the board that enrollment had fallen. "
        "Later, Grey said two schools would close.",
        "Grey",
        "Lionel Grey",
    ),
    (
        "Priya Nair is an analyst at Halden Securities. Nair said the plant had been running "
        "at half its capacity.",
        "Nair",
        "Priya Nair",
    ),
    # a name with a clause on it
    (
        "Governor Adrian Holt and Simon Ude met on Thursday. Holt, who is seeking a third term, "
        "said waiting times had fallen.",
        "Holt, who is seeking a third term",
        "Adrian Holt",
    ),
    # organisations: it, they, and short names
    (
        "The Ministry of Health released new figures. It said cases had doubled in March.",
        "It",
        "Ministry of Health",
    ),
    (
        "Northgate Energy announced the closure on Monday. It said the plant was too old.",
        "It",
        "Northgate Energy",
    ),
    (
        "The Velmora Medical Association met on Monday. In a statement, it said the order was "
        "late.",
        "it",
        "Velmora Medical Association",
    ),
    (
        "The Harbor Workers Union rejected the offer. They said the raise was too small.",
        "They",
        "Harbor Workers Union",
    ),
    (
        "The Ministry of Health released new figures. The ministry said cases had doubled.",
        "The ministry",
        "Ministry of Health",
    ),
    (
        "The Greyhaven Unified School District presented its budget. The district said two "
        "schools would close.",
        "The district",
        "Greyhaven Unified School District",
    ),
    (
        "The Port Calder Planning Department reviewed the plan. The planning department said "
        "the study was late.",
        "The planning department",
        "Port Calder Planning Department",
    ),
    (
        "Brightwell Foods will close its plant in Marston. Brightwell said the plant needed "
        "repairs.",
        "Brightwell",
        "Brightwell Foods",
    ),
    # titles
    (
        "Judge Miriam Stoll told jurors the trial would last three weeks. The judge warned them "
        "not to read about the case.",
        "The judge",
        "Miriam Stoll",
    ),
    (
        "Ministry spokeswoman Petra Lind said the teams were ready. The spokeswoman said they "
        "would work on weekends.",
        "The spokeswoman",
        "Petra Lind",
    ),
    (
        "Rosalind Chu, the chief executive of the water authority, spoke on Monday. The chief "
        "executive said the cuts were needed.",
        "The chief executive",
        "Rosalind Chu",
    ),
    (
        "Police Chief Sandra Moyo met shop owners on Tuesday. The chief said two more officers "
        "would patrol the avenue.",
        "The chief",
        "Sandra Moyo",
    ),
    # someone the article does not name: never resolved to someone it does
    (
        "Frank Olsen approved the payments. A lawyer for Olsen said his client had cooperated. "
        "He said Olsen had relied on the treasurer.",
        "He",
        None,
    ),
    (
        "Mayor Ana Ruiz visited the clinic. A mother of two said she had waited for hours. "
        "\u201cNobody told us,\u201d she said.",
        "she",
        None,
    ),
    (
        "The Harbor Workers Union met on Friday. Critics said the deal was a mistake. "
        "They said the union had given up too much.",
        "They",
        None,
    ),
    ("Ana Ruiz was not at the meeting. He said the vote would be held next week.", "He", None),
    ("The report was published on Monday. It said the river was polluted.", "It", None),
    (
        "Ana Ruiz has a new campaign manager. Ruiz's campaign manager, Lucy Tran, said the "
        "polls were wrong.",
        "Ruiz's campaign manager, Lucy Tran",
        None,
    ),
    (
        "Officials from the Ministry of Health met on Monday. Officials said the vaccine was safe.",
        "Officials",
        None,
    ),
]


def _claim_with_source(text: str, source: str) -> FoundClaim | None:
    claims = [c for c in extract(text) if c.source_span and c.source_span.of(text) == source]
    return claims[-1] if claims else None


def _speaker(text: str, source: str) -> str | None:
    claim = _claim_with_source(text, source)
    return None if claim is None else claim.speaker


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40
    assert sum(1 for *_, speaker in CASES if speaker is None) >= 5


def test_at_least_nine_in_ten_sources_are_resolved_right() -> None:
    wrong = [
        (source, expected, got)
        for text, source, expected in CASES
        if (got := _speaker(text, source)) != expected
    ]
    assert len(wrong) <= len(CASES) // 10, wrong


@pytest.mark.parametrize(("text", "source", "expected"), CASES)
def test_each_case_finds_its_claim(text: str, source: str, expected: str | None) -> None:
    """The cases test resolution only if the rules find the claim with that source."""
    assert _claim_with_source(text, source) is not None


@pytest.mark.parametrize(("text", "source", "expected"), CASES)
def test_a_speaker_is_grounded_in_the_article(text: str, source: str, expected: str | None) -> None:
    for claim in extract(text):
        assert claim.speaker is None or claim.speaker in text


def test_the_claim_sentence_names_the_speaker() -> None:
    text = "Mayor Ana Ruiz opened the meeting. She said the budget would rise by 4 percent."
    claim = _claim_with_source(text, "She")
    assert claim is not None and claim.claim.startswith("Ana Ruiz said: the budget would rise")


ARTICLE = (
    "Mayor Lena Ortiz opened the session on Monday. She said the city cut bus fares by 20 "
    "percent last year.\n\nMayor Lena Ortiz said ridership grew.\n\n"
    "Transit chief Omar Reyes spoke next. He said the tunnel would reopen in May.\n"
)


def test_extract_files_a_pronoun_under_the_person_it_stands_for(cli, cli_json, tmp_path) -> None:
    path = tmp_path / "fares.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    cli("extract", path)
    sources = {s["name"]: s["claims"] for s in cli_json("sources", "list")}
    assert sources == {"Lena Ortiz": 2, "Omar Reyes": 1}
    claims = {c["source_mention"]: c for c in cli_json("claims", "list")}
    assert claims["She"]["source"] == "Lena Ortiz"
    assert claims["She"]["claim"].startswith("Lena Ortiz said: the city cut bus fares")
    assert claims["He"]["source"] == "Omar Reyes"
