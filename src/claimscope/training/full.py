"""Training over the whole encoder with low-rank adapters on every layer: the accurate tier's recipe.

The fast tier trains its top MiniLM layers on cached lower-layer states (:mod:`.train`). The accurate tier puts
adapters (:mod:`claimscope.models.lora`) in all twelve mpnet layers, so every step runs the whole encoder (under
bf16 autocast where the device has it); only the adapters and heads are stored (~8 MB). It runs in two steps
so that the heavy one can run where a GPU is:

- :func:`prepare` reads the datasets, drops training texts that occur in the excluded (test) files and tokenises
  everything with the tier's tokenizer into one ``examples.pt`` file;
- :func:`fit` trains from that file, keeps the epoch with the best dev mean, fits temperatures on dev and
  writes the artefact.

``claimscope train TASK --tier accurate`` does both in one process.
"""

from __future__ import annotations

import copy
import json
import math
import random
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from claimscope.models import lora
from claimscope.models.encoder import load_tokenizer
from claimscope.models.multitask import TASK_LABELS, MultiTaskModel
from claimscope.models.tiers import ENCODER_NAMES
from claimscope.models.topic import SEPARATOR
from claimscope.training.train import (
    Example,
    _batches,
    _log,
    _sources,
    build_examples,
    calibrated_dev_metrics,
    task_score,
    warmup_then_decay,
)

FORMAT = "claimscope-examples"
LOG_EVERY = 50  # training steps between progress lines
# A continuation of a trained artefact (``init``) takes smaller steps than a run from scratch.
CONTINUATION = {"batch_size": 32, "lora_lr": 2e-4, "head_lr": 5e-4}


@dataclass
class FullConfig:
    """Everything that determines an accurate-tier artefact (stored in its config.json)."""

    train_files: dict[str, list[str]]
    dev_files: dict[str, list[str]]
    exclude_files: list[str] = field(default_factory=list)  # texts in these files never enter training
    tier: str = "accurate"
    seed: int = 13
    epochs: int = 3
    batch_size: int = 32
    lora_rank: int = 16
    lora_lr: float = 5e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    max_length: int = 128
    max_train: dict[str, int] = field(default_factory=dict)
    repeat: dict[str, int] = field(default_factory=dict)
    drop_topics: list[str] = field(default_factory=list)  # topic stance: leave these topics out (held-out runs)
    topic_variants: float = 0.0  # topic stance: add reworded copies of this fraction of rows (.topic_variants)
    init: str | None = None  # an accurate artefact to continue training from (same tasks and adapters)


def prepare(cfg: FullConfig, output: str | Path) -> dict[str, int]:
    """Tokenise the training and dev data into ``output`` (see the module docstring); return counts."""
    from claimscope.training.data import excluded_texts, load_files, portable_paths, text_key

    tokenizer = load_tokenizer(cfg.tier)  # tokenising needs no weights
    banned = excluded_texts(cfg.exclude_files)
    tasks = [t for t in TASK_LABELS if t in cfg.train_files]
    data: dict[str, Any] = {"format": FORMAT, "config": portable_paths(asdict(cfg)), "train": {}, "dev": {}}
    counts = {}
    for t in tasks:
        rows = load_files(t, cfg.train_files[t])
        before = len(rows)
        rows = rows.filter(lambda r, t=t: text_key(t, r["text"]) not in banned)
        if t == "topic_stance" and cfg.topic_variants:
            from claimscope.training.topic_variants import with_topic_variants

            rows = with_topic_variants(rows, cfg.topic_variants, cfg.seed)
        data["train"][t] = [
            _pack(e, text.split(SEPARATOR, 1)[0] if t == "topic_stance" else "")
            for e, text in zip(build_examples(t, rows, tokenizer, cfg.max_length), rows["text"], strict=True)
        ]
        data["dev"][t] = [
            _pack(e) for e in build_examples(t, load_files(t, cfg.dev_files[t]), tokenizer, cfg.max_length)
        ]
        counts[t] = len(data["train"][t])
        _log(f"{t}: {len(data['train'][t])} train ({before - len(rows)} excluded), {len(data['dev'][t])} dev")
    data["pad_id"] = int(tokenizer.pad_token_id or 0)
    torch.save(data, output)
    return counts


def _pack(e: Example, topic: str = "") -> dict[str, Any]:
    return {
        "task": e.task,
        "topic": topic,
        "ids": np.asarray(e.ids, dtype=np.int16 if max(e.ids) < 2**15 else np.int32),
        "labels": e.labels,
        "targets": e.targets,
        "source": e.source,
    }


def _unpack(d: dict[str, Any]) -> Example:
    return Example(d["task"], d["ids"].tolist(), list(d["labels"]), [list(t) for t in d["targets"]], source=d["source"])


def _batch_tensors(
    batch: Sequence[Example], pad_id: int, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None, torch.Tensor | None, list[int]]:
    width = max(len(e.ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    rows, tmasks, gold = [], [], []
    for r, e in enumerate(batch):
        ids[r, : len(e.ids)] = torch.tensor(e.ids)
        mask[r, : len(e.ids)] = 1
        gold.extend(e.labels)
        for tok in e.targets:
            m = torch.zeros(width, dtype=torch.long)
            m[tok] = 1
            rows.append(r)
            tmasks.append(m)
    t_rows = torch.tensor(rows, dtype=torch.long, device=device) if rows else None
    t_mask = torch.stack(tmasks).to(device) if tmasks else None
    return ids.to(device), mask.to(device), t_rows, t_mask, gold


def _autocast(device: torch.device) -> torch.autocast:
    from claimscope.models.precision import autocast_dtype

    dtype = autocast_dtype(device, "auto")
    return torch.autocast(device.type, dtype=dtype or torch.float32, enabled=dtype is not None)


@torch.inference_mode()
def full_logits(
    model: MultiTaskModel, examples: Sequence[Example], pad_id: int, device: torch.device, batch_size: int = 64
) -> tuple[np.ndarray, list[int]]:
    """Logits (float32) and gold labels of one task's examples, in their order."""
    from claimscope.models.encoder import length_batches

    model.eval()
    task = examples[0].task
    out: list[np.ndarray | None] = [None] * len(examples)
    for batch in length_batches([len(e.ids) for e in examples], batch_size):
        ids, mask, t_rows, t_mask, _ = _batch_tensors([examples[i] for i in batch], pad_id, device)
        with _autocast(device):
            logits = model.head_logits(model.encode(ids, mask), mask, t_rows, t_mask)[task].float().cpu().numpy()
        k = 0
        for i in batch:
            n = len(examples[i].labels)
            out[i] = logits[k : k + n]
            k += n
    return np.concatenate(out), [y for e in examples for y in e.labels]  # type: ignore[arg-type]


def fit(prepared: str | Path, output: str | Path, cfg: FullConfig | None = None, device: str | None = None) -> dict:
    """Train from a :func:`prepare` file; write the best epoch's artefact to ``output``; return its metrics.
    ``cfg`` overrides the training settings stored in the file (seed, epochs, rates; not the data)."""
    from claimscope.models.encoder import default_device

    data = torch.load(prepared, weights_only=False)
    cfg = cfg or FullConfig(**data["config"])
    dev = torch.device(device) if device else default_device()
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    tasks = list(data["train"])
    dropped = {" ".join(x.split()).lower() for x in cfg.drop_topics}
    train_ex = {
        t: [_unpack(d) for d in data["train"][t] if " ".join(d.get("topic", "").split()).lower() not in dropped]
        for t in tasks
    }
    for t, cap in cfg.max_train.items():
        if t in train_ex and len(train_ex[t]) > cap:
            train_ex[t] = random.Random(cfg.seed).sample(train_ex[t], cap)
    dev_ex = {t: [_unpack(d) for d in data["dev"][t]] for t in tasks}
    pad_id = int(data["pad_id"])
    model = _start(cfg, tasks)
    model.to(dev)
    for p in model.encoder.parameters():
        p.requires_grad_(False)
    adapter_params = [p for a in lora.adapters(model.encoder, model.lora_spec).values() for p in (a.A, a.B)]
    for p in adapter_params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(
        [{"params": adapter_params, "lr": cfg.lora_lr}, {"params": model.heads.parameters(), "lr": cfg.head_lr}],
        weight_decay=cfg.weight_decay,
    )

    total = sum(math.ceil(len(v) * cfg.repeat.get(t, 1) / cfg.batch_size) for t, v in train_ex.items()) * cfg.epochs
    sched = warmup_then_decay(opt, total)
    loss_fn = nn.CrossEntropyLoss()
    best: tuple[float, int] | None = None
    metrics: dict[str, Any] = {}
    history = []
    if cfg.init:  # the starting point's dev scores, measured in the same run, for the comparison
        scores = _dev_scores(model, tasks, dev_ex, pad_id, dev)
        history.append({"epoch": 0, "dev": scores, "dev_mean": float(np.mean(list(scores.values())))})
        _log(f"epoch 0 (start) dev {json.dumps(scores)} mean {history[0]['dev_mean']:.4f}")
    start = time.time()
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        running, seen = 0.0, 0
        for step, batch in enumerate(_batches(train_ex, cfg, rng), 1):
            ids, mask, t_rows, t_mask, gold = _batch_tensors(batch, pad_id, dev)
            with _autocast(dev):
                logits = model.head_logits(model.encode(ids, mask), mask, t_rows, t_mask)[batch[0].task]
            loss = loss_fn(logits.float(), torch.tensor(gold, device=dev))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(adapter_params, 1.0)
            opt.step()
            sched.step()
            running += loss.item()
            seen += len(batch)
            if step % LOG_EVERY == 0:
                rate = seen / (time.time() - start)
                _log(f"epoch {epoch} step {step} loss {running / LOG_EVERY:.4f} ({rate:.1f} ex/s)")
                running = 0.0
        scores = _dev_scores(model, tasks, dev_ex, pad_id, dev)
        mean = float(np.mean(list(scores.values())))
        history.append({"epoch": epoch, "dev": scores, "dev_mean": mean})
        _log(f"epoch {epoch} dev {json.dumps(scores)} mean {mean:.4f}")
        if best is None or mean > best[0]:
            best = (mean, epoch)
            # Saved at once (fp16-rounded, as it will be loaded): an interrupted run leaves its best epoch.
            stored = copy.deepcopy(model)
            stored.load_delta_state_dict(stored.delta_state_dict())
            metrics = _save(stored, cfg, dev_ex, pad_id, dev, output, epoch, history)
            del stored
        else:
            metrics["history"] = history
            (Path(output) / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return metrics


def _dev_scores(
    model: MultiTaskModel, tasks: list[str], dev_ex: dict[str, list[Example]], pad_id: int, dev: torch.device
) -> dict[str, float]:
    """Each task's dev score (the selection measure) from the model's argmax labels."""
    scores = {}
    for t in tasks:
        lg, gold = full_logits(model, dev_ex[t], pad_id, dev)
        scores[t] = task_score(t, gold, lg.argmax(1).tolist(), _sources(dev_ex[t]))
    return scores


def _start(cfg: FullConfig, tasks: list[str]) -> MultiTaskModel:
    """A fresh model with adapters on every layer, or the ``cfg.init`` artefact's (unmerged, to train further)."""
    if cfg.init:
        model, _ = MultiTaskModel.load(cfg.init, f"claimscope train ... --init {cfg.init}", merge_lora=False)
        if model.config["tasks"] != tasks or model.tier != cfg.tier or not model.lora_spec:
            raise ValueError(f"{cfg.init} cannot start this run: tasks {model.config['tasks']}, tier {model.tier}")
        history = {k: v for k, v in model.config.pop("training", {}).items() if k not in ("train_files", "dev_files")}
        if model.config.get("init_training"):  # a continuation of a continuation keeps the whole chain
            history["init_training"] = model.config["init_training"]
        model.config["init_training"] = history
        _log(f"continuing from {cfg.init}")
        return model
    model, _ = MultiTaskModel.create(
        {"tasks": tasks, "trained_layers": [], "max_length": 256, "dropout": 0.1, "heads_dtype": "float16"},
        cfg.tier,
    )
    n_layers = int(model.encoder.config.num_hidden_layers)
    model.config["lora"] = {"layers": list(range(n_layers)), "rank": cfg.lora_rank, "alpha": 2 * cfg.lora_rank}
    lora.attach(model.encoder, model.config["lora"])
    return model


def _save(
    model: MultiTaskModel,
    cfg: FullConfig,
    dev_ex: dict[str, list[Example]],
    pad_id: int,
    dev: torch.device,
    output: str | Path,
    epoch: int,
    history: list[dict],
) -> dict[str, Any]:
    from claimscope.training.data import portable_paths

    dev_metrics = {
        t: calibrated_dev_metrics(t, *full_logits(model, dev_ex[t], pad_id, dev), _sources(dev_ex[t]))
        for t in model.config["tasks"]
    }
    temperature = {t: m["temperature"] for t, m in dev_metrics.items()}
    training = {**asdict(cfg), "best_epoch": epoch, "recipe": "full-lora"}
    model.save(output, portable_paths({"temperature": temperature, "training": training}))
    metrics = {"dev": dev_metrics, "history": history, "best_epoch": epoch, "base_model": ENCODER_NAMES[cfg.tier]}
    (Path(output) / "metrics.json").write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    _log(f"saved epoch {epoch} to {output}: {json.dumps(dev_metrics)}")
    return metrics


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m claimscope.training.full fit EXAMPLES OUTPUT [--seed N --epochs N ...]``: the fit step alone,
    for a machine with a GPU that has torch and transformers but not claimscope's other dependencies."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m claimscope.training.full")
    parser.add_argument("step", choices=["fit"])
    parser.add_argument("examples")
    parser.add_argument("output")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--lora-lr", type=float)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--repeat", default=None, help="HEAD=N,HEAD=N")
    parser.add_argument("--max-train", default=None, help="HEAD=N,HEAD=N")
    parser.add_argument("--drop-topic", action="append", default=None, help="a topic left out of training")
    parser.add_argument("--init", default=None, help="an accurate artefact to continue training from")
    args = parser.parse_args(argv)
    data = torch.load(args.examples, weights_only=False)
    cfg = FullConfig(**data["config"])
    for name in ("seed", "epochs", "lora_lr", "batch_size"):
        if getattr(args, name) is not None:
            setattr(cfg, name, getattr(args, name))
    for name in ("repeat", "max_train"):
        if getattr(args, name) is not None:
            value = {k: int(v) for k, v in (p.split("=") for p in getattr(args, name).split(",") if p)}
            setattr(cfg, name, value)
    if args.drop_topic:
        cfg.drop_topics = list(args.drop_topic)
    if args.init:
        cfg.init = args.init
    del data
    fit(args.examples, args.output, cfg)


if __name__ == "__main__":
    main()
