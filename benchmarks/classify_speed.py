"""Speed of ``claimscope_classify`` against a bare forward pass of the same encoder over the same claims.

Prints JSON: claims/second of the component (tokenisation, one encoder pass, heads, span annotations) and of
the bare encoder (tokenisation + forward only), measured in the same run on the same claims.

    python benchmarks/classify_speed.py [--n 2000] [--batch-size 64] [--repeats 3] [--data-dir FOLDER]

Claims are NewsMTSC dev sentences (targets become entities) when a datasets folder is given (``--data-dir`` or
``$CLAIMSCOPE_DATA_DIR``), else synthetic.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import spacy
import torch
from spacy.tokens import Span

import claimscope.classify.component  # noqa: F401
from claimscope.models.encoder import length_batches, pad_batch, tokenize
from claimscope.training.data import find_data_root, read_stance


def claims(n: int, root: Path | None = None) -> list[tuple[str, list[tuple[int, int]]]]:
    """``n`` claims with their target spans: NewsMTSC sentences under ``root``, else synthetic ones."""
    rows = []
    for name in ("newsmtsc-rw/dev.jsonl", "newsmtsc-mt/dev.jsonl", "train.jsonl"):
        path = root / "newsmtsc" / name if root is not None else None
        if path is not None and path.is_file():
            rows += [(r["text"], [tuple(t) for t in r["targets"]]) for r in read_stance(path)]
        if len(rows) >= n:
            break
    if not rows:
        base = "Officials in Berlin said Smith and Jones had criticised the pipeline deal on Tuesday"
        rows = [(base + " again" * (i % 20) + ".", [(25, 30), (35, 40)]) for i in range(n)]
    return (rows * (n // len(rows) + 1))[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", type=Path, default=None, help="Datasets folder (default: $CLAIMSCOPE_DATA_DIR).")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    root = find_data_root(args.data_dir)

    nlp = spacy.blank("en")
    comp = nlp.add_pipe("claimscope_classify", config={"batch_size": args.batch_size})
    data = claims(args.n, root)
    docs = []
    for text, targets in data:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(s, e, label="PERSON", kb_id=f"PERSON:{s}", alignment_mode="expand") for s, e in targets]
        doc.ents = [e for e in spacy.util.filter_spans([e for e in ents if e is not None])]
        doc.spans["claims"] = [Span(doc, 0, len(doc))]
        docs.append(doc)
    texts = [d.spans["claims"][0].text for d in docs]
    predictor = comp.predictor
    model, tok = predictor.model, predictor.tokenizer

    def run_component() -> None:
        for _ in comp.pipe(docs, batch_size=len(docs)):
            pass

    @torch.inference_mode()
    def run_bare() -> None:
        ids = tokenize(tok, texts, predictor.max_length)["input_ids"]
        for batch in length_batches([len(x) for x in ids], args.batch_size):
            input_ids, mask = pad_batch([ids[i] for i in batch])
            model.encoder(input_ids=input_ids, attention_mask=mask)

    run_component()
    run_bare()  # warm-up
    best = {"component": float("inf"), "bare_encoder": float("inf")}
    for _ in range(args.repeats):
        for name, fn in (("bare_encoder", run_bare), ("component", run_component)):
            t = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
    result = {
        "claims": len(docs),
        "entities": sum(len(d.ents) for d in docs),
        "batch_size": args.batch_size,
        "threads": args.threads,
        "device": str(predictor.device),
        "machine": platform.processor() or platform.machine(),
        "component_claims_per_s": round(len(docs) / best["component"], 1),
        "bare_encoder_claims_per_s": round(len(docs) / best["bare_encoder"], 1),
        "ratio": round(best["bare_encoder"] / best["component"], 3),
        "source": "newsmtsc dev" if root is not None and (root / "newsmtsc").is_dir() else "synthetic",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
