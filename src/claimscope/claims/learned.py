"""Claimers from the learned attribution tagger, beside the rules (opt-in: the claims component's
``attribution_model`` setting).

The rules keep the segmentation and every claimer they find. For each claim they leave in the author's voice,
the tagger (:class:`claimscope.models.attribution.Tagger`, trained on PolNeAR) reads the document once, in
windows of at most 256 word pieces, and proposes a claimer: the predicted Content that covers most of the claim
and the predicted Source nearest it (:func:`~claimscope.models.attribution.claimer_from_spans`). The proposal
is kept when its confidence (content score x source score) is at least ``min_confidence``. Its span is linked
to an entity as a rule's claimer is (a "he" to the person named before it), and ``span._.claimer_rule`` is
``"tagger"``. A document whose claims all have a claimer costs no encoder pass. The tagger runs under bf16
where the processor has it (``$CLAIMSCOPE_PRECISION=fp32`` forces full precision).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

TAGGER_RULE = "tagger"
DEFAULT_MIN_CONFIDENCE = 0.5


class LearnedClaimers:
    """Fills empty claimers from the attribution tagger; the model loads on first use."""

    def __init__(self, model: str | Path | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> None:
        self.model = None if model in (None, "", "default") else Path(str(model))
        self.min_confidence = float(min_confidence)
        self._tagger: Any = None

    @property
    def tagger(self) -> Any:
        """The tagger (raises ``ModelLoadError`` [E008] when its artefact is missing or damaged)."""
        if self._tagger is None:
            from claimscope.models.attribution import Tagger

            # bf16 where the processor has it: the tagger reads one document at a time, so its output does not
            # depend on the batch (the reason the fast tier's classifiers default to fp32)
            self._tagger = Tagger.load(self.model, default="auto")
        return self._tagger

    def fill(self, doc: Doc, claims: Sequence[Span], describe: Callable[[Span, str | None], dict[str, Any]]) -> int:
        """Give the claims without a claimer the tagger's claimer where it is confident; how many got one.
        ``describe(source, cue)`` makes the claimer dict as for a rule's claimer (entity link, kind)."""
        from claimscope.models.attribution import claimer_from_spans

        empty = [claim for claim in claims if claim._.claimer is None]
        if not empty:
            return 0
        spans = self.tagger.predict([doc.text])[0]
        filled = 0
        for claim in empty:
            found = claimer_from_spans(doc.text, spans, (claim.start_char, claim.end_char))
            if found is None or found["confidence"] < self.min_confidence:
                continue
            source = doc.char_span(found["start"], found["end"], alignment_mode="expand")
            if source is None:
                continue
            claim._.claimer = describe(source, found["cue"])
            claim._.claimer_rule = TAGGER_RULE
            filled += 1
        return filled
