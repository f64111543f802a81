"""Model soups: one artefact whose weights are the average of several runs (Wortsman et al., 2022).

Runs that continue the same artefact (``claimscope train ... --init A``) with different seeds start from the
same weights and heads, so their weights can be averaged: the "uniform soup" often generalises better than any
one run, at no cost at run time. Averaging runs with different starting points (or tasks, or trained layers)
is refused, since their heads do not correspond. The soup's temperatures are refitted on the dev files the
runs were selected on, and its dev scores are written to ``metrics.json`` beside those of every ingredient.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import torch

from claimscope.errors import ClaimscopeValueError, Errors
from claimscope.models.multitask import MultiTaskModel
from claimscope.training.data import portable_paths
from claimscope.training.train import TrainConfig, _save, build_examples, cache_lower_layers, load_files

REBUILD = "claimscope train ... --init SAME_START --seed N --output {path}"
SHARED_SETTINGS = ("tasks", "trained_layers", "base_model", "labels")


def average_states(states: Sequence[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """The element-wise mean of state dicts with the same keys and shapes, in float32."""
    keys = set(states[0])
    for s in states[1:]:
        if set(s) != keys:
            raise ValueError(f"the artefacts store different tensors: {sorted(keys ^ set(s))[:3]}")
    return {k: torch.stack([s[k].float() for s in states]).mean(0) for k in sorted(keys)}


BOOKKEEPING = ("artefact_commit",)  # recorded about a start, but not part of how it was trained


def _start(config: dict[str, Any]) -> dict[str, Any] | None:
    """What a run started from: the ``--init`` artefact's training settings and dev history (recorded by
    ``train --init`` as ``init_training``), so that a moved or renamed start still matches; None for a run
    from the base encoder."""
    start = config.get("init_training")
    return {k: v for k, v in start.items() if k not in BOOKKEEPING} if start else None


def _check_compatible(path: Path, first: dict[str, Any], config: dict[str, Any]) -> None:
    """Refuse to average an artefact whose heads or starting point differ from the first one's, or that has
    low-rank adapters (the mean of the products B @ A is not the product of the mean factors)."""
    if config.get("lora"):
        raise ClaimscopeValueError(
            Errors.E027, path=path, reason="it has low-rank adapters (--lora-layers), whose factors cannot be averaged"
        )
    for key in SHARED_SETTINGS:
        if config.get(key) != first.get(key):
            raise ClaimscopeValueError(
                Errors.E027, path=path, reason=f"its {key} {config.get(key)!r} differ from {first.get(key)!r}"
            )
    if _start(config) is None or _start(config) != _start(first):
        where = (config.get("training") or {}).get("init")
        raise ClaimscopeValueError(
            Errors.E027,
            path=path,
            reason=f"it did not start from the same --init artefact as the first run (it started from {where!r})",
        )


def _train_config(config: dict[str, Any]) -> TrainConfig:
    """The first ingredient's training settings (its dev files are the soup's)."""
    names = {f.name for f in fields(TrainConfig)}
    return TrainConfig(**{k: v for k, v in (config.get("training") or {}).items() if k in names})


def make_soup(artefacts: Sequence[str | Path], output: str | Path) -> dict[str, Any]:
    """Average ``artefacts`` (two or more runs from one ``--init``) into ``output``; return its metrics."""
    if len(artefacts) < 2:
        raise ClaimscopeValueError(Errors.E027, path=", ".join(map(str, artefacts)), reason="a soup needs two runs")
    models = [MultiTaskModel.load(p, REBUILD.format(path=p)) for p in artefacts]
    first = models[0][0].config
    for path, (model, _) in zip(artefacts, models, strict=True):
        _check_compatible(Path(path), first, model.config)
    soup, tokenizer = models[0]
    soup.load_delta_state_dict(average_states([m.delta_state_dict() for m, _ in models]))
    cfg = _train_config(first)
    dev_ex = {t: build_examples(t, load_files(t, cfg.dev_files[t]), tokenizer, cfg.max_length) for t in first["tasks"]}
    cache_lower_layers(soup, [e for exs in dev_ex.values() for e in exs])
    ingredients = [
        {"path": str(p), "seed": (m.config.get("training") or {}).get("seed"), "dev": _dev_scores(p)}
        for p, (m, _) in zip(artefacts, models, strict=True)
    ]
    soup.config["soup"] = {"method": "uniform weight average", "ingredients": ingredients}
    metrics = _save(soup, cfg, dev_ex, output, epoch=0, history=[])
    metrics["soup"] = soup.config["soup"]
    (Path(output) / "metrics.json").write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    return metrics


def _dev_scores(artefact: str | Path) -> dict[str, float]:
    """An artefact's dev score per task, from its metrics.json (empty when it has none)."""
    try:
        dev = json.loads((Path(artefact) / "metrics.json").read_text())["dev"]
        return {t: round(float(v["score"]), 4) for t, v in dev.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
