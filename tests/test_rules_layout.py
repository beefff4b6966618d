"""The rule extractor's article layout: quote marks paired into quotations, furniture lines."""

from __future__ import annotations

import pytest

from claimtrack.rules import extract
from tests.rules_helpers import only_claim, roles


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        pytest.param(
            '“The harbour needs dredging," the engineer said.',
            "the engineer", "said", '“The harbour needs dredging,"', id="mixed-quote-marks",
        ),
        pytest.param(
            "''We built this bridge,'' the mayor said. ''It will last a century.''",
            "the mayor", "said",
            "''We built this bridge,'' the mayor said. ''It will last a century.''",
            id="split-quote-doubled-apostrophes",
        ),
        pytest.param(
            '"The levy has a broad base, with the council behind it,” said Ana Ruiz.',
            "Ana Ruiz", "said", '"The levy has a broad base, with the council behind it,”',
            id="straight-mark-opens-curly-closes",
        ),
        pytest.param(
            '"We call it the “bridge to nowhere” for a reason," Lee said.',
            "Lee", "said", '"We call it the “bridge to nowhere” for a reason,"',
            id="curly-quote-inside-straight-quote",
        ),
    ],
)  # fmt: skip
def test_pattern(text: str, source: str | None, cue: str, content: str) -> None:
    assert roles(only_claim(text), text) == (source, cue, content)


def test_headline_and_link_lines_are_not_claims() -> None:
    text = (
        "The mayor said the bridge will reopen in May.\n"
        "Read Council says budget is balanced\n"
        "COMMENTS\n"
        "For more information, please see our FAQ\n"
    )
    assert [roles(c, text)[1] for c in extract(text)] == ["said"]


@pytest.mark.parametrize(
    "text",
    [
        # a doubting adjective whose subject the parser found after it
        "was ; skeptical The governor added: Grace Okafor which \n who --",
    ],
)
def test_garbled_text_gives_claims_within_it(text: str) -> None:
    for claim in extract(text):
        for span in filter(None, (claim.content, claim.cue_span, claim.source_span)):
            assert 0 <= span.start < span.end <= len(text)
