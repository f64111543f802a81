"""Whether to take the tagger's proposed claimer for a claim the rules left in the author's voice: a logistic
model over the proposal and its context (the artefact's ``claimer_decision``; :mod:`claimscope.claims.learned`).

The tagger's confidence alone cannot tell a claim that continues someone's account ("Smith said A. B.") from the
author's own sentence next to it; the context can: whether the claim before it in the paragraph has a claimer,
and the same one; where the proposed source stands; whether the paragraph quotes anyone. The model is fitted on
the proposals of PolNeAR **train** (:mod:`claimscope.training.attribution_decision`) and its threshold chosen on
PolNeAR dev.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from spacy.tokens import Span

from claimscope.claims.words import CUE_VERBS

WAYS = ("act", "quotation", "unquoted")
FEATURES = (
    *(f"way_{w}" for w in WAYS),
    *(f"confidence_{w}" for w in WAYS),
    "source_in_claim",
    "source_in_sentence",
    "source_before",
    "log_distance",
    "source_pronoun",
    "source_proper",
    "previous_has_claimer",
    "previous_same_source",
    "sentence_has_cue",
    "paragraph_start",
    "paragraph_quotes",
    "claim_quoted",
    "first_person",
    "log_length",
)
QUOTE_MARKS = frozenset('"“”')
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})


def context_features(
    way: str,
    confidence: float,
    claim: Span,
    source: Span,
    previous: Span | None,
    quoted: AbstractSet[int],
    text: str,
) -> dict[str, float]:
    """The features of one proposal (:data:`FEATURES`); ``previous``: the claim before it in the same paragraph,
    with the rules' claimer (None at a paragraph's first claim)."""
    sent = claim.sent
    gap = max(0, source.start_char - claim.end_char, claim.start_char - source.end_char)
    paragraph_from = text.rfind("\n", 0, claim.start_char) + 1
    paragraph_to = text.find("\n", claim.end_char)
    paragraph = text[paragraph_from : len(text) if paragraph_to < 0 else paragraph_to]
    earlier = previous._.claimer if previous is not None else None
    out = {f"way_{w}": float(way == w) for w in WAYS}
    out.update({f"confidence_{w}": confidence * (way == w) for w in WAYS})
    out.update(
        {
            "source_in_claim": float(claim.start_char <= source.start_char < claim.end_char),
            "source_in_sentence": float(sent.start_char <= source.start_char < sent.end_char),
            "source_before": float(source.end_char <= claim.start_char),
            "log_distance": math.log1p(gap) / 10,
            "source_pronoun": float(source.root.tag_ in ("PRP", "PRP$")),
            "source_proper": float(source.root.pos_ == "PROPN"),
            "previous_has_claimer": float(earlier is not None),
            "previous_same_source": float(
                earlier is not None
                and (
                    earlier.get("entity_id") is not None
                    and earlier.get("entity_id") == _entity_of(source)
                    or earlier.get("text", "").lower() == source.text.lower()
                )
            ),
            "sentence_has_cue": float(any(t.pos_ == "VERB" and t.lemma_ in CUE_VERBS for t in sent)),
            "paragraph_start": float(not text[paragraph_from : sent.start_char].strip()),
            "paragraph_quotes": float(any(c in QUOTE_MARKS for c in paragraph)),
            "claim_quoted": float(any(t.i in quoted for t in claim)),
            "first_person": float(any(t.lower_ in FIRST_PERSON and t.i not in quoted for t in claim)),
            "log_length": math.log1p(len(claim)) / 5,
        }
    )
    return out


def _entity_of(span: Span) -> str | None:
    """The canonical id of the entity the span names, if the entity stage tagged one."""
    for ent in span.doc.ents:
        if ent.start <= span.root.i < ent.end:
            return ent.kb_id_ or None
    return None


def previous_in_paragraph(claims: Sequence[Span], text: str) -> dict[int, Span | None]:
    """For each claim (by its start token), the claim before it when no line break lies between them."""
    out: dict[int, Span | None] = {}
    before: Span | None = None
    for claim in claims:
        same = before is not None and "\n" not in text[before.end_char : claim.start_char]
        out[claim.start] = before if same else None
        before = claim
    return out


class Decision:
    """The fitted logistic model and its threshold (``claimer_decision`` in the artefact's config.json)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.weights = {str(k): float(v) for k, v in config["weights"].items()}
        self.bias = float(config["bias"])
        self.threshold = float(config["threshold"])

    def probability(self, features: Mapping[str, float]) -> float:
        """How likely the proposal's claim lies inside someone's attributed content."""
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
