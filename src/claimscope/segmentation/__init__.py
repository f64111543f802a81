"""Claim segmentation: split a sentence into independent clauses and peel off attribution frames.

A sentence is cut where two independent clauses (each with its own subject and finite verb) are joined by
";", ", but", ", and", ", while", ", yet", ", whereas" or "but". In each clause an attribution frame is found
and removed from the claim's content:

- "As X said / put it / noted, ..."  and "..., as X said."
- "X said / warned / believes / pointed out / argued that ..." (also '"...," X said.' and "..., X said, ...")
- "According to X, ...", "In the view of X, ...", "In X's view, ..."

The speaker X becomes the claim's claimer; the verb ("said", "put it", "has warned") its cue. This package
works on parsed spaCy tokens only; linking the claimer to an entity happens in the claims component.

Modules, one job each:

- :mod:`.clauses`: cutting a sentence into claim-sized pieces (:func:`segment_sentence`);
- :mod:`.attribution`: the frame inside one clause, from the parse (:func:`find_attribution`);
- :mod:`.sentence_frames`: frames found on the surface of a whole sentence (:func:`find_sentence_frame`,
  :func:`attribution_line`);
- :mod:`.tokens` and :mod:`.words`: token helpers and word lists shared by the three.
"""

from .attribution import ClauseParts, find_attribution
from .clauses import segment_sentence
from .sentence_frames import SentenceFrame, attribution_line, find_sentence_frame
from .tokens import is_quote_like, trim_content, trim_speaker
from .words import CUE_VERBS

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
