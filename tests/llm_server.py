"""A scripted OpenAI-compatible chat server on 127.0.0.1 that records what it was sent."""

from __future__ import annotations

import http.server
import json
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Scripted:
    """One scripted reply: a chat answer (content) or a raw HTTP status with body."""

    content: str | None = None
    status: int = 200
    body: dict | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    prompt_tokens: int = 120
    completion_tokens: int = 40


class ChatServer:
    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[dict] = []
        self.default: Scripted | None = None
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append(
                    {"path": self.path, "body": payload, "headers": dict(self.headers)}
                )
                reply = owner.script.pop(0) if owner.script else owner.default
                if reply is None:
                    self._send(500, {"error": {"message": "no scripted reply left"}})
                    return
                time.sleep(reply.delay)
                self._send(reply.status, owner.body_for(reply, payload), reply.headers)

            def _send(self, status, body, headers=None):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def body_for(self, reply: Scripted, payload: dict) -> dict | str:
        if reply.body is not None:
            return reply.body
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": payload.get("model", "scripted"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content},
                    "finish_reason": "stop",
                }
            ],
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
