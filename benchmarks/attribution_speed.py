"""Cost of the learned attribution tagger in the claims component (``attribution_model``, on by default), in
one run.

Prints JSON: the claims stage with the rules alone (``attribution_model=None``) against the default claims stage
(rules + tagger), on the same parsed documents, and the whole pipeline (fast tier) without and with it; each as
seconds and a ratio.

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
    rules.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": None})
    tagged = claimscope.load()
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

    def passes() -> dict[str, int]:
        """Encoder passes (windows) the tagger makes on the parsed documents, against their sentences and the
        sentences holding a claim the rules leave without a claimer (those the tagger is asked about)."""
        tagger = tagged.get_pipe("claimscope_claims").learned.tagger
        read = tagger.window_probs
        windows = 0

        def counting(batch_windows, batch_size=16):
            nonlocal windows
            windows += len(batch_windows)
            return read(batch_windows, batch_size)

        tagger.window_probs = counting
        try:
            for doc in [doc.copy() for doc in parsed]:
                tagged.get_pipe("claimscope_claims")(doc)
        finally:
            del tagger.window_probs
        docs = [rules.get_pipe("claimscope_claims")(doc.copy()) for doc in parsed]
        asked = {(i, c.sent.start) for i, d in enumerate(docs) for c in d.spans["claims"] if c._.claimer is None}
        return {"windows": windows, "sentences": sum(len(list(d.sents)) for d in docs), "sentences_asked": len(asked)}

    stage(rules), stage(tagged)  # warm
    rules_stage, tagged_stage = stage(rules), stage(tagged)
    counted = passes()
    rules_whole, tagged_whole = whole(rules), whole(tagged)
    print(
        json.dumps(
            {
                "documents": len(texts),
                "source": source,
                "claims_stage_seconds": {"rules": round(rules_stage, 2), "rules_plus_tagger": round(tagged_stage, 2)},
                "claims_stage_ratio": round(tagged_stage / rules_stage, 2),
                "tagger_encoder_passes": counted,
                "passes_per_sentence_asked": round(counted["windows"] / max(1, counted["sentences_asked"]), 3),
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
