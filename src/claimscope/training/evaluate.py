"""Evaluate a trained artefact on a labelled file with the dataset's official metric."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from datasets import Dataset

from claimscope.errors import ClaimscopeValueError, Errors
from claimscope.models.multitask import SPAN_TASKS, TASK_LABELS
from claimscope.models.predict import TOPIC_REBUILD_COMMAND, MultiTaskPredictor, default_topic_model_path
from claimscope.training.data import TASKS, load_files
from claimscope.training.metrics import confusion, ece, f1_per_class, macro_f1
from claimscope.training.topic_variants import reword

METRIC = {"verdict": "macro_f1", "checkworthiness": "f1_checkworthy", "stance": "macro_f1"}


def predict_probs(
    head: str, rows: Any, predictor: MultiTaskPredictor, batch_size: int = 64
) -> tuple[np.ndarray, list[int]]:
    """Probabilities (temperature-scaled, as at run time) and gold labels for ``rows`` of ``head``."""
    if head in SPAN_TASKS:
        targets = [[[tuple(t)] for t in r["targets"]] for r in rows]
        results = predictor.run(rows["text"], targets, batch_size)
        probs = [p for r in results for p in r.stances]
        gold = [g for r in rows for g in r["labels"]]
    else:
        results = predictor.run(rows["text"], None, batch_size)
        probs = [r.probs[head] for r in results]
        gold = list(rows["label"])
    return np.array(probs), gold


def evaluate(
    task: str,
    files: Sequence[str | Path],
    model: str | Path | None = None,
    batch_size: int = 64,
    topic_template: str | None = None,
    inverts: bool = False,
) -> dict[str, Any]:
    """Official metric, per-class F1, confusion matrix (rows gold, columns predicted) and ECE as a dict.

    For topic stance, ``topic_template`` (containing ``{topic}``) rewords every topic first, and ``inverts``
    says that the wording inverts it, so favor and against swap in the gold labels (see
    :mod:`claimscope.training.topic_variants`)."""
    head = TASKS.get(task, task)
    if topic_template is not None and (head != "topic_stance" or not _is_topic_template(topic_template)):
        raise ClaimscopeValueError(Errors.E028, template=topic_template, task=task)
    rows = load_files(head, files)
    if topic_template is not None:
        rows = Dataset.from_list([reword(r, topic_template, inverts) for r in rows])
    if head == "topic_stance":
        predictor = MultiTaskPredictor.load(model or default_topic_model_path(), rebuild=TOPIC_REBUILD_COMMAND)
    else:
        predictor = MultiTaskPredictor.load(model)
    probs, gold = predict_probs(head, rows, predictor, batch_size)
    labels = TASK_LABELS[head]
    metric, score, pred = _official(head, probs, gold)
    per_class = f1_per_class(gold, pred, len(labels))
    folded = {}
    if metric == "macro_f1_favor_against":  # binary gold: say how many neutral answers were read as favor/against
        folded = {"neutral_predictions_folded": int((probs.argmax(1) == TASK_LABELS[head].index("neutral")).sum())}
    return {
        "task": task,
        "data": [str(f) for f in files],
        "model": str(predictor.path),
        "n": len(gold),
        **({"topic_template": topic_template, "inverts": inverts} if topic_template is not None else {}),
        "metric": metric,
        "score": round(score, 4),
        "accuracy": round(float(np.mean(np.array(pred) == np.array(gold))), 4),
        "f1_per_class": {lab: round(f, 4) for lab, f in zip(labels, per_class, strict=True)},
        "ece": round(ece(probs, gold), 4),
        **folded,
        "confusion_matrix": {
            "labels": labels,
            "rows": "gold",
            "columns": "predicted",
            "matrix": confusion(gold, pred, len(labels)),
        },
    }


def _is_topic_template(template: str) -> bool:
    """Whether ``template`` formats with ``topic`` alone and uses it."""
    try:
        return template.format(topic="\0") != template.format(topic="")
    except (AttributeError, KeyError, IndexError, ValueError):
        return False


def _official(head: str, probs: np.ndarray, gold: list[int]) -> tuple[str, float, list[int]]:
    """The dataset's official metric, its value and the predictions it is computed on.

    Topic stance: with a neutral/none class in the gold labels (SemEval-2016 Task 6) the metric is F_avg, the
    mean F1 of favor and against; without one (P-Stance, binary) the prediction is the likelier of favor and
    against and the metric is their macro-F1 (:func:`evaluate` reports how many answers were neutral before).
    """
    n = len(TASK_LABELS[head])
    pred = probs.argmax(1).tolist()
    if head == "checkworthiness":
        return METRIC[head], f1_per_class(gold, pred, n)[1], pred
    if head != "topic_stance":
        return METRIC[head], macro_f1(gold, pred, n), pred
    against, neutral, favor = 0, 1, 2
    if neutral in gold:
        f1 = f1_per_class(gold, pred, n)
        return "f_avg", (f1[against] + f1[favor]) / 2, pred
    pred = [favor if p[favor] > p[against] else against for p in probs]
    f1 = f1_per_class(gold, pred, n)
    return "macro_f1_favor_against", (f1[against] + f1[favor]) / 2, pred
