"""Readers for the training datasets (CheckThat! subjectivity, CheckThat! check-worthiness, NewsMTSC)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path

from datasets import Dataset

from ..errors import ClaimscopeError, Errors

DATA_ENV = "CLAIMSCOPE_DATA"
# CLI task name -> head name in the multi-task artefact.
TASKS = {"fact-opinion": "verdict", "checkworthiness": "checkworthiness", "entity-stance": "stance"}
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC: negative -> against, neutral, positive -> favor

# Default files per head, relative to the data root: (train, dev used for selection and calibration).
DEFAULT_FILES: dict[str, tuple[list[str], list[str]]] = {
    "verdict": (
        ["checkthat_subjectivity_en/clef2024/train_en.tsv", "checkthat_subjectivity_en/clef2024/dev_en.tsv"],
        ["checkthat_subjectivity_en/clef2024/dev_test_en.tsv"],
    ),
    "checkworthiness": (
        [
            "checkthat2024_checkworthy_en/CT24_checkworthy_english_train.tsv",
            "checkthat2024_checkworthy_en/CT24_checkworthy_english_dev.tsv",
        ],
        ["checkthat2024_checkworthy_en/CT24_checkworthy_english_dev-test.tsv"],
    ),
    "stance": (
        ["newsmtsc/train.jsonl"],
        ["newsmtsc/newsmtsc-rw/dev.jsonl", "newsmtsc/newsmtsc-mt/dev.jsonl"],
    ),
}


def data_root() -> Path:
    """``$CLAIMSCOPE_DATA``, else ``../shared/data`` next to the repository."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


def default_files(head: str, split: str) -> list[Path]:
    """The default train or dev files of a head under :func:`data_root`."""
    train, dev = DEFAULT_FILES[head]
    return [data_root() / f for f in (train if split == "train" else dev)]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_verdict(path: Path) -> list[dict]:
    """CheckThat! subjectivity TSV: ``sentence`` + ``label`` (OBJ -> fact 0, SUBJ -> opinion 1)."""
    rows = _read_tsv(path)
    return [{"text": r["sentence"], "label": int(r["label"].strip() == "SUBJ")} for r in rows]


def read_checkworthiness(path: Path) -> list[dict]:
    """CheckThat! 2024 Task 1 TSV: ``Text`` + ``class_label`` (Yes -> checkworthy 1)."""
    rows = _read_tsv(path)
    return [{"text": r["Text"], "label": int(r["class_label"].strip() == "Yes")} for r in rows]


def read_stance(path: Path) -> list[dict]:
    """NewsMTSC JSONL: one row per sentence with its target spans and labels (against/neutral/favor)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            targets = [[int(t["from"]), int(t["to"])] for t in row["targets"]]
            labels = [POLARITY[float(t["polarity"])] for t in row["targets"]]
            out.append({"text": row["sentence_normalized"], "targets": targets, "labels": labels})
    return out


READERS = {"verdict": read_verdict, "checkworthiness": read_checkworthiness, "stance": read_stance}


def load_files(head: str, paths: Sequence[str | Path]) -> Dataset:
    """The rows of ``paths`` for ``head`` as one :class:`datasets.Dataset`."""
    rows: list[dict] = []
    for p in paths:
        try:
            rows.extend(READERS[head](Path(p)))
        except OSError as err:
            raise ClaimscopeError(Errors.E006, path=str(p), reason=err.strerror or str(err)) from None
        except (KeyError, ValueError, TypeError) as err:
            reason = f"not a {head} data file (missing or bad field {err})"
            raise ClaimscopeError(Errors.E006, path=str(p), reason=reason) from None
    return Dataset.from_list(rows)
