"""Small helpers on spaCy tokens shared by the clause splitter and the frame finders: boundaries and lost
commas, quote marks, subjects and subtrees, speaker words, and the trimming of a claim's content and of a
speaker's noun phrase (:func:`trim_content`, :func:`trim_speaker`, also used by the claims component)."""

from __future__ import annotations

from collections.abc import Container, Iterable
from collections.abc import Set as AbstractSet

from spacy.tokens import Span, Token

from claimscope.claims.nonclaims import FINITE_VERB_TAGS, dateline_end
from claimscope.claims.words import (
    BOUNDARY_PUNCT,
    CONNECTORS,
    MAX_SPEAKER_WORDS,
    QUOTE_ONLY_CUES,
    SPEAKER_ENTITIES,
    SPEAKER_PREPOSITIONS,
    SPEAKER_TAGS,
    SUBJECT_DEPS,
    TIME_WORDS,
)
from claimscope.resources import words

EDGE_WORDS = frozenset({"that", "but", "and", "while", "yet", "whereas", "so"})


def _has_subject(token: Token, inside: range) -> bool:
    return any(c.dep_ in SUBJECT_DEPS and c.i in inside for c in token.children)


def _previous_word(token: Token) -> int:
    """The index of the previous token that is not space (``token.i`` at the start)."""
    i = token.i - 1
    while i >= 0 and token.doc[i].is_space:
        i -= 1
    return i if i >= 0 else token.i


def doc_text_before(token: Token) -> str:
    """The text of the previous non-space token ("" at the start)."""
    i = _previous_word(token)
    return token.doc[i].text if i != token.i else ""


EMBEDDING = frozenset({"relcl", "acl", "advcl", "pcomp", "csubj", "csubjpass", "amod", "prep", "pobj"})


def _is_embedded(token: Token, inside: range) -> bool:
    """True when ``token`` sits in a relative, adverbial or noun-complement clause, or in an embedded question
    ("wonder if ..."), within ``inside``."""
    while token.head.i != token.i and token.head.i in inside:
        if token.dep_ in EMBEDDING:
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in token.children):
            return True
        token = token.head
    return False


def _is_lost_comma(token: Token) -> bool:
    """A run of extra spaces inside a sentence, where scraped text (PerSenT) dropped a comma."""
    return token.is_space and "\n" not in token.text


def has_clause_core(span: Span) -> bool:
    """True when the span holds a verb with its own subject and a finite form (or a finite auxiliary)."""
    inside = range(span.start, span.end)
    for token in span:
        if not (token.pos_ in ("VERB", "AUX") or token.tag_ in FINITE_VERB_TAGS):
            continue
        children = [c for c in token.children if c.i in inside]
        if not any(c.dep_ in SUBJECT_DEPS for c in children):
            continue
        if token.tag_ in FINITE_VERB_TAGS or any(c.tag_ in FINITE_VERB_TAGS for c in children):
            return True
    return False


def _next_word(token: Token) -> Token:
    """The next token that is not space (``token`` itself at the end of the Doc)."""
    i = token.i + 1
    while i < len(token.doc) and token.doc[i].is_space:
        i += 1
    return token.doc[i] if i < len(token.doc) else token


def _is_cue(verb: Token, cues: AbstractSet[str]) -> bool:
    """A verb of saying in ``cues``, or a verb of the manner of speaking right next to a quotation."""
    return verb.lemma_ in cues or (verb.lemma_ in QUOTE_ONLY_CUES and next_to_quote(verb))


def next_to_quote(verb: Token) -> bool:
    """True when a quotation mark is right after ``verb`` (past spaces and a colon: 'shouted: "Run!"') or right
    before its speaker ('"...," the old man wailed': at most a few speaker words, spaces and commas between)."""
    doc, sent = verb.doc, verb.sent
    i = verb.i + 1
    while i < sent.end and (doc[i].is_space or doc[i].text == ":"):
        i += 1
    if i < sent.end and is_quote_like(doc[i]):
        return True
    i, words = verb.i - 1, 0
    while i >= sent.start and words <= MAX_SPEAKER_WORDS:
        token = doc[i]
        if is_quote_like(token):
            return words > 0
        if not (token.is_space or token.text == ","):
            if not _is_speaker_word(token):
                return False
            words += 1
        i -= 1
    return False


def _names_someone(word: Token) -> bool:
    """A time word that is a name here: "May" in "Yin Myint May, 60, a doctor, said"."""
    return word.dep_ in ("nsubj", "nsubjpass") or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in word.children)


def trim_speaker(speaker: Span) -> Span:
    """The speaker's noun phrase without what a boundary sets off around it: a non-restrictive relative or
    participial clause after it ("Jim Smith, who runs the shop", "Rangel  who has spent ...", "Soos, speaking
    with her husband") and a time phrase before it ("late Saturday  Rubio"). A restrictive clause stays ("One
    woman who claimed ...")."""
    doc = speaker.doc
    inside = range(speaker.start, speaker.end)
    for token in speaker:
        if token.head.i not in inside or token.left_edge.i <= speaker.start:
            continue
        clause = token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBG")
        before = doc[token.left_edge.i - 1]
        set_off = before.text in SETTING_OFF_PUNCT or (_is_lost_comma(before) and token.head.pos_ == "PROPN")
        if clause and set_off:
            speaker = doc[speaker.start : token.left_edge.i]
            break
    for token in speaker:
        if token.i > speaker.start and is_boundary(token) and not _is_padding(token):
            if any(t.lower_ in TIME_WORDS and not _names_someone(t) for t in doc[speaker.start : token.i]):
                speaker = doc[token.i + 1 : speaker.end]
            break
    dateline = dateline_end(speaker)  # "WASHINGTON (Reuters) - The Pentagon said ..."
    if 0 < dateline < len(speaker):
        speaker = speaker[dateline:]
    while len(speaker) > 1 and _is_edge(speaker[-1]):
        speaker = speaker[:-1]
    while len(speaker) > 1 and _is_edge(speaker[0]):
        speaker = speaker[1:]
    return speaker


SETTING_OFF_PUNCT = frozenset({",", "—", "–", "--", "("})


def _subject_of(verb: Token, inside: Container[int]) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in inside), None)


def _subtree_span(token: Token, inside: Iterable[int]) -> Span:
    indices = [i for i in range(token.left_edge.i, token.right_edge.i + 1) if i in inside]
    doc = token.doc
    span = doc[min(indices) : max(indices) + 1]
    while len(span) > 1 and (_is_edge(span[-1]) or span[-1].tag_ == "POS"):
        span = span[:-1]
    while len(span) > 1 and _is_edge(span[0]):
        span = span[1:]
    return span


def _with_adjacent_commas(clause: Span, frame: set[int]) -> set[int]:
    """Add the commas and quote marks that separate the frame from the content."""
    frame = set(frame)
    doc = clause.doc
    for i in sorted(frame):
        for j in (i - 1, i + 1):
            if clause.start <= j < clause.end and j not in frame and doc[j].text == ",":
                frame.add(j)
    return frame


def trim_content(tokens: list[Token]) -> list[Token]:
    """Drop a news dateline, punctuation, spaces and connectors from both ends of the content."""
    start, end = dateline_end(tokens), len(tokens)
    while start < end and (_is_edge(tokens[start]) or _is_leading_connector(tokens[start])):
        start += 1
    while end > start and (_is_edge(tokens[end - 1]) or tokens[end - 1].lower_ in CONNECTORS):
        end -= 1
    kept = tokens[start:end]
    return _rebalance_quotes(tokens, kept, start, end)


def _is_leading_connector(token: Token) -> bool:
    """ "that" as a complementizer ("said that X"), not as a pronoun ("that hinged on ..."); "but", "and", ...;
    "then" right after "and" ("... and then he stole the car")."""
    if token.lower_ == "that":
        return token.dep_ == "mark"
    if token.lower_ == "then":
        return doc_text_before(token).lower() in ("and", ",")
    return token.lower_ in EDGE_WORDS


# Curly quotes read as cp1252 and re-encoded ("â€œ" and the like) are frequent in scraped news.
MOJIBAKE_QUOTE_CHARS = frozenset("â\x80\x98\x99\x9c\x9d€œ™˜")


def is_quote_like(token: Token) -> bool:
    """A quote mark, including the mojibake forms of curly quotes."""
    return token.is_quote or (bool(token.text) and all(ch in MOJIBAKE_QUOTE_CHARS for ch in token.text))


def _is_edge(token: Token) -> bool:
    return token.is_space or (token.is_punct and token.text not in {"%", ")"}) or is_quote_like(token)


def _rebalance_quotes(tokens: list[Token], kept: list[Token], start: int, end: int) -> list[Token]:
    """Keep a closing quote when the content opens one, so quoted words stay quoted."""
    if end < len(tokens) and tokens[end].is_quote:
        single = tokens[end].text in ("'", "‘", "’")
        if sum(t.is_quote and (t.text in ("'", "‘", "’")) == single for t in kept) % 2 == 1:
            return [*kept, tokens[end]]
    return kept


def is_boundary(token: Token) -> bool:
    """A comma, dash, bracket, quote mark, or a run of extra spaces (where scraped text lost a comma)."""
    if token.text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_:
        return False  # the hyphen of "40-year-old"
    return token.is_space or token.text in BOUNDARY_PUNCT or is_quote_like(token)


def _is_padding(token: Token) -> bool:
    """Extra spaces that pad a name inside a phrase ("the talks on  Mugabe 's departure"), not a lost comma."""
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.is_space
        and before is not None
        and after is not None
        and (after.pos_ == "PROPN" or bool(after.ent_type_))
        and (before.tag_ in ("IN", "DT", "PRP$", "POS", "CC", "TO") or before.lower_ in SPEAKER_PREPOSITIONS)
    )


def _is_speaker_word(token: Token) -> bool:
    """A word that may be part of a speaker's noun phrase ("a person familiar with the talks")."""
    if token.tag_ in SPEAKER_TAGS or token.lower_ in SPEAKER_PREPOSITIONS or _is_name(token):
        return True
    if token.tag_ in ("VBG", "VBN") and token.dep_ in ("amod", "compound") and token.head.i > token.i:
        return True  # "acting Brooklyn District Attorney Eric Gonzalez", "retired Army general Tom Smith"
    if token.lower_ == "turned" and _between_nouns(token):
        return True  # "Goldman Sachs executive turned White House staffer Marc Short"
    return token.lower_ == "with" and token.i > 0 and token.doc[token.i - 1].lower_ == "familiar"


def _between_nouns(token: Token) -> bool:
    """True when ``token`` stands right between a common noun and a noun or adjective, one space either side
    ("executive turned White House staffer")."""
    doc = token.doc
    if token.i == 0 or token.i + 1 >= len(doc):
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    if before.whitespace_ != " " or token.whitespace_ != " ":
        return False
    return before.tag_ in ("NN", "NNS") and after.tag_ in ("NN", "NNS", "NNP", "NNPS", "JJ")


def _is_name(token: Token) -> bool:
    """A capitalised word inside the sentence that the tagger took for something else ('"...,"  Franken  said',
    with "Franken" tagged as a participle)."""
    text = token.text
    return (
        token.i > token.sent.start
        and len(text) > 1
        and text[0].isupper()
        and text[1:].islower()
        and not token.is_stop
        and (token.ent_type_ in SPEAKER_ENTITIES or token.tag_.startswith("VB"))
    )


LEADING_TIME_WORDS = words("leading_time_words")


def complement_after_time(verb: Token, complement: Token) -> int:
    """Where a complement starts once a time phrase the parser hung on it right after the frame's verb is left to
    the frame ("said on Monday it would cut ...", "said last week the talks had failed"): the first word of the
    complement's subject. Only when nothing but the time phrase comes between the verb and that subject, so a date
    inside the subject stays ("said the vote on Monday was rigged")."""
    doc = verb.doc
    start = complement.left_edge.i
    subject = next((c for c in complement.children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > start), None)
    if subject is None or start <= verb.i or any(not t.is_space for t in doc[verb.i + 1 : start]):
        return start
    between = [t for t in doc[start : subject.left_edge.i] if not t.is_space]
    if not between or any(t.head.i != complement.i and t.head.i not in {b.i for b in between} for t in between):
        return start  # the phrase must hang on the complement's verb, as its own modifier
    if not any(t.lower_ in TIME_WORDS for t in between):
        return start
    if any(t.lower_ not in TIME_WORDS and t.lower_ not in LEADING_TIME_WORDS and t.tag_ != "CD" for t in between):
        return start
    return subject.left_edge.i
