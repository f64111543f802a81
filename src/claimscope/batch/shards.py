"""The output folder of a batch run: shard files written with atomic renames, and the manifest of finished shards.

Layout::

    OUT/_manifest.json          settings of the run, finished shards with their counts, summary when complete
    OUT/claims/part-000000.parquet      (or .jsonl) one file per shard
    OUT/documents/part-000000.parquet
    OUT/errors/part-000000.jsonl
    OUT/errors.jsonl            all failed records, written when the run completes

A shard's files are written under a hidden temporary name and renamed into place; the shard then enters the
manifest, which is itself replaced atomically. A shard missing from the manifest is redone on ``--resume``, and
its files are overwritten, so a killed run never leaves duplicates or holes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..errors import ClaimscopeValueError, Errors
from .tables import CLAIMS_SCHEMA, DOCUMENTS_SCHEMA, to_table

MANIFEST = "_manifest.json"
TABLES = ("claims", "documents", "errors")
FORMATS = ("parquet", "jsonl")
ERRORS_FILE = "errors.jsonl"
MANIFEST_VERSION = 1


def shard_name(index: int, ext: str) -> str:
    """The file name of shard ``index``."""
    return f"part-{index:06d}.{ext}"


def write_shard(
    out: Path,
    index: int,
    output_format: str,
    claims: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    errors: list[dict[str, Any]],
) -> None:
    """Write the three files of shard ``index``, each under a temporary name renamed into place."""
    if output_format == "parquet":
        _atomic_parquet(out / "claims" / shard_name(index, "parquet"), to_table(claims, CLAIMS_SCHEMA))
        _atomic_parquet(out / "documents" / shard_name(index, "parquet"), to_table(documents, DOCUMENTS_SCHEMA))
    else:
        _atomic_jsonl(out / "claims" / shard_name(index, "jsonl"), claims)
        _atomic_jsonl(out / "documents" / shard_name(index, "jsonl"), documents)
    _atomic_jsonl(out / "errors" / shard_name(index, "jsonl"), errors)


class Manifest:
    """The run's manifest: which shards are finished (with their counts), under which settings."""

    def __init__(self, out: Path, settings: dict[str, Any], shards: dict[int, dict[str, Any]] | None = None) -> None:
        self.out = out
        self.settings = settings
        self.shards: dict[int, dict[str, Any]] = shards or {}
        self.summary: dict[str, Any] | None = None

    @classmethod
    def open(cls, out: Path, settings: dict[str, Any], resume: bool) -> Manifest:
        """The manifest of a new run in ``out``, or of the run to resume there (E019, E020 on a mismatch)."""
        path = out / MANIFEST
        if not path.is_file():
            out.mkdir(parents=True, exist_ok=True)
            manifest = cls(out, settings)
        elif not resume:
            raise ClaimscopeValueError(Errors.E019, path=out)
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
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
            manifest = cls(out, settings, {int(k): v for k, v in data["shards"].items()})
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
            lines += path.read_text(encoding="utf-8").splitlines()
        _atomic_write(self.out / ERRORS_FILE, "".join(line + "\n" for line in lines).encode("utf-8"))
        self.summary = summary
        self.save()

    def save(self) -> None:
        """Replace the manifest file atomically."""
        data = {
            "version": MANIFEST_VERSION,
            "settings": self.settings,
            "complete": self.complete,
            "summary": self.summary,
            "shards": {str(k): self.shards[k] for k in sorted(self.shards)},
        }
        _atomic_write(self.out / MANIFEST, json.dumps(data, indent=1).encode("utf-8"))


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
    with pq.ParquetWriter(tmp, table.schema) as writer:
        if table.num_rows:  # an empty shard has no row group: datasets cannot read a 0-row row group
            writer.write_table(table)
    os.replace(tmp, path)


def _atomic_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    _atomic_write(path, text.encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = _temporary(path)
    with open(tmp, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(tmp, path)
