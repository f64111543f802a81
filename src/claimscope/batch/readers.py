"""Corpus readers: JSON lines (plain, gzip, stdin), CSV, Parquet and folders of .txt files.

Every reader yields :class:`RawRecord` objects in a fixed order, so that a run read twice is cut into the same
shards. A record that cannot be read (an undecodable line, invalid JSON) is yielded with ``problem`` set; it
never stops the reading.
"""

from __future__ import annotations

import csv
import errno
import gzip
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimscope.batch.faults import BatchIOError, read_fault
from claimscope.errors import ClaimscopeValueError, Errors


def _pq() -> Any:
    """``pyarrow.parquet``, imported on first use (``claimscope --help`` stays fast)."""
    import pyarrow.parquet as pq

    return pq


STDIN = "-"
SAMPLE_RECORDS = 100
"""How many readable records of each input the field check (:func:`sample_fields`) looks at."""
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""The value of a field a record does not have."""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read: where it comes from, its id and text fields (or :data:`MISSING`), a read problem."""

    source: str
    position: int
    """1-based line (JSON lines, CSV), row (Parquet) or file (folder) number inside ``source``."""
    doc_id: Any
    text: Any
    problem: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """The record's other fields (passed through to the documents table)."""


@dataclass(frozen=True, slots=True)
class FieldSample:
    """The fields seen in the first records of an input: ``fields`` in order of first sight, ``checked`` records,
    ``has[name]`` whether any of them has it (CSV and Parquet: the header or schema)."""

    source: str
    checked: int
    fields: list[str]

    def has(self, name: str) -> bool:
        """Whether a sampled record has the field ``name``."""
        return name in self.fields


def read_inputs(inputs: list[str], text_field: str = "text", id_field: str = "id") -> Iterator[RawRecord]:
    """All records of ``inputs``, one input after another."""
    for source in inputs:
        yield from read_input(source, text_field, id_field)


def read_input(source: str, text_field: str = "text", id_field: str = "id") -> Iterator[RawRecord]:
    """The records of one input; E018 for an input of an unknown kind, E041 (:class:`BatchIOError`) for one that
    vanished or failed while being read (an I/O fault: ``--resume`` once it is back)."""
    if source != STDIN and not os.path.exists(source):
        raise read_fault(source, FileNotFoundError(errno.ENOENT, "no such file or folder"))
    kind = input_kind(source)
    try:
        if kind == "stdin":
            yield from _json_lines(_stdin_lines(), "<stdin>", text_field, id_field)
        elif kind == "jsonl":
            with open(source, "rb") as stream:
                yield from _json_lines(stream, source, text_field, id_field)
        elif kind == "jsonl.gz":
            with gzip.open(source, "rb") as stream:
                yield from _json_lines(stream, source, text_field, id_field)
        elif kind == "csv":
            yield from _csv(source, text_field, id_field)
        elif kind == "parquet":
            yield from _parquet(source, text_field, id_field)
        else:
            yield from _txt_folder(source)
    except (OSError, EOFError) as err:  # EOFError: a gzip file cut short
        if isinstance(err, BatchIOError):
            raise
        raise read_fault(getattr(err, "filename", None) or source, err) from err


_stdin_peeked: tuple[Any, list[bytes]] = (None, [])
"""The standard input stream the field check read ahead of the run, and the lines it read."""


def _peeked_lines() -> list[bytes]:
    """The lines read ahead from the current standard input (none when it is another stream than before)."""
    global _stdin_peeked
    if _stdin_peeked[0] is not sys.stdin.buffer:
        _stdin_peeked = (sys.stdin.buffer, [])
    return _stdin_peeked[1]


def _stdin_lines() -> Iterable[bytes]:
    """Standard input's lines, the ones :func:`sample_fields` has already read first."""
    peeked = _peeked_lines()
    lines = list(peeked)
    peeked.clear()
    return itertools.chain(lines, sys.stdin.buffer)


def sample_fields(source: str, limit: int = SAMPLE_RECORDS) -> FieldSample | None:
    """The fields of ``source``'s first ``limit`` readable records (JSON lines; standard input is read ahead and
    kept for the run), or its CSV header or Parquet schema; None for a folder of .txt files."""
    kind = input_kind(source)
    if kind == "txt":
        return None
    if kind == "csv":  # the header names every row's fields
        with open(source, encoding="utf-8", errors="surrogateescape", newline="") as stream:
            rows = csv.reader(stream)
            header = next(rows, [])
            checked = sum(1 for _ in itertools.islice(rows, limit))
        return FieldSample(source, checked, list(dict.fromkeys(header)))
    if kind == "parquet":  # so does the schema
        file = _pq().ParquetFile(source)
        return FieldSample(source, min(file.metadata.num_rows, limit), list(file.schema_arrow.names))
    fields: dict[str, None] = {}
    checked = 0
    if kind == "stdin":
        lines: Iterable[bytes] = _peek_stdin(limit)
    else:
        opener = gzip.open if kind == "jsonl.gz" else open
        with opener(source, "rb") as stream:
            lines = list(itertools.islice((line for line in stream if line.strip()), limit * 2))
    for line in lines:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            fields.update(dict.fromkeys(obj))
            checked += 1
            if checked == limit:
                break
    return FieldSample("<stdin>" if kind == "stdin" else source, checked, list(fields))


def _peek_stdin(limit: int) -> list[bytes]:
    """Read up to ``limit`` non-empty lines of standard input ahead (kept for :func:`read_input`)."""
    peeked = _peeked_lines()
    while sum(1 for line in peeked if line.strip()) < limit:
        line = sys.stdin.buffer.readline()
        if not line:
            break
        peeked.append(line)
    return list(peeked)


def input_kind(source: str) -> str:
    """``stdin``, ``jsonl``, ``jsonl.gz``, ``csv``, ``parquet`` or ``txt``; E018 for anything else."""
    if source == STDIN:
        return "stdin"
    path = Path(source)
    if path.is_dir():
        return "txt"
    if not path.is_file():
        raise ClaimscopeValueError(Errors.E018, path=source, reason="no such file or folder")
    name = path.name.lower()
    for suffix, kind in ((".jsonl.gz", "jsonl.gz"), (".ndjson.gz", "jsonl.gz"), (".jsonl", "jsonl")):
        if name.endswith(suffix):
            return kind
    for suffix, kind in ((".ndjson", "jsonl"), (".csv", "csv"), (".parquet", "parquet")):
        if name.endswith(suffix):
            return kind
    raise ClaimscopeValueError(Errors.E018, path=source, reason="unknown file type")


def count_records(inputs: list[str]) -> int | None:
    """How many records ``inputs`` hold (cheaply, for a progress bar); None when it cannot be known upfront."""
    total = 0
    for source in inputs:
        kind = input_kind(source)
        if kind == "stdin":
            return None
        if kind == "parquet":
            total += _pq().ParquetFile(source).metadata.num_rows
        elif kind == "txt":
            total += sum(1 for _ in _txt_files(Path(source)))
        elif kind == "csv":
            total += sum(1 for _ in _csv(source, "", ""))
        else:
            opener = gzip.open if kind == "jsonl.gz" else open
            with opener(source, "rb") as stream:
                total += sum(1 for line in stream if line.strip())
    return total


def _json_lines(stream: Iterable[bytes], source: str, text_field: str, id_field: str) -> Iterator[RawRecord]:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            yield RawRecord(source, number, MISSING, MISSING, f"not valid UTF-8 at byte {err.start}")
            continue
        except json.JSONDecodeError as err:
            yield RawRecord(source, number, MISSING, MISSING, f"invalid JSON ({err.msg}, column {err.colno})")
            continue
        if not isinstance(obj, dict):
            yield RawRecord(source, number, MISSING, MISSING, f"a JSON {type(obj).__name__}, not an object")
            continue
        extra = {k: v for k, v in obj.items() if k != text_field and k != id_field}
        yield RawRecord(source, number, obj.get(id_field, MISSING), obj.get(text_field, MISSING), extra=extra)


def _csv(source: str, text_field: str, id_field: str) -> Iterator[RawRecord]:
    with open(source, encoding="utf-8", errors="surrogateescape", newline="") as stream:
        reader = csv.DictReader(stream)
        for number, row in enumerate(reader, start=1):
            text = row.get(text_field, MISSING)
            text = MISSING if text is None else text
            if isinstance(text, str) and _has_undecodable(text):
                yield RawRecord(source, number, row.get(id_field, MISSING), MISSING, "not valid UTF-8")
                continue
            extra = {k: v for k, v in row.items() if k not in (text_field, id_field) and k is not None}
            yield RawRecord(source, number, row.get(id_field) or MISSING, text, extra=extra)


def _parquet(source: str, text_field: str, id_field: str) -> Iterator[RawRecord]:
    file = _pq().ParquetFile(source)
    names = set(file.schema_arrow.names)
    others = [c for c in file.schema_arrow.names if c not in (text_field, id_field)]
    number = 0
    for batch in file.iter_batches(batch_size=1024):
        texts = batch.column(text_field).to_pylist() if text_field in names else [MISSING] * batch.num_rows
        ids = batch.column(id_field).to_pylist() if id_field in names else [MISSING] * batch.num_rows
        columns = [batch.column(c).to_pylist() for c in others]
        extras = [dict(zip(others, values, strict=True)) for values in zip(*columns, strict=True)] if others else None
        extras = extras or [{} for _ in range(batch.num_rows)]
        for doc_id, text, extra in zip(ids, texts, extras, strict=True):
            number += 1
            doc_id = MISSING if doc_id is None else doc_id
            yield RawRecord(source, number, doc_id, MISSING if text is None else text, extra=extra)


def _txt_folder(source: str) -> Iterator[RawRecord]:
    root = Path(source)
    for number, path in enumerate(_txt_files(root), start=1):
        doc_id = path.relative_to(root).as_posix()
        try:
            yield RawRecord(source, number, doc_id, path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError as err:
            yield RawRecord(source, number, doc_id, MISSING, f"not valid UTF-8 at byte {err.start}")
        except FileNotFoundError as err:  # listed, then gone: an I/O fault, not a bad record
            raise read_fault(path, err) from err
        except OSError as err:
            yield RawRecord(source, number, doc_id, MISSING, f"unreadable ({err.strerror or err})")


def _txt_files(root: Path) -> Iterator[Path]:
    return iter(sorted(p for p in root.rglob("*.txt") if p.is_file()))


def _has_undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


__all__ = [
    "MISSING",
    "STDIN",
    "FieldSample",
    "RawRecord",
    "count_records",
    "input_kind",
    "read_input",
    "read_inputs",
    "sample_fields",
]
