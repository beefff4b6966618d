"""Extraction through any litellm model: the one module that imports litellm.

The model reviews the offline extractor's candidates and adds what they missed; code
disposes. Every answer is parsed and validated against the schema-2 contract, and grounded in
the article by `answers.ground` (quotes, sources, cues and speakers located in the text); one
re-ask carries the problems back to the model before ungrounded claims are rejected. Nothing
the model writes is stored or cached with a provider key in it, and an answer longer than the
output-token limit allows is refused.

Missing credentials are found before any request, naming the variable to set.

Providers fail in ordinary ways. Rate limits, overload and timeouts are retried a bounded
number of times with exponential backoff, never sooner than a `Retry-After` header asks; other
errors (a wrong key, a bad request) are not retried. litellm's own `num_retries` is off: it
retries at once whatever the error and does not read Retry-After.

Providers also differ in how they take a JSON schema; `output_modes` picks the request for the
model and server, and a server that refuses it gets the next one (remembered for the process).
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from pydantic import ValidationError

from claimtrack import chunks
from claimtrack.answers import ground
from claimtrack.domain import Extraction, FoundClaim, Rejected, Span
from claimtrack.errors import UserError
from claimtrack.schema import SCHEMA_VERSION, ExtractionOut, json_schema
from claimtrack.templating import prompt_bytes, render_prompt
from claimtrack.text import numbered_paragraphs, paragraph_at

PROMPT_FILES = ("extract.system.j2", "extract.user.j2", "reask.j2")
REQUEST_TIMEOUT = 120.0
# Worth another try: timeouts, rate limits, overload, gateway errors (not 4xx mistakes).
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
MAX_OUTPUT_TOKENS = 4096  # an answer for one article (part); bounds a model that runs away
MIN_PART_TOKENS = 200  # an article part smaller than this cannot hold a claim and its source
# Real answers run about 4 characters a token (3.6 to 4.1 in the recorded dev answers); an
# answer over four times that for the output-token limit is no answer the limit allows.
ANSWER_CHARS_PER_TOKEN = 16
_SECRET_ENV = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)", re.IGNORECASE)
_LITELLM_PREFIX = re.compile(r"^(?:litellm\.\w+:\s*)?(?:\w+Error:\s*)?(?:\w+Exception\s*-\s*)?")


class LLMError(UserError):
    """The model could not be asked or answered unusably; the message is one safe line."""


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...
    def put(self, key: str, model: str, response: str) -> None: ...


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one request: bounded attempts, growing waits, Retry-After honoured."""

    attempts: int = 4  # the first try and three retries
    backoff: float = 1.0  # seconds before the first retry; doubles each time, with jitter
    max_backoff: float = 30.0
    max_retry_after: float = 120.0  # a server asking for a longer wait is not waited for
    timeout: float = REQUEST_TIMEOUT  # seconds for one request
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    def wait(self, retry: int, retry_after: float | None) -> float:
        """Seconds before retry number `retry` (1-based): backoff, or longer if asked."""
        backoff = min(self.max_backoff, self.backoff * 2 ** (retry - 1))
        # Jitter spreads a batch's retries out instead of sending them back all at once.
        return max(backoff * random.uniform(0.5, 1.0), retry_after or 0.0)


RETRY = RetryPolicy()


class OutputMode(StrEnum):
    """How the JSON answer is asked for; providers accept different requests."""

    json_schema = "json_schema"  # OpenAI's response_format (litellm maps it for Ollama)
    json_object_schema = "json_object+schema"  # llama.cpp's server: json_object with a schema
    json_object = "json_object"  # JSON mode without a schema
    prompt = "prompt"  # nothing: the prompt alone asks for JSON, the answer is validated


_learned_modes: dict[tuple[str, str | None], OutputMode] = {}


@dataclass
class Reply:
    content: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    finish_reason: str | None = None
    refusal: str | None = None


@dataclass
class _Call:
    """One article's conversation settings and what it has cost so far."""

    model: str
    api_base: str | None
    retry: RetryPolicy
    result: Extraction
    part_cached: list[bool] = field(default_factory=list)


@lru_cache(maxsize=1)
def prompt_sha256() -> str:
    """The prompt's fingerprint, recorded on every run: the schema version and each prompt file."""
    digest = hashlib.sha256(f"schema-{SCHEMA_VERSION}".encode())
    for name in PROMPT_FILES:
        digest.update(hashlib.sha256(prompt_bytes(name)).hexdigest().encode())
    return digest.hexdigest()


def cache_key(model: str, messages: list[dict]) -> str:
    """The cache's key for a request: the model, the prompt and what the request carries."""
    parts = (model, prompt_sha256(), str(SCHEMA_VERSION), messages[-1]["content"])
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


_DATA_TAG = re.compile(r"<(\s*/?\s*(?:article|candidates))", re.IGNORECASE)


def build_messages(
    text: str,
    candidates: Sequence[FoundClaim] = (),
    *,
    title: str | None = None,
    part: int = 1,
    parts: int = 1,
) -> list[dict]:
    """The request: the instructions, then the numbered article and its candidates (id 1..n)."""
    system = render_prompt("extract.system.j2", schema_version=SCHEMA_VERSION)
    user = render_prompt(
        "extract.user.j2",
        text=_safe(numbered_paragraphs(text)),
        title=_safe(title) if title else title,
        candidates=[_candidate_line(number, c, text) for number, c in enumerate(candidates, 1)],
        part=part,
        parts=parts,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _safe(text: str) -> str:
    """An <article> or <candidates> tag inside the text must not open or close a data block."""
    return _DATA_TAG.sub("<\u200b\\1", text)


def _candidate_line(number: int, candidate: FoundClaim, text: str) -> dict:
    def shown(span: Span | None) -> str | None:
        return _safe(" ".join(span.of(text).split())) if span else None

    return {
        "id": number,
        "paragraph": paragraph_at(text, candidate.content.start),
        "source": shown(candidate.source_span),
        "cue": shown(candidate.cue_span),
        "source_type": candidate.source_type.value,
        "content": shown(candidate.content),
    }


async def aextract(
    text: str,
    *,
    model: str,
    candidates: Sequence[FoundClaim] = (),
    api_base: str | None = None,
    title: str | None = None,
    cache: Cache | None = None,
    max_input_tokens: int | None = None,
    retry: RetryPolicy | None = None,
) -> Extraction:
    """Ask the model to review the candidates and find the article's claims; ground them,
    re-ask once if needed.

    Async, so many articles' requests can be in flight at once.

    An article longer than the model's input limit is asked about in overlapping parts, each
    with the candidates inside it; their claims are merged with offsets into the whole text.
    """
    result = Extraction(extractor=model, claims=[], prompt_sha256=prompt_sha256())
    call = _Call(model=model, api_base=api_base, retry=retry or RETRY, result=result)
    spans = plan_parts(text, model=model, title=title, max_input_tokens=max_input_tokens)
    shown, unshown = chunks.assign(candidates, spans)
    found = []
    for number, (span, inside) in enumerate(zip(spans, shown, strict=True), start=1):
        part = _Part(span.of(text), inside, title, number, len(spans))
        found.append((span, *await _extract_part(part, call=call, cache=cache)))
    result.claims, result.rejected = chunks.merge(found)
    result.rejected += [
        Rejected(c.content.of(text), "candidate crosses the article's parts: not shown to the "
                 "model", dropped=True)
        for c in unshown
    ]  # fmt: skip
    result.cached = all(call.part_cached)
    return result


@dataclass(frozen=True)
class _Part:
    """What one request is about: the article (or a part of it) and its candidates."""

    text: str
    candidates: list[FoundClaim]
    title: str | None = None
    number: int = 1
    parts: int = 1


async def _extract_part(
    part: _Part, *, call: _Call, cache: Cache | None
) -> tuple[list[FoundClaim], list[Rejected]]:
    """One part's grounded claims: from the cache, else asked, re-asked once if unusable."""
    text, candidates = part.text, part.candidates
    messages = build_messages(
        text, candidates, title=part.title, part=part.number, parts=part.parts
    )
    key = cache_key(call.model, messages)
    cached = cache.get(key) if cache else None
    if cached is not None and len(cached) <= answer_cap(call.model):
        claims, rejected, _ = parse_reply(Reply(cached), text, candidates)
        if claims is not None:
            call.part_cached.append(True)
            return claims, rejected
    call.part_cached.append(False)
    reply = await _ask(messages, call)
    claims, rejected, problems = parse_reply(reply, text, candidates)
    if problems:
        messages += [
            {"role": "assistant", "content": reply.content},
            {"role": "user", "content": render_prompt("reask.j2", problems=problems)},
        ]
        second = await _ask(messages, call)
        claims2, rejected2, problems2 = parse_reply(second, text, candidates)
        if claims2 is not None:
            reply, claims, rejected = second, claims2, rejected2
        elif claims is None:
            problems = problems2  # the model's last word is the one to report
    if claims is None:
        raise LLMError(f"{call.model} did not return usable JSON after a re-ask: {problems}")
    if cache:
        cache.put(key, call.model, _cacheable(reply.content))
    return claims, rejected


def _cacheable(raw: str) -> str:
    """The answer to cache: as it came (redacted), or just its JSON object, redacted, when a
    secret hid in it behind JSON escapes."""
    value = _json_object(raw)
    redacted = _redact_strings(value)
    return raw if redacted == value else json.dumps(redacted, ensure_ascii=False)


async def _ask(messages: list[dict], call: _Call) -> Reply:
    reply = await complete(messages, model=call.model, api_base=call.api_base, retry=call.retry)
    call.result.input_tokens += reply.input_tokens
    call.result.output_tokens += reply.output_tokens
    if reply.cost_usd is not None:
        call.result.cost_usd = (call.result.cost_usd or 0.0) + reply.cost_usd
    cap = answer_cap(call.model)
    if len(reply.content) > cap:
        # Not re-asked: the re-ask would carry the runaway answer back to the model.
        raise LLMError(
            f"{call.model}: the answer is {len(reply.content):,} characters, over the {cap:,} "
            f"that {output_limit(call.model):,} output tokens allow; refused, nothing stored"
        )
    return reply


def answer_cap(model: str) -> int:
    """The most characters an answer may have: what the output-token limit allows, generously."""
    return output_limit(model) * ANSWER_CHARS_PER_TOKEN


def check_credentials(model: str, api_base: str | None = None) -> None:
    """LLMError naming the variable if the provider's key is not set: before any request.

    Only a provider's `*_API_KEY` counts: other credentials (AWS, Google) also come from
    profiles and instance roles, which only the request can tell.
    """
    if _keyless_local_server(model, api_base):
        return  # a placeholder key is sent (see `_send`)
    litellm = _litellm()
    try:
        missing = litellm.validate_environment(model=model, api_base=api_base)["missing_keys"]
    except Exception:  # a model litellm cannot place: the request says so in its own words
        return
    keys = [name for name in missing if name.endswith("_API_KEY")]
    if keys:
        raise LLMError(f"{' or '.join(keys)} is not set (needed for model {model})")


def load() -> None:
    """Import litellm now (seconds): a batch does it while its worker process loads spaCy."""
    _litellm()


def _litellm():
    # Set before the import so litellm reads its bundled price map instead of the network.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import logging

    import litellm

    litellm.suppress_debug_info = True
    litellm.telemetry = False
    # litellm's own warnings (about its logging worker, unmapped models) are not the user's
    # business; failures reach the user as one LLMError line.
    logging.getLogger("LiteLLM").setLevel(logging.ERROR)
    return litellm


def plan_parts(
    text: str, *, model: str, title: str | None = None, max_input_tokens: int | None = None
) -> list[Span]:
    """The spans of text to ask about, each small enough for the model's input limit."""
    limit = max_input_tokens or input_limit(model)
    if limit is None:
        return [Span(0, len(text))]
    litellm = _litellm()
    overhead = litellm.token_counter(model=model, messages=build_messages("", title=title))
    # A third of what the instructions leave: the candidates restate much of the part, and
    # the re-ask carries the first answer back as well.
    budget = (limit - overhead) // 3
    if budget < MIN_PART_TOKENS:
        raise LLMError(
            f"{model}: an input limit of {limit} tokens leaves no room for the article "
            f"(the instructions take {overhead})"
        )
    return chunks.split(
        text, budget=budget, count=lambda s: litellm.token_counter(model=model, text=s)
    )


@lru_cache(maxsize=64)
def output_limit(model: str) -> int:
    """Tokens an answer may take: MAX_OUTPUT_TOKENS, or less if the model allows less."""
    try:
        known = _litellm().get_model_info(model).get("max_output_tokens")
    except Exception:  # litellm raises for models it has no entry for
        known = None
    return min(MAX_OUTPUT_TOKENS, known or MAX_OUTPUT_TOKENS)


@lru_cache(maxsize=64)
def input_limit(model: str) -> int | None:
    """The model's input limit in tokens as litellm knows it, or None for unknown models."""
    try:
        info = _litellm().get_model_info(model)
    except Exception:  # litellm raises for models it has no entry for
        return None
    return info.get("max_input_tokens") or None


async def complete(
    messages: list[dict],
    *,
    model: str,
    api_base: str | None = None,
    retry: RetryPolicy | None = None,
) -> Reply:
    """One chat completion: retried when worth it, structured output as the server takes it."""
    check_credentials(model, api_base)
    litellm, retry = _litellm(), retry or RETRY
    modes = output_modes(model, api_base)
    for mode in modes:
        try:
            response = await _send(litellm, messages, model, api_base, mode, retry)
        except _FormatRefused as refused:
            if mode is not modes[-1]:
                continue  # the server does not take this kind of structured output
            raise LLMError(f"{model}: {describe(refused.__cause__)}") from None
        except LLMError:
            raise
        except Exception as exc:
            raise LLMError(f"{model}: {describe(exc)}") from None
        _learned_modes[(model, api_base)] = mode
        return _reply(litellm, response)
    raise AssertionError("unreachable: the last mode either answers or raises")


class _FormatRefused(Exception):
    """The server refused the structured-output request (the cause says how)."""


def _refuses_format(litellm, exc: Exception, mode: OutputMode) -> bool:
    if mode is OutputMode.prompt or isinstance(exc, litellm.ContextWindowExceededError):
        return False
    if isinstance(exc, litellm.BadRequestError | litellm.UnprocessableEntityError):
        return True
    # Some servers answer 500 to a parameter they do not know (llama-cpp-python's does).
    message = str(exc).lower()
    return "response_format" in message or "json_schema" in message


def output_modes(model: str, api_base: str | None) -> list[OutputMode]:
    """The structured-output requests to try for this model and server, best first."""
    modes = list(_provider_modes(model, api_base))
    learned = _learned_modes.get((model, api_base))
    return modes[modes.index(learned) :] if learned in modes else modes


@lru_cache(maxsize=64)
def _provider_modes(model: str, api_base: str | None) -> tuple[OutputMode, ...]:
    litellm = _litellm()
    try:
        provider = litellm.get_llm_provider(model, api_base=api_base)[1]
    except Exception:  # a model string litellm cannot place: it will fail with a clear error
        provider = None
    if provider in ("ollama", "ollama_chat"):
        return (OutputMode.json_schema, OutputMode.json_object, OutputMode.prompt)
    if api_base and provider in ("openai", "hosted_vllm", "llamafile", "lm_studio"):
        # A self-hosted OpenAI-compatible server: vLLM takes json_schema, llama.cpp the other.
        return (OutputMode.json_schema, OutputMode.json_object_schema, OutputMode.prompt)
    if _litellm_says(litellm.supports_response_schema, model):
        return (OutputMode.json_schema, OutputMode.json_object, OutputMode.prompt)
    if "response_format" in (_litellm_says(litellm.get_supported_openai_params, model) or ()):
        return (OutputMode.json_object, OutputMode.prompt)
    return (OutputMode.prompt,)


def _litellm_says(question: Callable, model: str):
    try:
        return question(model=model)
    except Exception:  # unknown models: litellm raises rather than answering "no"
        return None


def response_format(mode: OutputMode) -> dict | None:
    schema = json_schema()
    return {
        OutputMode.json_schema: {
            "type": "json_schema",
            "json_schema": {"name": "claims", "schema": schema, "strict": False},
        },
        OutputMode.json_object_schema: {"type": "json_object", "schema": schema},
        OutputMode.json_object: {"type": "json_object"},
    }.get(mode)


async def _send(litellm, messages, model, api_base, mode: OutputMode, retry: RetryPolicy):
    kwargs = {
        "model": model,
        "messages": messages,
        "api_base": api_base,
        "timeout": retry.timeout,
        "num_retries": 0,  # retries are ours (see the module docstring)
        "max_retries": 0,  # nor may the OpenAI client retry underneath
        "temperature": 0,
        "max_tokens": output_limit(model),
    }
    if (fmt := response_format(mode)) is not None:
        kwargs["response_format"] = fmt
    if _keyless_local_server(model, api_base):
        # vLLM, llama.cpp and friends take any key; the OpenAI client insists on having one.
        kwargs["api_key"] = "no-key-needed"
    for attempt in range(1, retry.attempts + 1):
        try:
            return await litellm.acompletion(**kwargs)
        except Exception as exc:
            if (refused := _refused_connection(exc, api_base)) is not None:
                raise LLMError(f"{model}: {refused}") from None  # nothing listens: no retry
            if _refuses_format(litellm, exc, mode):
                raise _FormatRefused from exc
            if not _worth_retrying(litellm, exc):
                raise
            asked = retry_after(exc)
            if asked is not None and asked > retry.max_retry_after:
                raise LLMError(
                    f"{model}: {describe(exc)} (the server asks to wait {asked:.0f} s; giving up)"
                ) from None
            if attempt == retry.attempts:
                raise LLMError(
                    f"{model}: gave up after {attempt} attempts: {describe(exc)}"
                ) from None
            await retry.sleep(retry.wait(attempt, asked))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _refused_connection(exc: Exception, api_base: str | None) -> str | None:
    """The line for a connection refused, naming where it was refused; None for other errors."""
    causes, cause = [], exc
    while cause is not None and len(causes) < 10:  # litellm wraps it three or four deep
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if not any(isinstance(c, ConnectionRefusedError) for c in causes):
        return None
    where = api_base
    for c in causes:  # without --api-base, the provider's own address (aiohttp names it)
        if where is None and getattr(c, "host", None) and getattr(c, "port", None):
            where = f"{c.host}:{c.port}"
    return redact(f"could not connect to {where or 'the provider'} (connection refused)")


def _keyless_local_server(model: str, api_base: str | None) -> bool:
    return bool(api_base) and model.startswith("openai/") and not os.environ.get("OPENAI_API_KEY")


def _worth_retrying(litellm, exc: Exception) -> bool:
    if "missing credentials" in str(exc).lower() or "api_key" in str(exc).lower():
        return False  # no key will appear by waiting
    if isinstance(exc, litellm.Timeout | litellm.APIConnectionError):
        return True
    return getattr(exc, "status_code", None) in RETRY_STATUSES


def retry_after(exc: Exception) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    headers = getattr(exc, "litellm_response_headers", None)
    if headers is None:
        headers = getattr(getattr(exc, "response", None), "headers", None)
    if not headers:
        return None
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        value = headers.get("retry-after")
        if not value:
            return None
        if value.strip().replace(".", "", 1).isdigit():
            return float(value)
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _reply(litellm, response) -> Reply:
    choice = response.choices[0]
    usage = getattr(response, "usage", None)
    hidden = getattr(response, "_hidden_params", None) or {}
    if "response_cost" in hidden:  # litellm priced it already (None: it knows no price)
        cost = hidden["response_cost"]
    else:
        try:
            cost = litellm.completion_cost(completion_response=response)
        except Exception:  # litellm knows no price for local or unknown models
            cost = None
    refusal = getattr(choice.message, "refusal", None)
    return Reply(  # a provider echoing the key gets it blanked before anything keeps it
        content=redact(choice.message.content or ""),
        input_tokens=getattr(usage, "prompt_tokens", 0) or 0,
        output_tokens=getattr(usage, "completion_tokens", 0) or 0,
        cost_usd=cost or None,
        finish_reason=choice.finish_reason,
        refusal=redact(refusal) if refusal else refusal,
    )


def describe(exc: Exception) -> str:
    """An exception as one short line, without litellm's prefixes or any secret."""
    kind = type(exc).__name__
    if kind == "Timeout":
        return "the request timed out"
    text = _LITELLM_PREFIX.sub("", " ".join(str(exc).split())) or kind
    status = getattr(exc, "status_code", None)
    text = f"{kind} (HTTP {status}): {text}" if status else f"{kind}: {text}"
    return redact(text if len(text) <= 300 else text[:297] + "...")


def redact(message: str) -> str:
    """Blank every secret-looking environment value (API keys, tokens) in a message or answer,
    in any case: a provider's key is not data for any column, log or message."""
    return _redactor()(message)


def _redactor() -> Callable[[str], str]:
    """`redact` for the environment as it is now: one pattern for every secret in it."""
    secrets = sorted(
        {v for k, v in os.environ.items() if v and len(v) >= 8 and _SECRET_ENV.search(k)},
        key=len,
        reverse=True,
    )
    if not secrets:
        return lambda message: message
    pattern = re.compile("|".join(map(re.escape, secrets)), re.IGNORECASE)
    return lambda message: pattern.sub("[redacted]", message)


def _redact_strings(value: object, blank: Callable[[str], str] | None = None) -> object:
    """A JSON value with `redact` applied to every string in it, keys included.

    The raw answer is redacted already; this catches a key spelled with JSON escapes.
    """
    blank = blank or _redactor()
    if isinstance(value, str):
        return blank(value)
    if isinstance(value, list):
        return [_redact_strings(item, blank) for item in value]
    if isinstance(value, dict):
        return {blank(k): _redact_strings(v, blank) for k, v in value.items()}
    return value


def parse_reply(
    reply: Reply, text: str, candidates: Sequence[FoundClaim] = ()
) -> tuple[list[FoundClaim] | None, list[Rejected], str | None]:
    """Validate and ground one reply: (claims or None if unusable, rejected, problems)."""
    if reply.refusal and not reply.content.strip():
        return None, [], f"the model refused: {_snippet(reply.refusal)}"
    claims, rejected, problems = parse_answer(reply.content, text, candidates)
    if claims is None and reply.finish_reason == "length":
        problems = (
            "the answer was cut off before the JSON ended (too long): list fewer claims and "
            f"keep each restatement short ({problems})"
        )
    elif claims is None and not _json_start(reply.content):
        problems = f"{problems}; the answer began: {_snippet(reply.content)}"
    return claims, rejected, problems


def _json_start(raw: str) -> bool:
    return "{" in raw


def _snippet(raw: str) -> str:
    text = " ".join(raw.split())
    return repr(text if len(text) <= 80 else text[:77] + "...")


def parse_answer(
    raw: str, text: str, candidates: Sequence[FoundClaim] = ()
) -> tuple[list[FoundClaim] | None, list[Rejected], str | None]:
    """Validate and ground one answer: (claims or None if unusable, rejected, problems)."""
    try:
        answer = ExtractionOut.model_validate(_redact_strings(_json_object(raw)))
    except (ValueError, ValidationError) as exc:
        return None, [], _validation_problem(exc)
    grounded = ground(answer, text, candidates)
    return grounded.claims, grounded.rejected, "\n".join(grounded.problems) or None


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


async def aclose() -> None:
    """Close litellm's pooled HTTP sessions: they belong to an event loop that is ending."""
    if "litellm" not in sys.modules:
        return
    litellm = _litellm()
    await litellm.close_litellm_async_clients()
    litellm.in_memory_llm_clients_cache.flush_cache()
