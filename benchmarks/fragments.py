"""How many claims are fragments, and how many pronoun claimers stay unlinked, on real news.

Runs ``claimscope.analyze_batch`` on the first N articles (sorted by file name) of a folder of .txt news and
prints JSON: the number of claims; the claims under 15 characters (count, share of all claims, the first 10 as
examples with their article); the claimers that are only "he", "she" or "they" and carry no entity id (count,
share of those pronoun claimers, share of all claims, and per pronoun). Also the package it ran
(``claimscope.__file__``, so a run on another checkout through PYTHONPATH can be checked), the seconds and the
load average.

Usage: python benchmarks/fragments.py [--news FOLDER] [--n 200] [--batch-size 16]
FOLDER holds news articles as .txt files (default: $CLAIMSCOPE_DATA_DIR/polnear/train/text).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

SHORT = 15
PRONOUNS = frozenset({"he", "she", "they"})
EXAMPLES = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("CLAIMSCOPE_DATA_DIR", "data")) / "polnear" / "train" / "text"
    parser.add_argument("--news", type=Path, default=default, help="folder of .txt news articles")
    parser.add_argument("--n", type=int, default=200, help="how many articles (the first N by file name)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    if not args.news.is_dir():
        raise SystemExit(f"news folder {args.news} not found: pass --news FOLDER or set CLAIMSCOPE_DATA_DIR")

    import claimscope

    paths = sorted(args.news.glob("*.txt"))[: args.n]
    if not paths:
        raise SystemExit(f"no .txt articles in {args.news}")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    started = time.perf_counter()
    cpu_started = time.process_time()
    claims = short = pronoun_claimers = unlinked = errors = 0
    examples: list[dict[str, str]] = []
    by_pronoun = {p: {"without_entity_id": 0, "claimers": 0} for p in sorted(PRONOUNS)}
    for path, analysis in zip(paths, claimscope.analyze_batch(texts, batch_size=args.batch_size), strict=True):
        if analysis.error is not None:
            errors += 1
            continue
        for claim in analysis.claims:
            claims += 1
            if len(claim.text) < SHORT:
                short += 1
                if len(examples) < EXAMPLES:
                    examples.append({"article": path.name, "text": claim.text})
            claimer = claim.claimer
            pronoun = claimer.text.strip().lower() if claimer is not None else ""
            if pronoun in PRONOUNS:
                pronoun_claimers += 1
                by_pronoun[pronoun]["claimers"] += 1
                if not claimer.entity_id:
                    unlinked += 1
                    by_pronoun[pronoun]["without_entity_id"] += 1
    result = {
        "package": claimscope.__file__,
        "version": getattr(claimscope, "__version__", None),
        "news": str(args.news),
        "articles": len(paths),
        "errors": errors,
        "claims": claims,
        "short_claims": {
            "under_chars": SHORT,
            "count": short,
            "share": round(short / claims, 4) if claims else 0.0,
            "examples": examples,
        },
        "pronoun_claimers_without_entity_id": {
            "pronouns": sorted(PRONOUNS),
            "count": unlinked,
            "pronoun_claimers": pronoun_claimers,
            "share_of_pronoun_claimers": round(unlinked / pronoun_claimers, 4) if pronoun_claimers else 0.0,
            "share_of_claims": round(unlinked / claims, 4) if claims else 0.0,
            "by_pronoun": by_pronoun,
        },
        "seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds": round(time.process_time() - cpu_started, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
