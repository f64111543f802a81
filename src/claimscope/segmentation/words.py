"""Word lists and limits shared by the clause splitter and the two frame finders: verbs of saying, the
words a speaker's noun phrase may hold, boundaries, and how long a speaker or a frame's tail may be."""

from __future__ import annotations

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})

CONNECTORS = frozenset({"but", "and", "while", "yet", "whereas"})

CUE_VERBS = frozenset(
    {
        "say", "tell", "state", "claim", "argue", "believe", "think", "warn", "note", "point", "stress",
        "insist", "add", "explain", "suggest", "assert", "emphasize", "emphasise", "declare", "announce",
        "acknowledge", "admit", "report", "write", "predict", "expect", "fear", "hope", "maintain", "contend",
        "reckon", "estimate", "conclude", "observe", "remark", "recall", "allege", "underline", "reiterate",
        "comment", "indicate", "consider", "feel", "agree", "deny", "doubt", "caution", "reveal", "confirm",
        "assume", "speculate", "forecast", "anticipate", "complain", "accuse", "mention", "put", "hold",
        "underscore", "assess", "propose", "recognize", "recognise", "realize", "realise", "know", "suspect", "tweet",
        "reply", "respond", "retort", "concede", "counter", "boast", "joke", "quip", "exclaim", "testify",
        "proclaim",
    }
)  # fmt: skip


# Verbs of a verbal act towards another party ("X accused / warned / urged / praised Y"): the subject of such
# a verb at the top of an author's claim is the one speaking, so it gets no stance from that claim (classify.py).
REPORTED_ACT_VERBS = frozenset(
    {
        "accuse", "warn", "urge", "condemn", "criticize", "criticise", "blame", "denounce", "slam", "threaten",
        "demand", "call", "praise", "thank", "congratulate", "rebuke", "chide", "lambast", "castigate", "ask",
        "appeal", "press", "caution", "challenge", "welcome", "hail", "applaud", "commend", "tell", "implore",
        "admonish", "berate", "scold", "reproach", "decry", "deplore", "blast", "assail", "censure", "exhort",
    }
)  # fmt: skip


# Verbs of the manner of speaking ('"I'm sorry," he wailed', '"It's over," she continued', 'He shouted: "Run!"'):
# a frame only right next to a quotation, since "continued to play" or "laughed at the idea" report acts.
QUOTE_ONLY_CUES = frozenset(
    {
        "continue", "laugh", "wail", "plead", "repeat", "shout", "yell", "scream", "sigh", "muse", "chuckle",
        "mutter", "whisper", "answer", "reminisce", "cry", "scoff", "gush", "smile", "sob", "groan", "pronounce",
    }
)  # fmt: skip

# Verbs that frame a quoted question ('"Who gave them the right?" Rouhani asked.'): a frame only in a sentence of
# its own after the quotation, since "asked the court to rule" reports an act.
QUESTION_CUES = frozenset({"ask", "wonder", "query"})

TIME_WORDS = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
        "tonight", "morning", "afternoon", "evening", "night", "week", "month", "year", "weekend", "earlier",
        "later", "recently", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
    }
)  # fmt: skip


# Verbs of saying that make a frame on the surface of a sentence, whatever the parse says (not "put",
# "hold", "know", ... which report no speech without a complement the parse found).
SURFACE_CUES = (
    CUE_VERBS
    - {"put", "hold", "consider", "feel", "know", "expect", "hope", "fear", "accuse", "propose", "assess", "agree",
       "deny", "doubt", "point", "assume", "realize", "realise", "recognize", "recognise", "comment", "indicate"}
) | {"find"}  # fmt: skip

SPEAKER_TAGS = frozenset({"DT", "PRP$", "PRP", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "HYPH"})

SPEAKER_PREPOSITIONS = frozenset({"of", "for", "at"})

FRAME_AUXILIARIES = frozenset({"has", "have", "had"})

BOUNDARY_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", "(", ")"})

MAX_SPEAKER_WORDS = 7

MAX_FRAME_TAIL = 6  # words after the verb of a final frame: 'Burger King said in a statement.'

CLAUSE_OPENERS = frozenset(
    {"which", "who", "whom", "whose", "when", "while", "after", "before", "as", "because", "since", "until", "if"}
)


# Words that open a relative or adverbial clause after a verb of saying, not its content ("..., which will ...").
NON_CONTENT_OPENERS = CLAUSE_OPENERS | CONNECTORS | {"where", "what", "how", "why"}

RELATIVE_TAGS = frozenset({"WP", "WP$", "WDT"})

SPEAKER_ENTITIES = frozenset({"PERSON", "OFFICIAL", "ORG", "COUNTRY"})
