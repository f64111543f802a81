"""Word lists that the entity rules of ``claimscope_entities`` consult: cues for labels, span edges and places.

Each list is a constant with a comment saying what it is for and an example; the rules that use them are in
``entities.py``. The longer word lists are read from ``resources/words/*.txt`` (one entry a line) and the nicknames
from ``resources/words/nicknames.json`` by :mod:`claimscope.resources`; short lists and sets of spaCy labels are
written here. Lists of named things (countries, officials, organisations, places) are data files in
``resources/``.
"""

from __future__ import annotations

from claimscope.resources import derived, mapping, words

PROJECT_KEYWORDS = ("project", "pipeline", "initiative", "programme", "program", "corridor", "plant")
NER_TO_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "EVENT": "EVENT", "LAW": "PROJECT"}
PLACE_LABELS = ("GPE", "NORP", "LOC")
LOCATIVE_PREPOSITIONS = words("locative_prepositions")
# Words before a capital that make it a part of the city: "south London", "Prime Central London".
CITY_PART_WORDS = words("city_part_words")
# A gazetteer match strictly inside a longer NER entity of these types is part of a name
# ("New England Journal of Medicine", "USA Gymnastics", "Mexico City"), not a mention of its own.
NAME_CONTAINERS = frozenset({"ORG", "FAC", "PERSON", "GPE", "LOC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
# A token that makes a name an organisation: spaCy's small model often tags "Joseph Wheeler High School" or
# "Kaspersky Lab" as a PERSON.
ORG_WORDS = words("org_words")
# Last words that make a name a law, treaty or other PROJECT ("United States Constitution", "Patriot Act").
PROJECT_LAST_WORDS = words("project_last_words")
# Last words that make "<country or person> <word>" the country's or person's people, not a named body:
# "UK Government" (only "UK"), "Trump Administration", "Biden campaign", "Trump Team".
ACTOR_GROUP_WORDS = frozenset({"government", "administration", "team", "campaign", "camp", "regime"})
# Last words of a named law or treaty that the project matcher finds when the NER did not.
LAW_WORDS = words("law_words")
# Names spaCy tags that the guide leaves out: generic bodies, media slang, policies, festivals, products.
NOT_NAMES = words("not_names")
# Party-and-state tags after a legislator's name: "John Cornyn (R-Texas)", "Jim Smith, D-Calif.".
PARTY_LETTERS = frozenset({"R", "D", "I"})
# Honorifics that can trail an organisation span the NER ran into a name: "the CDC's Dr. Sapna Morris".
HONORIFICS = words("honorifics")
# Words for a person's role that stand right before a name: "GOP Senate Candidate Blake Masters".
PERSON_ROLE_WORDS = words("person_roles")
# Nouns after "<name>'s" that make the name a person: "Vissarion's first wife", "Hefner's parents".
PERSONAL_POSSESSIONS = words("personal_possessions")
# Parts of speech of a word that is no name by itself.
FUNCTION_POS = frozenset({"ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "PART", "INTJ"})
MONTHS = words("month_abbreviations")
# Determiners that make a name a common noun: "another Karen", "a former Stormtrooper".
INDEFINITE_DETERMINERS = frozenset({"a", "an", "another", "every", "any"})
# Name suffixes that belong to the person's mention: "Oliver Wendell Holmes, Jr.".
NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "III"})
# Words left out at the start of a piece of a photo credit: "(Ilana Panich-Linsman/For The Washington Post)".
CREDIT_PREFIXES = frozenset({"for", "the", "via"})
# Verbs whose proper-noun subject is a person when spaCy tagged nothing ("Jackman said", "Harth dropped").
SPEECH_VERBS = words("speech_verbs")
# Titles that are also university, company or film titles: an office only with a country or body before them.
QUALIFIED_TITLES = frozenset(
    {"chancellor", "director", "chair", "chairman", "chairwoman", "commissioner", "administrator", "leader"}
)
GOVERNMENT_WORDS = words("government_words")
# Nicknames and short forms -> the given name they stand for ("Jim Mattis" is James Mattis, "Bill Clinton" William).
_NICKNAME_GROUPS: dict[str, list[str]] = mapping("nicknames")
NICKNAMES = {nick: name for name, nicks in _NICKNAME_GROUPS.items() for nick in nicks}
# Listed people's one-word aliases that are also ordinary words: "MOON LANDING", "TRAINING SESSIONS".
UPPER_CASE_WORDS = frozenset({"moon", "sessions"})
# Third-person verb forms that open the predicate of a title-case headline; the NER runs them into a name
# ("Kessler Tells Board He Was Misled", "Mayor Fenwick Speaks Out"): a name ends before them.
HEADLINE_VERBS = words("headline_verbs")
# Prepositions that a headline's predicate has and a name seldom has: "Voters Sour on Economy Ahead of Midterms".
HEADLINE_PREPOSITIONS = words("headline_prepositions")
# Nouns after "a spokesperson for [the]" that make the spokesperson a private one, not a public office
# ("Karen Whitfield, a spokeswoman for the hospital" is a PERSON).
PRIVATE_BODIES = words("private_bodies")
# Nouns in apposition that make a name a person: "Navarro, a veteran nurse".
APPOSITION_ROLES = derived(lambda: PERSON_ROLE_WORDS | words("apposition_roles"))
# Nouns after "<name>'s" (or "<name>") that only an organisation has: "Rosneft's shareholders".
ORG_POSSESSIONS = words("org_possessions")
# Nouns in apposition that make a name a company: "Petrobras, the state oil company".
COMPANY_NOUNS = words("company_nouns")
# Titles of heads that private bodies have too: "company President Dan Cathy".
HEAD_TITLES = frozenset({"president", "vice president", "chairman", "chairwoman", "chair", "director"})
# Lower-case words inside a body's name: "Bureau of Economic Analysis".
NAME_LINKS = frozenset({"of", "for", "and", "the", "on"})
# Kinds of listed organisations that are private.
PRIVATE_KINDS = frozenset({"company", "media", "school"})
# Last words of a PERSON span that make it a role, not a name: "Clark County Sheriff".
ROLE_ENDINGS = frozenset({"sheriff", "coach", "spokesman", "spokeswoman", "spokesperson", "superintendent", "chief"})
# Heads of an apposition that make a person an aide, not an office holder: "a senior adviser to the president".
ADVISER_WORDS = words("adviser_words")
# Head words that, with "of <named public body>", give a head of a public agency.
HEAD_WORDS = frozenset({"head", "chief", "director", "administrator", "commissioner", "boss", "chairman", "chair"})
PUBLIC_BODY_WORDS = words("public_body_words")
# Lower-case nouns that make an event mention generic rather than a name ("the Ukraine war").
GENERIC_EVENT_WORDS = words("generic_event_words")
# pycountry subdivisions that are places, not states: (country code, subdivision type).
US_STATE_KINDS = frozenset({("US", "State"), ("US", "District")})
PLACE_KINDS = US_STATE_KINDS | {
    ("CA", "Province"), ("CA", "Territory"), ("AU", "State"), ("AU", "Territory"),
    ("GB", "Two-tier county"), ("GB", "Country"), ("GB", "Province"),
}  # fmt: skip
# The AP's abbreviations of US states after a town: "Wilmington, Del.".
US_STATE_ABBREVIATIONS = words("us_state_abbreviations")
# Plural counting nouns that open sentences: "Millions watched ...".
COUNT_NOUNS = frozenset({"millions", "thousands", "hundreds", "dozens", "billions", "scores", "tens"})
# First words of two-word place names that the NER tags as organisations: "St. Paul", "Fort Worth".
PLACE_PREFIXES = words("place_prefixes")
SPOKESPERSON_TITLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen"})
# Possessives that only a person has in a clause: "Harth dropped her lawsuit", "Foakes deserves his place".
PERSONAL_POSSESSIVES = frozenset({"his", "her"})
# Clause boundaries a possessive must not cross to refer to a clause's subject.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "xcomp", "csubj"})
