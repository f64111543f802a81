"""A trained attribution tagger (who says what): PolNeAR Source / Cue / Content spans as word-piece BIO tags.

- :mod:`.data`: the brat standoff reader, word-piece windows and BIO tags with character offsets;
- :mod:`.tagger`: MiniLM with its top layers fine-tuned and a token-classification head (artefact format
  ``claimscope-attribution``), prediction as character spans with confidences;
- :mod:`.train`: training on cached lower-layer states, selection on dev;
- :mod:`.evaluate`: span F1 on PolNeAR dev and the claim/claimer measures of the rule-based pipeline, alone and
  with the tagger filling the claimers the rules left empty (:func:`.tagger.propose_claimer`).
"""

from __future__ import annotations

LABELS = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]
ROLES = ("SOURCE", "CUE", "CONTENT")
ARTEFACT_NAME = "claimscope-attribution"

__all__ = ["ARTEFACT_NAME", "LABELS", "ROLES"]
