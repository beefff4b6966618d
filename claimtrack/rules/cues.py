"""Finding candidates at a token: the claim whose cue it is (`_candidate_at`, a first-match-wins
cascade of rules in `_CUE_RULES` run by `cascade.first_match`).

A cue is a verb of saying or of stance, a noun naming a statement, a stance someone faces, a
stance adjective, "according to", or a poll cited with "in" or "by". The cue's own span
(auxiliaries, framing verbs, the setting after it) is built here too. `Candidate`, what every
cue finds, is defined here for `lines` and `assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimtrack.domain import Span
from claimtrack.rules.cascade import STOP, Stop, first_match
from claimtrack.rules.content import (
    characterization,
    content_of_verb,
    object_into_cue,
    stance_object,
)
from claimtrack.rules.layout import Layout, clause_around, clip, contains, subtree_span, trim
from claimtrack.rules.lexicon import (
    ANY_VERB_CUE,
    ATTITUDE_NOUNS,
    CLAUSE_OPENERS,
    DOUBT_ADJECTIVES,
    EVIDENT_ADJECTIVES,
    FACED_NOUNS,
    FACED_PREPS,
    FACING_VERBS,
    FINDING_NOUNS,
    FINDING_PREPS,
    FRAMING_VERBS,
    INTENTION_NOUNS,
    INVERTED_TAG_VERBS,
    NOUN_CUE_PREPS,
    NOUN_CUES,
    OBLIGING_VERBS,
    OCCASION_NOUNS,
    OCCASION_PREPS,
    PUBLISHING_VERBS,
    QUESTIONING_VERBS,
    STANCE_ADJECTIVES,
    STANCE_PREPS,
    STANCE_TOPIC_PREPS,
    WANTING_VERBS,
)
from claimtrack.rules.predicates import (
    continues_quote,
    goes_on,
    has_to,
    is_infinitive,
    is_that_clause,
    is_when_or_how,
    publisher_of,
    saying_idiom,
    takes_proposition,
)
from claimtrack.rules.quotes import expand_quotes, introduced_quote, speaker_after_quote
from claimtrack.rules.speakers import (
    as_aside_speaker,
    fused_subject,
    head_within,
    holder_of,
    noun_phrase,
    speaker_across_lines,
    speaker_phrase,
    subject_of,
)
from claimtrack.text import DASHES, run_around, tokens_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Candidate:
    """A claim found in the parse, before typing and scoring."""

    cue: Span
    content: Span
    source: Span | None
    source_token: Token | None
    lemma: str
    doubts_previous: bool = False


def token_candidates(doc: Doc, layout: Layout) -> list[Candidate]:
    """The candidates found at the article's tokens, in order."""
    return [c for token in doc if (c := _candidate_at(token, layout)) is not None]


def _candidate_at(token: Token, layout: Layout) -> Candidate | None:
    """The claim whose cue is this token, if it is a cue: the first of `_CUE_RULES` to find
    one, unless a rule before it says STOP."""
    return first_match(_CUE_RULES, None, token, layout)


def _found_or_stop(found: Candidate | None) -> Candidate | Stop:
    """A rule that owns the token: what it found, or else no cue here."""
    return STOP if found is None else found


def _outside_cues(token: Token, layout: Layout) -> Stop | None:
    """No cue in a part of speech a cue never has, in the article's furniture, or inside a
    quotation (cues there belong to the quoted speaker: almost never annotated)."""
    if token.pos_ not in _CUE_POS or layout.is_furniture(token.idx):
        return STOP
    return STOP if layout.quote_at(token.idx) is not None else None


def _according_rule(token: Token, layout: Layout) -> Candidate | Stop | None:
    if token.lower_ != "according":
        return None
    return _found_or_stop(_according_to(token, layout))


def _finding_rule(token: Token, layout: Layout) -> Candidate | Stop | None:
    if token.dep_ != "prep" or token.lower_ not in FINDING_PREPS:
        return None
    return _found_or_stop(_found_in(token, layout))


def _evident_rule(token: Token, layout: Layout) -> Candidate | Stop | None:
    """ "It is clear that ...", and "it is doubtful that ...": the writer's doubt (a doubt
    adjective finding no such clause goes on to the stance adjectives)."""
    lemma = token.lemma_
    if token.dep_ != "acomp" or lemma not in EVIDENT_ADJECTIVES | DOUBT_ADJECTIVES:
        return None
    found = _evident_clause(token, layout)
    if found is not None or lemma in EVIDENT_ADJECTIVES:
        return _found_or_stop(found)
    return None


def _stance_adjective_rule(token: Token, layout: Layout) -> Candidate | Stop | None:
    """A stance adjective's claim; a doubt adjective with none is a doubting clause."""
    lemma = token.lemma_
    if token.dep_ != "acomp" or lemma not in STANCE_ADJECTIVES:
        return None
    found = _stance_adjective(token, layout)
    if found is not None or lemma not in DOUBT_ADJECTIVES:
        return _found_or_stop(found)
    return _found_or_stop(_doubting_clause(token, layout))


def _inverted_tag_rule(token: Token, layout: Layout) -> Candidate | None:
    """ "Said Ellis: “…”" (read as a verb or a name); anything else goes on."""
    if token.lower_ in INVERTED_TAG_VERBS and token.i == token.sent.start:
        return _inverted_tag(token, layout)
    return None


def _noun_rule(token: Token, layout: Layout) -> Candidate | Stop | None:
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    return _found_or_stop(_noun_candidate(token, layout, token.lemma_))


def _saying_nothing(token: Token, layout: Layout) -> Stop | None:
    if token.lemma_ == "say" and _says_nothing(token):
        return STOP
    return STOP if _not_a_stance(token, token.lemma_, token.dep_, token.tag_) else None


def _question_rule(token: Token, layout: Layout) -> Candidate | None:
    """ "Asked about the fund, Ruiz said ..."; anything else goes on."""
    if token.lemma_ in QUESTIONING_VERBS and token.tag_ == "VBN" and token.dep_ == "advcl":
        return _question_put(token, layout)
    return None


def _verb_rule(token: Token, layout: Layout) -> Candidate | Stop | None:
    """A verb the lexicon or the grammar makes a cue, as the rules read it; where they read
    no claim, or for any other verb, the learned scorer's confident cue (`learned`), read as
    `_learned_cue` reads it: for the rules' own verbs only a clause or a stance's topic."""
    if token.pos_ != "VERB":
        return None
    confident = token.i in layout.confident_cues
    if _is_verb_cue(token, token.lemma_):
        found = _verb_cue(token, layout)
        if found is None and confident:
            found = _learned_cue(token, layout, _CLAUSES_AND_TOPICS)
        return _found_or_stop(found)
    return _learned_cue(token, layout, _LEARNED_CONTENT) if confident else None


# The dependents whose phrase a learned cue reports, in order of preference: a clause, a
# complement, an object, what a stance is about ("called for ...", "spoke about ...").
_LEARNED_CONTENT = ("ccomp", "xcomp", "dobj", "prep", "attr", "oprd", "acomp")
# What a learned cue may report where the rules read no claim around a verb of their own: an
# object ("denied it", "called a meeting") stays no claim.
_CLAUSES_AND_TOPICS = ("ccomp", "xcomp", "prep")


def _learned_cue(verb: Token, layout: Layout, reported: tuple[str, ...]) -> Candidate | None:
    """A verb the scorer is confident heads a cue though the rules read no claim around it:
    its subject the source, its first complement after it the content."""
    if layout.quote_at(verb.idx) is not None:
        return None
    source_token, _ = subject_of(verb)
    if source_token is None:
        return None
    line = layout.line_of(verb.idx)
    cue_tokens = _cue_tokens_of(verb)
    last_cue = max(t.i for t in cue_tokens)
    after = [c for c in verb.children if c.i > last_cue and _reports(c, reported)]
    if not after:
        return None
    complement = min(after, key=lambda c: reported.index(c.dep_))
    if complement.dep_ == "xcomp" and _is_verb_cue(complement, complement.lemma_):
        return None  # "seemed to suggest that ...": the rules read "suggest", framed
    content = subtree_span(complement, line)
    if complement.dep_ == "prep":  # "called for a ban": the preposition joins the cue
        cue_tokens = [*cue_tokens, complement]
        content = subtree_span(_prep_objects(complement)[0], line)
    cue = clip(tokens_span(cue_tokens), line)
    if content is None or cue is None or content.overlaps(cue):
        return None
    source = speaker_phrase(source_token, line, cue, content)
    return Candidate(cue, content, source, source_token, verb.lemma_)


def _prep_objects(prep: Token) -> list[Token]:
    return [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]


def _reports(child: Token, reported: tuple[str, ...]) -> bool:
    if child.dep_ == "prep" and "prep" in reported:
        objects = _prep_objects(child)
        # "argued on a regular basis": when or how, not what about
        return (
            child.lower_ in STANCE_TOPIC_PREPS and bool(objects) and not is_when_or_how(objects[0])
        )
    return child.dep_ in reported


# The order in which a token is tried as a cue: the first rule to find a claim, or to say
# STOP, decides.
_CUE_RULES = (
    _outside_cues,
    _according_rule,
    _finding_rule,
    _evident_rule,
    _stance_adjective_rule,
    _inverted_tag_rule,
    _noun_rule,
    _saying_nothing,
    _question_rule,
    _verb_rule,
)


def _is_verb_cue(token: Token, lemma: str) -> bool:
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
_CUE_POS = frozenset("VERB AUX NOUN PROPN ADJ ADP".split())


def _noun_candidate(token: Token, layout: Layout, lemma: str) -> Candidate | None:
    if token.pos_ != "NOUN":
        return None
    if _tagged_as_noun(token) and _is_verb_cue(token, lemma):
        return _verb_cue(token, layout)
    if lemma in FACED_NOUNS:
        found = _stance_faced(token, layout)  # "has drawn sharp criticism over ..."
        if found is not None:
            return found
    if lemma in NOUN_CUES | INTENTION_NOUNS:
        return _noun_cue(token, layout)
    return None


def _not_a_stance(token: Token, lemma: str, dep: str, tag: str) -> bool:
    """Verbs of saying that say nothing in their setting."""
    head = token.head
    if dep == "pcomp" and tag == "VBG" and head.lower_ in ("without", "in"):
        return True  # "without saying why" says nothing; "in offering analysis, he said ..."
    if dep == "acl" and tag == "VBG" and lemma in WANTING_VERBS:
        return True  # "anyone wanting to borrow": who someone is, not what they say
    if lemma in ("charge", "address") and any(c.dep_ == "auxpass" for c in token.children):
        return True  # "was charged with fraud", "must be addressed": a status, a task
    if token.is_upper and len(token) > 1 and _in_capital_subhead(token):
        return True  # "EVEN HIS BOSS THINKS … — text": a subhead in capitals, not a sentence
    if lemma == "conclude" and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children):
        return True  # "the ad concludes with footage of ...": it ends, it does not infer
    if dep in ("xcomp", "ccomp") and head.lemma_ in OBLIGING_VERBS:
        return True  # "laws requiring candidates to disclose", "let them know": not an act
    # "according to show insiders": a noun the tagger took for a verb, the source
    return dep == "pcomp" and head.lower_ == "to" and head.head.lower_ == "according"


def _in_capital_subhead(token: Token) -> bool:
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


def _says_nothing(say: Token) -> bool:
    """Idioms in which nobody says anything: "it goes without saying", "let's say"."""
    head = say.head
    if head.lemma_ == "let":
        return True
    return say.dep_ == "pcomp" and head.lower_ == "without" and head.head.lemma_ == "go"


def _tagged_as_noun(token: Token) -> bool:
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


def _noun_cue(noun: Token, layout: Layout) -> Candidate | None:
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


def _stance_faced(noun: Token, layout: Layout) -> Candidate | None:
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


def _verb_cue(verb: Token, layout: Layout) -> Candidate | None:
    if _publishes_text_that_says(verb):
        return None  # the text's own participle carries the claim
    line = layout.line_of(verb.idx)
    source_token, passive = subject_of(verb)
    aside = as_aside_speaker(verb)
    if aside is not None:
        return _aside_cue(verb, aside, line)
    source_token, speaker_line, tag = _speaker_of(verb, source_token, layout, line)
    if source_token is None and not passive:
        return None
    if tag is not None:
        content, extra = tag[0], []
    else:
        content, extra = content_of_verb(verb, source_token, layout, line)
    if content is None:
        return None
    cue = clip(tokens_span(_cue_tokens_of(verb) + extra), line)
    cue, content = object_into_cue(verb, source_token, cue, content)
    content = expand_quotes(content, cue, layout, verb)
    if content is None or (content.overlaps(cue) and not contains(content, cue)):
        return None
    source = tag[1] if tag is not None else speaker_phrase(source_token, speaker_line, cue, content)
    return Candidate(cue, content, source, source_token, verb.lemma_)


def _aside_cue(verb: Token, aside: Token, line: Span) -> Candidate | None:
    """ "Hawaii, as one of his advisers pointed out, does not get …" parsed with Hawaii as the
    subject: the adviser speaks and the sentence around the aside is the content."""
    content = subtree_span(verb, line)
    cue = clip(tokens_span(_cue_tokens_of(verb)), line)
    if content is None or cue is None:
        return None
    source = noun_phrase(aside, line, avoid=(cue,))
    return Candidate(cue, content, source, aside, verb.lemma_)


def _speaker_of(
    verb: Token, subject: Token | None, layout: Layout, line: Span
) -> tuple[Token | None, Span, tuple[Span, Span] | None]:
    """The speaker of a verb whose subject the parser found, the lines its phrase may take, and
    for a tag after a quotation the quotation and the speaker's phrase."""
    tag: tuple[Span, Span] | None = None
    if subject is not None and layout.quote_at(subject.idx) is not None:
        # "“… We will …,” Chief Ana Ruiz said": no one inside the quote is its speaker
        tag = speaker_after_quote(verb, layout, line)
        if tag is not None:
            subject = head_within(verb, tag[1])
    if subject is not None and not line.start <= subject.idx < line.end:
        subject, speaker_line = speaker_across_lines(verb, subject, layout, line)
        return subject, speaker_line, tag
    return subject, line, tag


def _according_to(token: Token, layout: Layout) -> Candidate | None:
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


def _found_in(prep: Token, layout: Layout) -> Candidate | None:
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


def _stance_adjective(adjective: Token, layout: Layout) -> Candidate | None:
    """A stance held toward what follows: "she was sure (that) he would win", "Graham has
    been critical of the deal", "they are determined to stay"."""
    copula = adjective.head
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    if subject is None or copula.i == adjective.i or subject.lower_ in ("it", "this", "that"):
        return None
    line = layout.line_of(adjective.idx)
    cue_tokens = [t for t in _cue_tokens_of(copula) if t.i < adjective.i] + [adjective]
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
    cue = clip(tokens_span(run_around(cue_tokens, adjective)), line)
    if content is None or cue is None or content.overlaps(cue):
        return None
    source = noun_phrase(subject, line, avoid=(cue, content))
    return Candidate(cue, content, source, subject, adjective.lemma_)


def _evident_clause(adjective: Token, layout: Layout) -> Candidate | None:
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
    cue = clip(tokens_span(run_around([*tokens, copula, adjective], adjective)), line)
    content = subtree_span(clause, line)
    if cue is None or content is None or content.overlaps(cue):
        return None
    # "it is not clear that ..." hedges as "it is unclear that ..." does
    return Candidate(cue, content, None, None, "unclear" if unsure else adjective.lemma_)


def _doubting_clause(adjective: Token, layout: Layout) -> Candidate | None:
    """A reaction to the claim before it ("observers are skeptical"), its own content."""
    copula = adjective.head
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i > adjective.i or subject.lower_ == "it":
        return None
    if any(c.dep_ in ("prep", "ccomp") for c in adjective.children):
        return None
    line = layout.line_of(adjective.idx)
    cue_tokens = [t for t in _cue_tokens_of(copula) if t.i < adjective.i] + [adjective]
    cue = clip(tokens_span(cue_tokens), line)
    if cue is None:
        return None
    source = noun_phrase(subject, line, avoid=(cue,))
    if source is None or source.start >= cue.start:
        return None
    content = Span(source.start, cue.end)
    return Candidate(cue, content, source, subject, adjective.lemma_, doubts_previous=True)


MAX_SPEAKER_WORDS = 4


def _question_put(verb: Token, layout: Layout) -> Candidate | None:
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


def _inverted_tag(verb: Token, layout: Layout) -> Candidate | None:
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


def _cue_tokens_of(verb: Token) -> list[Token]:
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
    tokens = run_around(tokens, verb)
    framing = _gerund_frame(verb)
    if framing is not None:  # "stopped short of calling", "is staying clear of blaming"
        return list(verb.doc[framing.i : verb.i]) + tokens
    publisher = publisher_of(verb)
    if publisher is not None:  # "issued a statement calling": one cue, as annotated
        before = [c for c in publisher.children if c.dep_ in ("aux", "neg") and c.i < publisher.i]
        start = min([publisher, *before], key=lambda t: t.i)
        return list(verb.doc[start.i : verb.i]) + tokens
    return _chain_before(verb) + tokens + _setting_after(verb, tokens[-1])


def _publishes_text_that_says(verb: Token) -> bool:
    """Whether the verb put out a text with a cue of its own ("issued a statement calling")."""
    if verb.lemma_ not in PUBLISHING_VERBS:
        return False
    return any((found := publisher_of(t)) is not None and found.i == verb.i for t in verb.subtree)


_MAX_FRAME_GAP = 3


def _chain_before(verb: Token) -> list[Token]:
    """The framing verb and the words up to this one, when the verb is its infinitive; or the
    "is" of a progressive the parser made the head ("is once more disputing")."""
    head = verb.head
    if _progressive_head(verb):
        return list(verb.doc[head.i : verb.i])
    # "went on to explain": the parser may take the infinitive for a purpose clause
    went_on = verb.dep_ == "advcl" and has_to(verb) and goes_on(head)
    if not (verb.dep_ == "xcomp" or went_on):
        return []
    if head.lemma_ not in FRAMING_VERBS or head.pos_ not in ("VERB", "AUX"):
        return []
    if head.lemma_ == "have" and not has_to(verb):
        return []  # "had him arrested"
    if not 0 < verb.i - head.i <= _MAX_FRAME_GAP:
        return []
    frame = [t for t in head.children if t.dep_ in ("aux", "neg") and t.i < head.i]
    frame = run_around(sorted([*frame, head], key=lambda t: t.i), head)
    return frame + list(verb.doc[head.i + 1 : verb.i])


def _gerund_frame(verb: Token) -> Token | None:
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
    frame += _chain_before(anchor)
    return min([anchor, *frame], key=lambda t: t.i)


def _progressive_head(verb: Token) -> bool:
    head = verb.head
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in ("advcl", "xcomp")
        and head.lemma_ == "be"
        and 0 < verb.i - head.i <= _MAX_FRAME_GAP
        and all(t.pos_ in ("ADV", "PART") for t in verb.doc[head.i + 1 : verb.i])
        and not any(c.dep_ in ("acomp", "attr") for c in head.children)
    )


def _setting_after(verb: Token, last: Token) -> list[Token]:
    """When and where it was said, right after the verb: annotated as part of the cue."""
    found: list[Token] = []
    following = {c.left_edge.i: c for c in verb.children if c.i > verb.i}
    while (child := following.get(last.i + 1)) is not None and _is_setting(child):
        found.extend(child.subtree)
        last = child.right_edge
    return found


def _is_setting(child: Token) -> bool:
    """A bare date ("said Friday") or an occasion ("in a statement", "in an interview")."""
    if child.dep_ in ("npadvmod", "advmod") and child.ent_type_ in ("DATE", "TIME"):
        return True
    if child.dep_ != "prep" or child.lower_ not in OCCASION_PREPS:
        return False
    objects = [g for g in child.children if g.dep_ == "pobj"]
    return bool(objects) and objects[0].lemma_ in OCCASION_NOUNS
