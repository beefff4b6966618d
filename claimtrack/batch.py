"""Extract many articles at once: model calls concurrent, each article stored when it is done.

What can be checked before the batch is: every local input (files, globs, @lists, stdin) is
read and validated first, and a bad one stops the command before anything is stored, as for a
single article. What can only fail during the batch fails for its article alone: fetching a
URL, asking a model. The batch goes on and the failures are reported at the end.

Every article is stored by one writer, whole or not at all (in a transaction of its own, or in
a savepoint of its own when several are stored together), and no transaction is open while a
model is being asked. With a model and several requests in flight, the writer is
a worker process that also refines the claims (the parse is the heavy part), so this process
keeps its interpreter for the requests. Ctrl-C cancels the requests in flight; every article
answered before it is stored, and running the same command again skips what is stored. The
offline rules stop at once, keeping the articles done (two, at most, waiting to be stored).
"""

from __future__ import annotations

import asyncio
import glob
import inspect
import os
import signal
import sys
import threading
from collections.abc import Callable, Coroutine, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

from claimtrack.domain import FoundClaim
from claimtrack.environment import RULES, database_url
from claimtrack.extract import (
    Extracted,
    ExtractOptions,
    Outcome,
    candidates_for,
    done_already,
    done_before,
    extract_article,
    finishing_process,
    forget_finishing_process,
    outcome,
    refine_and_store,
    refined,
    skipped,
    store,
)
from claimtrack.ingest import Document, InputError, Metadata, load
from claimtrack.newsroom import load_settings
from claimtrack.nlp import TooLong, check_installed


@dataclass
class Failure:
    """An input whose extraction failed; `message` is one line naming it."""

    origin: str
    message: str


@dataclass
class BatchReport:
    total: int
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    @property
    def stored(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.stored is not None]

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.stored is None]

    @property
    def not_done(self) -> int:
        return self.total - len(self.outcomes) - len(self.failures)


Item = Document | str  # a loaded local input, or a URL still to fetch


def is_url(ref: str) -> bool:
    return urlparse(ref).scheme in ("http", "https")


def expand(refs: list[str]) -> list[str]:
    """Command-line inputs as single inputs: globs expanded, each @FILE's lines read in.

    An @FILE lists one URL or path a line; blank lines and lines starting with # are skipped.
    """
    expanded: list[str] = []
    for ref in refs:
        if ref.startswith("@") and len(ref) > 1:
            expanded += _listed(ref[1:])
        elif ref == "-" or is_url(ref) or Path(ref).exists() or not glob.has_magic(ref):
            expanded.append(ref)  # load() reports a missing file in its own words
        else:
            expanded += _globbed(ref)
    return list(dict.fromkeys(expanded))  # the same input named twice is done once


def _listed(path: str) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"@{path}: cannot read the list ({exc})") from exc
    refs = [line.strip() for line in lines]
    refs = [ref for ref in refs if ref and not ref.startswith("#")]
    if not refs:
        raise InputError(f"@{path}: the list names no inputs")
    return refs


def _globbed(pattern: str) -> list[str]:
    matches = sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not matches:
        raise InputError(f"{pattern}: no file matches")
    return matches


def prepare(refs: list[str], metadata: Metadata | None = None) -> list[Item]:
    """Every input expanded, and every local one loaded and checked (InputError if bad).

    `metadata` is given to every local input here; to each URL by `extract_all`, fetching it.
    """
    expanded = expand(refs)
    if len(expanded) > 1 and metadata and (metadata.title or metadata.url):
        raise InputError(f"--title and --url name one article; {len(expanded)} inputs are given")
    return [ref if is_url(ref) else load(ref, metadata) for ref in expanded]


def extract_all(
    items: list[Item],
    *,
    options: ExtractOptions,
    concurrency: int = 1,
    on_done: Callable[[Outcome | Failure], None] | None = None,
    metadata: Metadata | None = None,
) -> BatchReport:
    """Extract and store every item, `concurrency` at a time; Ctrl-C stops it cleanly.

    With a model and `concurrency` > 1 this starts a worker process (see `_Writer`), so a
    script calling it must guard its entry point with `if __name__ == "__main__":`.
    `metadata` is given to each URL's article (a loaded Document has its own already).
    """
    report = BatchReport(total=len(items))
    fetch = partial(load, metadata=metadata)
    run = _run(items, options, concurrency, report, on_done or (lambda _: None), fetch)
    try:
        asyncio.run(run)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


async def _run(
    items: list[Item],
    options: ExtractOptions,
    concurrency: int,
    report: BatchReport,
    on_done: Callable[[Outcome | Failure], None],
    fetch: Callable[[str], Document],
) -> None:
    asyncio.get_running_loop().set_default_executor(_Calls())
    writer = None
    if options.model != RULES:  # the model reviews the rules' claims, refined over a parse
        check_installed()  # fail before asking
        if options.refine and _worth_a_worker_process(items, concurrency):
            # The worker finds the candidates, refines and stores; it is told the database and
            # scale, not left to guess. Started first: it loads spaCy while litellm imports.
            options = replace(options, url=options.url or database_url())
            writer = _Writer(options, report, on_done, finisher=finishing_process())
            options = replace(options, refine=False)  # here: ask the model, ground its answer
        from claimtrack import llm

        llm.load()  # meanwhile, the worker (if any) loads spaCy
        llm.check_credentials(options.model, options.api_base)  # once, not once an article
    writer = writer or _Writer(options, report, on_done)
    # What was done before is looked up once for every loaded file; URLs one by one, fetched.
    done = done_already([i for i in items if isinstance(i, Document)], options)
    queue = _Queue(items, done, writer, ahead=2 * max(1, concurrency))
    workers = (_work(queue, options, writer, done, fetch) for _ in range(max(1, concurrency)))
    try:
        with _ctrl_c_within_an_article():
            await asyncio.gather(*workers)
    finally:
        # Even on Ctrl-C: every article the model has answered for is stored before we stop.
        await writer.drain()
        await _close_clients(options)


def _worth_a_worker_process(items: list[Item], concurrency: int) -> bool:
    """Parse, refine and store in a second process when answers come faster than one core
    keeps up, or for one article, whose parse then overlaps litellm's import."""
    return (len(items) == 1 or concurrency > 1) and (os.cpu_count() or 1) > 1


class _Queue:
    """The batch's items, shared by its workers: each takes the next when it is free. Taking one
    keeps the worker process finding the candidates of the loaded files up to `ahead` items
    on, half that many at a time, so a request need not wait for its article's parse. They
    are found in jobs of a quarter as many, so the first requests wait for a few parses only."""

    def __init__(self, items: list[Item], done: dict[str, int], writer: _Writer, ahead: int):
        self.items, self.done, self.writer, self.ahead = items, done, writer, ahead
        self.next = self.asked = 0  # the next item to take; the first not yet asked about

    def __iter__(self) -> Iterator[Item]:
        return self

    def __next__(self) -> Item:
        if self.next >= len(self.items):
            raise StopIteration
        self.next += 1
        if self.asked - self.next < self.ahead // 2:
            start, self.asked = max(self.asked, self.next - 1), self.next + self.ahead
            coming = [
                i for i in self.items[start : self.asked]
                if isinstance(i, Document) and i.sha256 not in self.done
            ]  # fmt: skip
            step = max(1, self.ahead // 4)
            for at in range(0, len(coming), step):
                self.writer.find_candidates(coming[at : at + step])
        return self.items[self.next - 1]


async def _work(
    queue: Iterator[Item],
    options: ExtractOptions,
    writer: _Writer,
    done: dict[str, int],
    fetch: Callable[[str], Document],
) -> None:
    from claimtrack.llm import LLMError

    for item in queue:
        # The rules extract without ever waiting: yield here, or Ctrl-C (which cancels this
        # task) would only be seen when the whole batch is done.
        await asyncio.sleep(0)
        await writer.room()
        origin = item if isinstance(item, str) else item.origin
        try:
            if isinstance(item, Document):
                doc = item
                before = skipped(doc, done[doc.sha256]) if doc.sha256 in done else None
            else:
                doc = await asyncio.to_thread(fetch, item)
                before = done_before(doc, options)
            if before is not None:
                writer.finished(before)
                continue
            writer.submit(await _extract(doc, options, writer))
        except InputError as exc:
            writer.finished(Failure(origin, str(exc)))  # ingest's messages name the input
        except (LLMError, TooLong) as exc:
            writer.finished(Failure(origin, f"{origin}: {exc}"))
        except BrokenProcessPool:  # while finding the candidates
            writer.finished(writer.lost(origin))


async def _extract(doc: Document, options: ExtractOptions, writer: _Writer) -> Extracted:
    """`extract_article`, which Ctrl-C stops mid-article for the offline rules.

    The rules never wait, so the batch's cancellation would reach them only after the article
    in hand, seconds later for a long one. Nothing of the article is stored yet: it is not done.
    With a worker process, the model's candidates are found there, not here.
    """
    if options.model != RULES:
        return await extract_article(doc, options, await writer.candidates(doc))
    try:
        _offline_article.set()
        return await extract_article(doc, options)  # does not wait: the flag stays true
    except KeyboardInterrupt:  # raised mid-article by the handler below
        raise asyncio.CancelledError from None  # as the batch's own cancellation would
    finally:
        _offline_article.clear()


_offline_article = threading.Event()  # the main thread is extracting with the offline rules


@contextmanager
def _ctrl_c_within_an_article() -> Iterator[None]:
    """While the batch runs, Ctrl-C also raises KeyboardInterrupt in an offline extraction.

    asyncio.run's own handler cancels the batch (and a second Ctrl-C raises at once); this one
    calls it, then interrupts the rules' parse. Only in the main thread, under asyncio.run.
    """
    runners = signal.getsignal(signal.SIGINT)
    handler = getattr(runners, "func", None)
    if getattr(handler, "__func__", None) is not asyncio.Runner._on_sigint:
        yield  # not asyncio.run's handler: leave Ctrl-C as it is
        return

    def on_ctrl_c(signum, frame) -> None:
        runners(signum, frame)  # cancels the batch
        if _offline_article.is_set():
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, runners)


class _Writer:
    """The batch's one database writer, storing each article as its extraction ends.

    A thread, so the workers send their next request while an article's transaction commits.
    Given a `finisher` process, that process finds the articles' candidates, and refines and
    stores the answered ones (the parse and the transaction are the heavy part), leaving this
    process's interpreter to the requests. Either way there is one writer at a time, so SQLite
    never waits on its own lock.
    """

    def __init__(
        self,
        options: ExtractOptions,
        report: BatchReport,
        on_done: Callable[[Outcome | Failure], None],
        *,
        finisher: Executor | None = None,
    ) -> None:
        self.report, self.on_done, self.options = report, on_done, options
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="claimtrack-writer")
        # The rating scale's verdicts, read here: the worker process stores with the same ones.
        self.verdicts = load_settings().scale.names
        self.store = partial(store, url=options.url, verdicts=self.verdicts, force=options.force)
        self.finisher = finisher  # shared by every batch of this process: not shut down here
        # Articles extracted but not yet stored, at most: what Ctrl-C waits for. With a worker
        # process nothing is held back (every answer is stored: requests cost money).
        self.backlog = 2 if finisher is None else None
        self.pending: set[asyncio.Future] = set()
        # Answered articles waiting for the worker process, each with its outcome to come, and
        # the job storing those answered before (see `_store_answered`).
        self.answered: list[tuple[Extracted, asyncio.Future]] = []
        self.storing: asyncio.Task | None = None
        # content hash -> the job finding its candidates, and its place among the job's articles
        self.coming: dict[str, tuple[Future, int]] = {}
        self.errors: list[BaseException] = []

    def find_candidates(self, docs: Iterable[Document]) -> None:
        """Start finding these articles' candidates in the worker process, before their turn:
        one job for all of them, which parses them together."""
        if self.finisher is None:
            return
        new = list({d.sha256: d for d in docs if d.sha256 not in self.coming}.values())
        if not new:
            return
        try:
            job = self.finisher.submit(candidates_for, [d.text for d in new])
        except BrokenProcessPool:
            return  # each article's own turn reports it
        for place, doc in enumerate(new):
            self.coming[doc.sha256] = (job, place)

    async def candidates(self, doc: Document) -> list[FoundClaim] | None:
        """The offline extractor's claims for a model to review, found in the worker process
        (None without one: the article's own extraction finds them)."""
        if self.finisher is None:
            return None
        self.find_candidates([doc])
        if doc.sha256 not in self.coming:  # the worker process is gone
            raise BrokenProcessPool
        job, place = self.coming.pop(doc.sha256)
        found = (await asyncio.wrap_future(job))[place]
        if isinstance(found, Exception):
            raise found
        return found

    async def room(self) -> None:
        """Wait until the writer has room for one more article (see `backlog`)."""
        while self.backlog and len(self.pending) >= self.backlog:
            await asyncio.wait(set(self.pending), return_when=asyncio.FIRST_COMPLETED)

    def submit(self, extracted: Extracted) -> None:
        loop = asyncio.get_running_loop()
        if self.finisher is None:  # stored at once
            future = loop.run_in_executor(self.thread, self.store, extracted)
        else:
            future = loop.create_future()
            self.answered.append((extracted, future))
            self._store_answered()
        self.pending.add(future)
        future.add_done_callback(partial(self._stored, extracted))

    def _store_answered(self) -> None:
        """Send the articles answered so far to the worker process in one job, unless it has
        one already: those answered meanwhile go in the next. The worker commits once for
        several articles when answers come faster than it stores them one by one."""
        if self.storing is None and self.answered:
            group, self.answered = self.answered, []
            self.storing = asyncio.ensure_future(self._refine_and_store(group))

    async def _refine_and_store(self, group: list[tuple[Extracted, asyncio.Future]]) -> None:
        try:
            results = await self._outcomes([extracted for extracted, _ in group])
        except asyncio.CancelledError:  # the loop is going away
            for _, future in group:
                future.cancel()
            raise
        for (_, future), result in zip(group, results, strict=True):
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
        self.storing = None
        self._store_answered()

    async def _outcomes(self, answered: list[Extracted]) -> list[Outcome | BaseException]:
        """Refine and store the answered articles in the worker process. If the worker has died,
        the answers are paid for all the same: they are refined and stored here."""
        loop = asyncio.get_running_loop()
        try:
            results = await loop.run_in_executor(
                self.finisher, refine_and_store, answered, self.options, self.verdicts
            )
        except BrokenProcessPool:
            forget_finishing_process()  # a later batch in this process starts a new one
            return [await self._refine_and_store_here(extracted) for extracted in answered]
        except Exception as exc:  # a database error or a bug: raised by drain()
            return [exc for _ in answered]
        outcomes: list[Outcome | BaseException] = []
        for extracted, result in zip(answered, results, strict=True):
            if isinstance(result, BaseException):
                outcomes.append(result)
                continue
            extracted.extraction, stored = result
            outcomes.append(outcome(extracted, stored))
        return outcomes

    async def _refine_and_store_here(self, extracted: Extracted) -> Outcome | BaseException:
        try:
            extraction, text = extracted.extraction, extracted.doc.text
            extracted.extraction = await asyncio.to_thread(refined, extraction, text, self.options)
            return await asyncio.get_running_loop().run_in_executor(
                self.thread, self.store, extracted
            )
        except Exception as exc:  # TooLong, a database error: this article's
            return exc

    def _stored(self, extracted: Extracted, future: asyncio.Future) -> None:
        self.pending.discard(future)
        if future.cancelled():  # the loop is going away; drain() has waited for the rest
            return
        if isinstance(future.exception(), BrokenProcessPool):
            self.finished(self.lost(extracted.doc.origin))
            return
        if isinstance(future.exception(), TooLong):  # the worker process parses again
            origin = extracted.doc.origin
            self.finished(Failure(origin, f"{origin}: {future.exception()}"))
            return
        if future.exception() is not None:  # a database error or a bug: raised by drain()
            self.errors.append(future.exception())
            return
        self.finished(future.result())

    def lost(self, origin: str) -> Failure:
        """The worker process died (killed, out of memory): this article was not stored."""
        forget_finishing_process()  # a later batch in this process starts a new one
        return Failure(origin, f"{origin}: the worker process storing articles stopped (killed?)")

    def finished(self, result: Outcome | Failure) -> None:
        if isinstance(result, Failure):
            self.report.failures.append(result)
        else:
            self.report.outcomes.append(result)
        self.on_done(result)

    async def drain(self) -> None:
        for job, _ in self.coming.values():  # articles not reached (Ctrl-C)
            job.cancel()
        if self.pending:
            await asyncio.wait(set(self.pending))
        self.thread.shutdown()
        if self.errors:
            raise self.errors[0]


class _Calls(ThreadPoolExecutor):
    """The batch's default executor, which closes what litellm's cancelled calls leave behind.

    litellm's acompletion makes the request's coroutine in a thread and then awaits it. A call
    cancelled meanwhile (Ctrl-C) never awaits it, and Python warns "coroutine ... was never
    awaited" when it is collected; this keeps each such coroutine until it is awaited, and
    closes those never awaited once the batch's threads are done (`asyncio.run` shuts this
    executor down after the batch, cancelled or not).
    """

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="claimtrack-call")
        self.made: list[Coroutine] = []
        self.lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(self._keeping, fn, *args, **kwargs)

    def _keeping(self, fn, *args, **kwargs):
        result = fn(*args, **kwargs)
        if inspect.iscoroutine(result):
            with self.lock:  # keep only those not yet begun: the rest are awaited
                self.made = [
                    c for c in self.made if inspect.getcoroutinestate(c) == inspect.CORO_CREATED
                ]
                self.made.append(result)
        return result

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait, cancel_futures=cancel_futures)
        if wait:
            with self.lock:
                for coroutine in self.made:
                    if inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED:
                        coroutine.close()
                self.made.clear()


async def _close_clients(options: ExtractOptions) -> None:
    # The model's HTTP sessions belong to this event loop, which ends with the batch.
    if "claimtrack.llm" in sys.modules and options.model != RULES:
        from claimtrack.llm import aclose

        await aclose()
