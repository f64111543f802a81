"""Final test-split report: the artefact and a TF-IDF + logistic regression baseline on the same splits.

Run once per final artefact (test splits are touched only here)::

    claimscope report multitask --model models/claimscope-multitask [--data-dir FOLDER]

It adds a ``test`` section to the artefact's ``metrics.json`` and prints the accuracy table as Markdown.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimscope.training.baseline import tfidf_lr
from claimscope.training.card import write_card
from claimscope.training.data import data_root, default_files, portable_paths
from claimscope.training.evaluate import evaluate

SUBJ = "checkthat_subjectivity_en/"
CW = "checkthat2024_checkworthy_en/CT24_checkworthy_english_"
# (cli task, head, dataset/split label, test file, dev file used for selection, published best)
TEST_SPLITS = [
    (
        "fact-opinion",
        "verdict",
        "CheckThat! 2024 T2 EN test",
        SUBJ + "clef2024/test_en_gold.tsv",
        SUBJ + "clef2024/dev_test_en.tsv",
        "0.744 (HYBRINFOX, 1st)",
    ),
    (
        "fact-opinion",
        "verdict",
        "CheckThat! 2025 T1 EN test",
        SUBJ + "clef2025/test_en_labeled.tsv",
        SUBJ + "clef2024/dev_test_en.tsv",
        "not found",
    ),
    (
        "checkworthiness",
        "checkworthiness",
        "CheckThat! 2024 T1 EN test_gold",
        CW + "test_gold.tsv",
        CW + "dev-test.tsv",
        "1st FactFinders (value not retrieved); 0.711 ranked 12th",
    ),
    (
        "entity-stance",
        "stance",
        "NewsMTSC test-rw",
        "newsmtsc/newsmtsc-rw/test.jsonl",
        "newsmtsc/newsmtsc-rw/dev.jsonl",
        "0.831 (GRU-TSC RoBERTa)",
    ),
    (
        "entity-stance",
        "stance",
        "NewsMTSC test-mt",
        "newsmtsc/newsmtsc-mt/test.jsonl",
        "newsmtsc/newsmtsc-mt/dev.jsonl",
        "0.825 (GRU-TSC RoBERTa)",
    ),
]
METRIC_NAME = {"macro_f1": "macro-F1", "f1_checkworthy": "F1 (positive class)"}


def multitask_report(model: Path, command: str) -> str:
    """Score ``model`` and the baseline on :data:`TEST_SPLITS`, record them in its metrics.json, rewrite its
    model card (quoting ``command``) and return the accuracy table as Markdown."""
    train_cfg = json.loads((model / "config.json").read_text())["training"]
    rows, test = [], {}
    for task, head, label, rel, dev_rel, best in TEST_SPLITS:
        path = data_root() / rel
        dev = evaluate(task, [str(data_root() / dev_rel)], model)
        result = evaluate(task, [str(path)], model)
        train_files = train_cfg["train_files"].get(head) or [str(p) for p in default_files(head, "train")]
        base = tfidf_lr(head, train_files, [str(path)])
        test[label] = {
            **result,
            "data": [rel],
            "model": str(model),
            "tfidf_lr_baseline": round(base, 4),
            "dev": {"data": dev_rel, "score": dev["score"], "ece": dev["ece"]},
        }
        rows.append(
            f"| {task} | {label} | {METRIC_NAME[result['metric']]} | {dev['score']:.3f} "
            f"| **{result['score']:.3f}** | {best} | {base:.3f} |"
        )
    metrics_path = model / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["test"] = test
    metrics_path.write_text(json.dumps(portable_paths(metrics), indent=2) + "\n")
    write_card(model, command)
    header = [
        "| task | dataset / split | metric | claimscope dev | claimscope test | published best | TF-IDF+LR test |",
        "|---|---|---|---:|---:|---|---:|",
    ]
    return "\n".join([*header, *rows])
