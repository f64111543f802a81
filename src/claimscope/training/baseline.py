"""TF-IDF + logistic regression baseline (training-time only; needs scikit-learn)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimscope.training.data import load_files
from claimscope.training.train import task_score


def _texts(head: str, rows) -> tuple[list[str], list[int]]:
    if head == "topic_stance":  # "topic [SEP] text", one label each
        return list(rows["text"]), [labels[0] for labels in rows["labels"]]
    if head != "stance":
        return list(rows["text"]), list(rows["label"])
    texts, gold = [], []
    for r in rows:
        for (s, e), lab in zip(r["targets"], r["labels"], strict=True):
            window = r["text"][max(0, s - 80) : e + 80]
            texts.append(f"{r['text'][s:e]} || {window}")
            gold.append(lab)
    return texts, gold


def tfidf_lr(head: str, train_files: Sequence[str | Path], eval_files: Sequence[str | Path], seed: int = 13) -> float:
    """TF-IDF (word 1-2 grams) + logistic regression fitted on ``train_files``; metric on ``eval_files``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    x, y = _texts(head, load_files(head, train_files))
    xt, yt = _texts(head, load_files(head, eval_files))
    clf = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(max_iter=2000, random_state=seed),
    )
    clf.fit(x, y)
    return task_score(head, yt, clf.predict(xt).tolist())
