"""Checking and cutting input text: type checks, language check, pieces for very long texts."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from claimscope.errors import ClaimscopeTypeError, Errors, Warnings

# Frequent English function words; an English text of a few dozen words has many of them.
ENGLISH_WORDS = frozenset(
    "the of and to in a is that for it as was with on be by are this have from or an at not which but has "
    "were its their will they been would more than can said also who after about there its into".split()
)
MIN_WORDS_FOR_LANGUAGE_CHECK = 8
MIN_ENGLISH_RATIO = 0.12
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


# A lone UTF-16 surrogate (from text decoded with "surrogateescape", or a broken JSON escape) cannot be encoded.
SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# A "sentence" of more words than this with no sentence punctuation and no line break is not prose (a dump of
# keywords, a transcript without punctuation): parsing it is slow and every clause would become a claim.
MAX_SENTENCE_WORDS = 2000
SENTENCE_BOUNDARY = re.compile(r"[.!?;]+[\"'\u201d\u2019)\]]*(?=\s|$)|\n")


@dataclass(frozen=True)
class PreparedText:
    """A text made safe for the pipeline, of the same length as the caller's text (offsets hold): ``repaired``
    is the text with unencodable characters replaced (what an Analysis reports as its text), ``clean`` is
    ``repaired`` with the ``skipped`` stretches blanked for parsing; ``warnings`` are coded messages."""

    repaired: str
    clean: str
    warnings: tuple[str, ...] = ()
    skipped: tuple[tuple[int, int, str], ...] = ()

    @property
    def has_content(self) -> bool:
        """Whether there is anything left for the pipeline to read."""
        return any(ch.isalpha() for ch in self.clean)


def check_text(text: object) -> str:
    """``text`` itself when it is a str; else a coded TypeError (E001)."""
    if not isinstance(text, str):
        raise ClaimscopeTypeError(Errors.E001, type=type(text).__name__)
    return text


def prepare_text(text: str) -> PreparedText:
    """Repair and screen ``text`` before parsing, keeping its length so offsets still point into ``text``.

    - lone surrogates ("\\ud800") become U+FFFD, with warning W007;
    - a text with letters in no script gets warning W008 (nothing is parsed);
    - a stretch of more than :data:`MAX_SENTENCE_WORDS` words with no sentence punctuation or line break is
      blanked (spaces) and reported in ``skipped`` with reason ``unpunctuated``, with warning W009.
    """
    found: list[str] = []
    surrogates = len(SURROGATE.findall(text))
    if surrogates:
        text = SURROGATE.sub(REPLACEMENT, text)
        found.append(Warnings.W007.format(count=surrogates))
    if text.strip() and not any(ch.isalpha() for ch in text):
        found.append(Warnings.W008.format(length=len(text)))
        return PreparedText(text, text, tuple(found))
    repaired = text
    stretches = unpunctuated_stretches(text)
    if stretches:
        pieces, last = [], 0
        for start, end in stretches:
            pieces += [text[last:start], " " * (end - start)]
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
        found.append(Warnings.W009.format(count=len(stretches), limit=MAX_SENTENCE_WORDS, first=stretches[0][0]))
    return PreparedText(repaired, text, tuple(found), tuple((s, e, "unpunctuated") for s, e in stretches))


def unpunctuated_stretches(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[tuple[int, int]]:
    """``(start, end)`` of each stretch between sentence boundaries holding more than ``limit`` words."""
    stretches = []
    start = 0
    boundaries = [m.end() for m in SENTENCE_BOUNDARY.finditer(text)]
    for end in [*boundaries, len(text)]:
        # a word takes at least two characters with its space: only long stretches need counting
        if end - start > 2 * limit and len(text[start:end].split()) > limit:
            stretch = text[start:end]
            lead = len(stretch) - len(stretch.lstrip())
            stretches.append((start + lead, start + len(stretch.rstrip())))
        start = end
    return stretches


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
