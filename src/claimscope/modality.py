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


def modality_of(tokens: Sequence[Token], is_question: bool) -> str:
    """The modality label of a claim made of ``tokens``."""
    lowers = [t.lower_ for t in tokens]
    if is_question:
        return "question"
    if any(t.lower_ in ("if", "unless") and t.dep_ in ("mark", "advmod", "prep") for t in tokens):
        return "conditional"
    if any(w in DEONTIC for w in lowers) or _has_need_to(lowers) or _is_imperative(tokens):
        return "recommended"
    if any(w in PREDICTIVE_MODALS or w in HEDGING_MODALS for w in lowers):
        return "predicted"
    if any(pair in zip(lowers, lowers[1:], strict=False) for pair in PREDICTIVE_PHRASES):
        return "predicted"
    return "asserted"


def is_hedged(tokens: Sequence[Token], frame: Sequence[Token] = ()) -> bool:
    """True when the claim, or the attribution frame that introduces it, carries a hedge."""
    words = [t.lower_ for t in tokens] + [t.lower_ for t in frame]
    if any(w in HEDGE_WORDS for w in words):
        return True
    # "some views suggest", "certain experts believe": a vague, anonymous source hedges the claim.
    return any(t.lower_ in ANONYMOUS_HEDGES and t.dep_ == "det" for t in frame)


def _has_need_to(lowers: list[str]) -> bool:
    pairs = set(zip(lowers, lowers[1:], strict=False))
    return bool(pairs & {("need", "to"), ("needs", "to"), ("have", "to"), ("has", "to")})


def _is_imperative(tokens: Sequence[Token]) -> bool:
    return any(
        t.dep_ == "ROOT" and t.tag_ == "VB" and not any(c.dep_ in ("nsubj", "aux", "nsubjpass") for c in t.children)
        for t in tokens
    )
