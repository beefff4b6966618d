"""Nothing a model writes is stored unchecked, and the model path fails fast, saying why.

A hostile provider (the scripted server on 127.0.0.1) invents a speaker, a reporting verb and
a restatement, runs away with a huge answer, and echoes the key; none of it reaches the
database. A missing key or a server that is not there is one line naming what to fix.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from sqlmodel import select

from claimtrack import llm
from claimtrack.db import session
from claimtrack.models import LLMCache, Source
from tests.conftest import SEED
from tests.llm_server import (
    FAKE_KEY,
    OBSERVERS,
    OFFICIALS,
    ChatServer,
    Scripted,
    answer,
    first_sentence_claim,
    schema2,
    serving,
)

MODEL = "openai/newsroom-llm"


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch, llm.RetryPolicy(attempts=2, backoff=0.01, timeout=5.0)) as s:
        yield s


def extract(cli, server, *args: str, ok: bool = True):
    return cli("extract", SEED, "--model", MODEL, "--api-base", server.base, *args, ok=ok)


def stored_bytes(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.glob("claims.db*"))


@pytest.mark.parametrize(
    ("invented", "named"),
    [
        ({"source": "Imaginary Anonymous Whistleblower"}, "source 'Imaginary Anonymous"),
        ({"cue": "confessed"}, "cue 'confessed'"),
    ],
    ids=["source", "cue"],
)
def test_an_invented_source_or_cue_rejects_the_claim(server, cli, cli_json, invented, named):
    fake = {**OFFICIALS, **invented}
    server.script += [answer(fake, OBSERVERS), answer(fake, OBSERVERS)]
    out = extract(cli, server)
    assert "1 claim stored" in out.output and "1 rejected" in out.output
    # the model was told what to fix, once
    reask = server.requests[1]["body"]["messages"][-1]["content"]
    assert named in reask and "near the quote" in reask
    [claim] = cli_json("claims", "list")
    assert claim["quote"] == "observers are skeptical"
    run = cli_json("articles", "show", "1")["runs"][0]
    assert run["claims_rejected"] == 1 and named in run["rejections"]
    with session() as s:  # no shared source was made up for it either
        assert [src.name for src in s.exec(select(Source))] == ["Observers"]


def test_a_source_fixed_on_the_reask_is_stored(server, cli, cli_json):
    fake = {**OFFICIALS, "source": "Imaginary Anonymous Whistleblower", "cue": "confessed"}
    server.script += [answer(fake), answer(OFFICIALS)]
    out = extract(cli, server)
    assert "1 claim stored" in out.output and "rejected" not in out.output
    [claim] = cli_json("claims", "list")
    assert (claim["source"], claim["cue"]) == ("Official sources", "claimed")


def test_a_restatement_naming_someone_not_in_the_article_is_withheld(server, cli, cli_json):
    fabricated = {**OFFICIALS, "claim": "The Prime Minister admitted to taking bribes."}
    server.script.append(answer(fabricated, OBSERVERS))
    out = extract(cli, server)
    assert "2 claims stored" in out.output and "rejected" not in out.output
    claims = cli_json("claims", "list")
    # the grounded quote stands in for the restatement (the stored quote, refined, adds "that")
    assert claims[0]["claim"].startswith("the Afghan Taliban have shown a willingness")
    assert claims[0]["claim"] in claims[0]["quote"]
    assert claims[1]["claim"] == OBSERVERS["claim"]
    assert "bribes" not in json.dumps(cli_json("claims", "show", str(claims[0]["id"])))
    run = cli_json("articles", "show", "1")["runs"][0]
    assert run["claims_rejected"] == 0
    [flag] = [r for r in json.loads(run["rejections"]) if not r["dropped"]]
    assert flag["kept"] and "'Prime'" in flag["reason"] and "withheld" in flag["reason"]


@pytest.mark.parametrize(
    ("restatement", "names"),
    [
        ("Officials said the Prime Minister admitted to taking bribes.", ["Prime"]),
        ("Officials say Jane Roe took bribes from Acme Corp.", ["Jane", "Roe", "Acme", "Corp"]),
        ("Council staff say the DNC and the CEO backed Americans in Springfield.", []),
        ("Gen. Okafor said: Budget cuts hurt the U.S. council.", []),
    ],
)
def test_unknown_names_in_a_restatement(restatement, names):
    article = (
        "The council met in Springfield. General Okafor, the chief executive officer of a "
        "charity, said budget cuts hurt every American family, according to the Democratic "
        "National Committee. Officials said the minister would resign."
    )
    from claimtrack.grounding import unknown_names

    assert unknown_names(restatement, article) == names


def test_a_runaway_answer_is_refused_and_not_cached(server, cli, cli_json, tmp_path):
    cap = 65_536  # the model's 4,096 output tokens at 16 characters a token
    runaway = {**OFFICIALS, "claim": "Officials said " + "again and again " * (cap // 16)}
    server.script.append(answer(runaway))
    out = extract(cli, server, ok=False)
    assert out.exit_code == 1
    [line] = out.output.strip().splitlines()
    assert line.startswith(f"error: {SEED}: {MODEL}: the answer is ")
    assert f"over the {cap:,} that" in line and "refused" in line
    assert len(server.requests) == 1  # not carried back to the model in a re-ask
    assert cli_json("articles", "list") == []
    with session() as s:
        assert s.exec(select(LLMCache)).first() is None
    assert b"again and again again" not in stored_bytes(tmp_path)
    # a long answer within the cap is an answer
    server.script.append(answer({**OFFICIALS, "reason": "a stated position " * 3000}))
    assert "1 claim stored" in extract(cli, server).output


def test_an_echoed_key_is_blanked_in_every_stored_field(server, cli, cli_json, tmp_path):
    echo = {**OFFICIALS, "claim": f"Officials gave the key {FAKE_KEY}.", "reason": "ESCAPED"}
    invented = {"quote": f"the key is {FAKE_KEY.upper()}", "claim": "A key."}
    content = json.dumps(schema2(echo, invented))
    content = content.replace("ESCAPED", FAKE_KEY.replace("s", "\\u0073"))  # JSON's escape
    server.script += [Scripted(content=content), Scripted(content=content)]
    out = extract(cli, server)
    assert "1 claim stored" in out.output and "1 rejected" in out.output
    [claim] = cli_json("claims", "list")
    assert claim["claim"] == "Officials gave the key [redacted]."
    assert cli_json("claims", "show", str(claim["id"]))["check_reason"] == "[redacted]"
    run = cli_json("articles", "show", "1")["runs"][0]
    assert "the key is [redacted]" in run["rejections"]
    with session() as s:
        [cached] = s.exec(select(LLMCache.response)).all()
    assert (
        "[redacted]" in cached and FAKE_KEY not in json.loads(cached)["attributions"][0]["reason"]
    )
    data = stored_bytes(tmp_path)
    assert data and FAKE_KEY.encode() not in data and FAKE_KEY.upper().encode() not in data


def test_a_missing_key_is_named_before_any_request(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    files = []
    for n in range(14):
        files.append(tmp_path / f"story{n}.txt")
        files[-1].write_text(f"Story {n}: the minister said taxes would fall next spring.")
    with ChatServer() as server:  # a server the key would be needed for
        started = time.monotonic()
        out = cli("extract", *files, "--model", "gpt-4o-mini", "--api-base", server.base, ok=False)
        seconds = time.monotonic() - started
    assert out.exit_code == 1
    [line] = out.output.strip().splitlines()  # one line for the batch, not one per file
    assert line == "error: OPENAI_API_KEY is not set (needed for model gpt-4o-mini)"
    assert server.requests == []
    assert seconds < 5  # no retries, no waiting on a server
    # a local server with an openai/ model needs no key: claimtrack sends a placeholder
    with ChatServer() as server:
        server.responder = first_sentence_claim
        out = cli("extract", *files[:2], "--model", MODEL, "--api-base", server.base)
    assert "2 stored (2 claims)" in out.output


@pytest.mark.parametrize(
    ("model", "variable"),
    [("anthropic/claude-3-5-haiku-latest", "ANTHROPIC_API_KEY"),
     ("gemini/gemini-1.5-flash", "GEMINI_API_KEY")],
)  # fmt: skip
def test_each_provider_names_its_own_variable(cli, model, variable):
    out = cli("extract", SEED, "--model", model, ok=False)
    assert out.exit_code == 1
    assert variable in out.output and f"(needed for model {model})" in out.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def test_a_refused_connection_names_the_url(cli, cli_json, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setattr(llm, "RETRY", llm.RetryPolicy(backoff=5.0, timeout=5.0))
    base = f"http://127.0.0.1:{free_port()}/v1"
    started = time.monotonic()
    out = cli("extract", SEED, "--model", MODEL, "--api-base", base, ok=False)
    assert time.monotonic() - started < 5  # not retried: nothing listens there
    assert out.exit_code == 1
    [line] = out.output.strip().splitlines()
    assert line == f"error: {SEED}: {MODEL}: could not connect to {base} (connection refused)"
    assert cli_json("articles", "list") == []
