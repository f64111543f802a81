"""Annotate a Hugging Face :class:`datasets.Dataset` with claimscope's claims, via ``Dataset.map``."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from spacy.language import Language

from claimscope.batch.tables import CLAIM, ENTITY, claim_row, entity_rows
from claimscope.batch.worker import preload_topic_models
from claimscope.classify.topics import check_topics

if TYPE_CHECKING:
    from datasets import Dataset

ADDED_COLUMNS = pa.schema(
    [
        ("claims", pa.list_(CLAIM)),
        ("entities", pa.list_(ENTITY)),
        ("n_claims", pa.int32()),
        ("claimscope_error", pa.string()),
    ]
)
"""The columns :func:`annotate` adds: claims (every Claim field, claimer flattened), entities, count, error."""

_pipelines: dict[str, Language] = {}
_capped: int | None = None  # the process that has set one torch thread


def annotate(
    dataset: Dataset,
    text_column: str = "text",
    batch_size: int = 64,
    num_proc: int | None = None,
    *,
    nlp: Language | None = None,
    model: str | None = None,
    topics: str | Iterable[str] | None = None,
) -> Dataset:
    """``dataset`` with the columns of :data:`ADDED_COLUMNS` added, one value per row of ``text_column``.

    Runs ``Dataset.map(batched=True)``; each process loads the pipeline once (``nlp`` when given: forked
    processes share it, others load ``model`` or the default). A row whose text is not a str gets its coded
    error in ``claimscope_error`` and no claims. ``topics`` (E024 for an empty one) add to each claim about a
    topic a stance towards it in the claim's ``stances``, as in :func:`claimscope.analyze_batch`.
    """
    from datasets import Features

    checked = check_topics(topics)
    preload_topic_models(checked)  # E008 now if missing; num_proc processes forked from here share the weights
    key = _register(nlp) if nlp is not None else f"model:{model}"
    features = dataset.features.copy()
    features.update(Features.from_arrow_schema(ADDED_COLUMNS))
    fingerprint = hashlib.sha1(
        f"{dataset._fingerprint}|claimscope.annotate|{text_column}|{key}|{json.dumps(checked)}".encode(),
        usedforsecurity=False,
    ).hexdigest()
    return dataset.map(
        _Annotator(text_column, key, model, tuple(checked)),
        batched=True,
        batch_size=batch_size,
        num_proc=num_proc,
        features=features,
        new_fingerprint=fingerprint,
        desc="claimscope",
    )


class _Annotator:
    """The picklable function given to ``Dataset.map``; loads its pipeline on first use in each process."""

    def __init__(self, text_column: str, key: str, model: str | None, topics: tuple[str, ...] = ()) -> None:
        self.text_column = text_column
        self.key = key
        self.model = model
        self.topics = topics
        self.parent = os.getpid()

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        from claimscope.api import analyze_batch

        if os.getpid() != self.parent:
            _one_math_thread()

        nlp = _pipelines.get(self.key)
        if nlp is None:
            from claimscope.pipeline import load

            nlp = _pipelines[self.key] = load(self.model)
        texts = batch[self.text_column]
        analyses = list(analyze_batch(texts, batch_size=len(texts), nlp=nlp, topics=list(self.topics)))
        return {
            "claims": [[claim_row(c) for c in a.claims] for a in analyses],
            "entities": [entity_rows(a) for a in analyses],
            "n_claims": [len(a.claims) for a in analyses],
            "claimscope_error": [a.error for a in analyses],
        }


def _one_math_thread() -> None:
    """In a ``num_proc`` process: one torch thread, once (the processes are the parallelism, and a forked
    child that inherited a used OpenMP pool deadlocks on more than one thread)."""
    global _capped
    if _capped != os.getpid():
        import torch

        torch.set_num_threads(1)
        _capped = os.getpid()


def _register(nlp: Language) -> str:
    key = f"nlp:{id(nlp)}"
    _pipelines[key] = nlp
    return key
