"""Extraction through any litellm model: the one module that imports litellm.

The model proposes; code disposes. Every answer is parsed and validated against the schema-1
contract, every quote is grounded in the article, and one re-ask carries the problems back to
the model before ungrounded claims are rejected.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Protocol

from pydantic import ValidationError

from claimtrack.domain import Attribution, Extraction, FoundClaim, Rejected, Span
from claimtrack.grounding import locate, locate_near
from claimtrack.schema import SCHEMA_VERSION, ClaimOut, ExtractionOut, json_schema
from claimtrack.templating import prompt_sha256 as _file_sha256
from claimtrack.templating import render_prompt

PROMPT_FILES = ("extract.system.j2", "extract.user.j2", "reask.j2")
REQUEST_TIMEOUT = 120.0
RETRIES = 2
_SECRET_ENV = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)", re.IGNORECASE)


class LLMError(RuntimeError):
    """The model could not be asked or answered unusably; the message is one safe line."""


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, model: str, response: str) -> None: ...


@dataclass
class Reply:
    content: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None


def prompt_sha256() -> str:
    digest = hashlib.sha256(f"schema-{SCHEMA_VERSION}".encode())
    for name in PROMPT_FILES:
        digest.update(_file_sha256(name).encode())
    return digest.hexdigest()


def cache_key(model: str, text: str) -> str:
    parts = (model, prompt_sha256(), str(SCHEMA_VERSION), text)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def build_messages(text: str, *, title: str | None = None) -> list[dict]:
    # A closing tag inside the article must not end the data block early.
    safe_text = text.replace("</article>", "</article\u200b>")
    return [
        {
            "role": "system",
            "content": render_prompt("extract.system.j2", schema_version=SCHEMA_VERSION),
        },
        {"role": "user", "content": render_prompt("extract.user.j2", text=safe_text, title=title)},
    ]


def extract(
    text: str,
    *,
    model: str,
    api_base: str | None = None,
    title: str | None = None,
    cache: Cache | None = None,
) -> Extraction:
    """Ask the model for the article's claims, ground them, re-ask once if needed."""
    result = Extraction(extractor=model, claims=[], prompt_sha256=prompt_sha256())
    key = cache_key(model, text)
    cached = cache.get(key) if cache else None
    messages = build_messages(text, title=title)
    if cached is not None:
        reply, result.cached = Reply(cached), True
    else:
        reply = _ask(messages, model=model, api_base=api_base, result=result)
    claims, rejected, problems = parse_answer(reply.content, text)
    if problems and not result.cached:
        messages += [
            {"role": "assistant", "content": reply.content},
            {"role": "user", "content": render_prompt("reask.j2", problems=problems)},
        ]
        second = _ask(messages, model=model, api_base=api_base, result=result)
        claims2, rejected2, problems2 = parse_answer(second.content, text)
        if claims2 is not None:
            reply, claims, rejected, problems = second, claims2, rejected2, problems2
    if claims is None:
        raise LLMError(f"{model} did not return usable JSON after a re-ask: {problems}")
    if cache and not result.cached:
        cache.put(key, model, reply.content)
    result.claims, result.rejected = claims, rejected
    return result


def _ask(messages: list[dict], *, model: str, api_base: str | None, result: Extraction) -> Reply:
    reply = complete(messages, model=model, api_base=api_base)
    result.input_tokens += reply.input_tokens
    result.output_tokens += reply.output_tokens
    if reply.cost_usd is not None:
        result.cost_usd = (result.cost_usd or 0.0) + reply.cost_usd
    return reply


def _litellm():
    # Set before the import so litellm reads its bundled price map instead of the network.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    return litellm


def _response_format(litellm, model: str) -> dict:
    try:
        if litellm.supports_response_schema(model=model):
            schema = {"name": "claims", "schema": json_schema(), "strict": False}
            return {"type": "json_schema", "json_schema": schema}
    except Exception:  # unknown models: litellm raises rather than answering "no"
        pass
    return {"type": "json_object"}


def complete(messages: list[dict], *, model: str, api_base: str | None = None) -> Reply:
    """One chat completion, with litellm's bounded retries; errors become one safe line."""
    litellm = _litellm()
    kwargs = {
        "model": model,
        "messages": messages,
        "api_base": api_base,
        "timeout": REQUEST_TIMEOUT,
        "num_retries": RETRIES,
        "temperature": 0,
        "response_format": _response_format(litellm, model),
    }
    try:
        try:
            response = litellm.completion(**kwargs)
        except litellm.BadRequestError as exc:
            if "response_format" not in str(exc) and "json" not in str(exc).lower():
                raise
            # A server that rejects structured output: the prompt asks for JSON anyway.
            kwargs.pop("response_format")
            response = litellm.completion(**kwargs)
    except Exception as exc:
        raise LLMError(f"{model}: {redact(_one_line(exc))}") from None
    return _reply(litellm, response)


def _reply(litellm, response) -> Reply:
    content = response.choices[0].message.content or ""
    usage = getattr(response, "usage", None)
    try:
        cost = litellm.completion_cost(completion_response=response)
    except Exception:  # litellm knows no price for local or unknown models
        cost = None
    return Reply(
        content=content,
        input_tokens=getattr(usage, "prompt_tokens", 0) or 0,
        output_tokens=getattr(usage, "completion_tokens", 0) or 0,
        cost_usd=cost or None,
    )


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def redact(message: str) -> str:
    """Remove every secret-looking environment value (API keys, tokens) from a message."""
    for name, value in os.environ.items():
        if value and len(value) >= 8 and _SECRET_ENV.search(name):
            message = message.replace(value, "[redacted]")
    return message


def parse_answer(raw: str, text: str) -> tuple[list[FoundClaim] | None, list[Rejected], str | None]:
    """Validate and ground one answer: (claims or None if unusable, rejected, problems)."""
    try:
        answer = ExtractionOut.model_validate(_json_object(raw))
    except (ValueError, ValidationError) as exc:
        return None, [], _validation_problem(exc)
    claims, rejected = ground(answer.claims, text)
    problems = "\n".join(
        f"- the quote {r.quote!r} is not in the article ({r.reason})" for r in rejected
    )
    return claims, rejected, problems or None


def _json_object(raw: str) -> object:
    """The JSON object in an answer, even when a model wraps it in prose or code fences."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", raw):
        try:
            value, _ = decoder.raw_decode(raw, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise ValueError("the answer contains no complete JSON object")


def _validation_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        errors = exc.errors()[:5]
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
    return str(exc)


def ground(proposed: list[ClaimOut], text: str) -> tuple[list[FoundClaim], list[Rejected]]:
    """Locate each proposed claim in the text; keep what is there, reject what is not."""
    found: list[FoundClaim] = []
    rejected: list[Rejected] = []
    new_index: dict[int, int] = {}
    taken: set[Span] = set()
    for i, item in enumerate(proposed):
        span = locate(text, item.quote, near=found[-1].content.end if found else 0, taken=taken)
        if span is None:
            rejected.append(Rejected(quote=item.quote, reason="not found verbatim"))
            continue
        taken.add(span)
        new_index[i] = len(found)
        found.append(_found_claim(item, span, text))
    for claim, item in zip(
        found, (p for i, p in enumerate(proposed) if i in new_index), strict=True
    ):
        claim.disputes = new_index.get(item.disputes) if item.disputes is not None else None
    return found, rejected


def _found_claim(item: ClaimOut, span: Span, text: str) -> FoundClaim:
    source_span = locate_near(text, item.source, span)
    cue_span = locate_near(text, item.cue, span)
    attribution = item.attribution
    if item.source is None and attribution is not Attribution.unattributed:
        attribution = Attribution.unattributed
    return FoundClaim(
        content=span,
        claim=item.claim,
        source=source_span.of(text) if source_span else item.source,
        source_span=source_span,
        source_type=item.source_type,
        cue=cue_span.of(text) if cue_span else item.cue,
        cue_span=cue_span,
        attribution=attribution,
        certainty=item.certainty,
        checkworthiness=item.checkworthiness,
        reason=item.reason,
    )
