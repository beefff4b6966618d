"""What real providers do wrong, scripted at the HTTP level, and what claimtrack makes of it.

Every case ends with the same check: the database holds the whole extraction of the article
(its run and every claim the run counts) or nothing of it.
"""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from claimtrack import llm
from claimtrack.db import session
from claimtrack.models import Article, Claim, ExtractionRun, LLMCache
from tests.conftest import SEED
from tests.llm_server import (
    FAKE_KEY,
    GOOD,
    GOOD_CLAIMS,
    INVENTED,
    OBSERVERS,
    OFFICIALS,
    Scripted,
    answer,
    serving,
)

MODEL = "openai/newsroom-llm"
FAST = llm.RetryPolicy(backoff=0.01, max_backoff=0.05, timeout=2.0)


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch, FAST) as s:
        yield s


def extract(cli, server, *args: str):
    return cli("extract", SEED, "--model", MODEL, "--api-base", server.base, *args, ok=False)


def error(status: int, message: str, **headers: str) -> Scripted:
    return Scripted(status=status, body={"error": {"message": message}}, headers=headers)


def assert_whole_or_nothing() -> int:
    """Each stored article has its runs and exactly the claims they count; returns claims."""
    with session() as s:
        claims = s.exec(select(Claim)).all()
        for article in s.exec(select(Article)):
            runs = s.exec(select(ExtractionRun).where(ExtractionRun.article_id == article.id))
            counted = [r.claims_stored for r in runs]
            assert counted, f"article {article.id} is stored without its run"
            assert sum(counted) == sum(c.article_id == article.id for c in claims)
        return len(claims)


TRUNCATED = json.dumps(GOOD)[:90]
SCHEMA_BREAK = json.dumps({"attributions": [{"quote": OFFICIALS["quote"], "certainty": "maybe"}]})

# (case, replies in order, requests expected, text in the output, claims stored or None)
CASES = [
    ("rate limited", [error(429, "slow down", **{"Retry-After": "0"}), answer(*GOOD_CLAIMS)],
     2, "2 claims stored", 2),
    ("server error", [error(500, "boom"), answer(*GOOD_CLAIMS)], 2, "2 claims stored", 2),
    ("overloaded", [error(503, "overloaded"), error(503, "overloaded"), answer(OFFICIALS)],
     3, "1 claim stored", 1),
    ("read timeout", [Scripted(content=json.dumps(GOOD), delay=3.0), answer(*GOOD_CLAIMS)],
     2, "2 claims stored", 2),
    ("cut-off body", [Scripted(content=json.dumps(GOOD), cut_at=40), answer(*GOOD_CLAIMS)],
     2, "2 claims stored", 2),
    ("truncated JSON", [Scripted(content=TRUNCATED, finish_reason="length"), answer(OFFICIALS)],
     2, "1 claim stored", 1),
    ("schema broken", [Scripted(content=SCHEMA_BREAK), answer(OFFICIALS, OBSERVERS)],
     2, "2 claims stored", 2),
    ("prose around", [Scripted(content=f"Sure! Here:\n```json\n{json.dumps(GOOD)}\n```\nDone.")],
     1, "2 claims stored", 2),
    ("invented quote", [answer(OFFICIALS, INVENTED), answer(OFFICIALS, INVENTED)],
     2, "1 claim stored (openai/newsroom-llm, 240+80 tokens), 1 rejected", 1),
    ("no claims", [answer()], 1, "0 claims stored", 0),
    ("refusal", [Scripted(refusal="I can't help with that."), Scripted(refusal="I can't.")],
     2, "did not return usable JSON after a re-ask: the model refused", None),
    ("prose refusal", [Scripted(content="I'm sorry, I can't."), Scripted(content="No.")],
     2, "no complete JSON object; the answer began: 'No.'", None),
    ("never recovers", [error(503, "overloaded")] * 4,
     4, "gave up after 4 attempts: ServiceUnavailableError (HTTP 503): overloaded", None),
    ("asks for an hour", [error(429, "quota", **{"Retry-After": "3600"})],
     1, "the server asks to wait 3600 s; giving up", None),
    ("bad request", [error(404, "model 'newsroom-llm' not found")],
     1, "NotFoundError (HTTP 404): model 'newsroom-llm' not found", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("replies", "requests", "expected", "claims"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_provider_faults(server, cli, monkeypatch, replies, requests, expected, claims):
    monkeypatch.setattr(llm, "RETRY", llm.RetryPolicy(backoff=0.01, timeout=1.0))
    server.script += replies
    out = extract(cli, server)
    assert expected in out.output
    assert len(server.requests) == requests
    assert not server.script, "a scripted reply was never asked for"
    assert FAKE_KEY not in out.output
    if claims is None:
        assert out.exit_code == 1
        [line] = out.output.strip().splitlines()  # one clear line
        assert line.startswith(f"error: {SEED}: {MODEL}")
        assert assert_whole_or_nothing() == 0
        with session() as s:
            assert s.exec(select(Article)).first() is None
    else:
        assert out.exit_code == 0, out.output
        assert assert_whole_or_nothing() == claims


def test_reask_carries_the_validation_error(server, cli):
    server.script += [Scripted(content=SCHEMA_BREAK), answer(OFFICIALS)]
    extract(cli, server)
    first, second = (r["body"]["messages"] for r in server.requests)
    assert second[:2] == first  # the same conversation, continued
    assert second[2] == {"role": "assistant", "content": SCHEMA_BREAK}
    reask = second[3]["content"]
    assert "attributions.0.certainty: Input should be 'asserted'" in reask


def test_truncated_answer_is_told_it_was_cut_off(server, cli):
    server.script += [Scripted(content=TRUNCATED, finish_reason="length"), answer(OFFICIALS)]
    extract(cli, server)
    assert "cut off" in server.requests[1]["body"]["messages"][-1]["content"]


def test_retry_after_is_honoured(server, cli):
    server.script += [error(429, "slow down", **{"Retry-After": "1"}), answer(OFFICIALS)]
    out = extract(cli, server)
    assert out.exit_code == 0
    first, second = server.requests
    assert second["at"] - first["at"] >= 1.0  # the server's clock, not ours


def test_backoff_grows_and_respects_a_longer_retry_after(server, cli, monkeypatch):
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    policy = llm.RetryPolicy(attempts=4, backoff=1.0, max_backoff=30.0, sleep=sleep)
    monkeypatch.setattr(llm, "RETRY", policy)
    server.script += [error(500, "a"), error(502, "b"),
                      error(429, "c", **{"Retry-After": "7"}), answer(OFFICIALS)]  # fmt: skip
    assert extract(cli, server).exit_code == 0
    assert len(waits) == 3
    assert 0.5 <= waits[0] <= 1.0 and 1.0 <= waits[1] <= 2.0  # doubling, with jitter
    assert waits[2] >= 7.0  # never sooner than the server asked


def test_retry_after_date_and_milliseconds_are_read():
    class Exc(Exception):
        litellm_response_headers = {"retry-after-ms": "1500"}

    assert llm.retry_after(Exc()) == 1.5
    Exc.litellm_response_headers = {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}
    assert llm.retry_after(Exc()) == 0.0  # a date in the past: no wait
    Exc.litellm_response_headers = {"retry-after": "soon"}
    assert llm.retry_after(Exc()) is None


def test_litellm_and_the_openai_client_do_not_retry_underneath(server, cli, monkeypatch):
    monkeypatch.setattr(llm, "RETRY", llm.RetryPolicy(attempts=1))
    server.default = error(500, "boom")
    out = extract(cli, server)
    assert "gave up after 1 attempts" in out.output
    assert len(server.requests) == 1


def test_a_failed_extraction_stores_no_run_and_no_cache_entry(server, cli):
    server.script += [error(503, "x")] * 4
    assert extract(cli, server).exit_code == 1
    with session() as s:
        assert s.exec(select(LLMCache)).first() is None
        assert s.exec(select(ExtractionRun)).first() is None
