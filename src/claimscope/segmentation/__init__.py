"""Claim segmentation (being split into modules; see :mod:`claimscope.segmentation.clauses`)."""

from .clauses import (
    CUE_VERBS,
    ClauseParts,
    SentenceFrame,
    attribution_line,
    find_attribution,
    find_sentence_frame,
    is_quote_like,
    segment_sentence,
    trim_content,
    trim_speaker,
)

__all__ = [
    "CUE_VERBS",
    "ClauseParts",
    "SentenceFrame",
    "attribution_line",
    "find_attribution",
    "find_sentence_frame",
    "is_quote_like",
    "segment_sentence",
    "trim_content",
    "trim_speaker",
]
