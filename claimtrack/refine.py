"""Snap extracted spans to the units a careful annotator marks, from a parse of the article.

Extractors find the right attribution but mark it in their own way: an LLM quotes the words
without their quote marks or the "that" before them, gives "said" where the cue is "has not
said", names "Smith" where the source is "Senator Jane Smith of Ohio". Refinement moves each
span's edges to syntactic units (the parse is spaCy's), never beyond the article: every span
it returns is still a slice of the same text. Claims nested inside another claim's content,
and verbatim repeats of a passage, are folded into the claim they repeat.

This is the one span-normalisation step for every extractor, the offline rules included. The
rules still join split quotations, widen cues and drop nested cues while they find candidates,
because there they read the parse of the whole sentence: measured on the annotated corpus,
dropping any of those copies in favour of this module's lost attribution or cue F1 on the
tuning split, and dropping this module's for the rules' claims lost it too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from claimtrack.domain import FoundClaim, Span, relink_disputes, tag_claims
from claimtrack.text import (
    CLOSING_QUOTES,
    DOUBLE_QUOTES,
    EM_DASH,
    HORIZONTAL_BAR,
    LEFT_DOUBLE,
    OPENING_QUOTES,
    PAIRED_MARKS,
    fold,
    in_same_tag,
    is_quotation,
    run_around,
    sentence_bounds,
    strip_span,
    tokens_in,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

QUOTE_PUNCT = ",.?!;:"


LONG_ASIDE = 13  # tokens of a relative clause after a name that make it background, not name
MAX_TAG_GAP = 40  # characters between a source and its cue for both to make one speaker tag
_SENTENCE_BREAKS = ".?!\n" + DOUBLE_QUOTES  # what no speaker tag runs across
SPLIT_TAG_TAIL = 100  # a tag's characters after its cue or inverted speaker ("told X on Friday, ")
_NEW_CUE = re.compile(
    r"\b(?:sa(?:id|ys?|ying)|add(?:s|ed|ing)|t(?:old|ells?|elling)|not(?:es?|ed|ing)"
    r"|continu(?:es?|ed|ing)|argu(?:es?|ed|ing)|explain(?:s|ed|ing)?|ask(?:s|ed|ing)"
    r"|wr(?:ote|ites?|iting)|repl(?:ied|ies|y|ying)|insist(?:s|ed|ing)?|warn(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
CUE_LEFT = {"aux", "auxpass", "neg"}
CUE_RIGHT = {"prt"}


def refine(doc: Doc, claims: list[FoundClaim], text: str | None = None) -> list[FoundClaim]:
    """The claims with snapped spans, nested claims and verbatim repeats folded away."""
    if text is None:
        text = doc.text  # Doc.text joins every token anew on each access: once per article
    tagged = tag_claims(claims, "claims")
    snapped = [_snap(doc, text, claim) for claim in _merge_fragments(text, tagged)]
    return relink_disputes(unnest(text, fold_repeats(text, _around_tags(doc, text, snapped))))


MIN_CUT_WORDS = 3  # what a claim cut short must keep to say anything ('the "phony system,"')


def unnest(text: str, claims: list[FoundClaim]) -> list[FoundClaim]:
    """No claim's content sits inside another's when its own tag follows them both.

    A quotation broken off for a tag of its own ('"A," Lee said. "B," she added') ends the
    claim that ran over it: that claim keeps what comes before (before its own tag, when its
    content was joined across it). Anything else nested so is a piece of the outer claim, and
    is dropped, as is a claim nested in another of the same predicate ("wanted" and "wanted to
    know" over "whether the fund was empty")."""
    result = list(claims)
    index = 0
    while index < len(result):
        inner = result[index]
        outer_at = next((n for n, o in enumerate(result) if _swallows(o, inner)), None)
        if outer_at is None:
            index += 1
            continue
        outer = result[outer_at]
        tagged = _quotation_with_own_tag(text, inner, outer)
        cut = _cut_before(text, outer, inner.content.start) if tagged else None
        if cut is None:
            del result[index]
            continue
        result[outer_at] = replace(outer, content=cut)
        index += 1
    return result


def _swallows(outer: FoundClaim, inner: FoundClaim) -> bool:
    o, c = outer.content, inner.content
    return (
        o.start <= c.start
        and c.end <= o.end
        and c.end - c.start < o.end - o.start
        and inner.cue_span is not None
        and (
            inner.cue_span.start >= o.end
            or (outer.cue_span is not None and inner.cue_span.overlaps(outer.cue_span))
        )
    )


def _quotation_with_own_tag(text: str, inner: FoundClaim, outer: FoundClaim) -> bool:
    """The inner claim is a quotation broken off for a tag of its own, after the outer claim's
    content and not the outer claim's tag."""
    o, cue, outer_cue = outer.content, inner.cue_span, outer.cue_span
    return (
        outer_cue is not None
        and cue is not None  # as _swallows found
        and cue.start >= o.end
        and _breaks_off(text, inner.content.end)
        and not in_same_tag(text, cue, outer_cue, o)
    )


def _cut_before(text: str, outer: FoundClaim, end: int) -> Span | None:
    """The outer claim's content up to `end`, and before its own tag if that lies within."""
    cue = outer.cue_span
    if cue is not None and outer.content.start < cue.start < end:
        end = _tag(text, cue, outer.source_span).start
    cut = strip_span(text, Span(outer.content.start, end), None, " ,;:-\n")
    return cut if len(cut.of(text).split()) >= MIN_CUT_WORDS else None


def _around_tags(doc: Doc, text: str, claims: list[FoundClaim]) -> list[FoundClaim]:
    """Each claim whose tag sits inside an unquoted sentence gets the whole sentence, unless
    that would take in another claim's cue (the sentence then holds two attributions)."""
    cues = [c.cue_span for c in claims if c.cue_span is not None]
    result = []
    for claim in claims:
        if claim.cue_span is not None:
            whole = _sentence_around_tag(
                doc, text, claim.content, claim.cue_span, claim.source_span
            )
            taken_in = [
                cue for cue in cues
                if cue != claim.cue_span and whole.start <= cue.start < whole.end
                and not claim.content.start <= cue.start < claim.content.end
            ]  # fmt: skip
            if not taken_in:
                claim = replace(claim, content=whole)
        result.append(claim)
    return result


def _merge_fragments(text: str, claims: list[FoundClaim]) -> list[FoundClaim]:
    """Join pieces of one attribution listed as separate claims ("PENCE: A. B. C.").

    Claims with the same source and the same cue (the same occurrence, or none), in the same
    paragraph, are one attribution: what was said there, from the first piece to the last.
    """
    merged: list[FoundClaim] = []
    for claim in sorted(claims, key=lambda c: c.content.start):
        last = merged[-1] if merged else None
        if (
            last is not None
            and claim.cue_span == last.cue_span
            and claim.source
            and (claim.source or "").casefold() == (last.source or "").casefold()
            and "\n" not in text[last.content.end : claim.content.start]
        ):
            merged[-1] = replace(
                last, content=Span(last.content.start, max(last.content.end, claim.content.end))
            )
            continue
        merged.append(claim)
    return merged


def _snap(doc: Doc, text: str, claim: FoundClaim) -> FoundClaim:
    turn = _speaker_turn(text, claim)
    if turn is not None:
        return turn
    content = _content(text, claim.content)
    cue = _cue(doc, text, claim.cue_span, content) if claim.cue_span else None
    if cue is not None:
        content = _join_split_quote(text, content, cue, claim.source_span)
    source = _source(doc, claim.source_span, avoid=(content, cue)) if claim.source_span else None
    if cue is None and source is not None:
        cue = _punctuation_cue(text, source, content)
    return replace(
        claim,
        content=content,
        cue_span=cue or claim.cue_span,
        cue=cue.of(text) if cue else claim.cue,
        source_span=source or claim.source_span,
    )


def _speaker_turn(text: str, claim: FoundClaim) -> FoundClaim | None:
    """'PENCE: Well, ... .' — a transcript turn: the label is the source, the colon the cue,
    and everything the speaker says on that line is the content."""
    source = claim.source_span
    if source is None:
        return None
    line_start = text.rfind("\n", 0, source.start) + 1
    if (
        text[line_start : source.start].strip(' "' + LEFT_DOUBLE)
        or text[source.end : source.end + 1] != ":"
    ):
        return None
    line_end = text.find("\n", source.end)
    line_end = len(text) if line_end == -1 else line_end
    if not (source.end < claim.content.start < line_end):
        return None
    start = source.end + 1
    while start < line_end and text[start].isspace():
        start += 1
    content = strip_span(text, Span(start, line_end))
    colon = Span(source.end, source.end + 1)
    return replace(claim, content=content, cue_span=colon, cue=":")


def _punctuation_cue(text: str, source: Span, content: Span) -> Span | None:
    """'Poll: Voters ...' or 'PENCE: Well, ...': the colon (or dash) is the cue."""
    gap = text[source.end : content.start]
    if 0 < len(gap) <= 4 and gap.strip() in (":", HORIZONTAL_BAR, EM_DASH, "-"):
        at = source.end + gap.index(gap.strip())
        return Span(at, at + 1)
    return None


# --- content ---------------------------------------------------------------------------------


def _content(text: str, span: Span) -> Span:
    start, end = strip_span(text, span)
    start = _with_complementizer(text, start)
    return _with_quote_marks(text, Span(start, end))


def _with_complementizer(text: str, start: int) -> int:
    before = text[max(0, start - 6) : start]
    if before.lower().endswith(("that ", "that\u00a0")) and (
        start - 5 == 0 or not text[start - 6].isalnum()
    ):
        return start - 5
    return start


def _with_quote_marks(text: str, span: Span) -> Span:
    start, end = span
    if (
        start > 0
        and text[start - 1] in OPENING_QUOTES
        and (start - 1 == 0 or not text[start - 2].isalnum())
    ):
        close = _closing_quote(text, end)
        if close is not None:
            if text[max(0, start - 2) : start] == "''" and text[close : close + 1] == "'":
                return Span(start - 2, close + 1)  # ''a quote in doubled apostrophes''
            return Span(start - 1, close)
    return span


def _closing_quote(text: str, end: int) -> int | None:
    """End offset of the quote mark closing a quotation that ends at `end` (after , . ? !)."""
    at = end
    while at < len(text) and at < end + 2 and text[at] in QUOTE_PUNCT:
        at += 1
    if at < len(text) and text[at] in CLOSING_QUOTES:
        return at + 1
    return None


def _join_split_quote(text: str, content: Span, cue: Span, source: Span | None) -> Span:
    """'"A," she said. "B."' is one content running from the first quote mark to the last,
    whichever half the extractor gave: the tag between them is the speaker, the cue and what
    goes with them ("told the host on Friday"), nothing longer."""
    if content.start >= content.end:
        return content
    tag = _tag(text, cue, source)
    if content.end <= tag.start and _breaks_off(text, content.end):
        opening = _quote_opening_after(text, tag.end)
        close = _closing_of(text, opening) if opening is not None else None
        if close is None or _tagged(text, close):  # '"B," she added': a tag of its own
            return content
        return Span(content.start, close)
    if content.start >= cue.end and _mark_at(text, content.start) in PAIRED_MARKS:
        if _quote_opening_after(text, tag.end) != content.start:
            return content
        before = text[: tag.start].rstrip(" ")
        if len(_NEW_CUE.findall(text[len(before) : content.start])) > 1:
            return content  # '"A," she said, adding, "B"': the first half is the "said" claim
        if _breaks_off(text, len(before)):
            opening = _opening_of(text, len(before))
            if opening is not None:
                return Span(opening, content.end)
    return content


def _tagged(text: str, end: int) -> bool:
    """The quotation ending at `end` breaks off for a tag of its own ('"B," she added')."""
    tail = re.split(r"[.!?\n]", text[end : end + SPLIT_TAG_TAIL], maxsplit=1)[0]
    return _breaks_off(text, end) and _NEW_CUE.search(tail) is not None


def _tag(text: str, cue: Span, source: Span | None) -> Span:
    """The speaker tag: the cue, with the source where it stands next to the cue ("she said",
    "said Ana Ruiz, who ..."); a source named sentences away is not part of the tag."""
    if source is None:
        return cue
    gap = text[source.end : cue.start] if source.end <= cue.start else text[cue.end : source.start]
    if len(gap) > MAX_TAG_GAP or any(ch in gap for ch in _SENTENCE_BREAKS):
        return cue
    return Span(min(cue.start, source.start), max(cue.end, source.end))


def _sentence_around_tag(
    doc: Doc, text: str, content: Span, cue: Span, source: Span | None
) -> Span:
    """ "Before the vote, the clerk said, every ballot was counted": a tag set off by commas in an
    unquoted sentence makes the whole sentence the content, whichever side of the tag was given."""
    if content.start >= content.end:
        return content
    if text[content.start] in OPENING_QUOTES or text[content.end - 1] in CLOSING_QUOTES:
        return content
    # The tag is what stands between two commas around the cue (", she said,").
    tag = _tag(text, cue, source)
    left = text.rfind(",", max(0, tag.start - MAX_TAG_GAP), tag.start)
    after_tag = text.find(",", tag.end, tag.end + SPLIT_TAG_TAIL)
    if (
        left == -1
        or after_tag == -1
        or any(ch in text[left + 1 : tag.start] for ch in _SENTENCE_BREAKS)
        or any(ch in text[tag.end : after_tag] for ch in _SENTENCE_BREAKS)
    ):
        return content
    tag = Span(left + 1, tag.end)
    tokens = tokens_in(doc, cue)
    if not tokens:
        return content
    first, last = sentence_bounds(tokens[0])
    sentence = strip_span(text, Span(doc[first].idx, doc[last].idx + len(doc[last])))
    # the tag inside the sentence, and the content within it (not across its start)
    if (
        not (sentence.start < tag.start and tag.end < sentence.end)
        or content.start < sentence.start
    ):
        return content
    given_after = after_tag < content.start and not text[after_tag + 1 : content.start].strip()
    given_before = content.end < tag.start and not text[content.end : tag.start].strip(" ,")
    if not (given_after or given_before):
        return content
    end = sentence.end - 1 if text[sentence.end - 1] in ".!?" else sentence.end
    return Span(sentence.start, max(end, content.end))


_CLOSERS = {closing: opening for opening, closing in PAIRED_MARKS.items()}


def _mark_at(text: str, at: int) -> str:
    """The quote mark starting at `at` ('' counts as one mark), or the character there."""
    return "''" if text[at : at + 2] == "''" else text[at : at + 1]


def _breaks_off(text: str, end: int) -> bool:
    """A quotation ending at `end` breaks off mid-sentence for its tag: '"A,"' or "''A,''"."""
    width = 2 if text[max(0, end - 2) : end] == "''" else 1
    mark = end - width
    return mark > 0 and text[mark:end] in _CLOSERS and text[mark - 1] == ","


def _quote_opening_after(text: str, at: int) -> int | None:
    """Where the second half of a split quote opens after the tag ending at `at`, if it does."""
    limit = min(len(text), at + SPLIT_TAG_TAIL)
    i = at
    while i < limit and _mark_at(text, i) not in PAIRED_MARKS:
        if text[i] == "\n":
            return None
        if text[i] in ".?!" and not _abbreviation_before(text, i):
            break
        i += 1
    # "..., she said, adding: "B"": the second quotation has a cue of its own
    if _NEW_CUE.search(text[at:i]):
        return None
    while i < limit and text[i] in ".?! ":  # "she said. "B."": the tag's own full stop
        i += 1
    if i >= limit or _mark_at(text, i) not in PAIRED_MARKS:
        return None
    return i


def _abbreviation_before(text: str, dot: int) -> bool:
    """ "told Dr. Lee": a full stop after a short capitalized word is not a sentence end."""
    word = text[max(0, dot - 4) : dot].split()[-1:] or [""]
    return text[dot] == "." and word[0][:1].isupper() and len(word[0]) <= 3


def _opening_of(text: str, end: int) -> int | None:
    """Where the quotation closed by the mark ending at `end` opens, on the same line."""
    closing = "''" if text[max(0, end - 2) : end] == "''" else text[end - 1 : end]
    opening = _CLOSERS.get(closing)
    if opening is None:
        return None
    line_start = text.rfind("\n", 0, end) + 1
    at = text.rfind(opening, line_start, end - len(closing))
    if opening == "''":
        while at > line_start and text[at - 1] == "'":
            at -= 1
    return at if at != -1 else None


def _closing_of(text: str, start: int) -> int | None:
    """The end of the quotation opening at `start`: just after its closing mark, same line."""
    opening = _mark_at(text, start)
    closing = PAIRED_MARKS.get(opening)
    if closing is None:
        return None
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    at = text.find(closing, start + len(opening), line_end)
    return at + len(closing) if at != -1 else None


# --- cue ---------------------------------------------------------------------------------------


def _cue(doc: Doc, text: str, span: Span, content: Span) -> Span:
    tokens = tokens_in(doc, span)
    if not tokens:
        return span
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return span
    verb = verbs[-1]
    left = min(t.i for t in tokens)
    for child in sorted(verb.lefts, key=lambda t: -t.i):
        adverb = child.dep_ == "advmod" and child.pos_ == "ADV"
        if (child.dep_ in CUE_LEFT or adverb) and child.right_edge.i == left - 1:
            left = child.left_edge.i if adverb else child.i
    right = max(t.i for t in tokens)
    for child in verb.rights:
        if child.i != right + 1:
            continue
        # "called for [content]", "pointed to [content]": the preposition belongs to the cue
        leads_into_content = (
            child.dep_ == "prep" and 0 <= content.start - child.idx - len(child) <= 1
        )
        if child.dep_ in CUE_RIGHT or leads_into_content:
            right = child.i
    end = doc[right].idx + len(doc[right])
    if text[end : end + 1] == ":":  # "reports:" introducing a block quote
        end += 1
    return Span(doc[left].idx, end)


# --- source ------------------------------------------------------------------------------------


def _source(doc: Doc, span: Span, *, avoid: tuple[Span | None, ...]) -> Span:
    tokens = tokens_in(doc, span)
    if not tokens:
        return span
    head = _root(tokens)
    if head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return span
    blocked = [s for s in avoid if s is not None]
    first, last = sentence_bounds(head)
    aside = _asides(head, blocked)
    inside = [
        t for t in head.subtree
        if first <= t.i <= last
        and "\n" not in t.text
        and t.i not in aside
        and not any(b.start <= t.idx < b.end for b in blocked)
    ]  # fmt: skip
    run = run_around(inside, head)
    while run and (run[-1].is_punct or run[-1].dep_ in ("cc",)) and not _closes_title(run):
        run.pop()
    while run and run[0].is_punct:
        run.pop(0)
    if not run:
        return span
    return Span(run[0].idx, run[-1].idx + len(run[-1]))


def _closes_title(run: list[Token]) -> bool:
    """The run ends with the closing mark of a quotation it opened ('an ad titled "Promises"')."""
    last = run[-1].text
    return last in CLOSING_QUOTES and any(t.text in OPENING_QUOTES for t in run[:-1])


def _asides(head: Token, claim: list[Span]) -> set[int]:
    """Token indices of what the writer adds after the speaker's name, set off by a comma: a
    participle ("Trump, speaking to veterans, said") or a long relative clause ("Christie, who
    has campaigned for ... since February, said"). A short relative clause is part of how the
    speaker is named, and one holding the claim's cue ("Lee, who said ...") is the claim's."""
    doc = head.doc
    found: set[int] = set()
    for child in head.children:
        if child.i < head.i:
            continue
        participle = child.dep_ == "acl" and child.tag_ == "VBG"
        long_clause = child.dep_ == "relcl" and child.right_edge.i - child.left_edge.i >= LONG_ASIDE
        before = child.left_edge.i - 1
        if not (participle or long_clause) or doc[before].text != ",":
            continue
        start, end = doc[before].idx, child.right_edge.idx + len(child.right_edge)
        if any(start < part.end and part.start < end for part in claim):
            continue
        found.update(range(before, child.right_edge.i + 1))
    return found


def _root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])


# --- folding nested claims and repeats -----------------------------------------------------------


MIN_REPEAT_WORDS = 3  # words a content needs for its verbatim repeat to be the same claim
_REPEAT_EDGES = OPENING_QUOTES + CLOSING_QUOTES + " .,"  # what a repeat may differ by at its ends


def fold_repeats(
    text: str, claims: list[FoundClaim], *, quotations_only: bool = False
) -> list[FoundClaim]:
    """Drop claims nested inside another claim's content, and verbatim repeats of a passage.

    With `quotations_only`, a claim is folded into another only when that other's content is a
    quotation: an attribution inside a quote is the speaker's, not the article's, but one inside
    a reported clause ("X said that Y claimed ...") is annotated on its own.
    """
    kept: list[FoundClaim] = []
    seen: dict[str, int] = {}
    for claim in sorted(claims, key=lambda c: (c.content.start, -c.content.end)):
        key = fold(claim.content.of(text)).lower().strip(_REPEAT_EDGES)
        # a repeated passage is one claim; a repeated name or phrase ("Machado") is not, nor
        # one quotation cued on both sides ("Lee scolded him: “…,” she said")
        if key in seen and len(key.split()) >= MIN_REPEAT_WORDS:
            if not _cued_on_both_sides(text, kept[seen[key]], claim):
                continue
        outers = [o for o in kept if not quotations_only or is_quotation(text, o.content)]
        if any(_nested(text, claim, outer) for outer in outers):
            continue
        seen[key] = len(kept)
        kept.append(claim)
    return kept


def _cued_on_both_sides(text: str, first: FoundClaim, second: FoundClaim) -> bool:
    cues = sorted(c.cue_span for c in (first, second) if c.cue_span is not None)
    return (
        first.content == second.content
        and is_quotation(text, first.content)
        and len(cues) == 2
        and cues[0].end <= first.content.start
        and first.content.end <= cues[1].start
        and all(any(ch.isalpha() for ch in cue.of(text)) for cue in cues)
    )


def _nested(text: str, inner: FoundClaim, outer: FoundClaim) -> bool:
    c, o = inner.content, outer.content
    inside = o.start <= c.start and c.end <= o.end and (c.end - c.start) < (o.end - o.start)
    cue = inner.cue_span
    if inner.source_span == outer.source_span and in_same_tag(text, cue, outer.cue_span, o):
        return False  # "“A,” Lee said, referring to his audit, “B.”": the writer's words
    return inside and (cue is None or (o.start <= cue.start and cue.end <= o.end))
