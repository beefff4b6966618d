"""The type of each claim's source, read off the parse and the entities (issue #20, point 3):
a named person, a named organisation, an anonymous official, someone anonymous, a document or
data, or the outlet itself. Every sentence here was written for these tests."""

from __future__ import annotations

from claimtrack.domain import SourceType
from claimtrack.rules import extract

PERSON = SourceType.named_person
ORGANIZATION = SourceType.named_organization
OFFICIAL = SourceType.anonymous_official
ANONYMOUS = SourceType.anonymous
DOCUMENT = SourceType.document
OUTLET = SourceType.outlet

# (sentence, the source as written, its type)
CASES = [
    # a person the article names, or the surname or pronoun of one named before
    ("Ana Ruiz said the budget would rise by 4 percent.", "Ana Ruiz", PERSON),
    ("Mayor Teresa Valcourt said the vote would be delayed.", "Mayor Teresa Valcourt", PERSON),
    ("Senator Hugo Lenz argued that the tax was unfair.", "Senator Hugo Lenz", PERSON),
    ("Dr. Helen Marsh said the clinic was full.", "Dr. Helen Marsh", PERSON),
    (
        "Tom Hale, the city's treasurer, warned that reserves were running low.",
        "Tom Hale, the city's treasurer",
        PERSON,
    ),
    (
        "Councilwoman Dana Okafor opposed the plan. Okafor said it set aside too few apartments.",
        "Okafor",
        PERSON,
    ),
    ("Judge Miriam Stoll opened the trial. Stoll said it would last three weeks.", "Stoll", PERSON),
    ("Karl Strand presented the budget. Strand said the deficit would shrink.", "Strand", PERSON),
    ("Victor Amsel defended the treasurer. Amsel said the case was weak.", "Amsel", PERSON),
    ("Teresa Valcourt leads the council. Valcourt said the vote would wait.", "Valcourt", PERSON),
    ("Priya Nair is an analyst. Nair said the plant ran at half capacity.", "Nair", PERSON),
    ("Mayor Ana Ruiz opened the meeting. She said the fund was empty.", "She", PERSON),
    ("Tom Hale spoke first. He said the bridge would close in May.", "He", PERSON),
    (
        "Omar Reyes, who sold his farm last year, said prices had doubled.",
        "Omar Reyes, who sold his farm last year",
        PERSON,
    ),
    (
        "\u201cThe fund is empty,\u201d said Lena Park, a bakery owner.",
        "Lena Park, a bakery owner",
        PERSON,
    ),
    (
        "Governor Paula Brandt claimed that waiting lists had shrunk.",
        "Governor Paula Brandt",
        PERSON,
    ),
    (
        "Police Chief Sandra Moyo said two men had been arrested.",
        "Police Chief Sandra Moyo",
        PERSON,
    ),
    # an organisation the article names
    (
        "The Ministry of Health said cases had doubled in March.",
        "The Ministry of Health",
        ORGANIZATION,
    ),
    ("Northgate Energy said the plant was too old to repair.", "Northgate Energy", ORGANIZATION),
    (
        "The Harbor Workers Union said the raise was too small.",
        "The Harbor Workers Union",
        ORGANIZATION,
    ),
    (
        "The World Bank estimated that growth would slow to 2 percent.",
        "The World Bank",
        ORGANIZATION,
    ),
    ("Brightwell Foods announced that it would close the plant.", "Brightwell Foods", ORGANIZATION),
    ("The Ministry of Health released figures. It said cases had doubled.", "It", ORGANIZATION),
    (
        "The Harbor Workers Union met on Friday. They said the offer was an insult.",
        "They",
        ORGANIZATION,
    ),
    (
        "The Ministry of Health released figures. The ministry said cases had doubled.",
        "The ministry",
        ORGANIZATION,
    ),
    ("The city council said the road would reopen next week.", "The city council", ORGANIZATION),
    ("The company said it would cut 400 jobs.", "The company", ORGANIZATION),
    ("The government said the ceasefire would hold.", "The government", ORGANIZATION),
    ("Police said the car had been stolen on Friday.", "Police", ORGANIZATION),
    ("The committee concluded that the funds had been misused.", "The committee", ORGANIZATION),
    ("Germany said it would send more aid.", "Germany", ORGANIZATION),
    ("The European Union warned that tariffs would rise.", "The European Union", ORGANIZATION),
    # an official the article does not name
    ("A senior official said the talks had stalled.", "A senior official", OFFICIAL),
    ("Officials said the bridge was safe.", "Officials", OFFICIAL),
    ("A government spokesman said the report was false.", "A government spokesman", OFFICIAL),
    (
        "Senior administration sources said the deal was close.",
        "Senior administration sources",
        OFFICIAL,
    ),
    ("A ministry spokeswoman said the vaccine was safe.", "A ministry spokeswoman", OFFICIAL),
    ("Two diplomats said the embassy would close.", "Two diplomats", OFFICIAL),
    ("An aide to the governor said the bill would be signed.", "An aide to the governor", OFFICIAL),
    ("Health officials say the virus spreads quickly.", "Health officials", OFFICIAL),
    ("A police official said the suspect had fled.", "A police official", OFFICIAL),
    ("Military officials said the base had been hit.", "Military officials", OFFICIAL),
    # someone anonymous
    ("Critics argued that the stadium would cost too much.", "Critics", ANONYMOUS),
    ("Analysts said the merger would raise prices.", "Analysts", ANONYMOUS),
    ("Residents said the water had been brown for weeks.", "Residents", ANONYMOUS),
    ("Experts warned that the dam could fail.", "Experts", ANONYMOUS),
    ("Some economists said the forecast was too rosy.", "Some economists", ANONYMOUS),
    ("Witnesses said the car ran a red light.", "Witnesses", ANONYMOUS),
    (
        "Sources familiar with the talks said a deal was near.",
        "Sources familiar with the talks",
        ANONYMOUS,
    ),
    ("People close to the family said the boy was safe.", "People close to the family", ANONYMOUS),
    ("Opponents claimed that the law was unconstitutional.", "Opponents", ANONYMOUS),
    ("Many observers said the election was fair.", "Many observers", ANONYMOUS),
    ("Supporters said the plan would create jobs.", "Supporters", ANONYMOUS),
    # a document or data
    ("The report said the river was polluted.", "The report", DOCUMENT),
    ("A study found that the drug cut deaths by a third.", "A study", DOCUMENT),
    ("The audit showed that the fund was empty.", "The audit", DOCUMENT),
    ("Court records show that the firm was fined twice.", "Court records", DOCUMENT),
    ("A new survey suggests that voters are undecided.", "A new survey", DOCUMENT),
    ("The lawsuit alleges that the company hid the defects.", "The lawsuit", DOCUMENT),
    ("Figures released on Monday show that exports fell.", "Figures released on Monday", DOCUMENT),
    ("The data show that crime fell last year.", "The data", DOCUMENT),
    ("The indictment says the treasurer moved the money.", "The indictment", DOCUMENT),
    (
        "A memo obtained by the paper says the plan was rushed.",
        "A memo obtained by the paper",
        DOCUMENT,
    ),
    ("According to the census, the town grew by 12 percent.", "the census", DOCUMENT),
]


def _type_of(text: str, source: str) -> SourceType | None:
    claims = [c for c in extract(text) if c.source_span and c.source_span.of(text) == source]
    return claims[-1].source_type if claims else None


def test_there_are_enough_cases_of_every_type() -> None:
    assert len(CASES) >= 60
    kinds = [kind for *_, kind in CASES]
    assert {kind: kinds.count(kind) >= 8 for kind in set(kinds)} == dict.fromkeys(set(kinds), True)


def test_at_least_nine_in_ten_sources_are_typed_right() -> None:
    wrong = [
        (source, expected, got)
        for text, source, expected in CASES
        if (got := _type_of(text, source)) != expected
    ]
    assert len(wrong) <= len(CASES) // 10, wrong


def test_the_outlets_own_claim_has_no_source() -> None:
    [claim] = extract("It is clear that the bridge will not open this year.")
    assert claim.source is None and claim.source_type == OUTLET
