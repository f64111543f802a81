"""Speed and memory of ``claimscope batch`` against the pipeline stages run alone on the same texts.

Prints JSON. In one run, on a corpus built at run time from real sentences (NewsMTSC train
``sentence_normalized`` from the datasets folder, ``--data-dir`` or ``$CLAIMSCOPE_DATA_DIR``; or ``--data``: any
JSON-lines file with a ``sentence_normalized`` or ``text`` field per line; ``--sentences`` per document; nothing
is stored):

- ``stages``: the spaCy pipeline alone (``nlp.pipe``), plus the classifier alone on the same parsed docs
  when ``claimscope_classify`` is in the pipeline; ``end_to_end``: ``claimscope.batch.run`` (read, check,
  analyse, convert, write Parquet shards, manifest) in the same process with the same loaded pipeline.
  Interleaved over ``--repeats``; ``ratio`` = end-to-end documents/s over the stage-sum documents/s.
- ``workers``: wall time of ``claimscope batch --workers 1`` and ``--workers 2`` in fresh processes (each pays
  its pipeline load), interleaved; a worker is one process on one torch thread (the default);
  ``speedup`` = 1-worker time / 2-worker time; ``speedup_processing`` the same over the processing window only
  (first shard started to last shard finished, from the manifest); ``startup_seconds`` = wall time outside that
  window (imports, pipeline load, final merge). ``one_worker_all_threads`` (``--workers 1 --threads <cores>``)
  is one process using every core as torch threads: ``speedup_over_all_threads`` compares 2 workers with it.
- ``memory``: peak RSS and PSS (shared pages divided among the processes sharing them) of each worker process
  (``--workers 2``) on corpora of ``--memory-sizes`` documents.
- ``load_average``: the 1-minute load average before each part; ``other_processes_cpu_share``: the share of the
  machine's CPU time that processes other than this benchmark (and its children) used during each part, from
  /proc/stat. Timings are only meaningful when both are low.

    python benchmarks/batch_speed.py [--data-dir FOLDER | --data FILE] [--n 2000] [--sentences 1] [--repeats 2]
        [--memory-sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import claimscope
from claimscope.batch import run

NEWSMTSC = Path("newsmtsc") / "train.jsonl"
"""The sentences' file inside the datasets folder."""


def build_corpus(path: Path, n: int, sentences: int, data: Path) -> list[str]:
    """Write ``n`` documents of ``sentences`` consecutive real sentences each to ``path``; return the texts."""
    rows = [json.loads(line) for line in data.open(encoding="utf-8") if line.strip()]
    pool = [row.get("sentence_normalized") or row["text"] for row in rows]
    texts = []
    for i in range(n):
        start = (i * sentences) % (len(pool) - sentences)
        texts.append(" ".join(pool[start : start + sentences]))
    with path.open("w", encoding="utf-8") as stream:
        for i, text in enumerate(texts):
            stream.write(json.dumps({"id": f"doc{i}", "text": text}) + "\n")
    return texts


def time_stages(nlp, texts: list[str]) -> float:
    """Seconds for the pipeline stages run alone (classifier separately on the parsed docs, if present)."""
    if "claimscope_classify" not in nlp.pipe_names:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        return time.perf_counter() - started
    with nlp.select_pipes(disable=["claimscope_classify"]):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        base = time.perf_counter() - started
    classify = nlp.get_pipe("claimscope_classify")
    started = time.perf_counter()
    for _ in classify.pipe(docs, batch_size=64):
        pass
    return base + time.perf_counter() - started


def time_end_to_end(nlp, corpus: Path, out: Path) -> tuple[float, int]:
    import torch

    started = time.perf_counter()
    # in this process, on the threads the stages had
    summary = run(corpus, out, workers=1, threads=torch.get_num_threads(), batch_size=256, nlp=nlp, progress=False)
    return time.perf_counter() - started, summary.claims


def run_cli(corpus: Path, out: Path, workers: int, threads: int = 1) -> tuple[float, dict]:
    command = [sys.executable, "-m", "claimscope.cli", "batch", str(corpus), "-o", str(out)]
    command += ["--workers", str(workers), "--threads", str(threads), "--batch-size", "128"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    manifest = json.loads((out / "_manifest.json").read_text())
    shards = manifest["shards"].values()
    window = max(s["finished_at"] for s in shards) - min(s["started_at"] for s in shards)
    return seconds, {**manifest["summary"], "processing_seconds": window}


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


class OtherLoad:
    """CPU time used by processes other than this one and its waited-for children, between start() and share()."""

    def start(self) -> OtherLoad:
        self.busy, self.own, self.wall = self._busy(), self._own(), time.perf_counter()
        return self

    def share(self) -> float | None:
        """Other processes' CPU seconds over (wall seconds x cores); None without /proc/stat."""
        busy = self._busy()
        if busy is None or self.busy is None:
            return None
        other = (busy - self.busy) - (self._own() - self.own)
        return round(max(0.0, other) / ((time.perf_counter() - self.wall) * (os.cpu_count() or 1)), 3)

    @staticmethod
    def _busy() -> float | None:
        try:
            fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        except OSError:
            return None
        ticks = [int(f) for f in fields]
        idle = ticks[3] + ticks[4]  # idle, iowait
        return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _own() -> float:
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--sentences", type=int, default=1, help="real sentences per document")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--memory-sizes", default="1000,10000")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: stages,workers,memory")
    ap.add_argument("--data-dir", type=Path, default=None, help="Datasets folder (default: $CLAIMSCOPE_DATA_DIR).")
    ap.add_argument("--data", type=Path, default=None, help="JSON lines of sentences (sentence_normalized or text).")
    args = ap.parse_args()
    if args.data is None:
        from claimscope.errors import ClaimscopeError
        from claimscope.training.data import data_root

        try:
            args.data = data_root(args.data_dir) / NEWSMTSC
        except ClaimscopeError as err:
            ap.error(f"{err} Or pass --data FILE.")
    if not args.data.is_file():
        ap.error(f"no sentence file at {args.data}: pass --data FILE (JSON lines with a 'text' field)")
    skip = set(filter(None, args.skip.split(",")))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    report: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "corpus": {"documents": args.n, "sentences_per_document": args.sentences, "source": str(args.data)},
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        texts = build_corpus(corpus, args.n, args.sentences, args.data)
        report["load_average"] = {}
        others: dict[str, float | None] = {}
        report["other_processes_cpu_share"] = others
        if "stages" not in skip:
            report["load_average"]["stages"] = load_average()
            watch = OtherLoad().start()
            nlp = claimscope.load()
            report["pipeline"] = nlp.pipe_names
            for _ in nlp.pipe(texts[:64]):  # models that load on first use load here, not in the first timing
                pass
            stage_times, e2e_times, claims = [], [], 0
            for r in range(args.repeats):
                stage_times.append(time_stages(nlp, texts))
                seconds, claims = time_end_to_end(nlp, corpus, root / f"e2e-{r}")
                e2e_times.append(seconds)
            stage, e2e = min(stage_times), min(e2e_times)
            report["throughput"] = {
                "stages_seconds": [round(t, 2) for t in stage_times],
                "end_to_end_seconds": [round(t, 2) for t in e2e_times],
                "stages_documents_per_s": round(args.n / stage, 2),
                "end_to_end_documents_per_s": round(args.n / e2e, 2),
                "end_to_end_claims_per_s": round(claims / e2e, 2),
                "claims": claims,
                "ratio": round(stage / e2e, 3),
            }
            others["stages"] = watch.share()
        if "workers" not in skip:
            report["load_average"]["workers"] = load_average()
            watch = OtherLoad().start()
            runs: dict[str, dict[str, list[float]]] = {}
            cpus = len(os.sched_getaffinity(0))
            settings = {"one_worker": (1, 1), "one_worker_all_threads": (1, cpus), "two_workers": (2, 1)}
            for r in range(args.repeats):
                for name, (workers, threads) in settings.items():
                    seconds, summary = run_cli(corpus, root / f"{name}-{r}", workers, threads)
                    times = runs.setdefault(name, {"wall": [], "processing": [], "startup": []})
                    times["wall"].append(seconds)
                    times["processing"].append(summary["processing_seconds"])
                    times["startup"].append(seconds - summary["processing_seconds"])
            best = {name: {k: min(v) for k, v in times.items()} for name, times in runs.items()}
            report["workers"] = {
                **{
                    f"{name}_{kind}_seconds": [round(t, 2) for t in times[kind]]
                    for name, times in runs.items()
                    for kind in ("wall", "processing", "startup")
                },
                **{f"{name}_documents_per_s": round(args.n / best[name]["wall"], 2) for name in runs},
                "speedup": round(best["one_worker"]["wall"] / best["two_workers"]["wall"], 3),
                "speedup_processing": round(best["one_worker"]["processing"] / best["two_workers"]["processing"], 3),
                "speedup_over_all_threads": round(
                    best["one_worker_all_threads"]["wall"] / best["two_workers"]["wall"], 3
                ),
                "speedup_over_all_threads_processing": round(
                    best["one_worker_all_threads"]["processing"] / best["two_workers"]["processing"], 3
                ),
            }
            others["workers"] = watch.share()
        if "memory" not in skip:
            report["load_average"]["memory"] = load_average()
            watch = OtherLoad().start()
            memory = {}
            for size in (int(s) for s in args.memory_sizes.split(",")):
                sized = root / f"corpus-{size}.jsonl"
                build_corpus(sized, size, args.sentences, args.data)
                seconds, summary = run_cli(sized, root / f"mem-{size}", 2)
                memory[str(size)] = {
                    "seconds": round(seconds, 1),
                    "worker_peak_rss_mb": sorted(summary["worker_peak_rss_mb"].values()),
                    "worker_pss_mb": sorted(summary.get("worker_pss_mb", {}).values()),
                }
            report["memory"] = memory
            others["memory"] = watch.share()
    report["load_average"]["end"] = load_average()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
