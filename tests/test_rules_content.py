"""The rule extractor's content: what a cue reports (clauses, objects, complements, topics)."""

from __future__ import annotations

import pytest

from claimtrack.rules import claims_in, extract
from tests.rules_helpers import misparsed, only_claim, roles


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        pytest.param(
            "It was announced that the library will close on Sundays.",
            None, "was announced", "that the library will close on Sundays", id="passive",
        ),
        pytest.param(
            "The mayor promised to cut taxes by 10 percent.",
            "The mayor", "promised", "to cut taxes by 10 percent", id="infinitive",
        ),
        pytest.param(
            "Residents have called for a new school.",
            "Residents", "have called for", "a new school", id="verb-preposition",
        ),
        pytest.param(
            "The council called the proposal a waste of money.",
            "The council", "called", "the proposal a waste of money", id="called-x-y",
        ),
        pytest.param(
            "The mayor called on residents to save water.",
            "The mayor", "called on", "residents to save water", id="called-on-x-to",
        ),
        pytest.param(
            "He declined to comment.",
            "He", "declined", "to comment", id="declined",
        ),
        pytest.param(
            "Council member Ana Ruiz claimed the city cut bus fares by twenty percent last year.",
            "Council member Ana Ruiz", "claimed",
            "the city cut bus fares by twenty percent last year", id="clause-parsed-as-object",
        ),
        pytest.param(
            "The senator attacked the governor for raising taxes.",
            "The senator", "attacked", "the governor for raising taxes", id="stance-object-for",
        ),
        pytest.param(
            "The union accused the company of hiding its profits.",
            "The union", "accused", "the company of hiding its profits", id="stance-object-of",
        ),
        pytest.param(
            "The mayor blamed the delays on the contractor.",
            "The mayor", "blamed", "the delays on the contractor", id="stance-object-on",
        ),
        pytest.param(
            "The council described the plan as reckless.",
            "The council", "described", "the plan as reckless", id="stance-object-as",
        ),
        pytest.param(
            "The contractor was accused of hiding the cracks.",
            None, "was accused of", "The contractor was accused of hiding the cracks",
            id="passive-subject-and-complement",
        ),
        pytest.param(
            "The leak was first reported by a harbour newsletter.",
            "a harbour newsletter", "was first reported by", "The leak", id="passive-agent",
        ),
        pytest.param(
            "The governor spoke out Monday about a flood.",
            "The governor", "spoke out Monday about", "a flood", id="topic-preposition",
        ),
        pytest.param(
            "Councillors have not said when the depot would close.",
            "Councillors", "have not said", "when the depot would close",
            id="clause-parsed-as-adjunct",
        ),
        pytest.param(
            "The judge rejected that argument during a hearing on Friday.",
            "The judge", "rejected", "that argument", id="object-without-the-verbs-setting",
        ),
        pytest.param(
            "The coach told his players on a weekly basis that the season was over.",
            "The coach", "told", "that the season was over", id="listener-is-not-content",
        ),
        pytest.param(
            "Police said the driver ignored the signal and refused to stop.",
            "Police", "said", "the driver ignored the signal and refused to stop",
            id="coordinated-action-stays-in-the-content",
        ),
        pytest.param(
            "She wants to double the bus fleet, widen the main road and build a new depot.",
            "She", "wants",
            "to double the bus fleet, widen the main road and build a new depot",
            id="coordinated-infinitives",
        ),
        pytest.param(
            "The treasurer said she was skeptical of the new revenue forecast.",
            "The treasurer", "said", "she was skeptical of the new revenue forecast",
            id="a-reported-doubt-is-the-content",
        ),
        pytest.param(
            "Recent polls show a tight race for the council seat.",
            "Recent polls", "show", "a tight race for the council seat",
            id="a-finding-as-an-object",
        ),
        pytest.param(
            "An audit by the city found 31 errors in the payroll.",
            "An audit by the city", "found", "31 errors in the payroll",
            id="a-finding-as-an-object-of-found",
        ),
        pytest.param(
            "The treasurer proposed dropping the parking fee for residents.",
            "The treasurer", "proposed", "dropping the parking fee for residents",
            id="a-gerund-object",
        ),
        pytest.param(
            "Senator Hale called Baker a coward in front of the committee.",
            "Senator Hale", "called", "Baker a coward",
            id="naming-a-person",
        ),
        pytest.param(
            "Many drivers see the new toll as a tax on commuters.",
            "Many drivers", "see", "the new toll as a tax on commuters",
            id="seeing-as",
        ),
        pytest.param(
            "Several council members have expressed concern about the new parking rules.",
            "Several council members", "have expressed concern about", "the new parking rules",
            id="a-stance-made-with-a-light-verb",
        ),
        pytest.param(
            "The governor showed support for the new transit plan.",
            "The governor", "showed support for", "the new transit plan",
            id="showing-a-stance",
        ),
        pytest.param(
            "Video of the traffic stop shows the driver with his hands raised.",
            "Video of the traffic stop", "shows", "the driver with his hands raised",
            id="evidence-shows-a-finding",
        ),
        pytest.param(
            'Ruiz called Okafor a "reckless spender" who is unfit to lead.',
            "Ruiz", "called", 'Okafor a "reckless spender" who is unfit to lead',
            id="naming-with-the-object-parsed-as-a-dative",
        ),
        pytest.param(
            "The auditor has questions about the county's pension fund.",
            "The auditor", "has questions about", "the county's pension fund",
            id="light-verb-with-a-stance-noun",
        ),
        pytest.param(
            "Ruiz made the case that the levy is fair.",
            "Ruiz", "made the case", "that the levy is fair",
            id="made-the-case-that",
        ),
        pytest.param(
            "Okafor took offense at hints that she is rich.",
            "Okafor", "took offense at", "hints that she is rich",
            id="took-offense-at",
        ),
        pytest.param(
            "The senator downplayed the risk of a strike.",
            "The senator", "downplayed", "the risk of a strike",
            id="downplayed",
        ),
        pytest.param(
            "Ruiz has railed against the new parking fees.",
            "Ruiz", "has railed against", "the new parking fees",
            id="railed-against",
        ),
        pytest.param(
            "Lee largely agreed with Ruiz about the fund.",
            "Lee", "largely agreed with", "Ruiz about the fund",
            id="agreed-with",
        ),
        pytest.param(
            "Ruiz has gone after Okafor as a reckless spender.",
            "Ruiz", "has gone after", "Okafor as a reckless spender",
            id="went-after-X-as-Y",
        ),
        pytest.param(
            "Ruiz is pledging to reach and in many places surpass her targets.",
            "Ruiz", "is pledging", "to reach and in many places surpass her targets",
            id="coordinated-infinitive-read-as-present",
        ),
        pytest.param(
            "Critics went after Lee as a group.",
            "Critics", "went after", "Lee",
            id="as-a-group-is-how-not-what",
        ),
        pytest.param(
            "The suspect is believed to have fled to Ohio.",
            None, "is believed", "The suspect is believed to have fled to Ohio",
            id="a-belief-in-the-passive",
        ),
        pytest.param(
            "The board decided against raising the fares in May.",
            "The board", "decided against", "raising the fares in May",
            id="decided-against",
        ),
        pytest.param(
            "The panel decided after a long inquiry not to recommend charges.",
            "The panel", "decided", "not to recommend charges",
            id="decided-with-a-setting-before-the-infinitive",
        ),
        pytest.param(
            "The senator considered him a liability.",
            "The senator", "considered", "him a liability",
            id="considered-X-Y",
        ),
        pytest.param(
            "The mayor added details about the plan.",
            "The mayor", "added", "details about the plan",
            id="information-is-not-a-stance-noun",
        ),
        pytest.param(
            "The senator spoke warmly of her years on the city council.",
            "The senator", "spoke warmly of", "her years on the city council",
            id="an-adverb-between-verb-and-preposition",
        ),
        pytest.param(
            "The senator assailed what his rival called a blatant betrayal of the accord.",
            "The senator", "assailed", "what his rival called a blatant betrayal of the accord",
            id="a-stance-on-a-what-clause",
        ),
        pytest.param(
            "The union is attacking what members call the deepest wage cut in a decade.",
            "The union", "is attacking", "what members call the deepest wage cut in a decade",
            id="a-stance-on-a-what-clause-in-the-present",
        ),
        pytest.param(
            "Ruiz tells her supporters at a Dayton rally to \u201cgo to the polls.\u201d",
            "Ruiz", "tells", "her supporters at a Dayton rally to \u201cgo to the polls.\u201d",
            id="a-listener-told-to-act",
        ),
        pytest.param(
            "Ultimately, the mayor hopes to offset the fare rise with new parking fees.",
            "the mayor", "hopes", "to offset the fare rise with new parking fees",
            id="hopes-to",
        ),
        pytest.param(
            "The Ledger rated 32% of the mayor's claims as \u201cfalse.\u201d",
            "The Ledger", "rated", "32% of the mayor's claims as \u201cfalse.\u201d",
            id="rated-as",
        ),
        pytest.param(
            "The auditor chastised the mayor for the late filing.",
            "The auditor", "chastised", "the mayor for the late filing",
            id="chastised",
        ),
        pytest.param(
            "The mayor openly admires the governor as a strong leader.",
            "The mayor", "openly admires", "the governor as a strong leader",
            id="admires",
        ),
        pytest.param(
            "The governor also outlined her housing plan.",
            "The governor", "also outlined", "her housing plan",
            id="outlined",
        ),
        pytest.param(
            "The mayor didn\u2019t apologize for his remarks about the union.",
            "The mayor", "didn\u2019t apologize for", "his remarks about the union",
            id="apologize-for",
        ),
        pytest.param(
            "The agency has not yet responded to our emails.",
            "The agency", "has not yet responded", "to our emails",
            id="respond-to",
        ),
        pytest.param(
            "The mayor responded with attacks on the council.",
            "The mayor", "responded", "with attacks on the council",
            id="responded-with",
        ),
        pytest.param(
            "The host asked Ruiz about her budget plan.",
            "The host", "asked Ruiz about", "her budget plan",
            id="asked-someone-about",
        ),
        pytest.param(
            "Reporters had pressed him on the delay.",
            "Reporters", "had pressed him on", "the delay",
            id="pressed-someone-on",
        ),
        pytest.param(
            "Mayor Lee calls transit plan ‘costly mess’ during town hall.",
            "Mayor Lee", "calls", "transit plan ‘costly mess’",
            id="a-quoted-name-parsed-into-the-object",
        ),
    ],
)  # fmt: skip
def test_pattern(text: str, source: str | None, cue: str, content: str) -> None:
    assert roles(only_claim(text), text) == (source, cue, content)


def test_coordinated_cue_is_the_speakers_next_claim() -> None:
    text = "The mayor said the bridge would reopen in May and warned that ferries will stop."
    assert [roles(c, text) for c in extract(text)] == [
        ("The mayor", "said", "the bridge would reopen in May"),
        ("The mayor", "warned", "that ferries will stop"),
    ]


def test_coordinated_clauses_stay_one_content() -> None:
    text = "The mayor said the bridge would reopen and the ferries will stop."
    assert roles(only_claim(text), text)[2] == "the bridge would reopen and the ferries will stop"


def test_relative_clause_cue_is_not_part_of_the_object() -> None:
    text = "The mayor praised the engineer, who says the bridge is safe."
    assert [roles(c, text) for c in extract(text)] == [
        ("The mayor", "praised", "the engineer"),
        ("who", "says", "the bridge is safe"),
    ]


def test_a_line_break_inside_a_misparsed_told_clause_is_harmless() -> None:
    text = "The coach told his players on a weekly basis\nthat the season was over."
    assert [roles(c, text) for c in extract(text)] == [
        ("The coach", "told", "that the season was over")
    ]


def test_a_that_clause_parsed_as_an_adjunct_after_the_verbs_setting_is_what_was_said() -> None:
    text = (
        "Ruiz posted late on a Sunday night that Okafor was \u201cunfit\u201d and"
        " encouraged voters to \u201cread\u201d his record."
    )
    doc = misparsed(text, {"that": ("advmod", "was"), "was": ("advcl", "posted")})
    assert [roles(c, text) for c in claims_in(doc)] == [
        ("Ruiz", "posted late", "that Okafor was \u201cunfit\u201d"),
        ("Ruiz", "encouraged", "voters to \u201cread\u201d his record"),
    ]


def test_a_tag_in_brackets_reports_only_what_is_inside_them() -> None:
    text = (
        "Both teams face questions about their budgets, particularly after a memo surfaced"
        " showing the coach leaving a meeting last week (the league later disclosed that it"
        " had lost money)."
    )
    assert [roles(c, text) for c in extract(text)][-2:] == [
        ("a memo", "showing", "the coach leaving a meeting last week"),
        ("the league", "later disclosed", "that it had lost money"),
    ]


def test_an_object_before_a_colon_is_the_stance_verbs_content() -> None:
    text = (
        "The letter also cited the cost it said the plan would have on renters:"
        " \u201cOur members cannot pay more,\u201d the union wrote."
    )
    assert [roles(c, text) for c in extract(text)] == [
        ("The letter", "also cited", "the cost it said the plan would have on renters"),
        ("the union", "wrote", "\u201cOur members cannot pay more,\u201d"),
    ]


def test_a_naming_verb_coordinated_with_the_reported_clause_is_the_speakers() -> None:
    text = (
        "Rendell, a Lee ally, said he had fought off the flu twice and called it a routine"
        " hazard of campaigning."
    )
    assert [roles(c, text) for c in extract(text)] == [
        ("Rendell, a Lee ally", "said", "he had fought off the flu twice"),
        ("Rendell, a Lee ally", "called", "it a routine hazard of campaigning"),
    ]


def test_a_clause_coordinated_inside_what_was_said_stays_said() -> None:
    text = "The mayor said that prices rose and wages fell."
    assert [roles(c, text) for c in extract(text)] == [
        ("The mayor", "said", "that prices rose and wages fell")
    ]
