"""Articles longer than the model's input: parts on paragraph boundaries, merged claims."""

from __future__ import annotations

import json
import re

import pytest

from claimtrack import chunks, llm
from claimtrack.domain import FoundClaim, Rejected, Span
from tests.llm_server import Scripted, article_of, schema2, serving


def paragraphs(count: int, words: int = 30) -> str:
    filler = " ".join(["words"] * words)
    return "\n\n".join(f"Paragraph {n} says the count is {n}. {filler}." for n in range(count))


def test_a_short_text_is_one_part():
    assert chunks.split("A short article.", budget=100, count=len) == [Span(0, 16)]


def test_parts_are_cut_between_paragraphs_and_overlap():
    text = paragraphs(20)
    parts = chunks.split(text, budget=600, count=len)
    assert len(parts) > 2
    starts = {m.end() for m in re.finditer(r"\n\n", text)} | {0}
    ends = {m.start() for m in re.finditer(r"\n\n", text)} | {len(text)}
    for part in parts:
        assert part.start in starts and part.end in ends
        assert part.end - part.start <= 600
    for before, after in zip(parts, parts[1:], strict=False):
        assert after.start < before.end  # a shared paragraph
        assert after.end > before.end  # and progress
    assert parts[0].start == 0 and parts[-1].end == len(text)


def test_a_paragraph_too_long_is_cut_between_sentences_then_words():
    sentences = " ".join(f"Sentence {n} is here." for n in range(40))
    endless = " ".join(["word"] * 300)
    text = f"{sentences}\n\n{endless}"
    parts = chunks.split(text, budget=120, count=len)
    for part in parts:
        piece = part.of(text)
        assert len(piece) <= 120
        assert piece == piece.strip()
        assert not piece.startswith("ord")  # words are not cut in half
    covered = {i for part in parts for i in range(part.start, part.end)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def claim(start: int, end: int, disputes: int | None = None) -> FoundClaim:
    return FoundClaim(content=Span(start, end), claim="c", disputes=disputes)


def test_merge_shifts_offsets_and_keeps_an_overlap_claim_once():
    first = (Span(0, 100), [claim(10, 20), claim(80, 95)], [Rejected("x", "not found")])
    # the second part starts at 70: its claim at 10..25 is the first part's 80..95 again
    second = (Span(70, 200), [claim(10, 25), claim(50, 60, disputes=0)], [Rejected("x", "nf")])
    merged, rejected = chunks.merge([first, second])
    assert [c.content for c in merged] == [Span(10, 20), Span(80, 95), Span(120, 130)]
    assert merged[2].disputes == 1  # the claim it disputes, found as a duplicate, by its twin
    assert [r.quote for r in rejected] == ["x"]


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch) as s:
        yield s


def every_paragraph(payload: dict) -> Scripted:
    """A claim for the first sentence of every paragraph the request shows."""
    text = article_of(payload)
    quotes = [p.split(". ")[0] + "." for p in text.split("\n\n")]
    claims = [{"quote": q, "claim": q, "source": None} for q in quotes]
    return Scripted(content=json.dumps(schema2(*claims)))


def test_a_long_article_is_asked_in_parts_and_merged(server, cli, cli_json, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text(paragraphs(40))
    server.responder = every_paragraph
    out = cli("extract", article, "--model", "openai/small-context", "--api-base", server.base,
              "--max-input-tokens", "2500")  # fmt: skip
    assert "40 claims stored" in out.output
    assert len(server.requests) >= 3
    overhead = len(llm.build_messages("")[0]["content"])  # chars, at least its tokens
    for request in server.requests:
        part = article_of(request["body"])
        assert part.startswith("Paragraph ") and part.endswith("words.")
        assert "of a long article" in request["body"]["messages"][1]["content"]
        assert len(part) < 2500 * 4 - overhead  # tokens, roughly, well under the limit
    text = cli_json("articles", "show", "1")["text"]
    claims = cli_json("claims", "list")
    assert sorted(int(c["quote"].split()[1]) for c in claims) == list(range(40))
    for c in claims:
        assert text[c["start"] : c["end"]] == c["quote"]


def test_litellm_knows_the_input_limit_of_known_models():
    assert llm.input_limit("gpt-4o-mini") == 128000
    assert llm.input_limit("openai/some-local-model") is None


def test_a_limit_too_small_for_the_instructions_is_one_line(server, cli, tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(paragraphs(3))
    out = cli("extract", article, "--model", "openai/tiny", "--api-base", server.base,
              "--max-input-tokens", "300", ok=False)  # fmt: skip
    assert out.exit_code == 1
    assert "an input limit of 300 tokens leaves no room for the article" in out.output
    assert server.requests == []
