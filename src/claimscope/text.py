"""Checking and cutting input text: type checks, language check, pieces for very long texts."""

from __future__ import annotations

import re
import unicodedata

from .errors import ClaimscopeTypeError, Errors, Warnings

# Frequent English function words; an English text of a few dozen words has many of them.
ENGLISH_WORDS = frozenset(
    "the of and to in a is that for it as was with on be by are this have from or an at not which but has "
    "were its their will they been would more than can said also who after about there its into".split()
)
MIN_WORDS_FOR_LANGUAGE_CHECK = 8
MIN_ENGLISH_RATIO = 0.12
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def check_text(text: object) -> str:
    """``text`` itself when it is a str; else a coded TypeError (E001)."""
    if not isinstance(text, str):
        raise ClaimscopeTypeError(Errors.E001, type=type(text).__name__)
    return text


def language_warning(text: str) -> str | None:
    """A coded warning message when ``text`` does not look like English, else None."""
    words = [w.lower() for w in WORD.findall(text[:20000])]
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return None
    ratio = sum(w in ENGLISH_WORDS for w in words) / len(words)
    return Warnings.W001.format(ratio=ratio) if ratio < MIN_ENGLISH_RATIO else None


def control_char_warning(text: str) -> str | None:
    """A coded warning message when ``text`` holds control or replacement characters."""
    count = sum(1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"))
    return Warnings.W003.format(count=count) if count else None


def split_long_text(text: str, max_length: int) -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``max_length`` characters, as ``(offset, piece)``.

    Cuts fall at a paragraph break when one is in the second half of the window, else at a sentence end,
    else at whitespace, else hard at ``max_length``; ``text[offset:offset+len(piece)] == piece`` always.
    """
    pieces = []
    start = 0
    while len(text) - start > max_length:
        window = text[start : start + max_length]
        cut = _cut_point(window)
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _cut_point(window: str) -> int:
    half = len(window) // 2
    for pattern in ("\n\n", "\n", ". ", "? ", "! ", " "):
        position = window.rfind(pattern, half)
        if position != -1:
            return position + len(pattern)
    return len(window)
