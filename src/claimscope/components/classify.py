"""``claimscope_classify``: verdict, check-worthiness and entity stance for every claim, in one encoder pass.

For each span in ``doc.spans["claims"]`` the component runs the shared multi-task MiniLM once over the claim
text and sets ``span._.verdict`` ("fact"|"opinion"), ``span._.verdict_score`` (probability of that verdict),
``span._.checkworthiness`` (probability of "checkworthy") and ``span._.stances``: one dict
``{"target", "label", "score"}`` per distinct entity id (``ent.kb_id_``) among the ``doc.ents`` inside
the claim.
All mentions of one id in the claim are pooled together into one stance prediction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from ..extensions import install_extensions
from ..models.multitask import TASK_LABELS, copy_artefact
from ..models.predict import MultiTaskPredictor, default_model_path

ClaimPrediction = dict[str, Any]


@Language.factory(
    "claimscope_classify",
    assigns=["span._.verdict", "span._.verdict_score", "span._.checkworthiness", "span._.stances"],
    requires=["doc.ents"],
    default_config={"model": None, "spans_key": "claims", "batch_size": 64, "device": None},
)
def make_classify(
    nlp: Language, name: str, model: str | None, spans_key: str, batch_size: int, device: str | None
) -> ClaimClassifier:
    """Create the component; ``model`` is an artefact folder (default: the shipped multi-task model)."""
    return ClaimClassifier(name, model, spans_key=spans_key, batch_size=batch_size, device=device)


class ClaimClassifier:
    """Classifies the claims of a Doc (see the module docstring); the model loads on first use."""

    def __init__(
        self,
        name: str = "claimscope_classify",
        model: str | Path | None = None,
        *,
        spans_key: str = "claims",
        batch_size: int = 64,
        device: str | None = None,
    ) -> None:
        install_extensions()
        self.name = name
        self.model_path = Path(model) if model else default_model_path()
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
                for ent in doc.ents:
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
                best = max(range(len(v)), key=v.__getitem__)
                span._.verdict = verdicts[best]
                span._.verdict_score = float(v[best])
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
