"""Metrics: macro-F1, positive-class F1, confusion matrix, expected calibration error, temperature scaling."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def confusion(gold: Sequence[int], pred: Sequence[int], n: int) -> list[list[int]]:
    """``m[g][p]`` counts items of gold class ``g`` predicted as ``p``."""
    m = np.zeros((n, n), dtype=int)
    for g, p in zip(gold, pred, strict=True):
        m[g, p] += 1
    return m.tolist()


def f1_per_class(gold: Sequence[int], pred: Sequence[int], n: int) -> list[float]:
    """F1 of each class."""
    m = np.array(confusion(gold, pred, n))
    out = []
    for c in range(n):
        tp, fp, fn = m[c, c], m[:, c].sum() - m[c, c], m[c, :].sum() - m[c, c]
        out.append(float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0)
    return out


def macro_f1(gold: Sequence[int], pred: Sequence[int], n: int) -> float:
    """Unweighted mean of the per-class F1."""
    return float(np.mean(f1_per_class(gold, pred, n)))


def ece(probs: np.ndarray, gold: Sequence[int], bins: int = 15) -> float:
    """Expected calibration error of the argmax confidence (equal-width bins)."""
    probs = np.asarray(probs)
    conf, pred = probs.max(1), probs.argmax(1)
    correct = (pred == np.asarray(gold)).astype(float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        sel = (conf > lo) & (conf <= hi)
        if sel.any():
            total += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(total)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of ``logits / temperature``."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def fit_temperature(logits: np.ndarray, gold: Sequence[int] | np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood on (dev) ``logits`` (grid + refinement)."""
    gold = np.asarray(gold)

    def nll(t: float) -> float:
        p = softmax(logits, t)
        return float(-np.log(p[np.arange(len(gold)), gold] + 1e-12).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 200))
    best = min(grid, key=nll)
    fine = np.linspace(best * 0.9, best * 1.1, 41)
    return float(min(fine, key=nll))
