"""Ray Data: :class:`ClaimscopeActor` (a stateful ``map_batches`` actor) and the ``--engine ray`` run.

    ds = ray.data.read_json("corpus.jsonl")
    docs = ds.map_batches(ClaimscopeActor, fn_constructor_kwargs={"text_field": "text"},
                          batch_format="pyarrow", batch_size=256, concurrency=4)

Each actor loads the pipeline once. Its output has one row per input record: the documents table's columns
(with the ``passthrough`` input columns) plus ``claims`` (a list of claim structs); :func:`explode_claims` turns
that into the claims table. No record stops a batch: any exception inside one becomes its coded error.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from claimscope.batch.faults import LOCK_FILE, OutputLock
from claimscope.batch.readers import MISSING, input_kind
from claimscope.batch.records import DEFAULT_MAX_CHARS, cell, safe_str
from claimscope.batch.runner import BatchSummary
from claimscope.batch.shards import ERRORS_FILE, writing
from claimscope.batch.tables import (
    CLAIM,
    CLAIMS_SCHEMA,
    STATUS_ERROR,
    claim_row,
    document_row,
    documents_schema,
    error_row,
    failed_document_row,
    with_pandas_dtypes,
)
from claimscope.classify.topics import check_topics
from claimscope.errors import ClaimscopeValueError, Errors

if TYPE_CHECKING:
    from ray.data import Dataset

ACTOR_SCHEMA = documents_schema().append(pa.field("claims", pa.list_(CLAIM)))
ENCODING_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError, UnicodeError, pa.ArrowException)


def actor_schema(extra_columns: list[str] | tuple[str, ...] = ()) -> pa.Schema:
    """The actor's output schema: the documents table with ``extra_columns``, then ``claims``."""
    schema = documents_schema(extra_columns).append(pa.field("claims", pa.list_(CLAIM)))
    return with_pandas_dtypes(schema)


FILE_PATH_COLUMN = "path"
PROBLEM_COLUMN = "_claimscope_read_problem"
"""Set by the .txt-folder reader on a file it could not decode (the record fails with E012)."""


class ClaimscopeActor:
    """A Ray Data actor: loads the claimscope pipeline once, then analyses batches (``batch_format="pyarrow"``).

    Records checked as in the local engine: missing text (E013), text not a str (E014), too long (E015).
    A record without an id gets ``sha1:<hash of its text>``; text with undecodable bytes (kept as surrogates)
    fails with E012. Folders of .txt files arrive as ``id`` (path in the folder) and ``text`` columns.
    ``topics`` add stances towards them to the claims about them, as in :func:`claimscope.analyze_batch`.
    ``passthrough`` maps input columns to documents columns kept as strings (others' JSON); ``classifier=False``
    runs the rules only. Any exception inside one record fails that record (E017, E046), never the batch.
    """

    def __init__(
        self,
        text_field: str = "text",
        id_field: str = "id",
        model: str | None = None,
        extra_entities: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        pipe_batch_size: int = 64,
        topics: list[str] | None = None,
        passthrough: dict[str, str] | None = None,
        classifier: bool = True,
    ) -> None:
        from claimscope.batch.worker import load_pipeline, preload_topic_models

        self.topics = check_topics(topics)
        self.nlp = load_pipeline(model, extra_entities, classifier)
        preload_topic_models(self.topics)
        self.text_field = text_field
        self.id_field = id_field
        self.max_chars = max_chars
        self.pipe_batch_size = pipe_batch_size
        self.passthrough = dict(passthrough or {})
        self.schema = actor_schema(list(self.passthrough.values()))

    def __call__(self, batch: pa.Table) -> pa.Table:
        """One output row per input row: document columns, status, and the ``claims`` list."""
        records = [self._safe_record(row) for row in batch.to_pylist()]
        todo = [i for i, (_, _, error, _) in enumerate(records) if error is None]
        analyses = dict(zip(todo, self._analyze([(records[i][0], records[i][1]) for i in todo]), strict=True))
        rows = [self._row(record, analyses.get(i)) for i, record in enumerate(records)]
        try:
            return pa.Table.from_pylist(rows, schema=self.schema)
        except ENCODING_ERRORS:
            return pa.Table.from_pylist([self._encodable(row) for row in rows], schema=self.schema)

    def _analyze(self, items: list[tuple[str, str]]) -> list[Any]:
        """Analyses of ``(doc_id, text)`` items; when the batch fails, each is retried alone (E017)."""
        from claimscope.api import analyze_batch
        from claimscope.schema import Analysis

        texts = [text for _, text in items]
        try:
            return list(analyze_batch(texts, self.pipe_batch_size, nlp=self.nlp, topics=self.topics))
        except Exception:  # noqa: BLE001  a crash deep in the pipeline must not stop the batch
            pass
        analyses = []
        for doc_id, text in items:
            try:
                analyses.append(next(analyze_batch([text], nlp=self.nlp, topics=self.topics)))
            except Exception as err:  # noqa: BLE001
                reason = f"{type(err).__name__}: {err}"
                analyses.append(Analysis(text="", error=Errors.E017.format(doc_id=doc_id, source="ray", reason=reason)))
        return analyses

    def _row(self, record: tuple[str, str, str | None, dict[str, Any]], analysis: Any) -> dict[str, Any]:
        doc_id, _, error, extra = record
        try:
            if error is None and analysis is not None and not analysis.error:
                row = document_row(doc_id, None, "ray", analysis)  # type: ignore[arg-type]
                return {**row, **extra, "claims": [claim_row(c) for c in analysis.claims]}
            message = error or (analysis.error if analysis else None) or "unknown error"
        except Exception as err:  # noqa: BLE001
            message = Errors.E046.format(doc_id=doc_id, source="ray", reason=f"{type(err).__name__}: {err}")
        return self._failed(doc_id, message, extra)

    def _failed(self, doc_id: str, message: str, extra: dict[str, Any]) -> dict[str, Any]:
        return {**failed_document_row(doc_id, None, "ray", safe_str(message)), **extra, "claims": []}  # type: ignore[arg-type]

    def _encodable(self, row: dict[str, Any]) -> dict[str, Any]:
        """``row``, or its failed row (E046) when Arrow cannot hold it."""
        try:
            pa.Table.from_pylist([row], schema=self.schema)
            return row
        except ENCODING_ERRORS as err:
            extra = {c: row.get(c) for c in self.passthrough.values()}
            reason = f"{type(err).__name__}: {err}"
            return self._failed(
                row["doc_id"], Errors.E046.format(doc_id=row["doc_id"], source="ray", reason=reason), extra
            )

    def _safe_record(self, row: dict[str, Any]) -> tuple[str, str, str | None, dict[str, Any]]:
        """:meth:`_record` with the passthrough values; an exception fails the record (E046), not the batch."""
        try:
            extra = {column: cell(row.get(name)) for name, column in self.passthrough.items()}
        except Exception:  # noqa: BLE001
            extra = dict.fromkeys(self.passthrough.values())
        try:
            return (*self._record(row), extra)
        except Exception as err:  # noqa: BLE001
            doc_id = safe_str(str(row.get(self.id_field) or "?"))
            return (
                doc_id,
                "",
                Errors.E046.format(doc_id=doc_id, source="ray", reason=f"{type(err).__name__}: {err}"),
                extra,
            )

    def _record(self, row: dict[str, Any]) -> tuple[str, str, str | None]:
        text = row.get(self.text_field, MISSING)
        text = MISSING if text is None else text
        raw_id = row.get(self.id_field)
        doc_id = safe_str(str(raw_id)) if raw_id not in (None, "") else _content_id(text)
        if row.get(PROBLEM_COLUMN):
            return doc_id, "", Errors.E012.format(record="-", source=doc_id, reason=row[PROBLEM_COLUMN])
        if isinstance(text, str) and any("\udc80" <= ch <= "\udcff" for ch in text):
            return doc_id, "", Errors.E012.format(record="-", source=doc_id, reason="not valid UTF-8")
        if text is MISSING:
            return doc_id, "", Errors.E013.format(doc_id=doc_id, source="ray", field=self.text_field)
        if not isinstance(text, str):
            kind = type(text).__name__
            return doc_id, "", Errors.E014.format(doc_id=doc_id, source="ray", field=self.text_field, type=kind)
        if len(text) > self.max_chars:
            error = Errors.E015.format(doc_id=doc_id, source="ray", length=len(text), limit=self.max_chars)
            return doc_id, "", error
        return doc_id, text, None


def explode_claims(batch: pa.Table) -> pa.Table:
    """The claims table (one row per claim) from a batch of :class:`ClaimscopeActor` output."""
    rows: list[dict[str, Any]] = []
    for doc_id, claims in zip(batch.column("doc_id").to_pylist(), batch.column("claims").to_pylist(), strict=True):
        rows += [{"doc_id": doc_id, "claim_index": i, **claim} for i, claim in enumerate(claims)]
    return pa.Table.from_pylist(rows, schema=CLAIMS_SCHEMA)


def read_corpus(sources: list[str], text_field: str = "text", id_field: str = "id") -> Dataset:
    """A Ray Dataset of the inputs (JSON lines, gzip JSON lines, CSV, Parquet, folders of .txt files)."""
    import ray.data

    parts = []
    for source in sources:
        kind = input_kind(source)
        if kind == "stdin":
            raise ClaimscopeValueError(Errors.E018, path=source, reason="the Ray engine cannot read standard input")
        if kind in ("jsonl", "jsonl.gz"):
            parts.append(ray.data.read_json(source))
        elif kind == "csv":
            parts.append(ray.data.read_csv(source))
        elif kind == "parquet":
            parts.append(ray.data.read_parquet(source))
        else:
            root = Path(source).resolve()
            files = [str(p) for p in sorted(root.rglob("*.txt"))]
            parts.append(
                ray.data.read_binary_files(files, include_paths=True).map_batches(
                    _files_to_records,  # type: ignore[arg-type]  # ray's type of fn has no room for fn_kwargs
                    fn_kwargs={"root": str(root), "text_field": text_field, "id_field": id_field},
                    batch_format="pyarrow",
                )
            )
    return parts[0] if len(parts) == 1 else parts[0].union(*parts[1:])


def run_ray(
    sources: list[str],
    output: str | Path,
    *,
    output_format: str = "parquet",
    text_field: str = "text",
    id_field: str = "id",
    workers: int = 1,
    batch_size: int = 256,
    topics: list[str] | None = None,
    resume: bool = False,
    ray_address: str | None = None,
    model: str | Path | None = None,
    extra_entities: str | Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    classifier: bool = True,
    passthrough: dict[str, str] | None = None,
    versions: dict[str, Any] | None = None,
) -> BatchSummary:
    """The ``--engine ray`` run: ``workers`` actors in ``map_batches``; writes claims/, documents/, errors.jsonl
    and ``_summary.json`` (with ``versions``), holding the output folder's lock (E042) meanwhile."""
    try:
        import ray
    except ImportError as err:
        raise ClaimscopeValueError(Errors.E021, reason=err) from err
    out = Path(output)
    if resume:
        raise ClaimscopeValueError(Errors.E020, path=out, reason="--resume works with the local engine only")
    if out.exists() and any(p.name != LOCK_FILE for p in out.iterdir()):
        raise ClaimscopeValueError(Errors.E019, path=out)
    checked_topics = check_topics(topics)
    if checked_topics:
        _check_topic_model()
    with OutputLock(out):
        return _run_ray(
            ray,
            sources,
            out,
            output_format=output_format,
            text_field=text_field,
            id_field=id_field,
            workers=workers,
            batch_size=batch_size,
            topics=checked_topics,
            ray_address=ray_address,
            model=model,
            extra_entities=extra_entities,
            max_chars=max_chars,
            classifier=classifier,
            passthrough=passthrough or {},
            versions=versions or {},
        )


def _run_ray(
    ray: Any,
    sources: list[str],
    out: Path,
    *,
    output_format: str,
    text_field: str,
    id_field: str,
    workers: int,
    batch_size: int,
    topics: list[str],
    ray_address: str | None,
    model: str | Path | None,
    extra_entities: str | Path | None,
    max_chars: int,
    classifier: bool,
    passthrough: dict[str, str],
    versions: dict[str, Any],
) -> BatchSummary:
    checked_topics = topics
    started = time.perf_counter()
    if not ray.is_initialized():
        # A local Ray gets one logical CPU more than the actors hold, so that reading tasks can still run.
        local_cpus = None if ray_address else max(os.cpu_count() or 1, workers) + 1
        from claimscope.models.tiers import TIER_ENV

        # The actors load the models of this run's tier (a cluster's workers do not share this environment).
        env = {TIER_ENV: os.environ[TIER_ENV]} if os.environ.get(TIER_ENV) else {}
        ray.init(
            address=ray_address,
            num_cpus=local_cpus,
            include_dashboard=False,
            log_to_driver=False,
            runtime_env={"env_vars": env} if env else None,
        )
    constructor = {
        "text_field": text_field,
        "id_field": id_field,
        "model": None if model is None else str(model),
        "extra_entities": None if extra_entities is None else str(extra_entities),
        "max_chars": max_chars,
        "pipe_batch_size": min(batch_size, 64),
        "topics": checked_topics,
        "passthrough": passthrough,
        "classifier": classifier,
    }
    analysed = (
        read_corpus(sources, text_field, id_field)
        .map_batches(
            ClaimscopeActor,
            fn_constructor_kwargs=constructor,
            batch_size=batch_size,
            batch_format="pyarrow",
            concurrency=workers,
            num_cpus=1,
        )
        .materialize()
    )
    documents = analysed.drop_columns(["claims"])
    claims = analysed.map_batches(explode_claims, batch_format="pyarrow")
    with writing(out):
        if output_format == "parquet":
            documents.write_parquet(str(out / "documents"))
            claims.write_parquet(str(out / "claims"))
        else:
            documents.write_json(str(out / "documents"))
            claims.write_json(str(out / "claims"))
    failed = [
        error_row(r["doc_id"], r["record"], r["source"], r["error"])
        for r in analysed.select_columns(["doc_id", "record", "source", "status", "error"]).iter_rows()
        if r["status"] == STATUS_ERROR
    ]
    with writing(out / ERRORS_FILE):
        (out / ERRORS_FILE).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in failed), "utf-8")
    counts = analysed.sum("n_claims") if analysed.count() else 0
    summary = BatchSummary(
        output=str(out),
        documents=analysed.count(),
        failed=len(failed),
        claims=int(counts or 0),
        seconds=time.perf_counter() - started,
        engine="ray",
        workers=workers,
    )
    with writing(out / "_summary.json"):
        data = {**summary.to_dict(), "versions": versions}
        (out / "_summary.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    return summary


def _check_topic_model() -> None:
    """E008 in the driver, before any actor starts, when the topic-stance artefact is missing (the actors load
    it; a failing actor constructor would surface as a Ray error instead)."""
    from claimscope.models.artefacts import require
    from claimscope.models.predict import TOPIC_REBUILD_COMMAND, TopicStanceModel

    require(TopicStanceModel.default_path(), TOPIC_REBUILD_COMMAND)


def _files_to_records(batch: pa.Table, root: str, text_field: str, id_field: str) -> pa.Table:
    """``read_binary_files`` rows (``bytes``, ``path``) as ``id`` (path inside ``root``) and ``text`` rows."""
    paths = ["/" + p if not p.startswith("/") else p for p in batch.column(FILE_PATH_COLUMN).to_pylist()]
    ids = [os.path.relpath(p, root) if p.startswith(root) else p for p in paths]
    texts: list[str | None] = []
    problems: list[str | None] = []
    for data in batch.column("bytes").to_pylist():
        try:
            texts.append(data.decode("utf-8"))
            problems.append(None)
        except UnicodeDecodeError as err:  # Arrow holds no undecodable text: the record carries its problem
            texts.append(None)
            problems.append(f"not valid UTF-8 at byte {err.start}")
    return pa.table({id_field: ids, text_field: texts, PROBLEM_COLUMN: pa.array(problems, pa.string())})


def _content_id(text: Any) -> str:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else repr(text).encode()
    return "sha1:" + hashlib.sha1(data, usedforsecurity=False).hexdigest()[:16]
