"""Quoted stretches of a document: which quote marks open and close, and the regions between them.

Straight quotes are paired by their order within a paragraph; curly quotes (and their mojibake forms, common in
scraped news: "â€œ" opens, "â€\x9d" closes) by their direction. A quote left open at the end of a paragraph
closes there, so an unbalanced quote never swallows the rest of the text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimscope.claims.tokens import is_quote_like

# Curly quotes decoded as cp1252 ("â€œ", "â€\x9d"): the tokenizer splits these off words (see pipeline.py).
MOJIBAKE_QUOTES = ("\u00e2\u0080\u009c", "\u00e2\u0080\u009d")
OPENING = ("“", "‘", "«", "„", MOJIBAKE_QUOTES[0], "\u00e2\u0080\u0098")
CLOSING = ("”", "’", "»", MOJIBAKE_QUOTES[1], "\u00e2\u0080\u0099")


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` inside quote marks (the marks themselves excluded).

    Double and single quote marks pair only with their own kind, so a quoted word inside a quotation
    ('"... are \'freaks\' and ..."') does not end it; an apostrophe inside a word ("donâ€™t") is no quote,
    and a single mark left open at the end of a paragraph is taken for an apostrophe ("the players’ union").
    """
    regions = []
    open_at: dict[str, int] = {}
    for token in (t for t in doc if is_quote_like(t) or "\n" in t.text):
        if "\n" in token.text:
            if "double" in open_at and token.i - open_at["double"] > 1:
                regions.append((open_at["double"] + 1, token.i))
            open_at.clear()
            continue
        if _is_apostrophe(token):
            continue
        kind = _kind(token)
        direction = _direction(token)
        start = open_at.get(kind)
        if start is not None and direction == "open" and _after_sentence_end(token):
            # '"... treatment, Simon says. "I know ...': the first quote was never closed; a new one opens here
            if token.i - start > 1:
                regions.append((start + 1, token.i))
            del open_at[kind]
            start = None
        if start is None and direction != "close":
            open_at[kind] = token.i
        elif start is not None and direction != "open":
            if token.i - start > 1:
                regions.append((start + 1, token.i))
            del open_at[kind]
    if "double" in open_at and len(doc) - open_at["double"] > 1:
        regions.append((open_at["double"] + 1, len(doc)))
    return sorted(regions)


SINGLE_QUOTES = ("'", "‘", "’", "\u00e2\u0080\u0098", "\u00e2\u0080\u0099")


def _kind(token: Token) -> str:
    return (
        "single" if token.text in SINGLE_QUOTES or token.text.endswith(("\u0080\u0098", "\u0080\u0099")) else "double"
    )


def _is_apostrophe(token: Token) -> bool:
    """A single quote mark between two letters with no space around it ("don’t", "Mugabe’s" split apart)."""
    doc = token.doc
    if _kind(token) != "single" or token.i == 0 or token.i + 1 >= len(doc):
        return False
    before, after = doc[token.i - 1], doc[token.i + 1]
    return not before.whitespace_ and not token.whitespace_ and before.text[-1:].isalpha() and after.text[:1].isalpha()


def _direction(token: Token) -> str:
    """ "open" or "close" for curly quotes; for straight ones, "open" when the mark is attached to the word
    after it and not to the one before it (' "I know'), else "either". A closing curly mark so attached opens."""
    text = token.text
    if text.startswith(OPENING) or text.endswith(("\u0080\u009c", "\u0080\u0098")):
        return "open"
    if text in ('"', "”") and _opens_word(token):
        return "open"  # also '”Mr. Trump embodies ...': a closing mark typed for an opening one
    if text.startswith(CLOSING) or text.endswith(("\u0080\u009d", "\u0080\u0099")):
        return "close"
    return "either"


def _opens_word(token: Token) -> bool:
    """True when the mark is attached to the word after it and to nothing before it (a paragraph's start, or
    a space before it)."""
    doc = token.doc
    if token.whitespace_ or token.i + 1 >= len(doc) or not doc[token.i + 1].text[:1].isalnum():
        return False
    return token.i == 0 or bool(doc[token.i - 1].whitespace_) or doc[token.i - 1].is_space


def _after_sentence_end(token: Token) -> bool:
    """True when the last word-like token before ``token`` ends a sentence ("says. " before a new quote)."""
    i = token.i - 1
    while i >= 0 and token.doc[i].is_space:
        i -= 1
    return i >= 0 and token.doc[i].text in (".", "!", "?")
