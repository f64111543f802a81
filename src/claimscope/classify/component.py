"""``claimscope_classify``: verdict, check-worthiness and entity stance for every claim, in one encoder pass.

For each span in ``doc.spans["claims"]`` the component runs the shared multi-task MiniLM once over the claim
text and sets ``span._.verdict`` ("fact"|"opinion"), ``span._.verdict_score`` (probability of that verdict),
``span._.checkworthiness`` (probability of "checkworthy") and ``span._.stances``: one dict
``{"target", "label", "score"}`` per distinct entity id (``ent.kb_id_``) among the ``doc.ents`` inside
the claim.
All mentions of one id in the claim are pooled together into one stance prediction.

The verdict combines the head with the claim's modality (:func:`verdict_of`): a claim in the author's voice
that is a forecast (modality ``predicted``), a recommendation, a condition or hedged is an opinion whatever the
head says ("Tokyo will keep tightening export controls.", "The summit could mark a turning point."). The news
sentences the head learnt from rarely hold such claims; on the 180 blind commentary sentences of
``tests/data/commentary_fact_opinion.jsonl`` the rule raised macro-F1 from 0.781 to 0.811 (accurate tier) and
0.754 to 0.772 (fast). An attributed claim keeps the head's verdict: what a speaker forecast is reported, and
the head decides how the claim reads. ``verdict_score`` is the head's probability of the verdict, and None where
the rule overruled the head (the head gave that verdict less than 0.5: it has no probability to report).

The stance is the claim's speaker's stance towards an entity, so the speaker's own side is no target
(:func:`speaker_side_ids`; the claim's entity ids are unchanged, only ``span._.stances`` lacks them):

- an attributed claim gives no stance towards its claimer's entity, nor towards that entity's country or
  organisation (attributes ``country`` / ``organization``): '"No power dares imagine an invasion against Iran,"
  President Mahmoud Ahmadinejad said.' has no stance towards ``COUNTRY:IRN``, whatever "invasion" suggests;
- a claim in the author's voice that reports a verbal act ("X accused / warned / urged / praised Y") gives no
  stance towards the act's subject X, nor towards X's country or organisation, unless the claim also names them
  outside X's noun phrase: "India's External Affairs Minister Sushma Swaraj accused Pakistan of sponsoring
  terrorism." has a stance towards ``COUNTRY:PAK`` only (the passive's agent, "was accused by X", likewise).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from claimscope.claims import HOLDER_RULE, REPORTED_ACT_VERBS, SURFACE_CUES
from claimscope.extensions import install_extensions
from claimscope.models.multitask import TASK_LABELS, copy_artefact
from claimscope.models.predict import MultiTaskPredictor, artefact_tier, default_model_path

ClaimPrediction = dict[str, Any]


@Language.factory(
    "claimscope_classify",
    assigns=["span._.verdict", "span._.verdict_score", "span._.checkworthiness", "span._.stances"],
    requires=["doc.ents"],
    default_config={"model": None, "tier": None, "spans_key": "claims", "batch_size": 64, "device": None},
)
def make_classify(
    nlp: Language,
    name: str,
    model: str | None,
    tier: str | None,
    spans_key: str,
    batch_size: int,
    device: str | None,
) -> ClaimClassifier:
    """Create the component; ``model`` is an artefact folder (default: the shipped multi-task model of ``tier``,
    ``accurate`` or ``fast``; None: the default tier, see :mod:`claimscope.models.tiers`)."""
    return ClaimClassifier(name, model, tier=tier, spans_key=spans_key, batch_size=batch_size, device=device)


class ClaimClassifier:
    """Classifies the claims of a Doc (see the module docstring); the model loads on first use."""

    def __init__(
        self,
        name: str = "claimscope_classify",
        model: str | Path | None = None,
        *,
        tier: str | None = None,
        spans_key: str = "claims",
        batch_size: int = 64,
        device: str | None = None,
    ) -> None:
        install_extensions()
        self.name = name
        self.model_path = Path(model) if model else default_model_path(tier)
        self.spans_key = spans_key
        self.batch_size = batch_size
        self.device = device
        self._predictor: MultiTaskPredictor | None = None

    @property
    def predictor(self) -> MultiTaskPredictor:
        """The loaded artefact (raises ``ModelLoadError`` [E008] if it is missing or corrupt)."""
        if self._predictor is None:
            self._predictor = MultiTaskPredictor.load(self.model_path, self.device)
        return self._predictor

    @property
    def tier(self) -> str:
        """``accurate`` or ``fast``: the tier of the artefact this component uses (read without loading it)."""
        return artefact_tier(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Classify docs in batches, pooling the claims of several docs into the encoder batches."""
        for docs in minibatch(stream, size=batch_size or self.batch_size):
            self.set_annotations(docs, self.predict(docs))
            yield from docs

    def _claims(self, doc: Doc) -> list[Span]:
        return list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []

    def predict(self, docs: list[Doc]) -> list[list[ClaimPrediction]]:
        """Per doc, per claim: label probabilities of each head and ``(entity_id, stance probabilities)``."""
        texts: list[str] = []
        targets: list[list[list[tuple[int, int]]]] = []
        target_ids: list[list[str]] = []
        for doc in docs:
            for span in self._claims(doc):
                mentions: dict[str, list[tuple[int, int]]] = {}
                own_side = speaker_side_ids(span)
                for ent in doc.ents:
                    if ent.kb_id_ in own_side:
                        continue
                    if ent.kb_id_ and ent.start_char >= span.start_char and ent.end_char <= span.end_char:
                        mentions.setdefault(ent.kb_id_, []).append(
                            (ent.start_char - span.start_char, ent.end_char - span.start_char)
                        )
                texts.append(span.text)
                targets.append(list(mentions.values()))
                target_ids.append(list(mentions))
        if not texts:
            return [[] for _ in docs]
        results = self.predictor.run(texts, targets, self.batch_size)
        out: list[list[ClaimPrediction]] = []
        k = 0
        for doc in docs:
            preds = []
            for _ in self._claims(doc):
                r = results[k]
                preds.append({**r.probs, "stances": list(zip(target_ids[k], r.stances, strict=True))})
                k += 1
            out.append(preds)
        return out

    def set_annotations(self, docs: list[Doc], predictions: list[list[ClaimPrediction]]) -> None:
        """Write the verdict, its score, check-worthiness and stances onto each claim span."""
        verdicts, stances = TASK_LABELS["verdict"], TASK_LABELS["stance"]
        for doc, preds in zip(docs, predictions, strict=True):
            for span, p in zip(self._claims(doc), preds, strict=True):
                v = p["verdict"]
                head = max(range(len(v)), key=v.__getitem__)
                best = verdicts.index(verdict_of(span, verdicts[head]))
                span._.verdict = verdicts[best]
                span._.verdict_score = float(v[best]) if best == head else None
                span._.checkworthiness = float(p["checkworthiness"][1])
                items = []
                for target, probs in p["stances"]:
                    j = max(range(len(probs)), key=probs.__getitem__)
                    items.append({"target": target, "label": stances[j], "score": float(probs[j])})
                span._.stances = items

    # -- serialisation: the artefact travels with the pipeline ------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the artefact (config.json + model.safetensors) into ``path``."""
        copy_artefact(self.predictor.path or self.model_path, path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimClassifier:
        """Use the artefact saved in ``path`` (loaded on first use)."""
        self.model_path = Path(path)
        self._predictor = None
        return self


OPINION_MODALITIES = frozenset({"predicted", "recommended", "conditional"})


def verdict_of(span: Span, head_label: str) -> str:
    """The claim's verdict: ``opinion`` for a forecast, recommendation, condition or hedge in the author's voice
    (see the module docstring), else the head's label."""
    if span._.claimer is None and (span._.modality in OPINION_MODALITIES or span._.hedged):
        return "opinion"
    return head_label


def speaker_side_ids(span: Span) -> set[str]:
    """The entity ids on the speaking side of the claim ``span``, which get no stance (see the module docstring):
    the claimer's entity with its country and organisation (for a holder named inside its claim, guide C4, less
    the entities the claim names elsewhere); for a claim in the author's voice, the subject (or
    passive agent) of a verb of a verbal act that tops the claim, with its country and organisation, unless the
    claim also names them outside that noun phrase."""
    doc = span.doc
    info = doc._.entity_info or {}
    claimer = span._.claimer
    if claimer is not None and claimer.get("entity_id") and span._.claimer_rule == HOLDER_RULE:
        # the holder is named inside its claim: its side, less what the claim also names outside that mention
        # ("Pakistan's prime minister accused India of violating Pakistan's airspace": Pakistan keeps a stance)
        elsewhere = {t.ent_kb_id_ for t in span if t.ent_kb_id_ and not claimer["start"] <= t.idx < claimer["end"]}
        return _with_affiliations({claimer["entity_id"]}, info) - elsewhere
    if claimer is not None and claimer.get("entity_id"):
        return _with_affiliations({claimer["entity_id"]}, info)
    if claimer is not None and claimer.get("kind") != "author":
        return set()
    actors = [t for verb in _reported_acts(span) for t in _actor_tokens(verb, span)]
    if not actors:
        return set()
    inside = {i for t in actors for i in _actor_phrase(t)}
    subject_ids = {doc[i].ent_kb_id_ for i in inside if doc[i].ent_kb_id_}
    elsewhere = {t.ent_kb_id_ for t in span if t.ent_kb_id_ and t.i not in inside}
    return _with_affiliations(subject_ids, info) - elsewhere


def _reported_acts(span: Span) -> list[Token]:
    """The verbs at the top of ``span`` that report a verbal act: "accused", "warned", "urged", and a verb of
    saying with its complement inside the claim ("Pakistan says India is lying", left whole)."""
    inside = range(span.start, span.end)
    tops = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    verbs = []
    for top in tops:
        for verb in [top, *(c for c in top.children if c.dep_ == "conj" and c.i in inside)]:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            if not any(
                c.dep_ in ACT_COMPLEMENTS or (c.dep_ == "prep" and c.lower_ in ACT_PREPOSITIONS) for c in verb.children
            ):
                continue  # "Alpert's metaphor is telling": no act towards anyone
            if verb.lemma_ in REPORTED_ACT_VERBS or (
                verb.lemma_ in SURFACE_CUES and any(c.dep_ == "ccomp" and c.i in inside for c in verb.children)
            ):
                verbs.append(verb)
    return verbs


# What a verb of a verbal act takes: its addressee or target, the words said ("accused Pakistan of ...",
# "called on Japan", "warned that ...").
ACT_COMPLEMENTS = frozenset({"dobj", "dative", "iobj", "ccomp", "xcomp", "oprd", "agent"})
ACT_PREPOSITIONS = frozenset({"on", "for", "to", "against", "of", "about", "over", "with"})

# Parts of a speaker's noun phrase that may name other people: an apposition, a relative or participle clause.
_INNER_DEPS = frozenset({"appos", "relcl", "acl"})


def _actor_phrase(head: Token) -> set[int]:
    """The token indices of the noun phrase headed by ``head`` that name the actor and what it belongs to:
    its modifiers ("India's External Affairs Minister Sushma Swaraj"), not an apposition or relative clause that
    names others ("Martha Allen, a Sanders delegate from Vermont"), except the organisation of a post given in
    the apposition ("Matt Sinovic, executive director of Progress Iowa")."""
    phrase = set(range(head.left_edge.i, head.right_edge.i + 1))
    for child in head.children:
        if child.dep_ not in _INNER_DEPS:
            continue
        phrase -= set(range(child.left_edge.i, child.right_edge.i + 1))
        if child.dep_ == "appos":
            for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ in ("of", "at")):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    phrase |= set(range(obj.left_edge.i, obj.right_edge.i + 1))
    return phrase


def _actor_tokens(verb: Token, span: Span) -> list[Token]:
    """The heads of the noun phrases doing ``verb`` inside ``span``: its subject, or the agent of a passive
    ("Pakistan was accused by India")."""
    inside = range(span.start, span.end)
    actors = [c for c in verb.children if c.dep_ == "nsubj" and c.i in inside]
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        actors.extend(c for c in agent.children if c.dep_ == "pobj" and c.i in inside)
    if not actors:  # "... and warned Y": a predicate sharing the subject of the verb it is coordinated with
        head = verb.head if verb.dep_ == "conj" else None
        actors = [c for c in head.children if c.dep_ == "nsubj" and c.i in inside] if head is not None else []
    return actors


def _with_affiliations(ids: set[str], info: dict[str, Any]) -> set[str]:
    """``ids`` with the country and organisation their entities belong to (``country``: "COUNTRY:IND" or
    "IND"; ``organization``: "ORG:nato")."""
    out = set(ids)
    for entity_id in ids:
        attributes = (info.get(entity_id) or {}).get("attributes") or {}
        country = attributes.get("country")
        if isinstance(country, str) and country:
            out.add(country if ":" in country else f"COUNTRY:{country.upper()}")
        organization = attributes.get("organization") or attributes.get("organisation")
        if isinstance(organization, str) and organization:
            out.add(organization)
    return out
