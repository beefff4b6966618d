"""Claims shaped by a line's layout rather than its grammar: a quotation signed with a dash
("“…” ― Jane Doe"), a headline led by its speaker ("Sanders: Clinton must …") and a
transcript's turns ("WALLACE: …").

They are found over the article's text, not at a token, so this module sits above `cues`
(whose `Candidate` it makes) and `claims_in` adds its candidates to those of the tokens.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimtrack.domain import Span
from claimtrack.rules.cues import MAX_SPEAKER_WORDS, Candidate
from claimtrack.rules.layout import Layout, trim
from claimtrack.rules.lexicon import DOCUMENT_WORDS, INVERTED_TAG_VERBS
from claimtrack.text import (
    EM_DASH,
    HORIZONTAL_BAR,
    LEFT_DOUBLE,
    QUOTE_MARKS,
    RIGHT_DOUBLE,
    RIGHT_SINGLE,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A quotation signed with a dash ("“…” ― Jane Doe"): the dash and the name.
_SIGNED_QUOTE = re.compile(
    rf"[{RIGHT_DOUBLE}\"'{RIGHT_SINGLE}]\s*([{HORIZONTAL_BAR}{EM_DASH}]|--)"
    rf"\s*([^\n{HORIZONTAL_BAR}{EM_DASH}]{{2,60}}?)\s*$",
    re.M,
)
# A headline led by its speaker or a transcript's turn ("Sanders: …"); a transcript line may
# open with a stray quote mark ('"WALLACE: ...').
_SPEAKER_COLON = re.compile(
    rf"^[\"{LEFT_DOUBLE}]?([A-Z][^\n:]{{1,40}}?):[ \t]+(\S[^\n]*?)\s*$", re.M
)


def line_candidates(doc: Doc, layout: Layout) -> list[Candidate]:
    """The candidates of the article's signed quotations, then of its "Speaker: ..." lines."""
    found = []
    for match in _SIGNED_QUOTE.finditer(layout.text):
        candidate = _signed_quote(doc, layout, match)
        if candidate is not None:
            found.append(candidate)
    for match in _SPEAKER_COLON.finditer(layout.text):
        candidate = _speaker_colon(doc, layout, match)
        if candidate is not None:
            found.append(candidate)
    return found


def _signed_quote(doc: Doc, layout: Layout, match: re.Match) -> Candidate | None:
    name = trim(Span(match.start(2), match.end(2)), layout.text)
    if name is None or len(name.of(layout.text).split()) > 6:
        return None
    line = layout.line_of(match.start())
    # The whole line before the dash: its opening mark is often a mistyped closing one.
    content = trim(Span(line.start, match.start() + 1), layout.text)
    if content is None or content.of(layout.text)[:1] not in QUOTE_MARKS:
        return None
    cue = Span(match.start(1), match.end(1))
    return Candidate(cue, content, name, _head_of(doc, name), "say")


def _speaker_colon(doc: Doc, layout: Layout, match: re.Match) -> Candidate | None:
    speaker = Span(match.start(1), match.end(1))
    words = speaker.of(layout.text).split()
    if len(words) > MAX_SPEAKER_WORDS or any(w[:1].isdigit() for w in words):
        return None
    cue = Span(match.end(1), match.end(1) + 1)
    # "Said Ellis: ..." puts the verb first: it is the cue, the rest the speaker.
    if len(words) > 1 and words[0].lower() in INVERTED_TAG_VERBS:
        cue = Span(speaker.start, speaker.start + len(words[0]))
        rest = layout.text.index(words[1], cue.end)
        speaker = Span(rest, speaker.end)
    head = _head_of(doc, speaker)
    if head is None or layout.is_furniture(speaker.start):
        return None
    # Only a name or a document speaks in a headline ("Poll: ..."); a name inside a longer
    # phrase ("A word from Maria Lopez") is the speaker.
    entity = next((e for e in doc.ents if speaker.start < e.end_char <= speaker.end), None)
    if entity is not None and entity.label_ in ("PERSON", "ORG"):
        # (the parser may take a fronted "Said" into the name)
        speaker = Span(max(speaker.start, entity.start_char), entity.end_char)
        head = entity.root
    elif not (
        _is_transcript_label(speaker.of(layout.text))
        or head.lower_ in DOCUMENT_WORDS
        or _named_in_article(doc, speaker.of(layout.text))
    ):
        return None
    content = trim(Span(match.start(2), match.end(2)), layout.text)
    if content is None:
        return None
    return Candidate(cue, content, speaker, head, "say")


def _named_in_article(doc: Doc, speaker: str) -> bool:
    """A headline's one-word label ("Pence: ...") is a person or organisation the article
    names in full ("Mike Pence"): headlines use surnames the parser cannot tag on their own."""
    if len(speaker.split()) != 1 or not speaker[:1].isupper():
        return False
    if any(
        e.label_ in ("PERSON", "ORG")
        and e.text.split()[-1] == speaker
        and len(e.text) > len(speaker)
        for e in doc.ents
    ):
        return True
    # a name the article goes on to use as one ("Politifact: ..." then "Politifact did ...")
    mentions = [t for t in doc if t.text == speaker]
    return len(mentions) > 1 and any(t.pos_ == "PROPN" and t.dep_ == "nsubj" for t in mentions[1:])


def _is_transcript_label(speaker: str) -> bool:
    """A speaker's name in capitals ("WALLACE", "SEN. KAINE") labels a transcript turn."""
    return speaker.isupper() and len(speaker.split()) <= 2 and len(speaker) > 2


def _head_of(doc: Doc, span: Span) -> Token | None:
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    return piece.root if piece is not None and len(piece) else None
