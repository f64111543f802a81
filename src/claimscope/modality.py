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

PREDICTIVE_MODALS = frozenset({"will", "would", "shall", "'ll", "wo"})
HEDGING_MODALS = frozenset({"may", "might", "could"})
DEONTIC = frozenset({"should", "must", "ought"})
HEDGE_WORDS = frozenset(
    {
        "may", "might", "could", "perhaps", "possibly", "probably", "likely", "unlikely", "almost",
        "nearly", "reportedly", "allegedly", "apparently", "seemingly", "arguably", "presumably",
        "supposedly", "somewhat", "suggest", "suggests", "suggested", "seem", "seems", "seemed", "appear",
        "appears", "appeared", "maybe", "roughly", "approximately", "rumoured", "rumored", "potentially",
    }
)  # fmt: skip
PREDICTIVE_PHRASES = (("going", "to"), ("expected", "to"), ("likely", "to"), ("set", "to"), ("bound", "to"))
ANONYMOUS_HEDGES = frozenset({"some", "certain"})


# Dependents that open a clause or modify a noun: cues inside them do not set the claim's modality
# ("the alleged assault", "a deal that may collapse" are not hedged or predicted claims).
EMBEDDING_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "amod", "pcomp", "appos"})


def main_clause(tokens: Sequence[Token]) -> list[Token]:
    """The tokens of the claim's main clause: its root and what hangs from it without an embedding."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    kept, stack = [], list(roots)
    while stack:
        token = stack.pop()
        kept.append(token)
        stack.extend(c for c in token.children if c.i in inside and c.dep_ not in EMBEDDING_DEPS)
    for root in roots:  # a predicate sharing an earlier verb's auxiliary: "will report ... and support"
        if root.dep_ == "conj" and not any(c.dep_ == "aux" for c in root.children):
            kept.extend(c for c in root.head.children if c.dep_ == "aux")
    return sorted(kept, key=lambda t: t.i)


def modality_of(tokens: Sequence[Token], is_question: bool) -> str:
    """The modality label of a claim made of ``tokens`` (cues count in its main clause only)."""
    if is_question:
        return "question"
    inside = {t.i for t in tokens}
    if any(_is_condition(t, inside) for t in tokens):
        return "conditional"
    core = main_clause(tokens)
    lowers = [t.lower_ for t in core]
    if any(w in DEONTIC for w in lowers) or _has_need_to(lowers) or _is_imperative(core):
        return "recommended"
    if any(w in PREDICTIVE_MODALS or w in HEDGING_MODALS for w in lowers):
        return "predicted"
    if any(pair in zip(lowers, lowers[1:], strict=False) for pair in PREDICTIVE_PHRASES):
        return "predicted"
    return "asserted"


def is_hedged(tokens: Sequence[Token], frame: Sequence[Token] = ()) -> bool:
    """True when the claim's main clause, or the attribution frame that introduces it, carries a hedge."""
    words = [t.lower_ for t in main_clause(tokens)] + [t.lower_ for t in frame]
    if any(w in HEDGE_WORDS for w in words):
        return True
    # "some views suggest", "certain experts believe": a vague, anonymous source hedges the claim.
    return any(t.lower_ in ANONYMOUS_HEDGES and t.dep_ == "det" for t in frame)


def _is_condition(token: Token, inside: set[int]) -> bool:
    """ "if"/"unless" opening an adverbial clause of the claim (not "whether"-like "know if")."""
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
