"""A scripted chat server on 127.0.0.1 that records what it was sent.

It speaks OpenAI's `/v1/chat/completions` and Ollama's `/api/chat`. Each test scripts the
replies (a chat answer, an HTTP error with headers, a delay, a cut-off body) and then reads
`requests`, each with its arrival time, to check what claimtrack sent and when.

`gate` emulates what a kind of server refuses (llama.cpp's server refuses `json_schema`, a
plain server refuses any `response_format`); `responder` answers from the request itself when
the script is empty (batches, benchmarks). `pages` serves articles to GET, for URL inputs, and
`max_in_flight` tells how many requests it was answering at once.

Run alone (`python -m tests.llm_server --delay 0.3`), it serves a benchmark until stopped.
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from claimtrack.text import without_paragraph_numbers


@dataclass
class Scripted:
    """One scripted reply: a chat answer (content), or an HTTP status with a body."""

    content: str | None = None
    status: int = 200
    body: dict | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    prompt_tokens: int = 120
    completion_tokens: int = 40
    finish_reason: str = "stop"
    refusal: str | None = None
    cut_at: int | None = None  # send only this many bytes of the body, then hang up


FAKE_KEY = "sk-test-3f9a1c77e2b54d0c"  # must never reach the database, a log or a message

# Answers about the seed article: two claims that are in it, and one that is not.
OFFICIALS = {
    "quote": "the Afghan Taliban have shown a willingness to address Pakistan's concerns",
    "claim": "Officials say the Afghan Taliban are willing to address Pakistan's concerns.",
    "source": "Official sources",
    "source_type": "anonymous_official",
    "cue": "claimed",
    "attribution": "indirect",
    "certainty": "hedged",
    "disputes": None,
    "checkworthiness": 0.8,
    "reason": "a government's stated position",
}
OBSERVERS = {
    "quote": "observers are skeptical",
    "claim": "Observers doubt the Taliban's willingness.",
    "source": "observers",
    "source_type": "anonymous",
    "cue": "are skeptical",
    "attribution": "indirect",
    "certainty": "disputed",
    "disputes": 0,
    "checkworthiness": 0.3,
    "reason": "an opinion",
}
INVENTED = {
    "quote": "Pakistan will close the border on Friday",
    "claim": "Pakistan will close the border.",
    "source": "officials",
    "source_type": "anonymous_official",
    "cue": "said",
    "attribution": "indirect",
    "certainty": "asserted",
    "disputes": None,
    "checkworthiness": 0.9,
    "reason": "specific",
}
GOOD_CLAIMS = [OFFICIALS, OBSERVERS]
GOOD = {"attributions": GOOD_CLAIMS, "statements": []}


def schema2(*claims: dict) -> dict:
    """An answer adding these claims: those with a cue as attributions, the rest as statements."""
    return {
        "attributions": [c for c in claims if c.get("cue")],
        "statements": [c for c in claims if not c.get("cue")],
    }


def answer(*claims: dict, **reply: object) -> Scripted:
    """A scripted chat answer adding these claims (it reviews no candidate)."""
    return Scripted(content=json.dumps(schema2(*claims)), **reply)


def llama_cpp_gate(body: dict) -> Scripted | None:
    """Refuse `json_schema` as llama.cpp's server does; it takes json_object with a schema."""
    if (body.get("response_format") or {}).get("type") == "json_schema":
        message = "'response_format' type must be one of 'text' or 'json_object'"
        return Scripted(status=400, body={"error": {"code": 400, "message": message}})
    return None


def plain_gate(body: dict) -> Scripted | None:
    """Refuse any structured-output parameter, as a server without that feature does."""
    if "response_format" in body:
        message = "Unrecognized request argument supplied: response_format"
        return Scripted(status=400, body={"error": {"message": message}})
    return None


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 64  # a batch opens many connections at once


class ChatServer:
    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[dict] = []
        self.default: Scripted | None = None
        self.gate: Callable[[dict], Scripted | None] | None = None
        self.responder: Callable[[dict], Scripted] | None = None
        self.pages: dict[str, tuple[int, str]] = {}  # GET path -> (status, text): articles
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real providers do
            disable_nagle_algorithm = True  # else headers and body wait out a delayed ACK

            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                headers = {name.lower(): value for name, value in self.headers.items()}
                reply = owner.reply_to(self.path, payload, headers)
                with owner.counting():
                    time.sleep(reply.delay)
                    self._send(reply.status, owner.body_for(reply, payload, self.path), reply)

            def do_GET(self):  # noqa: N802 (http.server's naming)
                status, body = owner.pages.get(self.path, (404, "not found"))
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                self.wfile.write(body.encode())

            def _send(self, status: int, body: dict | str, reply: Scripted) -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data[: reply.cut_at] if reply.cut_at else data)
                except OSError:  # the client gave up waiting (a read-timeout test)
                    pass
                if reply.cut_at:
                    self.close_connection = True

            def log_message(self, *args):
                pass

        return Handler

    def reply_to(self, path: str, payload: dict, headers: dict) -> Scripted:
        with self._lock:
            self.requests.append(
                {"path": path, "body": payload, "headers": headers, "at": time.monotonic()}
            )
            refused = self.gate(payload) if self.gate else None
            if refused is not None:
                return refused
            if self.script:
                return self.script.pop(0)
        if self.responder is not None:
            return self.responder(payload)
        return self.default or Scripted(status=500, body={"error": {"message": "no reply left"}})

    @contextmanager
    def counting(self) -> Iterator[None]:
        """Count the requests being answered at once (a batch's concurrency, seen from here)."""
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            yield
        finally:
            with self._lock:
                self.in_flight -= 1

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    @property
    def root(self) -> str:
        """The base URL without /v1, as Ollama's clients take it."""
        return f"http://127.0.0.1:{self.server.server_port}"

    def body_for(self, reply: Scripted, payload: dict, path: str) -> dict | str:
        if reply.body is not None:
            return reply.body
        if path.startswith("/api/chat"):
            return _ollama_body(reply, payload)
        message = {"role": "assistant", "content": reply.content, "refusal": reply.refusal}
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": payload.get("model", "scripted"),
            "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
            "usage": {
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            },
        }

    def __enter__(self) -> ChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serving(monkeypatch, retry: object | None = None) -> Iterator[ChatServer]:
    """A running ChatServer for one test: a provider key set, and retries made fast if given."""
    from claimtrack import llm

    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    if retry is not None:
        monkeypatch.setattr(llm, "RETRY", retry)
    with ChatServer() as server:
        yield server


def _ollama_body(reply: Scripted, payload: dict) -> dict:
    return {
        "model": payload.get("model", "scripted"),
        "created_at": "2026-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": reply.content or ""},
        "done": True,
        "done_reason": reply.finish_reason,
        "prompt_eval_count": reply.prompt_tokens,
        "eval_count": reply.completion_tokens,
    }


def article_of(payload: dict) -> str:
    """The article text claimtrack put between its <article> markers."""
    user = payload["messages"][-1]["content"]
    if "<article>" not in user:  # a re-ask: the article is in the first user message
        user = next(m["content"] for m in payload["messages"] if m["role"] == "user")
    match = re.search(r"<article>\n(.*)\n</article>", user, re.DOTALL)
    return without_paragraph_numbers(match.group(1)) if match else ""


def candidate_ids(payload: dict) -> list[int]:
    """The ids of the candidates claimtrack listed for the model to review."""
    user = next(m["content"] for m in payload["messages"] if m["role"] == "user")
    block = user.split("<candidates>")[-1]
    return [int(n) for n in re.findall(r"(?m)^(\d+)\. \[", block)]


def first_sentence_claim(payload: dict, *, delay: float = 0.0) -> Scripted:
    """A reply claiming the article's first sentence: grounded, so it is stored."""
    text = article_of(payload)
    quote = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    claim = {"quote": quote, "claim": quote, "source": None, "attribution": "unattributed"}
    return Scripted(content=json.dumps(schema2(claim)), delay=delay)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.3, help="seconds before each answer")
    args = parser.parse_args()
    with ChatServer() as server:
        server.responder = lambda payload: first_sentence_claim(payload, delay=args.delay)
        print(server.base, flush=True)
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
