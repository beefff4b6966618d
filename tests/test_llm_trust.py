"""Nothing a model writes is stored unchecked, and the model path fails fast, saying why.

A hostile provider (the scripted server on 127.0.0.1) invents a speaker, a reporting verb and
a restatement, runs away with a huge answer, and echoes the key; none of it reaches the
database. A missing key or a server that is not there is one line naming what to fix.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from claimtrack import llm
from claimtrack.db import session
from claimtrack.models import Source
from tests.conftest import SEED
from tests.llm_server import (
    OBSERVERS,
    OFFICIALS,
    answer,
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
    [flag] = json.loads(run["rejections"])
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
