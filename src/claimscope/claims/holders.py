"""Holders of reported acts and internal states (guide C4 and F1a): "Palmieri called on Trump to stop ...",
"A Bloomberg poll shows that ...", "She wants to triple the program" are the author's reports of what someone
said, found or wants, so the subject is the claim's claimer; the span keeps the whole report, since there is no
clausal complement to cut out (a frame with one is found by :mod:`.attribution` first)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from spacy.tokens import Span, Token

from claimscope.claims.words import HOLDER_VERBS

HOLDER_RULE = "reported_act"
NOT_HOLDERS = frozenset({"it", "there", "this", "that", "which", "who", "what", "whom"})
NO_ACT_VERBS = frozenset({"be", "have", "appear", "seem"})  # a state or a hedge (guide, modality), never an act
COMPLEMENT_DEPS = frozenset({"dobj", "dative", "prep", "xcomp", "ccomp", "oprd", "attr", "acomp", "prt"})
MAX_HOLDER_WORDS = 12  # a longer subject is cut at its head noun ("A report released last year that ...")


def holder_of_report(claim: Span, quoted: set[int]) -> tuple[Span, str] | None:
    """The subject and verb of a claim whose main verb reports an act or attitude of that subject; None when the
    claim is no such report (negated, modal, passive, quoted, or another verb)."""
    verb = claim.root
    shared = verb.dep_ == "conj"
    attitude = _attitude(verb)
    if attitude is not None and verb.i not in quoted:
        subject = _subject(verb)
        if subject is not None and subject.lower_ not in NOT_HOLDERS and claim.start <= subject.i < claim.end:
            return _holder_span(subject), f"{verb.text} {attitude.text}"
        return None
    if _lemma(verb) not in HOLDER_VERBS or verb.i in quoted or not reports_an_act(verb):
        return None
    subject = _subject(verb)
    if subject is None or subject.lower_ in NOT_HOLDERS or not (claim.start <= subject.i < claim.end or shared):
        return None
    return _holder_span(subject), verb.text


# Intentions said with "be" and an adjective over an infinitive (guide F1a, like "wants to"): "Tokyo is determined
# to ...". "sure to" and "certain to" predict; they hold nothing. A belief over a clause ("is convinced that") is a
# frame (attribution.BELIEF_ADJECTIVES).
INTENTION_ADJECTIVES = frozenset({"determined", "eager", "keen"})


def adjective_over_clause(
    verb: Token, adjectives: AbstractSet[str], clause_dep: str, inside: AbstractSet[int] | None = None
) -> tuple[Token, Token] | None:
    """The adjective and its clause in "X is afraid that ..." (``ccomp``) or "X is determined to ..."
    (``xcomp``): "be" with one of ``adjectives`` governing a clause of ``clause_dep``; None when negated or modal
    ("is not convinced", "may be keen to"). ``inside``: the token indices both must lie in."""
    if verb.lemma_ != "be" or any(c.dep_ == "neg" or c.tag_ == "MD" for c in verb.children):
        return None
    for adjective in verb.children:
        if adjective.dep_ != "acomp" or adjective.lower_ not in adjectives:
            continue
        if inside is not None and adjective.i not in inside:
            continue
        if any(c.dep_ == "neg" for c in adjective.children):
            return None
        clause = next(
            (c for c in adjective.children if c.dep_ == clause_dep and (inside is None or c.i in inside)), None
        )
        return (adjective, clause) if clause is not None else None
    return None


def _attitude(verb: Token) -> Token | None:
    """The adjective of "X is determined to ...": an intention adjective over an infinitive."""
    found = adjective_over_clause(verb, INTENTION_ADJECTIVES, "xcomp")
    return None if found is None else found[0]


def reports_an_act(verb: Token) -> bool:
    """False when ``verb``, whatever its word, cannot report an act of its subject: not a verb ("be", "have", a
    hedge such as "appeared to be contemplating", an adjective after a possessive: "Douthat's suggested regime");
    negated, modal or passive ("did not call for", "would urge", "was criticized", guide F3); with nothing
    reported ("AL.com reported.", "said nothing"); or in a sense that reports no words ("called CNN", "showed
    up")."""
    children = list(verb.children)
    if verb.pos_ != "VERB" or verb.lemma_ in NO_ACT_VERBS or (verb.i > 0 and verb.doc[verb.i - 1].tag_ == "POS"):
        return False
    if any(c.dep_ in ("neg", "auxpass", "nsubjpass") or c.tag_ == "MD" for c in children):
        return False
    if not any(c.dep_ in COMPLEMENT_DEPS for c in children):
        return False
    if any(c.dep_ == "dobj" and c.lower_ in ("nothing", "none") for c in children):
        return False
    return _in_its_reporting_sense(verb)


def _in_its_reporting_sense(verb: Token) -> bool:
    """False for the senses of "call" and "show" that report no words: "call" names or asks only with a
    predicate ("called the charges unsubstantiated", "called on Trump to", "called for a moratorium"), not in
    "called CNN" or "called into a radio show"; "showed up" is no finding."""
    if verb.lemma_ == "call":
        return any(
            c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("for", "on"))
            for c in verb.children
        )
    return not (verb.lemma_ == "show" and any(c.dep_ == "prt" for c in verb.children))


def _lemma(verb: Token) -> str:
    """The verb's lemma; the parser's lemmatiser reads every form of "hope" as "hop"."""
    lemma = verb.lemma_.lower()
    return "hope" if lemma == "hop" and verb.lower_.startswith(("hope", "hoping")) else lemma


def _subject(verb: Token) -> Token | None:
    """The active subject of ``verb``, or the one it shares with the predicate it is conjoined to ("The Council
    met and pledged to impose sanctions": "The Council" for "pledged")."""
    while True:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject if subject.dep_ == "nsubj" and subject.i < verb.i else None
        if verb.dep_ != "conj" or verb.head.i >= verb.i:
            return None
        verb = verb.head


def _holder_span(subject: Token) -> Span:
    doc = subject.doc
    start, end = subject.left_edge.i, subject.right_edge.i + 1
    if end - start > MAX_HOLDER_WORDS:
        end = subject.i + 1
    return doc[start:end]


def attribute_reported_acts(
    claims: Sequence[Span], quoted: set[int], describe: Callable[[Span, str | None], dict[str, Any]]
) -> None:
    """Give each claim left in the author's voice the holder of the act or attitude it reports, if any."""
    for claim in claims:
        if claim._.claimer is not None:
            continue
        found = holder_of_report(claim, quoted)
        if found is not None:
            claim._.claimer = describe(*found)
            claim._.claimer_rule = HOLDER_RULE
