"""Comparing results that hold classifier probabilities.

The classifier's probabilities differ in the last digits with the batch a claim was padded in and the number
of torch threads, so results from other batchings or processes are compared up to that float noise.
"""

from __future__ import annotations

import math
from typing import Any

FLOAT_TOLERANCE = 1e-4


def close(a: Any, b: Any, tol: float = FLOAT_TOLERANCE) -> bool:
    """True when ``a`` and ``b`` are equal, except floats, which may differ by ``tol``."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, abs_tol=tol) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b, strict=True))
    return a == b
