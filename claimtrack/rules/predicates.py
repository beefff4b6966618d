"""Small tests on tokens that need nothing above the layout: whether a child is an
infinitive or a "that"-clause, whether a verb takes a proposition or is an idiom of saying ("as
she put it"), whether a noun names people, whether a light verb makes a stance of its object
("expressed concern about") or a verb characterizes it ("saw X as Y"), and the like.

Some return the token they found rather than a yes or no (`publisher_of`, `stance_object`,
`clause_parsed_as_adjunct`...): speakers, content and cues all ask them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimtrack.nlp import verb_lemmas
from claimtrack.rules.lexicon import (
    AS_IDIOMS,
    CHARACTERIZING_VERBS,
    CLAUSE_OPENERS,
    COUNTING_NOUNS,
    EVIDENCE_WORDS,
    INFORMATION_NOUNS,
    LIFE_STAGES,
    LIGHT_VERBS,
    NAMING_CUES,
    NOT_PEOPLE,
    PARTITIVE_NOUNS,
    PEOPLE_NOUNS,
    PEOPLE_SUFFIXES,
    PUBLISHING_VERBS,
    QUOTING_VERBS,
    SPEAKER_WORDS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    STANCE_OBJECT_NOUNS,
    STANCE_TOPIC_PREPS,
    TEXT_NOUNS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


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
    return lemma.endswith(PEOPLE_SUFFIXES) or _is_agent_noun(lemma)


def counts_speakers(head: Token) -> bool:
    """Whether a number or share counts speakers: "one of the economists", "42 percent of
    voters"; not "a number of reasons"."""
    counted = [g for c in head.children if c.dep_ == "prep" for g in c.children]
    return any(
        c.dep_ == "pobj" and (c.pos_ in ("PROPN", "PRON") or is_speaker_noun(c)) for c in counted
    )


def _is_agent_noun(lemma: str) -> bool:
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
    but not a copula with an adjective ("it became clear that ...": see cues._evident_clause)."""
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
# out the bridge". Grammar rather than vocabulary (each word is bound to a dependency label),
# so they stay in code rather than in lexicon.toml.
_SAYING_IDIOMS = {"put": ("dobj", "it"), "point": ("prt", "out")}
_LITERAL_DEPENDENTS = {"put": frozenset("prep prt dative".split()), "point": frozenset(["dobj"])}


def saying_idiom(verb: Token) -> Token | None:
    """The word that makes the verb an idiom of saying ("it" of "put it"), if it has one."""
    idiom = _SAYING_IDIOMS.get(verb.lemma_)
    if idiom is None:
        return None
    literal = _LITERAL_DEPENDENTS[verb.lemma_]
    if any(c.dep_ in literal and not _puts_into_words(c) for c in verb.children):
        return None
    return next((c for c in verb.children if (c.dep_, c.lower_) == idiom), None)


def _puts_into_words(prep: Token) -> bool:
    """Whether a preposition on "put it" names an audience or a medium, not a place."""
    if prep.dep_ != "prep":
        return False
    if prep.lower_ == "to":
        return True
    place = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return place is not None and (
        place.pos_ == "PROPN" or place.lemma_ in SPEECH_NOUNS or is_speaker_noun(place)
    )


_OWN_COMPLEMENTS = frozenset("dobj xcomp prep attr acomp oprd dative advcl".split())


def continues_quote(verb: Token) -> bool:
    if verb.lemma_ not in QUOTING_VERBS:
        return False
    # a quotation the parser made the object ("read: “No new taxes.”") is what is quoted
    if any(c.dep_ in _OWN_COMPLEMENTS and not is_quoted(c) for c in verb.children):
        return False
    # "went on": the particle is needed; "went" alone is a journey
    return verb.lemma_ != "go" or goes_on(verb)


def is_quoted(phrase: Token) -> bool:
    first = phrase.left_edge
    return first.tag_ == "``" or (first.i > 0 and phrase.doc[first.i - 1].tag_ == "``")


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


def clause_parsed_as_adjunct(verb: Token) -> Token | None:
    """What "said" reports when the parser took it for an adjunct: "have not said when the
    depot would close", "said after the vote he would resign" (a finite clause after the tag)."""
    # A passive's adjunct ("will be posted if ...") is a condition, not what was said.
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ != "advcl" or child.i < verb.i or not _near_tag(child.left_edge, verb):
            continue
        marks = [g.lower_ for g in child.children if g.dep_ in ("mark", "advmod") and g.i < child.i]
        finite = any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
        if finite and all(m in CLAUSE_OPENERS or m == "that" for m in marks):
            return child
    return None


def _near_tag(start: Token, verb: Token) -> bool:
    """Whether a clause opens within a few words of the verb, or right after its setting
    ("posted late on Sunday night that ...")."""
    between = verb.doc[verb.i + 1 : start.i]
    return len(between) < 5 or all(in_verb_setting(t, verb) for t in between)


_MAX_SETTING_WORDS = 5


def in_verb_setting(token: Token, verb: Token) -> bool:
    """A word between a verb and its preposition that says how, when or where ("spoke
    warmly of", "spoke at the hearing about"): part of the cue."""
    if token.i - verb.i > _MAX_SETTING_WORDS:
        return False
    while token.head.i != verb.i:
        if token.head.i == token.i:
            return False
        token = token.head
    # not a listener ("talked to reporters about"): the cue is the verb of saying
    return token.dep_ in ("advmod", "npadvmod", "prt") or (
        token.dep_ == "prep" and token.lower_ not in ("to", "with")
    )


def is_when_or_how(noun: Token) -> bool:
    return noun.ent_type_ in ("DATE", "TIME") or noun.lemma_ in ("basis", "occasion")


def has_to(verb: Token) -> bool:
    return any(g.lower_ == "to" and g.dep_ == "aux" for g in verb.children)


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


def goes_on(verb: Token) -> bool:
    """Whether the verb is "go on" (to speak further), not "go" (to travel)."""
    return verb.lemma_ == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in verb.children)


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


def reports_finding(verb: Token, speaker: Token | None) -> bool:
    """Whether the verb reports evidence, which states its object ("polls show a tight race",
    "the audit found 31 errors"); a person who finds something ("found a way") reports nothing."""
    if verb.lemma_ not in ("show", "find") or speaker is None:
        return False
    if speaker.lower_ in ("that", "which") and verb.dep_ == "relcl":
        speaker = verb.head  # "the returns that showed ...": the returns
    return speaker.lemma_ in EVIDENCE_WORDS or speaker.lower_ in EVIDENCE_WORDS


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
