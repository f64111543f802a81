"""bf16 against fp32: label agreement on the dev sets, and speed, measured in one run.

For each shipped artefact and each head, predicts its dev files once in fp32 and once under bf16 autocast and
reports the share of items whose label agrees (the project's rule: at least 99.5%), the dev metric in both, and
the largest probability difference. Then the speed of the same predictions (items per second) and of
``claimscope.analyze_batch`` end to end on news sentences, each precision timed alternately (three rounds,
median), with the load average beside them.

Usage: python benchmarks/precision.py [--data-dir FOLDER] [--n-news 400] [--skip-agreement] [--threads N]
       [--tier fast|accurate] [--record] [--skip-end-to-end] [--artefact all|multitask|topic]
``--tier`` chooses the artefacts (default: fast); ``--record`` writes the agreement rows into each artefact's
``metrics.json`` (``precision``), from which its model card's "Precision (dev)" section is written.
On a machine other processes keep busy, two torch threads contend with them and both precisions slow down by
several times, bf16 more (measured here under a load average of 6: fp32 29, bf16 21 sentences/s on two threads;
fp32 80-116, bf16 213-337 on one): use --threads 1 there.
FOLDER holds the datasets (default $CLAIMSCOPE_DATA_DIR).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np


def agreement(predictor_fp32, predictor_bf16, head: str, files) -> dict[str, object]:
    from claimscope.training.data import load_files
    from claimscope.training.evaluate import _official, predict_probs

    rows = load_files(head, files)
    timings = {}
    probs = {}
    for name, predictor in (("fp32", predictor_fp32), ("bf16", predictor_bf16)):
        start = time.perf_counter()
        probs[name], gold = predict_probs(head, rows, predictor)
        timings[name] = time.perf_counter() - start
    same = probs["fp32"].argmax(1) == probs["bf16"].argmax(1)
    scores = {name: round(_official(head, p, gold)[1], 4) for name, p in probs.items()}
    return {
        "head": head,
        "n": len(gold),
        "label_agreement": round(float(same.mean()), 4),
        "disagreements": int((~same).sum()),
        "max_probability_difference": round(float(np.abs(probs["fp32"] - probs["bf16"]).max()), 4),
        "dev_metric": scores,
        "items_per_second": {k: round(len(gold) / v, 1) for k, v in timings.items()},
    }


def end_to_end(n_news: int, data_dir) -> dict[str, object]:
    """``analyze_batch`` claims per second in each precision (alternating rounds, median of three)."""
    import claimscope
    from claimscope.api import default_pipeline
    from claimscope.models.predict import MultiTaskPredictor
    from claimscope.training.data import load_files

    texts = list(load_files("stance", [data_dir / "newsmtsc" / "newsmtsc-rw" / "dev.jsonl"])["text"])[:n_news]
    nlp = default_pipeline()
    classifier = nlp.get_pipe("claimscope_classify")
    predictors = {p: MultiTaskPredictor.load(classifier.model_path, precision=p) for p in ("fp32", "bf16")}
    rates: dict[str, list[float]] = {"fp32": [], "bf16": []}
    claims = 0
    for _ in range(3):
        for name, predictor in predictors.items():
            classifier._predictor = predictor
            start = time.perf_counter()
            claims = sum(len(a.claims) for a in claimscope.analyze_batch(texts, nlp=nlp))
            rates[name].append(claims / (time.perf_counter() - start))
    median = {k: round(statistics.median(v), 1) for k, v in rates.items()}
    return {
        "texts": len(texts),
        "claims": claims,
        "claims_per_second": median,
        "bf16_over_fp32": round(median["bf16"] / median["fp32"], 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("CLAIMSCOPE_DATA_DIR"))
    parser.add_argument("--n-news", type=int, default=400)
    parser.add_argument("--skip-agreement", action="store_true")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's); 1 on a busy machine")
    parser.add_argument("--tier", default="fast", choices=["fast", "accurate"])
    parser.add_argument("--record", action="store_true", help="write the rows into each artefact's metrics.json")
    parser.add_argument("--skip-end-to-end", action="store_true")
    parser.add_argument("--artefact", default="all", choices=["all", "multitask", "topic"], help="which to compare")
    args = parser.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.data_dir is None:
        raise SystemExit("pass --data-dir FOLDER or set CLAIMSCOPE_DATA_DIR")
    warnings.simplefilter("ignore")
    import torch

    from claimscope.models.precision import cpu_has_bf16
    from claimscope.models.predict import (
        TOPIC_REBUILD_COMMAND,
        MultiTaskPredictor,
        default_model_path,
        default_topic_model_path,
    )
    from claimscope.training.data import default_files

    report: dict[str, object] = {
        "benchmark": "precision",
        "cpu_has_bf16": cpu_has_bf16(),
        "cpus": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "tier": args.tier,
    }
    if not args.skip_agreement:
        rows = []
        for path, heads, rebuild in (
            (default_model_path(args.tier), ("verdict", "checkworthiness", "stance"), None),
            (default_topic_model_path(args.tier), ("topic_stance",), TOPIC_REBUILD_COMMAND),
        ):
            if args.artefact != "all" and (args.artefact == "topic") != (heads == ("topic_stance",)):
                continue
            extra = {} if rebuild is None else {"rebuild": rebuild}
            fp32 = MultiTaskPredictor.load(path, precision="fp32", **extra)
            bf16 = MultiTaskPredictor.load(path, precision="bf16", **extra)
            found = []
            for head in heads:
                found.append(agreement(fp32, bf16, head, default_files(head, "dev", args.data_dir)))
                print(json.dumps(found[-1]), flush=True)
            rows.extend(found)
            if args.record:
                metrics_file = Path(path) / "metrics.json"
                metrics = json.loads(metrics_file.read_text())
                metrics["precision"] = [{k: v for k, v in r.items() if k != "items_per_second"} for r in found]
                metrics_file.write_text(json.dumps(metrics, indent=2) + "\n")
        report["agreement"] = rows
        report["min_label_agreement"] = min(r["label_agreement"] for r in rows)
    if not args.skip_end_to_end:
        report["end_to_end"] = end_to_end(args.n_news, Path(args.data_dir))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
