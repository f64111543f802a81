"""Word lists and limits shared by the clause splitter and the two frame finders: verbs of saying, the
words a speaker's noun phrase may hold, boundaries, and how long a speaker or a frame's tail may be."""

from __future__ import annotations

from claimscope.resources import derived, words

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})

CONNECTORS = frozenset({"but", "and", "while", "yet", "whereas"})

CUE_VERBS = words("cue_verbs")


# Verbs of a verbal act towards another party ("X accused / warned / urged / praised Y"): the subject of such
# a verb at the top of an author's claim is the one speaking, so it gets no stance from that claim (classify.py).
REPORTED_ACT_VERBS = words("reported_act_verbs")


# Verbs of a verbal act, an attitude or a finding whose subject holds what the claim reports ("called on Trump to
# ...", "shows that ...", "wants to ..."), learned from PolNeAR train (resources/words/holder_verbs.txt).
HOLDER_VERBS = words("holder_verbs")


# Verbs of the manner of speaking ('"I'm sorry," he wailed', '"It's over," she continued', 'He shouted: "Run!"'):
# a frame only right next to a quotation, since "continued to play" or "laughed at the idea" report acts.
QUOTE_ONLY_CUES = words("quote_only_cues")

# Verbs that frame a quoted question ('"Who gave them the right?" Rouhani asked.'): a frame only in a sentence of
# its own after the quotation, since "asked the court to rule" reports an act.
QUESTION_CUES = frozenset({"ask", "wonder", "query"})

TIME_WORDS = words("time_words")


# Verbs of saying that make a frame on the surface of a sentence, whatever the parse says (not "put",
# "hold", "know", ... which report no speech without a complement the parse found).
SURFACE_CUES = derived(lambda: (CUE_VERBS - words("cue_verbs_not_surface")) | {"find"})
# Past and present forms of the surface cues ("Said Ellis:", "Adds Smith,"): a verb opening a line is often tagged
# as a name ("Added", "Wrote")
SAID_FORMS = derived(
    lambda: {v + end for v in SURFACE_CUES for end in ("s", "es", "d", "ed")} | {"said", "wrote", "told", "thought"}
)

SPEAKER_TAGS = frozenset({"DT", "PRP$", "PRP", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "HYPH"})

SPEAKER_PREPOSITIONS = frozenset({"of", "for", "at"})

FRAME_AUXILIARIES = frozenset({"has", "have", "had"})

BOUNDARY_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", "(", ")"})

MAX_SPEAKER_WORDS = 7

MAX_FRAME_TAIL = 6  # words after the verb of a final frame: 'Burger King said in a statement.'

CLAUSE_OPENERS = words("clause_openers")


# Words that open a relative or adverbial clause after a verb of saying, not its content ("..., which will ...").
NON_CONTENT_OPENERS = derived(lambda: CLAUSE_OPENERS | CONNECTORS | {"where", "what", "how", "why"})

RELATIVE_TAGS = frozenset({"WP", "WP$", "WDT"})

SPEAKER_ENTITIES = frozenset({"PERSON", "OFFICIAL", "ORG", "COUNTRY"})
