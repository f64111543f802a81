"""Batched, deterministic inference with a multi-task artefact, and the per-task model views."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import torch

from claimscope.errors import ClaimscopeValueError, Errors, ModelLoadError
from claimscope.models.artefacts import CLASSIFIER, ENVIRONMENT, TOPIC_STANCE, artefact_path, tier_artefact
from claimscope.models.encoder import default_device, length_batches, pad_batch, span_token_mask, tokenize
from claimscope.models.multitask import SPAN_TASKS, TASK_LABELS, MultiTaskModel
from claimscope.models.precision import TIER_DEFAULTS, autocast_dtype, precision_name, prepare_loaded_model
from claimscope.models.threads import one_thread_after_fork
from claimscope.models.tiers import resolve_tier, tier_of
from claimscope.models.topic import pair_text

DEFAULT_MODEL_NAME = CLASSIFIER
TOPIC_MODEL_NAME = TOPIC_STANCE
MODEL_DIR_ENV = ENVIRONMENT[CLASSIFIER]
TOPIC_MODEL_DIR_ENV = ENVIRONMENT[TOPIC_STANCE]
REBUILD_COMMAND = "claimscope train multitask --output {path}"
TOPIC_REBUILD_COMMAND = "claimscope train topic-stance --output {path}"
Span = tuple[int, int]


@dataclass(frozen=True)
class Prediction:
    """One prediction: the argmax ``label``, its probability ``score`` and every label's probability."""

    label: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)


def default_model_path(tier: str | None = None) -> Path:
    """``$CLAIMSCOPE_MODEL_DIR`` if set, else the classifier of ``tier`` (default: :func:`.tiers.resolve_tier`)
    shipped inside the package."""
    return artefact_path(tier_artefact(CLASSIFIER, resolve_tier(tier)))


def default_topic_model_path(tier: str | None = None) -> Path:
    """``$CLAIMSCOPE_TOPIC_MODEL_DIR`` if set, else the topic-stance model of ``tier`` shipped inside the
    package."""
    return artefact_path(tier_artefact(TOPIC_STANCE, resolve_tier(tier)))


def artefact_tier(path: Path) -> str:
    """The tier of the artefact at ``path`` (from its config's ``base_model``; ``fast`` when unreadable)."""
    import json

    try:
        return tier_of(json.loads((path / "config.json").read_text(encoding="utf-8")).get("base_model"))
    except (OSError, ValueError, AttributeError):
        return "fast"


@dataclass
class ClaimResult:
    """Probabilities for one text: per sentence task, and per target of its span head (entity or topic stance),
    in the order given."""

    probs: dict[str, list[float]]
    stances: list[list[float]]


class MultiTaskPredictor:
    """A loaded artefact: one encoder pass per text feeds every head."""

    _cache: ClassVar[dict[tuple[str, str, str], MultiTaskPredictor]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        model: MultiTaskModel,
        tokenizer: Any,
        device: torch.device | None = None,
        path: Path | None = None,
        precision: str | None = None,
    ) -> None:
        self.path = path
        self.device = device or default_device()
        self.tier = model.tier
        self.autocast = autocast_dtype(self.device, precision, TIER_DEFAULTS[self.tier])
        """The dtype the encoder runs in under autocast (None: fp32), see :mod:`claimscope.models.precision`."""
        self.model = model.to(self.device).eval()
        self.tokenizer = tokenizer
        self.config = model.config
        self.max_length = int(self.config.get("max_length", 256))
        self.temperature: dict[str, float] = {t: 1.0 for t in self.config["tasks"]}
        self.temperature.update(self.config.get("temperature", {}))

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        device: str | None = None,
        rebuild: str = REBUILD_COMMAND,
        precision: str | None = None,
    ) -> MultiTaskPredictor:
        """Load (once per path, device and precision; later calls share the instance) the artefact at ``path``;
        ``rebuild`` is the command an error message suggests (``{path}`` is filled in); ``precision`` as in
        :func:`claimscope.models.precision.autocast_dtype`."""
        path = Path(path) if path is not None else default_model_path()
        dev = torch.device(device) if device else default_device()
        dtype = autocast_dtype(dev, precision, TIER_DEFAULTS[artefact_tier(path)])
        key = (str(path.resolve()), str(dev), str(dtype))
        with cls._lock:
            if key not in cls._cache:
                model, tok = MultiTaskModel.load(path, command=rebuild.format(path=path), dtype=dtype)
                prepare_loaded_model(model, dtype)
                cls._cache[key] = cls(model, tok, dev, path, precision_name(dtype))
            return cls._cache[key]

    @property
    def tasks(self) -> list[str]:
        """The tasks this artefact has heads for."""
        return list(self.config["tasks"])

    @torch.inference_mode()
    def run(
        self,
        texts: Sequence[str],
        targets: Sequence[Sequence[Sequence[Span]]] | None = None,
        batch_size: int = 64,
    ) -> list[ClaimResult]:
        """Probabilities of every head for each text; ``targets[i]`` lists, per stance target of text ``i``,
        the character spans of its mentions (one pooled vector per target)."""
        n = len(texts)
        if n == 0:
            return []
        one_thread_after_fork()
        targets = targets if targets is not None else [[] for _ in range(n)]
        enc = tokenize(self.tokenizer, texts, self.max_length)
        ids, offsets = enc["input_ids"], enc["offset_mapping"]
        results: list[ClaimResult | None] = [None] * n
        for batch in length_batches([len(x) for x in ids], batch_size):
            input_ids, mask = pad_batch([ids[i] for i in batch], self.tokenizer.pad_token_id or 0)
            rows, tok_masks = [], []
            for row, i in enumerate(batch):
                for spans in targets[i]:
                    m = torch.zeros(input_ids.shape[1], dtype=torch.long)
                    m[span_token_mask(offsets[i], spans)] = 1
                    rows.append(row)
                    tok_masks.append(m)
            input_ids, mask = input_ids.to(self.device), mask.to(self.device)
            t_rows = torch.tensor(rows, dtype=torch.long, device=self.device) if rows else None
            t_mask = torch.stack(tok_masks).to(self.device) if tok_masks else None
            with torch.autocast(self.device.type, dtype=self.autocast, enabled=self.autocast is not None):
                hidden = self.model.encode(input_ids, mask)
                logits = self.model.head_logits(hidden, mask, t_rows, t_mask)
            probs = {t: torch.softmax(v.float() / self.temperature[t], -1).cpu().tolist() for t, v in logits.items()}
            span_probs = next((probs[t] for t in SPAN_TASKS if t in probs), [])
            k = 0
            for row, i in enumerate(batch):
                nt = len(targets[i])
                stance = span_probs[k : k + nt]
                k += nt
                results[i] = ClaimResult({t: p[row] for t, p in probs.items() if t not in SPAN_TASKS}, stance)
        return results  # type: ignore[return-value]


def _prediction(labels: list[str], probs: Sequence[float]) -> Prediction:
    best = max(range(len(labels)), key=lambda j: probs[j])
    return Prediction(labels[best], float(probs[best]), {lab: float(p) for lab, p in zip(labels, probs, strict=True)})


def _check_texts(texts: Sequence[str]) -> None:
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise ClaimscopeValueError(Errors.E009, index=i, reason=f"expected a str, got {type(t).__name__}")


class _TaskModel:
    """Shared behaviour of the task views over one multi-task artefact."""

    task: ClassVar[str]
    rebuild: ClassVar[str] = REBUILD_COMMAND

    def __init__(self, predictor: MultiTaskPredictor) -> None:
        self.predictor = predictor
        if self.task not in predictor.tasks:
            raise ModelLoadError(
                Errors.E008,
                path=str(predictor.path),
                reason=f"it has no '{self.task}' head (heads: {predictor.tasks})",
                command=self.rebuild.format(path=predictor.path),
            )
        self.labels: list[str] = list(TASK_LABELS[self.task])

    @staticmethod
    def default_path(tier: str | None = None) -> Path:
        """Where :meth:`load` looks without a path."""
        return default_model_path(tier)

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        device: str | None = None,
        precision: str | None = None,
        *,
        tier: str | None = None,
    ) -> _TaskModel:
        """Load the packaged artefact of ``tier`` (``accurate`` or ``fast``; default: accurate when its encoder
        is installed, see :mod:`claimscope.models.tiers`) or the one at ``path``. ``precision`` is ``auto``
        (bf16 where the processor has it), ``bf16`` or ``fp32``; the default is the tier's (accurate: auto,
        fast: fp32)."""
        return cls(MultiTaskPredictor.load(path or cls.default_path(tier), device, cls.rebuild, precision))

    @property
    def tier(self) -> str:
        """The tier of the loaded artefact."""
        return self.predictor.tier


class FactOpinionModel(_TaskModel):
    """Is a sentence presented as fact or as opinion? Labels ``fact`` / ``opinion``."""

    task = "verdict"

    def predict(self, texts: Sequence[str], batch_size: int = 64) -> list[Prediction]:
        """One :class:`Prediction` per text."""
        _check_texts(texts)
        return [_prediction(self.labels, r.probs[self.task]) for r in self.predictor.run(texts, None, batch_size)]


class CheckworthinessModel(FactOpinionModel):
    """Is a sentence worth fact-checking? Labels ``checkworthy`` / ``not_checkworthy``."""

    task = "checkworthiness"


class EntityStanceModel(_TaskModel):
    """Stance of a sentence towards the entity at ``start:end``: ``favor`` / ``against`` / ``neutral``."""

    task = "stance"

    def predict(self, items: Sequence[tuple[str, int, int]], batch_size: int = 64) -> list[Prediction]:
        """One :class:`Prediction` per ``(sentence, start, end)``; offsets are characters in the sentence."""
        texts, targets = [], []
        for i, item in enumerate(items):
            try:
                text, start, end = item
            except (TypeError, ValueError):
                raise ClaimscopeValueError(
                    Errors.E009, index=i, reason="expected a (sentence, start, end) tuple"
                ) from None
            if not isinstance(text, str):
                raise ClaimscopeValueError(Errors.E009, index=i, reason=f"expected a str, got {type(text).__name__}")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise ClaimscopeValueError(
                    Errors.E009,
                    index=i,
                    reason=f"entity offsets ({start}, {end}) are outside the sentence of length {len(text)}",
                )
            texts.append(text)
            targets.append([[(start, end)]])
        results = self.predictor.run(texts, targets, batch_size)
        return [_prediction(self.labels, r.stances[0]) for r in results]


class TopicStanceModel(_TaskModel):
    """Stance of a text towards a topic the caller names: ``favor`` / ``against`` / ``neutral``.

    Its own artefact (``models/claimscope-topic-stance``): the text and topic go through the encoder as one
    sequence ``topic [SEP] text`` and the head reads [whole sequence; topic tokens] (see
    :mod:`claimscope.models.topic`). It says nothing about whether the text is about the topic at all: that
    is :class:`claimscope.classify.topics.TopicRelevance`'s job.
    """

    task = "topic_stance"
    rebuild = TOPIC_REBUILD_COMMAND

    @staticmethod
    def default_path(tier: str | None = None) -> Path:
        """The packaged topic-stance model of ``tier`` (or ``$CLAIMSCOPE_TOPIC_MODEL_DIR``)."""
        return default_topic_model_path(tier)

    def predict(self, items: Sequence[tuple[str, str]], batch_size: int = 64) -> list[Prediction]:
        """One :class:`Prediction` per ``(text, topic)``. An empty or non-str topic raises
        :class:`ClaimscopeValueError` [E009] naming the item; topics are cut to 32 words."""
        texts, targets = [], []
        for i, item in enumerate(items):
            try:
                text, topic = item
            except (TypeError, ValueError):
                raise ClaimscopeValueError(Errors.E009, index=i, reason="expected a (text, topic) tuple") from None
            for what, value in (("text", text), ("topic", topic)):
                if not isinstance(value, str):
                    reason = f"the {what} must be a str, got {type(value).__name__}"
                    raise ClaimscopeValueError(Errors.E009, index=i, reason=reason)
            if not topic.strip():
                raise ClaimscopeValueError(Errors.E009, index=i, reason="the topic is empty")
            pair, span = pair_text(text, topic)
            texts.append(pair)
            targets.append([[span]])
        results = self.predictor.run(texts, targets, batch_size)
        return [_prediction(self.labels, r.stances[0]) for r in results]
