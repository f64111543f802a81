"""Topics the caller names: validation, and whether a claim is about a topic at all (relevance).

Relevance decides which claims get a stance towards a topic. A claim counts as about a topic when the cosine
similarity of their sentence embeddings (the packaged all-MiniLM-L6-v2, a model trained for exactly this kind
of semantic similarity; mean-pooled and normalised as in sentence-transformers) reaches a threshold. The
default threshold was chosen on pairs built from dev splits only (``python -m claimscope.training.relevance``
and the model card of ``models/claimscope-topic-stance``). A claim below it gets *no* stance for the topic,
rather than a noisy "neutral".
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import torch

from claimscope.errors import ClaimscopeTypeError, ClaimscopeValueError, ClaimscopeWarning, Errors, Warnings
from claimscope.models.encoder import default_device, length_batches, load_base_encoder, mean_pool, pad_batch, tokenize
from claimscope.models.memory import copy_off_the_file
from claimscope.models.topic import MAX_TOPIC_WORDS

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

    from claimscope.models.encoder import Encoder

# Chosen by `claimscope report relevance` on dev pairs of five sources (SemEval val, P-Stance val, NewsMTSC
# dev, VAST dev, PERSPECTRUM dev): mean F1 of "about" 0.825 (docs/accuracy.md).
DEFAULT_RELEVANCE_THRESHOLD = 0.23


def check_topics(topics: str | Iterable[str] | None) -> list[str]:
    """The caller's topics, validated: a single str counts as one topic; duplicates are dropped (first kept).

    Raises :class:`ClaimscopeTypeError` [E002] for a non-iterable, :class:`ClaimscopeValueError` [E024] for a
    topic that is not a str or is empty; warns [W006] when a topic is longer than the model reads.
    """
    if topics is None:
        return []
    if isinstance(topics, str):
        topics = [topics]
    if isinstance(topics, bytes) or not isinstance(topics, Iterable):
        raise ClaimscopeTypeError(Errors.E002, type=type(topics).__name__)
    out: list[str] = []
    for i, topic in enumerate(topics):
        if not isinstance(topic, str):
            raise ClaimscopeValueError(Errors.E024, index=i, reason=f"expected a str, got {type(topic).__name__}")
        if not topic.strip():
            raise ClaimscopeValueError(Errors.E024, index=i, reason="it is empty")
        words = len(topic.split())
        if words > MAX_TOPIC_WORDS:
            message = Warnings.W006.format(index=i, words=words, limit=MAX_TOPIC_WORDS)
            warnings.warn(message, ClaimscopeWarning, stacklevel=3)
        if topic not in out:
            out.append(topic)
    return out


class TopicRelevance:
    """Cosine similarity between claims and topics with the packaged MiniLM sentence embeddings."""

    _cache: ClassVar[dict[str, tuple[Encoder, PreTrainedTokenizerBase]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, threshold: float = DEFAULT_RELEVANCE_THRESHOLD, device: str | None = None) -> None:
        self.threshold = float(threshold)
        self.device = torch.device(device) if device else default_device()
        with self._lock:
            key = str(self.device)
            if key not in self._cache:
                encoder, tokenizer = load_base_encoder()
                copy_off_the_file(encoder)
                self._cache[key] = (encoder.to(self.device).eval(), tokenizer)
            self.encoder, self.tokenizer = self._cache[key]

    @torch.inference_mode()
    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Unit-length sentence embeddings, one row per text."""
        out = np.zeros((len(texts), int(self.encoder.config.hidden_size)), dtype=np.float32)
        if not len(texts):
            return out
        ids = tokenize(self.tokenizer, texts, 256)["input_ids"]
        for batch in length_batches([len(x) for x in ids], batch_size):
            input_ids, mask = pad_batch([ids[i] for i in batch], self.tokenizer.pad_token_id or 0)
            hidden = self.encoder(input_ids=input_ids.to(self.device), attention_mask=mask.to(self.device))
            vectors = torch.nn.functional.normalize(mean_pool(hidden.last_hidden_state, mask.to(self.device)), dim=-1)
            out[batch] = vectors.float().cpu().numpy()
        return out

    def similarity(self, texts: Sequence[str], topics: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``[len(texts), len(topics)]`` cosine similarities."""
        return self.embed(texts, batch_size) @ self.embed(topics, batch_size).T

    def relevant(self, similarity: np.ndarray) -> np.ndarray:
        """Boolean matrix: which (text, topic) pairs are about each other."""
        return similarity >= self.threshold
