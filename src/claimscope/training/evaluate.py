"""Evaluate a trained artefact on a labelled file with the dataset's official metric."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..models.multitask import TASK_LABELS
from ..models.predict import MultiTaskPredictor
from .data import TASKS, load_files
from .metrics import confusion, ece, f1_per_class, macro_f1

METRIC = {"verdict": "macro_f1", "checkworthiness": "f1_checkworthy", "stance": "macro_f1"}


def predict_probs(
    head: str, rows: Any, predictor: MultiTaskPredictor, batch_size: int = 64
) -> tuple[np.ndarray, list[int]]:
    """Probabilities (temperature-scaled, as at run time) and gold labels for ``rows`` of ``head``."""
    if head == "stance":
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
    task: str, files: Sequence[str | Path], model: str | Path | None = None, batch_size: int = 64
) -> dict[str, Any]:
    """Official metric, per-class F1, confusion matrix (rows gold, columns predicted) and ECE as a dict."""
    head = TASKS.get(task, task)
    rows = load_files(head, files)
    predictor = MultiTaskPredictor.load(model)
    probs, gold = predict_probs(head, rows, predictor, batch_size)
    labels = TASK_LABELS[head]
    pred = probs.argmax(1).tolist()
    per_class = f1_per_class(gold, pred, len(labels))
    score = per_class[1] if head == "checkworthiness" else macro_f1(gold, pred, len(labels))
    return {
        "task": task,
        "data": [str(f) for f in files],
        "model": str(predictor.path),
        "n": len(gold),
        "metric": METRIC[head],
        "score": round(score, 4),
        "accuracy": round(float(np.mean(np.array(pred) == np.array(gold))), 4),
        "f1_per_class": {lab: round(f, 4) for lab, f in zip(labels, per_class, strict=True)},
        "ece": round(ece(probs, gold), 4),
        "confusion_matrix": {
            "labels": labels,
            "rows": "gold",
            "columns": "predicted",
            "matrix": confusion(gold, pred, len(labels)),
        },
    }
