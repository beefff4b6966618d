"""The replay server answers with the recording for the article a request carries."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest

from claimtrack.replay import Recordings, serve_in_background

ARTICLE = (
    "The harbour authority said on Monday that cargo volumes rose 12 percent in 2025.\n"
    "Dock workers are skeptical, according to their union.\n"
)
ANSWER = {
    "attributions": [
        {
            "quote": "cargo volumes rose 12 percent in 2025",
            "claim": "Cargo volumes rose 12 percent in 2025.",
            "source": "The harbour authority",
            "source_type": "named_organization",
            "cue": "said",
        }
    ]
}


@pytest.fixture
def recordings(tmp_path):
    path = tmp_path / "recorded.jsonl"
    digest = hashlib.sha256(ARTICLE.encode()).hexdigest()
    path.write_text(
        json.dumps({"doc_id": "harbour", "text_sha256": digest, "answer": ANSWER}) + "\n"
    )
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"doc_id": "harbour", "text": ARTICLE}) + "\n")
    return path, corpus


def _ask(base: str, content: str) -> httpx.Response:
    messages = [
        {"role": "system", "content": "Extract claims."},
        {"role": "user", "content": content},
    ]
    return httpx.post(f"{base}/chat/completions", json={"model": "replay", "messages": messages})


@pytest.mark.parametrize(
    "wrap",
    [
        lambda t: f"<article>\n{t}\n</article>",
        lambda t: f"Here is the story:\n<document id='1'>{t}</document>\nThanks.",
        lambda t: f"```text\n{t}```",
        lambda t: t,
    ],
)
def test_any_prompt_around_the_article_finds_its_recording(recordings, wrap):
    server, base = serve_in_background(Recordings.load(recordings[0]))
    try:
        response = _ask(base, wrap(ARTICLE))
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 200
    assert json.loads(response.json()["choices"][0]["message"]["content"]) == ANSWER


def test_corpus_finds_the_article_inside_free_text(recordings):
    server, base = serve_in_background(Recordings.load(*recordings))
    try:
        response = _ask(base, f"Article follows. {ARTICLE} End of article, answer in JSON.")
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 200


def test_unrecorded_article_fails_loudly(recordings, capfd):
    server, base = serve_in_background(Recordings.load(recordings[0]))
    try:
        response = _ask(base, "<article>\nA story nobody recorded.\n</article>")
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 404
    assert "no recording for this article" in response.json()["error"]["message"]
    assert "replay: no recording" in capfd.readouterr().err


def test_bad_recordings_file_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"doc_id": "a", "text_sha256": "x", "answer": {}}\n{"doc_id": "b"}\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        Recordings.load(path)


def test_eval_measures_the_llm_path_against_the_replay_server(recordings, tmp_path, cli):
    """`claimtrack eval --model openai/replay` through a real HTTP exchange, no key needed."""
    gold = tmp_path / "gold.jsonl"
    start = ARTICLE.index("cargo volumes")
    cue = ARTICLE.index("said")
    gold.write_text(
        json.dumps(
            {
                "doc_id": "harbour",
                "text": ARTICLE,
                "attributions": [
                    {
                        "source_text": "The harbour authority", "source_span": [0, 21],
                        "cue_text": "said", "cue_span": [cue, cue + 4],
                        "content_text": ARTICLE[start - 5 : start + 37],
                        "content_span": [start - 5, start + 37],
                    }
                ],
            }
        )
        + "\n"
    )  # fmt: skip
    server, base = serve_in_background(Recordings.load(recordings[0]))
    try:
        result = cli("eval", gold, "--model", "openai/replay", "--api-base", base, "--json")
    finally:
        server.shutdown()
        server.server_close()
    scores = json.loads(result.stdout)
    assert scores["attribution"]["f1"] == 1.0
    assert scores["model"] == "openai/replay"
