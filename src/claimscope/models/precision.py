"""Numeric precision of the encoders: bf16 where the processor computes it natively, fp32 elsewhere.

On a CPU with AMX or AVX512-BF16, running the encoder under ``torch.autocast("cpu", dtype=torch.bfloat16)`` is
several times faster than fp32 and gives the same labels on nearly every input (the agreement on the dev sets
is in the model cards); on a CUDA device bf16 is used where supported, else fp16. ``CLAIMSCOPE_PRECISION=fp32``
(or ``precision="fp32"`` on a model's ``load``) forces full precision; ``bf16`` forces autocast.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import torch

from ..errors import ClaimscopeValueError, Errors

PRECISION_ENV = "CLAIMSCOPE_PRECISION"
CHOICES = ("auto", "fp32", "bf16")
BF16_CPU_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})


@lru_cache(maxsize=1)
def cpu_has_bf16() -> bool:
    """Whether this processor computes bf16 natively (AMX or AVX512-BF16; read from /proc/cpuinfo on Linux)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return bool(BF16_CPU_FLAGS & set(line.split(":", 1)[-1].split()))
    return False


def autocast_dtype(device: torch.device, precision: str | None = None) -> torch.dtype | None:
    """The dtype to run the encoder in under autocast on ``device``, or None for plain fp32.

    ``precision`` (else ``$CLAIMSCOPE_PRECISION``, else ``auto``): ``fp32``, ``bf16`` or ``auto`` (bf16 where
    the hardware has it). Another value is a coded error (E032)."""
    choice = (precision or os.environ.get(PRECISION_ENV) or "auto").lower()
    if choice not in CHOICES:
        raise ClaimscopeValueError(Errors.E032, value=choice, choices=", ".join(CHOICES), env=PRECISION_ENV)
    if choice == "fp32":
        return None
    if device.type == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device.type == "cpu" and (choice == "bf16" or cpu_has_bf16()):
        return torch.bfloat16
    return None


def precision_name(dtype: torch.dtype | None) -> str:
    """``fp32``, ``bf16`` or ``fp16``: how a model runs, for ``claimscope info`` and manifests."""
    return {None: "fp32", torch.bfloat16: "bf16", torch.float16: "fp16"}[dtype]
