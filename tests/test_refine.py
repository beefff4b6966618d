"""Span refinement, on sentences written for the project."""

from __future__ import annotations

import pytest

from claimtrack.domain import FoundClaim, Span
from claimtrack.grounding import locate
from claimtrack.nlp import pipeline
from claimtrack.refine import refine, unnest


def _claim(
    text: str, quote: str, source: str | None = None, cue: str | None = None, **kw
) -> FoundClaim:
    content = locate(text, quote)
    assert content is not None, quote
    kw.setdefault("claim", quote)
    return FoundClaim(
        content=content,
        source=source,
        source_span=locate(text, source) if source else None,
        cue=cue,
        cue_span=locate(text, cue) if cue else None,
        **kw,
    )


def _refined(text: str, *claims: FoundClaim) -> list[FoundClaim]:
    return refine(pipeline()(text), list(claims))


@pytest.mark.parametrize(
    ("text", "quote", "source", "cue", "content", "source_out", "cue_out"),
    [
        (
            "The mayor said that the bridge will open in May.",
            "the bridge will open in May", "mayor", "said",
            "that the bridge will open in May", "The mayor", "said",
        ),
        (
            "\u201cWe will not raise taxes,\u201d Governor Ana Ruiz of Ohio said on Monday.",
            "We will not raise taxes", "Ruiz", "said",
            "\u201cWe will not raise taxes,\u201d", "Governor Ana Ruiz of Ohio", "said",
        ),
        (
            "The council has not said whether the plan will pass.",
            "whether the plan will pass", "council", "said",
            "whether the plan will pass", "The council", "has not said",
        ),
        (
            "Officials called for an inquiry into the fire.",
            "an inquiry into the fire", "Officials", "called",
            "an inquiry into the fire", "Officials", "called for",
        ),
        (
            "The report said: \u201cCosts doubled. Nobody checked.\u201d",
            "Costs doubled. Nobody checked.", "report", "said",
            "\u201cCosts doubled. Nobody checked.\u201d", "The report", "said:",
        ),
        (  # adverbs before the verb are part of the cue an annotator marks
            "The governor has once again said that taxes will not rise.",
            "taxes will not rise", "governor", "said",
            "that taxes will not rise", "The governor", "has once again said",
        ),
        (  # a live blog's time stamp stands on its own line: it is not part of the name
            "The council met on Monday.\n\n___.\n\n7:45 a.m.\n\nDonald Baker is stressing "
            "the need to repair the city\u2019s aging water pipes.",
            "the need to repair the city\u2019s aging water pipes", "Baker", "is stressing",
            "the need to repair the city\u2019s aging water pipes", "Donald Baker", "is stressing",
        ),
        (  # a participle set off after the name says where they spoke, not who they are
            "Mayor Ana Ruiz, speaking at a school in Dayton, said the levy would pass.",
            "the levy would pass", "Ruiz", "said",
            "the levy would pass", "Mayor Ana Ruiz", "said",
        ),
        (  # a long relative clause after the name is the writer's background
            "Mayor Ana Ruiz, who first won a council seat in 2009 and then ran its budget "
            "committee for nearly a decade, said the levy would pass.",
            "the levy would pass", "Ruiz", "said",
            "the levy would pass", "Mayor Ana Ruiz", "said",
        ),
        (  # a short one is how the speaker is named
            "Ana Ruiz, who chairs the council, said the levy would pass.",
            "the levy would pass", "Ruiz", "said",
            "the levy would pass", "Ana Ruiz, who chairs the council", "said",
        ),
        (  # a relative clause holding the cue is the claim's own: its "who" is the source
            "Mayor Ana Ruiz, who told reporters on Monday that the levy would pass by a wide "
            "margin in every ward of the city, is now less sure.",
            "that the levy would pass by a wide margin in every ward of the city",
            "Ana Ruiz, who", "told",
            "that the levy would pass by a wide margin in every ward of the city",
            "Mayor Ana Ruiz, who", "told",
        ),
        (  # a participle that names the source stays
            "A campaign video, titled \u201cPromises,\u201d claims that rents fell.",
            "that rents fell", "video", "claims",
            "that rents fell", "A campaign video, titled \u201cPromises,\u201d", "claims",
        ),
    ],
)  # fmt: skip
def test_spans_snap_to_what_an_annotator_marks(
    text, quote, source, cue, content, source_out, cue_out
):
    [claim] = _refined(text, _claim(text, quote, source, cue))
    assert claim.content.of(text) == content
    assert claim.source_span.of(text) == source_out
    assert claim.cue_span.of(text) == cue_out


def test_a_split_quote_is_one_content():
    text = "\u201cThe vote is close,\u201d the whip said. \u201cWe need two more.\u201d"
    [claim] = _refined(text, _claim(text, "The vote is close", "the whip", "said"))
    assert claim.content.of(text) == (
        "\u201cThe vote is close,\u201d the whip said. \u201cWe need two more.\u201d"
    )


@pytest.mark.parametrize(
    ("text", "quote", "source", "cue"),
    [
        pytest.param(
            '"The vote is close," Ruiz told reporters on Friday, "but we need two more."',
            "The vote is close", "Ruiz", "told", id="a-longer-tag",
        ),
        pytest.param(
            "''The vote is close,'' the whip said, ''but we need two more.''",
            "The vote is close", "the whip", "said", id="doubled-apostrophes",
        ),
        pytest.param(
            "\u201cThe vote is close,\u201d the whip said, \u201cbut we need two more.\u201d",
            "but we need two more", "the whip", "said", id="the-second-half-given",
        ),
        pytest.param(
            "\u201cThe vote is close,\u201d said Ana Ruiz, who has counted the votes of the "
            "harbour district for the party since 2009. \u201cWe need two more.\u201d",
            "We need two more.", "Ana Ruiz", "said", id="inverted-tag-with-a-long-speaker",
        ),
    ],
)  # fmt: skip
def test_a_split_quote_is_one_content_however_it_was_given(text, quote, source, cue):
    [claim] = _refined(text, _claim(text, quote, source, cue))
    assert claim.content.of(text) == text  # from the first quote mark to the last


@pytest.mark.parametrize(
    ("text", "quote", "source"),
    [
        pytest.param(
            "He called it \"absurd\" today. \u2018The vote is close,\u2019 the whip said, "
            "\u2018but we need two more.\u2019",
            "but we need two more.", "the whip", id="single-curly-marks",
        ),
        pytest.param(
            'Ruiz paused. "The vote is close," she said, "but we need two more."',
            "The vote is close", "Ruiz", id="the-source-named-sentences-before",
        ),
        pytest.param(
            '"The vote is close," Ruiz told Dr. Lee, "but we need two more."',
            "The vote is close", "Ruiz", id="an-abbreviation-in-the-tag",
        ),
    ],
)  # fmt: skip
def test_split_quotes_join_only_their_own_halves(text, quote, source):
    cue = "said" if "said" in text else "told"
    [claim] = _refined(text, _claim(text, quote, source, cue))
    first = text.index("\u2018") if "\u2018" in text else text.index('"The')
    assert claim.content.of(text) == text[first:]


def test_quotes_with_cues_of_their_own_stay_apart():
    text = "\u201cWe cannot pay,\u201d Ruiz said, adding later, \u201cThe port costs a lot.\u201d"
    first = _claim(text, "We cannot pay", "Ruiz", "said")
    second = _claim(text, "The port costs a lot.", "Ruiz", "adding later")
    contents = [c.content.of(text) for c in _refined(text, first, second)]
    assert contents == ["\u201cWe cannot pay,\u201d", "\u201cThe port costs a lot.\u201d"]
    # a quotation that ended its sentence is not the first half of the next one
    text = "\u201cThe port costs too much.\u201d Ruiz adds, \u201cWho pays?\u201d"
    [claim] = _refined(text, _claim(text, "Who pays?", "Ruiz", "adds"))
    assert claim.content.of(text) == "\u201cWho pays?\u201d"


TWO_TAGS = (
    "\u201cWe are ready,\u201d Lee said on Monday. \u201cThe budget has not grown,\u201d she added."
)


def test_a_quotation_with_a_tag_of_its_own_is_not_the_second_half_of_another():
    text = TWO_TAGS
    said = _claim(text, "We are ready", "Lee", "said")
    added = _claim(text, "The budget has not grown", "she", "added")
    contents = [c.content.of(text) for c in _refined(text, said, added)]
    assert contents == ["\u201cWe are ready,\u201d", "\u201cThe budget has not grown,\u201d"]
    # a second half ending in a comma with no tag after it is still the second half
    text = (
        "\u201cPrices will fall,\u201d the governor told reporters, \u201cand wages will "
        "rise,\u201d before conceding that the forecast was uncertain."
    )
    [told] = _refined(text, _claim(text, "Prices will fall", "the governor", "told"))
    assert told.content.of(text) == text[: text.index(" before")]


def test_no_claim_is_stored_inside_another():
    """What runs over a quotation that has a tag of its own ends before it; what is nested
    otherwise is a piece of the claim around it."""
    text = TWO_TAGS
    run_on = FoundClaim(  # as if joined across both tags
        content=Span(0, text.index("she") - 1), claim="run on", source="Lee",
        source_span=locate(text, "Lee"), cue="said", cue_span=locate(text, "said"),
    )  # fmt: skip
    added = _claim(text, "\u201cThe budget has not grown,\u201d", "she", "added")
    claims = unnest(text, [run_on, added])
    assert [c.content.of(text) for c in claims] == [
        "\u201cWe are ready,\u201d",
        "\u201cThe budget has not grown,\u201d",
    ]
    text = "Ruiz said the fund, \u201cnow empty.\u201d He also noted the audit."
    outer = _claim(text, "the fund, \u201cnow empty.\u201d", "Ruiz", "said")
    piece = _claim(text, "\u201cnow empty.\u201d", "He", "also noted")
    assert unnest(text, [outer, piece]) == [outer]
    # the quotation's tag is the outer claim's own: the outer claim stays whole
    text = "The port \u201cruns at a loss,\u201d Lee said, citing the audit."
    outer = _claim(text, "The port \u201cruns at a loss,\u201d", "Lee", "said")
    citing = _claim(text, "\u201cruns at a loss,\u201d", "Lee", "citing")
    assert unnest(text, [outer, citing]) == [outer]


@pytest.mark.parametrize(
    "quote",
    ["every ballot was counted twice", "Before the vote"],
)
def test_a_tag_inside_an_unquoted_sentence_gives_the_whole_sentence(quote):
    text = "Before the vote, the clerk said, every ballot was counted twice."
    [claim] = _refined(text, _claim(text, quote, "the clerk", "said"))
    assert claim.content.of(text) == text[:-1]


def test_a_sentence_holding_two_attributions_is_not_taken_whole():
    text = "Fares rose, the mayor said, and the union warned of strikes."
    said = _claim(text, "Fares rose", "the mayor", "said")
    warned = _claim(text, "of strikes", "the union", "warned")
    claims = _refined(text, said, warned)
    assert [c.content.of(text) for c in claims] == ["Fares rose", "of strikes"]
    # a fronted phrase is not a tag: "At the rally, Hale urged ..." keeps its content
    text = "At the rally, Hale urged voters to act, and the crowd cheered."
    [claim] = _refined(text, _claim(text, "voters to act", "Hale", "urged"))
    assert claim.content.of(text) == "voters to act"


def test_a_transcript_turn_is_one_claim_with_the_colon_as_cue():
    text = "HALE: Well, look. The budget is balanced. Taxes stay flat.\nHOST: Thank you."
    claims = _refined(
        text,
        _claim(text, "The budget is balanced.", "HALE"),
        _claim(text, "Taxes stay flat.", "HALE"),
    )
    assert len(claims) == 1
    assert claims[0].content.of(text) == "Well, look. The budget is balanced. Taxes stay flat."
    assert claims[0].cue_span.of(text) == ":"


def test_nested_claims_and_repeats_are_folded():
    text = (
        "Ruiz said that the auditor found that the fund was empty.\n"
        "Ruiz said that the auditor found that the fund was empty.\n"
    )
    outer = _claim(text, "the auditor found that the fund was empty", "Ruiz", "said")
    inner = _claim(text, "the fund was empty", "the auditor", "found")
    second = FoundClaim(
        content=Span(text.index("the auditor", 60), text.rindex("empty") + 5), claim="again"
    )
    claims = _refined(text, outer, inner, second)
    assert [c.content.of(text) for c in claims] == [
        "that the auditor found that the fund was empty"
    ]


def test_a_repeated_name_is_not_a_repeated_claim():
    text = "Ruiz attacked Okafor on Monday.\nOn Friday, Lee praised Okafor.\n"
    attacked = _claim(text, "Okafor", "Ruiz", "attacked")
    praised = FoundClaim(
        content=Span(text.rindex("Okafor"), text.rindex("Okafor") + 6),
        claim="Lee praised: Okafor",
        source="Lee",
        source_span=Span(text.index("Lee"), text.index("Lee") + 3),
        cue="praised",
        cue_span=Span(text.index("praised"), text.index("praised") + 7),
    )
    assert [c.cue for c in _refined(text, attacked, praised)] == ["attacked", "praised"]


def test_dispute_links_survive_refinement():
    text = "Officials claimed that the dam is safe, but engineers are skeptical."
    claims = _refined(
        text,
        _claim(text, "the dam is safe", "Officials", "claimed"),
        _claim(text, "engineers are skeptical", "engineers", "are skeptical", disputes=0),
    )
    assert [c.disputes for c in claims] == [None, 0]


def test_a_second_cue_in_a_split_quotes_tag_is_not_folded_into_the_quote():
    text = '"Each time you repeat it," Lee said, referring to the audit, "you prove our case."'
    said = _claim(text, "you prove our case.", "Lee", "said")
    referring = _claim(text, "the audit", "Lee", "referring to")
    claims = _refined(text, said, referring)
    assert [(c.cue, c.content.of(text)) for c in claims] == [
        ("said", text),
        ("referring to", "the audit"),
    ]
    quoted = '"They claimed the bridge was safe," Lee said, "and it was not."'
    outer = _claim(quoted, "and it was not.", "Lee", "said")
    inner = _claim(quoted, "the bridge was safe", "They", "claimed")
    assert [c.cue for c in _refined(quoted, outer, inner)] == ["said"]


def test_one_quotation_cued_on_both_sides_keeps_both_cues():
    text = "Ruiz scolded him: \u201cThe auditors are against you,\u201d she said."
    quote = "\u201cThe auditors are against you,\u201d"
    scolded = _claim(text, quote, "Ruiz", "scolded")
    said = _claim(text, quote, "she", "said")
    assert [c.cue for c in _refined(text, scolded, said)] == ["scolded", "said"]


def test_one_predicate_is_one_claim():
    text = "The senator wanted to know whether the fund was empty."
    claims = _refined(
        text,
        _claim(text, "to know whether the fund was empty", "The senator", "wanted"),
        _claim(text, "whether the fund was empty", "The senator", "wanted to know"),
    )
    assert [(c.cue, c.content.of(text)) for c in claims] == [
        ("wanted", "to know whether the fund was empty")
    ]
