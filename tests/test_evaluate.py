"""The scorer against hand-made gold and predictions whose figures are worked out by hand."""

from __future__ import annotations

import json

import pytest

from claimtrack.domain import FoundClaim, Span
from claimtrack.evaluate import (
    GoldDoc,
    jaccard,
    load_gold,
    score,
    span_tokens,
    to_prediction,
    trim_span,
)

TEXT = 'The mayor said the bridge will reopen in May. "It is safe," an engineer said.'
LAST_SAID = [TEXT.rindex("said"), len(TEXT) - 1]


def find(needle: str, text: str = TEXT) -> list[int]:
    start = text.index(needle)
    return [start, start + len(needle)]


def attribution(source: str | None, cue: str, content: str, text: str = TEXT) -> dict:
    return {
        "source_span": find(source, text) if source else None,
        "cue_span": find(cue, text),
        "content_span": find(content, text),
    }


GOLD = GoldDoc(
    "d1",
    TEXT,
    [
        attribution("The mayor", "said", "the bridge will reopen in May"),
        {**attribution("an engineer", "said", '"It is safe,"'), "cue_span": LAST_SAID},
    ],
)


def at(start: int, end: int) -> list[int]:
    return [start, end]


def test_perfect_prediction_scores_one_everywhere() -> None:
    result = score([GOLD], [GOLD.attributions]).as_dict()
    assert result["documents"] == 1
    assert result["attribution"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    for role in ("source", "cue", "content"):
        assert result[role]["exact"]["f1"] == 1.0
        assert result[role]["overlap"]["f1"] == 1.0


def test_empty_prediction_scores_zero_without_dividing_by_zero() -> None:
    result = score([GOLD], [[]]).as_dict()
    assert result["attribution"] == {"p": 0.0, "r": 0.0, "f1": 0.0}
    assert result["content"]["overlap"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_partial_prediction_by_hand() -> None:
    # One right attribution (content with "that"-less span cut one word short: Jaccard 5/6),
    # one with the wrong source, and one spurious prediction.
    predicted = [
        attribution("The mayor", "said", "the bridge will reopen in"),
        {**attribution("The mayor", "said", '"It is safe,"'), "cue_span": LAST_SAID},
        attribution(None, "reopen", "May"),
    ]
    result = score([GOLD], [predicted])
    # attribution: 1 match of 3 predicted, 2 gold -> P 1/3, R 1/2, F1 0.4
    assert result.attribution.matched == 1
    assert result.as_dict()["attribution"]["f1"] == pytest.approx(0.4)
    # source exact: predicted [mayor, mayor] vs gold [mayor, engineer] -> 1 match, P 1/2, R 1/2
    assert result.as_dict()["source"]["exact"] == pytest.approx({"p": 0.5, "r": 0.5, "f1": 0.5})
    # cue exact: [said, said, reopen] vs [said, said] -> P 2/3, R 1
    assert result.as_dict()["cue"]["exact"]["p"] == pytest.approx(2 / 3)
    assert result.as_dict()["cue"]["exact"]["r"] == 1.0
    # content exact: only the quote matches -> P 1/3, R 1/2; overlap adds the 5/6 span
    assert result.as_dict()["content"]["exact"]["f1"] == pytest.approx(0.4)
    assert result.as_dict()["content"]["overlap"]["p"] == pytest.approx(2 / 3)
    assert result.as_dict()["content"]["overlap"]["r"] == 1.0


@pytest.mark.parametrize(
    ("gold_span", "predicted_span", "exact"),
    [
        ('"It is safe,"', "It is safe", True),  # quote marks and comma trimmed
        ("the bridge will reopen in May", "the bridge will reopen in May.", True),
        ("the bridge will reopen in May", "bridge will reopen in May", False),
    ],
)
def test_exact_match_trims_punctuation_and_quotes(
    gold_span: str, predicted_span: str, exact: bool
) -> None:
    gold = GoldDoc("d", TEXT, [{"content_span": find(gold_span)}])
    result = score([gold], [[{"content_span": find(predicted_span)}]])
    assert (result.exact["content"].matched == 1) is exact


def test_trim_keeps_a_span_made_only_of_punctuation() -> None:
    text = "Smith: no."
    assert trim_span(text, (5, 6)) == (5, 6)
    assert trim_span(text, (6, 10)) == (7, 9)


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("the bridge will reopen in May", "the bridge will reopen in May", 1.0),
        ("the bridge will reopen in May", "will reopen in May", 4 / 6),
        ("the bridge will reopen in May", "The mayor said the bridge", 2 / 9),
        ("the bridge will reopen in May", "an engineer said", 0.0),
    ],
)
def test_token_jaccard(gold: str, predicted: str, expected: float) -> None:
    value = jaccard(span_tokens(TEXT, tuple(find(gold))), span_tokens(TEXT, tuple(find(predicted))))
    assert value == pytest.approx(expected)


def test_overlap_matching_is_one_to_one() -> None:
    # Two predictions overlap the same gold content: only one may count.
    gold = GoldDoc("d", TEXT, [{"content_span": find("the bridge will reopen in May")}])
    predicted = [
        {"content_span": find("the bridge will reopen in May")},
        {"content_span": find("bridge will reopen in May")},
    ]
    result = score([gold], [predicted]).overlap["content"]
    assert (result.matched, result.predicted, result.gold) == (1, 2, 1)


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [
        (attribution("The mayor", "said", "the bridge will reopen in May"), True),
        (attribution("mayor", "mayor said", "bridge will reopen in May"), True),  # overlaps
        (attribution(None, "said", "the bridge will reopen in May"), False),  # source missing
        (attribution("The mayor", "The mayor", "the bridge will reopen in May"), False),  # cue
        (attribution("The mayor", "said", "reopen in May"), True),  # Jaccard 3/6: the bound
        (attribution("The mayor", "said", "in May"), False),  # Jaccard 2/6
    ],
)
def test_attribution_level_conditions(predicted: dict, matches: bool) -> None:
    gold = GoldDoc("d", TEXT, [attribution("The mayor", "said", "the bridge will reopen in May")])
    assert (score([gold], [[predicted]]).attribution.matched == 1) is matches


def test_null_sources_match_each_other() -> None:
    text = "It was announced that the plant will close."
    gold = GoldDoc(
        "d", text, [attribution(None, "was announced", "that the plant will close", text)]
    )
    predicted = [attribution(None, "announced", "the plant will close", text)]
    assert score([gold], [predicted]).attribution.matched == 1


def test_micro_average_sums_counts_over_documents() -> None:
    other = GoldDoc("d2", TEXT, [attribution("The mayor", "said", "the bridge will reopen in May")])
    result = score([GOLD, other], [GOLD.attributions, []])
    # 2 matched of 2 predicted, 3 gold
    assert result.attribution.p == 1.0
    assert result.attribution.r == pytest.approx(2 / 3)


def test_rows_list_every_figure_in_table_order() -> None:
    rows = score([GOLD], [GOLD.attributions]).rows()
    assert [label for label, *_ in rows] == [
        "attribution",
        "source exact",
        "source overlap",
        "cue exact",
        "cue overlap",
        "content exact",
        "content overlap",
    ]
    assert all(len(row) == 4 for row in rows)


def test_score_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="1 gold documents but 0"):
        score([GOLD], [])


def test_to_prediction_uses_claim_spans_and_scores_only_attributions() -> None:
    claim = FoundClaim(
        content=Span(15, 44), claim="", source="The mayor", source_span=Span(0, 9),
        cue="said", cue_span=Span(10, 14),
    )  # fmt: skip
    sourceless = FoundClaim(content=Span(46, 59), claim="", cue="said", cue_span=Span(10, 14))
    no_cue = FoundClaim(content=Span(46, 59), claim="")  # the outlet's own statement
    assert to_prediction([claim, sourceless, no_cue], TEXT) == [
        {
            "source_text": "The mayor", "source_span": [0, 9],
            "cue_text": "said", "cue_span": [10, 14],
            "content_text": "the bridge will reopen in May", "content_span": [15, 44],
            "speaker": None,
        },
        {
            "source_text": None, "source_span": None, "cue_text": "said", "cue_span": [10, 14],
            "content_text": '"It is safe,"', "content_span": [46, 59], "speaker": None,
        },
    ]  # fmt: skip


def write_lines(tmp_path, lines: list[str]):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_documents(tmp_path) -> None:
    record = {"doc_id": "d1", "text": TEXT, "attributions": GOLD.attributions}
    path = write_lines(tmp_path, [json.dumps(record), "", json.dumps({"text": "No claims."})])
    docs = load_gold(path)
    assert [d.doc_id for d in docs] == ["d1", "line-3"]
    assert docs[0].attributions[0]["cue_span"] == find("said")
    assert docs[1].attributions == []


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"doc_id": "x"}', "'text'"),
        ('{"text": "abc", "attributions": {}}', "must be a list"),
        ('{"text": "abc", "attributions": [{"cue_span": [2, 9]}]}', "bad cue_span"),
        ('{"text": "abc", "attributions": [3]}', "not an object"),
    ],
)
def test_load_gold_names_the_bad_line(tmp_path, bad_line: str, message: str) -> None:
    good = json.dumps({"text": "Fine."})
    path = write_lines(tmp_path, [good, bad_line])
    with pytest.raises(ValueError, match=rf"gold\.jsonl:2: .*{message}"):
        load_gold(path)
