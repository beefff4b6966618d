"""The offline extractor: attributions read off spaCy dependency parses by rule.

A claim is found around a *cue*: a reporting or cognition verb ("said", "claimed", "polls
show"), "according to", or a disputing clause ("observers are skeptical"). The cue's subject is
the source and its clausal complement (or the quotation it introduces or follows) the content.
Spans follow the annotation conventions of PolNeAR (see `../shared/data/README.md`): the cue
keeps its auxiliaries, negation and particles, the content keeps a leading "that" and its quote
marks, the source is the whole noun phrase.

The parse is the only expensive step; everything here is a walk over tokens already parsed, so
`extract_many` runs at nearly the speed of the bare pipeline.

The package is layered: a module imports only from the modules above it in this list.

- `lexicon` (with `lexicon.toml`): the word lists; `cascade`: how a first-match-wins tuple of
  rules is run. Neither imports another module of the package.
- `learned` (with `cue_model.bin` and `cue_model.json`): the learned cue scorer, a small
  network over the pipeline's own token vectors (needs `lexicon` only); off unless
  `learned.THRESHOLD` is set, when this module runs it once per article and `cues` reads the
  cues it is confident of off the layout.
- `layout`: the article's text, lines and quotations, and spans clipped and trimmed to them.
- `predicates`: small tests on tokens that the layers above share.
- `speakers`: who speaks (subjects, speaker phrases, antecedents, the name a claim is filed
  under and the type of its source).
- `quotes`: speaker tags and the quotations and sentences around them.
- `content`: what was said (`content_of_verb` and the complements, objects and clauses it
  reads).
- `cues`: the candidates found at a token, and `Candidate` itself.
- `lines`: the candidates of lines shaped by layout (signed quotations, "Speaker: ..."
  headlines and transcript turns); above `cues`, whose `Candidate` it makes.
- `worth`: check-worthiness, read off the content's tokens (needs `lexicon` only).
- `assemble`: candidates made `FoundClaim`s (stance cues held by someone who can speak, the
  writer's turn, nested claims, certainty, check-worthiness).
- `coreference`: the speaker a pronoun, a bare surname or a short name stands for, from the
  people and organisations the article names (needs `lexicon`, `cascade` and `layout`).
- this module: the public functions, `extract`, `extract_many` and `claims_in`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from claimtrack.domain import FoundClaim
from claimtrack.nlp import pipeline
from claimtrack.rules.assemble import found_claims
from claimtrack.rules.coreference import resolve_speakers
from claimtrack.rules.cues import token_candidates
from claimtrack.rules.layout import article_layout
from claimtrack.rules.learned import confident_cues
from claimtrack.rules.lines import line_candidates

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract(text: str) -> list[FoundClaim]:
    """Find the attributed claims in one article's text."""
    return claims_in(pipeline()(text))


def extract_many(texts: Iterable[str]) -> Iterator[list[FoundClaim]]:
    """Find the claims of many articles, parsing them in batches (same results as `extract`)."""
    for doc in pipeline().pipe(texts):
        yield claims_in(doc)


def claims_in(doc: Doc, text: str | None = None) -> list[FoundClaim]:
    """The claims of a parsed article, sorted by where their content starts (`text` is the
    article's text when the caller has it: Doc.text rebuilds it on every access)."""
    with article_layout(doc, text) as layout:
        layout.confident_cues = confident_cues(doc, layout.quotes)
        candidates = token_candidates(doc, layout) + line_candidates(doc, layout)
        return resolve_speakers(doc, found_claims(doc, candidates, layout))
