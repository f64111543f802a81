"""Peak memory and time of ``claimscope.analyze`` on one long text of real news, at several sizes.

Each size runs in a fresh process (so its peak resident set size is its own): load the default pipeline, warm
it up on one sentence, then time ``analyze`` on the first N megabytes of news articles joined by blank lines
(articles repeat when the folder holds fewer). Prints JSON: per size the seconds, seconds per MB, peak RSS
(whole process: pipeline and models included) and claims; then the ratios the project's targets name (peak
RSS at the largest size, and time per MB at each size against the smallest), with the load average beside
each size. Wall time on a busy machine means little, so the CPU time of the analysing process (user + system,
all its threads) per MB is reported beside it: it grows with the work done, not with the other processes.

Usage: python benchmarks/long_text.py [--news FOLDER] [--sizes 0.5,1,2,5]
FOLDER holds news articles as .txt files (default: $CLAIMSCOPE_DATA_DIR/polnear/train/text).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

MB = 1_000_000


def news_text(folder: Path, size: int) -> str:
    """The first ``size`` characters of the folder's articles joined by blank lines, repeated as needed."""
    articles = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no .txt articles in {folder}")
    parts, total, i = [], 0, 0
    while total < size:
        article = articles[i % len(articles)].strip() + "\n\n"
        parts.append(article)
        total += len(article)
        i += 1
    return "".join(parts)[:size]


def measure_one(folder: Path, megabytes: float) -> dict[str, object]:
    """Run in the child process: time one analysis, report peak RSS."""
    import warnings

    import claimscope

    text = news_text(folder, int(megabytes * MB))
    nlp = claimscope.load()
    claimscope.analyze("The minister said that the sanctions would hurt the economy.", nlp=nlp)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start, cpu_start = time.perf_counter(), time.process_time()
        analysis = claimscope.analyze(text, nlp=nlp)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {
        "megabytes": megabytes,
        "characters": len(text),
        "seconds": round(seconds, 1),
        "seconds_per_mb": round(seconds / megabytes, 1),
        "cpu_seconds": round(cpu, 1),
        "cpu_seconds_per_mb": round(cpu / megabytes, 1),
        "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2),
        "claims": len(analysis.claims),
        "entities": len(analysis.entities),
        "load_average_1m_after": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("CLAIMSCOPE_DATA_DIR", "data")) / "polnear" / "train" / "text"
    parser.add_argument("--news", type=Path, default=default, help="folder of news articles (.txt)")
    parser.add_argument("--sizes", default="0.5,1,2,5", help="sizes in MB, comma-separated")
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure_one(args.news, args.child)))
        return
    if not args.news.is_dir():
        raise SystemExit(f"news folder {args.news} not found: pass --news FOLDER or set CLAIMSCOPE_DATA_DIR")
    runs = []
    for size in (float(s) for s in args.sizes.split(",")):
        before = os.getloadavg()[0]
        out = subprocess.run(
            [sys.executable, __file__, "--news", str(args.news), "--child", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        run = json.loads(out.stdout.strip().splitlines()[-1])
        run["load_average_1m_before"] = round(before, 2)
        runs.append(run)
        print(json.dumps(run), file=sys.stderr, flush=True)
    smallest, smallest_cpu = runs[0]["seconds_per_mb"], runs[0]["cpu_seconds_per_mb"]
    report = {
        "benchmark": "long_text",
        "cpus": os.cpu_count(),
        "runs": runs,
        "peak_rss_gb_at_largest": runs[-1]["peak_rss_gb"],
        "time_per_mb_ratio_to_smallest": {str(r["megabytes"]): round(r["seconds_per_mb"] / smallest, 2) for r in runs},
        "cpu_time_per_mb_ratio_to_smallest": {
            str(r["megabytes"]): round(r["cpu_seconds_per_mb"] / smallest_cpu, 2) for r in runs
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
