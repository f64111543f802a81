"""The output folder of a batch run: shard files written with atomic renames, and the manifest of finished shards.

Layout::

    OUT/_manifest.json          settings and versions of the run, finished shards with their counts, summary
    OUT/.lock                   held by the run writing here (see :class:`~claimscope.batch.faults.OutputLock`)
    OUT/claims/part-000000.parquet      (or .jsonl) one file per shard
    OUT/documents/part-000000.parquet
    OUT/errors/part-000000.jsonl
    OUT/errors.jsonl            all failed records, written when the run completes

A shard's files are written under a hidden temporary name and renamed into place; the shard then enters the
manifest, which is itself replaced atomically. A shard missing from the manifest is redone on ``--resume``, and
its files are overwritten, so a killed run never leaves duplicates or holes. A failed write raises
:class:`~claimscope.batch.faults.BatchIOError` (E040) naming the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimscope.batch.faults import BatchIOError, write_fault
from claimscope.batch.tables import CLAIMS_SCHEMA, documents_schema, to_table
from claimscope.errors import ClaimscopeValueError, Errors

MANIFEST = "_manifest.json"
TABLES = ("claims", "documents", "errors")
FORMATS = ("parquet", "jsonl")
ERRORS_FILE = "errors.jsonl"
MANIFEST_VERSION = 1


def shard_name(index: int, ext: str) -> str:
    """The file name of shard ``index``."""
    return f"part-{index:06d}.{ext}"


@dataclass(frozen=True)
class ShardFiles:
    """A shard's three files, encoded: Arrow tables (Parquet) or JSON-lines bytes, and its counts."""

    output_format: str
    claims: pa.Table | bytes
    documents: pa.Table | bytes
    errors: bytes
    n_claims: int
    failed: int


def encode_rows(rows: list[Any], output_format: str, extra_columns: tuple[str, ...] = ()) -> ShardFiles:
    """Encode ``(claims rows, documents row, errors row or None)`` per record; raises when a value cannot be."""
    claims = [c for claim_rows, _, _ in rows for c in claim_rows]
    documents = [document for _, document, _ in rows]
    errors = [error for _, _, error in rows if error is not None]
    if output_format == "parquet":
        claims_file: pa.Table | bytes = to_table(claims, CLAIMS_SCHEMA)
        documents_file: pa.Table | bytes = to_table(documents, documents_schema(extra_columns))
    else:
        claims_file, documents_file = _jsonl(claims), _jsonl(documents)
    return ShardFiles(output_format, claims_file, documents_file, _jsonl(errors), len(claims), len(errors))


def write_shard(out: Path, index: int, shard: ShardFiles) -> None:
    """Write the three files of shard ``index``, each under a temporary name renamed into place (E040)."""
    ext = "parquet" if shard.output_format == "parquet" else "jsonl"
    for table, data in (("claims", shard.claims), ("documents", shard.documents)):
        path = out / table / shard_name(index, ext)
        if isinstance(data, pa.Table):
            _atomic_parquet(path, data)
        else:
            _atomic_write(path, data)
    _atomic_write(out / "errors" / shard_name(index, "jsonl"), shard.errors)


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an OSError inside the block into E040 naming ``path``."""
    try:
        yield
    except OSError as err:
        if isinstance(err, BatchIOError):  # already coded
            raise
        raise write_fault(path, err) from err


class Manifest:
    """The run's manifest: which shards are finished (with their counts), under which settings."""

    def __init__(
        self,
        out: Path,
        settings: dict[str, Any],
        shards: dict[int, dict[str, Any]] | None = None,
        versions: dict[str, Any] | None = None,
    ) -> None:
        self.out = out
        self.settings = settings
        self.versions: dict[str, Any] = versions or {}
        self.shards: dict[int, dict[str, Any]] = shards or {}
        self.summary: dict[str, Any] | None = None

    @classmethod
    def open(
        cls, out: Path, settings: dict[str, Any], resume: bool, versions: dict[str, Any] | None = None
    ) -> Manifest:
        """The manifest of a new run in ``out``, or of the run to resume there (E019; E020 when the settings or
        the models differ). ``versions``: the library and model identities (:func:`run_versions`)."""
        path = out / MANIFEST
        if not path.is_file():
            with writing(out):
                out.mkdir(parents=True, exist_ok=True)
            manifest = cls(out, settings, versions=versions)
        elif not resume:
            raise ClaimscopeValueError(Errors.E019, path=out)
        else:
            data = read_manifest(out)
            if data.get("version") != MANIFEST_VERSION:
                raise ClaimscopeValueError(Errors.E020, path=out, reason=f"manifest version {data.get('version')}")
            changed = sorted(
                k for k in settings.keys() | data["settings"].keys() if settings.get(k) != data["settings"].get(k)
            )
            if changed:
                reason = "settings differ from the interrupted run: " + ", ".join(
                    f"{k}={data['settings'].get(k)!r} before, {settings.get(k)!r} now" for k in changed
                )
                raise ClaimscopeValueError(Errors.E020, path=out, reason=reason)
            before = data.get("versions") or {}
            models = sorted(k for k in before if versions is not None and before[k] != versions.get(k))
            if models:
                reason = "other library or model versions than the interrupted run: " + ", ".join(
                    f"{k}={before[k]!r} before, {(versions or {}).get(k)!r} now" for k in models
                )
                raise ClaimscopeValueError(Errors.E020, path=out, reason=reason)
            shards = {int(k): v for k, v in data["shards"].items()}
            manifest = cls(out, settings, shards, versions=versions or before)
        with writing(out):
            for table in TABLES:
                (out / table).mkdir(exist_ok=True)
            manifest.remove_unfinished()
        manifest.save()
        return manifest

    @property
    def complete(self) -> bool:
        """Whether the run finished (its summary is written)."""
        return self.summary is not None

    def remove_unfinished(self) -> None:
        """Delete temporary files and the files of shards not in the manifest (left by a killed run)."""
        for table in TABLES:
            for path in (self.out / table).iterdir():
                if path.name.startswith(".") or _shard_index(path.name) not in self.shards:
                    path.unlink()
        for name in (MANIFEST, ERRORS_FILE):  # a run killed while it replaced the manifest or errors.jsonl
            for path in self.out.glob(_temporary(self.out / name, pid="*").name):
                path.unlink()

    def add(self, index: int, counts: dict[str, Any]) -> None:
        """Record shard ``index`` as finished; its files must already be in place."""
        self.shards[index] = counts
        self.save()

    def finish(self, summary: dict[str, Any]) -> None:
        """Merge the shards' errors into ``errors.jsonl`` and mark the run complete."""
        lines: list[str] = []
        for index in sorted(self.shards):
            path = self.out / "errors" / shard_name(index, "jsonl")
            with writing(path):
                lines += path.read_text(encoding="utf-8").splitlines()
        _atomic_write(self.out / ERRORS_FILE, "".join(line + "\n" for line in lines).encode("utf-8"))
        self.summary = summary
        self.save()

    def save(self) -> None:
        """Replace the manifest file atomically."""
        data = {
            "version": MANIFEST_VERSION,
            "settings": self.settings,
            "versions": self.versions,
            "complete": self.complete,
            "summary": self.summary,
            "shards": {str(k): self.shards[k] for k in sorted(self.shards)},
        }
        with writing(self.out / MANIFEST):
            _atomic_write(self.out / MANIFEST, json.dumps(data, indent=1).encode("utf-8"))


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest in ``out`` as data (E020 when it is not valid JSON)."""
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except ValueError as err:
        raise ClaimscopeValueError(Errors.E020, path=out, reason=f"{MANIFEST} is not valid JSON ({err})") from err


def _shard_index(name: str) -> int | None:
    if not name.startswith("part-"):
        return None
    digits = name[5:].split(".", 1)[0]
    return int(digits) if digits.isdigit() else None


def _temporary(path: Path, pid: int | str | None = None) -> Path:
    """The hidden name ``path`` is written under before its atomic rename (``pid="*"``: a glob of any process's)."""
    return path.with_name(f".{path.name}.{os.getpid() if pid is None else pid}.tmp")


def _atomic_parquet(path: Path, table: Any) -> None:
    tmp = _temporary(path)
    with writing(path), _removed_on_failure(tmp):
        with pq.ParquetWriter(tmp, table.schema) as writer:
            if table.num_rows:  # an empty shard has no row group: datasets cannot read a 0-row row group
                writer.write_table(table)
        os.replace(tmp, path)


@contextmanager
def _removed_on_failure(tmp: Path) -> Iterator[None]:
    """Delete the temporary ``tmp`` when the block fails (a full disk gets its space back at once)."""
    try:
        yield
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # --resume removes it
        raise


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = _temporary(path)
    with writing(path), _removed_on_failure(tmp):
        with open(tmp, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
