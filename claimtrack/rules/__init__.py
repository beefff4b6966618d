"""The offline extractor: attributions read off spaCy dependency parses by rule.

A claim is found around a *cue*: a reporting or cognition verb ("said", "claimed", "polls
show"), "according to", or a disputing clause ("observers are skeptical"). The cue's subject is
the source and its clausal complement (or the quotation it introduces or follows) the content.
Spans follow the annotation conventions of PolNeAR (see `../shared/data/README.md`): the cue
keeps its auxiliaries, negation and particles, the content keeps a leading "that" and its quote
marks, the source is the whole noun phrase.

The parse is the only expensive step; everything here is a walk over tokens already parsed, so
`extract_many` runs at nearly the speed of the bare pipeline.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from claimtrack.domain import Attribution, Certainty, FoundClaim, SourceType, Span
from claimtrack.nlp import noun_lemmas, pipeline, verb_lemmas
from claimtrack.refine import WRITERS_TURN, in_same_tag
from claimtrack.rules.lexicon import (
    ANONYMOUS_OFFICIAL_WORDS,
    ANONYMOUS_WORDS,
    ANY_VERB_CUE,
    AS_IDIOMS,
    ATTITUDE_NOUNS,
    CHARACTERIZING_VERBS,
    CLAUSE_OPENERS,
    COUNTING_NOUNS,
    CUE_VERBS,
    CUES_WITHOUT_PREPOSITION,
    DISPUTING_OR_DOUBTING,
    DOCUMENT_WORDS,
    DOUBT_ADJECTIVES,
    EVIDENCE_WORDS,
    EVIDENT_ADJECTIVES,
    FACED_NOUNS,
    FACED_PREPS,
    FACING_VERBS,
    FINDING_NOUNS,
    FINDING_PREPS,
    FORCING_VERBS,
    FRAMING_VERBS,
    GROUP_PRONOUNS,
    HEDGED_CUES,
    INFINITIVE_CUES,
    INFORMATION_NOUNS,
    INTENTION_NOUNS,
    INVERTED_TAG_VERBS,
    LIFE_STAGES,
    LIGHT_VERBS,
    LISTENER_VERBS,
    NAMING_CUES,
    NOT_PEOPLE,
    NOUN_CUE_PREPS,
    NOUN_CUES,
    OBJECT_COMPLEMENT_PREPS,
    OBJECT_CUES,
    OBLIGING_VERBS,
    OCCASION_NOUNS,
    OCCASION_PREPS,
    OFFICIAL_MODIFIERS,
    OPINION_CUES,
    ORGANIZATION_WORDS,
    PARTITIVE_NOUNS,
    PEOPLE_NOUNS,
    PEOPLE_SUFFIXES,
    PERCEPTION_VERBS,
    PERSON_PRONOUNS,
    PREDICTION_MARKERS,
    PREPOSITION_CUES,
    PUBLISHING_VERBS,
    QUESTIONING_VERBS,
    QUOTING_VERBS,
    RELATIVE_PRONOUNS,
    RELATIVE_SUBJECTS,
    RESPONDING_VERBS,
    RESPONSE_PREPS,
    SETTING_PREPS,
    SPEAKER_WORDS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_ADJECTIVES,
    STANCE_CUES,
    STANCE_OBJECT_NOUNS,
    STANCE_PREPS,
    STANCE_TOPIC_PREPS,
    SUBORDINATORS,
    TEXT_NOUNS,
    TOPIC_PREPS,
    WANTING_VERBS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

QUOTE_MARKS = "\"“”«»„'‘’`"
_TRAILING = " \t\r\n,;:.-–—"
_LEADING = " \t\r\n,;:-–—"
TERMINAL = ".!?\"”’')]:;"
FURNITURE_MAX_WORDS = 12  # a short line without final punctuation is a link or a heading
DASHES = ("--", "\u2013", "\u2014", "\u2015")  # a dateline's, a subhead's
_EDITORIAL_NOTE = re.compile(
    r"\W*(?:editor['\u2019]s note|correction|clarification)\b", re.IGNORECASE
)
# A curly opening mark is sometimes closed by a straight one ("“Immunity deals ... FBI,"").
_QUOTE_OPEN_CLOSE = re.compile(
    # a straight mark closes with a curly one only when no mark comes between (pasted copy:
    # "A,” she said); a curly pair inside straight marks is a quote within the quote
    r"“[^”\"\n]*(?:[”\"]|$)|\"[^\"“”\n]*”|\"[^\"\n]*(?:\"|$)|''(?:(?!'').)*(?:''|$)",
    re.M,
)


@dataclass
class Candidate:
    """A claim found in the parse, before typing and scoring."""

    cue: Span
    content: Span
    source: Span | None
    source_token: Token | None
    lemma: str
    doubts_previous: bool = False


# --- public API ----------------------------------------------------------------------------


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
    doc.user_data[_TEXT_KEY] = doc.text if text is None else text
    try:
        layout = Layout(article_text(doc))
        candidates = [c for token in doc if (c := candidate_at(token, layout)) is not None]
        candidates += line_pattern_claims(doc, layout)
        candidates = [c for c in candidates if c.lemma not in STANCE_CUES or spoken(c)]
        candidates = end_at_writers_turn(candidates, layout)
        kept = sorted(drop_nested(candidates, layout), key=lambda c: (c.content.start, c.cue.start))
        return [to_found_claim(doc, c, kept, index) for index, c in enumerate(kept)]
    finally:
        del doc.user_data[_TEXT_KEY]


_TEXT_KEY = "claimtrack.rules.text"


def spoken(candidate: Candidate) -> bool:
    return can_speak(candidate.source_token)


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


def is_speaker_noun(noun: Token) -> bool:
    """A noun for people, a group or a document: "the senator", "voters", "unions", "the
    audit"; not "the new rules" or "sensors"."""
    if noun.lemma_ in COUNTING_NOUNS | PARTITIVE_NOUNS:
        return counts_speakers(noun)
    lemma = noun.lemma_.lower()
    if lemma in PEOPLE_NOUNS or lemma in SPEAKER_WORDS or noun.lower_ in SPEAKER_WORDS:
        return True
    if lemma in NOT_PEOPLE or lemma.endswith("ment"):
        return False
    return lemma.endswith(PEOPLE_SUFFIXES) or is_agent_noun(lemma)


def counts_speakers(head: Token) -> bool:
    """Whether a number or share counts speakers: "one of the economists", "42 percent of
    voters"; not "a number of reasons"."""
    counted = [g for c in head.children if c.dep_ == "prep" for g in c.children]
    return any(
        c.dep_ == "pobj" and (c.pos_ in ("PROPN", "PRON") or is_speaker_noun(c)) for c in counted
    )


def is_agent_noun(lemma: str) -> bool:
    """One who does what a verb says: "driver" (drive), "hacker" (hack), "planner" (plan),
    "investor" (invest), "taxpayer" (pay); not "sensor", "error" or "summer"."""
    verbs = verb_lemmas()
    for start in range(0, max(1, len(lemma) - 4)):
        word = lemma[start:]
        if word.endswith("or"):
            bases: tuple[str, ...] = (word[:-2],)
        elif word.endswith("er") and len(word) > 4:
            bases = (word[:-1], word[:-2], word[:-3] if word[-3] == word[-4] else "")
        else:
            return False
        # a short base only inside a compound: "taxpayer" (pay), "homeowner" (own); "err"
        # alone does not make "error" a person
        if any(base in verbs for base in bases if len(base) > (3 if start == 0 else 2)):
            return True
    return False


def article_text(doc: Doc) -> str:
    """The parsed article's text. `Doc.text` joins every token anew on each access, which
    costs more than the rules themselves, so `claims_in` computes it once per article."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if text is not None else doc.text


# --- article layout: lines and quotations --------------------------------------------------


class Layout:
    """Where the article's lines and quotations are, for span clipping and quote tests."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.quotes = [Span(m.start(), m.end()) for m in _QUOTE_OPEN_CLOSE.finditer(text)]
        self._quote_starts = [q.start for q in self.quotes]
        self.quote_ends = [q.end for q in self.quotes]
        self._furniture = self._find_furniture()

    def line_of(self, offset: int) -> Span:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        end = self.text.find("\n", offset)
        return Span(self.line_starts[index], len(self.text) if end == -1 else end)

    def _find_furniture(self) -> set[int]:
        """The indexes of the lines that are furniture: short lines without final punctuation
        (never the title, the article's first claim however short) and the outlet's own notes
        ("Editor's note: ...", "Correction: ..."), hard-wrapped lines up to the blank line that
        ends them included."""
        found: set[int] = set()
        in_note = False
        ends = [start - 1 for start in self.line_starts[1:]] + [len(self.text)]
        for index, (start, end) in enumerate(zip(self.line_starts, ends, strict=True)):
            line = self.text[start:end].strip()
            in_note = bool(line) and (in_note or _EDITORIAL_NOTE.match(line) is not None)
            short = bool(line) and line[-1] not in TERMINAL
            if in_note or (index > 0 and short and len(line.split()) < FURNITURE_MAX_WORDS):
                found.add(index)
        return found

    def is_furniture(self, offset: int) -> bool:
        """A heading, link or footer line, or the outlet's own note (the title, the article's
        first line, is furniture only as such a note)."""
        return bisect.bisect_right(self.line_starts, offset) - 1 in self._furniture

    def quote_at(self, offset: int) -> Span | None:
        """The quotation strictly containing offset (its marks excluded), if any."""
        index = bisect.bisect_right(self._quote_starts, offset) - 1
        if index >= 0 and self.quotes[index].start < offset < self.quotes[index].end - 1:
            return self.quotes[index]
        return None

    def quotes_touching(self, span: Span) -> list[Span]:
        """Quotations overlapping span or opening right before it."""
        low = bisect.bisect_right(self._quote_starts, span.end + 1)
        found = []
        for quote in reversed(self.quotes[:low]):
            if quote.end < span.start - 2:
                break
            found.append(quote)
        return found[::-1]

    def quote_starting_after(self, offset: int, limit: int) -> Span | None:
        """The quotation opening first after offset, if it opens before limit."""
        index = bisect.bisect_left(self._quote_starts, offset)
        if index < len(self.quotes) and self.quotes[index].start < limit:
            return self.quotes[index]
        return None


# --- finding candidates --------------------------------------------------------------------


def candidate_at(token: Token, layout: Layout) -> Candidate | None:
    """The claim whose cue is this token, if it is a cue."""
    pos = token.pos_
    if pos not in CUE_POS or layout.is_furniture(token.idx):
        return None
    # Cues inside quotations belong to the quoted speaker: almost never annotated.
    if layout.quote_at(token.idx) is not None:
        return None
    lower, lemma, dep, tag = token.lower_, token.lemma_, token.dep_, token.tag_
    if lower == "according":
        return according_to(token, layout)
    if dep == "prep" and lower in FINDING_PREPS:
        return found_in(token, layout)
    if dep == "acomp" and lemma in EVIDENT_ADJECTIVES | DOUBT_ADJECTIVES:
        found = evident_clause(token, layout)  # "it is doubtful that ...": the writer's doubt
        if found is not None or lemma in EVIDENT_ADJECTIVES:
            return found
    if dep == "acomp" and lemma in STANCE_ADJECTIVES:
        found = stance_adjective(token, layout)
        if found is not None or lemma not in DOUBT_ADJECTIVES:
            return found
        return doubting_clause(token, layout)
    if lower in INVERTED_TAG_VERBS and token.i == token.sent.start:
        found = inverted_tag(token, layout)  # "Said Ellis: “…”" (read as a verb or a name)
        if found is not None:
            return found
    if pos in ("NOUN", "PROPN"):
        return noun_candidate(token, layout, lemma)
    if lemma == "say" and says_nothing(token):
        return None
    if not_a_stance(token, lemma, dep, tag):
        return None
    if lemma in QUESTIONING_VERBS and tag == "VBN" and dep == "advcl":
        found = question_put(token, layout)  # "Asked about the fund, Ruiz said ..."
        if found is not None:
            return found
    if pos == "VERB" and is_verb_cue(token, lemma):
        return verb_cue(token, layout)
    return None


def is_verb_cue(token: Token, lemma: str) -> bool:
    return (
        lemma in ANY_VERB_CUE
        or takes_proposition(token)
        or characterization(token) is not None
        or saying_idiom(token) is not None
        or continues_quote(token)
        or stance_object(token) is not None
    )


# Parts of speech a cue can have: verbs, nouns ("claim", or a verb the tagger took for one),
# names (a fronted "Said" the tagger took for one), adjectives ("skeptical", "clear") and
# the prepositions of "according to" and "in a poll".
CUE_POS = frozenset("VERB AUX NOUN PROPN ADJ ADP".split())


def noun_candidate(token: Token, layout: Layout, lemma: str) -> Candidate | None:
    if token.pos_ != "NOUN":
        return None
    if tagged_as_noun(token) and is_verb_cue(token, lemma):
        return verb_cue(token, layout)
    if lemma in FACED_NOUNS:
        found = stance_faced(token, layout)  # "has drawn sharp criticism over ..."
        if found is not None:
            return found
    if lemma in NOUN_CUES | INTENTION_NOUNS:
        return noun_cue(token, layout)
    return None


def not_a_stance(token: Token, lemma: str, dep: str, tag: str) -> bool:
    """Verbs of saying that say nothing in their setting."""
    head = token.head
    if dep == "pcomp" and tag == "VBG" and head.lower_ in ("without", "in"):
        return True  # "without saying why" says nothing; "in offering analysis, he said ..."
    if dep == "acl" and tag == "VBG" and lemma in WANTING_VERBS:
        return True  # "anyone wanting to borrow": who someone is, not what they say
    if lemma in ("charge", "address") and any(c.dep_ == "auxpass" for c in token.children):
        return True  # "was charged with fraud", "must be addressed": a status, a task
    if token.is_upper and len(token) > 1 and in_capital_subhead(token):
        return True  # "EVEN HIS BOSS THINKS … — text": a subhead in capitals, not a sentence
    if lemma == "conclude" and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children):
        return True  # "the ad concludes with footage of ...": it ends, it does not infer
    if dep in ("xcomp", "ccomp") and head.lemma_ in OBLIGING_VERBS:
        return True  # "laws requiring candidates to disclose", "let them know": not an act
    # "according to show insiders": a noun the tagger took for a verb, the source
    return dep == "pcomp" and head.lower_ == "to" and head.head.lower_ == "according"


def in_capital_subhead(token: Token) -> bool:
    """Whether the token is in a run of capitals that a dash ends ("FELLOW DOCTORS DON'T
    WANT TO WORK WITH HIM — Oz may …"); a headline in capitals stands on its own."""
    doc = token.doc
    for index in range(token.i + 1, len(doc)):
        following = doc[index]
        if following.text in DASHES:
            return True
        if following.is_alpha and not following.is_upper or "\n" in following.text:
            return False
    return False


def says_nothing(say: Token) -> bool:
    """Idioms in which nobody says anything: "it goes without saying", "let's say"."""
    head = say.head
    if head.lemma_ == "let":
        return True
    return say.dep_ == "pcomp" and head.lower_ == "without" and head.head.lemma_ == "go"


def tagged_as_noun(token: Token) -> bool:
    """A verb the tagger took for a noun ("Leaked documents show he ...", "Trump charges
    that ..."): a noun that governs a subject and a clause; or a plural cue heading the
    sentence with the rest of its phrase before it and a clause after it ("The Clinton
    campaign plans to employ ...", "Sanders Vows To Eliminate ...")."""
    if token.pos_ != "NOUN":
        return False
    children = [c.dep_ for c in token.children]
    if "nsubj" in children and "ccomp" in children:
        return True
    return (
        token.dep_ == "ROOT"
        and token.tag_ == "NNS"
        and token.lemma_ in ANY_VERB_CUE
        and fused_subject(token) is not None
        and any(c.dep_ in ("xcomp", "ccomp") and c.i > token.i for c in token.children)
    )


def fused_subject(token: Token) -> Token | None:
    """The noun a verb read as a noun took into its own phrase ("The campaign plans ...")."""
    return next((c for c in reversed(list(token.lefts)) if c.dep_ == "compound"), None)


def noun_cue(noun: Token, layout: Layout) -> Candidate | None:
    """A statement named by a noun with its holder: "the senator's claim that ..."."""
    line = layout.line_of(noun.idx)
    holder = holder_of(noun)
    if holder is None:
        return None
    cue_tokens = [noun]
    clause = next((c for c in noun.children if is_that_clause(c)), None)
    intent = next((c for c in noun.children if is_infinitive(c)), None)
    if clause is not None:
        content = subtree_span(clause, line)
    elif intent is not None and noun.lemma_ in INTENTION_NOUNS:
        content = subtree_span(intent, line)  # "the senator's plan to cut fares"
    elif noun.lemma_ not in NOUN_CUES:
        return None
    else:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.i == noun.i + 1), None)
        objects = [g for g in prep.children if g.dep_ == "pobj"] if prep is not None else []
        if prep is None or prep.lower_ not in NOUN_CUE_PREPS or not objects:
            return None
        if is_when_or_how(objects[0]):
            return None  # "his remarks on Saturday": when, not what about
        if noun.lemma_ in ATTITUDE_NOUNS:
            return None
        content = subtree_span(objects[0], line)
        cue_tokens.append(prep)
    cue = clip(tokens_span(cue_tokens), line)
    if content is None or cue is None:
        return None
    source = noun_phrase(holder, line, avoid=(cue, content))
    return Candidate(cue, content, source, holder, noun.lemma_)


def stance_faced(noun: Token, layout: Layout) -> Candidate | None:
    verb = noun.head
    facing = noun.dep_ == "dobj" and verb.lemma_ in FACING_VERBS
    under = noun.dep_ == "pobj" and verb.lower_ == "under" and verb.head.lemma_ == "come"
    if not (facing or under):
        return None
    clause = verb if facing else verb.head
    line = layout.line_of(noun.idx)
    cue_tokens = [noun, *(c for c in noun.lefts if c.dep_ == "amod")]
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in FACED_PREPS), None)
    objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep else []
    if objects and prep.i == noun.i + 1:
        content = subtree_span(objects[0], line)
        cue_tokens.append(prep)
    elif noun.lemma_ == "criticism":  # "Lee is drawing criticism": the one criticized
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        content = subtree_span(subject, line) if subject is not None else None
    else:
        return None  # "faced a question": about nothing said
    critics = next(
        (c for c in [*noun.children, *clause.children] if c.dep_ == "prep" and c.lower_ == "from"),
        None,
    )
    critic_objects = [g for g in critics.children if g.dep_ == "pobj"] if critics else []
    source_token = critic_objects[0] if critic_objects else None
    cue = clip(tokens_span(cue_tokens), line)
    if content is None or cue is None:
        return None
    source = noun_phrase(source_token, line, avoid=(cue, content)) if source_token else None
    # the critics are whoever the "from" phrase names ("from unions"): no stance test
    return Candidate(cue, content, source, source_token, "face")


def holder_of(noun: Token) -> Token | None:
    """Whose statement the noun names: a possessive, a name before it, or "by"/"from" X."""
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def is_infinitive(child: Token) -> bool:
    return (
        child.dep_ in ("acl", "relcl")
        and child.i > child.head.i
        and any(g.dep_ == "aux" and g.lower_ == "to" and g.i < child.i for g in child.children)
    )


def is_that_clause(child: Token) -> bool:
    """A "that"-clause completing a noun ("the claim that ..."); the parser may call it a
    relative clause, but a relative "that" is its subject or object, not its marker."""
    return child.dep_ in ("acl", "ccomp", "relcl") and any(
        g.dep_ == "mark" and g.lower_ == "that" for g in child.children
    )


def takes_proposition(verb: Token) -> bool:
    """Any verb with a subject and a "that"-clause reports a stance ("Clinton hopes that ..."),
    but not a copula with an adjective ("it became clear that ...": see evident_clause)."""
    if any(c.dep_ == "acomp" for c in verb.children):
        return False
    for child in verb.children:
        if child.dep_ == "ccomp" and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            return True
    return False


# Idioms of saying made of a verb and one dependent word: "as the memo put it", "as experts
# have pointed out"; and what makes the same words literal: "put it on the table", "pointed
# out the bridge".
SAYING_IDIOMS = {"put": ("dobj", "it"), "point": ("prt", "out")}
LITERAL_DEPENDENTS = {"put": frozenset("prep prt dative".split()), "point": frozenset(["dobj"])}


def saying_idiom(verb: Token) -> Token | None:
    """The word that makes the verb an idiom of saying ("it" of "put it"), if it has one."""
    idiom = SAYING_IDIOMS.get(verb.lemma_)
    if idiom is None:
        return None
    literal = LITERAL_DEPENDENTS[verb.lemma_]
    if any(c.dep_ in literal and not puts_into_words(c) for c in verb.children):
        return None
    return next((c for c in verb.children if (c.dep_, c.lower_) == idiom), None)


def puts_into_words(prep: Token) -> bool:
    """Whether a preposition on "put it" names an audience or a medium, not a place."""
    if prep.dep_ != "prep":
        return False
    if prep.lower_ == "to":
        return True
    place = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return place is not None and (
        place.pos_ == "PROPN" or place.lemma_ in SPEECH_NOUNS or is_speaker_noun(place)
    )


def verb_cue(verb: Token, layout: Layout) -> Candidate | None:
    if publishes_text_that_says(verb):
        return None  # the text's own participle carries the claim
    line = layout.line_of(verb.idx)
    source_token, passive = subject_of(verb)
    aside = as_aside_speaker(verb)
    if aside is not None:
        # "Hawaii, as one of his advisers pointed out, does not get …" parsed with Hawaii as
        # the subject: the adviser speaks and the sentence around the aside is the content
        content = subtree_span(verb, line)
        cue = clip(tokens_span(cue_tokens_of(verb)), line)
        if content is None or cue is None:
            return None
        source = noun_phrase(aside, line, avoid=(cue,))
        return Candidate(cue, content, source, aside, verb.lemma_)
    tag: tuple[Span, Span] | None = None
    if source_token is not None and layout.quote_at(source_token.idx) is not None:
        # "“… We will …,” Chief Ana Ruiz said": no one inside the quote is its speaker
        tag = speaker_after_quote(verb, layout, line)
        if tag is not None:
            source_token = head_within(verb, tag[1])
    speaker_line = line
    if source_token is not None and not line.start <= source_token.idx < line.end:
        source_token, speaker_line = speaker_across_lines(verb, source_token, layout, line)
    if source_token is None and not passive:
        return None
    if tag is not None:
        content, extra = tag[0], []
    else:
        content, extra = content_of_verb(verb, source_token, layout, line)
    if content is None:
        return None
    cue = clip(tokens_span(cue_tokens_of(verb) + extra), line)
    cue, content = object_into_cue(verb, source_token, cue, content)
    content = expand_quotes(content, cue, layout, verb)
    if content is None or (content.overlaps(cue) and not contains(content, cue)):
        return None
    source = tag[1] if tag is not None else speaker_phrase(source_token, speaker_line, cue, content)
    return Candidate(cue, content, source, source_token, verb.lemma_)


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


MAX_TAG_SPEAKER_WORDS = 12


def speaker_after_quote(verb: Token, layout: Layout, line: Span) -> tuple[Span, Span] | None:
    """The quotation right before a tag and the words between it and the tag's verb."""
    index = bisect.bisect_right(layout.quote_ends, verb.idx) - 1
    if index < 0 or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    quote = layout.quotes[index]
    between = trim(Span(quote.end, verb.idx), layout.text)
    if between is None or quote.start < line.start:
        return None
    if not 0 < len(between.of(layout.text).split()) <= MAX_TAG_SPEAKER_WORDS:
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


def object_into_cue(
    verb: Token, speaker: Token | None, cue: Span | None, content: Span
) -> tuple[Span | None, Span]:
    """The cue and content of a stance made with a light verb: "expressed concern about the
    rule" claims "the rule", and "expressed concern about" is the cue."""
    if cue is None or content.start < cue.end or reports_finding(verb, speaker):
        return cue, content
    prep = light_stance(verb)
    # the stance noun (the preposition's head) opens the content: the cue takes it
    if prep is None or prep.head.left_edge.idx != content.start:
        return cue, content
    rest = Span(prep.idx + len(prep), content.end)
    if rest.end <= rest.start:
        return cue, content
    return Span(cue.start, prep.idx + len(prep)), trim(rest, article_text(verb.doc)) or content


def stance_object(verb: Token) -> Token | None:
    """The noun that makes a light verb a stance ("questions" of "has questions about")."""
    if verb.lemma_ not in LIGHT_VERBS:
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_ in STANCE_OBJECT_NOUNS
        ),
        None,
    )


def stance_of_object(verb: Token, noun: Token, line: Span) -> tuple[Span | None, list[Token]]:
    """What a light verb's stance is about, and the words that join the cue: "made the case
    | that X", "has questions about | X", "took offense at | X"."""
    doc = verb.doc
    clause = next((c for c in noun.children if is_that_clause(c)), None)
    if clause is not None:
        return subtree_span(clause, line), list(doc[verb.i + 1 : noun.i + 1])
    # the preposition right after the noun hangs on it, or on the verb after a bare noun
    # ("took offense at"): "took the case on Monday" is no stance
    if noun.i + 1 >= len(doc):
        return None, []
    prep = doc[noun.i + 1]
    bare = not any(c.dep_ == "det" for c in noun.children)
    if prep.dep_ != "prep" or not (prep.head == noun or (prep.head == verb and bare)):
        return None, []
    if prep.lower_ not in STANCE_OBJECT_NOUNS[noun.lemma_]:
        return None, []
    topic = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if topic is None:
        return None, []
    return subtree_span(topic, line), list(doc[verb.i + 1 : prep.i + 1])


def light_stance(verb: Token) -> Token | None:
    """The preposition of a light verb's stance ("expressed concern about", "showed support
    for"), whose object is what the stance is about."""
    if verb.lemma_ not in LIGHT_VERBS:
        return None
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.pos_ != "NOUN":
            continue
        if obj.lemma_ in PARTITIVE_NOUNS or obj.lower_ in INFORMATION_NOUNS:
            continue
        prep = next((c for c in obj.rights if c.dep_ == "prep"), None)
        if prep is not None and prep.lower_ in STANCE_TOPIC_PREPS:
            if any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
                return prep
    return None


def speaker_across_lines(
    verb: Token, subject: Token, layout: Layout, line: Span
) -> tuple[Token | None, Span]:
    """The speaker, and the lines its phrase may take, when the parser found the verb's
    subject on another line.

    Across a paragraph break the parse is wrong (a live blog's "7 p.m." entry under its
    heading): the speaker is the phrase opening the verb's line, if one does. Across a single
    line break the text may be hard-wrapped ("The mayor of the city / said ..."): the subject
    stands, with the lines between."""
    opening = phrase_opening_line(verb, line)
    if opening is not None or subject.idx > line.start:
        return opening, line
    if layout.text.count("\n", subject.idx, line.start) > 1:
        return None, line
    return subject, Span(layout.line_of(subject.idx).start, line.end)


def phrase_opening_line(verb: Token, line: Span) -> Token | None:
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
        return past_dateline(subject), passive
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0], True
    if passive:
        return None, True
    if verb.pos_ == "NOUN":
        return fused_subject(verb), False
    return inherited_subject(verb), False


def past_dateline(subject: Token) -> Token:
    """The speaker after a dateline the parser took for the subject ("BOSTON -- Governor
    Lee, ..., said"): the apposition."""
    dash = subject.nbor() if subject.i + 1 < len(subject.doc) else None
    if not subject.is_upper or dash is None or dash.text not in DASHES:
        return subject
    return next((c for c in subject.children if c.dep_ == "appos"), subject)


def inherited_subject(verb: Token) -> Token | None:
    """The speaker of "..., adding that", "by saying", "one saying that": a governor's."""
    reporter = coordinating_reporter(verb) or reporter_of_clause(verb) or publisher_of(verb)
    if reporter is not None:
        return next((c for c in reporter.children if c.dep_ == "nsubj"), None)
    token = verb
    for _ in range(4):
        if token.dep_ not in INHERITING_DEPS:
            return None
        head = token.head
        if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return head if head.i < verb.i else None
        # A participle fronted before its clause ("After saying X, she left") shares the
        # subject that follows it.
        fronted = verb.i < head.i and verb.tag_ == "VBG"
        subject = next(
            (c for c in head.children if c.dep_ == "nsubj" and (c.i < verb.i or fronted)), None
        )
        if subject is not None:
            return subject
        token = head
    return None


INHERITING_DEPS = frozenset("advcl xcomp conj pcomp prep acl advmod".split())


def reporter_of_clause(verb: Token) -> Token | None:
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


def content_of_verb(
    verb: Token, speaker: Token | None, layout: Layout, line: Span
) -> tuple[Span | None, list[Token]]:
    """The verb's content span and any tokens (a preposition) that join its cue."""
    quoting_only = continues_quote(verb)
    reporting = (
        verb.lemma_ in CUE_VERBS
        or takes_proposition(verb)
        or saying_idiom(verb) is not None
        or quoting_only
    )
    after_tag = tag_end(verb)
    if layout.text[after_tag : after_tag + 1] == ":" and bare_tag(verb, after_tag, reporting):
        return introduced_quote(verb, after_tag, layout, line), []
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and not doubts_apart(c, verb)]
    opening = bracket_around(verb)
    if opening is not None:  # "... (her campaign disclosed that ...)": only what is inside
        clauses = [c for c in clauses if c.left_edge.i > opening.i]
    if clauses and reporting:
        clauses = quoted_before_tag(clauses, verb, layout)
        start = min(c.left_edge.idx for c in clauses)
        quote = quote_before_tag(verb, speaker, layout, line)
        if quote is not None and layout.text[start : quote.start].rstrip().endswith(":"):
            start = quote.start  # "Lee scolded him: “…,” she said": the quotation only
        end = max(clause_end(c) for c in clauses)
        return extend_past_tag(verb, trim(clip(Span(start, end), line), layout.text), layout), []
    if reporting and not clauses and quote_before_tag(verb, speaker, layout, line) is None:
        # "When A, Okafor joked, “I am thrifty.”": the quotation after the tag
        quoted = introduced_quote(verb, after_tag, layout, line)
        if quoted is not None and layout.text[after_tag : quoted.start].strip() == ",":
            return quoted, []
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i and reporting:
        around = preceding_clause(verb, line)
        if around is not None:
            return around, []
    if reporting and verb.dep_ == "advcl" and not clauses:
        around = as_clause_governor(verb, line)
        if around is not None:
            return around, []
    if reporting:
        quoted = quote_before_tag(verb, speaker, layout, line)
        if quoted is None:
            quoted = stray_subject_clause(verb, speaker, line)
        if quoted is not None:
            return quoted, []
    if quoting_only:
        return introduced_quote(verb, after_tag, layout, line), []
    if reporting:
        around = interrupting_tag(verb, speaker, line)
        if around is not None:
            return around, []
    if speaker is None or speaker.dep_ != "nsubj":
        passive = passive_content(verb, line)
        if passive[0] is not None:
            return passive
    found = complement_of(verb, line)
    if found[0] is not None or not reporting:
        return found
    quoted = introduced_quote(verb, after_tag, layout, line)
    if quoted is not None:
        return quoted, []
    clause = clause_parsed_as_adjunct(verb)
    if clause is not None:
        span = Span(clause.left_edge.idx, clause_end(clause))
        return trim(clip(span, line), layout.text), []
    # "claimed the city cut fares": a clause parsed as an object is still what was said; the
    # object of a verb of knowing or perceiving ("knows the specifics") is not, unless the
    # verb reports a finding ("polls show a close race", "the audit found 31 errors").
    if verb.lemma_ in PERCEPTION_VERBS and not (
        reports_finding(verb, speaker) or light_stance(verb) is not None
    ):
        return None, []
    return object_content(verb, line, clause=True), []


def bare_tag(verb: Token, end: int, reporting: bool) -> bool:
    """Whether the verb is a speaker tag before a colon (at end), so that what follows is what
    was said: a verb of saying ("told reporters: …"), or a stance verb with no object but a
    pronoun ("scolded him: “…”"); not one whose object is its content ("cited the cost: …")."""
    if verb.lemma_ not in OBJECT_CUES:
        return reporting
    words = [t for t in verb.doc[verb.i + 1 :] if t.idx < end]
    return all(t.pos_ in ("PRON", "ADV", "PART", "PUNCT") for t in words)


OWN_COMPLEMENTS = frozenset("dobj xcomp prep attr acomp oprd dative advcl".split())


def continues_quote(verb: Token) -> bool:
    if verb.lemma_ not in QUOTING_VERBS:
        return False
    # a quotation the parser made the object ("read: “No new taxes.”") is what is quoted
    if any(c.dep_ in OWN_COMPLEMENTS and not is_quoted(c) for c in verb.children):
        return False
    # "went on": the particle is needed; "went" alone is a journey
    return verb.lemma_ != "go" or goes_on(verb)


def is_quoted(phrase: Token) -> bool:
    first = phrase.left_edge
    return first.tag_ == "``" or (first.i > 0 and phrase.doc[first.i - 1].tag_ == "``")


MAX_TAG_TAIL = 8  # tokens of setting after an interrupting tag's verb ("noted on Monday")


def interrupting_tag(verb: Token, speaker: Token | None, line: Span) -> Span | None:
    """The sentence a tag set off by commas interrupts ("The fund, the auditor noted on
    Monday, is nearly empty"), however the parser attached the tag."""
    if speaker is None or speaker.lower_ in RELATIVE_SUBJECTS:
        return None
    doc = verb.doc
    first = min(speaker.left_edge.i, verb.i)
    if first == 0 or doc[first - 1].text != "," or doc[first].is_sent_start:
        return None
    tail = doc[verb.i + 1 : verb.i + 1 + MAX_TAG_TAIL]
    close = next((t for t in tail if t.text == ","), None)
    if close is None or close.i + 1 >= len(doc) or doc[close.i + 1].is_sent_start:
        return None
    if doc[close.i + 1].text[:1] in QUOTE_MARKS:
        return None  # the tag introduces a quotation: it is the content
    listener = ("dobj", "dative") if verb.lemma_ in LISTENER_VERBS else ()
    for token in doc[verb.i + 1 : close.i]:
        if token.is_sent_start or (token.head == verb and token.dep_ in OWN_CONTENT_DEPS):
            if token.dep_ not in listener:
                return None
    start = first - 1
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    whole = Span(doc[start].idx, sentence_end_char(verb))
    return trim(clip(whole, line), article_text(doc))


OWN_CONTENT_DEPS = frozenset("ccomp dobj xcomp dative attr oprd".split())


def reports_finding(verb: Token, speaker: Token | None) -> bool:
    """Whether the verb reports evidence, which states its object ("polls show a tight race",
    "the audit found 31 errors"); a person who finds something ("found a way") reports nothing."""
    if verb.lemma_ not in ("show", "find") or speaker is None:
        return False
    if speaker.lower_ in ("that", "which") and verb.dep_ == "relcl":
        speaker = verb.head  # "the returns that showed ...": the returns
    return speaker.lemma_ in EVIDENCE_WORDS or speaker.lower_ in EVIDENCE_WORDS


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
    if all(opens_adverbial(c) for c in before):
        return after
    if layout.quote_at(before[-1].idx) is None:
        return clauses
    return before + [c for c in after if layout.quote_at(c.idx) is not None]


def opens_adverbial(clause: Token) -> bool:
    """Whether a clause opens on a subordinator or a participle of its own ("While A, ...",
    "Claiming A, ...") that the parser folded into it."""
    first = clause.left_edge
    if first.i == clause.i:
        return False
    if first.dep_ == "mark":
        return first.lower_ in SUBORDINATORS and first.head.i != clause.i
    return first.tag_ == "VBG" and first.i == clause.sent.start


def bracket_around(token: Token) -> Token | None:
    """The opening parenthesis of a bracketed aside the token stands in, if any."""
    doc = token.doc
    for index in range(token.i - 1, -1, -1):
        before = doc[index]
        if before.text == ")":
            return None
        if before.text == "(":
            return before
        if before.is_sent_start:
            return None
    return None


def coordinated_cue(clause: Token) -> Token | None:
    """A second cue coordinated with the reported clause ("said X and warned Y"): a
    subjectless conjunct that is itself a verb of saying is the speaker's, not the content's;
    an action ("said he ignored the signal and refused to stop") stays in the content."""
    for child in clause.children:
        if child.dep_ == "conj" and child.i > clause.i and child.pos_ == "VERB":
            if child.lemma_ in SPEECH_VERBS | NAMING_CUES and not any(
                g.dep_ in ("nsubj", "nsubjpass") for g in child.children
            ):
                return child
    return None


def coordinated_speaker(clause: Token) -> Token | None:
    """A verb of saying with a subject of its own coordinated inside a reported clause
    ("Officials said A and unions accused the board of B"): another attribution."""
    for token in clause.subtree:
        if token.dep_ == "conj" and token.i > clause.i and token.lemma_ in SPEECH_VERBS:
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in ("PROPN", "NOUN"):
                return token
    return None


def coordinating_reporter(verb: Token) -> Token | None:
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


def clause_end(clause: Token) -> int:
    """Where a reported clause ends: before a coordinated cue and its conjunction, whether
    the speaker's ("said X and warned Y") or another's ("said X and Democrats accused Y")."""
    second = coordinated_cue(clause) or coordinated_speaker(clause)
    if second is None:
        return clause.right_edge.idx + len(clause.right_edge)
    start = second.left_edge.i  # "and Democrats accused": the subject goes with its verb
    before = [t for t in clause.subtree if t.i < start and t.dep_ not in ("cc", "punct")]
    last = max(before, key=lambda t: t.i)
    return last.idx + len(last)


def clause_parsed_as_adjunct(verb: Token) -> Token | None:
    """What "said" reports when the parser took it for an adjunct: "have not said when the
    depot would close", "said after the vote he would resign" (a finite clause after the tag)."""
    # A passive's adjunct ("will be posted if ...") is a condition, not what was said.
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ != "advcl" or child.i < verb.i or not near_tag(child.left_edge, verb):
            continue
        marks = [g.lower_ for g in child.children if g.dep_ in ("mark", "advmod") and g.i < child.i]
        finite = any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
        if finite and all(m in CLAUSE_OPENERS or m == "that" for m in marks):
            return child
    return None


def near_tag(start: Token, verb: Token) -> bool:
    """Whether a clause opens within a few words of the verb, or right after its setting
    ("posted late on Sunday night that ...")."""
    between = verb.doc[verb.i + 1 : start.i]
    return len(between) < 5 or all(in_verb_setting(t, verb) for t in between)


def is_bare_verb(conj: Token, verb: Token) -> bool:
    """A verb in its base form with no subject of its own ("to meet and exceed"); the tagger
    may read the base form as present tense unless the cue itself is present."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
        return False
    return conj.tag_ == "VB" or (conj.tag_ == "VBP" and verb.tag_ not in ("VBP", "VB"))


def coordinated_infinitives(verb: Token, infinitive: Token) -> Token:
    """The last of "wants to triple X, grow Y and create Z": bare verbs the parser coordinated
    with the cue after its infinitive still belong to what is wanted."""
    last = infinitive
    for child in verb.children:
        if child.dep_ == "conj" and child.i > last.i and is_bare_verb(child, verb):
            last = child
            while (more := next((c for c in last.children if c.dep_ == "conj"), None)) is not None:
                last = more
    return last


def complement_of(verb: Token, line: Span) -> tuple[Span | None, list[Token]]:
    """Content that is a prepositional, infinitive or nominal complement of the verb."""
    if verb.lemma_ in QUESTIONING_VERBS:
        asked = question_topic(verb, line)  # "asked Clinton about her emails"
        if asked is not None:
            return asked
    if verb.lemma_ in RESPONDING_VERBS:
        # "responded with attacks", "did not respond to requests": the phrase is the response
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in RESPONSE_PREPS and child.i > verb.i:
                return subtree_span(child, line), []
    preps = PREPOSITION_CUES.get(verb.lemma_, ())
    infinitive = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps and child.i > verb.i:
            between = verb.doc[verb.i + 1 : child.i]
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects and all(in_verb_setting(t, verb) for t in between):
                # "called on X to act", "went after X as a leech": the object and what it is
                # asked to do or taken for
                seen_as = [
                    c
                    for c in verb.children
                    if c.i > child.i and c.dep_ == "prep" and c.lower_ == "as" and characterizes(c)
                ]
                last = infinitive if infinitive is not None else (seen_as or objects)[0]
                return span_between(objects[0], last, line), [*between, child]
    noun = stance_object(verb)
    if noun is not None and verb.lemma_ not in OBJECT_CUES:
        return stance_of_object(verb, noun, line)
    characterized = characterization(verb)
    if characterized is not None:
        return span_between(characterized[0], characterized[1], line), []
    if verb.lemma_ in NAMING_CUES:
        named = naming_complement(verb, line)
        if named is not None:
            return named, []
    if verb.lemma_ in INFINITIVE_CUES:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.i > verb.i:
                start = child
                for obj in verb.children:
                    if obj.dep_ == "dobj" and verb.i < obj.i < child.i and obj.pos_ != "PRON":
                        start = obj
                return span_between(start, coordinated_infinitives(verb, child), line), []
    gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
    if gerund is not None and 0 < gerund.i - verb.i <= 2 and verb.lemma_ in OBJECT_CUES:
        # "proposed dropping the fee", "admitted using the loophole": the act is the content
        return subtree_span(gerund, line), []
    if verb.lemma_ in OBJECT_CUES:
        found = object_content(verb, line, clause=True)
        if found is None and (what := free_relative(verb)) is not None:
            found = subtree_span(what, line)  # "denounced what she called a betrayal"
        if found is not None:
            return found, []
    if verb.lemma_ in PREPOSITION_CUES and verb.lemma_ not in CUES_WITHOUT_PREPOSITION:
        return None, []  # "go on offense": only "go after X" is a stance
    return topic_of(verb, line)


def free_relative(verb: Token) -> Token | None:
    """A "what"-clause the parser took for the verb's clausal complement: its object."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and child.left_edge.lower_ == "what":
            return child
    return None


def question_topic(verb: Token, line: Span) -> tuple[Span | None, list[Token]] | None:
    """What someone was asked about: the listener and the preposition join the cue, as
    annotated ("asked Ruiz about" / "the budget gap", "had pressed him on" / "the delay")."""
    listener = next((c for c in verb.children if c.dep_ == "dobj" and c.i == verb.i + 1), None)
    if listener is None or listener.pos_ not in ("PRON", "PROPN"):
        return None
    prep = next((c for c in listener.rights if c.dep_ == "prep"), None)
    prep = prep or next((c for c in verb.children if c.dep_ == "prep" and c.i > listener.i), None)
    if prep is None or prep.lower_ not in ("about", "on") or prep.i != listener.right_edge.i + 1:
        return None
    objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
    if not objects:
        return None
    return subtree_span(objects[0], line), [*verb.doc[listener.left_edge.i : prep.i + 1]]


MAX_SETTING_WORDS = 5


def in_verb_setting(token: Token, verb: Token) -> bool:
    """A word between a verb and its preposition that says how, when or where ("spoke
    warmly of", "spoke at the hearing about"): part of the cue."""
    if token.i - verb.i > MAX_SETTING_WORDS:
        return False
    while token.head.i != verb.i:
        if token.head.i == token.i:
            return False
        token = token.head
    # not a listener ("talked to reporters about"): the cue is the verb of saying
    return token.dep_ in ("advmod", "npadvmod", "prt") or (
        token.dep_ == "prep" and token.lower_ not in ("to", "with")
    )


def topic_of(verb: Token, line: Span) -> tuple[Span | None, list[Token]]:
    """The topic of a cue that takes no object, with its preposition joining the cue."""
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in TOPIC_PREPS:
            continue
        between = verb.doc[verb.i + 1 : child.i]
        if len(between) > 2 or any(t.dep_ not in ("prt", "npadvmod", "advmod") for t in between):
            continue
        objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
        # "noted on Monday" is when, not what; "on a regular basis" is how
        if objects and not is_when_or_how(objects[0]):
            return span_between(objects[0], objects[0], line), [*between, child]
    return None, []


def is_when_or_how(noun: Token) -> bool:
    return noun.ent_type_ in ("DATE", "TIME") or noun.lemma_ in ("basis", "occasion")


def is_to_infinitive(child: Token) -> bool:
    return child.dep_ == "xcomp" and has_to(child)


def has_to(verb: Token) -> bool:
    return any(g.lower_ == "to" and g.dep_ == "aux" for g in verb.children)


def passive_content(verb: Token, line: Span) -> tuple[Span | None, list[Token]]:
    """A passive's content is its subject and what completes the verb ("X was accused of Y",
    "the story was first reported by Z"): one span running over the cue, as annotated. The
    preposition right after the verb ("accused of", "reported by") joins the cue."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    # "It was announced that ..." has its content in the clause, not the dummy subject.
    if subject is None or subject.i > verb.i or subject.lower_ == "it":
        return None, []
    # "gunshots are heard", "the car was found by hikers": perceived, not asserted; "he is
    # believed to have fled" is a belief
    if verb.lemma_ in PERCEPTION_VERBS and not any(is_to_infinitive(c) for c in verb.children):
        return None, []
    last = subject
    for child in verb.children:
        if child.i > verb.i and child.dep_ != "agent" and completes_object(child):
            last = child
            break
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    joins = following is not None and following.dep_ in ("agent", "prep") and following.head == verb
    return span_between(subject, last, line), [following] if joins else []


def object_content(verb: Token, line: Span, *, clause: bool = False) -> Span | None:
    """The verb's object and the complements after it, up to the next clause or adjunct.

    With `clause`, the object is a misparsed clause ("claimed the city cut fares by 20% last
    year") and every dependent after it, up to the next clause, belongs to the content.
    """
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
    # A listener alone ("to tell the government") is not what was said.
    if not any(o.dep_ == "dobj" for o in objects):
        return None
    first = objects[0]
    last = first
    # A clause parsed as an object has a verb after the object, or one taken into it as a
    # compound ("claimed the city cut fares"); a plain object ("rejected that argument") has not.
    # "tells her supporters at a rally to “go vote”": the parser may take the listener's
    # infinitive for a purpose clause
    directive = next(
        (c for c in verb.children if c.dep_ == "advcl" and c.i > first.i and has_to(c)), None
    )
    if verb.lemma_ not in LISTENER_VERBS:
        directive = None
    plain = not any(
        c.i > first.i and c.pos_ in ("VERB", "AUX") and continues_clause(c) for c in verb.children
    ) and not any(t.pos_ == "VERB" and t.dep_ == "compound" for t in first.subtree)
    plain = plain and directive is None
    for child in verb.children:
        if child.i <= first.i:
            continue
        if child == directive:
            last = child
            break
        if not (continues_clause(child) if clause else completes_object(child)):
            break
        # a plain object ends before the verb's own setting ("rejected it during the hearing")
        if clause and plain and is_verb_setting(child):
            break
        last = child
    # A bare pronoun object ("denied it") says nothing on its own.
    if last is first and first.pos_ == "PRON":
        return None
    span = span_between(first, last, line)
    if clause and span is not None and verb.lemma_ in LISTENER_VERBS:
        # "told the crew on a weekly basis that X", its clause misparsed: the listener is not said
        that = next(
            (t for t in verb.doc[first.i : last.right_edge.i + 1]
             if span.start <= t.idx < span.end and t.lower_ == "that" and t.dep_ == "mark"
             and t.head.pos_ in ("VERB", "AUX")),
            None,
        )  # fmt: skip
        if that is not None:
            return Span(that.idx, span.end)
        wrapped = that_after_line_break(verb, first, span)
        if wrapped is not None:
            return wrapped
        if plain:
            return None  # "told the truth", "tell more jokes": a listener or a telling
    return span


def that_after_line_break(verb: Token, first: Token, span: Span) -> Span | None:
    """In hard-wrapped text, the "that"-clause a listener verb reports from the next line
    ("told his players on a weekly basis / that the season was over")."""
    doc, text = verb.doc, article_text(verb.doc)
    end = sentence_end_char(verb)
    for token in doc[first.i :]:
        if token.idx >= end:
            return None
        if token.idx >= span.end and token.lower_ == "that" and token.dep_ == "mark":
            if text.count("\n", span.end, token.idx) != 1 or text[span.end : token.idx].strip():
                return None
            line_end = text.find("\n", token.idx)
            return trim(Span(token.idx, end if line_end == -1 else min(end, line_end)), text)
    return None


def is_verb_setting(child: Token) -> bool:
    """When or where the verb happened, not what it was about: "Friday", "during the debate"."""
    if child.dep_ == "npadvmod":
        return True
    if child.dep_ != "prep":
        return False
    objects = [g for g in child.children if g.dep_ == "pobj"]
    return child.lower_ in SETTING_PREPS or any(o.ent_type_ in ("DATE", "TIME") for o in objects)


def continues_clause(child: Token) -> bool:
    return child.dep_ not in ("punct", "cc", "conj", "advcl", "parataxis", "mark", "relcl")


def completes_object(child: Token) -> bool:
    if child.dep_ in ("dobj", "dative", "oprd", "xcomp", "ccomp", "acomp"):
        return True
    if child.dep_ != "prep" or child.lower_ not in OBJECT_COMPLEMENT_PREPS:
        return False
    objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
    return bool(objects) and objects[0].ent_type_ not in ("DATE", "TIME")


def characterization(verb: Token) -> tuple[Token, Token] | None:
    """The object and what it is seen as ("saw the remark as a dig"): first and last token."""
    if verb.lemma_ not in CHARACTERIZING_VERBS:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        # "considered him a liability": parsed as a clause with no verb
        if verb.lemma_ == "consider":
            return next(
                (
                    (c, c)
                    for c in verb.children
                    if c.dep_ == "ccomp"
                    and c.i > verb.i
                    and c.pos_ in ("NOUN", "ADJ")
                    and any(g.dep_ == "nsubj" for g in c.children)
                ),
                None,
            )
        return None
    for child in verb.children:
        if child.i <= objects[0].i:
            continue
        if child.dep_ == "prep" and child.lower_ == "as" and characterizes(child):
            return objects[0], child
        if child.dep_ in ("oprd", "ccomp") and verb.lemma_ == "consider":
            return objects[0], child
    return None


def characterizes(as_phrase: Token) -> bool:
    """Whether "as ..." says what the object is ("as a dig", "as false"), not where or when."""
    what = next(
        (c for c in as_phrase.children if c.dep_ in ("pobj", "pcomp", "amod", "acomp")), None
    )
    return what is not None and what.lemma_ not in AS_IDIOMS | LIFE_STAGES


def naming_complement(verb: Token, line: Span) -> Span | None:
    """The object and what it is called ("called the plan a disaster")."""
    # the parser may take the object for a dative or a second predicate ("called Lee a liar")
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
    predicates = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > verb.i]
    if not objects and len(predicates) > 1:
        objects, predicates = predicates[:1], predicates[1:]
    if objects and predicates:
        return span_between(objects[0], predicates[-1], line)
    if len(objects) == 1 and quotes_a_name(objects[0]):
        return subtree_span(objects[0], line)  # "calls the plan ‘a costly mess’"
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    return span_between(clauses[0], clauses[0], line) if clauses else None


def quotes_a_name(noun: Token) -> bool:
    """Whether an object is a thing and its quoted name parsed as one phrase: "the plan
    ‘a costly mess’" (a quotation after the phrase's first word)."""
    words = list(noun.subtree)
    opening = next((i for i, t in enumerate(words) if t.tag_ == "``"), None)
    return opening is not None and any(t.pos_ not in ("DET", "PRON") for t in words[:opening])


def span_between(first: Token, last: Token, line: Span) -> Span | None:
    span = Span(first.left_edge.idx, last.right_edge.idx + len(last.right_edge))
    return trim(clip(span, line), article_text(first.doc))


def tag_end(verb: Token) -> int:
    """Where the speaker tag ends: after the verb and any subject, object or adverbial after it."""
    end = verb.idx + len(verb)
    for child in verb.children:
        if child.i <= verb.i or child.dep_ not in TAG_DEPENDENTS:
            continue
        if verb.lemma_ not in QUOTING_VERBS or not is_quoted(child):  # "read “No taxes”"
            end = max(end, child.right_edge.idx + len(child.right_edge))
    return end


TAG_DEPENDENTS = frozenset("nsubj dobj dative npadvmod prep advmod prt".split())


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


def stray_subject_clause(verb: Token, speaker: Token | None, line: Span) -> Span | None:
    """The content of a tag parsed with two subjects ("Prices fell, he said"): the first's."""
    if speaker is None:
        return None
    stray = [c for c in verb.children if c.dep_ == "nsubj" and c.i < speaker.i]
    if not stray:
        return None
    span = Span(stray[0].left_edge.idx, speaker.left_edge.idx)
    return trim(clip(span, line), article_text(verb.doc))


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
            return None if listing else next_paragraph(text, line.end)
        return trim(clip(Span(after + 1, sentence_end_char(verb)), line), text)
    return None


def next_paragraph(text: str, offset: int) -> Span | None:
    """The paragraph after offset: what a tag ending its line in a colon introduces."""
    start = len(text) - len(text[offset:].lstrip())
    end = text.find("\n", start)
    return trim(Span(start, len(text) if end == -1 else end), text)


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
    return clause_around(tag, whole, layout_text(verb))


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


def clause_around(tag: Span, whole: Span, text: str) -> Span | None:
    """The clause a speaker tag hangs on, without the tag where it ends or opens the clause;
    a tag inside it ("The port, as the mayor noted, is closed") leaves the whole clause."""
    if tag.end >= whole.end and tag.start > whole.start:
        return trim(Span(whole.start, tag.start), text)
    if tag.start <= whole.start and tag.end < whole.end:
        return trim(Span(tag.end, whole.end), text)
    return whole


def according_to(token: Token, layout: Layout) -> Candidate | None:
    """Attribution by phrase: "According to X, content" or "content, according to X"."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    # "according to show insiders": the tagger took the noun "show" for a verb
    objects = objects or [c for c in to.children if c.dep_ == "pcomp" and c.tag_ == "VB"]
    if not objects or token.head.i == token.i:
        return None
    line = layout.line_of(token.idx)
    phrase = Span(token.idx, token.right_edge.idx + len(token.right_edge))
    cue = Span(token.idx, to.idx + len(to))
    whole = subtree_span(token.head, line)
    if whole is None:
        return None
    if phrase.start <= whole.start:
        content = trim(Span(phrase.end, whole.end), layout.text)
    elif phrase.end >= whole.end:
        content = trim(Span(whole.start, phrase.start), layout.text)
    else:
        content = whole
    if content is None:
        return None
    content = expand_quotes(content, cue, layout, token) or content
    source = speaker_phrase(objects[0], line, cue, content)
    return Candidate(cue, content, source, objects[0], "according to")


def found_in(prep: Token, layout: Layout) -> Candidate | None:
    """Attribution to a poll or an estimate by a phrase on the clause it vouches for."""
    verb = prep.head
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects or objects[0].lemma_.lower() not in FINDING_NOUNS:
        return None
    # a verb of its own speaks for the clause ("In a poll, most voters said ...")
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in ANY_VERB_CUE:
        return None
    if any(c.dep_ == "ccomp" for c in verb.children):
        return None
    line = layout.line_of(prep.idx)
    phrase = Span(prep.idx, prep.right_edge.idx + len(prep.right_edge))
    whole = subtree_span(verb, line)
    if whole is None:
        return None
    content = clause_around(phrase, whole, layout.text)
    if content is None or content == whole:
        return None  # the phrase inside the clause ("fared well in polls") is a setting
    cue = Span(prep.idx, prep.idx + len(prep))
    source = speaker_phrase(objects[0], line, cue, content)
    return Candidate(cue, content, source, objects[0], "according to")


def stance_adjective(adjective: Token, layout: Layout) -> Candidate | None:
    """A stance held toward what follows: "she was sure (that) he would win", "Graham has
    been critical of the deal", "they are determined to stay"."""
    copula = adjective.head
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    if subject is None or copula.i == adjective.i or subject.lower_ in ("it", "this", "that"):
        return None
    line = layout.line_of(adjective.idx)
    cue_tokens = [t for t in cue_tokens_of(copula) if t.i < adjective.i] + [adjective]
    content = None
    # the parser hangs the clause on the adjective or on its copula ("is unsure whether ...")
    clauses = [c for c in copula.children if c.dep_ == "ccomp" and c.i > adjective.i]
    for child in [*adjective.children, *clauses]:
        if child.i < adjective.i:
            continue
        if child.dep_ in ("ccomp", "xcomp"):
            content = subtree_span(child, line)
        elif child.dep_ == "prep" and child.lower_ in STANCE_PREPS and child.i == adjective.i + 1:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            # a bare pronoun ("sure of it") says nothing on its own
            if objects and not (objects[0].pos_ == "PRON" and not list(objects[0].children)):
                content = subtree_span(objects[0], line)
                cue_tokens.append(child)
        if content is not None:
            break
    cue = clip(tokens_span(contiguous_around(cue_tokens, adjective)), line)
    if content is None or cue is None or content.overlaps(cue):
        return None
    source = noun_phrase(subject, line, avoid=(cue, content))
    return Candidate(cue, content, source, subject, adjective.lemma_)


def evident_clause(adjective: Token, layout: Layout) -> Candidate | None:
    """What "it is clear" or "it was unclear" says of the clause after it."""
    copula = adjective.head
    if not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in copula.children):
        return None
    clause = next((c for c in copula.children if c.dep_ == "ccomp" and c.i > adjective.i), None)
    if clause is None:
        return None
    # "It is unclear whether the bridge will open": an open question asserts nothing
    unsure = adjective.lower_ == "unclear" or any(c.dep_ == "neg" for c in copula.children)
    if unsure and clause.left_edge.lower_ in CLAUSE_OPENERS:
        return None
    line = layout.line_of(adjective.idx)
    tokens = [c for c in copula.children if c.dep_ in ("nsubj", "aux", "neg")]
    cue = clip(tokens_span(contiguous_around([*tokens, copula, adjective], adjective)), line)
    content = subtree_span(clause, line)
    if cue is None or content is None or content.overlaps(cue):
        return None
    # "it is not clear that ..." hedges as "it is unclear that ..." does
    return Candidate(cue, content, None, None, "unclear" if unsure else adjective.lemma_)


def doubting_clause(adjective: Token, layout: Layout) -> Candidate | None:
    """A reaction to the claim before it ("observers are skeptical"), its own content."""
    copula = adjective.head
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i > adjective.i or subject.lower_ == "it":
        return None
    if any(c.dep_ in ("prep", "ccomp") for c in adjective.children):
        return None
    line = layout.line_of(adjective.idx)
    cue_tokens = [t for t in cue_tokens_of(copula) if t.i < adjective.i] + [adjective]
    cue = clip(tokens_span(cue_tokens), line)
    if cue is None:
        return None
    source = noun_phrase(subject, line, avoid=(cue,))
    if source is None or source.start >= cue.start:
        return None
    content = Span(source.start, cue.end)
    return Candidate(cue, content, source, subject, adjective.lemma_, doubts_previous=True)


def is_doubting(clause: Token) -> bool:
    return any(c.dep_ == "acomp" and c.lemma_ in DOUBT_ADJECTIVES for c in clause.children)


def doubts_apart(clause: Token, verb: Token) -> bool:
    """A doubting clause set off from the verb ("X claimed Y, however, engineers are
    skeptical") answers the claim; one right after the verb ("the treasurer said she was
    unconvinced") is what the verb reports."""
    if not is_doubting(clause):
        return False
    between = verb.doc[verb.i + 1 : clause.i]
    return clause.i < verb.i or any(t.is_punct for t in between)


# Lines shaped by layout rather than grammar: a quotation signed with a dash
# ("“…” ― Jane Doe") and a headline led by its speaker ("Sanders: Clinton must …").
_SIGNED_QUOTE = re.compile(r"[”\"'’]\s*([―—]|--)\s*([^\n―—]{2,60}?)\s*$", re.M)
# A transcript line may open with a stray quote mark ('"WALLACE: ...').
_SPEAKER_COLON = re.compile(r"^[\"“]?([A-Z][^\n:]{1,40}?):[ \t]+(\S[^\n]*?)\s*$", re.M)
MAX_SPEAKER_WORDS = 4


def line_pattern_claims(doc: Doc, layout: Layout) -> list[Candidate]:
    found = []
    for match in _SIGNED_QUOTE.finditer(layout.text):
        candidate = signed_quote(doc, layout, match)
        if candidate is not None:
            found.append(candidate)
    for match in _SPEAKER_COLON.finditer(layout.text):
        candidate = speaker_colon(doc, layout, match)
        if candidate is not None:
            found.append(candidate)
    return found


def signed_quote(doc: Doc, layout: Layout, match: re.Match) -> Candidate | None:
    name = trim(Span(match.start(2), match.end(2)), layout.text)
    if name is None or len(name.of(layout.text).split()) > 6:
        return None
    line = layout.line_of(match.start())
    # The whole line before the dash: its opening mark is often a mistyped closing one.
    content = trim(Span(line.start, match.start() + 1), layout.text)
    if content is None or content.of(layout.text)[:1] not in QUOTE_MARKS:
        return None
    cue = Span(match.start(1), match.end(1))
    return Candidate(cue, content, name, head_of(doc, name), "say")


def speaker_colon(doc: Doc, layout: Layout, match: re.Match) -> Candidate | None:
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
    head = head_of(doc, speaker)
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
        is_transcript_label(speaker.of(layout.text))
        or head.lower_ in DOCUMENT_WORDS
        or named_in_article(doc, speaker.of(layout.text))
    ):
        return None
    content = trim(Span(match.start(2), match.end(2)), layout.text)
    if content is None:
        return None
    return Candidate(cue, content, speaker, head, "say")


def question_put(verb: Token, layout: Layout) -> Candidate | None:
    """A question put to the speaker of the sentence's main clause: "Asked about the fund,
    Ruiz said ...", "When pressed by reporters on the delay, ..."; the asker is rarely named."""
    opening = verb.doc[verb.sent.start : verb.i]
    if any(t.lower_ != "when" for t in opening) or verb.i > verb.head.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    line = layout.line_of(verb.idx)
    cue = [verb]
    asker = None
    content = None
    for child in verb.children:
        if child.dep_ == "agent":
            asker = next((g for g in child.children if g.dep_ == "pobj"), None)
        elif child.dep_ == "prep" and child.lower_ in ("about", "on") and content is None:
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                content = subtree_span(objects[0], line)
                if child.i == verb.i + 1:
                    cue.append(child)
        elif child.dep_ in ("xcomp", "ccomp") and content is None:
            content = subtree_span(child, line)
    if content is None:
        return None
    source = noun_phrase(asker, line, avoid=(content,)) if asker is not None else None
    return Candidate(tokens_span(cue), content, source, asker, "ask")


def inverted_tag(verb: Token, layout: Layout) -> Candidate | None:
    """A sentence opening on the verb, a name and a colon: "Said Ellis: “…”"."""
    names = []
    for token in verb.doc[verb.i + 1 : verb.i + 2 + MAX_SPEAKER_WORDS]:
        if token.text == ":":
            break
        if not (token.pos_ == "PROPN" or token.is_title):  # the tagger may miss a name
            return None
        names.append(token)
    else:
        return None
    if not names:
        return None
    line = layout.line_of(verb.idx)
    colon = names[-1].idx + len(names[-1])
    content = introduced_quote(verb, colon, layout, line)
    if content is None or not layout.text[colon : content.start].startswith(":"):
        return None
    speaker = Span(names[0].idx, colon)
    return Candidate(Span(verb.idx, verb.idx + len(verb)), content, speaker, names[-1], "say")


def named_in_article(doc: Doc, speaker: str) -> bool:
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


def is_transcript_label(speaker: str) -> bool:
    """A speaker's name in capitals ("WALLACE", "SEN. KAINE") labels a transcript turn."""
    return speaker.isupper() and len(speaker.split()) <= 2 and len(speaker) > 2


def head_of(doc: Doc, span: Span) -> Token | None:
    piece = doc.char_span(span.start, span.end, alignment_mode="expand")
    return piece.root if piece is not None and len(piece) else None


# --- spans ---------------------------------------------------------------------------------


def cue_tokens_of(verb: Token) -> list[Token]:
    """The verb with its auxiliaries, negation, adjacent adverbs and particle."""
    tokens = [verb]
    idiom = saying_idiom(verb)
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") or child == idiom:
            tokens.append(child)
        elif child.dep_ == "advmod" and child.pos_ == "ADV" and abs(child.i - verb.i) <= 2:
            tokens.append(child)
            # "once again", "almost immediately": the adverb's own adverb
            tokens.extend(g for g in child.children if g.dep_ == "advmod")
    tokens.sort(key=lambda t: t.i)
    tokens = contiguous_around(tokens, verb)
    framing = gerund_frame(verb)
    if framing is not None:  # "stopped short of calling", "is staying clear of blaming"
        return list(verb.doc[framing.i : verb.i]) + tokens
    publisher = publisher_of(verb)
    if publisher is not None:  # "issued a statement calling": one cue, as annotated
        before = [c for c in publisher.children if c.dep_ in ("aux", "neg") and c.i < publisher.i]
        start = min([publisher, *before], key=lambda t: t.i)
        return list(verb.doc[start.i : verb.i]) + tokens
    return chain_before(verb) + tokens + setting_after(verb, tokens[-1])


def publisher_of(verb: Token) -> Token | None:
    """The verb that put out the text whose participle this is, if any: the participle may
    hang on the text or, in the parse, on the verb ("sent a memo to the mayor urging")."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("acl", "advcl"):
        return None
    if verb.dep_ == "advcl":
        publisher = verb.head
        texts = [c for c in publisher.children if c.dep_ == "dobj" and c.i < verb.i]
        text = texts[0] if texts else None
        # "sent a letter to X, calling for Y": after a comma the sender, not the letter, acts
        if any(t.text == "," for t in verb.doc[publisher.i : verb.i]):
            return None
    else:
        text = verb.head
        if text.dep_ == "pobj" and text.head.lower_ == "of":  # "a series of tweets saying"
            text = text.head.head
        publisher = text.head
    if text is None or text.dep_ != "dobj" or text.lemma_.lower() not in TEXT_NOUNS:
        return None
    return publisher if publisher.lemma_ in PUBLISHING_VERBS else None


def publishes_text_that_says(verb: Token) -> bool:
    """Whether the verb put out a text with a cue of its own ("issued a statement calling")."""
    if verb.lemma_ not in PUBLISHING_VERBS:
        return False
    return any((found := publisher_of(t)) is not None and found.i == verb.i for t in verb.subtree)


MAX_FRAME_GAP = 3


def chain_before(verb: Token) -> list[Token]:
    """The framing verb and the words up to this one, when the verb is its infinitive; or the
    "is" of a progressive the parser made the head ("is once more disputing")."""
    head = verb.head
    if progressive_head(verb):
        return list(verb.doc[head.i : verb.i])
    # "went on to explain": the parser may take the infinitive for a purpose clause
    went_on = verb.dep_ == "advcl" and has_to(verb) and goes_on(head)
    if not (verb.dep_ == "xcomp" or went_on):
        return []
    if head.lemma_ not in FRAMING_VERBS or head.pos_ not in ("VERB", "AUX"):
        return []
    if head.lemma_ == "have" and not has_to(verb):
        return []  # "had him arrested"
    if not 0 < verb.i - head.i <= MAX_FRAME_GAP:
        return []
    frame = [t for t in head.children if t.dep_ in ("aux", "neg") and t.i < head.i]
    frame = contiguous_around(sorted([*frame, head], key=lambda t: t.i), head)
    return frame + list(verb.doc[head.i + 1 : verb.i])


def goes_on(verb: Token) -> bool:
    """Whether the verb is "go on" (to speak further), not "go" (to travel)."""
    return verb.lemma_ == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in verb.children)


def gerund_frame(verb: Token) -> Token | None:
    """The first word of the phrase a gerund's "of"/"on" completes ("would never tire of
    recounting", "stopped short of calling", "intent on deciding"): it frames the cue."""
    prep = verb.head
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or prep.lower_ not in ("of", "on"):
        return None
    anchor = prep.head
    if anchor.pos_ in ("ADJ", "ADV", "NOUN") and anchor.head.pos_ in ("VERB", "AUX"):
        anchor = anchor.head  # "steering clear of", "stopped short of"
    if anchor.pos_ not in ("VERB", "AUX", "ADJ") or anchor.lemma_ in ANY_VERB_CUE:
        return None
    frame = [c for c in anchor.children if c.dep_ in ("aux", "neg") and c.i < anchor.i]
    frame += chain_before(anchor)
    return min([anchor, *frame], key=lambda t: t.i)


def progressive_head(verb: Token) -> bool:
    head = verb.head
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "xcomp")
        and head.lemma_ == "be"
        and 0 < verb.i - head.i <= MAX_FRAME_GAP
        and all(t.pos_ in ("ADV", "PART") for t in verb.doc[head.i + 1 : verb.i])
        and not any(c.dep_ in ("acomp", "attr") for c in head.children)
    )


def setting_after(verb: Token, last: Token) -> list[Token]:
    """When and where it was said, right after the verb: annotated as part of the cue."""
    found: list[Token] = []
    following = {c.left_edge.i: c for c in verb.children if c.i > verb.i}
    while (child := following.get(last.i + 1)) is not None and is_setting(child):
        found.extend(child.subtree)
        last = child.right_edge
    return found


def is_setting(child: Token) -> bool:
    """A bare date ("said Friday") or an occasion ("in a statement", "in an interview")."""
    if child.dep_ in ("npadvmod", "advmod") and child.ent_type_ in ("DATE", "TIME"):
        return True
    if child.dep_ != "prep" or child.lower_ not in OCCASION_PREPS:
        return False
    objects = [g for g in child.children if g.dep_ == "pobj"]
    return bool(objects) and objects[0].lemma_ in OCCASION_NOUNS


def contiguous_around(tokens: list[Token], anchor: Token) -> list[Token]:
    """The run of tokens adjacent to the anchor (a cue is one unbroken span)."""
    chosen = {t.i for t in tokens}
    start = end = anchor.i
    while start - 1 in chosen:
        start -= 1
    while end + 1 in chosen:
        end += 1
    return [t for t in tokens if start <= t.i <= end]


def sentence_end_char(token: Token) -> int:
    """Where token's sentence ends (`token.sent` rescans the whole doc: too slow per cue)."""
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    last = doc[end - 1]
    return last.idx + len(last)


def tokens_span(tokens: list[Token]) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return Span(first.idx, last.idx + len(last))


def subtree_span(token: Token, line: Span) -> Span | None:
    span = Span(token.left_edge.idx, token.right_edge.idx + len(token.right_edge))
    return trim(clip(span, line), article_text(token.doc))


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


_DATELINE = re.compile(r"[A-Z][A-Z.,' ]+[ \t]*(?:--|[\u2013\u2014\u2015])[ \t]*")


def _blocked(token: Token, line: Span, avoid: tuple[Span, ...]) -> bool:
    if not (line.start <= token.idx < line.end):
        return True
    return any(a.start <= token.idx < a.end for a in avoid)


def clip(span: Span | None, line: Span) -> Span | None:
    """Keep a span within its line: a parse that crosses paragraphs is wrong."""
    if span is None:
        return None
    start, end = max(span.start, line.start), min(span.end, line.end)
    return Span(start, end) if start < end else None


def trim(span: Span | None, text: str) -> Span | None:
    """Without surrounding spaces and clause punctuation (quote marks stay: they are content)."""
    if span is None:
        return None
    start, end = span
    while start < end and text[start] in _LEADING:
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return Span(start, end) if start < end else None


def contains(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def layout_text(token: Token) -> str:
    return article_text(token.doc)


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
        sentence_end = tag_sentence_end(cue_token, following, layout.text)
        gap = layout.text[max(cue.end, sentence_end) : line.end]
        if following is not None and following.start >= sentence_end - 1 and gap[:1].isspace():
            # a quotation ending in a comma has a tag of its own (""B," she went on")
            tagged = following.of(layout.text).rstrip(QUOTE_MARKS).endswith(",")
            if layout.text[sentence_end : following.start].strip() in ("", ".", ",") and not tagged:
                end = following.end
    content = cut_at_semicolon(Span(start, end), layout)
    return cut_trailing_clause(content, layout, cue_token.doc)


def tag_sentence_end(cue_token: Token, following: Span | None, text: str) -> int:
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


def cut_at_semicolon(content: Span, layout: Layout) -> Span:
    """An indirect claim ends at a semicolon: what follows is the writer's next clause."""
    if layout.text[content.start] in QUOTE_MARKS:
        return content
    cut = layout.text.find(";", content.start, content.end)
    if cut == -1 or layout.quote_at(cut) is not None:
        return content
    return trim(Span(content.start, cut), layout.text) or content


def cut_trailing_clause(content: Span, layout: Layout, doc: Doc) -> Span:
    """An indirect claim ends before ", adding that ...": the speaker's next claim."""
    if layout.text[content.start] in QUOTE_MARKS:
        return content
    piece = doc.char_span(content.start, content.end, alignment_mode="contract")
    if piece is None:
        return content
    for token in piece[1:]:
        if doc[token.i - 1].text != "," or layout.quote_at(token.idx) is not None:
            continue
        if starts_aside(token) or ends_with_modifier(token, content.end):
            return trim(Span(content.start, doc[token.i - 1].idx), layout.text) or content
    return content


def ends_with_modifier(token: Token, end: int) -> bool:
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


def starts_aside(token: Token) -> bool:
    """A participle that reports again ("..., adding that ...")."""
    return token.tag_ == "VBG" and token.lemma_ in ANY_VERB_CUE and token.dep_ in ("advcl", "conj")


def end_at_writers_turn(candidates: list[Candidate], layout: Layout) -> list[Candidate]:
    """A reported clause ends where the writer takes over to report another claim ("she said
    X, though she noted Y"): both claims stand, the first no longer swallowing the second.

    The writer's turn must open the other claim and that claim must run to the end of the
    first: an aside in mid-sentence ("the budget, which Lee says is costly, would pass") or a
    dash inside a quotation leaves the content whole."""
    text = layout.text
    result = []
    for outer in candidates:
        content = outer.content
        # a quotation, or a paragraph a colon introduces, is the speaker's to the end
        quoted = text[content.start] in QUOTE_MARKS or "\n" in text[outer.cue.end : content.start]
        if not quoted and content.start > outer.cue.start:
            for inner in candidates:
                start = min(inner.cue.start, (inner.source or inner.cue).start)
                if (
                    inner is outer
                    or not content.start < start < content.end
                    or inner.content.end < content.end
                ):
                    continue
                turn = writers_turn_before(layout, content.start, start)
                if turn is not None:
                    cut = trim(Span(content.start, turn), text)
                    if cut is not None:
                        content = cut
        result.append(outer if content == outer.content else replace(outer, content=content))
    return result


def writers_turn_before(layout: Layout, low: int, start: int) -> int | None:
    """Where the writer's turn that opens a claim at start begins, outside quotations."""
    turns = [
        turn
        for turn in WRITERS_TURN.finditer(layout.text, low, start)
        if layout.quote_at(turn.start()) is None
    ]
    if turns and not layout.text[turns[-1].end() : start].strip():
        return turns[-1].start()
    return None


def drop_nested(candidates: list[Candidate], layout: Layout) -> list[Candidate]:
    """Keep outer attributions: a cue inside another claim's content is almost never marked,
    unless it shares that claim's speaker tag ("“A,” she said, stressing that B")."""
    kept: list[Candidate] = []
    text = layout.text
    for candidate in sorted(
        candidates, key=lambda c: c.content.end - c.content.start, reverse=True
    ):
        if any(
            contains(k.content, candidate.cue)
            and not (
                candidate.source_token == k.source_token
                and in_same_tag(text, candidate.cue, k.cue, k.content)
            )
            for k in kept
        ):
            continue
        if any(k.cue == candidate.cue for k in kept):
            continue
        kept.append(candidate)
    return kept


# --- typing, certainty, checkworthiness ----------------------------------------------------


def to_found_claim(doc: Doc, candidate: Candidate, kept: list[Candidate], index: int) -> FoundClaim:
    text = article_text(doc)
    disputes = previous_claim(kept, index) if candidate.doubts_previous else None
    phrase = candidate.source.of(text) if candidate.source else None
    source = canonical_source(candidate.source_token, candidate.source, phrase)
    head = candidate.source_token
    if head is not None and (antecedent := antecedent_of(head)) is not None:
        head, phrase = antecedent, source  # typed as what the relative pronoun stands for
    cue = candidate.cue.of(text)
    content = kept[disputes].content if disputes is not None else candidate.content
    worth, reason = checkworthiness(doc, candidate.content, candidate.lemma)
    return FoundClaim(
        content=candidate.content,
        claim=claim_sentence(source, cue, without_tag(text, content, candidate)),
        source=source,
        source_span=candidate.source,
        source_type=source_type(head, phrase),
        cue=cue,
        cue_span=candidate.cue,
        attribution=attribution_of(candidate.content.of(text)),
        certainty=certainty_of(candidate),
        checkworthiness=worth,
        reason=reason,
        disputes=disputes,
    )


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
        name = entity_name(token, span)
        if name is not None:
            return name
    return phrase


def antecedent_of(pronoun: Token) -> Token | None:
    """The noun a relative pronoun subject stands for ("the engineer" of "who says")."""
    if pronoun.lower_ not in RELATIVE_SUBJECTS or pronoun.head.dep_ != "relcl":
        return None
    noun = pronoun.head.head
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def entity_name(token: Token, within: Span) -> str | None:
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


def previous_claim(kept: list[Candidate], index: int) -> int | None:
    """The claim a contentless dispute reacts to: the nearest one before it."""
    for earlier in range(index - 1, -1, -1):
        if not kept[earlier].doubts_previous:
            return earlier
    return None


_TAG_TAIL = re.compile(r"[^,.;:\n]{0,40}[,.;:]")  # "the auditor noted on Monday," to its comma
_RESUMING_QUOTE = re.compile('[\u201c"\u2018]')


def without_tag(text: str, content: Span, candidate: Candidate) -> str:
    """The content's words without a speaker tag that interrupts them: "The fund, the auditor
    noted, is empty" reads "The fund is empty"; a quotation split by its tag reads whole."""
    parts = [candidate.cue] + ([candidate.source] if candidate.source else [])
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    if not content.start < start < end < content.end:
        return content.of(text)
    rest = text[end : content.end]
    if text[content.start] in QUOTE_MARKS:  # the tag runs to the quotation resuming after it
        resume = _RESUMING_QUOTE.search(rest)
        between = rest[: resume.start()] if resume is not None else None
    else:  # the tag's own words run to its comma
        tail = _TAG_TAIL.match(rest)
        between = tail.group(0) if tail is not None else None
    if between is None:
        return content.of(text)
    before = text[content.start : start].rstrip(" ,\u201d\"'\u2019")
    if before.endswith((" as", ",as")):  # "Rates, as the economist noted, will rise"
        before = before[: -len("as")].rstrip(" ,")
    after = rest[len(between) :].lstrip(" ,\u201c\"'\u2018")
    if not before or not after:
        return content.of(text)
    ended = before.endswith((".", "?", "!")) or "." not in between
    return f"{before}{' ' if ended else '. '}{after}"


def claim_sentence(source: str | None, cue: str, content: str) -> str:
    body = content.strip().strip(QUOTE_MARKS).strip()
    if body.lower().startswith("that "):
        body = body[5:]
    body = body.rstrip(" ,;:.").strip(QUOTE_MARKS).rstrip(" ,;:")
    if cue.lower() == "according to":
        head = f"According to {source}" if source else "According to an unnamed source"
    elif cue.lower() in FINDING_PREPS and source:
        head = f"{cue} {source}"  # "In the latest poll: ..."
    elif source:
        head = f"{source} {cue}"
    else:
        head = cue
    return f"{head[:1].upper()}{head[1:]}: {body}"


def attribution_of(content: str) -> Attribution:
    return Attribution.direct_quote if content[:1] in QUOTE_MARKS else Attribution.indirect


def certainty_of(candidate: Candidate) -> Certainty:
    if candidate.doubts_previous or candidate.lemma in DISPUTING_OR_DOUBTING:
        return Certainty.disputed
    if candidate.lemma in HEDGED_CUES:
        return Certainty.hedged
    return Certainty.asserted


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
    return entity_type_within(head, source)


def entity_type_within(head: Token, source: str) -> SourceType:
    for token in head.subtree:
        if token.ent_type_ == "PERSON":
            return SourceType.named_person
        if token.ent_type_ in ("ORG", "GPE", "NORP"):
            return SourceType.named_organization
    if head.pos_ == "PROPN":
        return SourceType.named_person
    # A title ("the spokesman", "the president") names one identifiable person.
    return SourceType.named_person if head.tag_ == "NN" else SourceType.anonymous


def checkworthiness(doc: Doc, content: Span, lemma: str) -> tuple[float, str]:
    """A rough 0..1 worth of fact-checking, with the reasons that moved it."""
    piece = doc.char_span(content.start, content.end, alignment_mode="expand")
    tokens = list(piece) if piece is not None else []
    score, reasons = 0.4, []
    if any(t.like_num for t in tokens):
        score += 0.25
        reasons.append("contains figures")
    if any(t.ent_type_ for t in tokens if not t.like_num):
        score += 0.15
        reasons.append("names entities")
    if len(tokens) >= 8:
        score += 0.1
        reasons.append("concrete statement")
    if any(t.lower_ in PREDICTION_MARKERS for t in tokens):
        score -= 0.15
        reasons.append("prediction")
    if lemma in OPINION_CUES or lemma in DOUBT_ADJECTIVES:
        score -= 0.2
        reasons.append("opinion")
    score = round(min(0.95, max(0.05, score)), 2)
    return score, ", ".join(reasons) or "general statement"
