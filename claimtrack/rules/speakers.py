"""Who speaks: the subject a cue takes its speaker from (through datelines, participles,
forced infinitives and relative pronouns), the speaker's phrase, whether a stance verb's subject
can speak at all, the name a newsroom files the claim under and the type of its source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimtrack.domain import SourceType, Span
from claimtrack.nlp import noun_lemmas
from claimtrack.rules.layout import Layout, article_text, trim
from claimtrack.rules.lexicon import (
    ANONYMOUS_OFFICIAL_WORDS,
    ANONYMOUS_WORDS,
    CUE_VERBS,
    DOCUMENT_WORDS,
    FORCING_VERBS,
    GROUP_PRONOUNS,
    OFFICIAL_MODIFIERS,
    ORGANIZATION_WORDS,
    PERSON_PRONOUNS,
    RELATIVE_SUBJECTS,
    SPEAKER_WORDS,
    SPEECH_VERBS,
)
from claimtrack.rules.predicates import (
    clause_parsed_as_adjunct,
    coordinated_cue,
    counts_speakers,
    is_speaker_noun,
    publisher_of,
    saying_idiom,
)
from claimtrack.text import DASHES, EM_DASH, EN_DASH, HORIZONTAL_BAR

if TYPE_CHECKING:
    from spacy.tokens import Token


def can_speak(head: Token | None) -> bool:
    """Whether the subject of a stance verb ("attacked", "pressed", "sought") is a speaker.

    Speech verbs make their subject a source whatever it is; stance and action verbs do not:
    in "efforts aimed at pressing the Taliban" or "which sought talks" nobody is quoted. A
    speaker is named (a proper noun or entity), a pronoun for people, or a noun for people, a
    group or a document (`is_speaker_noun`: "the spokesman", "his former partner", "the
    report"), a plural one only as subject or agent ("advocates"); not "their willingness".
    """
    if head is None:
        return True
    if head.lower_ == "that" and (antecedent := antecedent_of(head)) is not None:
        return can_speak(antecedent)  # "cities that support the rules": the cities
    if head.lower_ in ("which", "that", "what"):
        return False
    if head.pos_ in ("PROPN", "PRON") or head.lower_ in SPEAKER_WORDS:
        return True
    if head.pos_ in ("NUM", "DET"):  # "one of the bank's economists", "some of the donors"
        return counts_speakers(head)
    # a name the tagger took for a noun: capitalized and no common noun ("Ruiz made ...")
    if head.is_title and head.tag_ == "NN" and head.lemma_.lower() not in noun_lemmas():
        return True
    named = ("PERSON", "ORG", "GPE", "NORP")
    if head.ent_type_ in named or any(
        c.ent_type_ in named for c in head.children if c.dep_ in ("compound", "appos")
    ):
        return True
    # "his former partner" speaks; "their willingness" belongs to a speaker but is not one
    if head.tag_ not in ("NN", "NNS") or not is_speaker_noun(head):
        return False
    # "advocates have expressed concern", "is backed by unions": a plural that is the subject
    # or agent speaks; one a participle hangs on ("efforts aimed at pressing") does not.
    return head.tag_ == "NN" or head.dep_ == "nsubj" or head.head.dep_ == "agent"


def fused_subject(token: Token) -> Token | None:
    """The noun a verb read as a noun took into its own phrase ("The campaign plans ...")."""
    return next((c for c in reversed(list(token.lefts)) if c.dep_ == "compound"), None)


def holder_of(noun: Token) -> Token | None:
    """Whose statement the noun names: a possessive, a name before it, or "by"/"from" X."""
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def as_aside_speaker(verb: Token) -> Token | None:
    """The speaker of an "as X noted" aside the parser read as a prepositional phrase on the
    verb, with the sentence's subject as the verb's ("Hawaii, as one of them pointed out, …")."""
    if verb.lemma_ not in CUE_VERBS and saying_idiom(verb) is None:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    as_phrase = next(
        (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i < verb.i), None
    )
    if subject is None or as_phrase is None or not subject.i < as_phrase.i:
        return None
    if verb.doc[as_phrase.i - 1].text != ",":
        return None
    return next((c for c in as_phrase.children if c.dep_ == "pobj"), None)


def head_within(verb: Token, phrase: Span) -> Token | None:
    """The head of the phrase's first run of nouns and names ("Tulsa police Chief Chuck
    Jordan, 52," -> Jordan), whatever the parse."""
    head = None
    for token in verb.doc[: verb.i]:
        if not phrase.start <= token.idx < phrase.end:
            continue
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            head = token
        elif head is not None:
            break
    return head


def speaker_across_lines(
    verb: Token, subject: Token, layout: Layout, line: Span
) -> tuple[Token | None, Span]:
    """The speaker, and the lines its phrase may take, when the parser found the verb's
    subject on another line.

    Across a paragraph break the parse is wrong (a live blog's "7 p.m." entry under its
    heading): the speaker is the phrase opening the verb's line, if one does. Across a single
    line break the text may be hard-wrapped ("The mayor of the city / said ..."): the subject
    stands, with the lines between."""
    opening = _phrase_opening_line(verb, line)
    if opening is not None or subject.idx > line.start:
        return opening, line
    if layout.text.count("\n", subject.idx, line.start) > 1:
        return None, line
    return subject, Span(layout.line_of(subject.idx).start, line.end)


def _phrase_opening_line(verb: Token, line: Span) -> Token | None:
    """The name, or else the first noun, of the phrase that opens the verb's line."""
    doc = verb.doc
    words = [t for t in doc[: verb.i] if t.idx >= line.start and not t.is_space]
    if not words:
        return None
    if words[0].pos_ == "PROPN":
        last = words[0]
        while last.i + 1 < verb.i and doc[last.i + 1].pos_ == "PROPN":
            last = doc[last.i + 1]
        return last
    for word in words:
        if word.pos_ in ("NOUN", "PRON"):
            return word
        if word.pos_ not in ("DET", "ADJ", "NUM"):
            return None
    return None


def speaker_phrase(head: Token | None, line: Span, cue: Span, content: Span) -> Span | None:
    """The source phrase; inside a split quote's range the content does not bound it."""
    if head is None:
        return None
    if content.start <= head.idx < content.end:
        return noun_phrase(head, line, avoid=(cue,))
    return noun_phrase(head, line, avoid=(cue, content))


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The verb's speaker, and whether the verb is passive (a speaker may then be absent)."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    forcer = verb.head
    if not subjects and verb.dep_ == "xcomp" and forcer.lemma_ in FORCING_VERBS:
        # "forced Stumpf to admit": Stumpf admitted; "was forced to defend": its subject did
        forced = [c for c in forcer.children if c.dep_ in ("dobj", "nsubjpass") and c.i < verb.i]
        if forced:
            return forced[0], False
    if subjects:
        # In ""A," the mayor said" the parser may hang the quote's subject on the verb too:
        # the speaker is the subject nearest the verb.
        subject = min(subjects, key=lambda c: abs(c.i - verb.i))
        return _past_dateline(subject), passive
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0], True
    if passive:
        return None, True
    if verb.pos_ == "NOUN":
        return fused_subject(verb), False
    return _inherited_subject(verb), False


def _past_dateline(subject: Token) -> Token:
    """The speaker after a dateline the parser took for the subject ("BOSTON -- Governor
    Lee, ..., said"): the apposition."""
    dash = subject.nbor() if subject.i + 1 < len(subject.doc) else None
    if not subject.is_upper or dash is None or dash.text not in DASHES:
        return subject
    return next((c for c in subject.children if c.dep_ == "appos"), subject)


def _inherited_subject(verb: Token) -> Token | None:
    """The speaker of "..., adding that", "by saying", "one saying that": a governor's."""
    reporter = _coordinating_reporter(verb) or _reporter_of_clause(verb) or publisher_of(verb)
    if reporter is not None:
        return next((c for c in reporter.children if c.dep_ == "nsubj"), None)
    token, quoted = verb, None
    for _ in range(4):
        if token.dep_ not in _INHERITING_DEPS:
            break
        head = token.head
        if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return head if head.i < verb.i else quoted
        # A participle fronted before its clause ("After saying X, she left") shares the
        # subject that follows it.
        fronted = verb.i < head.i and verb.tag_ == "VBG"
        subject = next(
            (c for c in head.children if c.dep_ == "nsubj" and (c.i < verb.i or fronted)), None
        )
        if subject is not None and not _quoted_apart(subject, verb):
            return subject
        quoted = quoted or subject  # the governor's speaker, if one is found further up
        token = head
    return quoted


def _quoted_apart(subject: Token, verb: Token) -> bool:
    """The subject stands in a quotation that closes before the verb ("“..., and wages will
    rise,” before conceding that ..."): it is the quoted speaker's word, not the speaker."""
    if verb.i < subject.i:
        return False
    doc = subject.doc
    opening = next(
        (t for t in reversed(doc[subject.sent.start : subject.i]) if t.tag_ in _MARKS), None
    )
    return (
        opening is not None
        and opening.tag_ == "``"
        and any(t.tag_ == "''" for t in doc[subject.i : verb.i])
    )


_MARKS = ("``", "''")


_INHERITING_DEPS = frozenset("advcl xcomp conj pcomp prep acl advmod".split())


def _reporter_of_clause(verb: Token) -> Token | None:
    """ "Analysts say costs rose, citing the war": a participle set off after a reported clause
    is the reporter's, not the clause subject's, however the parser attached it."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.i < verb.head.i:
        return None
    if verb.doc[verb.left_edge.i - 1].text != ",":
        return None
    clause = verb.head
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in SPEECH_VERBS:
        return None
    return clause.head


def _coordinating_reporter(verb: Token) -> Token | None:
    """The reporting verb whose clause this cue is coordinated with, if any."""
    clause = verb.head
    if verb.dep_ != "conj" or clause.head.lemma_ not in CUE_VERBS:
        return None
    if clause.dep_ != "ccomp":
        adjunct = clause_parsed_as_adjunct(clause.head)  # "tweeted in the night that ..."
        if adjunct is None or adjunct.i != clause.i:
            return None
    second = coordinated_cue(clause)
    return clause.head if second is not None and second.i == verb.i else None


def noun_phrase(head: Token, line: Span, *, avoid: tuple[Span, ...]) -> Span | None:
    """The subject's whole phrase, cut where it would run into the cue or content."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    start, end = head.i, head.i
    while start - 1 >= left and not _blocked(doc[start - 1], line, avoid):
        start -= 1
    while end + 1 <= right and not _blocked(doc[end + 1], line, avoid):
        end += 1
    text = article_text(doc)
    span = Span(doc[start].idx, doc[end].idx + len(doc[end]))
    dateline = _DATELINE.match(text, span.start, span.end)
    if dateline is not None:  # "WASHINGTON -- President Obama": the place is not the speaker
        span = Span(dateline.end(), span.end)
    return trim(span, text)


_DATELINE = re.compile(rf"[A-Z][A-Z.,' ]+[ \t]*(?:--|[{EN_DASH}{EM_DASH}{HORIZONTAL_BAR}])[ \t]*")


def _blocked(token: Token, line: Span, avoid: tuple[Span, ...]) -> bool:
    if not (line.start <= token.idx < line.end):
        return True
    return any(a.start <= token.idx < a.end for a in avoid)


def canonical_source(head: Token | None, span: Span | None, phrase: str | None) -> str | None:
    """The name a newsroom files the source under: the person or organisation the phrase names.

    "Defence Minister Khawaja Asif" is filed as "Khawaja Asif"; a phrase naming no one
    ("observers", "official sources familiar with ...") and a pronoun stay as written. Only the
    phrase's head or an appositive counts: in "a spokesman for Hillary Clinton" the source is
    the spokesman, not Clinton; in "a spokesman for Clinton, Jane Doe" it is Jane Doe.
    """
    if head is None or span is None:
        return phrase
    antecedent = antecedent_of(head)
    if antecedent is not None:
        # "the engineer, who says ...": the claim is filed under the engineer
        first = antecedent.left_edge
        whole = Span(first.idx, antecedent.idx + len(antecedent))
        return canonical_source(antecedent, whole, whole.of(article_text(head.doc)))
    if head.pos_ == "PRON":
        return phrase
    appositives = (t for t in head.subtree if t.dep_ == "appos")
    for token in (head, *appositives):
        name = _entity_name(token, span)
        if name is not None:
            return name
    return phrase


def antecedent_of(pronoun: Token) -> Token | None:
    """The noun a relative pronoun subject stands for ("the engineer" of "who says")."""
    if pronoun.lower_ not in RELATIVE_SUBJECTS or pronoun.head.dep_ != "relcl":
        return None
    noun = pronoun.head.head
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def _entity_name(token: Token, within: Span) -> str | None:
    """The PERSON or ORG entity containing token, if it lies inside the source phrase."""
    if token.ent_type_ not in ("PERSON", "ORG"):
        return None
    # Walk the entity's IOB tags rather than `doc.ents`/`token.sent`, which rescan the doc.
    doc, start, end = token.doc, token.i, token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    first, last = doc[start], doc[end]
    if first.idx < within.start or last.idx + len(last) > within.end:
        return None
    return article_text(doc)[first.idx : last.idx + len(last)]


def source_type(head: Token | None, source: str | None) -> SourceType:
    """Classify the speaker from its head word and named entities."""
    if head is None or source is None:
        return SourceType.outlet
    lower = head.lower_
    if head.pos_ == "PRON":
        if lower in PERSON_PRONOUNS:
            return SourceType.named_person
        return SourceType.anonymous if lower in GROUP_PRONOUNS else SourceType.named_organization
    if head.ent_type_ == "PERSON":
        return SourceType.named_person
    if head.ent_type_ in ("ORG", "GPE", "NORP"):
        return SourceType.named_organization
    words = set(source.lower().split())
    if lower in ANONYMOUS_OFFICIAL_WORDS or (
        lower in ("source", "sources") and words & OFFICIAL_MODIFIERS
    ):
        return SourceType.anonymous_official
    if lower in ANONYMOUS_WORDS:
        return SourceType.anonymous
    if lower in DOCUMENT_WORDS:
        return SourceType.document
    if lower in ORGANIZATION_WORDS:
        return SourceType.named_organization
    return _entity_type_within(head, source)


def _entity_type_within(head: Token, source: str) -> SourceType:
    for token in head.subtree:
        if token.ent_type_ == "PERSON":
            return SourceType.named_person
        if token.ent_type_ in ("ORG", "GPE", "NORP"):
            return SourceType.named_organization
    if head.pos_ == "PROPN":
        return SourceType.named_person
    # A title ("the spokesman", "the president") names one identifiable person.
    return SourceType.named_person if head.tag_ == "NN" else SourceType.anonymous
