"""Stance towards many topics, most unseen in training: the figures of the topic-stance artefacts (issue #20).

``claimscope report topics --model FOLDER [--held-out-model FOLDER --held-out feminist]`` scores, each once:

- PERSPECTRUM test (debate claims unseen in training; macro-F1 of favor and against) and IBM claim stance test
  (motions unseen in training, towards the motion and towards its oppositely worded target);
- SemEval-2016 test (F_avg) and P-Stance test (macro-F1 of favor and against);
- VAST dev (no test split is here): three-class macro-F1 on all rows, the zero-shot and the few-shot topics;
- the SemEval topics in wordings kept out of training (:data:`.topic_variants.EVALUATION_WORDINGS`);
- the hand-written commentary pairs of ``tests/data`` (international affairs, plain and inverted wordings);
- a SemEval target left out of all training (``--held-out-model``), against a uniform guess.

It adds ``test_many_topics`` to the artefact's ``metrics.json`` and returns the figures.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from claimscope.training.card import (
    ENCODER_PACKAGES,
    CardFields,
    accurate_run_note,
    encoder_layers,
    is_accurate,
    label_list,
    precision_body,
    write_card_file,
)
from claimscope.training.data import _read_jsonl, data_root, portable_paths
from claimscope.training.evaluate import evaluate
from claimscope.training.topic_report import pstance_files, reworded, semeval_files, uniform_guess_f_avg

COMMENTARY_SETS = ("topic_commentary_set.jsonl", "topic_commentary_pairs.jsonl")


def _macro3(result: dict) -> float:
    """Three-class macro-F1 from an :func:`evaluate` result (VAST's official metric)."""
    f1 = list(result["f1_per_class"].values())
    return round(sum(f1) / len(f1), 4)


def _commentary_score(result: dict) -> dict:
    """Three-class macro-F1 where the gold labels hold neutral, else macro-F1 of favor and against (a neutral
    answer read as the likelier of the two, as :func:`.evaluate.evaluate` scores binary sets)."""
    if result["metric"] == "macro_f1_favor_against":
        return {"metric": result["metric"], "score": result["score"], "n": result["n"]}
    return {"metric": "macro_f1", "score": _macro3(result), "n": result["n"], "f_avg": result["score"]}


def _rows_file(rows: list[dict], folder: Path, name: str) -> str:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _brief(result: dict, **extra: Any) -> dict:
    keep = ("metric", "score", "n", "f1_per_class", "accuracy")
    return {**{k: result[k] for k in keep if k in result}, **extra}


def many_topics_report(
    model: Path,
    commentary_dir: Path | None = None,
    held_out_model: Path | None = None,
    held_out: str | None = None,
) -> dict[str, Any]:
    """The figures listed in the module docstring for the artefact at ``model``."""
    root = data_root()
    out: dict[str, Any] = {}
    out["perspectrum_test"] = _brief(evaluate("topic-stance", [str(root / "perspectrum/test.jsonl")], model))
    out["perspectrum_dev"] = _brief(evaluate("topic-stance", [str(root / "perspectrum/dev.jsonl")], model))
    ibm = list(_read_jsonl(root / "ibm_claim_stance/test.jsonl"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        motion = [{"text": r["text"], "topic": r["topic"], "label": r["label"]} for r in ibm]
        target = [{"text": r["text"], "topic": r["topic_target"], "label": r["target_label"]} for r in ibm]
        out["ibm_claim_stance_test"] = {
            "motion": _brief(evaluate("topic-stance", [_rows_file(motion, folder, "motion")], model)),
            "target": _brief(evaluate("topic-stance", [_rows_file(target, folder, "target")], model)),
        }
        vast = list(_read_jsonl(root / "vast_dev/dev.jsonl"))
        out["vast_dev"] = {}
        for name, rows in (
            ("all", vast),
            ("zero_shot", [r for r in vast if str(r["seen"]) == "0"]),
            ("few_shot", [r for r in vast if str(r["seen"]) == "1"]),
        ):
            keep = [{"text": r["text"], "topic": r["topic"], "label": r["label"]} for r in rows]
            result = evaluate("topic-stance", [_rows_file(keep, folder, f"vast_{name}")], model)
            out["vast_dev"][name] = {"metric": "macro_f1", "score": _macro3(result), "n": result["n"]}
    semeval = semeval_files("test", ["abortion", "atheism", "climate", "feminist", "hillary"])
    out["semeval_test"] = _brief(evaluate("topic-stance", semeval, model))
    out["pstance_test"] = _brief(evaluate("topic-stance", pstance_files("test"), model))
    out["semeval_reworded"] = reworded(model)
    inverting = [v["test"] for v in out["semeval_reworded"].values() if v["inverts"]]
    out["semeval_reworded_inverting_mean_test"] = round(sum(inverting) / len(inverting), 4)
    if commentary_dir is not None:
        out["commentary"] = {}
        for name in COMMENTARY_SETS:
            path = commentary_dir / name
            if not path.is_file():
                continue
            rows = list(_read_jsonl(path))
            entry = _commentary_score(evaluate("topic-stance", [str(path)], model))
            if any("wording" in r for r in rows):
                with tempfile.TemporaryDirectory() as tmp:
                    for wording in ("plain", "inverted"):
                        part = [r for r in rows if r.get("wording") == wording]
                        res = evaluate("topic-stance", [_rows_file(part, Path(tmp), wording)], model)
                        entry[wording] = _commentary_score(res)
            out["commentary"][name] = entry
    if held_out_model is not None and held_out:
        scored = evaluate("topic-stance", semeval_files("test", [held_out]), held_out_model)
        out["held_out_topic"] = {
            "held_out": held_out,
            "model": held_out_model.name,
            "metric": scored["metric"],
            "test": scored["score"],
            "uniform_guess": round(uniform_guess_f_avg(scored["confusion_matrix"]), 4),
        }
    metrics_path = model / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["test_many_topics"] = out
    metrics_path.write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    return out


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _score_rows(rows: list[tuple[str, str, dict | None]]) -> str:
    """A ``| data | metric | score | n |`` table."""
    lines = [f"| {a} | {b} | {_f((r or {}).get('score'))} | {(r or {}).get('n', '–')} |" for a, b, r in rows]
    return "| data | metric | score | n |\n|---|---|---:|---:|\n" + "\n".join(lines)


def _commentary_rows(comm: dict) -> list[tuple[str, str, dict | None]]:
    rows: list[tuple[str, str, dict | None]] = []
    for name, entry in comm.items():
        metric = "macro-F1 (3 classes)" if entry.get("metric") == "macro_f1" else "macro-F1 favor/against"
        rows.append((f"commentary pairs `{name}`", metric, entry))
        for wording in ("plain", "inverted"):
            if wording in entry:
                sub = entry[wording]
                kind = "macro-F1 (3 classes)" if sub.get("metric") == "macro_f1" else "macro-F1 favor/against"
                rows.append((f"  of which {wording} wordings", kind, sub))
    return rows


def write_card(folder: Path, command: str) -> Path:
    """The model card ``README.md`` of a topic-stance artefact trained on many topics (either tier)."""
    config = json.loads((folder / "config.json").read_text())
    metrics = json.loads((folder / "metrics.json").read_text())
    tr = config["training"]
    accurate = is_accurate(config)
    t = metrics.get("test_many_topics", {})
    vast = t.get("vast_dev", {})
    rew = t.get("semeval_reworded", {})
    held = t.get("held_out_topic")
    dev = metrics.get("dev", {}).get("topic_stance")
    ibm = t.get("ibm_claim_stance_test", {})
    test_rows: list[tuple[str, str, dict | None]] = [
        ("PERSPECTRUM test (claims unseen in training)", "macro-F1 favor/against", t.get("perspectrum_test")),
        ("IBM claim stance test, towards the motion", "macro-F1 favor/against", ibm.get("motion")),
        ("IBM claim stance test, towards its target", "macro-F1 favor/against", ibm.get("target")),
        ("SemEval-2016 Task 6 test", "F_avg", t.get("semeval_test")),
        ("P-Stance test", "macro-F1 favor/against", t.get("pstance_test")),
        *_commentary_rows(t.get("commentary", {})),
    ]
    dev_rows: list[tuple[str, str, dict | None]] = [
        ("PERSPECTRUM dev", "macro-F1 favor/against", t.get("perspectrum_dev")),
        ("VAST dev, all topics", "macro-F1 (3 classes)", vast.get("all")),
        ("VAST dev, zero-shot topics", "macro-F1 (3 classes)", vast.get("zero_shot")),
        ("VAST dev, few-shot topics", "macro-F1 (3 classes)", vast.get("few_shot")),
    ]
    calibration = (
        f" Temperature {dev['temperature']}, fitted on dev and kept only if it lowers the dev expected calibration"
        f" error (ECE, 15 bins; else 1.0): ECE {dev['ece_raw']:.3f} raw, {dev['ece_calibrated']:.3f} calibrated."
        if dev and "temperature" in dev
        else ""
    )
    reworded = "\n".join(
        f"| {w} | {'yes' if v['inverts'] else 'no'} | {_f(v['dev'])} | {_f(v['test'])} |" for w, v in rew.items()
    )
    held_line = (
        f"SemEval `{held['held_out']}` left out of all training: test {held['metric']} {_f(held['test'])} against "
        f"{_f(held['uniform_guess'])} for a uniform guess ("
        + (held["model"] if tr.get("init") else "a run identical but for that target")
        + ")."
        if held
        else "No held-out-target run was scored."
    )
    history = ", ".join(f"epoch {h['epoch']}: {h['dev']['topic_stance']:.3f}" for h in metrics.get("history", []))
    size_mb = (folder / "model.safetensors").stat().st_size / 2**20
    gpu = accurate_run_note(config) if accurate else ""
    full = tr.get("recipe") == "full-lora"
    lr = f"lr {tr['lora_lr']} (adapters)" if full else f"lr {tr['lr']} (encoder layers) / {tr['head_lr']} (head)"
    fields = CardFields(
        title=folder.name,
        summary="""\
Stance of a text towards a topic the caller names (favor / against / neutral), for topics never seen in
training.""",
        intended_use=f"""\
`TopicStanceModel.load(tier="{"accurate" if accurate else "fast"}")` and the `claimscope_topic_stance`
component load it. Whether a claim is about the topic at all is decided before, by the relevance gate
(`claimscope.classify.topics.TopicRelevance`); this model gives the stance of claims that are.""",
        labels=f"{label_list(config['labels']['topic_stance'])}, in the order of the head's outputs.",
        architecture=f"""\
- Encoder: `{config["base_model"]}` {ENCODER_PACKAGES[accurate]}: {encoder_layers(config)}
- Input: one sequence `topic [SEP] text`; the head reads [mean of all tokens ; mean of the topic's tokens].
- Files: `model.safetensors` ({size_mb:.1f} MB), `config.json`, `metrics.json`.""",
        command=command,
        training=f"""\
Data (training splits only; every text that occurs in a reported test split was removed first): SemEval-2016
Task 6 train (5 targets), P-Stance train (3), NewsMTSC train (target mentions as topics), VAST train (4,641
topics), PERSPECTRUM train (541 debate claims), IBM claim stance train (25 motions, each also towards its
oppositely worded target), IBM ArgQ-30k train (49 motions). Dev for selection: SemEval val, P-Stance val, VAST
dev, PERSPECTRUM dev (the mean of their F_avg). Seed {tr["seed"]}; batch {tr["batch_size"]}; AdamW
{lr}; best epoch {tr["best_epoch"]}; dev per epoch: {history}.{gpu}""",
        dev_scores=f"""\
The selected epoch on dev (VAST has no test split here: its dev rows are dev figures, used for selection with
the others).{calibration}

{_score_rows(dev_rows)}""",
        precision=precision_body(metrics, accurate),
        test_scores=f"""\
Each test split evaluated once, after selection.

{_score_rows(test_rows)}

{held_line}

Topics in wordings kept out of training (SemEval val / test, favor and against swapped where the wording
inverts the topic):

| wording | inverts | dev | test |
|---|---|---:|---:|
{reworded}""",
        data="""\
PERSPECTRUM (CC BY-SA 4.0), IBM Debater claim stance and ArgQ-30k (CC BY-SA 3.0), VAST (no licence stated;
research use), SemEval-2016 via TweetEval (none stated; tweets under X/Twitter's terms), P-Stance and NewsMTSC
(MIT-style). The artefact holds no text from them.""",
        limitations="""\
- English; debate claims, comments and tweets: commentary on international affairs is out of domain.
- Neutral is learnt mostly from VAST's synthetic pairs (a comment with another comment's topic): a claim
  that is about the topic but takes no side is often read as favor or against.""",
    )
    return write_card_file(folder, fields)
