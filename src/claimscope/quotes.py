"""Quoted stretches of a document: which quote marks open and close, and the regions between them.

Straight quotes are paired by their order within a paragraph; curly quotes (and their mojibake forms, common in
scraped news: "â€œ" opens, "â€\x9d" closes) by their direction. A quote left open at the end of a paragraph
closes there, so an unbalanced quote never swallows the rest of the text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .segmentation import is_quote_like

# Curly quotes decoded as cp1252 ("â€œ", "â€\x9d"): the tokenizer splits these off words (see pipeline.py).
MOJIBAKE_QUOTES = ("\u00e2\u0080\u009c", "\u00e2\u0080\u009d")
OPENING = ("“", "‘", "«", "„", MOJIBAKE_QUOTES[0], "\u00e2\u0080\u0098")
CLOSING = ("”", "’", "»", MOJIBAKE_QUOTES[1], "\u00e2\u0080\u0099")


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` inside quote marks (the marks themselves excluded)."""
    regions = []
    open_at: int | None = None
    for token in (t for t in doc if is_quote_like(t) or "\n" in t.text):
        if "\n" in token.text:
            if open_at is not None and token.i - open_at > 1:
                regions.append((open_at + 1, token.i))
            open_at = None
            continue
        direction = _direction(token)
        if open_at is None and direction != "close":
            open_at = token.i
        elif open_at is not None and direction != "open":
            if token.i - open_at > 1:
                regions.append((open_at + 1, token.i))
            open_at = None
    if open_at is not None and len(doc) - open_at > 1:
        regions.append((open_at + 1, len(doc)))
    return regions


def _direction(token: Token) -> str:
    text = token.text
    if text.startswith(OPENING) or text.endswith(("\u0080\u009c", "\u0080\u0098")):
        return "open"
    if text.startswith(CLOSING) or text.endswith(("\u0080\u009d", "\u0080\u0099")):
        return "close"
    return "either"
