"""Modality and hedging of a claim, read off its tokens.

- ``question``: the sentence ends with "?" ("Will Tokyo change course?")
- ``conditional``: an "if"/"unless" antecedent is part of the claim ("If the G7 tightens the cap, Moscow
  will retaliate.")
- ``recommended``: should, must, ought to, need to, imperative ("Tokyo should reopen talks.")
- ``predicted``: will, would, shall, going to, may/might/could + verb, "is expected/likely to"
  ("Relations will remain frozen.", "The project may become a bargaining chip.")
- ``asserted``: everything else ("Japan imposed sanctions in 2022.")

``hedged`` is True when the claim or its attribution frame is softened: may, might, could, almost, perhaps,
probably, likely, reportedly, allegedly, apparently, seem, appear, suggest, "some views", ...
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from claimscope.claims.words import CUE_VERBS
from claimscope.resources import phrases, words

PREDICTIVE_MODALS = words("modals_predictive")
HEDGING_MODALS = words("modals_hedging")
DEONTIC = words("modals_deontic")
HEDGE_WORDS = words("hedges")
PREDICTIVE_PHRASES = phrases("predictive_phrases")
ANONYMOUS_HEDGES = words("anonymous_hedges")


# Dependents that open a clause or modify a noun: cues inside them do not set the claim's modality
# ("the alleged assault", "a deal that may collapse" are not hedged or predicted claims).
EMBEDDING_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "amod", "pcomp", "appos"})


def main_clause(tokens: Sequence[Token], embedding: frozenset[str] = EMBEDDING_DEPS) -> list[Token]:
    """The tokens of the claim's main clause: its root and what hangs from it without an embedding, plus the
    complement of a frame kept inside the claim ("I don't know if I would have done that")."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    kept, stack = [], list(roots)
    while stack:
        token = stack.pop()
        kept.append(token)
        stack.extend(
            c
            for c in token.children
            if c.i in inside and (c.dep_ not in embedding or (c.dep_ == "ccomp" and token.lemma_ in CUE_VERBS))
        )
    for root in roots:  # a predicate sharing an earlier verb's auxiliary: "will report ... and support"
        if root.dep_ == "conj" and not any(c.dep_ == "aux" for c in root.children):
            kept.extend(c for c in root.head.children if c.dep_ == "aux")
    return sorted(kept, key=lambda t: t.i)


def modality_of(tokens: Sequence[Token], is_question: bool) -> str:
    """The modality label of a claim made of ``tokens`` (cues count in its main clause only)."""
    if is_question:
        return "question"
    core_of_conditions = {t.i for t in main_clause(tokens, EMBEDDING_DEPS | {"xcomp"})}
    if _opens_with_condition(tokens) or any(_is_condition(t, core_of_conditions) for t in tokens):
        return "conditional"
    core = main_clause(tokens)
    lowers = [t.lower_ for t in core]
    if any(w in DEONTIC for w in lowers) or _has_need_to(lowers) or _is_imperative(core):
        return "recommended"
    if any(t.lemma_ in RECOMMENDING_VERBS and t.pos_ == "VERB" for t in core):
        return "recommended"
    if any(w in PREDICTIVE_MODALS or w in HEDGING_MODALS for w in lowers):
        return "predicted"
    bigrams = set(zip(lowers, lowers[1:], strict=False))
    if any(pair in bigrams for pair in PREDICTIVE_PHRASES):
        return "predicted"
    return "asserted"


def is_hedged(tokens: Sequence[Token], frame: Sequence[Token] = ()) -> bool:
    """True when the claim's main clause, or the attribution frame that introduces it, carries a hedge."""
    words = [t.lower_ for t in main_clause(tokens)] + [t.lower_ for t in frame]
    if any(w in HEDGE_WORDS for w in words):
        return True
    # "some views suggest", "certain experts believe": a vague, anonymous source hedges the claim.
    return any(t.lower_ in ANONYMOUS_HEDGES and t.dep_ == "det" for t in frame)


RECOMMENDING_VERBS = words("recommending_verbs")


def _opens_with_condition(tokens: Sequence[Token]) -> bool:
    """ "If he doesn't win, they don't win": the claim opens with its antecedent (however it is parsed)."""
    words = [t for t in tokens if not (t.is_space or t.is_punct)]
    return len(words) > 2 and words[0].lower_ in ("if", "unless")


def _is_condition(token: Token, inside: set[int]) -> bool:
    """ "if"/"unless" opening an adverbial clause of the claim's main clause (not "whether"-like "know if",
    not inside the complement of another verb: "offered to step down if ..."), or "barring" a noun phrase."""
    if token.lower_ == "barring" and token.head.i in inside:
        return True
    if token.lower_ not in ("if", "unless") or token.dep_ != "mark":
        return False
    clause = token.head
    return clause.dep_ == "advcl" and clause.head.i in inside


def _has_need_to(lowers: list[str]) -> bool:
    pairs = set(zip(lowers, lowers[1:], strict=False))
    return bool(pairs & {("need", "to"), ("needs", "to"), ("have", "to"), ("has", "to")})


def _is_imperative(tokens: Sequence[Token]) -> bool:
    return any(
        t.dep_ == "ROOT" and t.tag_ == "VB" and not any(c.dep_ in ("nsubj", "aux", "nsubjpass") for c in t.children)
        for t in tokens
    )
