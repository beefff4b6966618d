import pytest

from claimtrack.grounding import locate, locate_near

ARTICLE = (
    "The mayor said the bridge \u201cwill open in May\u201d \u2014 a year late.\n"
    "Critics   said the budget doubled. Critics said the budget doubled.\n"
    "\u201cWe never agreed to that,\u201d the union\u2019s chair said."
)


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ('"will open in May" - a year late', "\u201cwill open in May\u201d \u2014 a year late"),
        ("Critics said the budget doubled", "Critics   said the budget doubled"),
        ("the union's chair", "the union\u2019s chair"),
        ('"We never agreed to that,"', "\u201cWe never agreed to that,\u201d"),
        ("THE MAYOR SAID", "The mayor said"),
        (
            "We never agreed ... the union's chair",
            "We never agreed to that,\u201d the union\u2019s chair",
        ),
    ],
)
def test_locate_forgives_typography_not_wording(needle, expected):
    span = locate(ARTICLE, needle)
    assert span is not None
    assert span.of(ARTICLE) == expected


@pytest.mark.parametrize(
    "needle",
    [
        "the bridge will open in June",
        "We did not agree to that",
        "",
        "   ",
        "budget tripled ... late",
    ],
)
def test_locate_rejects_what_is_not_in_the_text(needle):
    assert locate(ARTICLE, needle) is None


def test_repeated_phrase_goes_to_an_occurrence_not_taken():
    first = locate(ARTICLE, "said the budget doubled")
    second = locate(ARTICLE, "said the budget doubled", taken={first})
    assert first.start < second.start
    assert first.of(ARTICLE) == second.of(ARTICLE) == "said the budget doubled"


def test_near_prefers_the_closest_occurrence():
    span = locate(ARTICLE, "Critics", near=ARTICLE.index("Critics said the budget doubled."))
    assert span.start == ARTICLE.index("Critics said the budget doubled.")


def test_locate_near_ignores_a_far_away_match():
    quote = locate(ARTICLE, "We never agreed to that")
    assert locate_near(ARTICLE, "the mayor", quote, window=20) is None
    assert locate_near(ARTICLE, "the union's chair", quote).of(ARTICLE) == "the union\u2019s chair"


def test_a_cue_inside_the_quote_beats_one_out_of_reach():
    # The model quoted the whole clause, its cue included; the only "say" outside it is a
    # page away and belongs to another claim.
    text = (
        "Drivers say fares rose. "
        + "The depot stayed open all week. " * 30
        + "That is a small part of the 3,000 tonnes engineers say the bridge can carry."
    )
    quote = locate(text, "the 3,000 tonnes engineers say the bridge can carry")
    cue = locate_near(text, "say", quote)
    assert cue is not None and cue.start == text.rindex("say")


def test_a_short_cue_is_found_as_a_word_not_inside_another():
    text = "Residents say that, in their view, the depot is too small (an essay followed)."
    quote = locate(text, "the depot is too small")
    assert locate_near(text, "say", quote).start == text.index(" say ") + 1
    # a word the text only has inside another is still found there
    assert locate_near(text, "view", quote).of(text) == "view"
    assert locate_near(text, "follow", quote).of(text) == "follow"
