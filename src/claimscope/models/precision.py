"""Numeric precision of the encoders: fp32 by default, bf16 on request where the processor computes it.

On a CPU with AMX or AVX512-BF16, running the encoder under ``torch.autocast("cpu", dtype=torch.bfloat16)`` is
faster than fp32 (1.55x end to end here, 2.6x for the bare encoder) and gives the same labels on nearly every
input (the agreement on the dev sets is in the model cards); on a CUDA device bf16 is used where supported,
else fp16. It is not the default because bf16 scores depend on the batch a text is padded with in about the
third decimal, so the same text would not give byte-identical JSON alone and in a batch; fp32 does.
``CLAIMSCOPE_PRECISION=auto`` (or ``precision="auto"`` on a model's ``load``) uses bf16 where the hardware has
it, ``bf16`` forces autocast, ``fp32`` is full precision. The defaults differ by tier: the fast tier runs in fp32
(byte-identical output), the accurate tier in ``auto`` (mpnet is 3.9x faster in bf16 here, and the
alone-versus-batch difference stays in the third decimal of a score; set ``fp32`` for byte-identical output).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import torch

from claimscope.errors import ClaimscopeValueError, Errors

PRECISION_ENV = "CLAIMSCOPE_PRECISION"
CHOICES = ("auto", "fp32", "bf16")
DEFAULT = "fp32"  # the fast tier's: reproducible to the byte alone and in batches; see the module docstring
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


TIER_DEFAULTS = {"accurate": "auto", "fast": DEFAULT}


def autocast_dtype(device: torch.device, precision: str | None = None, default: str = DEFAULT) -> torch.dtype | None:
    """The dtype to run the encoder in under autocast on ``device``, or None for plain fp32.

    ``precision`` (else ``$CLAIMSCOPE_PRECISION``, else ``default``: :data:`TIER_DEFAULTS` gives each tier's):
    ``fp32``, ``bf16`` or ``auto`` (bf16 where the hardware has it). Another value is a coded error (E032)."""
    choice = (precision or os.environ.get(PRECISION_ENV) or default).lower()
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


def store_linear_weights_in(model: torch.nn.Module, dtype: torch.dtype | None) -> None:
    """Keep the weights of ``model``'s Linear layers in ``dtype``, the autocast dtype it runs in (None: leave fp32).

    Autocast casts a Linear layer's fp32 weight to its dtype on every call; storing the weight cast once gives
    the same numbers (the same rounding) without that cost, about a fifth of a short forward pass on the CPU.
    The model must then only run under autocast in ``dtype``; so this is for loaded models, never for one in
    training. Embeddings and layer norms stay in fp32, as autocast runs them."""
    if dtype is None:
        return
    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            module.to(dtype)


def prepare_loaded_model(model: torch.nn.Module, dtype: torch.dtype | None) -> None:
    """Ready a model just loaded for prediction in ``dtype`` (None: fp32): before its first bf16 primitive, cap
    oneDNN's primitive cache; store its Linear weights in ``dtype``; copy every weight off the file's memory map
    (:mod:`claimscope.models.memory`)."""
    from claimscope.models.memory import cap_onednn_primitive_cache, copy_off_the_file

    if dtype is not None:
        cap_onednn_primitive_cache()
    store_linear_weights_in(model, dtype)
    copy_off_the_file(model)
