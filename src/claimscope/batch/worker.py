"""Analyse one shard of records and write its files; the pipeline is loaded once per process.

Worker processes get the pipeline in one of two ways (see :func:`claimscope.batch.runner.run`): forked from a
parent that has already loaded it (:func:`init_forked_worker`; the model weights are shared copy-on-write and
no worker pays a load), or spawned and loading it themselves (:func:`init_worker`).
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from spacy.language import Language

from claimscope.api import analyze_batch
from claimscope.batch.faults import BatchIOError, write_fault
from claimscope.batch.records import Record, safe_str
from claimscope.batch.shards import ShardFiles, encode_rows, write_shard
from claimscope.batch.tables import claim_rows, document_row, error_row, failed_document_row
from claimscope.errors import Errors
from claimscope.models.memory import libc, proportional_set_size_mb, release_free_memory
from claimscope.schema import Analysis

_pipeline: Language | None = None
Rows = tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any] | None]
"""One record's claims rows, documents row, and errors row (None when it succeeded)."""
ENCODING_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError, UnicodeError, pa.ArrowException)
CLASSIFIER_PIPE = "claimscope_classify"
PR_SET_PDEATHSIG = 1  # <sys/prctl.h>


@dataclass(frozen=True, slots=True)
class ShardTask:
    """A shard to process: its index and its records, in input order."""

    index: int
    records: list[Record]


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What a worker reports back for one finished shard."""

    index: int
    documents: int
    failed: int
    claims: int
    seconds: float
    peak_rss_mb: float
    pid: int
    started_at: float
    finished_at: float
    pss_mb: float | None = None

    def counts(self) -> dict[str, Any]:
        """The counts stored in the manifest."""
        return {
            "documents": self.documents,
            "failed": self.failed,
            "claims": self.claims,
            "started_at": round(self.started_at, 3),
            "finished_at": round(self.finished_at, 3),
        }


def init_worker(
    model: str | None,
    extra_entities: str | None,
    threads: int | None,
    topics: tuple[str, ...] = (),
    classifier: bool = True,
) -> None:
    """Spawned-process initialiser: cap the math threads, then load the pipeline (and topic models) once."""
    _ignore_interrupts()
    _die_with_parent()
    _cap_threads(threads)
    use_pipeline(load_pipeline(model, extra_entities, classifier))
    preload_topic_models(topics)
    _cap_threads(threads)


def load_pipeline(model: str | None, extra_entities: str | None, classifier: bool = True) -> Language:
    """The pipeline of a run: ``model`` (or the default) with ``extra_entities``; without the classifier pipe
    when ``classifier`` is False."""
    from claimscope.pipeline import load

    nlp = load(model, extra_entities=extra_entities)
    if not classifier and CLASSIFIER_PIPE in nlp.pipe_names:
        nlp.remove_pipe(CLASSIFIER_PIPE)
    return nlp


def init_forked_worker() -> None:
    """Forked-process initialiser: the pipeline came with the fork; use one math thread.

    The processes are the parallelism, and torch's OpenMP pool, inherited from a parent that has run it,
    deadlocks on its next parallel region unless the child stays on one thread.
    """
    _ignore_interrupts()
    _die_with_parent()
    _cap_threads(1)


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the run's main process: it stops the workers itself (a Ctrl-C in a terminal reaches every
    process of the group, and a worker that took it would print a traceback of its own)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the run's main process dies (``kill -9`` included), so
    that no orphan goes on writing into the output folder while ``--resume`` redoes the shards."""
    prctl = getattr(libc, "prctl", None)
    if prctl is None:
        return
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)


def _cap_threads(threads: int | None) -> None:
    if threads is None:
        return
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


@contextmanager
def math_threads(threads: int) -> Iterator[None]:
    """Run the block on ``threads`` torch threads, then give this process its earlier setting back."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def preload_topic_models(topics: tuple[str, ...] | list[str]) -> None:
    """Load the topic-stance and relevance models now (they are cached per process): a missing model fails the
    run before any shard (E008), and forked workers share the loaded weights."""
    if not topics:
        return
    from claimscope.classify.topic_stance import TopicStancer

    stancer = TopicStancer(list(topics))
    stancer.stance_model  # noqa: B018  (loads and caches)
    stancer.relevance  # noqa: B018


def use_pipeline(nlp: Language) -> None:
    """Make ``nlp`` this process's pipeline (for in-process runs)."""
    global _pipeline
    _pipeline = nlp


def process_shard(
    task: ShardTask,
    out: str,
    output_format: str,
    pipe_batch_size: int,
    topics: tuple[str, ...] = (),
    extra_columns: tuple[str, ...] = (),
) -> ShardResult:
    """Analyse the shard's records (with stances towards ``topics``), write its claims, documents and errors
    files (the documents with the ``extra_columns`` passed through), and report counts.

    No record stops the shard: one the pipeline fails on gets E017, one whose rows cannot be made or encoded
    E046. A failed write raises :class:`BatchIOError` (E040) naming the file."""
    if _pipeline is None:
        raise RuntimeError("init_worker() or use_pipeline() must run before process_shard()")
    started_at = time.time()
    started = time.perf_counter()
    todo = [r for r in task.records if r.error is None]
    analyses = dict(zip((r.record for r in todo), _analyze(todo, _pipeline, pipe_batch_size, topics), strict=True))
    rows = [record_rows(r, analyses.get(r.record)) for r in task.records]
    shard = encode_shard(task.records, rows, output_format, extra_columns)
    try:
        write_shard(Path(out), task.index, shard)
    except BatchIOError:
        raise
    except OSError as err:
        raise write_fault(getattr(err, "filename", None) or out, err) from err
    release_free_memory()
    return ShardResult(
        index=task.index,
        documents=len(task.records),
        failed=shard.failed,
        claims=shard.n_claims,
        seconds=time.perf_counter() - started,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        pid=os.getpid(),
        started_at=started_at,
        finished_at=time.time(),
        pss_mb=proportional_set_size_mb(),
    )


def encode_shard(
    records: list[Record], rows: list[Rows], output_format: str, extra_columns: tuple[str, ...]
) -> ShardFiles:
    """The shard's files as bytes or tables; a record whose rows cannot be encoded (e.g. text UTF-8 cannot hold)
    is failed with E046 instead, and the rest are kept."""
    try:
        return encode_rows(rows, output_format, extra_columns)
    except ENCODING_ERRORS:
        pass
    kept = []
    for record, one in zip(records, rows, strict=True):
        try:
            encode_rows([one], output_format, extra_columns)
            kept.append(one)
        except ENCODING_ERRORS as err:
            reason = f"{type(err).__name__}: {err}"
            message = Errors.E046.format(doc_id=record.doc_id, source=record.source, reason=reason)
            kept.append(failed_rows(record, message))
    return encode_rows(kept, output_format, extra_columns)


def record_rows(record: Record, analysis: Analysis | None) -> Rows:
    """The claims rows, documents row and errors row (None when it succeeded) of one record."""
    try:
        if analysis is not None and not analysis.error and record.error is None:
            document = {**document_row(record.doc_id, record.record, record.source, analysis), **record.extra}
            return claim_rows(record.doc_id, analysis), document, None
        message = record.error or (analysis.error if analysis else None) or "unknown error"
    except Exception as err:  # noqa: BLE001  one record's fault must not stop the run
        message = Errors.E046.format(doc_id=record.doc_id, source=record.source, reason=f"{type(err).__name__}: {err}")
    return failed_rows(record, message)


def failed_rows(record: Record, message: str) -> Rows:
    """The rows of a record that failed with ``message``."""
    message = safe_str(message)
    document = {**failed_document_row(record.doc_id, record.record, record.source, message), **record.extra}
    return [], document, error_row(record.doc_id, record.record, record.source, message)


def _analyze(records: list[Record], nlp: Language, batch_size: int, topics: tuple[str, ...]) -> list[Analysis]:
    """Analyses of ``records``; if the batch fails inside the pipeline, each record is retried alone (E017)."""
    texts = [r.text for r in records]
    try:
        return list(analyze_batch(texts, batch_size=batch_size, nlp=nlp, topics=list(topics)))  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001  a crash deep in the pipeline must not stop the run
        return [_analyze_alone(r, nlp, topics) for r in records]


def _analyze_alone(record: Record, nlp: Language, topics: tuple[str, ...]) -> Analysis:
    try:
        return next(analyze_batch([record.text or ""], nlp=nlp, topics=list(topics)))
    except Exception as err:  # noqa: BLE001
        reason = f"{type(err).__name__}: {err}"
        return Analysis(text="", error=Errors.E017.format(doc_id=record.doc_id, source=record.source, reason=reason))
