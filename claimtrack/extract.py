"""Choose an extractor and run it over one article: the offline rules or any litellm model."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from claimtrack.db import session
from claimtrack.domain import Extraction, FoundClaim
from claimtrack.environment import RULES
from claimtrack.errors import UserError
from claimtrack.ingest import Document
from claimtrack.llm import Cache, prompt_sha256
from claimtrack.models import utcnow
from claimtrack.store import (
    Stored,
    add_cached_answer,
    cached_answer,
    extracted_articles,
    extracted_before,
    find_article,
    store_extraction,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from sqlmodel import Session


@dataclass(frozen=True)
class ExtractOptions:
    """How to extract: with which model, from which server, into which database."""

    model: str = RULES
    api_base: str | None = None
    force: bool = False  # extract again even if this article was extracted this way before
    url: str | None = None  # the database; None for the configured one
    max_input_tokens: int | None = None  # None: the model's own limit, as litellm knows it
    refine: bool = True  # False only to measure what span refinement adds

    @property
    def extractor(self) -> str:
        """The name runs are recorded under: the model (or the offline rules)."""
        return self.model


def extract_claims(
    text: str,
    *,
    model: str = RULES,
    api_base: str | None = None,
    title: str | None = None,
    cache: Cache | None = None,
    max_input_tokens: int | None = None,
    refine: bool = True,
) -> Extraction:
    """Every attributed claim in text, grounded to offsets; `model="rules"` needs no network."""
    options = ExtractOptions(
        model=model, api_base=api_base, max_input_tokens=max_input_tokens, refine=refine
    )
    return asyncio.run(aextract_claims(text, options=options, title=title, cache=cache))


async def aextract_claims(
    text: str,
    *,
    options: ExtractOptions,
    title: str | None = None,
    cache: Cache | None = None,
    candidates: list[FoundClaim] | None = None,
) -> Extraction:
    """`extract_claims` for an event loop, so many articles can wait on a model at once.

    A model reviews the offline extractor's claims (`candidates`: found here over a parse of
    the article, in a thread, unless given) and adds what they missed. Whatever extracts, the
    spans are then refined against the parse (refine.py).
    """
    if options.model == RULES:
        claims = rules_claims(parse(text), refined=options.refine)
        return Extraction(extractor=RULES, claims=claims)
    from claimtrack import llm

    doc = None
    if candidates is None:
        doc = await asyncio.to_thread(parse, text)
        candidates = rules_claims(doc)
    extraction = await llm.aextract(
        text,
        model=options.model,
        candidates=candidates,
        api_base=options.api_base,
        title=title,
        cache=cache,
        max_input_tokens=options.max_input_tokens,
    )
    if not options.refine:
        return extraction
    return refine_extraction(extraction, doc or await asyncio.to_thread(parse, text), options)


def parse(text: str) -> Doc:
    """The article's parse, with the named entities the rules read."""
    from claimtrack import nlp

    return nlp.parse(text)


_PARSED: OrderedDict[str, Doc] = OrderedDict()  # the worker's parses not yet refined over
KEEP_PARSED = 64  # the articles in flight and those whose candidates are found ahead


def _parsed(text: str, *, keep: bool) -> Doc:
    """`parse`, remembered: a batch's worker process parses an article for its candidates, and
    refines the model's claims over the same parse when it has answered (then, with `keep`
    false, the parse is let go: its article is done)."""
    doc = _PARSED.pop(text, None) or parse(text)
    if keep:
        _remember(text, doc)
    return doc


def _remember(text: str, doc: Doc) -> None:
    _PARSED[text] = doc
    while len(_PARSED) > KEEP_PARSED:
        _PARSED.popitem(last=False)


def candidates_for(texts: list[str]) -> list[list[FoundClaim] | UserError]:
    """The offline extractor's claims over each text, for a model to review (in the worker
    process); parsed together, which spaCy does faster than one by one. A text that cannot be
    parsed gets its error in its place, so the others still get theirs."""
    from claimtrack import nlp

    pipeline = nlp.pipeline()
    new = [t for t in dict.fromkeys(texts) if t not in _PARSED and len(t) <= pipeline.max_length]
    for text, doc in zip(new, pipeline.pipe(new), strict=True):
        _remember(text, doc)
    return [_candidates_or_error(text) for text in texts]


def _candidates_or_error(text: str) -> list[FoundClaim] | UserError:
    try:
        return rules_claims(_parsed(text, keep=True))
    except UserError as exc:  # nlp.TooLong
        return exc


def refine_extraction(extraction: Extraction, doc: Doc, options: ExtractOptions) -> Extraction:
    """A model's extraction with its claims refined over the article's parse, recorded under
    the extractor's name."""
    from claimtrack.refine import refine

    extraction.claims = refine(doc, extraction.claims)
    extraction.extractor = options.extractor
    return extraction


def rules_claims(doc: Doc, *, refined: bool = True) -> list[FoundClaim]:
    """The offline extractor's claims over a parsed article, refined."""
    from claimtrack import rules
    from claimtrack.refine import refine

    text = doc.text  # built anew on each access: once for both steps
    claims = rules.claims_in(doc, text)
    return refine(doc, claims, text) if refined else claims


@dataclass
class Outcome:
    """What happened to one input: stored, or skipped because it was done before."""

    doc: Document
    extraction: Extraction | None = None
    stored: Stored | None = None
    skipped: str | None = None  # why nothing was stored
    seconds: float = 0.0  # from the start of the extraction to the end of storing it


def done_before(doc: Document, options: ExtractOptions) -> Outcome | None:
    """A skipped Outcome if this text was already extracted by this model and prompt."""
    if options.force:
        return None
    prompt = None if options.model == RULES else prompt_sha256()
    with session(options.url) as s:
        article = find_article(s, doc.sha256)
        if article and extracted_before(s, article.id, options.extractor, prompt):
            return skipped(doc, article.id)
    return None


def done_already(docs: list[Document], options: ExtractOptions) -> dict[str, int]:
    """`done_before` for many documents in one query: content hash -> article id."""
    if options.force or not docs:
        return {}
    prompt = None if options.model == RULES else prompt_sha256()
    hashes = [d.sha256 for d in docs]
    found: dict[str, int] = {}
    with session(options.url) as s:
        for start in range(0, len(hashes), 500):  # within any database's limit on parameters
            found |= extracted_articles(s, hashes[start : start + 500], options.extractor, prompt)
    return found


def skipped(doc: Document, article_id: int) -> Outcome:
    return Outcome(doc, skipped=f"unchanged, already extracted as article {article_id}")


@dataclass
class Extracted:
    """One article's extraction, ready to store, with the model's answers for the cache."""

    doc: Document
    extraction: Extraction
    started_at: datetime  # for the run record
    clock: float  # perf_counter() at the start, for Outcome.seconds
    cache: DeferredCache | None


async def extract_article(
    doc: Document, options: ExtractOptions, candidates: list[FoundClaim] | None = None
) -> Extracted:
    """Extract one article's claims without storing anything (LLMError if the model fails)."""
    clock, started_at = time.perf_counter(), utcnow()
    cache = None if options.model == RULES else DeferredCache(options.url)
    extraction = await aextract_claims(
        doc.text, options=options, title=doc.title, cache=cache, candidates=candidates
    )
    return Extracted(doc, extraction, started_at, clock, cache)


def store(
    extracted: Extracted,
    *,
    url: str | None,
    verdicts: tuple[str, ...] | None = None,
    force: bool = False,
) -> Outcome:
    """Store one article's extraction, and the model's answers for the cache, in one transaction.

    `verdicts` are the rating scale's verdicts (default: the configured scale's). Unless
    `force`, an article another process extracted the same way meanwhile is not stored again:
    the Outcome is skipped, as if it had been done before.
    """
    return outcome(extracted, _store(extracted, url=url, verdicts=verdicts, force=force))


def _store(
    extracted: Extracted, *, url: str | None, verdicts: tuple[str, ...] | None, force: bool
) -> Stored | None:
    with session(url, write=True) as s:
        stored = _add(s, extracted, verdicts=verdicts, force=force)
        s.commit()
    return stored


def _add(
    s: Session, extracted: Extracted, *, verdicts: tuple[str, ...] | None, force: bool
) -> Stored | None:
    """Add one article's extraction and the model's answers to the session's transaction, in a
    savepoint of its own: all of it, or nothing if the article is stored already (None)."""
    doc, extraction, cache = extracted.doc, extracted.extraction, extracted.cache
    savepoint = s.begin_nested()
    try:
        for key, model, response in cache.pending if cache else ():
            add_cached_answer(s, key, model, response)
        stored = store_extraction(
            s, doc, extraction, started_at=extracted.started_at, verdicts=verdicts,
            unless_done=not force, commit=False,
        )  # fmt: skip
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        savepoint.rollback()
        return None
    except BaseException:
        savepoint.rollback()
        raise
    if stored is None:
        savepoint.rollback()  # done already: not even its answers are added
    else:
        savepoint.commit()
    return stored


def outcome(extracted: Extracted, stored: Stored | None) -> Outcome:
    """What `store` reports: stored, or skipped if another writer stored it meanwhile."""
    result = Outcome(extracted.doc, extracted.extraction, stored)
    result.seconds = time.perf_counter() - extracted.clock
    result.skipped = None if stored else "stored meanwhile by another worker"
    return result


def refined(extraction: Extraction, text: str, options: ExtractOptions) -> Extraction:
    """An answered article's extraction with its claims refined over a parse of the text
    (in a batch's worker process, the parse made for its candidates)."""
    return refine_extraction(extraction, _parsed(text, keep=False), options)


def refine_and_store(
    answered: list[Extracted], options: ExtractOptions, verdicts: tuple[str, ...]
) -> list[tuple[Extraction, Stored | None] | UserError]:
    """What a batch's worker process does with the articles answered since its last such job
    (see `finishing_process`): refine each one's claims, then store them all in one
    transaction, each in a savepoint of its own (whole or not at all, as `store` does); one
    commit for all of them. Returns, for each, the refined extraction and what was stored, for
    the batch to report (`outcome`), or the error that kept it from being stored."""
    results: list = []
    for extracted in answered:
        try:
            extracted.extraction = refined(extracted.extraction, extracted.doc.text, options)
            results.append(extracted)
        except UserError as exc:  # nlp.TooLong
            results.append(exc)
    with session(options.url, write=True) as s:
        results = [
            r if isinstance(r, UserError)
            else (r.extraction, _add(s, r, verdicts=verdicts, force=options.force))
            for r in results
        ]  # fmt: skip
        s.commit()
    return results


def finishing_process() -> Executor:
    """A worker process for `candidates_for` and `refine_and_store`, with the English pipeline
    loaded.

    One process, made when first asked for and kept for the life of this one, so a second
    batch in the same process does not load spaCy again. It ignores Ctrl-C: the batch decides
    what stops, and drains what the worker was given before it exits. If this process is
    killed outright (SIGKILL, out of memory), the worker exits too, within a fraction of a
    second, and with it multiprocessing's resource tracker, which was waiting for both (it
    removes the worker's semaphores and says so on stderr).
    """
    global _finisher
    if _finisher is None:
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        # spawn: a fresh interpreter, not a fork of one with threads and an event loop.
        _finisher = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_finisher,
            initargs=(os.getpid(),),
        )
        _spawn_deaf_to_ctrl_c(_finisher)
    return _finisher


def _spawn_deaf_to_ctrl_c(pool: Executor) -> None:
    """Start the worker now (it loads spaCy while this process goes on), deaf to Ctrl-C from
    its first instruction: a Ctrl-C during its start would kill it, and a pool whose worker
    died mid-start fails on every article it was given. The worker is forked from this thread
    with SIGINT blocked, and a blocked signal stays blocked in the child; this process still
    hears a Ctrl-C meanwhile, held until the block ends if no other thread takes it."""
    import signal

    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool.submit(int)  # ProcessPoolExecutor starts its worker with the first job
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


_finisher: Executor | None = None


def forget_finishing_process() -> None:
    """Let the next batch start a new worker: this one stopped (its pool is broken)."""
    global _finisher
    if _finisher is not None:
        _finisher.shutdown(wait=False)
    _finisher = None


def _start_finisher(parent: int) -> None:
    import signal
    import threading

    from claimtrack.nlp import PipelineMissing, pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="orphan-watch").start()
    try:
        pipeline()
    except PipelineMissing:
        pass  # each job raises it again, as one line for the user, not a broken pool


def _exit_with(parent: int, every: float = 0.2) -> None:
    """Exit this worker process as soon as `parent` is gone (it is then someone else's child).

    An article it was storing is rolled back with its connection (whole or not at all), and
    what it was given is not stored: nobody is left to report it, and the same command again
    does it. A thread rather than prctl(PR_SET_PDEATHSIG):
    that fires when the *thread* that started the worker ends, which may be long before the
    process does, and it is Linux only.
    """
    import os

    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


class DeferredCache:
    """The LLM cache, read at once but written with the article: one commit per article, not two.

    An article whose extraction fails leaves no answer in the cache, as it leaves nothing else.
    """

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.pending: list[tuple[str, str, str]] = []

    def get(self, key: str) -> str | None:
        with session(self.url) as s:
            return cached_answer(s, key)

    def put(self, key: str, model: str, response: str) -> None:
        self.pending.append((key, model, response))
