"""An OpenAI-compatible server that answers with recorded LLM answers, for measuring the LLM path.

Each recording is `{"doc_id", "text_sha256", "answer": {...}}`: what a model answered for one
article. A chat request is matched to its recording by the article text it carries, whatever
the prompt around it: the server hashes every message, every tagged or fenced block inside one
(`<article>…</article>`, ``` … ```), and, given the corpus, looks for each known article text
verbatim. A request for an article with no recording gets HTTP 404 and a line on stderr, so a
measurement never silently scores a missing answer as "no claims".
"""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.errors import UserError
from claimtrack.text import without_paragraph_numbers

_BLOCKS = (
    re.compile(r"<([A-Za-z][\w-]*)[^>]*>(.*?)</\1\s*>", re.DOTALL),
    re.compile(r"```[\w-]*\n(.*?)```", re.DOTALL),
)


class RecordingsError(UserError, ValueError):
    """A recordings or corpus file that cannot be read; the message names the file and line."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Recordings:
    answers: dict[str, str]  # article sha256 -> the recorded answer, as JSON text
    texts: dict[str, str] = field(default_factory=dict)  # sha256 -> article text (optional)

    @classmethod
    def load(cls, path: Path, corpus: Path | None = None) -> Recordings:
        answers = {}
        for number, line in enumerate(_lines(path), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                answers[row["text_sha256"]] = json.dumps(row["answer"], ensure_ascii=False)
            except (ValueError, KeyError) as exc:
                raise RecordingsError(f"{path}:{number}: not a recording ({exc})") from None
        texts = {}
        for number, line in enumerate(_lines(corpus) if corpus else [], start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)["text"]
            except (ValueError, KeyError) as exc:
                raise RecordingsError(f"{corpus}:{number}: not an article ({exc})") from None
            texts[sha256(text)] = text
        return cls(answers, texts)

    def answer_for(self, messages: list[dict]) -> tuple[str | None, str]:
        """The recorded answer for the article in these messages, and that article's hash."""
        contents = [_text_of(m.get("content")) for m in messages]
        for candidate in _candidates(contents):
            if sha256(candidate) in self.answers:
                return self.answers[sha256(candidate)], sha256(candidate)
        joined = "\n".join(without_paragraph_numbers(c) for c in contents)
        for digest, text in sorted(self.texts.items(), key=lambda item: -len(item[1])):
            if digest in self.answers and text in joined:
                return self.answers[digest], digest
        return None, sha256(contents[-1] if contents else "")


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RecordingsError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise RecordingsError(f"{path}: not UTF-8 text") from None


def _text_of(content: object) -> str:
    if isinstance(content, list):  # OpenAI's content parts
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content if isinstance(content, str) else ""


def _candidates(contents: list[str]):
    for content in contents:
        yield from _trimmed(content)
        for pattern in _BLOCKS:
            for match in pattern.finditer(content):
                yield from _trimmed(match.group(match.lastindex or 0))


def _trimmed(block: str):
    # A template puts the text on lines of its own; the text may end with a newline itself;
    # claimtrack's own prompt numbers its paragraphs.
    for text in (block, without_paragraph_numbers(block)):
        yield text
        yield text.removeprefix("\n").removesuffix("\n")
        yield text.strip()


def chat_completion(content: str, model: str, prompt_chars: int) -> dict:
    return {
        "id": f"chatcmpl-replay-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {  # recordings carry no token counts: a chars/4 estimate, marked as such
            "prompt_tokens": prompt_chars // 4,
            "completion_tokens": len(content) // 4,
            "total_tokens": (prompt_chars + len(content)) // 4,
        },
    }


def make_server(recordings: Recordings, *, host: str = "127.0.0.1", port: int = 0):
    """A ThreadingHTTPServer answering /v1/chat/completions from the recordings."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(404, {"error": {"message": f"no such endpoint {self.path}"}})
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            messages = body.get("messages", [])
            answer, digest = recordings.answer_for(messages)
            if answer is None:
                print(f"replay: no recording for the article in this request ({digest[:12]})",
                      file=sys.stderr)  # fmt: skip
                message = f"no recording for this article (sha256 {digest})"
                self._send(404, {"error": {"message": message, "type": "not_found"}})
                return
            chars = sum(len(_text_of(m.get("content"))) for m in messages)
            self._send(200, chat_completion(answer, body.get("model", "replay"), chars))

        def do_GET(self) -> None:  # noqa: N802
            models = {"object": "list", "data": [{"id": "replay", "object": "model"}]}
            self._send(200 if self.path.rstrip("/").endswith("/models") else 404, models)

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return http.server.ThreadingHTTPServer((host, port), Handler)


def serve_in_background(recordings: Recordings) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a server on a free loopback port; returns it and its base URL (…/v1)."""
    server = make_server(recordings)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/v1"
