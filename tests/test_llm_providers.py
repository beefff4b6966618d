"""Providers take structured output differently; what goes over the wire for each."""

from __future__ import annotations

import pytest

from claimtrack import llm
from tests.conftest import SEED
from tests.llm_server import (
    FAKE_KEY,
    GOOD_CLAIMS,
    answer,
    llama_cpp_gate,
    plain_gate,
    serving,
)


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch, llm.RetryPolicy(backoff=0.01, timeout=5.0)) as s:
        yield s


def test_openai_style_server_gets_json_schema(server, cli):
    server.script.append(answer(*GOOD_CLAIMS))
    out = cli("extract", SEED, "--model", "gpt-4o-mini", "--api-base", server.base)
    assert "2 claims stored (gpt-4o-mini, 120+40 tokens, $" in out.output  # priced by litellm
    [request] = server.requests
    fmt = request["body"]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"]["properties"]["attributions"]["type"] == "array"
    assert request["headers"]["authorization"] == f"Bearer {FAKE_KEY}"


def test_llama_cpp_server_gets_json_object_with_schema(server, cli, tmp_path):
    server.gate = llama_cpp_gate
    server.script += [answer(*GOOD_CLAIMS), answer()]
    model = ["--model", "openai/local-gguf", "--api-base", server.base]
    assert "2 claims stored" in cli("extract", SEED, *model).output
    refused, accepted = server.requests
    assert refused["body"]["response_format"]["type"] == "json_schema"
    schema_object = {"type": "json_object", "schema": llm.json_schema()}
    assert accepted["body"]["response_format"] == schema_object
    # the next article goes straight to what this server takes
    other = tmp_path / "other.txt"
    other.write_text("The mayor said the bridge will reopen in May, according to a statement.")
    cli("extract", other, *model)
    assert server.requests[2]["body"]["response_format"]["type"] == "json_object"
    assert len(server.requests) == 3


def test_ollama_gets_format_on_its_own_endpoint(server, cli, cli_json):
    server.script.append(answer(*GOOD_CLAIMS, prompt_tokens=300, completion_tokens=90))
    out = cli("extract", SEED, "--model", "ollama_chat/llama3.1", "--api-base", server.root)
    assert "2 claims stored (ollama_chat/llama3.1, 300+90 tokens)" in out.output
    [request] = server.requests
    assert request["path"] == "/api/chat"
    body = request["body"]
    assert body["model"] == "llama3.1" and body["stream"] is False
    assert body["format"]["properties"]["attributions"]["type"] == "array"
    assert "response_format" not in body
    assert "authorization" not in request["headers"]  # no OpenAI key sent to Ollama


def test_model_without_structured_output_is_asked_in_the_prompt(server, cli):
    server.gate = plain_gate
    fenced = answer(*GOOD_CLAIMS)
    fenced.content = f"Here are the claims.\n```json\n{fenced.content}\n```"
    server.script.append(fenced)
    out = cli("extract", SEED, "--model", "openai/plain-model", "--api-base", server.base)
    assert "2 claims stored" in out.output
    *refused, asked = server.requests
    assert [r["body"]["response_format"]["type"] for r in refused] == ["json_schema", "json_object"]
    assert "response_format" not in asked["body"]
    assert "Answer with one JSON object" in asked["body"]["messages"][0]["content"]


@pytest.mark.parametrize(
    ("model", "api_base", "first"),
    [
        ("gpt-4o-mini", None, "json_schema"),
        ("openai/anything", "http://127.0.0.1:9/v1", "json_schema"),
        ("ollama_chat/llama3.1", "http://127.0.0.1:9", "json_schema"),
        ("openai/anything", None, "json_object"),
    ],
)
def test_output_modes_follow_the_provider(model, api_base, first):
    modes = llm.output_modes(model, api_base)
    assert modes[0] == first and modes[-1] == llm.OutputMode.prompt
