"""Multi-task training of the MiniLM claim classifier on cached lower-layer states.

The bottom layers of MiniLM stay frozen, so their outputs are computed once per sentence and cached; only
the top ``trainable_layers`` layers and the heads are trained (a few minutes per epoch on 2 CPU cores).
Model selection (best epoch) and temperature scaling use the dev files only.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch
from torch import nn

from claimscope.errors import ClaimscopeValueError, Errors
from claimscope.models import lora
from claimscope.models.encoder import length_batches, span_token_mask, tokenize
from claimscope.models.multitask import SPAN_TASKS, TASK_LABELS, MultiTaskModel
from claimscope.training.data import (
    balance_to_prior,
    excluded_texts,
    load_files,
    load_soft_labels,
    portable_paths,
    text_key,
)
from claimscope.training.metrics import ece, f1_per_class, fit_temperature, macro_f1, softmax
from claimscope.training.topic_variants import with_topic_variants

DISTILLED = " (distilled)"  # suffix of a head's pool of teacher-labelled examples
METRIC_NAMES = {"checkworthiness": "f1_checkworthy", "topic_stance": "f_avg_mean_over_sources"}


@dataclass
class TrainConfig:
    """Everything that determines a trained artefact (stored in its config.json)."""

    train_files: dict[str, list[str]]
    dev_files: dict[str, list[str]]
    seed: int = 13
    epochs: int = 3
    trainable_layers: int = 2
    batch_size: int = 32
    lr: float = 1e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    max_length: int = 128
    max_train: dict[str, int] = field(default_factory=dict)
    repeat: dict[str, int] = field(default_factory=dict)
    threads: int = 2
    init: str | None = None  # an artefact to continue training from (its heads and trained layers)
    # per head, JSONL files of a teacher's probabilities on unlabelled sentences (knowledge distillation)
    distill: dict[str, list[str]] = field(default_factory=dict)
    distill_balance: bool = False  # subsample them to the gold labels' class proportions (balance_to_prior)
    topic_variants: float = 0.0  # topic stance: add reworded copies of this fraction of training rows (topic_variants)
    lora_layers: int = 0  # low-rank adapters on this many layers below the fine-tuned ones (models.lora)
    lora_rank: int = 16
    lora_lr: float = 1e-3  # adapters start at zero and need a head-like rate to move (1e-4 moved them ~1%)
    exclude_files: list[str] = field(default_factory=list)  # texts in these (test) files never enter training


@dataclass
class Example:
    """One tokenised training sentence; ``targets`` are token index lists of stance targets."""

    task: str
    ids: list[int]
    labels: list[int]
    targets: list[list[int]]
    cache: torch.Tensor | None = None
    source: str = ""
    soft: list[float] | None = None  # a teacher's probabilities, in place of gold labels


def _log(msg: str) -> None:
    print(f"[train {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def build_examples(task: str, rows: Any, tokenizer: Any, max_length: int) -> list[Example]:
    """Tokenise a dataset once (``datasets.Dataset.map``) and turn it into examples."""
    enc = rows.map(
        lambda b: tokenize(tokenizer, b["text"], max_length),
        batched=True,
        remove_columns=[],
        desc=f"tokenise {task}",
    )
    out = []
    for r in enc:
        if task in SPAN_TASKS:
            targets = [span_token_mask(r["offset_mapping"], [tuple(t)]) for t in r["targets"]]
            out.append(Example(task, r["input_ids"], list(r["labels"]), targets, source=r.get("source", "")))
        elif "probs" in r:
            out.append(Example(task, r["input_ids"], [], [], soft=list(r["probs"])))
        else:
            out.append(Example(task, r["input_ids"], [int(r["label"])], []))
    return out


@torch.inference_mode()
def cache_lower_layers(model: MultiTaskModel, examples: Sequence[Example], batch_size: int = 64) -> None:
    """Run the frozen bottom layers once and keep each example's hidden states (fp16)."""
    layers = model.encoder.encoder.layer
    cut = min(model.run_layers)
    model.encoder.encoder.layer = nn.ModuleList(list(layers)[:cut])
    model.eval()
    try:
        for batch in length_batches([len(e.ids) for e in examples], batch_size):
            width = max(len(examples[i].ids) for i in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for r, i in enumerate(batch):
                ids[r, : len(examples[i].ids)] = torch.tensor(examples[i].ids)
                mask[r, : len(examples[i].ids)] = 1
            hidden = model.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            for r, i in enumerate(batch):
                examples[i].cache = hidden[r, : len(examples[i].ids)].to(torch.float16).clone()
    finally:
        model.encoder.encoder.layer = layers


def forward_cached(model: MultiTaskModel, batch: Sequence[Example]) -> tuple[dict[str, torch.Tensor], list[int]]:
    """Head logits for a batch of cached examples, and the flat gold labels of its task."""
    width = max(len(e.ids) for e in batch)
    hid = model.encoder.config.hidden_size
    hidden = torch.zeros((len(batch), width, hid))
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    rows, tmasks, gold = [], [], []
    for r, e in enumerate(batch):
        assert e.cache is not None  # cache_lower_layers ran
        hidden[r, : len(e.ids)] = e.cache.float()
        mask[r, : len(e.ids)] = 1
        gold.extend(e.labels)
        for tok in e.targets:
            m = torch.zeros(width, dtype=torch.long)
            m[tok] = 1
            rows.append(r)
            tmasks.append(m)
    top = model.top_layers(hidden, mask)
    t_rows = torch.tensor(rows, dtype=torch.long) if rows else None
    t_mask = torch.stack(tmasks) if tmasks else None
    return model.head_logits(top, mask, t_rows, t_mask), gold


@torch.inference_mode()
def dev_logits(
    model: MultiTaskModel, examples: Sequence[Example], batch_size: int = 64
) -> tuple[np.ndarray, list[int]]:
    """Logits and gold labels of one task's dev examples, in the order of ``examples`` (one target each for
    the topic-stance task)."""
    model.eval()
    logits: list[np.ndarray | None] = [None] * len(examples)
    gold: list[list[int]] = [[] for _ in examples]
    for batch in length_batches([len(e.ids) for e in examples], batch_size):
        out, _ = forward_cached(model, [examples[i] for i in batch])
        rows = out[examples[0].task].numpy()
        k = 0
        for i in batch:
            n = len(examples[i].labels)
            logits[i] = rows[k : k + n]
            gold[i] = examples[i].labels
            k += n
    return np.concatenate(cast(list[np.ndarray], logits)), [g for gs in gold for g in gs]


def f_avg(gold: Sequence[int], pred: Sequence[int]) -> float:
    """SemEval-2016 Task 6 metric: mean F1 of favor and against (neutral/none is not averaged in)."""
    f1 = f1_per_class(gold, pred, 3)
    return (f1[0] + f1[2]) / 2


def task_score(task: str, gold: Sequence[int], pred: Sequence[int], sources: Sequence[str] = ()) -> float:
    """The official metric: positive-class F1 for check-worthiness, F_avg for topic stance (the mean over
    the data sources when they are given, so the small SemEval dev set weighs as much as P-Stance's), macro-F1
    otherwise."""
    n = len(TASK_LABELS[task])
    if task == "topic_stance":
        groups: dict[str, list[int]] = {}
        for i, s in enumerate(sources or [""] * len(gold)):
            groups.setdefault(s, []).append(i)
        return float(np.mean([f_avg([gold[i] for i in ix], [pred[i] for i in ix]) for ix in groups.values()]))
    return f1_per_class(gold, pred, n)[1] if task == "checkworthiness" else macro_f1(gold, pred, n)


def _sources(examples: Sequence[Example]) -> list[str]:
    """Per gold label, the data source of its example."""
    return [e.source for e in examples for _ in e.labels]


def length_bucketed(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    """Index batches of similar lengths in random order of chunks: the indices are shuffled, then sorted by
    length within chunks of 50 batches (less padding, still random). The caller shuffles the batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches: list[list[int]] = []
    for s in range(0, len(order), size * 50):
        part = sorted(order[s : s + size * 50], key=lambda i: lengths[i])
        batches.extend(part[b : b + size] for b in range(0, len(part), size))
    return batches


def _batches(examples: dict[str, list[Example]], cfg: Any, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of one pool each (a head's gold examples, or its distilled ones), similar lengths
    batched together; ``cfg`` is a :class:`TrainConfig` or :class:`.full.FullConfig` (``repeat``, ``batch_size``)."""
    out: list[list[Example]] = []
    for pool_name, exs in examples.items():
        pool = exs * cfg.repeat.get(pool_name, 1)
        out.extend([pool[i] for i in b] for b in length_bucketed([len(e.ids) for e in pool], cfg.batch_size, rng))
    rng.shuffle(out)
    return out


def warmup_then_decay(opt: torch.optim.Optimizer, total: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over the first 5% of ``total`` steps, then linear decay to zero."""
    warm = max(1, total // 20)
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )


def calibrated_dev_metrics(task: str, logits: np.ndarray, gold: list[int], sources: Sequence[str]) -> dict[str, Any]:
    """A head's dev metrics with the temperature fitted on dev (kept at 1.0 where scaling would not lower the
    expected calibration error)."""
    temp = round(fit_temperature(logits, gold), 4)
    if ece(softmax(logits, temp), gold) > ece(softmax(logits), gold):
        temp = 1.0  # scaling would not help on dev: keep the raw probabilities
    return {
        "metric": METRIC_NAMES.get(task, "macro_f1"),
        "score": task_score(task, gold, logits.argmax(1).tolist(), sources),
        "ece_raw": ece(softmax(logits), gold),
        "ece_calibrated": ece(softmax(logits, temp), gold),
        "temperature": temp,
        "n": len(gold),
    }


def train(cfg: TrainConfig, output: str | Path) -> dict[str, Any]:
    """Train, select the best epoch on dev, fit temperatures on dev, save the artefact; return its metrics."""
    torch.set_num_threads(cfg.threads)
    random.seed(cfg.seed)
    np.random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    tasks = [t for t in TASK_LABELS if t in cfg.train_files]
    n_layers = 6
    model_cfg: dict[str, Any] = {
        "tasks": tasks,
        "trained_layers": list(range(n_layers - cfg.trainable_layers, n_layers)),
        "max_length": 256,
        "dropout": 0.1,
    }
    first = model_cfg["trained_layers"][0]
    if not 0 <= cfg.lora_layers <= first or (cfg.lora_layers and cfg.lora_rank < 1):
        raise ClaimscopeValueError(
            Errors.E029,
            rank=cfg.lora_rank,
            lora_layers=cfg.lora_layers,
            trainable_layers=cfg.trainable_layers,
            available=first,
        )
    if cfg.lora_layers:
        model_cfg["lora"] = {
            "layers": list(range(first - cfg.lora_layers, first)),
            "rank": cfg.lora_rank,
            "alpha": 2 * cfg.lora_rank,
        }
    if cfg.init:
        model, tokenizer = MultiTaskModel.load(cfg.init, f"claimscope train ... --output {cfg.init}", merge_lora=False)
        # A run may add adapters to a start that has none; otherwise tasks, layers and adapters must match.
        lora_ok = model.lora_spec in (None, model_cfg.get("lora"))
        if model.config["tasks"] != tasks or model.trained_layers != model_cfg["trained_layers"] or not lora_ok:
            raise ClaimscopeValueError(
                Errors.E025,
                path=cfg.init,
                found=f"tasks {model.config['tasks']}, layers {model.trained_layers}, adapters {model.lora_spec}",
                needed=f"tasks {tasks}, layers {model_cfg['trained_layers']}, adapters {model_cfg.get('lora')}",
            )
        if model_cfg.get("lora") and not model.lora_spec:
            model.config["lora"] = model_cfg["lora"]
            lora.attach(model.encoder, model.config["lora"])
        # The artefact records how its starting point was trained (a stage can itself have been continued).
        model.config["init_training"] = {**(model.config.pop("training", None) or {}), **_history(cfg.init)}
        _log(f"continuing from {cfg.init}")
    else:
        model, tokenizer = MultiTaskModel.create(model_cfg)
    train_ex: dict[str, list[Example]] = {}
    dev_ex: dict[str, list[Example]] = {}
    banned = excluded_texts(cfg.exclude_files)
    for t in tasks:
        rows = load_files(t, cfg.train_files[t])
        if banned:
            rows = rows.filter(lambda r, t=t: text_key(t, r["text"]) not in banned)
        if t in cfg.max_train and len(rows) > cfg.max_train[t]:
            rows = rows.shuffle(seed=cfg.seed).select(range(cfg.max_train[t]))
        if t == "topic_stance" and cfg.topic_variants:
            rows = with_topic_variants(rows, cfg.topic_variants, cfg.seed)
        train_ex[t] = build_examples(t, rows, tokenizer, cfg.max_length)
        dev_ex[t] = build_examples(t, load_files(t, cfg.dev_files[t]), tokenizer, cfg.max_length)
        _log(f"{t}: {len(train_ex[t])} train / {len(dev_ex[t])} dev sentences")
        if cfg.distill.get(t):
            soft = load_soft_labels(cfg.distill[t], len(TASK_LABELS[t]))
            if cfg.distill_balance:
                soft = balance_to_prior(soft, [y for e in train_ex[t] for y in e.labels], len(TASK_LABELS[t]))
            train_ex[f"{t}{DISTILLED}"] = build_examples(t, soft, tokenizer, cfg.max_length)
            _log(f"{t}: {len(soft)} sentences with a teacher's probabilities")
            model.config.setdefault("distill_teachers", {})[t] = [teacher_info(f) for f in cfg.distill[t]]
    everything = [e for d in (train_ex, dev_ex) for exs in d.values() for e in exs]
    _log(f"caching layers below {min(model.run_layers)} for {len(everything)} sentences")
    cache_lower_layers(model, everything)
    _log("cached")

    for p in model.encoder.parameters():
        p.requires_grad_(False)
    layer_params = [p for i in model.trained_layers for p in model.encoder.encoder.layer[i].parameters()]
    adapter_params = [p for a in lora.adapters(model.encoder, model.lora_spec).values() for p in (a.A, a.B)]
    for p in layer_params + adapter_params:
        p.requires_grad_(True)
    groups = [{"params": layer_params, "lr": cfg.lr}, {"params": model.heads.parameters(), "lr": cfg.head_lr}]
    if adapter_params:
        groups.append({"params": adapter_params, "lr": cfg.lora_lr})
    opt = torch.optim.AdamW(groups, weight_decay=cfg.weight_decay)
    steps_per_epoch = len(_batches(train_ex, cfg, random.Random(0)))
    sched = warmup_then_decay(opt, steps_per_epoch * cfg.epochs)
    loss_fn = nn.CrossEntropyLoss()
    best: tuple[float, int] | None = None
    metrics: dict[str, Any] = {}
    history = []
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        batches = _batches(train_ex, cfg, rng)
        running = 0.0
        for step, batch in enumerate(batches, 1):
            logits, gold = forward_cached(model, batch)
            # distilled examples: cross-entropy against the teacher's probabilities instead of gold classes
            target = torch.tensor([e.soft for e in batch]) if batch[0].soft is not None else torch.tensor(gold)
            loss = loss_fn(logits[batch[0].task], target)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(layer_params + adapter_params, 1.0)
            opt.step()
            sched.step()
            running += loss.item()
            if step % 100 == 0:
                _log(f"epoch {epoch} step {step}/{len(batches)} loss {running / 100:.4f}")
                running = 0.0
        scores = {}
        for t in tasks:
            lg, gold = dev_logits(model, dev_ex[t])
            scores[t] = task_score(t, gold, lg.argmax(1).tolist(), _sources(dev_ex[t]))
        mean = float(np.mean(list(scores.values())))
        history.append({"epoch": epoch, "dev": scores, "dev_mean": mean})
        _log(f"epoch {epoch} dev {json.dumps(scores)} mean {mean:.4f}")
        if best is None or mean > best[0]:
            best = (mean, epoch)
            # Save the best epoch so far, so that an interrupted run still leaves a usable artefact.
            metrics = _save(model, cfg, dev_ex, output, epoch, history)
        else:
            metrics["history"] = history
            (Path(output) / "metrics.json").write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    return metrics


def teacher_info(soft_labels: str | Path) -> dict[str, Any]:
    """What ``claimscope teacher label`` recorded about the teacher of a soft-label file, if anything."""
    try:
        return json.loads(Path(soft_labels).with_suffix(".teacher.json").read_text())
    except (OSError, ValueError):
        return {}


def _history(artefact: str | Path) -> dict[str, Any]:
    """The per-epoch dev history in an artefact's metrics.json, if it has one."""
    try:
        return {"history": json.loads((Path(artefact) / "metrics.json").read_text())["history"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _save(
    model: MultiTaskModel,
    cfg: TrainConfig,
    dev_ex: dict[str, list[Example]],
    output: str | Path,
    epoch: int,
    history: list[dict],
) -> dict[str, Any]:
    """Fit temperatures on dev, then write the artefact and its metrics (dev scores of the stored weights)."""
    stored = copy.deepcopy(model)
    stored.load_delta_state_dict(stored.delta_state_dict())  # fp16-rounded layers, as they will be loaded
    dev_metrics = {
        t: calibrated_dev_metrics(t, *dev_logits(stored, dev_ex[t]), _sources(dev_ex[t]))
        for t in stored.config["tasks"]
    }
    temperature = {t: m["temperature"] for t, m in dev_metrics.items()}
    stored.save(output, portable_paths({"temperature": temperature, "training": {**asdict(cfg), "best_epoch": epoch}}))
    metrics = {"dev": dev_metrics, "history": history, "best_epoch": epoch}
    (Path(output) / "metrics.json").write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    _log(f"saved epoch {epoch} to {output}: {json.dumps(dev_metrics)}")
    return metrics
