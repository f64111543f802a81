"""Cost of the learned attribution tagger in the claims component (``attribution_model``), in one run.

Prints JSON: the claims stage alone (rules) against the claims stage with the tagger, on the same parsed
documents, and the whole pipeline (fast tier) without and with it; each as seconds and a ratio.

    python benchmarks/attribution_speed.py [--n 40] [--data-dir FOLDER]

Documents are PolNeAR dev articles when a datasets folder is given (``--data-dir`` or ``$CLAIMSCOPE_DATA_DIR``),
else the repository's example commentary repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import torch

import claimscope
from claimscope.training.data import find_data_root

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "japan_russia_commentary.txt"


def documents(n: int, root: Path | None) -> tuple[list[str], str]:
    folder = root / "polnear" / "dev" / "text" if root is not None else None
    if folder is not None and folder.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:n]], "PolNeAR dev"
    return [EXAMPLE.read_text(encoding="utf-8")] * n, "example commentary"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("CLAIMSCOPE_TIER", "fast")
    texts, source = documents(args.n, find_data_root(args.data_dir))

    rules = claimscope.load()
    tagged = claimscope.load()
    tagged.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": "default"})
    tagged.get_pipe("claimscope_claims").learned.tagger  # noqa: B018  (load before timing)
    parsed = list(rules.pipe(texts, disable=["claimscope_claims", "claimscope_classify", "claimscope_topic_stance"]))

    def stage(nlp) -> float:
        component = nlp.get_pipe("claimscope_claims")
        docs = [doc.copy() for doc in parsed]
        start = time.perf_counter()
        for doc in docs:
            component(doc)
        return time.perf_counter() - start

    def whole(nlp) -> float:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        return time.perf_counter() - start

    stage(rules), stage(tagged)  # warm
    rules_stage, tagged_stage = stage(rules), stage(tagged)
    rules_whole, tagged_whole = whole(rules), whole(tagged)
    print(
        json.dumps(
            {
                "documents": len(texts),
                "source": source,
                "claims_stage_seconds": {"rules": round(rules_stage, 2), "rules_plus_tagger": round(tagged_stage, 2)},
                "claims_stage_ratio": round(tagged_stage / rules_stage, 2),
                "pipeline_seconds": {"rules": round(rules_whole, 2), "rules_plus_tagger": round(tagged_whole, 2)},
                "pipeline_throughput_ratio": round(rules_whole / tagged_whole, 3),
                "threads": torch.get_num_threads(),
                "machine": platform.processor() or platform.machine(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
