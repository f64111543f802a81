"""Word pieces with character offsets, cut into windows at sentence starts: the units the attribution tagger
reads (at prediction) and learns from (in training, :mod:`claimscope.training.attribution_data`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]
WINDOW_PIECES = 254  # 256 with [CLS] and [SEP]
_SENTENCE_END = {".", "?", "!"}
_CLOSERS = {"”", '"', "’", "'", ")"}


def trim(text: str, span: Span) -> Span:
    """``span`` without leading and trailing whitespace."""
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def pieces(tokenizer: object, text: str) -> tuple[list[int], list[Span]]:
    """Word-piece ids and character offsets of the whole text (no special tokens, no truncation)."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # "longer than the maximum length": windows come later
    try:
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)  # type: ignore[operator]
    finally:
        hf_logging.set_verbosity(verbosity)
    return list(enc["input_ids"]), [tuple(o) for o in enc["offset_mapping"]]


def sentence_starts(text: str, offsets: Sequence[Span]) -> list[bool]:
    """Whether each piece starts a sentence or a paragraph (a line break before it, or a sentence end and a
    space before it)."""
    out = []
    for i, (s, _) in enumerate(offsets):
        if i == 0:
            out.append(True)
            continue
        gap = text[offsets[i - 1][1] : s]
        prev = text[offsets[i - 1][0] : offsets[i - 1][1]]
        before = text[offsets[i - 2][0] : offsets[i - 2][1]] if i > 1 else ""
        ended = prev in _SENTENCE_END or (prev in _CLOSERS and before in _SENTENCE_END)
        out.append("\n" in gap or (ended and gap != ""))
    return out


def windows(text: str, offsets: Sequence[Span], extents: Sequence[Span] = (), size: int = WINDOW_PIECES) -> list[Span]:
    """Piece ranges ``[start, end)`` of at most ``size`` pieces covering the text, cut at sentence starts.

    Greedy from the start: each window ends at the last sentence start that falls inside no attribution
    ``extent`` (so a source stays with its content: training only; prediction passes none), else at the last
    sentence start, else after ``size`` pieces."""
    n = len(offsets)
    starts = sentence_starts(text, offsets)
    inside = [False] * n
    for s, e in extents:
        for i, (ps, _) in enumerate(offsets):
            if s < ps < e:
                inside[i] = True
    out, begin = [], 0
    while begin < n:
        if n - begin <= size:
            out.append((begin, n))
            break
        limit = begin + size
        cands = [i for i in range(begin + 1, limit + 1) if starts[i]]
        safe = [i for i in cands if not inside[i]]
        end = safe[-1] if safe else (cands[-1] if cands else limit)
        out.append((begin, end))
        begin = end
    return out


@dataclass
class Window:
    """One training or prediction unit: ``ids`` with [CLS] and [SEP], ``offsets`` of its pieces (without them)
    and ``tags`` of its pieces (empty for prediction)."""

    doc: int
    ids: list[int]
    offsets: list[Span]
    tags: list[int]
