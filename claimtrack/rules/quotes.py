"""Speaker tags and the quotations around them: the quotation closing before a tag or opening
after it, a quotation split by its tag and joined again, which clauses before a tag it reports,
the sentence a tag interrupts or follows ("The fund, the auditor noted, is empty"; "X, he said";
"as the minister had warned"), and where content widened to its quotations ends (a semicolon,
", adding that ...", a gloss).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from claimtrack.domain import Span
from claimtrack.rules.layout import (
    Layout,
    article_text,
    clause_around,
    clip,
    layout_text,
    subtree_span,
    trim,
)
from claimtrack.rules.lexicon import (
    ANY_VERB_CUE,
    LISTENER_VERBS,
    QUOTING_VERBS,
    RELATIVE_PRONOUNS,
    RELATIVE_SUBJECTS,
    SPEECH_VERBS,
    SUBORDINATORS,
)
from claimtrack.rules.predicates import is_quoted, saying_idiom
from claimtrack.text import QUOTE_MARKS, sentence_end_char, tokens_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MAX_TAG_SPEAKER_WORDS = 12


def speaker_after_quote(verb: Token, layout: Layout, line: Span) -> tuple[Span, Span] | None:
    """The quotation right before a tag and the words between it and the tag's verb."""
    index = bisect.bisect_right(layout.quote_ends, verb.idx) - 1
    if index < 0 or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    quote = layout.quotes[index]
    between = trim(Span(quote.end, verb.idx), layout.text)
    if between is None or quote.start < line.start:
        return None
    if not 0 < len(between.of(layout.text).split()) <= _MAX_TAG_SPEAKER_WORDS:
        return None
    words = [t for t in verb.doc[: verb.i] if between.start <= t.idx < between.end]
    while words and words[0].pos_ in ("CCONJ", "SCONJ", "ADP"):
        words = words[1:]  # "as Eric Garner said"
    # "Eric Garner, gasping on the sidewalk, said": the participle is not the speaker
    cut = next(
        (i for i, t in enumerate(words[:-1]) if t.text == "," and words[i + 1].tag_ == "VBG"),
        len(words),
    )
    words = words[:cut]
    if not words:
        return None
    return quote, tokens_span(words)


def quoted_before_tag(clauses: list[Token], verb: Token, layout: Layout) -> list[Token]:
    """Which of the clauses the parser hung on the tag it reports: a quotation before the tag
    is what the tag reports; an unquoted clause after it ("…," Warren told him, after he
    admitted X) is the narrator's; a clause before a semicolon is a statement of its own."""
    before = [c for c in clauses if c.i < verb.i]
    after = [c for c in clauses if c.i > verb.i]
    if not before or not after:
        return clauses
    # "Officials said A; critics argue B": what stands before a semicolon is another
    # statement, and what stands before a colon the writer's lead-in ("… on Friday:
    # Republicans said B")
    between = layout.text[before[-1].right_edge.idx : verb.idx]
    if ";" in between or ":" in between:
        return after
    # "While he conceded A, Ham noted B": a clause opening on a subordinator or a participle
    # sets the scene
    if all(_opens_adverbial(c) for c in before):
        return after
    if layout.quote_at(before[-1].idx) is None:
        return clauses
    return before + [c for c in after if layout.quote_at(c.idx) is not None]


def _opens_adverbial(clause: Token) -> bool:
    """Whether a clause opens on a subordinator or a participle of its own ("While A, ...",
    "Claiming A, ...") that the parser folded into it."""
    first = clause.left_edge
    if first.i == clause.i:
        return False
    if first.dep_ == "mark":
        return first.lower_ in SUBORDINATORS and first.head.i != clause.i
    return first.tag_ == "VBG" and first.i == clause.sent.start


def tag_end(verb: Token) -> int:
    """Where the speaker tag ends: after the verb and any subject, object or adverbial after it."""
    end = verb.idx + len(verb)
    for child in verb.children:
        if child.i <= verb.i or child.dep_ not in _TAG_DEPENDENTS:
            continue
        if verb.lemma_ not in QUOTING_VERBS or not is_quoted(child):  # "read “No taxes”"
            end = max(end, child.right_edge.idx + len(child.right_edge))
    return end


_TAG_DEPENDENTS = frozenset("nsubj dobj dative npadvmod prep advmod prt".split())


def extend_past_tag(verb: Token, content: Span | None, layout: Layout) -> Span | None:
    """Content runs on past a tag that interrupts it ("A, Mr. X said, until B")."""
    if content is None or content.end > verb.idx:
        return content
    # A whole quotation before the tag is complete: what follows the tag is the narrator's.
    if any(q.start <= content.start and content.end <= q.end for q in layout.quotes):
        return content
    text = layout.text
    sentence_end = sentence_end_char(verb)
    rest = text[tag_end(verb) : sentence_end]
    if not rest.startswith(",") or len(rest.strip(" ,.\n")) < 3:
        return content
    following = verb.doc.char_span(tag_end(verb) + 1, sentence_end, alignment_mode="expand")
    words = [t for t in following or () if not t.is_space]
    # "..., he said, adding ...": a participle after the tag starts something new.
    if not words or words[0].tag_ in ("VBG", "VBN") or words[0].text in QUOTE_MARKS:
        return content
    line_end = text.find("\n", verb.idx)
    end = sentence_end if line_end == -1 else min(sentence_end, line_end)
    return trim(Span(content.start, end), text)


def quote_before_tag(verb: Token, speaker: Token | None, layout: Layout, line: Span) -> Span | None:
    """The quotation closing right before the speaker tag ("…?" she said)."""
    start = verb.idx
    if speaker is not None and speaker.i < verb.i:
        start = min(start, speaker.left_edge.idx)
    index = bisect.bisect_right(layout.quote_ends, start) - 1
    if index < 0:
        return None
    quote = layout.quotes[index]
    between = layout.text[quote.end : start]
    if quote.start < line.start or between.strip(" ,") or quote.end > start:
        return None
    return quote


def introduced_quote(verb: Token, after: int, layout: Layout, line: Span) -> Span | None:
    """A quotation right after the tag ("said Smith, \"...\""), or the text after a colon."""
    text = layout.text
    gap = len(text[after : after + 4]) - len(text[after : after + 4].lstrip(" ,:"))
    quote = layout.quote_starting_after(after, after + gap + 1)
    if quote is not None:
        return clip(quote, line)
    if text[after : after + 1] == ":":
        if not text[after + 1 : line.end].strip():
            # "Here is what we know:" announces the writer's list, not a speaker's words
            listing = any(c.lower_ in ("what", "which", "whatever") for c in verb.children)
            return None if listing else _next_paragraph(text, line.end)
        return trim(clip(Span(after + 1, sentence_end_char(verb)), line), text)
    return None


def _next_paragraph(text: str, offset: int) -> Span | None:
    """The paragraph after offset: what a tag ending its line in a colon introduces."""
    start = len(text) - len(text[offset:].lstrip())
    end = text.find("\n", start)
    return trim(Span(start, len(text) if end == -1 else end), text)


def expand_quotes(content: Span | None, cue: Span, layout: Layout, cue_token: Token) -> Span | None:
    """Widen content to whole quotations it touches, and join a quote split by its tag."""
    if content is None:
        return None
    start, end = content
    touched = [q for q in layout.quotes_touching(content) if not q.overlaps(cue)]
    for quote in touched:
        if quote.start <= end and quote.end >= start:
            start, end = min(start, quote.start), max(end, quote.end)
    # ""A," X said. "B."": one content from the first quote mark to the last.
    if touched and end <= cue.start:
        line = layout.line_of(cue.start)
        following = layout.quote_starting_after(cue.end, line.end)
        sentence_end = _tag_sentence_end(cue_token, following, layout.text)
        gap = layout.text[max(cue.end, sentence_end) : line.end]
        if following is not None and following.start >= sentence_end - 1 and gap[:1].isspace():
            # a quotation ending in a comma has a tag of its own (""B," she went on")
            tagged = following.of(layout.text).rstrip(QUOTE_MARKS).endswith(",")
            if layout.text[sentence_end : following.start].strip() in ("", ".", ",") and not tagged:
                end = following.end
    content = _cut_at_semicolon(Span(start, end), layout)
    return _cut_trailing_clause(content, layout, cue_token.doc)


def _tag_sentence_end(cue_token: Token, following: Span | None, text: str) -> int:
    """Where the speaker tag's sentence ends; the parser may hang the opening mark of the next
    quotation (a doubled apostrophe: ''B.'') on it, which belongs to the next sentence."""
    end = sentence_end_char(cue_token)
    if (
        following is not None
        and following.start < end
        and not text[following.start : end].strip(QUOTE_MARKS)
    ):
        return following.start - 1
    return end


def _cut_at_semicolon(content: Span, layout: Layout) -> Span:
    """An indirect claim ends at a semicolon: what follows is the writer's next clause."""
    if layout.text[content.start] in QUOTE_MARKS:
        return content
    cut = layout.text.find(";", content.start, content.end)
    if cut == -1 or layout.quote_at(cut) is not None:
        return content
    return trim(Span(content.start, cut), layout.text) or content


def _cut_trailing_clause(content: Span, layout: Layout, doc: Doc) -> Span:
    """An indirect claim ends before ", adding that ...": the speaker's next claim."""
    if layout.text[content.start] in QUOTE_MARKS:
        return content
    piece = doc.char_span(content.start, content.end, alignment_mode="contract")
    if piece is None:
        return content
    for token in piece[1:]:
        if doc[token.i - 1].text != "," or layout.quote_at(token.idx) is not None:
            continue
        if _starts_aside(token) or _ends_with_modifier(token, content.end):
            return trim(Span(content.start, doc[token.i - 1].idx), layout.text) or content
    return content


def _ends_with_modifier(token: Token, end: int) -> bool:
    """Whether a phrase opening at token after a comma glosses a noun and runs to end."""
    phrase = token
    while phrase.head.i != phrase.i and phrase.head.left_edge.i == token.i:
        phrase = phrase.head
    right = phrase.right_edge
    if right.idx + len(right) < end - 2:
        return False
    if phrase.dep_ == "relcl":
        return token.lower_ in RELATIVE_PRONOUNS
    if phrase.dep_ == "appos":
        return True
    return phrase.dep_ == "prep" and token.lower_ == "including"


def _starts_aside(token: Token) -> bool:
    """A participle that reports again ("..., adding that ...")."""
    return token.tag_ == "VBG" and token.lemma_ in ANY_VERB_CUE and token.dep_ in ("advcl", "conj")


_MAX_TAG_TAIL = 8  # tokens of setting after an interrupting tag's verb ("noted on Monday")


def interrupting_tag(verb: Token, speaker: Token | None, line: Span) -> Span | None:
    """The sentence a tag set off by commas interrupts ("The fund, the auditor noted on
    Monday, is nearly empty"), however the parser attached the tag."""
    if speaker is None or speaker.lower_ in RELATIVE_SUBJECTS:
        return None
    doc = verb.doc
    first = min(speaker.left_edge.i, verb.i)
    if first == 0 or doc[first - 1].text != "," or doc[first].is_sent_start:
        return None
    tail = doc[verb.i + 1 : verb.i + 1 + _MAX_TAG_TAIL]
    close = next((t for t in tail if t.text == ","), None)
    if close is None or close.i + 1 >= len(doc) or doc[close.i + 1].is_sent_start:
        return None
    if doc[close.i + 1].text[:1] in QUOTE_MARKS:
        return None  # the tag introduces a quotation: it is the content
    listener = ("dobj", "dative") if verb.lemma_ in LISTENER_VERBS else ()
    for token in doc[verb.i + 1 : close.i]:
        if token.is_sent_start or (token.head == verb and token.dep_ in _OWN_CONTENT_DEPS):
            if token.dep_ not in listener:
                return None
    start = first - 1
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    whole = Span(doc[start].idx, sentence_end_char(verb))
    return trim(clip(whole, line), article_text(doc))


_OWN_CONTENT_DEPS = frozenset("ccomp dobj xcomp dative attr oprd".split())


def stray_subject_clause(verb: Token, speaker: Token | None, line: Span) -> Span | None:
    """The content of a tag parsed with two subjects ("Prices fell, he said"): the first's."""
    if speaker is None:
        return None
    stray = [c for c in verb.children if c.dep_ == "nsubj" and c.i < speaker.i]
    if not stray:
        return None
    span = Span(stray[0].left_edge.idx, speaker.left_edge.idx)
    return trim(clip(span, line), article_text(verb.doc))


def preceding_clause(verb: Token, line: Span) -> Span | None:
    """Content governing a speaker tag placed after it or inside it ("X, he said")."""
    head = verb.head
    # A subordinate clause ("that ...", "as ...") is not a speaker tag, nor one hanging on
    # another verb of saying; one inside a clause of deciding or knowing is ("Later, she
    # said, she decided to run").
    if head.i > verb.i and verb.dep_ == "ccomp" or head.lemma_ in SPEECH_VERBS:
        return None
    if any(c.dep_ == "mark" for c in verb.children):
        return None
    # A clause before the speaker may hang on the tag ("Though A, he said, B"): it is content.
    own = [c for c in verb.lefts if c.dep_ not in ("advcl", "ccomp", "punct")]
    first = min((c.left_edge for c in own), key=lambda t: t.i, default=verb)
    tag = Span(first.idx, verb.right_edge.idx + len(verb.right_edge))
    whole = subtree_span(head, line)
    if whole is None or tag.start <= whole.start:
        return None
    if _narrated_after(verb, whole):  # "X, he says, removing a bottle": X alone
        whole = Span(whole.start, tag.end)
    return clause_around(tag, whole, layout_text(verb))


def _narrated_after(verb: Token, whole: Span) -> bool:
    """Whether the words after a tag inside a clause open with a participle hung on the
    clause before: the writer's account of what the speaker did ("X, he says, removing a
    bottle"), not what was said (unlike a subject: "..., he said, rebuilding it is slow")."""
    doc, end = verb.doc, verb.right_edge.i + 1
    while end < len(doc) and doc[end].text == ",":
        end += 1
    if end >= len(doc) or doc[end].idx >= whole.end:
        return False
    return doc[end].tag_ in ("VBG", "VBN") and doc[end].head.i < verb.i


def as_clause_governor(verb: Token, line: Span) -> Span | None:
    """What "as X said" vouches for: the clause the tag is attached to ("Prices rose, as the
    minister had warned"; "As the mayor noted, the bridge is closed")."""
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    # "as promised", "as shown by the poll": a participle, not a speaker vouching
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    idiom = saying_idiom(verb)
    complete = idiom is not None and idiom.dep_ == "dobj"  # "as she put it": nothing more
    if not complete and any(c.dep_ in ("dobj", "xcomp", "attr", "acomp") for c in verb.children):
        return None
    tag = Span(verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge))
    whole = subtree_span(verb.head, line)
    return clause_around(tag, whole, layout_text(verb)) if whole is not None else None
