"""Claim segmentation: split a sentence into independent clauses and peel off attribution frames.

A sentence is cut where two independent clauses (each with its own subject and finite verb) are joined by
";", ", but", ", and", ", while", ", yet", ", whereas" or "but". In each clause an attribution frame is found
and removed from the claim's content:

- "As X said / put it / noted, ..."  and "..., as X said."
- "X said / warned / believes / pointed out / argued that ..." (also '"...," X said.' and "..., X said, ...")
- "According to X, ...", "In the view of X, ...", "In X's view, ..."

The speaker X becomes the claim's claimer; the verb ("said", "put it", "has warned") its cue. This module
works on parsed spaCy tokens only; linking the claimer to an entity happens in the claims component.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..nonclaims import FINITE_VERB_TAGS

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
# Verbs of the manner of speaking ('"I'm sorry," he wailed', '"It's over," she continued', 'He shouted: "Run!"'):
# a frame only right next to a quotation, since "continued to play" or "laughed at the idea" report acts.
QUOTE_ONLY_CUES = frozenset(
    {
        "continue", "laugh", "wail", "plead", "repeat", "shout", "yell", "scream", "sigh", "muse", "chuckle",
        "mutter", "whisper", "answer", "reminisce", "cry", "scoff", "gush", "smile", "sob", "groan", "pronounce",
    }
)  # fmt: skip
VIEW_NOUNS = frozenset({"view", "opinion", "words", "assessment", "estimation", "judgment", "judgement"})
MAX_QUOTE_GAP = 3  # words between a quote and its frame's subject head ('"...," the Kremlin spokesman said')
EDGE_WORDS = frozenset({"that", "but", "and", "while", "yet", "whereas", "so"})


@dataclass
class ClauseParts:
    """One clause of a sentence: the claim's content tokens and, if any, its attribution frame."""

    content: list[Token]
    frame: list[Token] = field(default_factory=list)
    claimer: Span | None = None
    cue: str | None = None
    shared_subject: Span | None = None  # re-attached in the claim's statement


@dataclass
class Piece:
    """A stretch of a sentence that holds one claim; ``subject`` is a subject it shares with an earlier piece."""

    span: Span
    subject: Span | None = None
    dependent: bool = False  # a reason clause or a shared-subject predicate: may sit inside a frame's content


def segment_sentence(sent: Span) -> list[Piece]:
    """The claim-sized pieces of a sentence: independent clauses, asserted reason clauses, then predicates
    that share one subject ("Japan follows the West, imposes sanctions, and provides aid")."""
    pieces = []
    for clause in split_clauses(sent):
        parts = split_reason_clause(clause)
        for part in parts:
            found = split_predicates(part)
            for k, piece in enumerate(found):
                piece.dependent = len(parts) > 1 or k > 0
            pieces.extend(found)
    return pieces


REASON_MARKERS = frozenset({"because", "although", "though"})


def split_reason_clause(clause: Span) -> list[Span]:
    """Cut an asserted reason clause ("because X") off its main clause when it opens or closes the clause."""
    inside = range(clause.start, clause.end)
    for token in clause:
        if token.dep_ != "advcl" or token.head.i not in inside or _is_embedded(token.head, inside):
            continue
        marks = [c for c in token.children if c.dep_ == "mark" and c.lower_ in REASON_MARKERS]
        if not marks or not _has_subject(token, inside):
            continue
        start, end = min(marks[0].i, token.left_edge.i), token.right_edge.i + 1
        doc = clause.doc
        if start == clause.start:
            main = doc[end : clause.end]
            if not _has_subject(token.head, range(main.start, main.end)):
                continue  # the parse ran the reason clause into the main clause's subject
        elif end >= clause.end - 1 and all(t.is_punct for t in doc[end : clause.end]):
            main = doc[clause.start : start]
        else:
            continue  # a reason clause in the middle: keep the sentence whole
        only_even = all(t.is_space or t.lower_ == "even" for t in doc[start : marks[0].i])
        reason = doc[marks[0].i + 1 : end] if only_even else doc[start:end]  # "even though X": X
        if has_clause_core(reason) and has_clause_core(main):
            return sorted([main, reason], key=lambda span: span.start)
    return [clause]


def split_predicates(clause: Span) -> list[Piece]:
    """One piece per finite predicate conjoined to a verb whose subject they share."""
    inside = range(clause.start, clause.end)
    doc = clause.doc
    starts = []
    subject = None
    for token in clause:
        head = token.head
        if not (token.dep_ == "conj" or _is_misparsed_conjoined_cue(token)):
            continue
        if head.i not in inside or head.pos_ not in ("VERB", "AUX"):
            continue
        if token.pos_ not in ("VERB", "AUX") or not token.tag_.startswith("VB") or _has_subject(token, inside):
            continue
        if token.tag_ == "VB" and not any(c.dep_ == "aux" for c in head.children):
            continue  # a bare infinitive is not a predicate of its own
        root = _predicate_root(head, inside)
        if token.tag_ == "VBN" and root.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in root.children):
            continue  # "keeps her windows closed and locked": participles of a small clause
        if _is_embedded(_predicate_root(head, inside), inside):
            continue  # "wonder if he will turn pro or return to USC": one claim
        head_subject = _subject_of(_predicate_root(head, inside), inside)
        if head_subject is None:
            continue
        subject = subject or _subtree_span(head_subject, inside)
        starts.append(token.left_edge.i)
    if not starts:
        return [Piece(clause)]
    pieces = []
    bounds = [clause.start, *starts, clause.end]
    for k in range(len(bounds) - 1):
        part = doc[bounds[k] : bounds[k + 1]]
        pieces.append(Piece(part, subject if k > 0 else None))
    return [p for p in pieces if any(not (t.is_punct or t.is_space or t.lower_ in CONNECTORS) for t in p.span)]


def _is_misparsed_conjoined_cue(token: Token) -> bool:
    """ "X said A and warned that B": the small parser often makes "warned" a second ccomp of "said"."""
    before = token.left_edge.i - 1
    return (
        token.dep_ == "ccomp"
        and token.lemma_ in CUE_VERBS
        and before >= 0
        and token.doc[before].lower_ in ("and", "but")
        and token.head.lemma_ in CUE_VERBS
    )


def _predicate_root(token: Token, inside: range) -> Token:
    """The first verb of a chain of conjoined predicates ("follows" in "follows, imposes, and provides")."""
    while token.dep_ == "conj" and token.head.i in inside and token.head.i != token.i:
        token = token.head
    return token


def _has_subject(token: Token, inside: range) -> bool:
    return any(c.dep_ in SUBJECT_DEPS and c.i in inside for c in token.children)


def split_clauses(tokens: Span) -> list[Span]:
    """Cut ``tokens`` (a sentence or part of one) between independent clauses."""
    doc = tokens.doc
    cuts = []
    connector_cuts = set()  # cuts at a comma (or a lost one) and a connector
    for token in tokens:
        if token.text == ";" or (token.text == ":" and _colon_joins_clauses(tokens, token)):
            cuts.append((token.i, token.i + 1))
        elif _after_not_only(tokens, token):
            continue  # "not just what I look like, but because of what I stand for": one claim
        elif token.text == "," and token.i + 1 < tokens.end and doc[token.i + 1].lower_ in CONNECTORS:
            cuts.append((token.i, token.i + 2))
            connector_cuts.add(token.i)
        elif _is_lost_comma(token) and token.i + 1 < tokens.end and _joins_clauses(doc[token.i + 1], tokens):
            cuts.append((token.i, token.i + 2))
            connector_cuts.add(token.i)
        elif token.lower_ == "but" and token.i > tokens.start and doc[token.i - 1].text not in {",", ";"}:
            cuts.append((token.i, token.i + 1))
        elif token.lower_ == "with" and token.i > tokens.start and _with_participle(tokens, token) is not None:
            cuts.append((token.i, token.i))  # '..., with Rooney saying "..."': the quote is a claim of its own
        elif token.i > tokens.start and _quoting_participle(tokens, token) is not None:
            cuts.append((token.i, token.i))  # '..., writing: "We were ..."': the quotation is a claim of its own
        elif _coordinates_clauses(token, tokens) or _and_opens_frame(token, tokens):
            cuts.append((token.i, token.i + 1))
    pieces = []
    start = tokens.start
    for k, (cut_start, cut_end) in enumerate(cuts):
        right_end = cuts[k + 1][0] if k + 1 < len(cuts) else tokens.end
        right = doc[cut_end:right_end]
        right_is_clause = has_clause_core(right) or (cut_start in connector_cuts and _surface_clause(right))
        if has_clause_core(doc[start:cut_start]) and right_is_clause:
            pieces.append(doc[start:cut_start])
            start = cut_end
    pieces.append(doc[start : tokens.end])
    return [p for p in pieces if any(not (t.is_punct or t.is_space) for t in p)]


def _surface_clause(span: Span) -> bool:
    """True when ``span`` opens with a short noun phrase directly followed by a finite verb ("things were
    starting to ..."), a clause whatever the parse says: after ", and" the parser often coordinates the noun
    with the object before ("had the players, and things were ...")."""
    words = [t for t in span if not t.is_space]
    k = 0
    while k < len(words) and k < 4 and words[k].tag_ in ("DT", "PRP$", "JJ", "CD", "NN", "NNS", "NNP", "NNPS", "PRP"):
        k += 1
    if k == 0 or k >= len(words) or not words[k - 1].tag_.startswith(("NN", "PRP")) or words[k - 1].tag_ == "PRP$":
        return False
    return words[k].tag_ in ("VBD", "VBZ", "VBP", "MD") and words[k].dep_ not in ("relcl", "amod")


def _colon_joins_clauses(tokens: Span, colon: Token) -> bool:
    """A colon between two clauses ("he gave them an out: there would be no hard feelings ..."), not one that
    opens a quotation or the words of a frame ("he said: ...", "writing: "We ...")."""
    doc = tokens.doc
    after = next((t for t in doc[colon.i + 1 : tokens.end] if not t.is_space), None)
    if after is None or is_quote_like(after):
        return False
    before = [t for t in doc[tokens.start : colon.i] if not (t.is_space or t.is_punct)]
    return bool(before) and not any(t.lemma_ in CUE_VERBS and t.pos_ == "VERB" for t in before)


def _after_not_only(tokens: Span, token: Token) -> bool:
    """ "but" (or ", but") closing a "not just / not only / not merely ... but ..." correlative."""
    doc = tokens.doc
    lost = token.text == "," or _is_lost_comma(token)
    but = doc[token.i + 1] if lost and token.i + 1 < tokens.end else token
    if but.lower_ != "but":
        return False
    words = [t.lower_ for t in doc[tokens.start : but.i]]
    return any(a == "not" and b in ("just", "only", "merely", "simply") for a, b in zip(words, words[1:], strict=False))


# Nouns a quoting participle may hang from without the clause before it being a claim of its own
SAYING_NOUNS = frozenset({"statement", "letter", "tweet", "post", "message", "note", "email", "release", "memo"})


SAYING_PARTICIPLES = frozenset({"saying", "writing", "adding", "noting", "telling", "explaining", "tweeting"})


def _is_saying_participle(token: Token) -> bool:
    """A participle of saying ("writing" is often tagged as a noun before a colon)."""
    return (token.tag_ == "VBG" and token.lemma_ in CUE_VERBS) or token.lower_ in SAYING_PARTICIPLES


def _quoting_participle(tokens: Span, token: Token) -> Token | None:
    """ "Vietor then seemed to confirm the story, writing: "We were ...": a participle of saying right before a
    colon or an opening quote, or one set off by a comma before a whole clause (:func:`_reporting_participle`),
    after a clause of its own. The sentence's subject (the speaker), or None."""
    if not _is_saying_participle(token):
        return None
    doc = tokens.doc
    after = next((t for t in doc[token.i + 1 : tokens.end] if not t.is_space), None)
    if after is None:
        return None
    if not (after.text == ":" or is_quote_like(after)) and not _reporting_participle(tokens, token):
        return None
    if token.head.lower_ in SAYING_NOUNS or not has_clause_core(doc[tokens.start : token.i]):
        return None
    for i in range(token.i - 1, max(tokens.start, token.i - 2 * MAX_SPEAKER_WORDS) - 1, -1):
        found = _with_participle(tokens, doc[i]) if doc[i].lower_ == "with" else None
        if found is not None and found[1].i == token.i:
            return None  # "with coach Mike Smith saying ...": the "with" frame
    inside = range(tokens.start, token.i)
    root = next((t for t in doc[tokens.start : token.i] if t.head.i == t.i or t.head.i not in inside), None)
    while root is not None and root.head.i != root.i and root.head.i in inside:
        root = root.head
    subject = _subject_of(root, set(inside)) if root is not None else None
    return subject


def _reporting_participle(tokens: Span, token: Token) -> bool:
    """ "White House officials had ruled out a visit, saying it was becoming a cliche", "Smith said X, adding that
    Y": a participle of saying after a comma (or a lost one) with a whole clause after it. Not after a clause
    that names a statement ("released a statement saying ...": one claim, F5)."""
    doc = tokens.doc
    before = doc[token.i - 1]
    if not (before.text == "," or (_is_lost_comma(before) and not _is_padding(before))):
        return False
    if token.lower_ not in REPORTING_PARTICIPLES:
        return False
    if any(t.lower_ in SAYING_NOUNS for t in doc[tokens.start : token.i]):
        return False
    head = token.head
    if any(t.dep_ in ("relcl", "advcl", "acl", "pcomp") for t in [head, *head.ancestors] if t.i >= tokens.start):
        return False  # "an assertion his office disputed, saying ...": the participle belongs to a relative clause
    start = _participle_content_start(token, tokens.end)
    return start < tokens.end and has_clause_core(doc[start : tokens.end])


# Participles that report what someone said ("..., saying ..."); "suggesting" and "hoping" often report none.
REPORTING_PARTICIPLES = frozenset(
    {
        "saying", "adding", "noting", "writing", "telling", "explaining", "arguing", "insisting", "claiming",
        "warning", "stressing", "acknowledging", "admitting", "declaring", "asserting", "contending",
        "complaining", "tweeting", "stating", "emphasizing", "emphasising",
    }
)  # fmt: skip


def _participle_content_start(token: Token, end: int) -> int:
    """Where the words of a participle of saying start: past spaces, a colon, an addressee ("telling reporters")
    or a short adjunct ("saying by a 46 to 25 margin that ...") before "that", and "that"."""
    doc = token.doc
    i = token.i + 1
    words = [t for t in doc[i:end] if not t.is_space][: MAX_FRAME_TAIL + 1]
    that = next((t for t in words if t.lower_ == "that" and t.dep_ == "mark"), None)
    if that is not None and not any(t.tag_ in FINITE_VERB_TAGS for t in doc[i : that.i]):
        i = that.i
    addressee = next((c for c in token.children if c.dep_ in ("dobj", "dative") and c.i > token.i), None)
    if addressee is not None and addressee.tag_ in ("NNS", "NN", "NNP", "PRP") and token.lemma_ == "tell":
        i = max(i, addressee.right_edge.i + 1)
    while i < end and (doc[i].is_space or doc[i].text == ":" or (doc[i].lower_ == "that" and doc[i].dep_ == "mark")):
        i += 1
    return i


def _with_participle(tokens: Span, with_token: Token) -> tuple[Span, Token] | None:
    """The speaker and the verb of "with <speaker> saying/adding/noting ..." starting at ``with_token``."""
    doc = tokens.doc
    i, words = with_token.i + 1, 0
    while i < tokens.end and (doc[i].tag_ in SPEAKER_TAGS or doc[i].is_space or doc[i].lower_ in SPEAKER_PREPOSITIONS):
        words += not doc[i].is_space
        i += 1
    if not 0 < words <= MAX_SPEAKER_WORDS or i >= tokens.end - 1:
        return None
    verb = doc[i]
    if verb.tag_ != "VBG" or verb.lemma_ not in CUE_VERBS:
        return None
    speaker = doc[with_token.i + 1 : i]
    while len(speaker) > 1 and speaker[-1].is_space:
        speaker = speaker[:-1]
    return speaker, verb


def _coordinates_clauses(token: Token, tokens: Span) -> bool:
    """ "and"/"yet" with no comma, joining two main clauses that each have a subject ("Mary was a teenager and
    Joseph was a carpenter"), but not inside a relative, adverbial or complement clause."""
    if token.lower_ not in ("and", "yet") or token.dep_ != "cc" or token.i == tokens.start:
        return False
    if doc_text_before(token) in {",", ";"}:
        return False
    head = token.head
    inside = range(tokens.start, tokens.end)
    if head.pos_ not in ("VERB", "AUX") or head.i not in inside or _is_embedded(head, inside):
        return False
    conj = next((c for c in head.children if c.dep_ == "conj" and c.i > token.i and c.pos_ in ("VERB", "AUX")), None)
    if conj is None:
        return False
    subject = next((c for c in conj.children if c.dep_ in SUBJECT_DEPS and token.i < c.i < conj.i), None)
    if subject is None or subject.left_edge.i != token.i + 1:
        return False
    # "pitchers who do not win games and their teams lose": after a relative clause the parse is unreliable
    last = token.doc[token.i - 1]
    return not any(a.dep_ in ("relcl", "acl", "advcl") and a.i in inside for a in [last, *last.ancestors])


def _and_opens_frame(token: Token, tokens: Span) -> bool:
    """ "and" with no comma before a speaker, a verb of saying and a whole clause ("Moscow has denied any
    interference and  Trump  has said there was no collusion"): the parser often hangs the speaker on the noun
    before "and", so the two clauses are found on the surface."""
    if token.lower_ != "and" or token.i == tokens.start or doc_text_before(token) in {",", ";"}:
        return False
    doc = tokens.doc
    words = [t for t in doc[token.i + 1 : tokens.end] if not t.is_space][: MAX_SPEAKER_WORDS + 3]
    verb_at = next((k for k, t in enumerate(words) if t.tag_ in ("VBD", "VBZ", "VBP", "MD")), None)
    if verb_at is None or verb_at == 0:
        return False
    speaker, verb = words[:verb_at], words[verb_at]
    while verb.lower_ in FRAME_AUXILIARIES or verb.tag_ == "RB":  # "has (repeatedly) said"
        verb_at += 1
        if verb_at >= len(words):
            return False
        verb = words[verb_at]
    if verb.lemma_ not in SURFACE_CUES or not verb.tag_.startswith("VB") or len(speaker) > MAX_SPEAKER_WORDS:
        return False
    if not all(_is_speaker_word(t) for t in speaker):
        return False
    if not any(t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$" for t in speaker):
        return False
    before = _previous_word(token)
    if speaker[0].tag_ == "JJ" and before != token.i and doc[before].tag_ == "JJ":
        return False  # "the racial and ethnic transformation  Frey said ...": adjectives coordinated in a noun phrase
    return has_clause_core(doc[verb.i + 1 : tokens.end])


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


def _joins_clauses(token: Token, tokens: Span) -> bool:
    """A connector after a lost comma ("Smith  and it titled ..."); after a name padded with spaces on both
    sides ("  he  and  his partner are") only when it coordinates verbs."""
    if token.lower_ not in CONNECTORS:
        return False
    word = token.doc[token.i - 2] if token.i - 2 >= tokens.start else None
    padded = word is not None and word.i > tokens.start and token.doc[word.i - 1].is_space
    return not padded or token.head.pos_ in ("VERB", "AUX")


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


def find_attribution(
    clause: Span, shared_subject: Span | None = None, quotes: Sequence[tuple[int, int]] = ()
) -> ClauseParts:
    """Separate the attribution frame (if any) from the content of ``clause``.

    ``shared_subject`` is the subject of an earlier predicate this clause shares ("Peskov said X and warned
    that Y": "Peskov" for "warned that Y"). ``quotes`` are the Doc's quoted token ranges
    (:func:`claimscope.quotes.quote_regions`): when the parse gives no frame, a cue verb with its subject next
    to a quote ('"We got stuck," Clapton says') makes the quote the content.
    """
    inside = set(range(clause.start, clause.end))
    if shared_subject is None:
        shared_subject = _conjoined_subject(clause, inside)
    finders = (
        _with_frame,
        _quoting_frame,
        _according_to,
        _in_view_of,
        _as_frame,
        _reporting_verb,
        _participle_frame,
        _quote_frame,
        _initial_surface_frame,
    )
    for finder in finders:
        if finder is _quote_frame:
            found = _quote_frame(clause, inside, quotes)
        else:
            found = finder(clause, inside)
        if found is None and finder is _reporting_verb and shared_subject is not None:
            found = _reporting_verb(clause, inside, shared_subject)
        if found is None and finder is _initial_surface_frame and shared_subject is not None:
            found = _initial_surface_frame(clause, inside, shared_subject)
        if found is not None:
            frame, claimer, cue = found
            frame = _with_adjacent_commas(clause, frame)
            content = [t for t in clause if t.i not in frame]
            if trim_content(content):
                return ClauseParts(
                    content=trim_content(content),
                    frame=[clause.doc[i] for i in sorted(frame)],
                    claimer=claimer,
                    cue=cue,
                )
    return ClauseParts(content=trim_content(list(clause)))


def _conjoined_subject(clause: Span, inside: set[int]) -> Span | None:
    """ "Prosecutors said X, and warned that Y": for a clause cut off at "and"/"but" whose verb of saying is
    conjoined to an earlier verb and has no subject of its own, the earlier verb's subject."""
    for verb in _heads(clause, inside):
        if verb.dep_ != "conj" or verb.lemma_ not in CUE_VERBS or _has_subject(verb, range(clause.start, clause.end)):
            continue
        head = verb.head
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < head.i), None)
        if subject is not None and head.i < clause.start:
            return _subtree_span(subject, range(subject.left_edge.i, subject.right_edge.i + 1))
    return None


# -- frame finders: each returns (frame token indices, claimer span, cue) or None ------------------------------
Found = tuple[set[int], Span | None, str | None]


def _with_frame(clause: Span, inside: set[int]) -> Found | None:
    """ "with team President Art Rooney saying ..." at the start of the clause."""
    first = next((t for t in clause if not (t.is_space or t.is_punct)), None)
    if first is None or first.lower_ != "with":
        return None
    found = _with_participle(clause, first)
    if found is None:
        return None
    speaker, verb = found
    frame = set(range(first.i, verb.i + 1))
    return frame, speaker, verb.text


def _quoting_frame(clause: Span, inside: set[int]) -> Found | None:
    """'writing: "We were ..."' at the start of a clause cut off an earlier one (:func:`_quoting_participle`):
    the speaker is the subject of the clause before."""
    first = next((t for t in clause if not (t.is_space or t.is_punct)), None)
    if first is None or not _is_saying_participle(first) or first.i == clause.sent.start:
        return None
    sent = clause.sent
    speaker = _quoting_participle(sent.doc[sent.start : clause.end], first)
    if speaker is None:
        return None
    i = _participle_content_start(first, clause.end)
    return set(range(clause.start, i)), _subtree_span(speaker, range(sent.start, first.i)), first.text


def _according_to(clause: Span, inside: set[int]) -> Found | None:
    for token in clause:
        if token.lower_ == "according" and token.i + 1 in inside and clause.doc[token.i + 1].lower_ == "to":
            to = clause.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj" and c.i in inside]
            if not objects:
                return None
            claimer = _subtree_span(objects[0], inside)
            frame = set(range(token.i, claimer.end))
            return frame, claimer, "according to"
    return None


def _in_view_of(clause: Span, inside: set[int]) -> Found | None:
    for token in clause:
        if token.lower_ not in VIEW_NOUNS or token.head.lower_ != "in" or token.head.i not in inside:
            continue
        speaker = next((c for c in token.children if c.dep_ == "poss"), None)
        if speaker is None:
            of = next((c for c in token.children if c.lower_ == "of"), None)
            speaker = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if speaker is None:
            return None
        head = token.head
        frame = {i for i in range(head.left_edge.i, head.right_edge.i + 1) if i in inside}
        return frame, _subtree_span(speaker, inside), f"in {token.lower_} of"
    return None


def _as_frame(clause: Span, inside: set[int]) -> Found | None:
    for token in clause:
        if token.lower_ != "as" or token.dep_ != "mark":
            continue
        verb = token.head
        if verb.i not in inside or verb.lemma_ not in CUE_VERBS:
            continue
        subject = _subject_of(verb, inside)
        if subject is None:
            continue
        frame = {i for i in range(verb.left_edge.i, verb.right_edge.i + 1) if i in inside}
        frame -= _swallowed_main_clause(clause, verb, frame)
        return frame, _subtree_span(subject, inside), _cue(verb, inside)
    return None


def _swallowed_main_clause(clause: Span, verb: Token, frame: set[int]) -> set[int]:
    """ "One night  as Lewis later told West Point investigators  she came back to her room": the parser made the
    main clause the complement of the "as" frame's verb. When the words outside the frame hold no clause, a
    complement with its own subject after the verb (no "that") is the content; else nothing."""
    rest = [t for t in clause if t.i not in frame and not (t.is_space or t.is_punct)]
    if any(t.tag_ in FINITE_VERB_TAGS or t.pos_ in ("VERB", "AUX") for t in rest):
        return set()
    complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if complement is None or any(c.lower_ == "that" and c.dep_ == "mark" for c in complement.children):
        return set()
    content = clause.doc[complement.left_edge.i : complement.right_edge.i + 1]
    if not has_clause_core(content):
        return set()
    return {t.i for t in content}


def _reporting_verb(clause: Span, inside: set[int], shared_subject: Span | None = None) -> Found | None:
    for verb in _heads(clause, inside):
        if _after_possessive(verb):
            continue
        subject = _subject_of(verb, inside)
        name = _name_taken_for_modal(verb, inside)
        if subject is None and shared_subject is None and name is None:
            continue
        claimer = _subtree_span(subject, inside) if subject is not None else shared_subject
        if name is not None and (claimer is None or subject is None or claimer.end <= name.start):
            # "May said ...", "Prime Minister Theresa May said ...": the name the tagger read as a modal
            claimer = name if subject is None or claimer.end < name.start else verb.doc[claimer.start : name.end]
        if subject is not None and subject.lower_ == "it" and subject.dep_ == "nsubjpass":
            claimer = _passive_agent(verb, inside)  # "It was reported by the BBC that ..."
            if claimer is None:
                continue  # "It's been said that he ...": no speaker to name, one author claim
        clear = _made_clear(verb, inside)
        if clear is not None:  # "Musk made it clear that he wants ..."
            content = {i for i in range(clear.left_edge.i, clear.right_edge.i + 1) if i in inside}
            return set(inside) - content, claimer, _cue(verb, inside) + " clear"
        if verb.lemma_ not in CUE_VERBS:
            continue
        complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside), None)
        if complement is None:
            start = (
                _misparsed_object(verb, inside)
                or _misparsed_told_clause(verb, inside)
                or _that_after_adjunct(verb, inside)
            )
            if start is not None:  # "Robinson said Jeremiah, who ..., loved basketball" parsed as said + object
                return {i for i in inside if i < start}, claimer, _cue(verb, inside)
            continue
        if not _attributes(verb, complement) or _runs_into_speaker(complement, verb, subject):
            continue
        content = {i for i in range(complement.left_edge.i, complement.right_edge.i + 1) if i in inside}
        content |= _cut_by_mojibake(clause.doc, max(content), inside)
        first = clause.doc[min(content)]
        if first.lower_ == "that" and _next_word(first).dep_ in SUBJECT_DEPS:
            content.discard(first.i)  # "that" misparsed as a pronoun: "told The Post that he served ..."
        return set(inside) - content, claimer, _cue(verb, inside)
    if shared_subject is not None:
        return None
    for token in clause:  # "Russia, Peskov said, will respond." / "..., Peskov said."
        if token.dep_ == "parataxis" and token.lemma_ in CUE_VERBS and token.head.i in inside:
            subject = _subject_of(token, inside)
            if subject is not None:
                frame = {i for i in range(token.left_edge.i, token.right_edge.i + 1) if i in inside}
                return frame, _subtree_span(subject, inside), _cue(token, inside)
    return None


def _name_taken_for_modal(verb: Token, inside: set[int]) -> Span | None:
    """ "May said  Green 's behavior fell short ...", "May reportedly told  Trump  ...": a capitalised "May" that
    the tagger took for the modal of a past or present-tense verb (which no modal can govern), or that is tagged
    as a person, is the speaker's name; the span runs back over the proper nouns before it ("Theresa May")."""
    doc = verb.doc
    may = next((c for c in verb.children if c.dep_ == "aux" and c.text == "May" and c.i < verb.i), None)
    if may is None or may.i not in inside:
        return None
    if verb.tag_ not in ("VBD", "VBZ") and may.ent_type_ not in ("PERSON", "OFFICIAL"):
        return None
    if any(not (t.is_space or t.tag_ == "RB") for t in doc[may.i + 1 : verb.i]):
        return None
    start = may.i
    while start - 1 in inside and doc[start - 1].tag_ in ("NNP", "NNPS") and not doc[start - 1].is_space:
        start -= 1
    return doc[start : may.i + 1]


def _passive_agent(verb: Token, inside: set[int]) -> Span | None:
    """The "by" phrase's noun of a passive verb ("reported by the BBC"), or None."""
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i in inside), None)
    noun = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return _subtree_span(noun, inside) if noun is not None else None


def _runs_into_speaker(complement: Token, verb: Token, subject: Token | None) -> bool:
    """True for a complement before the verb that runs straight into the speaker, with no comma, quote, dash or
    lost comma between them: "In a statement his office released late Saturday  Rubio said the staffer ..." is
    a misparse, not a fronted quotation ("Russia will respond, Peskov said")."""
    if complement.i > verb.i:
        return False
    doc = verb.doc
    speaker_start = subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i
    words = [i for i in range(complement.left_edge.i, complement.right_edge.i + 1) if not _is_edge(doc[i])]
    if not words or words[-1] >= speaker_start:
        return False
    return not any(is_boundary(t) or t.is_punct for t in doc[words[-1] + 1 : speaker_start])


def _cut_by_mojibake(doc, last: int, inside: set[int]) -> set[int]:
    """The rest of a phrase the parse cut off at a word with a mojibake apostrophe ("it was the offensive
    lineâ€™s best performance": the tagger takes "lineâ€™s" for a number and hangs it elsewhere), up to the next
    boundary; empty when the complement ends at a boundary or an ordinary word."""
    i = last + 1
    if i not in inside or "\u00e2\u0080" not in doc[i].text or is_quote_like(doc[i]):
        return set()
    found = set()
    while i in inside and not (doc[i].is_space or doc[i].is_punct or is_quote_like(doc[i])):
        found.add(i)
        i += 1
    return found


def _made_clear(verb: Token, inside: set[int]) -> Token | None:
    """The "that" clause of "made (it) clear that ...", a frame of saying; None for any other verb."""
    if verb.lemma_ != "make" or any(c.dep_ == "neg" for c in verb.children):
        return None
    clear = next((c for c in verb.children if c.lower_ == "clear" and c.i in inside), None)
    if clear is None:
        return None
    for head in (clear, verb):
        for c in head.children:
            if c.dep_ in ("ccomp", "advcl") and c.i in inside and c.i > clear.i:
                if any(m.lower_ == "that" for m in c.children):
                    return c
    return None


TIME_WORDS = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
        "tonight", "morning", "afternoon", "evening", "night", "week", "month", "year", "weekend", "earlier",
        "later", "recently", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec.",
    }
)  # fmt: skip


# Nouns that "say" really takes as its object ("said nothing", "said a prayer"); any other object of "say" with
# words after it is a misparsed complement clause whose subject was taken for the object.
SAY_OBJECTS = frozenset(
    {
        "something", "nothing", "anything", "everything", "thing", "word", "prayer", "goodbye", "hello",
        "thanks", "yes", "no", "lot", "much", "little", "more", "less", "name", "grace", "mass", "line",
    }
)  # fmt: skip


def _misparsed_object(verb: Token, inside: set[int]) -> int | None:
    """ "He says fossil fuels ... foster development": "say" with a noun object and no complement clause. The
    start of the real complement (the object's first token), or None."""
    if verb.lemma_ != "say" or verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "neg" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i in inside and c.i > verb.i), None)
    if obj is None or obj.tag_ in ("PRP", "DT", "WP", "WDT", "EX") or obj.lemma_.lower() in SAY_OBJECTS:
        return None
    if obj.lower_ in TIME_WORDS or _next_word(verb).is_punct:
        return None  # "said Monday"; "said, ..." (a comma after the verb)
    start = obj.left_edge.i
    words = [t for t in verb.doc[start : max(inside) + 1] if not (t.is_space or t.is_punct)]
    if len(words) < 4:
        return None
    # a verb after the object, or a verb conjoined to "say" that does not agree with its subject ("He says
    # fossil fuels ... and are an important asset": the tagger took "foster" for an adjective)
    verbs = [t for t in words[1:] if t.pos_ in ("VERB", "AUX") or t.tag_ in FINITE_VERB_TAGS]
    disagrees = verb.tag_ == "VBZ" and any(c.dep_ == "conj" and c.tag_ == "VBP" for c in verb.children)
    return start if verbs or disagrees else None


def _misparsed_told_clause(verb: Token, inside: set[int]) -> int | None:
    """ "Lucia Evans told the magazine she was forced to ...": "tell" whose addressee the parser gave the
    complement as a relative clause (no relative pronoun, a subject of its own right after the addressee). The
    start of the complement, or None."""
    if verb.lemma_ != "tell" or verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "neg" for c in verb.children):
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i in inside and c.i > verb.i), None)
    clause = next((c for c in obj.children if c.dep_ == "relcl" and c.i > obj.i), None) if obj is not None else None
    if clause is None or any(c.tag_ in RELATIVE_TAGS or c.lower_ == "that" for c in clause.children):
        return None
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < clause.i), None)
    if subject is None or any(not t.is_space for t in verb.doc[obj.i + 1 : subject.left_edge.i]):
        return None
    return subject.left_edge.i


def _that_after_adjunct(verb: Token, inside: set[int]) -> int | None:
    """ "Trump  in January said for the first time that  he  might seek ...", "told Middle East leaders Tuesday
    that  he  plans ...": after a short adjunct (or the addressee of "tell") the parser took "that" for a relative
    pronoun and the complement for a relative clause. The start of the complement (past "that"), or None."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "neg" for c in verb.children):
        return None
    doc = verb.doc
    words = [t for t in doc[verb.i + 1 : max(inside) + 1] if not t.is_space][: MAX_FRAME_TAIL + 1]
    that = next((t for t in words if t.lower_ == "that"), None)
    if that is None or that.i == words[0].i:
        return None  # "said that ..." right after the verb is the parse's business
    between = [t for t in words if t.i < that.i]
    if any(t.is_punct or t.tag_.startswith(("VB", "MD")) or t.tag_ in RELATIVE_TAGS for t in between):
        return None
    if verb.lemma_ != "tell" and any(t.dep_ == "dobj" and t.head.i == verb.i for t in between):
        return None  # "said the thing that he wanted": a real relative clause of the object
    subject = _next_word(that)
    if subject.dep_ not in ("nsubj", "nsubjpass") or subject.tag_ == "WDT":
        return None
    clause = subject.head
    if clause.dep_ not in ("relcl", "ccomp", "acl") or not has_clause_core(doc[that.i + 1 : max(inside) + 1]):
        return None
    return that.i + 1


def _next_word(token: Token) -> Token:
    """The next token that is not space (``token`` itself at the end of the Doc)."""
    i = token.i + 1
    while i < len(token.doc) and token.doc[i].is_space:
        i += 1
    return token.doc[i] if i < len(token.doc) else token


def _is_cue(verb: Token, cues: frozenset[str]) -> bool:
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


def _after_possessive(verb: Token) -> bool:
    """ "Douthat's suggested regime": a participle after a possessive modifies a noun; it is no frame."""
    return verb.i > 0 and verb.doc[verb.i - 1].tag_ in ("POS", "PRP$")


def _words_between(doc, start: int, end: int) -> int:
    """Words (not spaces or punctuation) in ``doc[start:end]``; a large number when the range is reversed."""
    if end < start:
        return 10**6
    return sum(1 for t in doc[start:end] if not (t.is_space or t.is_punct))


def _participle_frame(clause: Span, inside: set[int]) -> Found | None:
    """ "UPMC released a statement saying that X", "Peskov spoke to reporters, saying X"."""
    for verb in clause:
        if verb.tag_ != "VBG" or verb.lemma_ not in CUE_VERBS or verb.dep_ not in ("acl", "advcl", "xcomp"):
            continue
        complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside), None)
        if complement is None or not _attributes(verb, complement):
            continue
        governor = verb.head
        if verb.dep_ == "acl" and governor.dep_ in ("dobj", "pobj") and governor.head.i in inside:
            governor = governor.head if governor.dep_ == "dobj" else governor.head.head
        subject = _subject_of(governor, inside) if governor.i in inside else None
        if subject is None:
            continue
        content = {i for i in range(complement.left_edge.i, complement.right_edge.i + 1) if i in inside}
        return inside - content, _subtree_span(subject, inside), _cue(verb, inside)
    return None


def _quote_frame(clause: Span, inside: set[int], quotes: Sequence[tuple[int, int]]) -> Found | None:
    regions = [(max(a, clause.start), min(b, clause.end)) for a, b in quotes if a < clause.end and b > clause.start]
    if not regions:
        return None
    quoted = {i for a, b in regions for i in range(a, b)}
    for verb in clause:
        if not _is_cue(verb, CUE_VERBS) or verb.i in quoted or verb.tag_ not in FINITE_VERB_TAGS:
            continue
        if any(c.dep_ == "mark" for c in verb.children) or verb.dep_ == "relcl":
            continue  # '... "has defined our lives" and that her daughter still fears ...': a clause, no frame
        subject = _subject_of(verb, inside)
        if subject is None or subject.i in quoted:
            continue
        frame_start, frame_end = min(subject.i, verb.i), max(subject.i, verb.i) + 1
        start, end = min(regions, key=lambda r: min(abs(r[0] - frame_end), abs(r[1] - frame_start)))
        if _words_between(clause.doc, end, frame_start) > MAX_QUOTE_GAP and (
            _words_between(clause.doc, frame_end, start - 1) > MAX_QUOTE_GAP
        ):
            continue  # the quote is not next to the frame: '"Revolvers", under the regime he suggested
        content = set(range(start, end))
        claimer = _subtree_span(subject, inside - quoted)
        return inside - content, claimer, _cue(verb, inside)
    return None


def _initial_surface_frame(clause: Span, inside: set[int], shared_subject: Span | None = None) -> Found | None:
    """ "Trump  announced in December 2016  he  would close the foundation", "She told me that ...": a speaker
    and a verb of saying opening the clause, then at most a short tail ("me", "in a statement") up to "that" or
    a boundary, then a whole clause; found on the surface when the parse has no complement for the verb."""
    doc = clause.doc
    words = [t for t in clause if not t.is_space]
    verb_at = next((k for k, t in enumerate(words[: MAX_SPEAKER_WORDS + 1]) if t.lemma_ in SURFACE_CUES), None)
    if verb_at is None or words[verb_at].tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return None
    if verb_at == 0 and shared_subject is None:
        return None  # "... and warned that ...": only with the subject it shares with an earlier predicate
    verb, speaker_words = words[verb_at], words[:verb_at]
    if any(not _is_speaker_word(t) for t in speaker_words):
        return None
    if verb_at > 0 and not any(t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$" for t in speaker_words):
        return None
    start = None
    for k, token in enumerate(words[verb_at + 1 : verb_at + 2 + MAX_FRAME_TAIL], start=verb_at + 1):
        if token.lower_ == "that":
            start = token.i + 1
            break
        if token.tag_.startswith(("VB", "MD")) or token.is_punct and token.text not in BOUNDARY_PUNCT:
            break
        if k > verb_at + 1 and (
            token.text in BOUNDARY_PUNCT or doc[token.i - 1].is_space and _is_lost_comma(doc[token.i - 1])
        ):
            start = token.i + (token.text in BOUNDARY_PUNCT)
            break
    if start is None or not has_clause_core(doc[start : clause.end]):
        return None
    first = next((t for t in doc[start : clause.end] if not t.is_space), None)
    if first is None or (doc[start - 1].lower_ != "that" and first.lower_ in NON_CONTENT_OPENERS):
        return None  # "..., which will cost ...": a relative or adverbial clause, no content
    tail = doc[verb.i + 1 : start]
    if verb.lemma_ != "tell" and any(t.dep_ == "dobj" and t.head.i == verb.i and t.tag_ != "PRP" for t in tail):
        return None  # "The company reported strong profits  analysts cheered": an object, no frame
    speaker = doc[speaker_words[0].i : speaker_words[-1].i + 1] if speaker_words else shared_subject
    return set(range(clause.start, start)), speaker, verb.text


def attribution_line(sent: Span) -> tuple[Span, str] | None:
    """The speaker and cue of a sentence that is a frame and nothing else ("AL.com reported.", "Maliki said in
    a televised speech.", "said John Smith."), left on its own when a quotation before it ended with a period."""
    words = [t for t in sent if not (t.is_space or t.is_punct or is_quote_like(t))]
    verb_at = next((k for k, t in enumerate(words) if t.lemma_ in LINE_CUES), None)
    if verb_at is None or words[verb_at].tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return None
    verb = words[verb_at]
    if any(c.dep_ in ("ccomp", "neg", "dobj", "xcomp") for c in verb.children):
        return None
    before, after = words[:verb_at], words[verb_at + 1 :]
    if before:
        speaker_words, tail = before, after
    else:  # '"...." said John Smith.'
        speaker_words, tail = after, []
    if not 0 < len(speaker_words) <= MAX_SPEAKER_WORDS or len(tail) > MAX_FRAME_TAIL:
        return None
    if not all(_is_speaker_word(t) for t in speaker_words):
        return None
    if not any((t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$") or _is_name(t) for t in speaker_words):
        return None
    if any(t.tag_.startswith(("VB", "MD")) and t.dep_ not in ("amod", "compound") for t in tail):
        return None
    speaker = sent.doc[speaker_words[0].i : speaker_words[-1].i + 1]
    if any(is_quote_like(t) for t in speaker):
        return None  # '"I'm sorry," he wailed.': a quotation and its own frame, not a line for the one before
    return speaker, verb.text


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
            if any(t.lower_ in TIME_WORDS for t in doc[speaker.start : token.i]):
                speaker = doc[token.i + 1 : speaker.end]
            break
    while len(speaker) > 1 and _is_edge(speaker[-1]):
        speaker = speaker[:-1]
    while len(speaker) > 1 and _is_edge(speaker[0]):
        speaker = speaker[1:]
    return speaker


SETTING_OFF_PUNCT = frozenset({",", "—", "–", "--", "("})


# -- helpers --------------------------------------------------------------------------------------------------
WH_WORDS = frozenset({"what", "how", "why", "whether", "if", "who", "whom", "where", "when", "which"})


def _attributes(verb: Token, complement: Token) -> bool:
    """False for frames that attribute nothing: negated ("did not say that"), embedded questions ("knew what
    he wanted"), and "put" without "it"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    if complement.left_edge.lower_ in WH_WORDS and not _opens_conditional(complement):
        return False
    return verb.lemma_ != "put" or any(c.lower_ == "it" for c in verb.children)


def _opens_conditional(complement: Token) -> bool:
    """True when the complement opens with the "if" of a conditional clause inside it ("says if no apology is
    made, he is ready to ..."), not with the "if" of an embedded question ("asked if she would ...")."""
    first = complement.left_edge
    return first.lower_ == "if" and first.dep_ == "mark" and first.head.dep_ == "advcl" and first.head != complement


def _heads(clause: Span, inside: set[int]) -> list[Token]:
    """The clause's top tokens (their head lies outside the clause, or they are the root)."""
    return [t for t in clause if t.head.i not in inside or t.head.i == t.i]


def _subject_of(verb: Token, inside: set[int]) -> Token | None:
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


def _cue(verb: Token, inside: set[int]) -> str:
    parts = [c for c in verb.children if c.dep_ in ("aux", "neg") and c.i in inside and c.i < verb.i]
    parts = [c for c in parts if c.text != "May"]  # the name taken for a modal ("May said")
    parts.append(verb)
    parts += [c for c in verb.children if c.dep_ == "prt" and c.i in inside]
    if verb.lemma_ == "put":
        parts += [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"]
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


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
    """Drop punctuation, spaces and connectors from both ends of the content."""
    start, end = 0, len(tokens)
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


# -- frames found on the surface of the sentence --------------------------------------------------------------
# Scraped news often loses its commas ("... North Korea  police said."): the parser then attaches the speaker to
# the content. A speaker noun phrase and a verb of saying standing between boundaries (a comma, a quote, a
# dash, or the double space left where a comma was) are read as a frame whatever the parse says.
SURFACE_CUES = (
    CUE_VERBS
    - {"put", "hold", "consider", "feel", "know", "expect", "hope", "fear", "accuse", "propose", "assess", "agree",
       "deny", "doubt", "point", "assume", "realize", "realise", "recognize", "recognise", "comment", "indicate"}
) | {"find"}  # fmt: skip
# The verbs of a frame standing alone after a quotation ("AL.com reported.", "he wailed.").
LINE_CUES = SURFACE_CUES | QUOTE_ONLY_CUES
SPEAKER_TAGS = frozenset({"DT", "PRP$", "PRP", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "HYPH"})
SPEAKER_PREPOSITIONS = frozenset({"of", "for", "at"})
FRAME_AUXILIARIES = frozenset({"has", "have", "had"})
NEGATIONS = frozenset({"not", "n't", "never", "n’t"})
BOUNDARY_PUNCT = frozenset({",", ";", ":", "—", "–", "-", "--", "(", ")"})
MAX_SPEAKER_WORDS = 7
MAX_FRAME_TAIL = 6  # words after the verb of a final frame: 'Burger King said in a statement.'


@dataclass
class SentenceFrame:
    """A frame found on the surface of a sentence: its tokens, the speaker and the cue."""

    frame: set[int]
    claimer: Span
    cue: str
    extra: tuple[int, int] | None = None  # '..., adding that X': X is a claim of its own by the same speaker
    extra_cue: str | None = None


def is_boundary(token: Token) -> bool:
    """A comma, dash, bracket, quote mark, or a run of extra spaces (where scraped text lost a comma)."""
    if token.text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_:
        return False  # the hyphen of "40-year-old"
    return token.is_space or token.text in BOUNDARY_PUNCT or is_quote_like(token)


def find_sentence_frame(sent: Span, quotes: Sequence[tuple[int, int]] = ()) -> SentenceFrame | None:
    """A frame after the start of the sentence's content, found on the surface rather than in the parse:
    "..., X said." (with a short tail: "in a statement"), '"...," X added', and a frame inside the sentence
    ("A number of signs, he said, were posted", "In the years since, Finkleman says, Egyptians have begun",
    "Before filming began, she told The Times Weinstein invited her") whose content runs across it (F4).
    A frame at the very start of the sentence is left to the parse (:func:`find_attribution`)."""
    doc = sent.doc
    according = _sentence_according_to(sent)
    if according is not None:
        return according
    quoted = {i for a, b in quotes for i in range(a, b)}
    for verb in reversed(sent):
        if not _is_cue(verb, SURFACE_CUES) or not _frame_verb_form(verb):
            continue
        ends_sentence = all(t.is_space or t.is_punct or is_quote_like(t) for t in doc[verb.i + 1 : sent.end])
        if verb.i in quoted and not ends_sentence:
            continue  # a verb of saying inside a quotation; but '"..., Simon says. "I ...' lost its closing mark
        found = _surface_speaker(sent, verb)
        if found is None:
            inverted = _inverted_frame(sent, verb)
            if inverted is not None:
                return inverted
            continue
        speaker, frame_start = found
        if _after_cue_verb(doc[frame_start]):
            continue  # "The pastor  said  he  thought ...": a frame inside an earlier frame's complement (F2)
        participle = _participle_after(sent, verb)
        end = participle[0].i if participle is not None else sent.end
        left = [t for t in doc[sent.start : frame_start] if not (t.is_space or t.is_punct or is_quote_like(t))]
        if not left:
            continue
        before = next((t for t in reversed(doc[sent.start : frame_start]) if not t.is_space), None)
        if before is not None and before.text == ";":
            continue  # '...; some views suggest it is ...': a frame opening its own clause, left to the parse
        tail = [t for t in doc[verb.i + 1 : end] if not (t.is_space or t.is_punct or is_quote_like(t))]
        after_quote = before is not None and is_quote_like(before)
        # the frame's own adjuncts: "said in a statement", "told The Associated Press in an interview on Monday"
        limit = MAX_FRAME_TAIL if verb.i + 1 < end and is_boundary(doc[verb.i + 1]) else 2 * MAX_FRAME_TAIL
        short_tail = len(tail) <= limit and not any(t.tag_.startswith(("VB", "MD")) for t in tail)
        if after_quote or short_tail:
            # after a closing quote the quotation is the content, however its words were tagged ("Itâ€™s")
            if not any(t.tag_ in FINITE_VERB_TAGS for t in left) and not (after_quote and len(left) > 1):
                continue
            frame = set(range(frame_start, sent.end))
            if after_quote:  # '... despite the weather, "we got stuck," Clapton says': only the quote
                frame |= _outside_quote(sent, before, quotes)
        else:
            right = doc[verb.i + 1 : sent.end]
            words = [t for t in right if not t.is_space]
            if not words:
                continue
            if is_quote_like(words[0]) or words[0].text == ":":
                # 'When asked, Streep said "I ...': a direct quotation after the frame is the content alone
                frame = set(range(sent.start, words[0].i + 1))
            else:
                opens_clause = is_boundary(right[0]) or right[0].lower_ == "that"
                opens_clause = opens_clause or any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
                if not opens_clause or not any(t.tag_ in FINITE_VERB_TAGS for t in [*left, *tail]):
                    continue
                frame = set(range(frame_start, verb.i + 1))
                if _is_speaker_apposition(left, doc[verb.i + 1 : sent.end]):
                    # "Ocon, a 40-year-old native of Mexico, told The Post that ...": one speaker, no content before
                    speaker = doc[left[0].i : speaker.end]
                    frame = set(range(sent.start, _complement_start(sent, verb)))
                elif _no_clause_before(left) and _that_follows(sent, verb):
                    # "However, Easterbrook says that ...", "Now 61, McNair told the AP that ...": the "that"
                    # clause is the whole content; the words before the speaker are no clause of their own
                    frame = set(range(sent.start, _complement_start(sent, verb)))
                elif _no_clause_before(left) and _clause_follows(sent, verb):
                    # "In a statement, the ministry said the talks had failed", "Asked about it, Smith said it
                    # was dead", "In a statement his office released Saturday  Rubio said ...": the adjunct
                    # belongs to the frame (not "In the years since, Finkleman says, ...")
                    frame = set(range(sent.start, _complement_start(sent, verb)))
        cue = " ".join(t.text for t in doc[speaker.end : verb.i + 1] if t.i == verb.i or t.lower_ in FRAME_AUXILIARIES)
        found_frame = SentenceFrame(frame=_with_adjacent_commas(sent, frame), claimer=speaker, cue=cue)
        if participle is not None:
            found_frame.frame |= set(range(participle[0].i, sent.end))
            found_frame.extra, found_frame.extra_cue = participle[1], participle[0].text
        return found_frame
    return None


def _no_clause_before(left: list[Token]) -> bool:
    """True when the words before a frame's speaker are no clause of the content: they have no finite verb, or
    they open with a preposition whose noun the verb only modifies ("In a statement his office released ...",
    unlike "Before filming began, ...")."""
    if not any(t.tag_ in FINITE_VERB_TAGS for t in left):
        return True
    return left[0].tag_ == "IN" and left[0].dep_ == "prep" and left[0].lower_ not in CLAUSE_OPENERS


def _after_cue_verb(token: Token) -> bool:
    """True when the word before ``token`` (past spaces and "that") is a verb of saying ("said  he  thought")."""
    i = token.i - 1
    while i >= token.sent.start and (token.doc[i].is_space or token.doc[i].lower_ == "that"):
        i -= 1
    before = token.doc[i] if i >= token.sent.start else None
    return before is not None and before.lemma_ in CUE_VERBS and before.tag_.startswith("VB")


def _clause_follows(sent: Span, verb: Token) -> bool:
    """True when a whole clause follows ``verb`` directly, with no boundary after the verb."""
    after = sent.doc[verb.i + 1] if verb.i + 1 < sent.end else None
    if after is not None and _pads_next_word(after):
        after = sent.doc[after.i + 1]  # "Merkel  said  her  top priorities were ...": spaces around a word
    if after is None or is_boundary(after) or after.is_punct:
        return False
    return any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children) and has_clause_core(
        sent.doc[verb.i + 1 : sent.end]
    )


def _that_follows(sent: Span, verb: Token) -> bool:
    """True when "that" comes within the frame's short tail after ``verb`` ("told the AP that ...")."""
    words = [t for t in sent.doc[verb.i + 1 : sent.end] if not t.is_space][: MAX_FRAME_TAIL + 1]
    return any(t.lower_ == "that" for t in words)


def _complement_start(sent: Span, verb: Token) -> int:
    """Where the content after a frame's verb starts: past "that" when it comes within the frame's short tail
    ("told The Post that ..."), else at the verb's clausal complement, else right after the verb."""
    doc = sent.doc
    words = [t for t in doc[verb.i + 1 : sent.end] if not t.is_space][: MAX_FRAME_TAIL + 1]
    that = next((t for t in words if t.lower_ == "that"), None)
    if that is not None:
        return that.i + 1
    complement = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    return complement.left_edge.i if complement is not None else verb.i + 1


CLAUSE_OPENERS = frozenset(
    {"which", "who", "whom", "whose", "when", "while", "after", "before", "as", "because", "since", "until", "if"}
)
# Words that open a relative or adverbial clause after a verb of saying, not its content ("..., which will ...").
NON_CONTENT_OPENERS = CLAUSE_OPENERS | CONNECTORS | {"where", "what", "how", "why"}


def _is_speaker_apposition(left: list[Token], right: Span) -> bool:
    """True when the words before a frame's speaker are a noun phrase in apposition to it (a name or a
    description, no verb, not a fronted adverbial) and the words after the verb are a whole clause, so nothing
    before the speaker belongs to the content (unlike "A number of signs, he said, were posted")."""
    if not left or left[0].tag_ not in SPEAKER_TAGS - {"POS", "HYPH"} or left[0].tag_ == "PRP":
        return False
    if any(t.tag_ not in SPEAKER_TAGS and t.lower_ not in SPEAKER_PREPOSITIONS and t.tag_ != "CC" for t in left):
        return False
    if not any(t.tag_.startswith("NN") for t in left) or len(left) > 2 * MAX_SPEAKER_WORDS:
        return False
    first = next((t for t in right if not t.is_space), None)
    return first is not None and (first.lower_ == "that" or has_clause_core(right))


def _participle_after(sent: Span, verb: Token) -> tuple[Token, tuple[int, int]] | None:
    """ "X, Smith said, adding that Y": the participle and the token range of Y."""
    doc = sent.doc
    i = verb.i + 1
    while i < sent.end and (doc[i].is_space or doc[i].text == "," or is_quote_like(doc[i])):
        i += 1
    if i >= sent.end or doc[i].tag_ != "VBG" or doc[i].lemma_ not in CUE_VERBS:
        return None
    start = i + 1
    while start < sent.end and (doc[start].is_space or doc[start].lower_ == "that" or doc[start].text == ":"):
        start += 1
    end = sent.end
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if not has_clause_core(doc[start:end]):
        return None
    return doc[i], (start, end)


def _inverted_frame(sent: Span, verb: Token) -> SentenceFrame | None:
    """'"...," said Smith.' / "The product is safe  said spokesman John Smith  a former engineer.": the verb
    right after a boundary, then only the speaker (and an appositive) to the end of the sentence."""
    doc = sent.doc
    i = verb.i - 1
    while i >= sent.start and doc[i].is_space and i - 1 >= sent.start and doc[i - 1].is_space:
        i -= 1
    if i < sent.start or not is_boundary(doc[i]) or verb.tag_ not in ("VBD", "VBZ", "VBN"):
        return None
    # a subject inside the quotation before the verb is a misparse, and so is a mojibake quote taken for one
    subjects = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass")
        and c.lower_ not in TIME_WORDS
        and not any(is_quote_like(t) for t in doc[c.i : verb.i])
    ]
    if subjects and all(c.i < verb.i for c in subjects):
        return None  # "Nicole Soos  speaking with her husband  said  Nassar  destroyed ...": not inverted
    if verb.lemma_ in ADDRESSEE_VERBS:
        return None  # '"...," Huy Vannak  a state secretary  told Reuters': the name after "told" is the addressee
    j = verb.i + 1
    while j < sent.end and doc[j].is_space:
        j += 1
    k = j
    while k < sent.end and not is_boundary(doc[k]) and not doc[k].is_punct and doc[k].tag_ not in RELATIVE_TAGS:
        k += 1
    if k == j:
        return None
    # the speaker's own relative clause ("said  Bourjos   who could fit nicely ...") is part of the frame
    relative = next((t.i for t in doc[k : sent.end] if not (t.is_space or t.is_punct)), sent.end)
    rest_end = relative if relative < sent.end and doc[relative].tag_ in RELATIVE_TAGS else sent.end
    rest = [t for t in doc[verb.i + 1 : rest_end] if not (t.is_space or t.is_punct)]
    time = _trailing_time(rest)
    if time:  # 'wrote former prosecutor Renato Mariotti on Friday': the date is part of the frame, not the speaker
        rest, k = rest[: -len(time)], min(k, time[0].i)
    speaker_words = rest
    if any(not _is_speaker_word(t) for t in rest):
        if not _speaker_then_apposition(doc, j, k, rest_end):
            return _interrupting_inverted_frame(sent, verb, doc[j:k])
        speaker_words = [t for t in doc[j:k] if not (t.is_space or t.is_punct)]
    if len(speaker_words) > 2 * MAX_SPEAKER_WORDS or not any(t.tag_.startswith("NN") for t in speaker_words):
        return None
    left = [t for t in doc[sent.start : i] if not (t.is_space or t.is_punct or is_quote_like(t))]
    if not any(t.tag_ in FINITE_VERB_TAGS for t in left):
        return None
    frame = _with_adjacent_commas(sent, set(range(verb.i, sent.end)))
    if not any(t.is_punct for t in doc[j : rest[-1].i + 1]):
        k = rest[-1].i + 1  # "said  Trump  spokeswoman Sarah Sanders": spaces that pad a name inside the speaker
    return SentenceFrame(frame=frame, claimer=doc[j:k], cue=verb.text)


TIME_PREPOSITIONS = frozenset({"on", "in", "last", "this", "late", "early", "earlier"})


def _trailing_time(words: list[Token]) -> list[Token]:
    """The time phrase that ends ``words`` ("on Friday", "last week", "Monday"), or an empty list."""
    k = len(words)
    while k > 0 and (words[k - 1].lower_ in TIME_WORDS or words[k - 1].tag_ == "CD"):
        k -= 1
    if k == len(words):
        return []
    while k > 0 and words[k - 1].lower_ in TIME_PREPOSITIONS:
        k -= 1
    return words[k:] if k > 0 else []


def _speaker_then_apposition(doc, j: int, k: int, end: int) -> bool:
    """ "said Sen. Lindsey Graham (R-S.C.), one of the few to acknowledge it": a speaker of speaker words up to
    a boundary, then an appositive with no finite verb of its own."""
    speaker = [t for t in doc[j:k] if not t.is_space]
    if not speaker or not all(_is_speaker_word(t) for t in speaker) or k >= end or not is_boundary(doc[k]):
        return False
    if not any(t.tag_ in ("NNP", "NNPS") or t.ent_type_ in SPEAKER_ENTITIES for t in speaker):
        return False
    return not any(t.tag_ in FINITE_VERB_TAGS for t in doc[k:end])


RELATIVE_TAGS = frozenset({"WP", "WP$", "WDT"})
ADDRESSEE_VERBS = frozenset({"tell"})  # the noun phrase right after the verb is who is told, never the speaker


def _interrupting_inverted_frame(sent: Span, verb: Token, speaker: Span) -> SentenceFrame | None:
    """ "Today, says Kloss, she works with ...": an inverted frame (verb, then a short name) between two
    boundaries inside the sentence; the content runs across it (F4)."""
    doc = sent.doc
    if verb.tag_ not in ("VBD", "VBZ") or not 0 < len([t for t in speaker if not t.is_space]) <= MAX_SPEAKER_WORDS:
        return None
    if any(t.tag_ not in SPEAKER_TAGS for t in speaker if not t.is_space) or speaker.end >= sent.end:
        return None
    if any(t.lower_ in TIME_WORDS for t in speaker):
        return None
    if not any(t.tag_ in ("NNP", "NNPS") or t.ent_type_ in SPEAKER_ENTITIES for t in speaker):
        return None  # "..., announced Monday, ...", "..., says the report ..." are left alone
    if not is_boundary(doc[speaker.end]) or not has_clause_core(doc[speaker.end : sent.end]):
        return None
    if not any(not (t.is_space or t.is_punct or is_quote_like(t)) for t in doc[sent.start : verb.i]):
        return None
    frame = _with_adjacent_commas(sent, set(range(verb.i, speaker.end)))
    return SentenceFrame(frame=frame, claimer=speaker, cue=verb.text)


SPEAKER_ENTITIES = frozenset({"PERSON", "OFFICIAL", "ORG", "COUNTRY"})


def _sentence_according_to(sent: Span) -> SentenceFrame | None:
    """ "According to X, A and B." / "A, and B, according to X.": the source covers every clause (F5)."""
    words = [t for t in sent if not (t.is_space or t.is_punct or is_quote_like(t))]
    if len(words) < 4:
        return None
    if words[0].lower_ == "according" and words[1].lower_ == "to":
        start = words[0].i
        first = words[2].i  # past the spaces that pad a name ("According to  Politico  Kushner left ...")
        end = next((t.i for t in sent if t.i > first and is_boundary(t) and not t.is_quote), None)
        if end is None:
            return None
    else:
        tail = next((t for t in words if t.lower_ == "according" and t.i + 1 < sent.end), None)
        if tail is None or sent.doc[tail.i + 1].lower_ != "to":
            return None
        if any(is_boundary(t) and not t.is_space for t in sent.doc[tail.i : sent.end] if not t.is_punct):
            return None
        after = [t for t in sent.doc[tail.i + 2 : sent.end] if not (t.is_space or t.is_punct)]
        if not after or any(t.tag_.startswith(("VB", "MD")) or t.dep_ == "relcl" for t in after):
            return None
        start, end = tail.i, sent.end
    speaker = sent.doc[start + 2 : end]
    while len(speaker) > 1 and (speaker[-1].is_space or speaker[-1].is_punct):
        speaker = speaker[:-1]
    while len(speaker) > 1 and speaker[0].is_space:
        speaker = speaker[1:]
    if not any(t.tag_.startswith(("NN", "PRP")) for t in speaker):
        return None
    frame = _with_adjacent_commas(sent, set(range(start, end)))
    return SentenceFrame(frame=frame, claimer=speaker, cue="according to")


def _frame_verb_form(verb: Token) -> bool:
    """A finite verb of saying, or a participle after "has"/"had" (or a bare one the tagger misread)."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.tag_ == "POS" and _name_ends_in_s(before, verb):
        return True  # '" Christie's writes in ...' with "writes" tagged as a plural noun
    return verb.tag_ == "VBN" and not any(c.dep_ in ("auxpass",) for c in verb.children)


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


def _pads_next_word(token: Token) -> bool:
    """True for extra spaces before a word (or a name) that has extra spaces after it too ("said  her  top"):
    PerSenT pads the article's main entity so, where no comma was lost."""
    doc = token.doc
    if not _is_lost_comma(token) or token.i + 1 >= len(doc) or doc[token.i + 1].is_space:
        return False
    i = token.i + 1
    while i + 1 < len(doc) and not doc[i + 1].is_space and doc[i + 1].ent_iob_ == "I":
        i += 1
    return i + 1 < len(doc) and _is_lost_comma(doc[i + 1])


def _outside_quote(sent: Span, closing: Token, quotes: Sequence[tuple[int, int]]) -> set[int]:
    """The tokens of ``sent`` outside the quote that ``closing`` ends, unless the words before the quote
    hold the subject of a verb inside it ('Martins "told the young woman ..." Gonzalez said') or the quote is
    no clause of its own (a quoted word or phrase at the end of a clause)."""
    region = next(((a, b) for a, b in quotes if b == closing.i), None)
    if region is None:
        return set()
    start, end = region
    before = range(sent.start, start)
    if any(sent.doc[i].dep_ in SUBJECT_DEPS and start <= sent.doc[i].head.i < end for i in before):
        return set()
    if any(not (t.is_space or t.is_punct) for t in sent.doc[sent.start : start]) and not has_clause_core(
        sent.doc[start:end]
    ):
        return set()  # '... they were clearly marked "negative" the Post reports': a quoted word, not the content
    return {i for i in before} | {i for i in range(end, sent.end)}


def _is_speaker_word(token: Token) -> bool:
    """A word that may be part of a speaker's noun phrase ("a person familiar with the talks")."""
    if token.tag_ in SPEAKER_TAGS or token.lower_ in SPEAKER_PREPOSITIONS or _is_name(token):
        return True
    if token.tag_ in ("VBG", "VBN") and token.dep_ in ("amod", "compound") and token.head.i > token.i:
        return True  # "acting Brooklyn District Attorney Eric Gonzalez", "retired Army general Tom Smith"
    return token.lower_ == "with" and token.i > 0 and token.doc[token.i - 1].lower_ == "familiar"


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


def _speaker_relative_clause(sent: Span, last: Token) -> Token | None:
    """The verb of a non-restrictive relative clause that ends with ``last`` and follows a name after a boundary
    ("Smith  who chairs the committee"), or None."""
    for token in [last, *last.ancestors]:
        if token.dep_ != "relcl" or any(not t.is_space for t in token.doc[last.i + 1 : token.right_edge.i + 1]):
            continue
        head, start = token.head, token.left_edge.i
        if head.i < start and head.i >= sent.start and head.pos_ == "PROPN" and is_boundary(token.doc[start - 1]):
            return token
    return None


def _name_before_apposition(sent: Span, start: int) -> int:
    """Where a speaker that starts at ``start`` really starts: at the name before it when the speaker is an
    appositive set off by a lost comma, and the name follows a quote mark, a comma, or a lost comma when it is a
    person's ('..." Huy Vannak  undersecretary of state at the ministry  told Reuters'); else ``start``."""
    doc = sent.doc
    i = start - 1
    if not _is_lost_comma(doc[i]) or any(t.pos_ == "PROPN" for t in doc[start : start + 1]):
        return start
    i -= 1
    names = 0
    while i > sent.start and doc[i].pos_ == "PROPN" and names < MAX_NAME_WORDS:
        names += 1
        i -= 1
    before, name = doc[i], doc[i + 1 : start - 1]
    person = all(t.ent_type_ in ("PERSON", "OFFICIAL") for t in name)
    if names and (is_quote_like(before) or before.text == "," or (_is_lost_comma(before) and person)):
        return i + 1
    return start


MAX_NAME_WORDS = 4


def _is_long_name_phrase(span: Span) -> bool:
    """True for a speaker longer than :data:`MAX_SPEAKER_WORDS` that is one noun phrase headed by a title or
    a name and holding a name ("conservative writer Jonah Goldberg at the National Review"): no verb, a single
    noun whose head lies outside it, and a proper noun of a person or an official."""
    words = [t for t in span if not t.is_space]
    if any(t.tag_.startswith(("VB", "MD")) or t.tag_ in ("PRP", "PRP$", "CC") for t in words):
        return False
    inside = range(span.start, span.end)
    heads = [t for t in words if t.head.i not in inside or t.head.i == t.i]
    if len(heads) != 1 or not heads[0].tag_.startswith("NN"):
        return False
    return any(t.tag_ in ("NNP", "NNPS") and t.ent_type_ in ("PERSON", "OFFICIAL") for t in words)


def _surface_speaker(sent: Span, verb: Token) -> tuple[Span, int] | None:
    """The noun phrase right before ``verb`` (past "has"/"had" and extra spaces), starting at a boundary."""
    doc = sent.doc
    i = verb.i - 1
    while i >= sent.start and (doc[i].is_space or doc[i].lower_ in FRAME_AUXILIARIES):
        if doc[i].lower_ in NEGATIONS:
            return None
        i -= 1
    if i >= sent.start and (doc[i].lower_ in NEGATIONS or doc[i].tag_ == "MD"):
        return None  # "did not say", "will say": no attribution (F3)
    relative = _speaker_relative_clause(sent, doc[i]) if i >= sent.start else None
    if relative is not None:  # "...  Smith  who chairs the committee  said": the clause is part of the frame
        i = relative.head.i
    end = i + 1
    words = 0
    while i >= sent.start and not (is_boundary(doc[i]) and not _is_padding(doc[i])):
        token = doc[i]
        if token.is_space:
            i -= 1
            continue
        if not _is_speaker_word(token):
            return None  # no boundary before the speaker: part of a longer clause
        words += 1
        i -= 1
    start = i + 1
    if start >= end or words > 2 * MAX_SPEAKER_WORDS or start == sent.start:
        return None
    if words > MAX_SPEAKER_WORDS and not _is_long_name_phrase(doc[start:end]):
        return None
    before = [t for t in doc[sent.start : start] if not t.is_space]
    if words > MAX_SPEAKER_WORDS and all(t.pos_ == "PROPN" for t in before):
        return None  # "Andrey Akimov  deputy chairman of ... told Reuters": the appositive of a name, left to the parse
    start = _name_before_apposition(sent, start)
    if doc_text_before(doc[start]).lower() in CLAUSE_OPENERS:
        # "a letter in which  she  wrote that ...", '..." Franken said  when  he  announced ...': a frame
        # inside a relative or adverbial clause attributes nothing (F2)
        return None
    speaker = doc[start:end]
    if not any((t.tag_.startswith(("NN", "PRP")) and t.tag_ != "PRP$") or _is_name(t) for t in speaker):
        return None
    if speaker[-1].tag_ == "POS" and _name_ends_in_s(speaker[-1], verb):
        return speaker, start  # '..." Christie's writes in the presentation'
    if speaker[0].lower_ in SPEAKER_PREPOSITIONS or speaker[-1].tag_ in ("POS", "DT", "JJ", "PRP$"):
        return None
    return speaker, start


def _name_ends_in_s(possessive: Token, verb: Token) -> bool:
    """True for the "'s" that ends a name ("Christie's writes", "McDonald's said"): right after a capitalised proper
    noun and right before a finite verb, where no possessive can stand."""
    doc = possessive.doc
    name = doc[possessive.i - 1] if possessive.i > 0 else None
    if name is None or name.pos_ != "PROPN" or not name.text[:1].isupper() or name.whitespace_:
        return False
    misread = verb.tag_ == "NNS" and verb.lower_.endswith("s")  # "writes" taken for a noun after the "'s"
    return _next_word(possessive).i == verb.i and (verb.tag_ in ("VBZ", "VBD") or misread)
