"""Check raw records and give each its place in the run: a document to analyse, or a failure with a coded reason."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from claimscope.batch.readers import MISSING, RawRecord
from claimscope.errors import Errors

DEFAULT_BATCH_SIZE = 256
"""Records per shard at most (shards are sized from the corpus below it, see :func:`claimscope.batch.run`)."""
DEFAULT_MAX_CHARS = 1_000_000
"""Longest text a batch run accepts (spaCy's ``max_length``); longer records are failed, not analysed."""
PASSTHROUGH_PREFIX = "input_"
"""Put in front of an input column whose name is one of claimscope's own documents columns."""


@dataclass(frozen=True, slots=True)
class Record:
    """A checked record: ``record`` is its 0-based place in the run; ``error`` is set when it cannot be analysed.

    ``extra``: the values of the run's passthrough columns (output name -> str or None)."""

    record: int
    doc_id: str
    source: str
    text: str | None
    error: str | None = None
    extra: dict[str, str | None] = field(default_factory=dict)


def check_records(
    raw_records: Iterable[RawRecord],
    text_field: str = "text",
    max_chars: int = DEFAULT_MAX_CHARS,
    passthrough: Mapping[str, str] | None = None,
) -> Iterator[Record]:
    """Number the records, give a default id (``source:position``) where none is given, and fail bad ones.

    Failures: unreadable (E012), no text field (E013), text not a str (E014), too long (E015), an id already
    used by an earlier record (E016). ``passthrough`` maps input fields to the documents-table columns that
    carry them (:func:`passthrough_columns`).
    """
    seen: set[str] = set()
    columns = dict(passthrough or {})
    for index, raw in enumerate(raw_records):
        default_id = safe_str(f"{raw.source}:{raw.position}")
        doc_id = default_id if raw.doc_id is MISSING or raw.doc_id == "" else safe_str(str(raw.doc_id))
        location = default_id
        error = None
        if raw.problem is not None:
            error = Errors.E012.format(record=index, source=location, reason=raw.problem)
        elif doc_id in seen:
            error = Errors.E016.format(doc_id=doc_id, source=location)
        elif raw.text is MISSING:
            error = Errors.E013.format(doc_id=doc_id, source=location, field=text_field)
        elif not isinstance(raw.text, str):
            error = Errors.E014.format(doc_id=doc_id, source=location, field=text_field, type=type(raw.text).__name__)
        elif len(raw.text) > max_chars:
            error = Errors.E015.format(doc_id=doc_id, source=location, length=len(raw.text), limit=max_chars)
        seen.add(doc_id)
        extra = {column: cell(raw.extra.get(name)) for name, column in columns.items()}
        yield Record(index, doc_id, location, None if error else raw.text, error, extra)


def passthrough_columns(fields: Iterable[str], reserved: Iterable[str]) -> dict[str, str]:
    """Input field -> documents column for the fields passed through: a field named like one of claimscope's
    own columns (``reserved``) gets :data:`PASSTHROUGH_PREFIX` in front (again, until the name is free)."""
    used = set(reserved)
    columns: dict[str, str] = {}
    for name in fields:
        if not isinstance(name, str) or not name or name in columns:
            continue
        column = name
        while column in used:
            column = PASSTHROUGH_PREFIX + column
        used.add(column)
        columns[name] = column
    return columns


def cell(value: Any) -> str | None:
    """A passthrough value as stored: a str as it is, None as null, anything else as its JSON."""
    if value is None or value is MISSING:
        return None
    if isinstance(value, str):
        return safe_str(value)
    return safe_str(json.dumps(value, ensure_ascii=False, default=str))


def safe_str(text: str) -> str:
    """``text`` with unpaired surrogates (which UTF-8 cannot encode) written as ``\\udXXX`` escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
