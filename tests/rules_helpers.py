"""Helpers shared by the rule extractor's tests (tests/test_rules_*.py)."""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from claimtrack.domain import FoundClaim
from claimtrack.nlp import pipeline
from claimtrack.rules import extract

SEED = Path(__file__).resolve().parents[1] / "seeds" / "express-tribune-kabul-delegation.txt"


def roles(claim: FoundClaim, text: str) -> tuple[str | None, str | None, str]:
    source = claim.source_span.of(text) if claim.source_span else None
    cue = claim.cue_span.of(text) if claim.cue_span else None
    return source, cue, claim.content.of(text)


def only_claim(text: str) -> FoundClaim:
    claims = extract(text)
    assert len(claims) == 1, [roles(c, text) for c in claims]
    return claims[0]


def seed_roles() -> tuple[str, list[FoundClaim]]:
    text = SEED.read_text(encoding="utf-8")
    return text, extract(text)


def misparsed(
    text: str, arcs: dict[str, tuple[str, str]], tags: dict[str, tuple[str, str]] | None = None
) -> Doc:
    """The pipeline's parse of text with some arcs redrawn ({word: (dep, head word)}) and some
    tags changed ({word: (tag, part of speech)}), to pin the rules that repair a parse the
    model gives only on some sentences."""
    doc = pipeline()(text)
    index = {t.text: t.i for t in doc}
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    for word, (dep, head) in arcs.items():
        deps[index[word]], heads[index[word]] = dep, index[head]
    tag_of = [t.tag_ for t in doc]
    pos_of = [t.pos_ for t in doc]
    for word, (tag, pos) in (tags or {}).items():
        tag_of[index[word]], pos_of[index[word]] = tag, pos
    return Doc(
        doc.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        heads=heads,
        deps=deps,
        tags=tag_of,
        pos=pos_of,
        lemmas=[t.lemma_ for t in doc],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
    )
