"""Claimers from the learned attribution tagger, beside the rules (the claims component's ``attribution_model``
setting; on by default).

The rules keep the segmentation and every claimer they find. For each claim they leave in the author's voice,
the tagger (:class:`claimscope.models.attribution.Tagger`, trained on PolNeAR) reads the document once, in
windows of at most 256 word pieces, and proposes a claimer in one of two ways:

- **a reported act** the holder lexicon does not know (guide C4): the tagger marks the claim's main verb (or a
  word it governs: "went after", "is raising questions about") as a Cue and the verb's subject as a Source; the
  subject is the claimer (confidence: the lower of the two scores);
- **a content**: the predicted Content that covers most of the claim and the predicted Source nearest it
  (:func:`~claimscope.models.attribution.claimer_from_spans`; confidence: content score x source score).

Each way has its own confidence threshold, stored in the artefact (``claimer_confidence`` in its
``config.json``: ``act``, ``quotation`` for a quoted claim, ``unquoted`` for any other), chosen on PolNeAR dev:
an unquoted claim needs far more confidence than a quoted one, since most of them are the author's own. An
artefact with a decision model (``claimer_decision``) lets it take or leave each proposal from the proposal and
its context instead (:mod:`claimscope.claims.attribution_decision`).
``min_confidence`` raises every threshold (1.01 turns the tagger's claimers off).

Its span is linked to an entity as a rule's claimer is (a "he" to the person named before it), and
``span._.claimer_rule`` is ``"tagger"``. A document whose claims all have a claimer costs no encoder pass. The
tagger runs under bf16 where the processor has it (``$CLAIMSCOPE_PRECISION=fp32`` forces full precision).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimscope.claims.attribution_decision import Decision, context_features, previous_in_paragraph
from claimscope.claims.holders import reports_an_act
from claimscope.claims.words import CUE_VERBS

TAGGER_RULE = "tagger"
DEFAULT_MIN_CONFIDENCE = 0.0
# thresholds of an artefact whose config names none (the first shipped tagger's): no unquoted contents
DEFAULT_THRESHOLDS: dict[str, float | None] = {"act": 0.5, "quotation": 0.5, "unquoted": None}


class LearnedClaimers:
    """Fills empty claimers from the attribution tagger; the model loads on first use."""

    def __init__(self, model: str | Path | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> None:
        self.model = None if model in (None, "", "default") else Path(str(model))
        self.min_confidence = float(min_confidence)
        self._tagger: Any = None

    @property
    def thresholds(self) -> dict[str, float | None]:
        """The confidence each way needs (``None``: that way is off), at least ``min_confidence``."""
        chosen = {**DEFAULT_THRESHOLDS, **self.tagger.model.config.get("claimer_confidence", {})}
        return {k: None if v is None else max(float(v), self.min_confidence) for k, v in chosen.items()}

    @property
    def tagger(self) -> Any:
        """The tagger (raises ``ModelLoadError`` [E008] when its artefact is missing or damaged)."""
        if self._tagger is None:
            from claimscope.models.attribution import Tagger

            # bf16 where the processor has it: the tagger reads one document at a time, so its output does not
            # depend on the batch (the reason the fast tier's classifiers default to fp32)
            self._tagger = Tagger.load(self.model, default="auto")
        return self._tagger

    def propose(
        self, doc: Doc, claims: Sequence[Span], quoted: AbstractSet[int] = frozenset(), features: bool | None = None
    ) -> list[Proposal]:
        """The tagger's proposals, at any confidence, for the claims without a claimer: per claim its act, then
        its content, where the tagger sees one. ``quoted`` holds the indices of the Doc's quoted tokens.
        ``features``: whether to add the decision model's features (default: when the artefact has one)."""
        empty = [claim for claim in claims if claim._.claimer is None]
        if not empty:
            return []
        text = doc.text  # spaCy rebuilds it on every access: read it once
        spans = self.tagger.predict([text])[0]
        out: list[Proposal] = []
        for claim in empty:
            act = _act(text, claim, spans)
            content = _content(text, claim, spans, "quotation" if claim.start in quoted else "unquoted")
            out.extend(p for p in (act, content) if p is not None)
        if features is None:
            features = self.decision is not None
        if features:
            previous = previous_in_paragraph(claims, text)
            context = [(p.way, p.confidence, p.claim, p.source, previous[p.claim.start], quoted, text) for p in out]
            out = [replace(p, features=context_features(*c)) for p, c in zip(out, context, strict=True)]
        return out

    @property
    def decision(self) -> Decision | None:
        """The artefact's decision model (``claimer_decision``), or None: the per-way thresholds decide."""
        config = self.tagger.model.config.get("claimer_decision")
        return Decision(config) if config else None

    def accepts(self, proposal: Proposal) -> bool:
        """Whether the proposal is confident enough: the decision model's probability at its threshold when
        the artefact has one (never under ``min_confidence`` of the tagger's own confidence), else the way's
        threshold."""
        decision = self.decision
        if decision is not None:
            if proposal.confidence < self.min_confidence:
                return False
            return decision.probability(proposal.features) >= decision.threshold
        needed = self.thresholds[proposal.way]
        return needed is not None and proposal.confidence >= needed

    def fill(
        self,
        doc: Doc,
        claims: Sequence[Span],
        describe: Callable[[Span, str | None], dict[str, Any]],
        quoted: AbstractSet[int] = frozenset(),
    ) -> int:
        """Give the claims without a claimer the first proposal confident enough for its way (module docstring);
        how many got one. ``describe(source, cue)`` makes the claimer dict as for a rule's claimer (entity link,
        kind)."""
        filled = 0
        for p in self.propose(doc, claims, quoted):
            if p.claim._.claimer is not None or not self.accepts(p):
                continue
            p.claim._.claimer = describe(p.source, p.cue)
            p.claim._.claimer_rule = TAGGER_RULE
            filled += 1
        return filled


@dataclass(frozen=True)
class Proposal:
    """A claimer the tagger proposes for a claim: which way (``act``, ``quotation``, ``unquoted``), how sure."""

    claim: Span
    way: str
    confidence: float
    source: Span
    cue: str | None
    features: dict[str, float] = field(default_factory=dict)  # the decision model's (attribution_decision)


def _act(text: str, claim: Span, spans: Sequence[Any]) -> Proposal | None:
    """The subject of the claim's main verb, when the tagger marks the verb a Cue and the subject a Source."""
    verb = claim.root
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and claim.start <= c.i < verb.i), None)
    if subject is None or verb.lemma_ in FRAME_VERBS or not reports_an_act(verb):
        return None  # "Kelly did not mention ...": no act reported (guide F3); "say" is the frame rules' own
    if not _reports_a_content(verb):
        return None  # "Japan imposed sanctions in 2022": a deed, not a report (guide C4)
    if any(_in_relative_clause(t, claim) for t in claim if t.pos_ == "VERB" and t.lemma_ in CUE_VERBS):
        return None  # "X sent the judge a letter in which she wrote that ...": that frame stays inside (F2)
    words = [verb, *(c for c in verb.children if c.dep_ in ACT_PARTS)]
    cue = _best(spans, "CUE", [(w.idx, w.idx + len(w)) for w in words])
    source = _best(spans, "SOURCE", [(subject.idx, subject.idx + len(subject))])
    if cue is None or source is None:
        return None
    holder = claim.doc[subject.left_edge.i : subject.right_edge.i + 1]
    return Proposal(claim, "act", min(cue.score, source.score), holder, text[cue.start : cue.end])


# Prepositions that give a reported act its topic or predicate ("raising questions about", "grilled him for",
# "painted Romney as", "accused her of", "doubling down on")
CONTENT_PREPOSITIONS = frozenset({"about", "on", "over", "for", "against", "as", "of"})


def _reports_a_content(verb: Token) -> bool:
    """Whether a verb outside the holder lexicon reports something said or thought: a clause or predicate
    ("stressing that ...", "vowed to ..."), a topic or predicate after a preposition ("grilled Stumpf for his
    role"), or an object that carries one ("trumpeted polls showing him ahead", "raising questions about ...")."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "oprd"):
            return True
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS:
            return True
        if child.dep_ == "dobj" and any(
            c.dep_ in ("acl", "relcl", "ccomp") or (c.dep_ == "prep" and c.lower_ in CONTENT_PREPOSITIONS)
            for c in child.children
        ):
            return True
    return False


def _in_relative_clause(token: Token, claim: Span) -> bool:
    """Whether ``token`` lies in a relative clause inside ``claim``."""
    return any(t.dep_ == "relcl" and claim.start <= t.i < claim.end for t in (token, *token.ancestors))


def _content(text: str, claim: Span, spans: Sequence[Any], way: str) -> Proposal | None:
    """The Source nearest the predicted Content that covers most of the claim; none for an unquoted claim that
    holds a verb of saying or thinking, whose frame stays inside it (F2)."""
    from claimscope.models.attribution import claimer_from_spans

    if way == "unquoted" and any(t.pos_ == "VERB" and t.lemma_ in CUE_VERBS for t in claim):
        return None  # "It's been two hours since the broadcaster said ...": a frame inside stays inside (F2)
    found = claimer_from_spans(text, spans, (claim.start_char, claim.end_char))
    if found is None:
        return None
    source = claim.doc.char_span(found["start"], found["end"], alignment_mode="expand")
    if source is None or source.root.tag_ == "PRP$":
        return None  # "said her first thought was that ...": a possessive names no speaker
    return Proposal(claim, way, float(found["confidence"]), _noun_phrase(source), found["cue"])


# Verbs whose claimers only the frame rules give: where they find no frame ("Smith said the word twice"), none
FRAME_VERBS = frozenset({"say", "tell"})
# Words a reporting verb governs that belong to its cue ("called on", "went after", "pointed to", "wants to").
ACT_PARTS = frozenset({"xcomp", "prep", "prt", "acomp"})


def _noun_phrase(span: Span) -> Span:
    """The whole name or noun phrase a predicted Source is part of ("Mr." of "Mr. Trump", "the" of "the
    minister"), up to its head noun."""
    head = span.root
    while head.dep_ in ("compound", "flat", "det", "amod", "nummod") and head.head.i > head.i:
        head = head.head
    if head.i < span.end - 1 or head.pos_ not in ("PROPN", "NOUN"):
        return span
    return span.doc[min(span.start, head.left_edge.i) : head.i + 1]


def _best(spans: Sequence[Any], role: str, words: Sequence[tuple[int, int]]) -> Any:
    """The highest-scoring predicted span of ``role`` overlapping any of the character ranges ``words``."""
    hits = [s for s in spans if s.role == role and any(s.start < e and b < s.end for b, e in words)]
    return max(hits, key=lambda s: s.score, default=None)
