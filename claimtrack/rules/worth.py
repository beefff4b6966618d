"""Check-worthiness: how much a fact-checker would want to check a claim, and why.

What makes a claim checkable ranks it: a figure (a statistic) first, then a cause, a
comparison, and a concrete statement about a named actor; each further kind adds a little.
Content that only says how someone feels, what someone means to do, how something tastes, or
sets a scene has nothing to check and scores below 0.5. The reason names what is checkable
(with the words that make it so) or says that nothing is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtrack.domain import Span
from claimtrack.rules.lexicon import (
    CAUSAL_MARKERS,
    COMPARISON_WORDS,
    DOUBT_ADJECTIVES,
    FEELING_WORDS,
    INTENTION_WORDS,
    OPINION_CUES,
    PREDICTION_MARKERS,
    TASTE_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# The weight of each checkable kind, highest first: the best kind found sets the score.
_CHECKABLE = {"a figure": 0.85, "a cause": 0.8, "a comparison": 0.75, "a named actor": 0.7}
_NOT_CHECKABLE = 0.35  # scene-setting, or content with nothing named, counted or compared
_ACTORS = frozenset("PERSON ORG GPE NORP FAC LOC LAW EVENT".split())
_NOT_FIGURES = frozenset("DATE TIME ORDINAL".split())
_FIRST_PERSON = frozenset("i we".split())
_CAUSAL_WITH_TO = frozenset("led leads due owing".split())


def checkworthiness(doc: Doc, content: Span, lemma: str) -> tuple[float, str]:
    """A 0..1 worth of fact-checking for content cued by lemma, and the reason for it."""
    piece = doc.char_span(content.start, content.end, alignment_mode="expand")
    tokens = [t for t in piece or () if not t.is_punct]
    mood = _mood(tokens)
    found = {kind: words for kind, words in _checkable(tokens, mood).items() if words}
    if not found:
        score = _NOT_CHECKABLE - (0.1 if mood else 0.0)
        reason = f"nothing checkable: {mood or 'no figure, cause, comparison or named actor'}"
    else:
        score = max(_CHECKABLE[kind] for kind in found) + 0.05 * (len(found) - 1)
        reason = "checkable: " + ", ".join(f"{kind} ({words})" for kind, words in found.items())
        if mood:
            score -= 0.25
            reason += f"; but {mood}"
    if lemma in OPINION_CUES or lemma in DOUBT_ADJECTIVES:
        score -= 0.1
        reason += "; held as an opinion"
    elif not mood and any(t.lower_ in PREDICTION_MARKERS for t in tokens):
        score -= 0.1
        reason += "; a prediction"
    return round(min(0.95, max(0.05, score)), 2), reason


def _checkable(tokens: list[Token], mood: str | None) -> dict[str, str | None]:
    return {
        "a figure": _words([t for t in tokens if _is_figure(t)]),
        "a cause": _words([t for t in tokens if _causes(t)]),
        "a comparison": _words([t for t in tokens if _compares(t)]),
        "a named actor": None if mood else _named_actor(tokens),
    }


def _mood(tokens: list[Token]) -> str | None:
    """What makes content uncheckable: a feeling, an intention or a remark about taste."""
    if any(t.lemma_.lower() in FEELING_WORDS for t in tokens):
        return "a feeling"
    if any(t.lemma_.lower() in INTENTION_WORDS or _first_person_will(t) for t in tokens):
        return "an intention"
    if any(t.lemma_.lower() in TASTE_WORDS for t in tokens):
        return "a remark about taste"
    return None


def _first_person_will(token: Token) -> bool:
    """ "We will build it": an intention, not a prediction."""
    if token.lower_ not in ("will", "'ll", "shall") or token.dep_ != "aux":
        return False
    return any(c.lower_ in _FIRST_PERSON for c in token.head.children if c.dep_ == "nsubj")


def _causes(token: Token) -> bool:
    """A word of causing; "led" and "due" only with their "to" ("a delegation led by X")."""
    if token.lower_ not in CAUSAL_MARKERS:
        return False
    if token.lower_ in _CAUSAL_WITH_TO:
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"
    return True


def _is_figure(token: Token) -> bool:
    """A number that counts or measures ("7.4 percent", "$4 million"), not a year or a date."""
    if token.ent_type_ in _NOT_FIGURES or (token.lower_ == "one" and token.dep_ != "nummod"):
        return False  # "the old one" stands for a noun
    return token.pos_ == "NUM" or token.text == "%" or token.ent_type_ in ("PERCENT", "MONEY")


def _compares(token: Token) -> bool:
    """A superlative, a comparative with its "than", or a word of comparing: "better" alone
    compares with nothing a fact-checker can look up."""
    if token.tag_ in ("JJS", "RBS") or token.lower_ in COMPARISON_WORDS:
        return True
    return token.tag_ in ("JJR", "RBR") and any(t.lower_ == "than" for t in token.doc[token.i :])


def _named_actor(tokens: list[Token]) -> str | None:
    """The first named person, organization or place, when the content states something."""
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    named = [t for t in tokens if t.ent_type_ in _ACTORS]
    if not named:
        return None
    first = named[0]
    entity = next(e for e in first.doc.ents if e.start <= first.i < e.end)
    return entity.text


def _words(tokens: list[Token]) -> str | None:
    return " ".join(t.text for t in tokens[:3]) if tokens else None
