"""Run a batch: check the inputs and models, lock the output folder, read and check records, cut them into
shards, analyse the shards (here or in worker processes), record each finished shard in the manifest, show
progress and return a summary. Ctrl-C stops the workers and leaves a resumable run (:class:`BatchInterrupted`)."""

from __future__ import annotations

import gc
import itertools
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language
from tqdm import tqdm

from claimscope.batch.faults import BatchInterrupted, OutputLock
from claimscope.batch.readers import STDIN, count_records, input_kind, read_inputs, sample_fields
from claimscope.batch.records import DEFAULT_BATCH_SIZE, DEFAULT_MAX_CHARS, Record, check_records, passthrough_columns
from claimscope.batch.shards import FORMATS, MANIFEST, Manifest, read_manifest
from claimscope.batch.tables import DOCUMENTS_SCHEMA
from claimscope.batch.worker import (
    CLASSIFIER_PIPE,
    ShardResult,
    ShardTask,
    init_forked_worker,
    init_worker,
    load_pipeline,
    math_threads,
    preload_topic_models,
    process_shard,
    use_pipeline,
)
from claimscope.classify.topics import check_topics
from claimscope.errors import ClaimscopeError, ClaimscopeValueError, Errors, Warnings, warn

OutputFormat = Literal["parquet", "jsonl"]
Engine = Literal["local", "ray"]
"""Records per shard at most when ``batch_size`` is not given (see :func:`shard_size`)."""
SHARDS_PER_WORKER = 4
RESERVED_COLUMNS = (*DOCUMENTS_SCHEMA.names, "claims")
"""claimscope's own documents columns (and the Ray actor's ``claims``): input fields so named are prefixed."""
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
    id_field: str | None = None,
    workers: int | None = None,
    threads: int = 1,
    batch_size: int | None = None,
    topics: str | Iterable[str] | None = None,
    engine: Engine = "local",
    resume: bool = False,
    ray_address: str | None = None,
    model: str | Path | None = None,
    extra_entities: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: bool | None = None,
    nlp: Language | None = None,
    classifier: bool = True,
    tier: str | None = None,
) -> BatchSummary:
    """Analyse a corpus into sharded claims, documents and errors tables under ``output``.

    ``inputs``: .jsonl, .jsonl.gz, .csv or .parquet files, folders of .txt files, or ``"-"`` (JSON lines on
    standard input). Before anything is written, the first records of each input are checked for
    ``text_field`` (E043) and, when given, ``id_field`` (E044; without it the id is the field ``id``, else
    ``source:line``); their other fields pass through to the documents table. ``batch_size`` records make
    one shard (the unit of work and of resumption); by default shards are sized from the corpus (:func:`shard_size`).
    ``topics`` (phrases such as "sanctions against Russia"; E024 for an empty one) add to each claim about a
    topic a stance towards it; they are part of the run's settings. A missing classifier stops the run (E045)
    unless ``classifier=False`` (rules only). ``tier`` (``accurate`` or ``fast``; default as for
    :func:`claimscope.load`) is set as ``$CLAIMSCOPE_TIER`` for the run, so every worker loads the same models.
    ``workers`` processes (default: one per core, :func:`cores`) share the work, each with ``threads`` torch
    threads (default 1: a worker is a core). With one thread and ``fork`` (Linux), the pipeline (``nlp``, else
    loaded from ``model``) is loaded once here and the workers are forked from it; otherwise each worker loads
    its own. With ``workers == 1`` everything runs in this process. With ``resume=True`` an interrupted run in
    ``output`` is completed: finished shards are kept, the rest redone.
    ``progress=None`` shows a progress bar only when standard error is a terminal. Bad records go to the
    errors file and never stop the run. Raises :class:`~claimscope.batch.faults.BatchIOError` on an I/O fault
    (E040, E041), :class:`~claimscope.batch.faults.OutputInUseError` when another run holds ``output`` (E042)
    and :class:`~claimscope.batch.faults.BatchInterrupted` on Ctrl-C; each leaves a run ``resume`` finishes.
    """
    from claimscope.models.tiers import TIER_ENV, check_tier

    with _environment(TIER_ENV, None if tier is None else check_tier(tier)):
        sources = [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]
        if output_format not in FORMATS:
            raise ClaimscopeValueError(Errors.E007, value=output_format, choices=", ".join(FORMATS))
        if engine not in ("local", "ray"):
            raise ClaimscopeValueError(Errors.E007, value=engine, choices="local, ray")
        workers = cores() if workers is None else workers
        if workers < 1 or threads < 1 or (batch_size is not None and batch_size < 1):
            raise ClaimscopeValueError(
                Errors.E009, index=0, reason="workers, threads and batch_size must be at least 1"
            )
        checked_topics = check_topics(topics)
        for source in sources:
            kind = input_kind(source)  # E018 before anything is written
            if kind == "stdin" and engine == "ray":
                raise ClaimscopeValueError(Errors.E018, path=source, reason="the Ray engine cannot read standard input")
        passthrough = check_fields(sources, text_field, id_field)
        identity = classifier_identity(nlp, model, classifier)
        if engine == "ray":
            from claimscope.integrations.ray import run_ray

            return run_ray(
                sources,
                output,
                output_format=output_format,
                text_field=text_field,
                id_field=id_field or "id",
                workers=workers,
                batch_size=batch_size or DEFAULT_BATCH_SIZE,
                topics=checked_topics,
                resume=resume,
                ray_address=ray_address,
                model=model,
                extra_entities=extra_entities,
                max_chars=max_chars,
                classifier=classifier,
                passthrough=passthrough,
                versions=run_versions(identity, checked_topics),
            )
        return _run_local(
            sources,
            Path(output),
            output_format=output_format,
            text_field=text_field,
            id_field=id_field or "id",
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
            classifier=classifier,
            passthrough=passthrough,
            versions=run_versions(identity, checked_topics),
        )


def check_fields(sources: list[str], text_field: str, id_field: str | None) -> dict[str, str]:
    """Check the fields against each input's first records, CSV header or Parquet schema: E043 when none has
    ``text_field``, E044 when none has ``id_field`` (only checked when given). Returns the passthrough columns:
    input field -> documents column (:func:`~claimscope.batch.records.passthrough_columns`)."""
    fields: dict[str, None] = {}
    for source in sources:
        try:
            sample = sample_fields(source)
        except ClaimscopeError:
            raise
        except (OSError, EOFError, ValueError) as err:  # unreadable, a corrupt gzip or Parquet file
            reason = getattr(err, "strerror", None) or err
            raise ClaimscopeValueError(Errors.E018, path=source, reason=reason) from err
        if sample is None or sample.checked == 0:
            continue
        shown = ", ".join(repr(f) for f in sample.fields[:30]) or "none"
        if not sample.has(text_field):
            raise ClaimscopeValueError(
                Errors.E043, checked=sample.checked, source=sample.source, field=text_field, fields=shown
            )
        if id_field is not None and not sample.has(id_field):
            raise ClaimscopeValueError(
                Errors.E044, checked=sample.checked, source=sample.source, field=id_field, fields=shown
            )
        fields.update(dict.fromkeys(f for f in sample.fields if f not in (text_field, id_field or "id")))
    return passthrough_columns(fields, RESERVED_COLUMNS)


def classifier_identity(nlp: Language | None, model: str | Path | None, classifier: bool) -> dict[str, Any] | None:
    """The classifier artefact the run will use (its folder name and a short sha256 of its weights), None
    with ``classifier=False``; E045 when it is asked for and missing."""
    from claimscope.models.artefacts import is_installed
    from claimscope.models.predict import default_model_path

    if not classifier:
        return None
    if nlp is not None:
        if CLASSIFIER_PIPE not in nlp.pipe_names:
            raise ClaimscopeValueError(Errors.E045, path=default_model_path())
        return artefact_identity(Path(getattr(nlp.get_pipe(CLASSIFIER_PIPE), "model_path", default_model_path())))
    if model is not None:
        config = Path(model) / "config.cfg"
        if not config.is_file():
            return None  # not a pipeline folder: loading it fails with E004
        if CLASSIFIER_PIPE not in config.read_text(encoding="utf-8"):
            raise ClaimscopeValueError(Errors.E045, path=Path(model) / CLASSIFIER_PIPE)
        return artefact_identity(Path(model) / CLASSIFIER_PIPE)
    path = default_model_path()
    if not is_installed(path):
        raise ClaimscopeValueError(Errors.E045, path=path)
    return artefact_identity(path)


def artefact_identity(path: Path) -> dict[str, Any]:
    """A model artefact's folder name and the first 16 hex digits of its ``model.safetensors``'s sha256."""
    from claimscope.models.artefacts import weights_sha256

    weights = path / "model.safetensors"
    return {"name": path.name, "sha256": weights_sha256(weights)[:16] if weights.is_file() else None}


@contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    """Within the block, ``$name`` is ``value`` (child processes inherit it); the earlier value comes back.
    With ``value`` None the environment is left as it is."""
    if value is None:
        yield
        return
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def run_versions(classifier: dict[str, Any] | None, topics: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """What the manifest records of the run's code and models: the library version, the classifier (None for a
    rules-only run) and, with topics, the topic-stance model."""
    from claimscope import __version__

    versions: dict[str, Any] = {"claimscope": __version__, "classifier": classifier}
    if topics:
        from claimscope.models.predict import default_topic_model_path

        versions["topic_model"] = artefact_identity(default_topic_model_path())
    return versions


def shard_size(records: int | None, workers: int) -> int:
    """Records per shard when the user gives none: about :data:`SHARDS_PER_WORKER` shards per worker, at most
    :data:`DEFAULT_BATCH_SIZE` records each (the default size when the count is unknown, e.g. standard input)."""
    if not records:
        return DEFAULT_BATCH_SIZE
    return max(1, min(DEFAULT_BATCH_SIZE, math.ceil(records / (SHARDS_PER_WORKER * workers))))


def settings_of(sources: list[str], **options: object) -> dict[str, object]:
    """The settings a resumed run must share with the interrupted one (workers may differ).

    Empty options (no topics) are left out, so that runs recorded before an option existed
    can still be resumed without it."""
    absolute = [s if s == "-" else str(Path(s).resolve()) for s in sources]
    return {"inputs": absolute, **{k: v for k, v in options.items() if v not in ((), [], None)}}


def _run_local(
    sources: list[str],
    out: Path,
    *,
    output_format: str,
    text_field: str,
    id_field: str,
    workers: int,
    threads: int,
    batch_size: int | None,
    topics: tuple[str, ...],
    resume: bool,
    model: str | None,
    extra_entities: str | None,
    max_chars: int,
    progress: bool,
    nlp: Language | None,
    classifier: bool,
    passthrough: dict[str, str],
    versions: dict[str, Any],
) -> BatchSummary:
    started = time.perf_counter()
    preload_topic_models(topics)  # E008 before anything is written; cached for this process and forked workers
    total = None if STDIN in sources else _count(sources)
    if batch_size is None:
        recorded = _recorded_batch_size(out) if resume else None
        batch_size = recorded or shard_size(total, workers)
    n_shards = None if total is None else math.ceil(total / batch_size)
    asked = workers
    if n_shards is not None and workers > max(n_shards, 1):
        workers = max(n_shards, 1)  # no idle process is started
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
        passthrough=passthrough or None,
        classifier=None if classifier else False,
    )
    records = check_records(read_inputs(sources, text_field, id_field), text_field, max_chars, passthrough)
    with OutputLock(out):
        manifest = Manifest.open(out, settings, resume, versions)
        if n_shards and asked > n_shards:
            warn(Warnings.W021, stacklevel=3, shards=n_shards, batch_size=batch_size, workers=asked)
        return _process(
            manifest,
            records,
            started=started,
            output_format=output_format,
            workers=workers,
            threads=threads,
            batch_size=batch_size,
            topics=topics,
            model=model,
            extra_entities=extra_entities,
            progress=progress,
            nlp=nlp,
            classifier=classifier,
            columns=tuple(passthrough.values()),
            total=total,
            n_shards=n_shards,
        )


def _process(
    manifest: Manifest,
    records: Iterator[Record],
    *,
    started: float,
    output_format: str,
    workers: int,
    threads: int,
    batch_size: int,
    topics: tuple[str, ...],
    model: str | None,
    extra_entities: str | None,
    progress: bool,
    nlp: Language | None,
    classifier: bool,
    columns: tuple[str, ...],
    total: int | None,
    n_shards: int | None,
) -> BatchSummary:
    """Analyse the shards not yet in ``manifest``, then complete it (the output folder is locked)."""
    out = manifest.out
    resumed = set(manifest.shards)
    summary = BatchSummary(output=str(out), workers=workers, threads=threads)
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
    arguments = (str(out), output_format, pipe_batch_size, topics, columns)
    try:
        if workers == 1:
            with _pipeline(nlp, model, extra_entities, classifier) as pipeline:
                assert pipeline is not None  # load=True
                use_pipeline(pipeline)
                _warm_up(pipeline)  # as before a fork: model loads are start-up, not part of the first shard
                with math_threads(threads):
                    for task in todo:
                        finished(process_shard(task, *arguments))
        else:
            forked = threads == 1 and _can_fork()
            with _pipeline(nlp, model, extra_entities, classifier, load=forked) as shared:
                pool = _pool(workers, threads, shared, model, extra_entities, topics, classifier)
                _run_pool(pool, todo, workers, arguments, finished)
    except KeyboardInterrupt:
        raise BatchInterrupted(str(out), len(manifest.shards), n_shards) from None
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


def _count(sources: list[str]) -> int:
    """How many records the inputs hold (E018 for an input that cannot be read through)."""
    try:
        return count_records(sources) or 0
    except (OSError, EOFError, ValueError) as err:
        path = getattr(err, "filename", None) or ", ".join(sources)
        raise ClaimscopeValueError(Errors.E018, path=path, reason=getattr(err, "strerror", None) or err) from err


def _recorded_batch_size(out: Path) -> int | None:
    """The batch size of the run to resume in ``out`` (its shards were cut with it), if there is one."""
    if not (out / MANIFEST).is_file():
        return None
    size = read_manifest(out).get("settings", {}).get("batch_size")
    return size if isinstance(size, int) and size > 0 else None


@contextmanager
def _pipeline(
    nlp: Language | None, model: str | None, extra_entities: str | None, classifier: bool, load: bool = True
) -> Iterator[Language | None]:
    """The run's pipeline: ``nlp`` (with the classifier pipe switched off for this block when ``classifier`` is
    False), else loaded when ``load``; None when ``nlp`` is None and not ``load``."""
    if nlp is None:
        yield load_pipeline(model, extra_entities, classifier) if load else None
    elif not classifier and CLASSIFIER_PIPE in nlp.pipe_names:
        with nlp.select_pipes(disable=[CLASSIFIER_PIPE]):
            yield nlp
    else:
        yield nlp


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"


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
    classifier: bool = True,
) -> ProcessPoolExecutor:
    """``workers`` processes, each with the pipeline loaded once and ``threads`` math threads.

    With one thread per worker and ``fork`` available (Linux), the pipeline is loaded and warmed up here, once,
    and the workers are forked from this process: no worker pays a load, they start at once, and the model
    weights are shared copy-on-write. Otherwise (more threads, or no ``fork``) the workers are spawned and each
    loads the pipeline: a forked child cannot use more than one torch thread safely.
    """
    if threads == 1 and _can_fork():
        pipeline = nlp if nlp is not None else load_pipeline(model, extra_entities, classifier)
        use_pipeline(pipeline)
        _warm_up(pipeline)
        # The pipeline's objects go to the collector's permanent generation: collections in the workers then
        # never write to their pages, which stay shared with this process instead of being copied into each.
        gc.freeze()
        return ProcessPoolExecutor(workers, multiprocessing.get_context("fork"), init_forked_worker)
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, context, init_worker, (model, extra_entities, threads, topics, classifier))


def _warm_up(nlp: Language) -> None:
    """Run the pipeline once, so that components that load their models on first use do it before the fork."""
    from claimscope.api import analyze_batch

    for _ in analyze_batch([WARM_UP_TEXT], nlp=nlp):
        pass


def _run_pool(
    pool: ProcessPoolExecutor,
    tasks: Iterator[ShardTask],
    workers: int,
    arguments: tuple[str, str, int, tuple[str, ...], tuple[str, ...]],
    finished: Callable[[ShardResult], None],
) -> None:
    """Send shards to the pool's ``workers`` processes, at most two per worker in flight so memory stays flat.

    On any exception (Ctrl-C, an I/O fault in a worker) the workers are stopped at once, not waited for."""
    try:
        pending: set[Future[ShardResult]] = set()
        for task in itertools.chain(tasks, [None]):
            if task is not None:
                pending.add(pool.submit(process_shard, task, *arguments))
            while pending and (len(pending) >= 2 * workers or task is None):
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    finished(future.result())
    except BaseException:
        with _interrupts_held():
            _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's worker processes and wait for them to be gone (so none writes after the run)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ignore Ctrl-C while the block cleans up (in the main thread; elsewhere signals are not ours to set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _shards(records: Iterator[Record], batch_size: int) -> Iterator[ShardTask]:
    for index in itertools.count():
        chunk = list(itertools.islice(records, batch_size))
        if not chunk:
            return
        yield ShardTask(index, chunk)


def _failed(manifest: Manifest) -> int:
    return sum(c["failed"] for c in manifest.shards.values())
