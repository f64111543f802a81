"""Choose the topic-relevance threshold on dev data: ``claimscope report relevance [--data-dir FOLDER]``.

Pairs come from dev splits only (never test):

- SemEval-2016 Task 6 val: tweets labelled favor/against with their own target (about it) and with the
  other four targets (not about it; tweets labelled "none" are left out, as "none" mixes unrelated and neutral);
- P-Stance val: tweets with their own politician (about) and with a SemEval target (not about);
- NewsMTSC dev (rw + mt): news sentences with a target they mention (about) and with a target mentioned in
  another article that the sentence does not contain (not about);
- VAST dev: comments labelled favor/against with their own topic (about) and with another comment's topic
  (not about; neutral rows are left out, as VAST's neutral mixes unrelated and neutral);
- PERSPECTRUM dev: perspectives with the debate claim they address (about) and with another claim (not about).

The threshold maximises the mean over the sources of the F1 of "about"; the result is printed as JSON.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from claimscope.classify.topics import TopicRelevance
from claimscope.training.data import SEMEVAL_LABELS, SEMEVAL_TOPICS, data_root

Pair = tuple[str, str, bool]


def semeval_pairs() -> list[Pair]:
    """SemEval val tweets with their own target and with the other targets."""
    from claimscope.training.data import _tweet

    out = []
    for folder, topic in SEMEVAL_TOPICS.items():
        base = data_root() / "semeval2016_task6_stance" / folder
        texts = (base / "val_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (base / "val_labels.txt").read_text(encoding="utf-8").split()
        for text, label in zip(texts, labels, strict=True):
            if SEMEVAL_LABELS[label] == 1:
                continue
            out.append((_tweet(text), topic, True))
            out.extend((_tweet(text), other, False) for other in SEMEVAL_TOPICS.values() if other != topic)
    return out


def pstance_pairs(rng: random.Random) -> list[Pair]:
    """P-Stance val tweets with their own target and with a random SemEval target."""
    import csv

    out = []
    for name in ("trump", "biden", "bernie"):
        with open(data_root() / "pstance" / f"raw_val_{name}.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                out.append((row["Tweet"], row["Target"], True))
                out.append((row["Tweet"], rng.choice(list(SEMEVAL_TOPICS.values())), False))
    return out


def news_pairs(rng: random.Random) -> list[Pair]:
    """NewsMTSC dev sentences with a target they mention and with another article's target."""
    rows: list[dict[str, Any]] = []
    for part in ("newsmtsc-rw", "newsmtsc-mt"):
        with open(data_root() / "newsmtsc" / part / "dev.jsonl", encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    mentions = [t["mention"] for r in rows for t in r["targets"] if len(t["mention"]) > 3]
    out = []
    for r in rows:
        text = r["sentence_normalized"]
        own = [t["mention"] for t in r["targets"] if len(t["mention"]) > 3]
        if not own:
            continue
        out.append((text, own[0], True))
        other = rng.choice(mentions)
        if other.lower() not in text.lower():
            out.append((text, other, False))
    return out


def vast_pairs(rng: random.Random) -> list[Pair]:
    """VAST dev comments with their own topic (favor/against rows) and with another comment's topic."""
    from claimscope.training.data import _read_jsonl

    rows = [r for r in _read_jsonl(data_root() / "vast_dev" / "dev.jsonl") if r["label"] != "neutral"]
    topics = sorted({r["topic"] for r in rows})
    out = []
    for r in rows:
        out.append((r["text"], r["topic"], True))
        other = rng.choice(topics)
        if other != r["topic"] and other.lower() not in r["text"].lower():
            out.append((r["text"], other, False))
    return out


def perspectrum_pairs(rng: random.Random) -> list[Pair]:
    """PERSPECTRUM dev perspectives with their claim and with another claim."""
    from claimscope.training.data import _read_jsonl

    rows = list(_read_jsonl(data_root() / "perspectrum" / "dev.jsonl"))
    claims = sorted({r["topic"] for r in rows})
    out = []
    for r in rows:
        out.append((r["text"], r["topic"], True))
        other = rng.choice(claims)
        if other != r["topic"]:
            out.append((r["text"], other, False))
    return out


def f1_about(similarity: np.ndarray, gold: np.ndarray, threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of "about" at ``threshold``."""
    pred = similarity >= threshold
    tp = float((pred & gold).sum())
    p = tp / max(1.0, float(pred.sum()))
    r = tp / max(1.0, float(gold.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def choose_threshold(groups: Mapping[str, Sequence[Pair]], relevance: TopicRelevance) -> dict:
    """Similarities per source, then the threshold with the best mean F1 over sources."""
    scored = {}
    for name, pairs in groups.items():
        texts = sorted({t for t, _, _ in pairs})
        topics = sorted({t for _, t, _ in pairs})
        sim = relevance.similarity(texts, topics)
        ti, pi = {t: i for i, t in enumerate(texts)}, {t: i for i, t in enumerate(topics)}
        scored[name] = (
            np.array([sim[ti[t], pi[p]] for t, p, _ in pairs]),
            np.array([g for _, _, g in pairs]),
        )
    grid = np.round(np.arange(0.05, 0.8, 0.01), 2)
    means = [float(np.mean([f1_about(s, g, th)[2] for s, g in scored.values()])) for th in grid]
    best = float(grid[int(np.argmax(means))])
    return {
        "threshold": best,
        "mean_f1": round(max(means), 4),
        "per_source": {
            name: dict(
                zip(("precision", "recall", "f1"), (round(x, 4) for x in f1_about(s, g, best)), strict=True),
                pairs=len(g),
                about=int(g.sum()),
            )
            for name, (s, g) in scored.items()
        },
    }


def relevance_pairs() -> dict[str, list[Pair]]:
    """The dev pairs of the five sources, drawn with a fixed seed (13)."""
    rng = random.Random(13)
    return {
        "semeval_val": semeval_pairs(),
        "pstance_val": pstance_pairs(rng),
        "newsmtsc_dev": news_pairs(rng),
        "vast_dev": vast_pairs(rng),
        "perspectrum_dev": perspectrum_pairs(rng),
    }
