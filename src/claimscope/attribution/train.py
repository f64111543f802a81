"""Training of the attribution tagger on PolNeAR train, selection on PolNeAR dev.

The bottom MiniLM layers stay frozen: their outputs are computed once per window (bf16) and cached on disk, and
only the top ``trainable_layers`` layers and the BIO head are trained on them (bf16 autocast, 2 threads).

Selection rule (fixed before training): after every epoch the tagger predicts PolNeAR dev exactly as at
inference (windows cut at sentence starts, no gold); the kept epoch is the one with the best mean of the exact
span F1 of SOURCE and CONTENT (``span_scores(...)["selection"]``), one seed; ties keep the earlier epoch.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ..models.encoder import length_batches, pad_batch
from . import LABELS
from .data import WINDOW_PIECES, Window, document_windows, polnear_folder, read_split
from .evaluate import span_scores
from .tagger import AttributionModel, decode

DEFAULT_CACHE = Path("/tmp/claimscope-attribution-cache")


@dataclass
class TrainConfig:
    """Everything that determines the trained artefact (stored in its config.json)."""

    seed: int = 13
    epochs: int = 3
    trainable_layers: int = 2
    batch_size: int = 16
    lr: float = 1e-4
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    window_pieces: int = WINDOW_PIECES
    threads: int = 2
    max_train_docs: int | None = None  # a cap for quick runs and tests
    max_dev_docs: int | None = None


def _seed(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


@torch.inference_mode()
def cache_states(
    model: AttributionModel, wins: list[Window], cache_dir: Path | None, tag: str, batch_size: int = 32
) -> list[torch.Tensor]:
    """Hidden states (bf16) entering the first trained layer, per window; kept in ``cache_dir`` by a key of the
    windows' ids and the number of frozen layers."""
    frozen = model.trained_layers[0]
    key = hashlib.sha256(json.dumps([frozen, [w.ids for w in wins]]).encode()).hexdigest()[:16]
    path = cache_dir / f"{tag}-{key}.pt" if cache_dir is not None else None
    if path is not None and path.is_file():
        return torch.load(path)
    out: list[torch.Tensor | None] = [None] * len(wins)
    lengths = [len(w.ids) for w in wins]
    enc = model.encoder.eval()
    layers = enc.encoder.layer
    enc.encoder.layer = layers[:frozen]  # only the frozen layers run
    try:
        for batch in length_batches(lengths, batch_size):
            ids, mask = pad_batch([wins[i].ids for i in batch])
            with torch.autocast("cpu", dtype=torch.bfloat16):
                hidden = enc(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states[frozen]
            for row, i in enumerate(batch):
                out[i] = hidden[row, : lengths[i]].to(torch.bfloat16).clone()
    finally:
        enc.encoder.layer = layers
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(out, path)
    return out  # type: ignore[return-value]


def _pad_states(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(s.shape[0] for s in states)
    hidden = torch.zeros(len(states), width, states[0].shape[1], dtype=torch.float32)
    mask = torch.zeros(len(states), width, dtype=torch.long)
    for r, s in enumerate(states):
        hidden[r, : s.shape[0]] = s.float()
        mask[r, : s.shape[0]] = 1
    return hidden, mask


@torch.inference_mode()
def predict_cached(model: AttributionModel, docs: list, wins: list[Window], states: list[torch.Tensor]) -> list:
    """Spans per document from cached states (the dev score after each epoch)."""
    model.eval()
    preds: list[list] = [[] for _ in docs]
    lengths = [s.shape[0] for s in states]
    for batch in length_batches(lengths, 32):
        hidden, mask = _pad_states([states[i] for i in batch])
        with torch.autocast("cpu", dtype=torch.bfloat16):
            logits = model.top(hidden, mask)
        probs = torch.softmax(logits.float(), -1)
        for row, i in enumerate(batch):
            w = wins[i]
            preds[w.doc].extend(decode(docs[w.doc].text, w.offsets, probs[row, 1 : lengths[i] - 1]))
    return preds


def train(
    cfg: TrainConfig,
    output: str | Path,
    data_dir: str | Path | None = None,
    cache_dir: Path | None = DEFAULT_CACHE,
    checkpoints: str | Path | None = None,
    log: Any = print,
) -> dict[str, Any]:
    """Train, keep the best dev epoch in ``output`` (config.json, model.safetensors, metrics.json); with
    ``checkpoints``, every epoch's artefact is also written there."""
    torch.set_num_threads(cfg.threads)
    _seed(cfg.seed)
    folder = polnear_folder(data_dir)
    train_docs = read_split(folder, "train", cfg.max_train_docs)
    dev_docs = read_split(folder, "dev", cfg.max_dev_docs)
    model, tokenizer = AttributionModel.create(
        {
            "trained_layers": list(range(6 - cfg.trainable_layers, 6)),
            "window_pieces": cfg.window_pieces,
            "dropout": 0.1,
            "train": asdict(cfg),
        }
    )
    n_layers = len(model.encoder.encoder.layer)
    model.config["trained_layers"] = list(range(n_layers - cfg.trainable_layers, n_layers))
    t0 = time.time()
    train_wins = document_windows(tokenizer, train_docs, gold=True, size=cfg.window_pieces)
    dev_wins = document_windows(tokenizer, dev_docs, gold=False, size=cfg.window_pieces)
    train_states = cache_states(model, train_wins, cache_dir, "train")
    dev_states = cache_states(model, dev_wins, cache_dir, "dev")
    log(f"windows train {len(train_wins)} dev {len(dev_wins)}; cached states in {time.time() - t0:.0f}s")

    for p in model.encoder.parameters():
        p.requires_grad_(False)
    layer_params = [p for i in model.trained_layers for p in model.encoder.encoder.layer[i].parameters()]
    for p in layer_params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(
        [{"params": layer_params, "lr": cfg.lr}, {"params": model.head.parameters(), "lr": cfg.head_lr}],
        weight_decay=cfg.weight_decay,
    )
    batches = length_batches([len(w.ids) for w in train_wins], cfg.batch_size)
    total = max(1, len(batches) * cfg.epochs)
    warm = max(1, int(cfg.warmup * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: min((step + 1) / warm, max(0.0, (total - step) / max(1, total - warm)))
    )
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(cfg.seed)
    history, best, best_epoch, best_state = [], -1.0, 0, None
    t_train = time.time()
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        order = list(range(len(batches)))
        rng.shuffle(order)
        running, t_ep = 0.0, time.time()
        for step, b in enumerate(order, 1):
            idx = batches[b]
            hidden, mask = _pad_states([train_states[i] for i in idx])
            labels = torch.full(mask.shape, -100, dtype=torch.long)
            for r, i in enumerate(idx):
                tags = train_wins[i].tags
                labels[r, 1 : 1 + len(tags)] = torch.tensor(tags, dtype=torch.long)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = model.top(hidden, mask)
            loss = loss_fn(logits.float().reshape(-1, len(LABELS)), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*layer_params, *model.head.parameters()], 1.0)
            opt.step()
            sched.step()
            running += loss.item()
            if step % 50 == 0:
                log(f"epoch {epoch} step {step}/{len(order)} loss {running / step:.4f} ({time.time() - t_ep:.0f}s)")
        scores = span_scores(dev_docs, predict_cached(model, dev_docs, dev_wins, dev_states))
        row = {
            "epoch": epoch,
            "train_loss": round(running / len(order), 4),
            "seconds": round(time.time() - t_ep),
            **scores,
        }
        history.append(row)
        log(json.dumps({k: row[k] for k in ("epoch", "train_loss", "seconds", "selection")}))
        if checkpoints is not None:
            model.save(Path(checkpoints) / f"epoch{epoch}")
        if scores["selection"] > best:
            best, best_epoch = scores["selection"], epoch
            best_state = {k: v.clone() for k, v in model.delta_state_dict().items()}
    train_seconds = round(time.time() - t_train)
    # the best epoch's weights back into the model, then the artefact
    assert best_state is not None
    model.load_delta(best_state)
    model.config["selected_epoch"] = best_epoch
    model.save(output)
    metrics = {
        "data": {
            "train": f"PolNeAR train ({len(train_docs)} articles)",
            "dev": f"PolNeAR dev ({len(dev_docs)} articles)",
        },
        "windows": {"train": len(train_wins), "dev": len(dev_wins)},
        "selection_rule": "best mean of dev exact span F1 of SOURCE and CONTENT over epochs, one seed",
        "selected_epoch": best_epoch,
        "dev": history[best_epoch - 1],
        "history": history,
        "train_seconds": train_seconds,
        "seed": cfg.seed,
    }
    (Path(output) / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return {"selected_epoch": best_epoch, "selection": best, "train_seconds": train_seconds}


def train_from_cli(
    output: str | Path, data_dir: str | Path | None, seed: int, epochs: int, trainable_layers: int
) -> dict[str, Any]:
    """``claimscope train attribution``: the states cache and one checkpoint per epoch go under
    ``$CLAIMSCOPE_ATTRIBUTION_CACHE`` (default /tmp/claimscope-attribution-cache), outside the repository."""
    import os
    import sys

    import typer

    if not 1 <= trainable_layers <= 6:
        raise typer.BadParameter(f"1 to 6, got {trainable_layers}", param_hint="--trainable-layers")
    if epochs < 1:
        raise typer.BadParameter(f"1 or more, got {epochs}", param_hint="--epochs")
    cache = Path(os.environ.get("CLAIMSCOPE_ATTRIBUTION_CACHE", str(DEFAULT_CACHE)))
    cfg = TrainConfig(seed=seed, epochs=epochs, trainable_layers=trainable_layers)
    checkpoints = cache / "checkpoints" / f"seed{seed}"
    return train(cfg, output, data_dir, cache, checkpoints, log=lambda m: print(m, file=sys.stderr, flush=True))
