"""Whom a source stands for: a pronoun ("she", "it"), a bare surname ("Okafor"), a short name
("the ministry") or a title ("the judge") is filed under the person or organisation the article
named.

One pass over the article's entities lists the people and organisations it names (a name that
repeats an earlier one's words is the same one, whatever label the tagger gave it), with the
titles written beside a person's name; one pass over the tokens adds the surnames and titled
names the tagger missed and counts the gender the pronouns after a name give it. Each claim's
source, in the order the sources occur, then takes the nearest earlier mention that fits (the
rules in `_RULES`, first match wins): for "he" or "she" a person of that gender named as the
subject of a clause outside what a claim reports, for "it" or "they" such an organisation, for
a short name the fuller name with all its words, for "the judge" a person with that title. A
source resolved is a mention of its speaker, so consecutive quotes make a chain; a source the
article does not name ("a lawyer for Olsen") ends the chain. The speaker is the name as the
article gives it in full (grounded), and the source takes its type.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from claimtrack.domain import FoundClaim, SourceType, Span
from claimtrack.rules.cascade import STOP, Stop, first_match
from claimtrack.rules.layout import article_text
from claimtrack.rules.lexicon import (
    ANONYMOUS_OFFICIAL_WORDS,
    EVIDENCE_WORDS,
    FEMALE_ENDING,
    FEMALE_WORDS,
    GROUP_PRONOUNS,
    MALE_ENDING,
    MALE_WORDS,
    ORGANIZATION_PRONOUNS,
    ORGANIZATION_WORDS,
    PEOPLE_NOUNS,
    PEOPLE_SUFFIXES,
    PERSON_PRONOUNS,
)
from claimtrack.text import RIGHT_SINGLE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as EntitySpan

_DETERMINERS = frozenset(("the", "a", "an"))
_NEW_NAMES = ("PERSON", "ORG")  # labels that may name someone new
_REPEATED_NAMES = ("PERSON", "ORG", "GPE", "NORP")  # labels the tagger gives names it has seen
_SUBJECTS = frozenset(("nsubj", "nsubjpass", "appos", "ROOT", "conj"))  # a name that acts
_TITLE_WORDS = 3  # words of a title before a name ("Tarvanian Foreign Minister Ilse Marr")
_GENDERED = MALE_WORDS | FEMALE_WORDS
_PERSON_RELATIVES = frozenset(("who", "whom", "whose"))
_PRONOUNS = _GENDERED | ORGANIZATION_PRONOUNS | PERSON_PRONOUNS | GROUP_PRONOUNS
# The unnamed sources a pronoun continues ("A lawyer for Olsen said ... He said"), for which it
# stands for no one the article names.
_UNNAMED_PEOPLE = frozenset((SourceType.named_person, SourceType.anonymous_official))
_UNNAMED_GROUPS = {
    "it": frozenset((SourceType.named_organization, SourceType.document)),
    "they": frozenset(
        (SourceType.named_organization, SourceType.anonymous, SourceType.anonymous_official)
    ),
}


@dataclass
class Named:
    """One person or organisation the article names, under its fullest name."""

    name: str
    words: frozenset[str]
    introduced_as_person: bool = False
    person_labels: int = 0  # how often the tagger called it a person, or something else
    other_labels: int = 0
    titles: set[str] = field(default_factory=set)  # "judge", "chief", "executive"...
    male: int = 0  # cues that the person is a man, or a woman
    female: int = 0

    @property
    def person(self) -> bool:
        """Tagged a person where introduced or mostly, or referred to as he or she (the
        tagger often calls a surname alone an organisation)."""
        gendered = self.male + self.female > 0
        return self.introduced_as_person or gendered or self.person_labels > self.other_labels

    def fits(self, pronoun: str) -> bool:
        """Whether "he" or "she" may stand for this person: no cues say otherwise."""
        if pronoun in MALE_WORDS:
            return self.male >= self.female
        return self.female >= self.male

    def count_gender(self, word: str) -> None:
        if word in FEMALE_WORDS or word.endswith(FEMALE_ENDING):
            self.female += 1
        elif word in MALE_WORDS or word.endswith(MALE_ENDING):
            self.male += 1


@dataclass
class Mention:
    """Where the article names someone, and whether as the subject of a clause; or, `named`
    None, where a claim's source is someone it does not name ("a lawyer for Olsen")."""

    span: Span
    named: Named | None
    subject: bool = True
    unnamed: SourceType | None = None  # the type of that source


@dataclass
class Article:
    text: str
    mentions: list[Mention]
    reported: list[Span]  # what the claims report (their contents)

    def before(self, at: int) -> list[Mention]:
        """The mentions ending before `at`, nearest first."""
        return [m for m in reversed(self.mentions) if m.span.end <= at]

    def salient(self, mention: Mention) -> bool:
        """Whether a pronoun may stand for the mention: a subject, outside what is reported."""
        return mention.subject and not self.in_report(mention)

    def in_report(self, mention: Mention) -> bool:
        """Whether the mention is in what a claim reports: a person named in what someone
        said is seldom the next speaker."""
        return any(r.start <= mention.span.start < r.end for r in self.reported)

    def add(self, mention: Mention | None) -> None:
        """A source resolved is a mention of its speaker: the next "she" continues the chain."""
        if mention is None:
            return
        after = (i for i, m in enumerate(self.mentions) if m.span.start > mention.span.start)
        self.mentions.insert(next(after, len(self.mentions)), mention)


def resolve_speakers(doc: Doc, claims: list[FoundClaim]) -> list[FoundClaim]:
    """The claims, each whose source stands for someone the article names given that name
    as its `speaker`."""
    text = article_text(doc)
    article = Article(text, _mentions(doc, text), [c.content for c in claims])
    order = sorted(
        (i for i, c in enumerate(claims) if c.source_span and not c.speaker),
        key=lambda i: claims[i].source_span.start,
    )
    resolved = list(claims)
    for i in order:
        claim = claims[i]
        words = _words(claim.source or "")
        named = first_match(_RULES, None, article, claim.source_span, words)
        if named is None:
            article.add(_unresolved(claim, words))
            continue
        article.add(Mention(claim.source_span, named))
        kind = SourceType.named_person if named.person else SourceType.named_organization
        if not named.words <= words:
            resolved[i] = replace(
                claim, speaker=named.name, claim=_told_by(claim, named.name), source_type=kind
            )
        elif claim.source_type != kind:  # "Okafor", tagged an organisation, is Dana Okafor
            resolved[i] = replace(claim, source_type=kind)
    return resolved


def _told_by(claim: FoundClaim, speaker: str) -> str:
    """The claim sentence with the speaker for the source that opens it ("She said: X" reads
    "Ana Ruiz said: X")."""
    source = claim.source or ""
    opening = source[:1].upper() + source[1:] + " "
    if not claim.claim.startswith(opening):
        return claim.claim
    return f"{speaker} {claim.claim[len(opening) :]}"


def _unresolved(claim: FoundClaim, words: frozenset[str]) -> Mention | None:
    """A source no rule resolved: a person's name the tagger missed ("Superintendent Lionel
    Marsh", for the "He" and "Marsh" after it), or someone the article does not name."""
    source = claim.source or ""
    if words <= _PRONOUNS:
        return None
    if claim.source_type == SourceType.named_person and _is_name(source):
        named = _titled_name(source.split())
        return Mention(claim.source_span, named) if named else None
    return Mention(claim.source_span, None, unnamed=claim.source_type)


def _titled_name(words: list[str]) -> Named | None:
    """A person named with the titles before the name ("Superintendent Lionel Grey"): the
    name without them, and the gender they give."""
    titles = list(itertools.takewhile(_is_title, words[:-2]))
    name = words[len(titles) :]
    if len(name) < 2:
        return None
    named = Named(" ".join(name), _words(" ".join(name)), introduced_as_person=True)
    for title in titles:
        named.count_gender(title.lower().rstrip("."))
    return named


def _is_title(word: str) -> bool:
    lower = word.lower().rstrip(".")
    return (
        lower in PEOPLE_NOUNS
        or lower in ANONYMOUS_OFFICIAL_WORDS
        or lower in _GENDERED
        or lower.endswith(PEOPLE_SUFFIXES)
    )


def _is_name(phrase: str) -> bool:
    words = phrase.split()
    return len(words) > 1 and all(w[:1].isupper() for w in words)


def _mentions(doc: Doc, text: str) -> list[Mention]:
    """The people and organisations the article names, in order; a name that repeats words of
    an earlier one ("Valcourt" after "Teresa Valcourt") is that one, whatever its label. A
    single new word tagged a person is a name only with a first name before it that the tagger
    left out ("Lionel Marsh"): in news a person is introduced in full, and such a word alone is
    mostly a place taken for a person."""
    known: list[Named] = []
    mentions = []
    for entity in doc.ents:
        if entity.label_ not in _REPEATED_NAMES:
            continue
        span = _name_span(doc, text, entity)
        words = _words(span.of(text))
        named = _named_before(known, words, entity.label_)
        new = entity.label_ == "ORG" or entity.label_ == "PERSON" and len(words) > 1
        if named is None and new:
            named = Named(span.of(text), words, entity.label_ == "PERSON")
            known.append(named)
        if named is None:
            continue
        if entity.label_ == "PERSON" or _described_as_person(entity.root):
            named.person_labels += 1
        else:
            named.other_labels += 1
        _read_titles(doc, entity, named)
        mentions.append(Mention(span, named, entity.root.dep_ in _SUBJECTS))
    return _with_surnames(doc, mentions, known)


def _named_before(known: list[Named], words: frozenset[str], label: str) -> Named | None:
    """The latest name with all these words, a person's first if the tagger says a person."""
    fuller = [n for n in reversed(known) if words <= n.words]
    if label == "PERSON":
        return next((n for n in fuller if n.person), None) or next(iter(fuller), None)
    return next(iter(fuller), None)


def _name_span(doc: Doc, text: str, entity: EntitySpan) -> Span:
    """The entity's name without "the" or a title, with a first name the tagger left out."""
    start = entity.start_char
    if entity[0].lower_ == "the" and len(entity) > 1:
        start = entity[1].idx
    elif entity.label_ == "PERSON" and len(entity) > 2 and _is_title(entity[0].text):
        start = entity[1].idx  # "Councilman Ray Pell"
    elif entity.label_ == "PERSON" and len(entity) == 1 and entity.start > 0:
        first = doc[entity.start - 1]
        if _first_name(first):
            start = first.idx
    if entity.label_ == "PERSON":  # a headline's "Obama Says": the name is its proper nouns
        names = list(itertools.takewhile(lambda t: t.pos_ == "PROPN", entity))
        if names:
            return Span(start, names[-1].idx + len(names[-1]))
    return Span(start, entity.end_char)


def _first_name(token: Token) -> bool:
    lower = token.lower_.rstrip(".")
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.ent_iob_ == "O"
        and lower not in PEOPLE_NOUNS
        and lower not in _GENDERED
        and not lower.endswith((MALE_ENDING, FEMALE_ENDING))
    )


def _read_titles(doc: Doc, entity: EntitySpan, named: Named) -> None:
    """The title before the name, or opening it ("Mr. Lamb", "Councilwoman Dana Okafor",
    "Ministry spokeswoman Petra Lind"), and an appositive after it ("Rosalind Chu, the chief
    executive"): their gender and the words a later "the judge" may use."""
    titles = [entity[0]]
    for back in range(entity.start - 1, max(-1, entity.start - 1 - _TITLE_WORDS), -1):
        token = doc[back]
        if not (token.is_title or token.dep_ == "compound" or token.lower_ in _GENDERED):
            break
        titles.append(token)
    for child in entity.root.children:
        if child.dep_ == "appos" and child.i >= entity.end:
            titles.extend(t for t in child.lefts if t.dep_ in ("amod", "compound"))
            titles.append(child)
    for title in titles:
        word = title.lower_.rstrip(".")
        named.titles.add(word)
        named.count_gender(word)


def _with_surnames(doc: Doc, mentions: list[Mention], known: list[Named]) -> list[Mention]:
    """The mentions, with the surnames the tagger did not tag ("Okafor later returned"), and
    each gendered pronoun counted for the nearest person named before it as a subject in its
    sentence ("Mayor Teresa Valcourt, who made the waterfront a centerpiece of her campaign")."""
    surnames = {n.name.split()[-1].casefold(): n for n in known if len(n.words) > 1}
    found: list[Mention] = []
    nearest, sentence = None, 0
    upcoming = iter(mentions)
    coming = next(upcoming, None)
    for token in doc:
        if token.is_sent_start:
            sentence = token.idx
        while coming is not None and coming.span.end <= token.idx:
            nearest = coming if coming.subject else nearest
            coming = next(upcoming, None)
        lower = token.lower_
        untagged = token.ent_iob_ == "O" and token.is_title
        if untagged and (titled := _titled_subject(token)) is not None:
            found.append(titled)
            surnames[lower] = titled.named
            nearest = titled
        elif untagged and _surname_of(surnames, token):
            span = Span(token.idx, token.idx + len(token))
            found.append(Mention(span, surnames[lower], token.dep_ in _SUBJECTS))
            nearest = found[-1] if found[-1].subject else nearest
        elif lower in _GENDERED and nearest is not None and nearest.span.start >= sentence:
            nearest.named.count_gender(lower)
    return sorted(mentions + found, key=lambda m: m.span.start) if found else mentions


def _titled_subject(token: Token) -> Mention | None:
    """A subject the tagger did not take for a name, with a title before it: "Mayor Ana Ruiz
    opened the meeting"."""
    if token.dep_ != "nsubj" or token.pos_ != "PROPN":
        return None
    run = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
    if len(run) < 3 or run[-1].i - run[0].i != len(run) - 1 or not _is_title(run[0].text):
        return None
    named = _titled_name([t.text for t in run])
    if named is None:
        return None
    first = run[len(run) - len(named.name.split())]
    return Mention(Span(first.idx, token.idx + len(token)), named)


def _surname_of(surnames: dict[str, Named], token: Token) -> bool:
    """Whether the token is the surname of a person named before (a person by then: "Premier
    Adrian Holt and his"), or of a name it describes as a person ("Holt, who ...")."""
    named = surnames.get(token.lower_)
    if named is None or not (named.person or _described_as_person(token)):
        return False
    named.person_labels += not named.person
    return True


def _described_as_person(token: Token) -> bool:
    """Whether a clause on the name says "who" ("Karim Lodi, who owns the bakery")."""
    return any(
        c.dep_ == "relcl" and any(g.lower_ in _PERSON_RELATIVES for g in c.children)
        for c in token.children
    )


def _words(name: str) -> frozenset[str]:
    words = (w.strip(".,'" + RIGHT_SINGLE).casefold() for w in name.split())
    return frozenset(w for w in words if w and w not in _DETERMINERS)


def _person_pronoun(article: Article, source: Span, words: frozenset[str]) -> Named | Stop | None:
    """ "he" or "she": the nearest person of that gender; none if the nearest speaker before
    is a person the article does not name ("A lawyer for Olsen said ... He said")."""
    if len(words) != 1 or not words <= _GENDERED:
        return None
    pronoun = next(iter(words))
    for mention in article.before(source.start):
        named = mention.named
        if named is None:
            if mention.unnamed in _UNNAMED_PEOPLE:
                return STOP
        elif named.person and article.salient(mention) and named.fits(pronoun):
            named.count_gender(pronoun)
            return named
    return _gendered_object(article, source, pronoun)


def _gendered_object(article: Article, source: Span, pronoun: str) -> Named | None:
    """With no subject to take, the nearest person whose title or pronouns give the same
    gender, named in any role ("met Councilman Ray Pell ... He said")."""
    for mention in article.before(source.start):
        named = mention.named
        if named is None or not named.person or article.in_report(mention):
            continue
        male, female = named.male > named.female, named.female > named.male
        if male and pronoun in MALE_WORDS or female and pronoun in FEMALE_WORDS:
            return named
    return None


def _organization_pronoun(
    article: Article, source: Span, words: frozenset[str]
) -> Named | Stop | None:
    """ "it" or "they": the nearest organisation."""
    if len(words) != 1 or not words <= ORGANIZATION_PRONOUNS:
        return None
    return _nearest_organization(article, source, _UNNAMED_GROUPS[next(iter(words))])


def _nearest_organization(
    article: Article, source: Span, unnamed: frozenset[SourceType] = frozenset()
) -> Named | Stop | None:
    """The nearest organisation named; none if the nearest speaker before is one of the
    unnamed sources ("Critics said ... They said")."""
    for mention in article.before(source.start):
        named = mention.named
        if named is None:
            if mention.unnamed in unnamed:
                return STOP
        elif not named.person and article.salient(mention):
            return named
    return None


def _named_first(article: Article, source: Span, words: frozenset[str]) -> Named | None:
    """A source phrase that is a name with a clause on it ("Holt, who is seeking a third
    term"); not one whose name is a modifier ("Achebe's campaign manager")."""
    for mention in article.mentions:
        rest = article.text[mention.span.end : source.end]
        if mention.span.start == source.start and mention.named and rest[:1] in ("", ","):
            return mention.named
    return None


def _short_form(article: Article, source: Span, words: frozenset[str]) -> Named | None:
    """A surname, or an organisation's name cut short ("the ministry" for the Ministry of
    Health, "the district" for the Greyhaven Unified School District): the nearest fuller name
    with all its words, a person's before an organisation's ("Haddad" is Karim Haddad, not
    Haddad & Sons Jewelers)."""
    if not words or _is_name(_without_determiners(article.text, source)):
        return None  # "The Tax Policy Center" is a name of its own
    fuller = [n for m in article.before(source.start) if (n := m.named) and words < n.words]
    person = next((n for n in fuller if n.person), None)
    if person is not None:
        return person
    return next((n for n in fuller if _shortens(article, source, n)), None)


def _shortens(article: Article, source: Span, named: Named) -> bool:
    """Whether the source may be the organisation's name cut short: a name ("Brightwell"), a
    noun heading organisations' names ("police") or the name's own last word."""
    words = _without_determiners(article.text, source).split()
    folded = {w.casefold() for w in words}
    if folded & EVIDENCE_WORDS:
        return False  # "the research" is not the Institute for Climate Impact Research
    last = named.name.split()[-1].casefold()
    return bool(folded & (ORGANIZATION_WORDS | {last})) or all(w[:1].isupper() for w in words)


def _without_determiners(text: str, source: Span) -> str:
    return " ".join(w for w in source.of(text).split() if w.casefold() not in _DETERMINERS)


def _title(article: Article, source: Span, words: frozenset[str]) -> Named | None:
    """ "the judge", "the chief executive": the nearest person with that title; the title
    must end on a word for a person ("the Trump campaign" is not its spokesman)."""
    if not words or not _definite(article, source):
        return None
    head = _without_determiners(article.text, source).split()[-1].casefold()
    if head not in PEOPLE_NOUNS | ANONYMOUS_OFFICIAL_WORDS:
        return None
    for mention in article.before(source.start):
        named = mention.named
        if named and named.person and words <= named.titles and article.salient(mention):
            return named
    return None


def _definite(article: Article, source: Span) -> bool:
    return article.text.startswith(("the ", "The "), source.start)


_RULES = (
    _person_pronoun,
    _organization_pronoun,
    _short_form,
    _named_first,
    _title,
)
