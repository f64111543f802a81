"""How much time claimscope's entity component adds to the base spaCy pipeline, on the same texts.

    python benchmarks/entities_speed.py [--n 2000] [--repeats 3] [--data-dir FOLDER]

Texts: real news sentences from ``newsmtsc/train.jsonl`` (the first N) in the datasets folder, ``--data-dir`` or
``$CLAIMSCOPE_DATA_DIR`` (without either it stops with the coded error E060). Each repeat runs the base
pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) over the texts, then the entity
component alone over the resulting Docs, interleaved, and reports the median ratio
``entities_seconds / base_seconds``. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import claimscope
from claimscope.errors import ClaimscopeError
from claimscope.training.data import data_root

NEWS = Path("newsmtsc") / "train.jsonl"
BASE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=None, help="Datasets folder (default: $CLAIMSCOPE_DATA_DIR).")
    args = parser.parse_args()
    try:
        path = data_root(args.data_dir) / NEWS
    except ClaimscopeError as err:
        raise SystemExit(str(err)) from None
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["sentence_normalized"] for _, line in zip(range(args.n), handle, strict=False)]
    nlp = claimscope.load()
    entities = nlp.get_pipe("claimscope_entities")
    list(nlp.pipe(texts[:50]))  # warm up
    base_times, entity_times = [], []
    for _ in range(args.repeats):
        with nlp.select_pipes(enable=BASE):
            start = time.perf_counter()
            docs = list(nlp.pipe(texts, batch_size=256))
            base_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for doc in docs:
            entities(doc)
        entity_times.append(time.perf_counter() - start)
    ratios = [e / b for e, b in zip(entity_times, base_times, strict=True)]
    print(
        json.dumps(
            {
                "benchmark": "entities_speed",
                "texts": len(texts),
                "characters": sum(map(len, texts)),
                "base_seconds": [round(t, 3) for t in base_times],
                "entities_seconds": [round(t, 3) for t in entity_times],
                "added_share_median": round(statistics.median(ratios), 4),
                "target_max": 0.15,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
