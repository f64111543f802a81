"""Check raw records and give each its place in the run: a document to analyse, or a failure with a coded reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import Errors
from .readers import MISSING, RawRecord

DEFAULT_MAX_CHARS = 1_000_000
"""Longest text a batch run accepts (spaCy's ``max_length``); longer records are failed, not analysed."""


@dataclass(frozen=True, slots=True)
class Record:
    """A checked record: ``record`` is its 0-based place in the run; ``error`` is set when it cannot be analysed."""

    record: int
    doc_id: str
    source: str
    text: str | None
    error: str | None = None


def check_records(
    raw_records: Iterable[RawRecord], text_field: str = "text", max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Record]:
    """Number the records, give a default id (``source:position``) where none is given, and fail bad ones.

    Failures: unreadable (E012), no text field (E013), text not a str (E014), too long (E015), an id already
    used by an earlier record (E016).
    """
    seen: set[str] = set()
    for index, raw in enumerate(raw_records):
        default_id = f"{raw.source}:{raw.position}"
        doc_id = default_id if raw.doc_id is MISSING or raw.doc_id == "" else str(raw.doc_id)
        location = f"{raw.source}:{raw.position}"
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
        yield Record(index, doc_id, location, None if error else raw.text, error)
