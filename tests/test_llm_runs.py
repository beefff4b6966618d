"""What each extraction cost, recorded on its run; the cache that makes a repeat free."""

from __future__ import annotations

import pytest

from claimtrack import llm
from tests.conftest import SEED
from tests.llm_server import GOOD_CLAIMS, INVENTED, OFFICIALS, answer, serving

RUN_FIELDS = {
    "id", "article_id", "model", "prompt_sha256", "schema_version", "started_at", "seconds",
    "input_tokens", "output_tokens", "cost_usd", "cached", "claims_stored", "claims_rejected",
}  # fmt: skip


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch, llm.RetryPolicy(backoff=0.01, timeout=5.0)) as s:
        yield s


def test_a_cache_hit_sends_no_request(server, cli, cli_json):
    server.script.append(answer(*GOOD_CLAIMS))
    model = ["--model", "gpt-4o-mini", "--api-base", server.base]
    cli("extract", SEED, *model)
    assert len(server.requests) == 1
    again = cli("extract", SEED, *model, "--force")
    assert "0 claims stored (gpt-4o-mini, from cache), 2 already stored" in again.output
    assert len(server.requests) == 1  # the server saw nothing
    cached = cli_json("runs", "list")["runs"][0]
    assert cached["cached"] and (cached["input_tokens"], cached["cost_usd"]) == (0, None)
    # another model is another answer: it is asked
    server.script.append(answer(OFFICIALS))
    cli("extract", SEED, "--model", "openai/other", "--api-base", server.base)
    assert len(server.requests) == 2


def test_runs_list_shows_tokens_cost_time_and_totals(server, cli, cli_json, seeded):
    server.script += [answer(OFFICIALS, INVENTED), answer(OFFICIALS, INVENTED)]
    cli("extract", SEED, "--model", "gpt-4o-mini", "--api-base", server.base, "--force")
    data = cli_json("runs", "list")
    llm_run, rules_run = data["runs"]  # newest first
    assert set(llm_run) == RUN_FIELDS
    assert llm_run["model"] == "gpt-4o-mini" and rules_run["model"] == "rules"
    assert (llm_run["input_tokens"], llm_run["output_tokens"]) == (240, 80)  # asked twice
    assert llm_run["cost_usd"] > 0
    assert llm_run["claims_rejected"] == 1
    assert llm_run["prompt_sha256"] == llm.prompt_sha256()
    assert llm_run["seconds"] is not None and llm_run["seconds"] >= 0
    assert rules_run["prompt_sha256"] is None
    totals = data["totals"]
    assert totals["runs"] == 2 and totals["input_tokens"] == 240
    assert totals["claims_stored"] == llm_run["claims_stored"] + rules_run["claims_stored"]
    assert totals["cost_usd"] == pytest.approx(llm_run["cost_usd"])
    # filters and --limit: totals still count every run the filters select
    assert [r["model"] for r in cli_json("runs", "list", "--model", "rules")["runs"]] == ["rules"]
    limited = cli_json("runs", "list", "--limit", "1")
    assert len(limited["runs"]) == 1 and limited["totals"]["runs"] == 2
    table = cli("runs", "list").output
    assert "gpt-4o-mini" in table and "240+80" in table
    assert "2 runs: 240+80 tokens, $" in table and "1 rejected, 0 from cache" in table


def test_totals_give_no_cost_where_no_price_is_known(server, cli, cli_json):
    server.script.append(answer(OFFICIALS))
    cli("extract", SEED, "--model", "openai/newsroom-local", "--api-base", server.base)
    data = cli_json("runs", "list")
    assert data["runs"][0]["cost_usd"] is None and data["totals"]["cost_usd"] is None
    line = cli("runs", "list").output.strip().splitlines()[-1]
    assert line.startswith("1 run: 120+40 tokens, ") and "$" not in line


def test_run_duration_covers_the_model_call(server, cli, cli_json):
    slow = answer(OFFICIALS, delay=0.5)
    server.script.append(slow)
    cli("extract", SEED, "--model", "openai/slow", "--api-base", server.base)
    [run] = cli_json("runs", "list")["runs"]
    assert run["seconds"] >= 0.5


def test_runs_list_with_no_runs(cli, cli_json):
    assert cli_json("runs", "list") == {
        "runs": [],
        "totals": {
            "runs": 0, "input_tokens": 0, "output_tokens": 0, "cost_usd": None, "seconds": 0.0,
            "claims_stored": 0, "claims_rejected": 0, "cached": 0,
        },
    }  # fmt: skip
    assert "0 runs" in cli("runs", "list").output
