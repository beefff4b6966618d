"""Choose an extractor and run it over one article: the offline rules or any litellm model."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from claimtrack.config import RULES
from claimtrack.db import session
from claimtrack.domain import Extraction
from claimtrack.ingest import Document
from claimtrack.llm import Cache
from claimtrack.store import DatabaseCache, Stored, extracted_before, find_article, store_extraction


def extract_claims(
    text: str,
    *,
    model: str = RULES,
    api_base: str | None = None,
    title: str | None = None,
    cache: Cache | None = None,
) -> Extraction:
    """Every attributed claim in text, grounded to offsets; `model="rules"` needs no network."""
    if model == RULES:
        from claimtrack import rules

        return Extraction(extractor=RULES, claims=rules.extract(text))
    from claimtrack import llm

    return llm.extract(text, model=model, api_base=api_base, title=title, cache=cache)


@dataclass
class Outcome:
    """What happened to one input: stored, or skipped because it was done before."""

    doc: Document
    extraction: Extraction | None = None
    stored: Stored | None = None
    skipped: str | None = None  # why nothing was stored


def extract_and_store(
    doc: Document,
    *,
    model: str = RULES,
    api_base: str | None = None,
    force: bool = False,
    url: str | None = None,
) -> Outcome:
    """Extract one article and store it whole, unless it was already extracted this way.

    The model call happens outside any transaction, so a slow provider never holds the
    database's write lock; the store step is one transaction.
    """
    prompt = None if model == RULES else _prompt_sha()
    with session(url) as s:
        article = find_article(s, doc.sha256)
        if article and not force and extracted_before(s, article.id, model, prompt):
            return Outcome(doc, skipped=f"unchanged, already extracted as article {article.id}")
    cache = None if model == RULES else DatabaseCache(url)
    extraction = extract_claims(
        doc.text, model=model, api_base=api_base, title=doc.title, cache=cache
    )
    with session(url, write=True) as s:
        try:
            stored = store_extraction(s, doc, extraction)
        except IntegrityError:
            # Another worker stored the same article between our check and our insert.
            s.rollback()
            return Outcome(doc, extraction, skipped="stored meanwhile by another worker")
    return Outcome(doc, extraction, stored)


def _prompt_sha() -> str:
    from claimtrack.llm import prompt_sha256

    return prompt_sha256()
