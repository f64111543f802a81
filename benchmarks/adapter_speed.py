"""Speed of a topic-stance artefact with low-rank adapters against the same artefact without them.

Loading merges the adapters into the encoder's weights (``claimscope.models.lora``), so the two should predict
equally fast. The adapter artefact is made here: the shipped topic-stance artefact plus rank-R adapters on the
layers below its fine-tuned ones, with random (untrained) factors. Prints JSON: pairs/second of each, measured
in the same run on the same (text, topic) pairs, and their ratio.

    python benchmarks/adapter_speed.py [--n 1000] [--rank 16] [--layers 2] [--repeats 3] [--data-dir FOLDER]

Pairs are SemEval-2016 val tweets with their targets when a datasets folder is given (``--data-dir`` or
``$CLAIMSCOPE_DATA_DIR``), else synthetic.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import torch

from claimscope.models import MultiTaskModel, TopicStanceModel, lora
from claimscope.training.data import SEMEVAL_TOPICS, find_data_root


def pairs(n: int, root: Path | None = None) -> list[tuple[str, str]]:
    """``n`` (text, topic) pairs: SemEval-2016 val tweets under ``root``, else synthetic ones."""
    rows = []
    for folder, topic in SEMEVAL_TOPICS.items():
        path = root / "semeval2016_task6_stance" / folder / "val_text.txt" if root is not None else None
        if path is not None and path.is_file():
            rows += [(line, topic) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        base = "The sanctions on Russia are working and should be tightened"
        rows = [(base + " further" * (i % 20) + ".", "sanctions against Russia") for i in range(n)]
    return (rows * (n // len(rows) + 1))[:n]


def with_adapters(folder: str, rank: int, n_layers: int) -> None:
    """The shipped topic-stance artefact plus random adapters on the ``n_layers`` layers below its trained ones."""
    model, _ = MultiTaskModel.load(TopicStanceModel.default_path(), "claimscope train topic-stance ...")
    first = min(model.trained_layers)
    model.config["lora"] = {"layers": list(range(first - n_layers, first)), "rank": rank, "alpha": 2 * rank}
    lora.attach(model.encoder, model.config["lora"])
    for adapter in lora.adapters(model.encoder, model.config["lora"]).values():
        torch.nn.init.normal_(adapter.B, std=0.02)
    model.save(folder)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--layers", type=int, default=2, help="Layers with adapters, below the fine-tuned ones.")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", type=Path, default=None, help="Datasets folder (default: $CLAIMSCOPE_DATA_DIR).")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    root = find_data_root(args.data_dir)
    data = pairs(args.n, root)
    with tempfile.TemporaryDirectory() as folder:
        with_adapters(folder, args.rank, args.layers)
        models = {"without_adapters": TopicStanceModel.load(), "with_adapters": TopicStanceModel.load(folder)}
        for model in models.values():
            model.predict(data[:64], args.batch_size)  # warm-up
        best = dict.fromkeys(models, float("inf"))
        for _ in range(args.repeats):
            for name, model in models.items():
                t = time.perf_counter()
                model.predict(data, args.batch_size)
                best[name] = min(best[name], time.perf_counter() - t)
    result = {
        "pairs": len(data),
        "adapter_rank": args.rank,
        "adapter_layers": args.layers,
        "batch_size": args.batch_size,
        "threads": args.threads,
        "machine": platform.processor() or platform.machine(),
        "without_adapters_pairs_per_s": round(len(data) / best["without_adapters"], 1),
        "with_adapters_pairs_per_s": round(len(data) / best["with_adapters"], 1),
        "ratio": round(best["without_adapters"] / best["with_adapters"], 3),
        "source": "semeval val" if root is not None and (root / "semeval2016_task6_stance").is_dir() else "synthetic",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
