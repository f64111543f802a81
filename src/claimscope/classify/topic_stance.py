"""``claimscope_topic_stance``: stance of each claim towards topics the caller names.

For every claim in ``doc.spans["claims"]`` and every topic, :class:`~claimscope.classify.topics.TopicRelevance` first
decides whether the claim is about the topic (sentence-embedding similarity of the claim's self-contained
``statement`` and the topic, against a threshold). Only claims about a topic get a stance towards it: the
topic-stance model reads ``topic [SEP] statement`` and its prediction is appended to ``span._.stances`` as
``{"target": topic, "label", "score", "relevance": similarity}``. A claim unrelated to a topic gets no entry.

The step is the last of ``claimscope.load()``'s pipeline, with no topics of its own (it does nothing then and
loads no model). Topics come per call: ``nlp.pipe(texts, component_cfg={"claimscope_topic_stance":
{"topics": [...]}})`` (what ``claimscope.analyze(text, topics=[...])`` and the batch engines do), or fixed in its
config: ``nlp.add_pipe("claimscope_topic_stance", config={"topics": [...]})``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from claimscope.classify.topics import DEFAULT_RELEVANCE_THRESHOLD, TopicRelevance, check_topics
from claimscope.extensions import install_extensions
from claimscope.models.multitask import copy_artefact
from claimscope.models.predict import TopicStanceModel


@Language.factory(
    "claimscope_topic_stance",
    assigns=["span._.stances"],
    requires=["doc.spans"],
    default_config={
        "topics": [],
        "model": None,
        "tier": None,
        "relevance_threshold": DEFAULT_RELEVANCE_THRESHOLD,
        "spans_key": "claims",
        "batch_size": 64,
        "device": None,
    },
)
def make_topic_stance(
    nlp: Language,
    name: str,
    topics: list[str],
    model: str | None,
    tier: str | None,
    relevance_threshold: float,
    spans_key: str,
    batch_size: int,
    device: str | None,
) -> TopicStancer:
    """Create the component for ``topics``; ``model`` is an artefact folder (default: the shipped one of
    ``tier``)."""
    return TopicStancer(
        topics,
        name=name,
        model=model,
        tier=tier,
        relevance_threshold=relevance_threshold,
        spans_key=spans_key,
        batch_size=batch_size,
        device=device,
    )


class TopicStancer:
    """Adds topic stances to the claims of Docs (see the module docstring); models load on first use."""

    def __init__(
        self,
        topics: str | Iterable[str],
        *,
        name: str = "claimscope_topic_stance",
        model: str | Path | None = None,
        tier: str | None = None,
        relevance_threshold: float = DEFAULT_RELEVANCE_THRESHOLD,
        spans_key: str = "claims",
        batch_size: int = 64,
        device: str | None = None,
    ) -> None:
        install_extensions()
        self.name = name
        self.topics = check_topics(topics)
        self.tier = tier
        self._model_folder = Path(model) if model else None
        self.relevance_threshold = float(relevance_threshold)
        self.spans_key = spans_key
        self.batch_size = batch_size
        self.device = device
        self._model: TopicStanceModel | None = None
        self._relevance: TopicRelevance | None = None
        self._topic_vectors: dict[tuple[str, ...], np.ndarray] = {}

    @property
    def model_path(self) -> Path:
        """The artefact folder: the configured one, else the shipped one of the tier (read when asked, so
        ``$CLAIMSCOPE_TOPIC_MODEL_DIR`` set later counts until the model is loaded)."""
        return self._model_folder or TopicStanceModel.default_path(self.tier)

    @model_path.setter
    def model_path(self, folder: str | Path) -> None:
        self._model_folder = Path(folder)

    @property
    def stance_model(self) -> TopicStanceModel:
        """The topic-stance model (raises ``ModelLoadError`` [E008] if its folder is missing or corrupt). Not
        named ``model``: spaCy reads every component's ``model`` when a pipe is added, which loaded these
        weights (about 0.9 GB for the accurate tier) in every pipeline, topics or not."""
        if self._model is None:
            self._model = TopicStanceModel.load(self.model_path, self.device)  # type: ignore[assignment]
        return self._model  # type: ignore[return-value]

    @property
    def relevance(self) -> TopicRelevance:
        """The relevance scorer."""
        if self._relevance is None:
            self._relevance = TopicRelevance(self.relevance_threshold, self.device)
        return self._relevance

    def __call__(self, doc: Doc, topics: str | Iterable[str] | None = None, batch_size: int | None = None) -> Doc:
        """Annotate ``doc``; ``topics`` (per call, through ``component_cfg``) replace the configured ones.
        (``batch_size`` is accepted and unused: ``nlp.pipe`` writes it into the ``component_cfg`` it is given.)"""
        self.annotate([doc], topics)
        return doc

    def pipe(
        self, stream: Iterable[Doc], batch_size: int | None = None, topics: str | Iterable[str] | None = None
    ) -> Iterator[Doc]:
        """Annotate docs in batches, pooling the claims of several docs into the encoder batches."""
        for docs in minibatch(stream, size=batch_size or self.batch_size):
            self.annotate(docs, topics)
            yield from docs

    def _vectors(self, topics: list[str]) -> np.ndarray:
        """The topics' embeddings, computed once per list of topics (the last few lists are kept)."""
        key = tuple(topics)
        if key not in self._topic_vectors:
            if len(self._topic_vectors) >= 8:
                self._topic_vectors.pop(next(iter(self._topic_vectors)))
            self._topic_vectors[key] = self.relevance.embed(topics, self.batch_size)
        return self._topic_vectors[key]

    def _claims(self, doc: Doc) -> list[Span]:
        return list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []

    def annotate(self, docs: Sequence[Doc], topics: str | Iterable[str] | None = None) -> None:
        """Append a stance towards each topic (``topics``, else the configured ones) a claim is about to the
        claim's ``span._.stances``."""
        topics = self.topics if topics is None else check_topics(topics)
        if not topics:
            return
        claims = [span for doc in docs for span in self._claims(doc)]
        if not claims:
            return
        statements = [span._.statement or span.text for span in claims]
        similarity = self.relevance.embed(statements, self.batch_size) @ self._vectors(topics).T
        pairs = list(zip(*self.relevance.relevant(similarity).nonzero(), strict=True))
        predictions = self.stance_model.predict([(statements[i], topics[j]) for i, j in pairs], self.batch_size)
        added: dict[int, list[dict]] = {}
        for (i, j), pred in zip(pairs, predictions, strict=True):
            added.setdefault(int(i), []).append(
                {
                    "target": topics[j],
                    "label": pred.label,
                    "score": pred.score,
                    "relevance": round(float(similarity[i, j]), 4),
                }
            )
        for i, items in added.items():
            claims[i]._.stances = [*(claims[i]._.stances or []), *items]

    # -- serialisation: the artefact travels with the pipeline ------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Copy the artefact (config.json + model.safetensors) into ``path``."""
        copy_artefact(self.model_path, path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TopicStancer:
        """Use the artefact saved in ``path`` (loaded on first use)."""
        self.model_path = Path(path)
        self._model = None
        return self
