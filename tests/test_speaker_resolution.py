"""What is stored names the speaker: the recorded schema-2 answers for the project's own corpus,
replayed through `claimtrack extract`, file each pronoun and surname under the person it is.

bench/corpus/speakers.jsonl (written for claimtrack) marks every attribution's speaker; the
answers in bench/corpus/speakers-answers.jsonl were written for its prompts as a model would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimtrack.replay import Recordings, serve_in_background

CORPUS = Path(__file__).resolve().parents[1] / "bench" / "corpus"
GOLD = CORPUS / "speakers.jsonl"
ANSWERS = CORPUS / "speakers-answers.jsonl"


def words(name: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in re.findall(r"[^\W\d_]+", name))


def to_resolve(article: dict) -> list[dict]:
    """Its attributions whose source is not already the speaker's name ("he", "Ortiz")."""
    return [
        a for a in article["attributions"]
        if a["speaker"] and a["source_text"] and not words(a["speaker"]) <= words(a["source_text"])
    ]  # fmt: skip


@pytest.fixture
def replay():
    server, base = serve_in_background(Recordings.load(ANSWERS, GOLD))
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def test_stored_sources_are_the_speakers_the_article_names(replay, cli, cli_json, tmp_path):
    articles = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    paths = []
    for article in articles:
        paths.append(tmp_path / f"{article['doc_id']}.txt")
        paths[-1].write_text(article["text"], encoding="utf-8")
    # one at a time: article ids follow the corpus's order
    cli("extract", *paths, "--model", "openai/replay", "--api-base", replay, "--concurrency", "1")
    stored = cli_json("claims", "list")
    resolved = total = 0
    for number, article in enumerate(articles, start=1):
        assert cli_json("articles", "show", str(number))["text"] == article["text"]
        by_cue = {c["cue_start"]: c for c in stored if c["article_id"] == number}
        for attribution in to_resolve(article):
            total += 1
            claim = by_cue.get(attribution["cue_span"][0])
            resolved += bool(claim and words(attribution["speaker"]) <= words(claim["source"]))
    assert total >= 30
    assert resolved / total >= 0.9, f"{resolved} of {total} stored under their speaker"
