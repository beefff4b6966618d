"""The rules' vocabulary, read once from `lexicon.toml` beside this file.

Every word list lives in the TOML file, with a comment saying what it is for; this module
exposes each as a frozenset (a dict of frozensets for the two tables, a tuple for the suffixes)
and builds here, in one place, the sets made of others: the verbs of saying, every verb cue,
the stance cues, the speaker words and so on. Grammar (dependency labels, parts of speech,
regexes and thresholds) stays with the rules that use it.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files

LEXICON = "lexicon.toml"


def read_lexicon() -> dict[str, list[str] | dict[str, list[str]]]:
    """The raw lists and tables of `lexicon.toml`, as written (duplicates included)."""
    return tomllib.loads((files(__package__) / LEXICON).read_text(encoding="utf-8"))


_RAW = read_lexicon()


def _words(key: str) -> frozenset[str]:
    return frozenset(_RAW[key])


def _table(key: str) -> dict[str, frozenset[str]]:
    return {word: frozenset(others) for word, others in _RAW[key].items()}


# --- verbs that cue a claim ----------------------------------------------------------------
CUE_VERBS = _words("cue_verbs")
PERCEPTION_VERBS = _words("perception_verbs")
SPEECH_VERBS = CUE_VERBS - PERCEPTION_VERBS - _words("cue_verbs_not_of_speech")
OBJECT_CUES = _words("object_cues")
NAMING_CUES = _words("naming_cues")
CHARACTERIZING_VERBS = _words("characterizing_verbs")
LIGHT_VERBS = _words("light_verbs")
STANCE_TOPIC_PREPS = _words("stance_topic_preps")
INFINITIVE_CUES = _words("infinitive_cues")
HEDGED_CUES = _words("hedged_cues") | _words("hedging_adjectives")
_DISPUTING_CUES = _words("disputing_cues")
OPINION_CUES = _words("opinion_cues")
QUESTIONING_VERBS = _words("questioning_verbs")
RESPONDING_VERBS = _words("responding_verbs")
RESPONSE_PREPS = _words("response_preps")
LISTENER_VERBS = _words("listener_verbs")
QUOTING_VERBS = _words("quoting_verbs")
INVERTED_TAG_VERBS = _words("inverted_tag_verb_forms")
FRAMING_VERBS = _words("framing_verbs") | _words("framing_adverbs")
WANTING_VERBS = _words("wanting_verbs")
OBLIGING_VERBS = _words("obliging_verbs")
FORCING_VERBS = _words("forcing_verbs")
PUBLISHING_VERBS = _words("publishing_verbs")
# Verb + preposition cues ("called for X"): the verb's lemma and its prepositions.
PREPOSITION_CUES = _table("preposition_cues")
CUES_WITHOUT_PREPOSITION = CUE_VERBS | OBJECT_CUES | INFINITIVE_CUES | NAMING_CUES
ANY_VERB_CUE = CUES_WITHOUT_PREPOSITION | frozenset(PREPOSITION_CUES)

# --- nouns and adjectives that cue a claim -------------------------------------------------
ATTITUDE_NOUNS = _words("attitude_nouns")
NOUN_CUES = _words("noun_cues") | ATTITUDE_NOUNS
NOUN_CUE_PREPS = _words("noun_cue_preps")
INTENTION_NOUNS = _words("intention_nouns")
FACED_NOUNS = _words("faced_nouns")
FACING_VERBS = _words("facing_verbs")
FACED_PREPS = _words("faced_preps")
# The nouns that make a light verb a stance, and the prepositions naming what it is about.
STANCE_OBJECT_NOUNS = _table("stance_object_nouns")
DOUBT_ADJECTIVES = _words("doubt_adjectives")
STANCE_ADJECTIVES = DOUBT_ADJECTIVES | _words("stance_adjectives")
STANCE_PREPS = _words("stance_preps")
EVIDENT_ADJECTIVES = _words("evident_adjectives")
DISPUTING_OR_DOUBTING = _DISPUTING_CUES | DOUBT_ADJECTIVES
FINDING_PREPS = _words("finding_preps")
FINDING_NOUNS = _words("finding_nouns")

# --- what a cue's content is made of -------------------------------------------------------
SPEECH_NOUNS = _words("speech_nouns")
PARTITIVE_NOUNS = _words("partitive_nouns")
INFORMATION_NOUNS = _words("information_nouns")
CLAUSE_OPENERS = _words("clause_openers")
SUBORDINATORS = _words("subordinators")
TOPIC_PREPS = _words("topic_preps")
OBJECT_COMPLEMENT_PREPS = _words("object_complement_preps")
SETTING_PREPS = _words("setting_preps")
AS_IDIOMS = _words("as_idioms")
LIFE_STAGES = _words("life_stages")
OCCASION_NOUNS = _words("occasion_nouns")
OCCASION_PREPS = _words("occasion_preps")
TEXT_NOUNS = _words("text_nouns")
RELATIVE_PRONOUNS = _words("relative_pronouns")
RELATIVE_SUBJECTS = RELATIVE_PRONOUNS | {"that"}  # "the cities that support ..."
PREDICTION_MARKERS = _words("prediction_markers")
CAUSAL_MARKERS = _words("causal_markers")
COMPARISON_WORDS = _words("comparison_words")
FEELING_WORDS = _words("feeling_words")
INTENTION_WORDS = _words("intention_words")
TASTE_WORDS = _words("taste_words")

# --- who speaks ----------------------------------------------------------------------------
ANONYMOUS_OFFICIAL_WORDS = _words("anonymous_official_words")
OFFICIAL_MODIFIERS = _words("official_modifiers")
ANONYMOUS_WORDS = _words("anonymous_words")
DOCUMENT_WORDS = _words("document_words")
EVIDENCE_WORDS = DOCUMENT_WORDS | _words("evidence_words")
ORGANIZATION_WORDS = _words("organization_words")
SPEAKER_WORDS = ANONYMOUS_OFFICIAL_WORDS | ANONYMOUS_WORDS | DOCUMENT_WORDS | ORGANIZATION_WORDS
PEOPLE_NOUNS = _words("people_nouns") | LIFE_STAGES
COUNTING_NOUNS = _words("counting_nouns")
PEOPLE_SUFFIXES = tuple(_RAW["people_suffixes"])  # a tuple for str.endswith
NOT_PEOPLE = _words("not_people")
PERSON_PRONOUNS = _words("person_pronouns")
GROUP_PRONOUNS = _words("group_pronouns")
MALE_WORDS = _words("male_words")
FEMALE_WORDS = _words("female_words")
MALE_ENDING, FEMALE_ENDING = _RAW["gender_title_endings"]
ORGANIZATION_PRONOUNS = _words("organization_pronouns")

# Cues that make a claim only when someone who can speak holds the stance (see speakers.can_speak).
STANCE_CUES = (
    OBJECT_CUES
    | LIGHT_VERBS
    | STANCE_ADJECTIVES
    | INFINITIVE_CUES
    | NAMING_CUES
    | CHARACTERIZING_VERBS
    | frozenset(PREPOSITION_CUES)
    | NOUN_CUES
) - CUE_VERBS
