"""The rule extractor's cues: what makes a token a cue, and what does not."""

from __future__ import annotations

import pytest

from claimtrack.rules import claims_in, extract
from tests.rules_helpers import misparsed, only_claim, roles


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        pytest.param(
            "The mayor said that the bridge will reopen in May.",
            "The mayor", "said", "that the bridge will reopen in May", id="said-that",
        ),
        pytest.param(
            "Maria Lopez told reporters that the council had approved 40 new buses.",
            "Maria Lopez", "told", "that the council had approved 40 new buses", id="told",
        ),
        pytest.param(
            "The company claimed that its profits doubled last year.",
            "The company", "claimed", "that its profits doubled last year", id="claimed",
        ),
        pytest.param(
            "The minister warned that fuel prices could rise sharply.",
            "The minister", "warned", "that fuel prices could rise sharply", id="warned",
        ),
        pytest.param(
            "The governor believes the tax cut will pay for itself.",
            "The governor", "believes", "the tax cut will pay for itself", id="believes",
        ),
        pytest.param(
            "The senator denied that she had received the payments.",
            "The senator", "denied", "that she had received the payments", id="denied",
        ),
        pytest.param(
            "According to the city auditor, the project is $3 million over budget.",
            "the city auditor", "According to", "the project is $3 million over budget",
            id="according-to-first",
        ),
        pytest.param(
            "The project is $3 million over budget, according to the city auditor.",
            "the city auditor", "according to", "The project is $3 million over budget",
            id="according-to-last",
        ),
        pytest.param(
            "The union expects that the strike will end soon.",
            "The union", "expects", "that the strike will end soon", id="that-clause",
        ),
        pytest.param(
            "The mayor said Tuesday that the bridge will reopen in May.",
            "The mayor", "said Tuesday", "that the bridge will reopen in May", id="date-in-cue",
        ),
        pytest.param(
            "The mayor said in an interview that the bridge will reopen in May.",
            "The mayor", "said in an interview", "that the bridge will reopen in May",
            id="occasion-in-cue",
        ),
        pytest.param(
            "The mayor appeared to suggest that the bridge will reopen in May.",
            "The mayor", "appeared to suggest", "that the bridge will reopen in May",
            id="framing-verb-in-cue",
        ),
        pytest.param(
            "The court ruled that the law was unconstitutional.",
            "The court", "ruled", "that the law was unconstitutional", id="ruled",
        ),
        pytest.param(
            "The senator's claim that the bridge is unsafe surprised the engineers.",
            "The senator's", "claim", "that the bridge is unsafe", id="noun-cue-that",
        ),
        pytest.param(
            "The union's fears that the plant will close grew on Friday.",
            "The union's", "fears", "that the plant will close", id="attitude-noun-that",
        ),
        pytest.param(
            "The mayor said at a rally that the bridge will reopen in May.",
            "The mayor", "said", "that the bridge will reopen in May", id="rally-not-in-cue",
        ),
        pytest.param(
            "The mayor was sure that the council would back the bridge.",
            "The mayor", "was sure", "that the council would back the bridge",
            id="stance-adjective-clause",
        ),
        pytest.param(
            "Senator Ana Ruiz has been critical of the harbour deal.",
            "Senator Ana Ruiz", "has been critical of", "the harbour deal",
            id="stance-adjective-topic",
        ),
        pytest.param(
            "The union's threat to strike in May worried the council.",
            "The union's", "threat", "to strike in May", id="noun-of-intent",
        ),
        pytest.param(
            "Said Jones: “Nobody asked the drivers.”",
            "Jones", "Said", "“Nobody asked the drivers.”", id="verb-first-colon",
        ),
        pytest.param(
            "Leaked pages from his 2019 audit show he took a large loss.",
            "Leaked pages from his 2019 audit", "show", "he took a large loss",
            id="a-verb-the-tagger-took-for-a-noun",
        ),
        pytest.param(
            "It became clear that the deal was dead.",
            None, "It became clear", "that the deal was dead",
            id="it-became-clear",
        ),
        pytest.param(
            "It is doubtful that the bridge will reopen in May.",
            None, "It is doubtful", "that the bridge will reopen in May",
            id="it-is-doubtful",
        ),
        pytest.param(
            "Many drivers are afraid that fares will rise again.",
            "Many drivers", "are afraid", "that fares will rise again",
            id="afraid-that",
        ),
        pytest.param(
            "To anyone who reads the audit, it must be obvious that the fund is empty.",
            None, "it must be obvious", "that the fund is empty",
            id="the-writer-vouches",
        ),
        pytest.param(
            "It is late. Said Ruiz: \u201cI don\u2019t think she cares about the budget.\u201d",
            "Ruiz", "Said", "\u201cI don\u2019t think she cares about the budget.\u201d",
            id="an-inverted-tag-inside-a-paragraph",
        ),
        pytest.param(
            "In the latest Daily Ledger poll, conducted in May, Lee led Ruiz by 5 points.",
            "the latest Daily Ledger poll, conducted in May", "In", "Lee led Ruiz by 5 points",
            id="in-a-poll",
        ),
        pytest.param(
            "By one estimate, 300 acres of forest have been lost to the mine.",
            "one estimate", "By", "300 acres of forest have been lost to the mine",
            id="by-an-estimate",
        ),
        pytest.param(
            "The mayor shouted at staff, according to show insiders.",
            "show insiders", "according to", "The mayor shouted at staff",
            id="according-to-a-noun-the-tagger-took-for-a-verb",
        ),
        pytest.param(
            "The mayor keeps saying the bridge is safe.",
            "The mayor", "keeps saying", "the bridge is safe",
            id="keeps-saying",
        ),
        pytest.param(
            "She had to admit that the fund was empty.",
            "She", "had to admit", "that the fund was empty",
            id="had-to-admit",
        ),
        pytest.param(
            "The council issued a statement on Monday calling the fine an abuse of power.",
            "The council", "issued a statement on Monday calling", "the fine an abuse of power",
            id="a-statement-issued-says-it",
        ),
        pytest.param(
            "The union sent a memo to the mayor urging him to resign.",
            "The union", "sent a memo to the mayor urging", "to resign",
            id="a-letter-sent-says-it",
        ),
        pytest.param(
            "The mayor stopped short of calling the plan a failure.",
            "The mayor", "stopped short of calling", "the plan a failure",
            id="stopped-short-of-calling",
        ),
        pytest.param(
            "The council is staying clear of blaming the mayor.",
            "The council", "is staying clear of blaming", "the mayor",
            id="staying-clear-of-blaming",
        ),
        pytest.param(
            "The mayor hoped the bridge would reopen in May.",
            "The mayor", "hoped", "the bridge would reopen in May",
            id="hoped-is-hope-not-hop",
        ),
    ],
)  # fmt: skip
def test_pattern(text: str, source: str | None, cue: str, content: str) -> None:
    assert roles(only_claim(text), text) == (source, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "The mayor denied it.",  # a bare pronoun object says nothing
        "She knows the budget by heart.",  # knowing an object is not a claim
        "The city council approved the budget on Monday.",
        "The union's concerns about the pension fund dominated the meeting.",  # a topic
        "The plan drops the fuel tax, as promised.",  # no one vouches: a participle
        "Turnout rose, as shown by the county's figures.",
        "The road is clear of snow.",  # a state, not a stance
        "The threat to strike in May worried the council.",  # nobody's threat
        "They were sure of it.",  # a bare pronoun says nothing
        "The drivers found a quicker route through the valley.",  # people finding a thing
        "The two teams showed their willingness to compromise.",  # an act, not a finding
        "The council called a special meeting for Friday.",  # calling is not naming here
        "Residents can see the new bridge from the hill.",  # seeing without "as"
        "She put it on the table before the vote.",  # putting a thing somewhere
        "Here is what we know:\n\nThe fire started in the kitchen.",  # the writer's list
        "The new rules address gaps in the law.",  # things hold no stance
        "Higher fares could offer relief to the budget.",
        "Sensors detail the damage to the bridge.",
        "The sky over the harbor was clear.",  # clear of nothing, vouching for nothing
        "The team has a case of water for the trip.",
        "The court will take the case on Monday.",
        "The governor took questions for an hour.",  # a stance noun about no topic
        "The senator raised concerns with the council.",  # an audience, not a topic
        "Voters have a view of the lake from the park.",
        "The bridge is ready to reopen.",  # a stance adjective needs someone to hold it
        "Markets were reluctant to rally.",
        "Gunshots are heard as the car stops.",  # perceived, not asserted
        "The car was found by hikers on Monday.",
        "The mayor needs to tell more jokes.",  # a telling, not a claim
        "Naturally it goes without saying the fund is empty.",  # nobody says it
        "Let's say the levy passes in May.",
        "The mayor saw the fireworks as a child.",  # "as" about the subject's past
        "The council will consider the bill as part of the budget.",
        "As the clerk put it on the table, the mayor left.",  # a place, not words
        "Experts pointed out the bridge to the visitors.",
        "She read the report twice before the vote.",  # reading is not quoting
        "It's unclear whether the bridge will open in May.",  # an open question
        "It remains unclear who fired first.",
        "A new rule requires landlords to publish their rents.",  # an obligation
        "The mayor closed the bridge without saying why.",  # nothing said
        "Parents will not let coaches tell them which school to pick.",  # a permission
        "The website is a good guide for anyone wanting to refinance a home.",  # who, not what
        "The treasurer was charged with fraud in May.",  # a legal status
        "Fares to rise.\n\nEditor\u2019s note: Ana Ruiz, our publisher, who has\noften"
        " promised lower fares, owns a bus line.",  # a hard-wrapped note
        "The city must go on offense against potholes.",  # only "go after" is a stance
        "The first problem must be addressed with more money.",  # a task, not a speech
        "The campaign is targeting young voters in the suburbs.",  # an act, not a stance
        "Yet her remarks on Sunday struck a warmer tone.",  # when, not what about
        "The two rivals had argued on a regular basis.",  # how, not what about
        "Fares rise.\n\nEVEN HIS OWN STAFF THINKS THE PLAN IS DEAD \u2014 The council met.",
        "The rules allow companies to tell each country a different story.",
        "In offering his analysis of the race, the pollster smiled.",  # a manner, not a claim
        "Editor\u2019s note: Ana Ruiz, who has often promised lower fares, is our publisher.",
        "CLARIFICATION: An earlier version said the mayor had vowed to cut fares.",
        "The mayor released a report on Monday.",  # a text that says nothing here
        "Ruiz can be heard shouting to the crowd near the stage.",  # heard, not asserted
        'The mayor called the "special session" for Monday.',  # a quoted title, not a name
        "One of the bridges pointed north.",  # one of many things, not of speakers
    ],
)
def test_objects_that_are_not_claims(text: str) -> None:
    assert extract(text) == []


def test_cue_inside_a_quotation_is_not_a_claim() -> None:
    text = '"People say the river is rising, but it is not," the mayor said.'
    assert [roles(c, text)[:2] for c in extract(text)] == [("the mayor", "said")]


def test_sentence_without_a_cue_has_no_claim() -> None:
    assert extract("The bridge will reopen in May. It is painted green.") == []


def test_a_that_clause_parsed_as_a_relative_clause_still_completes_the_noun() -> None:
    text = "Voters read a Daily Ledger report that the fund lost $9 million in 1995."
    doc = misparsed(text, {"lost": ("relcl", "report"), "that": ("mark", "lost")})
    assert [roles(c, text) for c in claims_in(doc)] == [
        ("Daily Ledger", "report", "that the fund lost $9 million in 1995")
    ]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Asked about the budget gap, Ruiz said, \u201cWe will close it.\u201d",
            "Asked about",
            "the budget gap",
        ),
        (
            "Asked to describe the damage, the engineer said, \u201cIt is serious.\u201d",
            "Asked",
            "to describe the damage",
        ),
        ("Asked whether she would run again, Ruiz smiled.", "Asked", "whether she would run again"),
    ],
)
def test_a_question_put_to_the_speaker_is_a_claim_without_a_source(
    text: str, cue: str, content: str
) -> None:
    assert roles(extract(text)[0], text) == (None, cue, content)


def test_a_plural_cue_the_tagger_took_for_a_noun_heading_its_subject() -> None:
    text = "The Lee campaign plans to send the mayor to Ohio in the coming weeks."
    doc = misparsed(
        text,
        {"plans": ("ROOT", "plans"), "campaign": ("compound", "plans")},
        {"plans": ("NNS", "NOUN")},
    )
    assert [roles(c, text) for c in claims_in(doc)] == [
        ("The Lee campaign", "plans", "to send the mayor to Ohio in the coming weeks")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mayor has faced questions about the pension fund.",
            (None, "questions about", "the pension fund"),
        ),
        (
            "The senator faced heavy criticism from unions after the vote.",
            ("unions", "heavy criticism", "The senator"),
        ),
    ],
)
def test_a_stance_someone_faces_is_the_critics_claim(text: str, expected: tuple) -> None:
    assert [roles(c, text) for c in extract(text)] == [expected]


def test_a_question_faced_about_nothing_is_not_a_claim() -> None:
    assert extract("The mayor faced questions.") == []


def test_went_on_to_is_part_of_the_cue_however_the_infinitive_is_parsed() -> None:
    text = "The mayor went on to explain why the bridge was closed."
    doc = misparsed(text, {"explain": ("advcl", "went")})
    assert [roles(c, text)[1] for c in claims_in(doc)] == ["went on to explain"]


def test_concluding_with_footage_is_ending_not_inferring() -> None:
    text = (
        "The video concludes with a clip of the mayor saying at a forum in May,"
        " \u201cThat makes me frugal,\u201d after Ruiz attacked him for skipping the vote."
    )
    assert [c.cue for c in extract(text)] == ["saying", "attacked"]


def test_a_headline_in_capitals_is_read_but_a_subhead_run_into_its_text_is_not() -> None:
    text = "MAYOR SAYS THE BRIDGE WILL REOPEN IN MAY\n\nThe council met on Monday."
    assert [roles(c, text)[1] for c in extract(text)] == ["SAYS"]
    subhead = "Fares rise.\n\nHIS OWN STAFF THINKS THE PLAN IS DEAD \u2014 The council met."
    assert extract(subhead) == []
