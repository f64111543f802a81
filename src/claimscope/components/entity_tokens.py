"""Token-level helpers of the entity component: retokenizing splits of names glued to other text ("Merkelâs",
"U.S.-Mexico") and fast lookups of tokens by attribute."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Token

# A quote or dash garbled by decoding UTF-8 as Latin-1 ("â", "â\x80\x9c"), a token of its own.
_GARBLED_QUOTE = re.compile(r"^(?:\u00e2[\x80-\x9f]*)+$")


# The texts, heads and attributes of the pieces of one split token.
_Split = tuple[list[str], list[Any], dict[str, list[str]]]


# A possessive "'s" whose apostrophe was garbled (UTF-8 read as Latin-1), glued to the name by the tokenizer:
# "Merkelâ\x80\x99s", "Merkelâs" (with the invisible control characters dropped).
_GARBLED_POSSESSIVE = re.compile(r"^(?P<name>[A-Z][\w.'-]*?)(?P<pos>\u00e2\u0080\u0099s|\u00e2s|\u00e2\u0080\u0099)$")


def _split_matching(doc: Doc, pattern: re.Pattern[str], pieces: Callable[[Token, re.Match[str]], _Split]) -> None:
    """Split every token whose text ``pattern`` matches into the pieces ``pieces`` gives for it (their texts, heads
    and attributes, as :meth:`spacy.tokens.Doc.retokenize` takes them)."""
    found = [(t, m) for t in doc if (m := pattern.match(t.text)) is not None]
    if not found:
        return
    with doc.retokenize() as retokenizer:
        for token, match in found:
            orths, heads, attrs = pieces(token, match)
            retokenizer.split(token, orths, heads=heads, attrs=attrs)


def _own_head(token: Token) -> Token | tuple[Token, int]:
    """The head the first piece of a split ``token`` keeps: the token's head, or the piece itself at a root."""
    return token.head if token.head.i != token.i else (token, 0)


def _split_garbled_possessives(doc: Doc) -> None:
    """Split "Merkelâs" into "Merkel" + "âs", so that the name can be a mention of its own."""
    _split_matching(
        doc,
        _GARBLED_POSSESSIVE,
        lambda token, match: (
            [match["name"], match["pos"]],
            [_own_head(token), (token, 0)],
            {"TAG": [token.tag_, "POS"], "POS": [token.pos_, "PART"], "DEP": [token.dep_, "case"]},
        ),
    )


# An abbreviation with full stops hyphenated to a word, one token for spaCy: "U.S.-Mexico", "U.N.-backed".
_ABBREVIATED_COMPOUND = re.compile(r"^(?P<abbr>[A-Z](?:\.[A-Z])+\.)-(?P<word>\w[\w.]*)$")


def _split_abbreviated_compounds(doc: Doc) -> None:
    """Split "U.S.-Mexico" into "U.S.", "-" and "Mexico", so that each name can be a mention of its own."""
    _split_matching(
        doc,
        _ABBREVIATED_COMPOUND,
        lambda token, match: (
            [match["abbr"], "-", match["word"]],
            [_own_head(token), (token, 0), (token, 0)],
            {
                "TAG": ["NNP", "HYPH", token.tag_],
                "POS": ["PROPN", "PUNCT", token.pos_],
                "DEP": [token.dep_, "punct", "compound"],
            },
        ),
    )


def _is_year(token: Token) -> bool:
    return len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20")


def _tokens_with(doc: Doc, attr: int, values: frozenset[int]) -> list[Token]:
    """The tokens whose ``attr`` (a spaCy attribute id) has one of ``values``, found without a Python pass over
    every token."""
    return [doc[i] for i, value in enumerate(doc.to_array(attr).tolist()) if value in values]


def _skip_spaces(doc: Doc, k: int) -> int:
    """The first token from ``k`` on that is not white space (PerSenT pads names and punctuation with spaces)."""
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k
