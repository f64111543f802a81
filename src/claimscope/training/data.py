"""Readers for the training datasets (CheckThat! subjectivity, CheckThat! check-worthiness, NewsMTSC)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload

import numpy as np

from claimscope.errors import ClaimscopeError, Errors

if TYPE_CHECKING:
    from datasets import Dataset  # imported where used: `claimscope --help` stays fast

DATA_ENV = "CLAIMSCOPE_DATA_DIR"
# The folder set by a command's data option for the duration of the command (see ``using_data_root``).
_DATA_FOLDER: ContextVar[Path | None] = ContextVar("claimscope_data_folder", default=None)
# CLI task name -> head name in the multi-task artefact.
TASKS = {
    "fact-opinion": "verdict",
    "checkworthiness": "checkworthiness",
    "entity-stance": "stance",
    "topic-stance": "topic_stance",
}
# The heads of the shipped multi-task artefact (topic stance is an artefact of its own).
MULTITASK_HEADS = ["verdict", "checkworthiness", "stance"]
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC: negative -> against, neutral, positive -> favor
STANCE_IDS = {"against": 0, "neutral": 1, "none": 1, "favor": 2, "favour": 2}
# SemEval-2016 Task 6 (TweetEval layout): folder -> the target as the task states it; label ids 0 none,
# 1 against, 2 favor.
SEMEVAL_TOPICS = {
    "abortion": "Legalization of Abortion",
    "atheism": "Atheism",
    "climate": "Climate Change is a Real Concern",
    "feminist": "Feminist Movement",
    "hillary": "Hillary Clinton",
}
SEMEVAL_LABELS = {"0": 1, "1": 0, "2": 2}

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
    "topic_stance": (
        [f"semeval2016_task6_stance/{t}/train_text.txt" for t in SEMEVAL_TOPICS]
        + [f"pstance/raw_train_{t}.csv" for t in ("trump", "biden", "bernie")]
        + ["newsmtsc/train.jsonl"],
        [f"semeval2016_task6_stance/{t}/val_text.txt" for t in SEMEVAL_TOPICS]
        + [f"pstance/raw_val_{t}.csv" for t in ("trump", "biden", "bernie")],
    ),
}

# Topic stance on many topics (issue #20), the default of both tiers since 0.2: the eight targets above plus
# debate claims, comments on thousands of topics and argument sets; dev adds the unseen-topic sets.
EIGHT_TARGET_FILES = DEFAULT_FILES["topic_stance"]
MANY_TOPICS_FILES: tuple[list[str], list[str]] = (
    EIGHT_TARGET_FILES[0]
    + [
        "vast_train/train.jsonl.gz",
        "perspectrum/train.jsonl",
        "ibm_claim_stance/train.jsonl",
        "ibm_argq_30k_stance/train.jsonl",
    ],
    EIGHT_TARGET_FILES[1] + ["vast_dev/dev.jsonl", "perspectrum/dev.jsonl"],
)
DEFAULT_FILES["topic_stance"] = MANY_TOPICS_FILES
# Every test split a model card reports: a training text that also occurs in one of them is dropped.
TEST_FILES: dict[str, list[str]] = {
    "verdict": [
        "checkthat_subjectivity_en/clef2024/test_en_gold.tsv",
        "checkthat_subjectivity_en/clef2025/test_en_labeled.tsv",
    ],
    "checkworthiness": ["checkthat2024_checkworthy_en/CT24_checkworthy_english_test_gold.tsv"],
    "stance": ["newsmtsc/newsmtsc-rw/test.jsonl", "newsmtsc/newsmtsc-mt/test.jsonl"],
    "topic_stance": [f"semeval2016_task6_stance/{t}/test_text.txt" for t in SEMEVAL_TOPICS]
    + [f"pstance/raw_test_{t}.csv" for t in ("trump", "biden", "bernie")]
    + [
        "perspectrum/test.jsonl",
        "ibm_claim_stance/test.jsonl",
        "ibm_argq_30k_stance/test.jsonl",
        "newsmtsc/newsmtsc-rw/test.jsonl",
        "newsmtsc/newsmtsc-mt/test.jsonl",
    ],
}


def find_data_root(folder: str | Path | None = None) -> Path | None:
    """The datasets folder: ``folder``, else the one a command set (:func:`using_data_root`), else
    ``$CLAIMSCOPE_DATA_DIR``, else None. A folder that is named but missing is a coded error (E061)."""
    if folder is not None:
        source = "the command line"
    elif (folder := _DATA_FOLDER.get()) is not None:
        source = "the command line"
    elif os.environ.get(DATA_ENV):
        folder, source = os.environ[DATA_ENV], f"${DATA_ENV}"
    else:
        return None
    path = Path(folder)
    if not path.is_dir():
        raise ClaimscopeError(Errors.E061, path=path, source=source)
    return path


def data_root(folder: str | Path | None = None, option: str = "--data-dir") -> Path:
    """The datasets folder (see :func:`find_data_root`); neither given nor set is a coded error (E060) naming
    ``option``, the command's data option. The repository names no data folder of its own."""
    path = find_data_root(folder)
    if path is None:
        raise ClaimscopeError(Errors.E060, option=option, env=DATA_ENV)
    return path


@contextmanager
def using_data_root(folder: str | Path | None) -> Iterator[None]:
    """Within the block, :func:`data_root` is ``folder`` (when not None), without touching the environment."""
    if folder is None:
        yield
        return
    token = _DATA_FOLDER.set(Path(folder))
    try:
        yield
    finally:
        _DATA_FOLDER.reset(token)


def default_files(head: str, split: str, folder: str | Path | None = None, option: str = "--data") -> list[Path]:
    """The default train or dev files of a head under :func:`data_root` (``folder`` if given)."""
    root = data_root(folder, option)
    train, dev = DEFAULT_FILES[head]
    return [root / f for f in (train if split == "train" else dev)]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_verdict(path: Path) -> list[dict]:
    """CheckThat! subjectivity TSV: ``sentence`` + ``label`` (OBJ -> fact 0, SUBJ -> opinion 1); or JSONL with
    ``text`` + ``label`` fact / opinion (CDCP propositions)."""
    if path.suffix == ".jsonl":
        return [{"text": r["text"], "label": ["fact", "opinion"].index(r["label"])} for r in _read_jsonl(path)]
    rows = _read_tsv(path)
    return [{"text": r["sentence"], "label": int(r["label"].strip() == "SUBJ")} for r in rows]


def read_checkworthiness(path: Path) -> list[dict]:
    """CheckThat! 2024 Task 1 TSV: ``Text`` + ``class_label`` (Yes -> checkworthy 1)."""
    rows = _read_tsv(path)
    return [{"text": r["Text"], "label": int(r["class_label"].strip() == "Yes")} for r in rows]


def _read_jsonl(path: Path) -> Iterator[dict]:
    """The JSON objects of a JSON-lines file (gzipped when it ends in ``.gz``), blank lines skipped."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_stance(path: Path) -> list[dict]:
    """NewsMTSC JSONL: one row per sentence with its target spans and labels (against/neutral/favor)."""
    out = []
    for row in _read_jsonl(path):
        targets = [[int(t["from"]), int(t["to"])] for t in row["targets"]]
        labels = [POLARITY[float(t["polarity"])] for t in row["targets"]]
        out.append({"text": row["sentence_normalized"], "targets": targets, "labels": labels})
    return out


def _topic_row(text: str, topic: str, label: int, source: str) -> dict:
    from claimscope.models.topic import pair_text

    pair, span = pair_text(text, topic)
    return {"text": pair, "targets": [list(span)], "labels": [label], "source": source}


def _tweet(text: str) -> str:
    """A SemEval tweet without the ``#SemST`` collection tag."""
    return " ".join(text.replace("#SemST", "").split())


def read_topic_stance(path: Path) -> list[dict]:
    """Topic-stance rows as ``topic [SEP] text`` with the topic as target span. Accepted files:

    - SemEval-2016 Task 6 in the TweetEval layout: ``<target>/{split}_text.txt`` (labels in the sibling
      ``{split}_labels.txt``; "none" counts as neutral);
    - P-Stance CSV (``Tweet``, ``Target``, ``Stance``) or any CSV/JSONL with ``text``, ``topic`` and ``label``
      (favor / against / neutral / none);
    - NewsMTSC JSONL: each target mention becomes the topic of its sentence.
    """
    if path.name.endswith("_text.txt"):
        topic = SEMEVAL_TOPICS[path.parent.name]
        labels = path.with_name(path.name.replace("_text.txt", "_labels.txt")).read_text(encoding="utf-8").split()
        texts = path.read_text(encoding="utf-8").splitlines()
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        return [_topic_row(_tweet(t), topic, SEMEVAL_LABELS[y], "semeval") for t, y in zip(texts, labels, strict=True)]
    if path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        out = []
        for r in rows:
            # a P-Stance row has all three columns (else the generic ones below)
            text, topic, label, source = (r.get("Tweet"), cast(str, r.get("Target")), r.get("Stance"), "pstance")
            if text is None:
                text, topic, label, source = r["text"], r["topic"], r["label"], path.stem
            out.append(_topic_row(text, topic, STANCE_IDS[cast(str, label).strip().lower()], source))
        return out
    out = []
    for row in _read_jsonl(path):
        if "targets" in row:  # NewsMTSC
            for t in row["targets"]:
                label = POLARITY[float(t["polarity"])]
                out.append(_topic_row(row["sentence_normalized"], t["mention"], label, "newsmtsc"))
        else:
            out.append(_topic_row(row["text"], row["topic"], STANCE_IDS[str(row["label"]).lower()], _source(path)))
            if row.get("topic_target") and row.get("target_label"):  # IBM claim stance: the motion's target too
                label = STANCE_IDS[str(row["target_label"]).lower()]
                out.append(_topic_row(row["text"], row["topic_target"], label, _source(path)))
    return out


SPLIT_NAMES = {"train", "dev", "test", "val", "validation"}


def _source(path: Path) -> str:
    """A data source's name: the file's stem, or its folder's name when the stem only names a split
    (``perspectrum/dev.jsonl`` -> ``perspectrum``, ``vast_train/train.jsonl.gz`` -> ``vast_train``)."""
    stem = path.name.split(".")[0]
    return path.parent.name if stem in SPLIT_NAMES else stem


READERS = {
    "verdict": read_verdict,
    "checkworthiness": read_checkworthiness,
    "stance": read_stance,
    "topic_stance": read_topic_stance,
}


def text_key(task: str, text: str) -> str:
    """The text a training row is compared on for exclusion: the claim, not the ``topic [SEP]`` prefix."""
    from claimscope.models.topic import SEPARATOR

    if task == "topic_stance" and SEPARATOR in text:
        text = text.split(SEPARATOR, 1)[1]
    return " ".join(text.split()).lower()


def excluded_texts(paths: Sequence[str]) -> set[str]:
    """Normalised texts of the excluded files (any format :mod:`.data` reads: TSV, CSV, JSONL)."""
    out: set[str] = set()
    for p in paths:
        for head in ("topic_stance", "verdict", "checkworthiness", "stance"):
            try:
                rows = READERS[head](local_path(p))
            except (KeyError, ValueError, TypeError, IndexError):
                continue
            out.update(text_key(head, r["text"]) for r in rows)
            break
    return out


def load_files(head: str, paths: Sequence[str | Path]) -> Dataset:
    """The rows of ``paths`` for ``head`` as one :class:`datasets.Dataset`."""
    from datasets import Dataset

    rows: list[dict] = []
    for p in paths:
        try:
            rows.extend(READERS[head](local_path(p)))
        except OSError as err:
            raise ClaimscopeError(Errors.E006, path=str(p), reason=err.strerror or str(err)) from None
        except (KeyError, ValueError, TypeError) as err:
            reason = f"not a {head} data file (missing or bad field {err})"
            raise ClaimscopeError(Errors.E006, path=str(p), reason=reason) from None
    return Dataset.from_list(rows)


# Unlabelled news text that a teacher labels for distillation: NewsMTSC training sentences (news, with
# punctuation) and the sentences of the PerSenT dev documents (news; the corpus stripped their commas).
TRANSFER_FILES = ["newsmtsc/train.jsonl", "persent/dev.csv"]


def _persent_sentences(path: Path) -> Iterator[str]:
    import spacy

    split = spacy.blank("en")
    split.add_pipe("sentencizer")
    with open(path, encoding="utf-8", newline="") as f:
        docs = [" ".join(r["DOCUMENT"].split()) for r in csv.DictReader(f)]
    for doc in split.pipe(docs, batch_size=64):
        yield from (s.text for s in doc.sents)


def transfer_sentences(limit: int, seed: int = 13, exclude: Sequence[str] = ()) -> list[str]:
    """Up to ``limit`` distinct unlabelled news sentences of 6-60 words from :data:`TRANSFER_FILES` (a seeded
    sample), none equal to a sentence of ``exclude`` (the task's dev and test sentences)."""
    import random

    banned = {" ".join(t.split()).lower() for t in exclude}
    seen: set[str] = set()
    out = []
    for name in TRANSFER_FILES:
        path = data_root() / name
        texts = (
            (r["sentence_normalized"] for r in _read_jsonl(path))
            if path.suffix == ".jsonl"
            else _persent_sentences(path)
        )
        for t in texts:
            text = " ".join(t.split())
            key = text.lower()
            if 6 <= len(key.split()) <= 60 and key not in banned and key not in seen:
                seen.add(key)
                out.append(text)
    random.Random(seed).shuffle(out)
    return out[:limit]


def balance_to_prior(soft: Dataset, gold: Sequence[int], n_labels: int) -> Dataset:
    """The largest subset of teacher-labelled rows (taken in file order) whose teacher-predicted classes have the
    proportions of the ``gold`` training labels, so that unlabelled text does not shift the head's class prior."""
    predicted = np.asarray(soft["probs"]).argmax(1)
    prior = np.bincount(np.asarray(gold), minlength=n_labels) / max(1, len(gold))
    available = np.bincount(predicted, minlength=n_labels)
    total = min(available[c] / prior[c] for c in range(n_labels) if prior[c] > 0)
    keep = []
    for c in range(n_labels):
        keep.extend(np.flatnonzero(predicted == c)[: int(total * prior[c])].tolist())
    return soft.select(sorted(keep))


def read_texts(paths: Sequence[str | Path]) -> list[str]:
    """Sentences from text files (one per line) or JSONL files (a ``text`` field per line), blanks skipped."""
    texts: list[str] = []
    for p in map(local_path, paths):
        if p.suffix == ".jsonl":
            texts.extend(r["text"] for r in _read_jsonl(p))
        else:
            texts.extend(line.strip() for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    return texts


def load_soft_labels(paths: Sequence[str | Path], n_labels: int) -> Dataset:
    """A teacher's labels (JSONL lines ``{"text", "probs"}``, as ``claimscope teacher label`` writes them)."""
    from datasets import Dataset

    rows = []
    for p in paths:
        try:
            for i, r in enumerate(_read_jsonl(local_path(p)), 1):
                if not isinstance(r.get("text"), str) or len(r.get("probs") or []) != n_labels:
                    raise ValueError(f"line {i} needs a 'text' and {n_labels} 'probs'")
                rows.append({"text": r["text"], "probs": [float(x) for x in r["probs"]]})
        except OSError as err:
            raise ClaimscopeError(Errors.E006, path=str(p), reason=err.strerror or str(err)) from None
        except ValueError as err:
            raise ClaimscopeError(Errors.E006, path=str(p), reason=str(err)) from None
    return Dataset.from_list(rows)


@overload
def portable_paths(value: dict[str, Any], root: Path | None = None) -> dict[str, Any]: ...
@overload
def portable_paths(value: object, root: Path | None = None) -> object: ...
def portable_paths(value: object, root: Path | None = None) -> object:
    """``value`` (JSON-like) with every absolute path made portable before it is written into an artefact: a path
    under the data folder becomes ``$CLAIMSCOPE_DATA_DIR/<relative>``, one under the working folder becomes
    relative to it (so a shipped artefact names no machine's folders); any other path is kept as given."""
    if root is None:
        root = find_data_root(None)
    if isinstance(value, dict):
        return {k: portable_paths(v, root) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [portable_paths(v, root) for v in value]
    if isinstance(value, Path):
        value = str(value)
    if not (isinstance(value, str) and os.path.isabs(value)):
        return value
    path = Path(value)
    for base, prefix in ((root, f"${DATA_ENV}/"), (Path.cwd(), "")):
        if base is not None and path.is_relative_to(base.resolve()):
            return prefix + str(path.relative_to(base.resolve()))
    return value


def local_path(path: str | Path) -> Path:
    """A path as :func:`portable_paths` wrote it, made local: ``$CLAIMSCOPE_DATA_DIR/x`` -> the data folder / x."""
    text = str(path)
    prefix = f"${DATA_ENV}/"
    return data_root() / text[len(prefix) :] if text.startswith(prefix) else Path(text)
