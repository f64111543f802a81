"""Claimers from the learned attribution tagger, beside the rules (opt-in: the claims component's
``attribution_model`` setting).

The rules keep the segmentation and every claimer they find. For each claim they leave in the author's voice,
the tagger (:class:`claimscope.models.attribution.Tagger`, trained on PolNeAR) reads the document once, in
windows of at most 256 word pieces, and proposes a claimer in one of two ways, each kept when its confidence is
at least ``min_confidence``:

- **a reported act** the holder lexicon does not know (guide C4): the tagger marks the claim's main verb (or a
  word it governs: "went after", "is raising questions about") as a Cue and the verb's subject as a Source; the
  subject is the claimer (confidence: the lower of the two scores);
- **a quotation** whose speaker the rules did not find: the predicted Content that covers most of the claim and
  the predicted Source nearest it (:func:`~claimscope.models.attribution.claimer_from_spans`; confidence:
  content score x source score). Unquoted claims do not take a claimer this way: on PolNeAR dev, filling them
  too gave more claimers to the author's own sentences than it found.

Its span is linked to an entity as a rule's claimer is (a "he" to the person named before it), and
``span._.claimer_rule`` is ``"tagger"``. A document whose claims all have a claimer costs no encoder pass. The
tagger runs under bf16 where the processor has it (``$CLAIMSCOPE_PRECISION=fp32`` forces full precision).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from claimscope.claims.holders import reports_an_act

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

    def fill(
        self,
        doc: Doc,
        claims: Sequence[Span],
        describe: Callable[[Span, str | None], dict[str, Any]],
        quoted: AbstractSet[int] = frozenset(),
    ) -> int:
        """Give the claims without a claimer the tagger's claimer where it is confident (module docstring); how
        many got one. ``describe(source, cue)`` makes the claimer dict as for a rule's claimer (entity link,
        kind); ``quoted`` holds the indices of the Doc's quoted tokens."""
        empty = [claim for claim in claims if claim._.claimer is None]
        if not empty:
            return 0
        text = doc.text  # spaCy rebuilds it on every access: read it once
        spans = self.tagger.predict([text])[0]
        filled = 0
        for claim in empty:
            found = self._act(text, claim, spans) or (
                self._quotation(text, claim, spans) if claim.start in quoted else None
            )
            if found is None:
                continue
            claim._.claimer = describe(*found)
            claim._.claimer_rule = TAGGER_RULE
            filled += 1
        return filled

    def _act(self, text: str, claim: Span, spans: Sequence[Any]) -> tuple[Span, str] | None:
        """The subject of the claim's main verb, when the tagger marks the verb a Cue and the subject a Source."""
        verb = claim.root
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and claim.start <= c.i < verb.i), None)
        if subject is None or not reports_an_act(verb):
            return None  # "Kelly did not mention ...": no act reported (guide F3)
        words = [verb, *(c for c in verb.children if c.dep_ in ACT_PARTS)]
        cue = _best(spans, "CUE", [(w.idx, w.idx + len(w)) for w in words])
        source = _best(spans, "SOURCE", [(subject.idx, subject.idx + len(subject))])
        if cue is None or source is None or min(cue.score, source.score) < self.min_confidence:
            return None
        return claim.doc[subject.left_edge.i : subject.right_edge.i + 1], text[cue.start : cue.end]

    def _quotation(self, text: str, claim: Span, spans: Sequence[Any]) -> tuple[Span, str | None] | None:
        """The speaker of a quoted claim: the Source nearest the Content that covers most of it."""
        from claimscope.models.attribution import claimer_from_spans

        found = claimer_from_spans(text, spans, (claim.start_char, claim.end_char))
        if found is None or found["confidence"] < self.min_confidence:
            return None
        source = claim.doc.char_span(found["start"], found["end"], alignment_mode="expand")
        if source is None or source.root.tag_ == "PRP$":
            return None  # "said her first thought was that ...": a possessive names no speaker
        return _noun_phrase(source), found["cue"]


# Words a reporting verb governs that belong to its cue ("called on", "went after", "pointed to", "wants to").
ACT_PARTS = frozenset({"xcomp", "prep", "prt", "acomp"})


def _noun_phrase(span: Span) -> Span:
    """The whole name a predicted Source is part of ("Mr." of "Mr. Trump"), up to its head noun."""
    head = span.root
    while head.dep_ in ("compound", "flat") and head.head.i > head.i:
        head = head.head
    if head.i < span.end - 1 or head.pos_ not in ("PROPN", "NOUN"):
        return span
    return span.doc[min(span.start, head.left_edge.i) : head.i + 1]


def _best(spans: Sequence[Any], role: str, words: Sequence[tuple[int, int]]) -> Any:
    """The highest-scoring predicted span of ``role`` overlapping any of the character ranges ``words``."""
    hits = [s for s in spans if s.role == role and any(s.start < e and b < s.end for b, e in words)]
    return max(hits, key=lambda s: s.score, default=None)
