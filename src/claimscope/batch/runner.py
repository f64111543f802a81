"""Run a batch: read and check records, cut them into shards, analyse the shards (here or in worker processes),
record each finished shard in the manifest, show progress and return a summary."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from spacy.language import Language
from tqdm import tqdm

from ..errors import ClaimscopeValueError, Errors
from ..topics import check_topics
from .readers import count_records, input_kind, read_inputs
from .records import DEFAULT_MAX_CHARS, Record, check_records
from .shards import FORMATS, Manifest
from .worker import (
    ShardResult,
    ShardTask,
    init_forked_worker,
    init_worker,
    math_threads,
    preload_topic_models,
    process_shard,
    use_pipeline,
)

OutputFormat = Literal["parquet", "jsonl"]
Engine = Literal["local", "ray"]
DEFAULT_BATCH_SIZE = 256
PIPE_BATCH_SIZE = 64
WARM_UP_TEXT = "The minister said that the new sanctions would hurt the economy."


@dataclass
class BatchSummary:
    """The outcome of a batch run. ``failed`` counts records written to the errors file.

    Per worker process (by pid): ``worker_peak_rss_mb``, the peak resident set size (for forked workers it
    includes the pages shared with the parent, so it overstates what each costs), and ``worker_pss_mb``, the
    largest proportional set size seen after a shard (shared pages divided among the processes that share
    them; Linux only).
    """

    output: str
    documents: int = 0
    failed: int = 0
    claims: int = 0
    seconds: float = 0.0
    shards: int = 0
    resumed_shards: int = 0
    engine: str = "local"
    workers: int = 1
    threads: int = 1
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)
    worker_pss_mb: dict[int, float] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """True when no record failed."""
        return self.failed == 0

    def line(self) -> str:
        """A one-line human summary."""
        rate = self.documents / self.seconds if self.seconds else 0.0
        resumed = (
            f" ({self.resumed_shards} of {self.shards} shards from the earlier run)" if self.resumed_shards else ""
        )
        return (
            f"{self.documents} documents, {self.claims} claims, {self.failed} errors in {self.seconds:.1f} s "
            f"({rate:.1f} documents/s){resumed} -> {self.output}"
        )

    def to_dict(self) -> dict[str, object]:
        """The summary as JSON-ready data."""
        return {
            "output": self.output,
            "documents": self.documents,
            "failed": self.failed,
            "claims": self.claims,
            "seconds": round(self.seconds, 3),
            "shards": self.shards,
            "resumed_shards": self.resumed_shards,
            "engine": self.engine,
            "workers": self.workers,
            "threads": self.threads,
            "worker_peak_rss_mb": {str(k): round(v, 1) for k, v in self.worker_peak_rss_mb.items()},
            "worker_pss_mb": {str(k): round(v, 1) for k, v in self.worker_pss_mb.items()},
        }


def run(
    inputs: str | Path | Iterable[str | Path],
    output: str | Path,
    *,
    output_format: OutputFormat = "parquet",
    text_field: str = "text",
    id_field: str = "id",
    workers: int | None = None,
    threads: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    topics: str | Iterable[str] | None = None,
    engine: Engine = "local",
    resume: bool = False,
    ray_address: str | None = None,
    model: str | Path | None = None,
    extra_entities: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
    nlp: Language | None = None,
) -> BatchSummary:
    """Analyse a corpus into sharded claims, documents and errors tables under ``output``.

    ``inputs``: .jsonl, .jsonl.gz, .csv or .parquet files, folders of .txt files, or ``"-"`` (JSON lines on
    standard input). ``batch_size`` records make one shard (the unit of work and of resumption). ``topics``
    (phrases such as "sanctions against Russia"; E024 for an empty one) add to each claim about a topic a
    stance towards it (``stances`` entries with a ``relevance``); they are part of the run's settings.
    ``workers`` processes (default: one per core, :func:`cores`) share the work, each with ``threads`` torch
    threads (default 1: a worker is a core; processes scale better than threads on short claims). With one
    thread and ``fork`` (Linux), the pipeline (``nlp``, else loaded from ``model``) is loaded once here and the
    workers are forked from it; otherwise each worker loads its own. With ``workers == 1`` everything runs in
    this process, on ``threads`` threads for the run. With ``resume=True`` an interrupted run in ``output`` is
    completed: finished shards are kept, the rest redone.
    ``progress=None`` shows a progress bar only when standard error is a terminal. Bad records go to the
    errors file and never stop the run.
    """
    sources = [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]
    if output_format not in FORMATS:
        raise ClaimscopeValueError(Errors.E007, value=output_format, choices=", ".join(FORMATS))
    workers = cores() if workers is None else workers
    if workers < 1 or threads < 1 or batch_size < 1:
        raise ClaimscopeValueError(Errors.E009, index=0, reason="workers, threads and batch_size must be at least 1")
    checked_topics = check_topics(topics)
    if engine == "ray":
        from ..integrations.ray import run_ray

        return run_ray(
            sources,
            output,
            output_format=output_format,
            text_field=text_field,
            id_field=id_field,
            workers=workers,
            batch_size=batch_size,
            topics=checked_topics,
            resume=resume,
            ray_address=ray_address,
            model=model,
            extra_entities=extra_entities,
            max_chars=max_chars,
        )
    if engine != "local":
        raise ClaimscopeValueError(Errors.E007, value=engine, choices="local, ray")
    return _run_local(
        sources,
        Path(output),
        output_format=output_format,
        text_field=text_field,
        id_field=id_field,
        workers=workers,
        threads=threads,
        batch_size=batch_size,
        topics=tuple(checked_topics),
        resume=resume,
        model=None if model is None else str(model),
        extra_entities=None if extra_entities is None else str(extra_entities),
        max_chars=max_chars,
        progress=sys.stderr.isatty() if progress is None else progress,
        nlp=nlp,
    )


def settings_of(sources: list[str], **options: object) -> dict[str, object]:
    """The settings a resumed run must share with the interrupted one (workers may differ).

    Empty options (no topics) are left out, so that runs recorded before an option existed
    can still be resumed without it."""
    absolute = [s if s == "-" else str(Path(s).resolve()) for s in sources]
    return {"inputs": absolute, **{k: v for k, v in options.items() if v not in ((), [])}}


def _run_local(
    sources: list[str],
    out: Path,
    *,
    output_format: str,
    text_field: str,
    id_field: str,
    workers: int,
    threads: int,
    batch_size: int,
    topics: tuple[str, ...],
    resume: bool,
    model: str | None,
    extra_entities: str | None,
    max_chars: int,
    progress: bool,
    nlp: Language | None,
) -> BatchSummary:
    started = time.perf_counter()
    settings = settings_of(
        sources,
        output_format=output_format,
        text_field=text_field,
        id_field=id_field,
        batch_size=batch_size,
        max_chars=max_chars,
        model=model,
        extra_entities=extra_entities,
        topics=list(topics),
    )
    for source in sources:
        input_kind(source)  # E018 before anything is written
    preload_topic_models(topics)  # E008 before anything is written; cached for this process and forked workers
    records = check_records(read_inputs(sources, text_field, id_field), text_field, max_chars)
    manifest = Manifest.open(out, settings, resume)
    resumed = set(manifest.shards)
    summary = BatchSummary(output=str(out), workers=workers, threads=threads)
    total = count_records(sources) if progress else None
    bar = tqdm(
        total=total,
        initial=sum(c["documents"] for c in manifest.shards.values()),
        unit="doc",
        desc="claimscope batch",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )
    todo = (task for task in _shards(records, batch_size) if task.index not in resumed)

    def finished(result: ShardResult) -> None:
        manifest.add(result.index, result.counts())
        pid = result.pid
        summary.worker_peak_rss_mb[pid] = max(summary.worker_peak_rss_mb.get(pid, 0.0), result.peak_rss_mb)
        if result.pss_mb is not None:
            summary.worker_pss_mb[pid] = max(summary.worker_pss_mb.get(pid, 0.0), result.pss_mb)
        bar.update(result.documents)
        bar.set_postfix(claims=sum(c["claims"] for c in manifest.shards.values()), errors=_failed(manifest))

    pipe_batch_size = min(batch_size, PIPE_BATCH_SIZE)
    try:
        if workers == 1:
            pipeline = nlp if nlp is not None else _load(model, extra_entities)
            use_pipeline(pipeline)
            _warm_up(pipeline)  # as before a fork: model loads are start-up, not part of the first shard
            with math_threads(threads):
                for task in todo:
                    finished(process_shard(task, str(out), output_format, pipe_batch_size, topics))
        else:
            pool = _pool(workers, threads, nlp, model, extra_entities, topics)
            _run_pool(pool, todo, workers, (str(out), output_format, pipe_batch_size, topics), finished)
    finally:
        gc.unfreeze()
        bar.close()
    summary.shards = len(manifest.shards)
    summary.resumed_shards = len(resumed)
    summary.documents = sum(c["documents"] for c in manifest.shards.values())
    summary.claims = sum(c["claims"] for c in manifest.shards.values())
    summary.failed = _failed(manifest)
    summary.seconds = time.perf_counter() - started
    manifest.finish(summary.to_dict())
    return summary


def cores() -> int:
    """The CPU cores this process may use (its affinity mask, e.g. a container's share), else ``os.cpu_count()``."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pool(
    workers: int,
    threads: int,
    nlp: Language | None,
    model: str | None,
    extra_entities: str | None,
    topics: tuple[str, ...],
) -> ProcessPoolExecutor:
    """``workers`` processes, each with the pipeline loaded once and ``threads`` math threads.

    With one thread per worker and ``fork`` available (Linux), the pipeline is loaded and warmed up here, once,
    and the workers are forked from this process: no worker pays a load, they start at once, and the model
    weights are shared copy-on-write. Otherwise (more threads, or no ``fork``) the workers are spawned and each
    loads the pipeline: a forked child cannot use more than one torch thread safely.
    """
    if threads == 1 and "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux":
        pipeline = nlp if nlp is not None else _load(model, extra_entities)
        use_pipeline(pipeline)
        _warm_up(pipeline)
        # The pipeline's objects go to the collector's permanent generation: collections in the workers then
        # never write to their pages, which stay shared with this process instead of being copied into each.
        gc.freeze()
        return ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), init_forked_worker)
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, context, init_worker, (model, extra_entities, threads, topics))


def _warm_up(nlp: Language) -> None:
    """Run the pipeline once, so that components that load their models on first use do it before the fork."""
    from ..api import analyze_batch

    for _ in analyze_batch([WARM_UP_TEXT], nlp=nlp):
        pass


def _run_pool(
    pool: ProcessPoolExecutor,
    tasks: Iterator[ShardTask],
    workers: int,
    arguments: tuple[object, ...],
    finished: object,
) -> None:
    """Send shards to the pool's ``workers`` processes, at most two per worker in flight so memory stays flat."""
    with pool:
        pending: set[Future[ShardResult]] = set()
        for task in itertools.chain(tasks, [None]):
            if task is not None:
                pending.add(pool.submit(process_shard, task, *arguments))
            while pending and (len(pending) >= 2 * workers or task is None):
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    finished(future.result())  # type: ignore[operator]


def _shards(records: Iterator[Record], batch_size: int) -> Iterator[ShardTask]:
    for index in itertools.count():
        chunk = list(itertools.islice(records, batch_size))
        if not chunk:
            return
        yield ShardTask(index, chunk)


def _failed(manifest: Manifest) -> int:
    return sum(c["failed"] for c in manifest.shards.values())


def _load(model: str | None, extra_entities: str | None) -> Language:
    from ..pipeline import load

    return load(model, extra_entities=extra_entities)
