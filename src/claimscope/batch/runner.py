"""Run a batch: read and check records, cut them into shards, analyse the shards (here or in worker processes),
record each finished shard in the manifest, show progress and return a summary."""

from __future__ import annotations

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
from .readers import count_records, input_kind, read_inputs
from .records import DEFAULT_MAX_CHARS, Record, check_records
from .shards import FORMATS, Manifest
from .worker import ShardResult, ShardTask, init_worker, process_shard, use_pipeline

OutputFormat = Literal["parquet", "jsonl"]
Engine = Literal["local", "ray"]
DEFAULT_BATCH_SIZE = 256
PIPE_BATCH_SIZE = 64


@dataclass
class BatchSummary:
    """The outcome of a batch run. ``failed`` counts records written to the errors file."""

    output: str
    documents: int = 0
    failed: int = 0
    claims: int = 0
    seconds: float = 0.0
    shards: int = 0
    resumed_shards: int = 0
    engine: str = "local"
    workers: int = 1
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)

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
            "worker_peak_rss_mb": {str(k): round(v, 1) for k, v in self.worker_peak_rss_mb.items()},
        }


def run(
    inputs: str | Path | Iterable[str | Path],
    output: str | Path,
    *,
    output_format: OutputFormat = "parquet",
    text_field: str = "text",
    id_field: str = "id",
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
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
    standard input). ``batch_size`` records make one shard (the unit of work and of resumption). ``workers``
    processes each load the pipeline once (``nlp`` is used instead only when ``workers == 1``). With
    ``resume=True`` an interrupted run in ``output`` is completed: finished shards are kept, the rest redone.
    ``progress=None`` shows a progress bar only when standard error is a terminal. Bad records go to the
    errors file and never stop the run.
    """
    sources = [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]
    if output_format not in FORMATS:
        raise ClaimscopeValueError(Errors.E007, value=output_format, choices=", ".join(FORMATS))
    if workers < 1 or batch_size < 1:
        raise ClaimscopeValueError(Errors.E009, index=0, reason="workers and batch_size must be at least 1")
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
        batch_size=batch_size,
        resume=resume,
        model=None if model is None else str(model),
        extra_entities=None if extra_entities is None else str(extra_entities),
        max_chars=max_chars,
        progress=sys.stderr.isatty() if progress is None else progress,
        nlp=nlp,
    )


def settings_of(sources: list[str], **options: object) -> dict[str, object]:
    """The settings a resumed run must share with the interrupted one (workers may differ)."""
    absolute = [s if s == "-" else str(Path(s).resolve()) for s in sources]
    return {"inputs": absolute, **options}


def _run_local(
    sources: list[str],
    out: Path,
    *,
    output_format: str,
    text_field: str,
    id_field: str,
    workers: int,
    batch_size: int,
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
    )
    for source in sources:
        input_kind(source)  # E018 before anything is written
    records = check_records(read_inputs(sources, text_field, id_field), text_field, max_chars)
    manifest = Manifest.open(out, settings, resume)
    resumed = set(manifest.shards)
    summary = BatchSummary(output=str(out), workers=workers)
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
        bar.update(result.documents)
        bar.set_postfix(claims=sum(c["claims"] for c in manifest.shards.values()), errors=_failed(manifest))

    try:
        if workers == 1:
            use_pipeline(nlp if nlp is not None else _load(model, extra_entities))
            for task in todo:
                finished(process_shard(task, str(out), output_format, min(batch_size, PIPE_BATCH_SIZE)))
        else:
            _run_pool(todo, workers, out, output_format, batch_size, model, extra_entities, finished)
    finally:
        bar.close()
    summary.shards = len(manifest.shards)
    summary.resumed_shards = len(resumed)
    summary.documents = sum(c["documents"] for c in manifest.shards.values())
    summary.claims = sum(c["claims"] for c in manifest.shards.values())
    summary.failed = _failed(manifest)
    summary.seconds = time.perf_counter() - started
    manifest.finish(summary.to_dict())
    return summary


def _run_pool(
    tasks: Iterator[ShardTask],
    workers: int,
    out: Path,
    output_format: str,
    batch_size: int,
    model: str | None,
    extra_entities: str | None,
    finished: object,
) -> None:
    """Send shards to ``workers`` processes, at most two per worker in flight so memory stays flat."""
    threads = max(1, (os.cpu_count() or 1) // workers)
    context = multiprocessing.get_context("spawn")  # forking a process that holds torch threads can deadlock
    with ProcessPoolExecutor(workers, context, init_worker, (model, extra_entities, threads)) as pool:
        pending: set[Future[ShardResult]] = set()
        for task in itertools.chain(tasks, [None]):
            if task is not None:
                pending.add(pool.submit(process_shard, task, str(out), output_format, min(batch_size, PIPE_BATCH_SIZE)))
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
