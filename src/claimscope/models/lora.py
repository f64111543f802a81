"""Low-rank adapters (LoRA) on encoder layers that are not fine-tuned whole.

An adapter adds ``scale * B @ A`` to a frozen ``nn.Linear``'s weight (Hu et al., 2021). Training wraps the
Linear modules of the chosen layers in :class:`LoRALinear`; an artefact stores only ``A`` and ``B`` (a rank-16
adapter on one MiniLM layer is about 0.2 MB in fp16, a whole layer 3.5 MB). Loading for inference merges the
product into the packaged weights (:func:`merge`), so the encoder runs exactly as fast as the base one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from claimscope.models.memory import release_free_memory

if TYPE_CHECKING:
    from claimscope.models.encoder import Encoder

# The Linear modules of a layer, by their path inside ``encoder.encoder.layer[i]``, per architecture.
MODULES = {
    "bert": (
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "intermediate.dense",
        "output.dense",
    ),
    "mpnet": (
        "attention.attn.q",
        "attention.attn.k",
        "attention.attn.v",
        "attention.attn.o",
        "intermediate.dense",
        "output.dense",
    ),
}


class LoRALinear(nn.Module):
    """A frozen Linear plus a trainable low-rank update; ``B`` starts at zero, so the output starts unchanged."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.scale = alpha / rank
        self.A = nn.Parameter(torch.empty(rank, base.in_features))
        self.B = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.A, a=5**0.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale

    def merged(self, dtype: torch.dtype | None = None) -> nn.Linear:
        """A plain Linear whose weight includes the update, summed in fp32 and stored in ``dtype`` (default: the
        base's). Built one layer at a time, in fresh memory and without a random initialisation: a merge of mpnet
        that first made fp32 copies of every layer held 0.35 GB more at its peak before the weights were cast."""
        dtype = dtype or self.base.weight.dtype
        out = nn.Linear(self.base.in_features, self.base.out_features, bias=self.base.bias is not None, device="meta")
        with torch.no_grad():
            weight = self.base.weight.float() + self.scale * (self.B.float() @ self.A.float())
            out.weight = nn.Parameter(weight.to(dtype))
            if self.base.bias is not None:
                out.bias = nn.Parameter(self.base.bias.to(dtype, copy=True))
        return out


def _slots(encoder: Encoder, layers: list[int]) -> Iterator[tuple[str, nn.Module, str]]:
    """``("{layer}.{module path}", parent module, attribute name)`` of every adapted Linear of ``layers``."""
    for i in layers:
        for path in MODULES[encoder.config.model_type]:
            *parents, name = path.split(".")
            parent = encoder.encoder.layer[i]
            for p in parents:
                parent = getattr(parent, p)
            yield f"{i}.{path}", parent, name


def attach(encoder: Encoder, spec: dict[str, Any]) -> None:
    """Wrap the Linear modules of ``spec["layers"]`` in adapters (``spec``: layers, rank, alpha)."""
    for _, parent, name in _slots(encoder, spec["layers"]):
        linear = getattr(parent, name)
        if not isinstance(linear, LoRALinear):
            setattr(parent, name, LoRALinear(linear, int(spec["rank"]), float(spec["alpha"])))


def merge(encoder: Encoder, spec: dict[str, Any], dtype: torch.dtype | None = None) -> None:
    """Replace every adapter of ``spec["layers"]`` by a plain Linear with the update merged in (weights stored in
    ``dtype``, default fp32: see :meth:`LoRALinear.merged`). The heap each layer's fp32 sum used is handed back
    before the next: without that, fragments of them raised the load's peak by up to 0.3 GB."""
    for _, parent, name in _slots(encoder, spec["layers"]):
        module = getattr(parent, name)
        if isinstance(module, LoRALinear):
            setattr(parent, name, module.merged(dtype))
            release_free_memory()


def adapters(encoder: Encoder, spec: dict[str, Any] | None) -> dict[str, LoRALinear]:
    """The attached adapters by ``"{layer}.{module path}"`` (empty when they have been merged or ``spec`` is
    None, an artefact without adapters)."""
    found = {}
    for key, parent, name in _slots(encoder, spec["layers"] if spec else []):
        module = getattr(parent, name)
        if isinstance(module, LoRALinear):
            found[key] = module
    return found


def state_dict(encoder: Encoder, spec: dict[str, Any] | None) -> dict[str, torch.Tensor]:
    """The attached adapters as an artefact stores them: ``lora.{layer}.{module path}.A`` / ``.B`` in fp16."""
    state: dict[str, torch.Tensor] = {}
    for key, adapter in adapters(encoder, spec).items():
        state[f"lora.{key}.A"] = adapter.A.detach().to(torch.float16).contiguous().cpu()
        state[f"lora.{key}.B"] = adapter.B.detach().to(torch.float16).contiguous().cpu()
    return state


def load_state(encoder: Encoder, spec: dict[str, Any] | None, state: dict[str, torch.Tensor]) -> list[str]:
    """Copy the ``lora.*`` tensors of ``state`` into the attached adapters (as float32); return the ``lora.*``
    keys no adapter has. A wrong shape raises ``RuntimeError``."""
    found = adapters(encoder, spec)
    unknown = []
    for key, value in state.items():
        if not key.startswith("lora."):
            continue
        name, _, part = key[len("lora.") :].rpartition(".")
        if name not in found or part not in ("A", "B"):
            unknown.append(key)
            continue
        param = getattr(found[name], part)
        if param.shape != value.shape:
            raise RuntimeError(f"{key}: shape {tuple(value.shape)}, expected {tuple(param.shape)}")
        with torch.no_grad():
            param.copy_(value.float())
    return unknown
