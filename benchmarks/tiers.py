"""The two tiers' speed, as ratios measured in one run (rounds alternate; the median of three is kept).

- ``classify_over_bare_forward``: the accurate tier's classify stage (``claimscope_classify.predict`` over the
  claims of the texts: tokenising, batching, every head) against a bare bf16 forward pass of the same encoder over
  the same claim texts in the same batches (target: at least 0.85);
- ``accurate_over_fast_end_to_end``: ``analyze_batch`` claims per second with the accurate tier against the fast
  tier, each in its default precision (accurate: bf16 where the processor has it; fast: fp32; target >= 0.5);
- ``fast_bf16_over_fp32_end_to_end``: the fast tier with every model in bf16 against the same tier with every
  model in fp32 (``CLAIMSCOPE_PRECISION=bf16`` against ``fp32``: the multi-task classifier and the attribution
  tagger; target >= 1.5);
- ``fast_bf16_over_default_end_to_end``: the same bf16 run against the fast tier as it loads (classifier in fp32
  for byte-identical output, tagger in bf16 where the processor has it).

Usage: python benchmarks/tiers.py [--data-dir FOLDER] [--n-texts 200] [--threads N]. The texts are NewsMTSC
rw dev sentences grouped into paragraphs of five. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import warnings
from pathlib import Path


def paragraphs(data_dir: Path, n: int) -> list[str]:
    from claimscope.training.data import load_files

    sentences = list(load_files("stance", [data_dir / "newsmtsc" / "newsmtsc-rw" / "dev.jsonl"])["text"])
    return [" ".join(sentences[i : i + 5]) for i in range(0, 5 * n, 5)][:n]


def claims_per_second(nlp, texts: list[str]) -> tuple[int, float]:
    import claimscope

    start = time.perf_counter()
    claims = sum(len(a.claims) for a in claimscope.analyze_batch(texts, nlp=nlp))
    return claims, claims / (time.perf_counter() - start)


def classify_stage(nlp, texts: list[str]) -> dict[str, object]:
    """Time the classify component's predict against a bare forward pass over the same claims."""
    import torch

    from claimscope.models.encoder import length_batches, pad_batch, tokenize

    classifier = nlp.get_pipe("claimscope_classify")
    with nlp.select_pipes(disable=["claimscope_classify"]):
        docs = list(nlp.pipe(texts))
    claims = [span.text for doc in docs for span in doc.spans.get("claims", [])]
    predictor = classifier.predictor
    dtype = predictor.autocast

    def bare() -> None:
        enc = tokenize(predictor.tokenizer, claims, predictor.max_length)
        with torch.inference_mode():
            for batch in length_batches([len(x) for x in enc["input_ids"]], classifier.batch_size):
                ids, mask = pad_batch([enc["input_ids"][i] for i in batch], predictor.tokenizer.pad_token_id or 0)
                with torch.autocast("cpu", dtype=dtype, enabled=dtype is not None):
                    predictor.model.encode(ids, mask)

    times: dict[str, list[float]] = {"classify": [], "bare_forward": []}
    bare()  # warm-up
    classifier.predict(docs)
    for _ in range(3):
        for name, step in (("classify", lambda: classifier.predict(docs)), ("bare_forward", bare)):
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    median = {k: statistics.median(v) for k, v in times.items()}
    return {
        "claims": len(claims),
        "claims_per_second": {k: round(len(claims) / v, 1) for k, v in median.items()},
        "classify_over_bare_forward": round(median["bare_forward"] / median["classify"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("CLAIMSCOPE_DATA_DIR"))
    parser.add_argument("--n-texts", type=int, default=200)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args()
    if args.data_dir is None:
        raise SystemExit("pass --data-dir FOLDER or set CLAIMSCOPE_DATA_DIR")
    warnings.simplefilter("ignore")
    import torch

    import claimscope
    from claimscope.models.attribution import Tagger
    from claimscope.models.precision import cpu_has_bf16
    from claimscope.models.predict import MultiTaskPredictor

    if args.threads:
        torch.set_num_threads(args.threads)
    texts = paragraphs(args.data_dir, args.n_texts)
    accurate, fast = claimscope.load(tier="accurate"), claimscope.load(tier="fast")
    fast_classifier = fast.get_pipe("claimscope_classify")
    fast_fp32 = fast_classifier.predictor
    fast_bf16 = MultiTaskPredictor.load(fast_classifier.model_path, precision="bf16")
    learned = fast.get_pipe("claimscope_claims").learned
    tagger_default = learned.tagger
    taggers = {p: Tagger.load(learned.model, precision=p) for p in ("fp32", "bf16")}
    # each configuration: (classifier, tagger)
    configurations = {
        "fast": (fast_fp32, tagger_default),
        "fast_fp32": (fast_fp32, taggers["fp32"]),
        "fast_bf16": (fast_bf16, taggers["bf16"]),
    }
    report: dict[str, object] = {
        "benchmark": "tiers",
        "cpu_has_bf16": cpu_has_bf16(),
        "torch_threads": torch.get_num_threads(),
        "texts": len(texts),
        "precision": {
            "accurate": str(accurate.get_pipe("claimscope_classify").predictor.autocast),
            "fast": {"classifier": "fp32", "tagger": str(tagger_default.dtype)},
        },
    }
    report["classify_stage"] = classify_stage(accurate, texts)
    rates: dict[str, list[float]] = {"accurate": [], **{name: [] for name in configurations}}
    claims_per_tier = {}
    claims_per_second(accurate, texts[:10])  # warm-up
    for classifier, tagger in configurations.values():
        fast_classifier._predictor, learned._tagger = classifier, tagger
        claims_per_second(fast, texts[:10])
    for _ in range(3):
        claims_per_tier["accurate"], rate = claims_per_second(accurate, texts)
        rates["accurate"].append(rate)
        for name, (classifier, tagger) in configurations.items():
            fast_classifier._predictor, learned._tagger = classifier, tagger
            claims_per_tier[name], rate = claims_per_second(fast, texts)
            rates[name].append(rate)
    fast_classifier._predictor, learned._tagger = fast_fp32, tagger_default
    median = {k: round(statistics.median(v), 1) for k, v in rates.items()}
    report["end_to_end"] = {
        "claims": claims_per_tier,
        "claims_per_second": median,
        "accurate_over_fast_end_to_end": round(median["accurate"] / median["fast"], 3),
        "fast_bf16_over_fp32_end_to_end": round(median["fast_bf16"] / median["fast_fp32"], 3),
        "fast_bf16_over_default_end_to_end": round(median["fast_bf16"] / median["fast"], 3),
    }
    report["load_average_1m"] = round(os.getloadavg()[0], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
