"""Clause splitting: cut a sentence into claim-sized pieces (independent clauses joined by ";", ", but",
", and", ...; asserted reason clauses; predicates sharing one subject; a quotation after a participle of saying
or a "with X saying" frame)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimscope.claims.nonclaims import FINITE_VERB_TAGS
from claimscope.claims.tokens import (
    _has_subject,
    _is_embedded,
    _is_lost_comma,
    _is_padding,
    _is_speaker_word,
    _previous_word,
    _subject_of,
    _subtree_span,
    doc_text_before,
    has_clause_core,
    is_quote_like,
)
from claimscope.claims.words import (
    CONNECTORS,
    CUE_VERBS,
    FRAME_AUXILIARIES,
    MAX_FRAME_TAIL,
    MAX_SPEAKER_WORDS,
    RELATIVE_TAGS,
    SPEAKER_ENTITIES,
    SPEAKER_PREPOSITIONS,
    SPEAKER_TAGS,
    SUBJECT_DEPS,
    SURFACE_CUES,
)
from claimscope.resources import words


@dataclass
class Piece:
    """A stretch of a sentence that holds one claim; ``subject`` is a subject it shares with an earlier piece."""

    span: Span
    subject: Span | None = None
    dependent: bool = False  # a reason clause or a shared-subject predicate: may sit inside a frame's content
    rule: str | None = None  # the last rule that cut it out of the sentence (``span._.rule``, see PIECE_RULES)
    # whether the statement may put ``subject`` before the piece (see :func:`reattachable`), and the auxiliaries the
    # piece shares with the predicate before it, to go between them ("Clinton would beat X but lose to Y": "would")
    reattach: bool = True
    auxiliaries: tuple[Token, ...] = ()


# The names of the rules that cut a sentence into pieces, as recorded in the claim's ``span._.rule``: the last cut
# made names the piece (a clause cut into predicates is "predicate_split"). An attribution frame taken off a piece
# is named by ``span._.claimer_rule``.
PIECE_RULES = {
    "sentence": "the sentence is one piece",
    "clause_split": "independent clauses cut apart (split_clauses: ;, ', but', 'but', ', and', 'with X saying', ...)",
    "reason_clause": "an asserted reason clause cut off its main clause (split_reason_clause: because, although)",
    "predicate_split": "predicates sharing one subject cut apart (split_predicates)",
}


def segment_sentence(sent: Span) -> list[Piece]:
    """The claim-sized pieces of a sentence: independent clauses, asserted reason clauses, then predicates
    that share one subject ("Japan follows the West, imposes sanctions, and provides aid")."""
    pieces = []
    clauses = split_clauses(sent)
    for clause in clauses:
        parts = split_reason_clause(clause)
        rule = "reason_clause" if len(parts) > 1 else "clause_split" if len(clauses) > 1 else "sentence"
        for part in parts:
            found = split_predicates(part)
            for k, piece in enumerate(found):
                piece.dependent = len(parts) > 1 or k > 0
                piece.rule = piece.rule or rule  # "predicate_split" when split_predicates cut it
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
    shared: dict[int, tuple[bool, tuple[Token, ...]]] = {}  # piece start -> (re-attach?, auxiliaries to carry)
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
        if _misparsed_coordination(token):
            continue  # "a majority of regular, pledged delegates": no coordination of predicates (guide C1)
        if _offered_as_alternative(token):
            continue  # "have closed or changed their hours": neither alternative is asserted alone (guide C1)
        if _not_asserted_alone(_predicate_root(head, inside)):
            continue  # "if he loses, X could A and might B"; "he didn't believe X would A and B" (guide C1, C2)
        if token.tag_ in ("VBN", "VBG") and _shares_bare_auxiliary(token, head):
            continue  # "were arrested and later deported": one predicate under one auxiliary (guide C1)
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
        shared[token.left_edge.i] = reattachable(token, _predicate_root(head, inside), subject, clause)
    if not starts:
        return [Piece(clause)]
    pieces = []
    bounds = [clause.start, *starts, clause.end]
    for k in range(len(bounds) - 1):
        part = doc[bounds[k] : bounds[k + 1]]
        reattach, auxiliaries = shared.get(bounds[k], (True, ()))
        piece = Piece(part, subject if k > 0 else None, rule="predicate_split")
        piece.reattach, piece.auxiliaries = reattach, auxiliaries
        pieces.append(piece)
    return [p for p in pieces if any(not (t.is_punct or t.is_space or t.lower_ in CONNECTORS) for t in p.span)]


ALTERNATIVE_CONNECTORS = frozenset({"or", "nor"})
# What may stand between a connective and its verb ("but were not authorized").
ADJACENT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "cc"})
# Dependents that give a member of a coordination nothing of its own to assert.
NOT_OWN_WORDS = frozenset({"punct", "cc", "preconj", "conj", "aux", "auxpass", "nsubj", "nsubjpass", "neg"})


def _misparsed_coordination(predicate: Token) -> bool:
    """True when the parse's coordination of the conjoined ``predicate`` is none of predicates that could stand
    alone: no conjunction joins its members ("a majority of regular, pledged delegates"; "This was, in my
    opinion, made up"), a gerund hangs on a verb that is no gerund ("disturbed by the front-runner condoning and
    apparently encouraging violence"), or a member before the last has no word of its own and a comma after it, so
    the members share what follows ("will oversee, manage, and be responsible for all activities")."""
    if predicate.dep_ != "conj":
        return False
    members, stack = [], [_first_conjunct(predicate)]
    while stack:
        member = stack.pop()
        members.append(member)
        stack.extend(c for c in member.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    joined = any(c.dep_ in ("cc", "preconj") for m in members for c in m.children)
    inserted_frame = predicate.head.lemma_ in CUE_VERBS  # "These employees, Stumpf explained, were well paid"
    if not joined and not inserted_frame and not _after_a_connective(predicate):
        return True
    own_auxiliary = any(c.dep_ == "aux" for c in predicate.children)
    if predicate.tag_ == "VBG" and predicate.head.tag_ != "VBG" and not own_auxiliary:
        return True
    members.sort(key=lambda m: m.i)
    return any(_bare_list_item(m) for m in members[:-1])


def _after_a_connective(predicate: Token) -> bool:
    """True when a connective comes right before ``predicate`` and its auxiliaries, wherever the parse hangs it
    ("... - then backs them up", "sources who spoke to Fox News but were not authorized")."""
    doc, i = predicate.doc, predicate.i - 1
    while i >= 0 and (
        doc[i].is_punct or doc[i].is_space or (doc[i].head.i == predicate.i and doc[i].dep_ in ADJACENT_DEPS)
    ):
        if doc[i].lower_ in CONNECTIVES:
            return True
        i -= 1
    return i >= 0 and doc[i].lower_ in CONNECTIVES


def _first_conjunct(token: Token) -> Token:
    """The first member of the coordination ``token`` belongs to ("follows" in "follows, imposes, and provides")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _bare_list_item(member: Token) -> bool:
    """A verb in a list that has no word of its own and a comma after it: "oversee," in "will oversee, manage,
    and be responsible for X" shares what follows."""
    following = member.doc[member.i + 1] if member.i + 1 < len(member.doc) else None
    return following is not None and following.text == "," and all(c.dep_ in NOT_OWN_WORDS for c in member.children)


def _offered_as_alternative(predicate: Token) -> bool:
    """True when the conjoined ``predicate`` is part of a coordination of alternatives: "or"/"nor" joins any two
    of its members, or "either"/"neither" opens it ("did not discriminate or retaliate", "must either end the
    probe and be criticized or let it continue and be criticized")."""
    first = _first_conjunct(predicate)
    members = [first, *[t for t in first.subtree if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")]]
    members += [a for a in first.ancestors if a.pos_ in ("VERB", "AUX")]  # "or let it continue ... and be ..."
    words = {c.lower_ for m in members for c in m.children if c.dep_ in ("cc", "preconj")}
    return bool(words & (ALTERNATIVE_CONNECTORS | {"either", "neither"}))


CONDITION_MARKS = frozenset({"if", "unless"})


def _not_asserted_alone(root: Token) -> bool:
    """True when the coordinated predicates of ``root`` are not asserted one by one: a condition governs them
    ("if he loses, X could A and might B"), or a negated verb above them ("he didn't believe any senator would A
    and B")."""
    if any(c.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in c.children) for c in root.children):
        return True
    return any(any(c.dep_ == "neg" for c in a.children) for a in root.ancestors if a.pos_ in ("VERB", "AUX"))


# Words of a subject whose quantifier does not distribute over coordinated predicates: "just one candidate has not
# won A and still won B" does not say that just one candidate won B.
NON_DISTRIBUTIVE = frozenset(
    {"only", "just", "exactly", "no", "few", "fewer", "neither", "none", "nobody", "nothing", "nor", "merely"}
)
# What may come right before a predicate that shares the subject of the one before it ("... and lose to Y").
PREDICATE_OPENERS = frozenset({"and", "or", "but", "nor", "yet", "then", ",", ";", "&"})
CONNECTIVES = PREDICATE_OPENERS - {",", ";"}  # the words among them


def reattachable(predicate: Token, root: Token, subject: Span, clause: Span) -> tuple[bool, tuple[Token, ...]]:
    """Whether the statement of the predicate ``predicate`` (conjoined to ``root``, whose subject is ``subject``)
    may put the shared subject before it, and the auxiliaries it shares with ``root`` that go with it ("Clinton
    would beat X but lose to Y": "Clinton would lose to Y").

    Not when the text does not say "<subject> <predicate>": in a question ("Can you explain and elaborate?") or
    before an inverted auxiliary; under a negation whose scope is unclear ("has not won A and still won B"); with
    a subject whose quantifier does not distribute ("just one candidate", "no one"); when the predicate does not
    follow a connector or a comma (a subject of its own the parse hung elsewhere: "the Post will brand you a liar
    and NBC News will accuse you"; "all they have to do is stick"); inside a clause governed by a verb other than
    one of saying ("isn't detailing what steps it will take to oppose or try to thwart"); or when a past-tense
    predicate may be a passive participle that shares "were" ("were arrested and charged"). A finite predicate
    ("has cast X and holds a lead") shares no auxiliary."""
    if not _subject_is_certain(predicate, root, subject, clause):
        return False, ()
    auxiliaries = [c for c in root.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < root.i]
    if any(c.i < subject.start for c in auxiliaries):
        return False, ()  # an inverted auxiliary: a question or a condition ("Had he known ...")
    if any(c.dep_ == "neg" for c in auxiliaries):
        return False, ()
    shared = tuple(c for c in auxiliaries if c.tag_ != "TO")
    if not shared or any(c.dep_ in ("aux", "auxpass") for c in predicate.children):
        return True, ()  # nothing shared, or the predicate has auxiliaries of its own ("and will go")
    if predicate.tag_ in ("VB", "VBN", "VBG"):
        return True, shared
    if predicate.tag_ in ("VBZ", "VBP"):
        return True, ()  # a finite verb of its own: "has cast X and holds a lead"
    # a past tense: often a participle the tagger took for one
    if any(c.tag_ == "MD" for c in shared):
        return True, shared  # "would have beaten A and lost to B"
    if any(c.dep_ == "auxpass" for c in shared) and not any(c.dep_ == "dobj" for c in predicate.children):
        return False, ()  # "were arrested and charged": a passive participle, or an active past?
    return True, ()  # "was conducted in May and surveyed 2,000 people", "has taken A and last June stirred B"


def _subject_is_certain(predicate: Token, root: Token, subject: Span, clause: Span) -> bool:
    """The structural checks of :func:`reattachable`: ``subject`` is surely the subject of ``predicate`` too."""
    inside = range(clause.start, clause.end)
    if _is_question_sentence(clause):
        return False
    if not _is_verb_in_own_right(predicate):
        return False  # "driven by A, boosts in B, and networks ...": an item of a noun list, no predicate
    if not _agrees_in_number(predicate, subject):
        return False  # "Voters are backing X, driven by A, boosts in B": "Voters boosts" is no predication
    if not _is_subject_of_predicate(subject, root, clause):
        return False  # "In this town whose factories were battered ..., X is ...": not the subject of "is"
    if any(t.lower_ in NON_DISTRIBUTIVE for t in subject):
        return False
    if _relative_clause_between(root, predicate) or _bare_complement_between(root, predicate):
        return False  # "sources who spoke to Fox News but were not authorized": the relative's predicate
    if _opens_an_aside(subject):
        return False  # "He had to take it back -- people were more interested ... -- but found a home": not "people"
    if root.lemma_ in CUE_VERBS and not _follows_connector(predicate, clause):
        return False  # "These employees, Stumpf explained earlier, were well-paid": the frame's speaker
    if not _opens_after_connector(predicate, clause):
        return False
    governed = root.head.i != root.i and root.head.i in inside
    return not governed or (root.dep_ == "ccomp" and root.head.lemma_ in CUE_VERBS)


# Dependents that only a noun has: a verb with one is a noun the tagger took for a verb ("the boosts").
NOUN_ONLY_DEPS = frozenset({"det", "poss", "nummod"})


def _relative_clause_between(root: Token, predicate: Token) -> bool:
    """True when a clause whose subject is a relative or wh-word ("who spoke", "what was supposed to be") stands
    between ``root`` and ``predicate``: the predicate may be that clause's second one, whatever the parse says."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass") and (t.tag_ in RELATIVE_TAGS or t.lower_ == "that")
        for t in root.doc[root.i + 1 : predicate.i]
    )


ASIDE_DASHES = frozenset({"--", "—", "–", "-"})


def _opens_an_aside(subject: Span) -> bool:
    """True when a dash stands right before ``subject``: it opens an aside set off by dashes, and a predicate after
    the aside may belong to the clause before it."""
    doc, i = subject.doc, subject.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i >= 0 and doc[i].text in ASIDE_DASHES


def _bare_complement_between(root: Token, predicate: Token) -> bool:
    """True when a bare infinitive predicate may coordinate with a bare infinitive under ``root`` instead of with
    ``root`` ("this museum can help us talk to each other, and more importantly listen": "us" listens)."""
    if predicate.tag_ != "VB":
        return False
    return any(
        t.tag_ == "VB" and t.dep_ in ("ccomp", "xcomp") and t.head.i == root.i and root.i < t.i < predicate.i
        for t in root.doc[root.i + 1 : predicate.i]
    )


def _follows_connector(predicate: Token, clause: Span) -> bool:
    """True when a connector word ("and", "but", ...), not only a comma, comes right before the conjoined
    ``predicate`` (past spaces and commas)."""
    doc = clause.doc
    i = predicate.left_edge.i - 1
    while i >= clause.start and (doc[i].is_space or doc[i].text == ","):
        i -= 1
    return i >= clause.start and doc[i].lower_ in PREDICATE_OPENERS and not doc[i].is_punct


def _is_verb_in_own_right(predicate: Token) -> bool:
    """True when ``predicate`` heads a predicate: a verb (VB*, MD or AUX) with no dependent that only a noun has
    and not conjoined to a noun (then it is an item of a noun list the tagger took for a verb: "driven by their
    rising rank, boosts in women's wealth, and networks set up to ...")."""
    if not (predicate.tag_.startswith("VB") or predicate.tag_ == "MD" or predicate.pos_ == "AUX"):
        return False
    if any(c.dep_ in NOUN_ONLY_DEPS for c in predicate.children):
        return False
    return not any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON") for c in predicate.children)


def _agrees_in_number(predicate: Token, subject: Span) -> bool:
    """False when a present-tense ``predicate`` cannot agree with ``subject``: "boosts" (VBZ) after a plural noun
    ("Voters"), or a plural form (VBP) after a singular common noun; the predicate is then no verb of that
    subject (a noun the tagger took for a verb, or a verb with a subject of its own). A name is not judged."""
    head = subject.root
    if head.ent_type_:
        return True  # a name the tagger may have taken for a plural ("Sanders" NNS)
    coordinated = any(c.dep_ == "conj" for c in head.children)
    if predicate.tag_ == "VBZ":
        return head.tag_ != "NNS"
    if predicate.tag_ == "VBP":
        return coordinated or head.tag_ != "NN"
    return True


def _is_subject_of_predicate(subject: Span, root: Token, clause: Span) -> bool:
    """True when ``subject`` is the subject of the governing predicate ``root`` itself: its head is an nsubj (or
    nsubjpass) of ``root``, not under a relative clause or other modifier, and it holds no relative word (a
    relative clause's subject the parse hung on the main verb: "In this town whose once-humming factories were
    battered ..., Rhonda Hughes is ...")."""
    inside = range(clause.start, clause.end)
    head = subject.root
    if head.dep_ not in ("nsubj", "nsubjpass") or head.head.i != root.i:
        return False
    if any(t.tag_ in RELATIVE_TAGS and not _in_nested_clause(t, head) for t in subject):
        return False  # "whose factories": the subject phrase of a relative clause ("a Democrat who ..." is not)
    return not any(a.dep_ in ("relcl", "acl") and a.i in inside for a in head.ancestors)


def _in_nested_clause(token: Token, head: Token) -> bool:
    """True when a verb stands between ``token`` and ``head`` in the parse (``token`` is in a clause of its own
    inside the phrase ``head`` heads: "who" in "a Democrat who represented X")."""
    while token.i != head.i and token.head.i != token.i:
        token = token.head
        if token.i != head.i and token.pos_ in ("VERB", "AUX"):
            return True
    return False


def _opens_after_connector(predicate: Token, clause: Span) -> bool:
    """True when the words before ``predicate`` (from its left edge) or just before that are a connector or a
    comma ("..., and lose to Y", ", support X"), not a subject the parse hung elsewhere ("and NBC News will
    accuse you": the left edge is "will", after "News")."""
    doc = clause.doc
    i = predicate.left_edge.i
    while i < predicate.i and (doc[i].is_space or doc[i].is_punct or doc[i].lower_ in PREDICATE_OPENERS):
        if doc[i].lower_ in PREDICATE_OPENERS:
            return True
        i += 1
    before = predicate.left_edge.i - 1
    while before >= clause.start and doc[before].is_space:
        before -= 1
    return before >= clause.start and doc[before].lower_ in PREDICATE_OPENERS


def _is_question_sentence(clause: Span) -> bool:
    """True when the sentence of ``clause`` ends with a question mark (before closing quote marks)."""
    sent = clause.sent if clause.doc.has_annotation("SENT_START") else clause
    return sent.text.rstrip().rstrip("\"'”’»").rstrip().endswith("?")


COMPLEMENT_DEPS = frozenset({"dobj", "dative", "attr", "acomp", "prep", "ccomp", "xcomp", "oprd", "agent", "prt"})


def _shares_bare_auxiliary(participle: Token, head: Token) -> bool:
    """True when a participle with no auxiliary and no complement of its own is conjoined to a verb: the bare
    participle ("were arrested and later deported") is no predicate that could stand as a claim, unlike one with
    a complement ("was arrested and charged with murder": two claims)."""
    if any(c.dep_ in ("aux", "auxpass") for c in participle.children):
        return False
    return not any(c.dep_ in COMPLEMENT_DEPS for c in participle.children)


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
        right_is_clause = right_is_clause and not _opens_non_finite(right)
        if has_clause_core(doc[start:cut_start]) and right_is_clause:
            pieces.append(doc[start:cut_start])
            start = cut_end
    pieces.append(doc[start : tokens.end])
    return [p for p in pieces if any(not (t.is_punct or t.is_space) for t in p)]


def _opens_non_finite(span: Span) -> bool:
    """True when ``span`` opens (past connectors) with an infinitive that hangs from the clause before ("..., and
    to show that Iran is not isolated"): part of that clause, whatever finite verb is embedded in it, never a
    clause of its own."""
    words = [t for t in span if not (t.is_space or t.is_punct or t.lower_ in CONNECTORS)]
    if not words:
        return False
    first = words[0]
    return first.lower_ == "to" and len(words) > 1 and words[1].tag_ == "VB" and words[1].head.i < span.start


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
SAYING_NOUNS = words("saying_nouns")

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
    if token.lower_ not in ("adding", "noting") and _in_frame_complement(head, tokens):
        return False  # "A senior official said Trump mocked ..., saying he looked weak": one claim (F2)
    start = _participle_content_start(token, tokens.end)
    return start < tokens.end and has_clause_core(doc[start : tokens.end])


def _in_frame_complement(token: Token, tokens: Span) -> bool:
    """True when ``token`` is the verb of a named speaker inside the clausal complement of a verb of saying within
    ``tokens`` ("mocked" in "A senior official said Trump mocked ..."): a participle hanging from it reports
    what that speaker did, inside the frame's words. Not under a pronoun or a common noun ("The White House
    announced it will allow ..., saying ...", "Jackson said that he has a goal ..., telling reporters ..."),
    where the parser often hangs the frame's own participle."""
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "PROPN" or subject.ent_type_ not in SPEAKER_ENTITIES:
        return False
    for t in [token, *token.ancestors]:
        if t.i < tokens.start or t.head.i < tokens.start or t.head.i == t.i:
            return False
        if t.dep_ == "ccomp" and t.head.lemma_ in CUE_VERBS and t.head.tag_.startswith("VB"):
            return True
    return False


# Participles that report what someone said ("..., saying ..."); "suggesting" and "hoping" often report none.
REPORTING_PARTICIPLES = words("reporting_participles")


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


def _joins_clauses(token: Token, tokens: Span) -> bool:
    """A connector after a lost comma ("Smith  and it titled ..."); after a name padded with spaces on both
    sides ("  he  and  his partner are") only when it coordinates verbs."""
    if token.lower_ not in CONNECTORS:
        return False
    word = token.doc[token.i - 2] if token.i - 2 >= tokens.start else None
    padded = word is not None and word.i > tokens.start and token.doc[word.i - 1].is_space
    return not padded or token.head.pos_ in ("VERB", "AUX")
