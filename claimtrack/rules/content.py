"""What was said: the content of a verb cue (`content_of_verb`) and the complements, objects,
topics and clauses it is read from.

`content_of_verb` and `_complement_of` are first-match-wins cascades: ordered tuples of small
rules (`_CONTENT_RULES`, `_COMPLEMENT_RULES`) run by `cascade.first_match`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from claimtrack.domain import Span
from claimtrack.rules.cascade import STOP, Stop, first_match
from claimtrack.rules.layout import Layout, article_text, clip, span_between, subtree_span, trim
from claimtrack.rules.lexicon import (
    CUE_VERBS,
    CUES_WITHOUT_PREPOSITION,
    DOUBT_ADJECTIVES,
    INFINITIVE_CUES,
    LISTENER_VERBS,
    NAMING_CUES,
    OBJECT_COMPLEMENT_PREPS,
    OBJECT_CUES,
    PERCEPTION_VERBS,
    PREPOSITION_CUES,
    QUESTIONING_VERBS,
    RESPONDING_VERBS,
    RESPONSE_PREPS,
    SETTING_PREPS,
    SPEECH_VERBS,
    STANCE_OBJECT_NOUNS,
    TOPIC_PREPS,
)
from claimtrack.rules.predicates import (
    characterization,
    characterizes,
    clause_parsed_as_adjunct,
    continues_quote,
    coordinated_cue,
    has_to,
    in_verb_setting,
    is_that_clause,
    is_when_or_how,
    light_stance,
    reports_finding,
    saying_idiom,
    stance_object,
    takes_proposition,
)
from claimtrack.rules.quotes import (
    as_clause_governor,
    extend_past_tag,
    interrupting_tag,
    introduced_quote,
    preceding_clause,
    quote_before_tag,
    quoted_before_tag,
    stray_subject_clause,
    tag_end,
)
from claimtrack.text import sentence_end_char

if TYPE_CHECKING:
    from spacy.tokens import Token


# What a rule finds: the content span and any tokens (a preposition) that join the cue.
_Content: TypeAlias = "tuple[Span | None, list[Token]]"


@dataclass(frozen=True)
class _Said:
    """A verb cue, with what every content rule asks of it."""

    verb: Token
    speaker: Token | None
    layout: Layout
    line: Span
    reporting: bool  # a verb of saying, or one with a "that"-clause or an idiom of saying
    quoting_only: bool  # a verb that speaks only beside a quotation ("she went on")
    after_tag: int  # where the speaker tag ends
    clauses: list[Token]  # the clausal complements that report what was said

    def introduced(self) -> Span | None:
        return introduced_quote(self.verb, self.after_tag, self.layout, self.line)

    def quote_before(self) -> Span | None:
        return quote_before_tag(self.verb, self.speaker, self.layout, self.line)


def content_of_verb(verb: Token, speaker: Token | None, layout: Layout, line: Span) -> _Content:
    """The verb's content span and any tokens (a preposition) that join its cue: what the
    first of `_CONTENT_RULES` finds."""
    return first_match(_CONTENT_RULES, (None, []), _said(verb, speaker, layout, line))


def _said(verb: Token, speaker: Token | None, layout: Layout, line: Span) -> _Said:
    quoting_only = continues_quote(verb)
    reporting = (
        verb.lemma_ in CUE_VERBS
        or takes_proposition(verb)
        or saying_idiom(verb) is not None
        or quoting_only
    )
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and not _doubts_apart(c, verb)]
    opening = _bracket_around(verb)
    if opening is not None:  # "... (her campaign disclosed that ...)": only what is inside
        clauses = [c for c in clauses if c.left_edge.i > opening.i]
    return _Said(verb, speaker, layout, line, reporting, quoting_only, tag_end(verb), clauses)


def _span_found(span: Span | None) -> _Content | None:
    """A rule's find when it is a span alone; nothing found goes on to the next rule."""
    return None if span is None else (span, [])


def _after_colon(said: _Said) -> _Content | None:
    """A speaker tag before a colon ("told reporters: …"): what follows the colon."""
    text, end = said.layout.text, said.after_tag
    if text[end : end + 1] == ":" and _bare_tag(said.verb, end, said.reporting):
        return said.introduced(), []
    return None


def _reported_clauses(said: _Said) -> _Content | None:
    """The clauses a verb of saying reports, up to where they end."""
    if not (said.clauses and said.reporting):
        return None
    verb, layout = said.verb, said.layout
    clauses = quoted_before_tag(said.clauses, verb, layout)
    start = min(c.left_edge.idx for c in clauses)
    quote = said.quote_before()
    if quote is not None and layout.text[start : quote.start].rstrip().endswith(":"):
        start = quote.start  # "Lee scolded him: “…,” she said": the quotation only
    end = max(_clause_end(c) for c in clauses)
    return extend_past_tag(verb, trim(clip(Span(start, end), said.line), layout.text), layout), []


def _quotation_after_tag(said: _Said) -> _Content | None:
    """ "When A, Okafor joked, “I am thrifty.”": the quotation after the tag."""
    if not said.reporting or said.clauses or said.quote_before() is not None:
        return None
    quoted = said.introduced()
    if quoted is not None and said.layout.text[said.after_tag : quoted.start].strip() == ",":
        return quoted, []
    return None


def _clause_before_tag(said: _Said) -> _Content | None:
    """A tag placed after the clause it reports or inside it ("X, he said")."""
    verb = said.verb
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i and said.reporting:
        return _span_found(preceding_clause(verb, said.line))
    return None


def _as_tag(said: _Said) -> _Content | None:
    """ "Prices rose, as the minister had warned": the clause the tag vouches for."""
    if said.reporting and said.verb.dep_ == "advcl" and not said.clauses:
        return _span_found(as_clause_governor(said.verb, said.line))
    return None


def _quotation_before_tag(said: _Said) -> _Content | None:
    """The quotation closing right before the tag, or a clause parsed as a second subject."""
    if not said.reporting:
        return None
    quoted = said.quote_before()
    if quoted is None:
        quoted = stray_subject_clause(said.verb, said.speaker, said.line)
    return _span_found(quoted)


def _beside_a_quotation(said: _Said) -> _Content | None:
    """A verb that speaks only beside a quotation has that quotation or nothing."""
    return (said.introduced(), []) if said.quoting_only else None


def _interrupted_sentence(said: _Said) -> _Content | None:
    if said.reporting:
        return _span_found(interrupting_tag(said.verb, said.speaker, said.line))
    return None


def _passive_rule(said: _Said) -> _Content | None:
    if said.speaker is not None and said.speaker.dep_ == "nsubj":
        return None
    passive = _passive_content(said.verb, said.line)
    return passive if passive[0] is not None else None


def _complement_rule(said: _Said) -> _Content | None:
    """The verb's complement; a verb that does not report has no other content."""
    found = _complement_of(said.verb, said.line)
    return found if found[0] is not None or not said.reporting else None


def _quotation_introduced(said: _Said) -> _Content | None:
    return _span_found(said.introduced())


def _adjunct_clause(said: _Said) -> _Content | None:
    """A reported clause the parser took for an adjunct ("have not said when ...")."""
    clause = clause_parsed_as_adjunct(said.verb)
    if clause is None:
        return None
    span = Span(clause.left_edge.idx, _clause_end(clause))
    return trim(clip(span, said.line), said.layout.text), []


def _object_not_known(said: _Said) -> Stop | None:
    """The object of a verb of knowing or perceiving ("knows the specifics") is not what was
    said, unless the verb reports a finding ("polls show a close race", "the audit found 31
    errors")."""
    verb = said.verb
    if verb.lemma_ in PERCEPTION_VERBS and not (
        reports_finding(verb, said.speaker) or light_stance(verb) is not None
    ):
        return STOP
    return None


def _object_as_clause(said: _Said) -> _Content:
    """ "claimed the city cut fares": a clause parsed as an object is still what was said."""
    return _object_content(said.verb, said.line, clause=True), []


# The order in which a verb cue's content is sought: the first rule to find it, or to say
# STOP, decides. `_complement_rule` answers for every verb that does not report, so the rules
# after it see only verbs that do.
_CONTENT_RULES = (
    _after_colon,
    _reported_clauses,
    _quotation_after_tag,
    _clause_before_tag,
    _as_tag,
    _quotation_before_tag,
    _beside_a_quotation,
    _interrupted_sentence,
    _passive_rule,
    _complement_rule,
    _quotation_introduced,
    _adjunct_clause,
    _object_not_known,
    _object_as_clause,
)


def _bare_tag(verb: Token, end: int, reporting: bool) -> bool:
    """Whether the verb is a speaker tag before a colon (at end), so that what follows is what
    was said: a verb of saying ("told reporters: …"), or a stance verb with no object but a
    pronoun ("scolded him: “…”"); not one whose object is its content ("cited the cost: …")."""
    if verb.lemma_ not in OBJECT_CUES:
        return reporting
    words = [t for t in verb.doc[verb.i + 1 :] if t.idx < end]
    return all(t.pos_ in ("PRON", "ADV", "PART", "PUNCT") for t in words)


def _bracket_around(token: Token) -> Token | None:
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


def _coordinated_speaker(clause: Token) -> Token | None:
    """A verb of saying with a subject of its own coordinated inside a reported clause
    ("Officials said A and unions accused the board of B"): another attribution."""
    for token in clause.subtree:
        if token.dep_ == "conj" and token.i > clause.i and token.lemma_ in SPEECH_VERBS:
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in ("PROPN", "NOUN"):
                return token
    return None


def _clause_end(clause: Token) -> int:
    """Where a reported clause ends: before a coordinated cue and its conjunction, whether
    the speaker's ("said X and warned Y") or another's ("said X and Democrats accused Y")."""
    second = coordinated_cue(clause) or _coordinated_speaker(clause)
    if second is None:
        return clause.right_edge.idx + len(clause.right_edge)
    start = second.left_edge.i  # "and Democrats accused": the subject goes with its verb
    before = [t for t in clause.subtree if t.i < start and t.dep_ not in ("cc", "punct")]
    last = max(before, key=lambda t: t.i)
    return last.idx + len(last)


def _is_bare_verb(conj: Token, verb: Token) -> bool:
    """A verb in its base form with no subject of its own ("to meet and exceed"); the tagger
    may read the base form as present tense unless the cue itself is present."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
        return False
    return conj.tag_ == "VB" or (conj.tag_ == "VBP" and verb.tag_ not in ("VBP", "VB"))


def _coordinated_infinitives(verb: Token, infinitive: Token) -> Token:
    """The last of "wants to triple X, grow Y and create Z": bare verbs the parser coordinated
    with the cue after its infinitive still belong to what is wanted."""
    last = infinitive
    for child in verb.children:
        if child.dep_ == "conj" and child.i > last.i and _is_bare_verb(child, verb):
            last = child
            while (more := next((c for c in last.children if c.dep_ == "conj"), None)) is not None:
                last = more
    return last


def _complement_of(verb: Token, line: Span) -> _Content:
    """Content that is a prepositional, infinitive or nominal complement of the verb: what the
    first of `_COMPLEMENT_RULES` finds."""
    return first_match(_COMPLEMENT_RULES, (None, []), verb, line)


def _asked_about(verb: Token, line: Span) -> _Content | None:
    if verb.lemma_ in QUESTIONING_VERBS:
        return _question_topic(verb, line)  # "asked Clinton about her emails"
    return None


def _response(verb: Token, line: Span) -> _Content | None:
    """ "responded with attacks", "did not respond to requests": the phrase is the response."""
    if verb.lemma_ not in RESPONDING_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in RESPONSE_PREPS and child.i > verb.i:
            return subtree_span(child, line), []
    return None


def _preposition_object(verb: Token, line: Span) -> _Content | None:
    """The object of a verb + preposition cue ("called for X"), the preposition and the words
    of setting before it joining the cue."""
    preps = PREPOSITION_CUES.get(verb.lemma_, ())
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps and child.i > verb.i:
            between = verb.doc[verb.i + 1 : child.i]
            objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objects and all(in_verb_setting(t, verb) for t in between):
                last = _what_the_object_is_asked(verb, child, objects[0])
                return span_between(objects[0], last, line), [*between, child]
    return None


def _what_the_object_is_asked(verb: Token, prep: Token, obj: Token) -> Token:
    """ "called on X to act", "went after X as a leech": the object and what it is asked to do
    or taken for."""
    infinitive = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if infinitive is not None:
        return infinitive
    seen_as = [
        c
        for c in verb.children
        if c.i > prep.i and c.dep_ == "prep" and c.lower_ == "as" and characterizes(c)
    ]
    return (seen_as or [obj])[0]


def _stance_noun(verb: Token, line: Span) -> _Content | None:
    noun = stance_object(verb)
    if noun is not None and verb.lemma_ not in OBJECT_CUES:
        return _stance_of_object(verb, noun, line)
    return None


def _characterized(verb: Token, line: Span) -> _Content | None:
    characterized = characterization(verb)
    if characterized is not None:
        return span_between(characterized[0], characterized[1], line), []
    return None


def _named(verb: Token, line: Span) -> _Content | None:
    if verb.lemma_ in NAMING_CUES:
        return _span_found(_naming_complement(verb, line))
    return None


def _infinitive(verb: Token, line: Span) -> _Content | None:
    """What an infinitive cue's infinitive says, with the object before it ("urged the council
    to act")."""
    if verb.lemma_ not in INFINITIVE_CUES:
        return None
    child = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if child is None:
        return None
    start = child
    for obj in verb.children:
        if obj.dep_ == "dobj" and verb.i < obj.i < child.i and obj.pos_ != "PRON":
            start = obj
    return span_between(start, _coordinated_infinitives(verb, child), line), []


def _gerund_object(verb: Token, line: Span) -> _Content | None:
    """ "proposed dropping the fee", "admitted using the loophole": the act is the content."""
    gerund = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
    if gerund is not None and 0 < gerund.i - verb.i <= 2 and verb.lemma_ in OBJECT_CUES:
        return subtree_span(gerund, line), []
    return None


def _stance_on_object(verb: Token, line: Span) -> _Content | None:
    if verb.lemma_ not in OBJECT_CUES:
        return None
    found = _object_content(verb, line, clause=True)
    if found is None and (what := _free_relative(verb)) is not None:
        found = subtree_span(what, line)  # "denounced what she called a betrayal"
    return _span_found(found)


def _preposition_needed(verb: Token, line: Span) -> Stop | None:
    """ "go on offense": a verb that is a cue only with its preposition ("go after X")."""
    if verb.lemma_ in PREPOSITION_CUES and verb.lemma_ not in CUES_WITHOUT_PREPOSITION:
        return STOP
    return None


def _topic_of(verb: Token, line: Span) -> tuple[Span | None, list[Token]]:
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


# The order in which a verb's complement is sought; `_topic_of` always answers.
_COMPLEMENT_RULES = (
    _asked_about,
    _response,
    _preposition_object,
    _stance_noun,
    _characterized,
    _named,
    _infinitive,
    _gerund_object,
    _stance_on_object,
    _preposition_needed,
    _topic_of,
)


def _stance_of_object(verb: Token, noun: Token, line: Span) -> tuple[Span | None, list[Token]]:
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


def _free_relative(verb: Token) -> Token | None:
    """A "what"-clause the parser took for the verb's clausal complement: its object."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and child.left_edge.lower_ == "what":
            return child
    return None


def _question_topic(verb: Token, line: Span) -> tuple[Span | None, list[Token]] | None:
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


def _is_to_infinitive(child: Token) -> bool:
    return child.dep_ == "xcomp" and has_to(child)


def _passive_content(verb: Token, line: Span) -> tuple[Span | None, list[Token]]:
    """A passive's content is its subject and what completes the verb ("X was accused of Y",
    "the story was first reported by Z"): one span running over the cue, as annotated. The
    preposition right after the verb ("accused of", "reported by") joins the cue."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    # "It was announced that ..." has its content in the clause, not the dummy subject.
    if subject is None or subject.i > verb.i or subject.lower_ == "it":
        return None, []
    # "gunshots are heard", "the car was found by hikers": perceived, not asserted; "he is
    # believed to have fled" is a belief
    if verb.lemma_ in PERCEPTION_VERBS and not any(_is_to_infinitive(c) for c in verb.children):
        return None, []
    last = subject
    for child in verb.children:
        if child.i > verb.i and child.dep_ != "agent" and _completes_object(child):
            last = child
            break
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    joins = following is not None and following.dep_ in ("agent", "prep") and following.head == verb
    return span_between(subject, last, line), [following] if joins else []


def _object_content(verb: Token, line: Span, *, clause: bool = False) -> Span | None:
    """The verb's object and the complements after it, up to the next clause or adjunct.

    With `clause`, the object is a misparsed clause ("claimed the city cut fares by 20% last
    year") and every dependent after it, up to the next clause, belongs to the content.
    """
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
    # A listener alone ("to tell the government") is not what was said.
    if not any(o.dep_ == "dobj" for o in objects):
        return None
    first = objects[0]
    directive = _listeners_directive(verb, first)
    plain = _plain_object(verb, first) and directive is None
    last = _object_end(verb, first, directive, clause=clause, plain=plain)
    # A bare pronoun object ("denied it") says nothing on its own.
    if last is first and first.pos_ == "PRON":
        return None
    span = span_between(first, last, line)
    if clause and span is not None and verb.lemma_ in LISTENER_VERBS:
        return _told_to_listener(verb, first, last, span, plain=plain)
    return span


def _listeners_directive(verb: Token, first: Token) -> Token | None:
    """ "tells her supporters at a rally to “go vote”": the parser may take the listener's
    infinitive for a purpose clause."""
    if verb.lemma_ not in LISTENER_VERBS:
        return None
    return next(
        (c for c in verb.children if c.dep_ == "advcl" and c.i > first.i and has_to(c)), None
    )


def _plain_object(verb: Token, first: Token) -> bool:
    """A plain object ("rejected that argument"), not a clause parsed as one: that has a verb
    after the object, or one taken into it as a compound ("claimed the city cut fares")."""
    return not any(
        c.i > first.i and c.pos_ in ("VERB", "AUX") and _continues_clause(c) for c in verb.children
    ) and not any(t.pos_ == "VERB" and t.dep_ == "compound" for t in first.subtree)


def _object_end(
    verb: Token, first: Token, directive: Token | None, *, clause: bool, plain: bool
) -> Token:
    """The last of the verb's dependents that the object's span takes."""
    last = first
    for child in verb.children:
        if child.i <= first.i:
            continue
        if child == directive:
            return child
        if not (_continues_clause(child) if clause else _completes_object(child)):
            break
        # a plain object ends before the verb's own setting ("rejected it during the hearing")
        if clause and plain and _is_verb_setting(child):
            break
        last = child
    return last


def _told_to_listener(
    verb: Token, first: Token, last: Token, span: Span, *, plain: bool
) -> Span | None:
    """What a listener verb with a misparsed clause reports ("told the crew on a weekly basis
    that X"): the listener is not said."""
    that = next(
        (t for t in verb.doc[first.i : last.right_edge.i + 1]
         if span.start <= t.idx < span.end and t.lower_ == "that" and t.dep_ == "mark"
         and t.head.pos_ in ("VERB", "AUX")),
        None,
    )  # fmt: skip
    if that is not None:
        return Span(that.idx, span.end)
    wrapped = _that_after_line_break(verb, first, span)
    if wrapped is not None:
        return wrapped
    return None if plain else span  # "told the truth", "tell more jokes": a listener or a telling


def _that_after_line_break(verb: Token, first: Token, span: Span) -> Span | None:
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


def _is_verb_setting(child: Token) -> bool:
    """When or where the verb happened, not what it was about: "Friday", "during the debate"."""
    if child.dep_ == "npadvmod":
        return True
    if child.dep_ != "prep":
        return False
    objects = [g for g in child.children if g.dep_ == "pobj"]
    return child.lower_ in SETTING_PREPS or any(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _continues_clause(child: Token) -> bool:
    return child.dep_ not in ("punct", "cc", "conj", "advcl", "parataxis", "mark", "relcl")


def _completes_object(child: Token) -> bool:
    if child.dep_ in ("dobj", "dative", "oprd", "xcomp", "ccomp", "acomp"):
        return True
    if child.dep_ != "prep" or child.lower_ not in OBJECT_COMPLEMENT_PREPS:
        return False
    objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
    return bool(objects) and objects[0].ent_type_ not in ("DATE", "TIME")


def _naming_complement(verb: Token, line: Span) -> Span | None:
    """The object and what it is called ("called the plan a disaster")."""
    # the parser may take the object for a dative or a second predicate ("called Lee a liar")
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
    predicates = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > verb.i]
    if not objects and len(predicates) > 1:
        objects, predicates = predicates[:1], predicates[1:]
    if objects and predicates:
        return span_between(objects[0], predicates[-1], line)
    if len(objects) == 1 and _quotes_a_name(objects[0]):
        return subtree_span(objects[0], line)  # "calls the plan ‘a costly mess’"
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    return span_between(clauses[0], clauses[0], line) if clauses else None


def _quotes_a_name(noun: Token) -> bool:
    """Whether an object is a thing and its quoted name parsed as one phrase: "the plan
    ‘a costly mess’" (a quotation after the phrase's first word)."""
    words = list(noun.subtree)
    opening = next((i for i, t in enumerate(words) if t.tag_ == "``"), None)
    return opening is not None and any(t.pos_ not in ("DET", "PRON") for t in words[:opening])


def _is_doubting(clause: Token) -> bool:
    return any(c.dep_ == "acomp" and c.lemma_ in DOUBT_ADJECTIVES for c in clause.children)


def _doubts_apart(clause: Token, verb: Token) -> bool:
    """A doubting clause set off from the verb ("X claimed Y, however, engineers are
    skeptical") answers the claim; one right after the verb ("the treasurer said she was
    unconvinced") is what the verb reports."""
    if not _is_doubting(clause):
        return False
    between = verb.doc[verb.i + 1 : clause.i]
    return clause.i < verb.i or any(t.is_punct for t in between)


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
