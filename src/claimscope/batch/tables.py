"""The output tables of a batch run: their Arrow schemas and the rows made from an :class:`Analysis`.

``claims``: one row per claim (document id, position, every :class:`~claimscope.schema.Claim` field, the
claimer flattened into ``claimer_*`` columns). ``documents``: one row per input record (id, status, error,
warnings, entities, counts, then the input's passthrough columns). ``errors``: one row per failed record (id,
code, reason).

Integer columns are nullable: the schemas carry pandas metadata, so that ``pandas.read_parquet`` gives them the
``Int64`` / ``Int32`` dtypes (a null offset stays ``<NA>``, never turning the column into float64).
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from claimscope.schema import Analysis, Claim

STANCE = pa.struct(
    [("target", pa.string()), ("label", pa.string()), ("score", pa.float64()), ("relevance", pa.float64())]
)
MENTION = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
ENTITY = pa.struct(
    [
        ("id", pa.string()),
        ("label", pa.string()),
        ("name", pa.string()),
        ("mentions", pa.list_(MENTION)),
        ("attributes", pa.string()),  # JSON object: its keys differ between entities
    ]
)

CLAIM_FIELDS: list[tuple[str, pa.DataType]] = [
    ("text", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("statement", pa.string()),
    ("claimer_text", pa.string()),
    ("claimer_start", pa.int64()),
    ("claimer_end", pa.int64()),
    ("claimer_entity_id", pa.string()),
    ("claimer_cue", pa.string()),
    ("claimer_kind", pa.string()),
    ("entity_ids", pa.list_(pa.string())),
    ("verdict", pa.string()),
    ("verdict_score", pa.float64()),
    ("checkworthiness", pa.float64()),
    ("stances", pa.list_(STANCE)),
    ("modality", pa.string()),
    ("hedged", pa.bool_()),
]
CLAIM = pa.struct(CLAIM_FIELDS)


def with_pandas_dtypes(schema: pa.Schema) -> pa.Schema:
    """``schema`` with pandas metadata that reads every integer column as a nullable ``Int64`` / ``Int32``."""
    columns = [
        {
            "name": f.name,
            "field_name": f.name,
            "pandas_type": str(f.type),
            "numpy_type": "Int32" if f.type == pa.int32() else "Int64",
            "metadata": None,
        }
        for f in schema
        if pa.types.is_integer(f.type)
    ]
    pandas = {"index_columns": [], "column_indexes": [], "columns": columns, "creator": {"library": "claimscope"}}
    return schema.with_metadata({b"pandas": json.dumps(pandas).encode("utf-8")})


CLAIMS_SCHEMA = with_pandas_dtypes(pa.schema([("doc_id", pa.string()), ("claim_index", pa.int32()), *CLAIM_FIELDS]))
DOCUMENTS_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("record", pa.int64()),
        ("source", pa.string()),
        ("status", pa.string()),
        ("error", pa.string()),
        ("warnings", pa.list_(pa.string())),
        ("n_chars", pa.int64()),
        ("n_claims", pa.int32()),
        ("n_entities", pa.int32()),
        ("n_skipped", pa.int32()),
        ("entities", pa.list_(ENTITY)),
    ]
)
DOCUMENTS_SCHEMA = with_pandas_dtypes(DOCUMENTS_SCHEMA)
ERRORS_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("record", pa.int64()),
        ("source", pa.string()),
        ("code", pa.string()),
        ("reason", pa.string()),
    ]
)
STATUS_OK = "ok"
STATUS_ERROR = "error"


def claim_row(claim: Claim) -> dict[str, Any]:
    """The claim's fields as one flat dict (the claimer flattened into ``claimer_*``)."""
    claimer = claim.claimer
    return {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "statement": claim.statement,
        "claimer_text": claimer.text if claimer else None,
        "claimer_start": claimer.start if claimer else None,
        "claimer_end": claimer.end if claimer else None,
        "claimer_entity_id": claimer.entity_id if claimer else None,
        "claimer_cue": claimer.cue if claimer else None,
        "claimer_kind": claimer.kind if claimer else None,
        "entity_ids": list(claim.entity_ids),
        "verdict": claim.verdict,
        "verdict_score": claim.verdict_score,
        "checkworthiness": claim.checkworthiness,
        "stances": [s.model_dump() for s in claim.stances],
        "modality": claim.modality,
        "hedged": claim.hedged,
    }


def claim_rows(doc_id: str, analysis: Analysis) -> list[dict[str, Any]]:
    """One row per claim of ``analysis``, keyed by ``doc_id`` and the claim's position."""
    return [{"doc_id": doc_id, "claim_index": i, **claim_row(c)} for i, c in enumerate(analysis.claims)]


def entity_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """The entities of ``analysis`` as rows of the ``entities`` column."""
    return [
        {
            "id": e.id,
            "label": e.label,
            "name": e.name,
            "mentions": [m.model_dump() for m in e.mentions],
            "attributes": json.dumps(e.attributes, ensure_ascii=False, sort_keys=True),
        }
        for e in analysis.entities
    ]


def document_row(doc_id: str, record: int, source: str, analysis: Analysis) -> dict[str, Any]:
    """The documents-table row of an analysed record (status ``error`` when the pipeline set ``error``)."""
    return {
        "doc_id": doc_id,
        "record": record,
        "source": source,
        "status": STATUS_ERROR if analysis.error else STATUS_OK,
        "error": analysis.error,
        "warnings": list(analysis.warnings),
        "n_chars": len(analysis.text),
        "n_claims": len(analysis.claims),
        "n_entities": len(analysis.entities),
        "n_skipped": len(analysis.skipped),
        "entities": entity_rows(analysis),
    }


def failed_document_row(doc_id: str, record: int, source: str, message: str) -> dict[str, Any]:
    """The documents-table row of a record that could not be analysed."""
    return {
        "doc_id": doc_id,
        "record": record,
        "source": source,
        "status": STATUS_ERROR,
        "error": message,
        "warnings": [],
        "n_chars": None,
        "n_claims": 0,
        "n_entities": 0,
        "n_skipped": 0,
        "entities": [],
    }


def error_row(doc_id: str, record: int, source: str, message: str) -> dict[str, Any]:
    """The errors-table row of a failed record; ``code`` is the ``E0xx`` code in front of ``message``."""
    code = message[1:5] if message.startswith("[E") else None
    return {"doc_id": doc_id, "record": record, "source": source, "code": code, "reason": message}


def documents_schema(extra_columns: list[str] | tuple[str, ...] = ()) -> pa.Schema:
    """:data:`DOCUMENTS_SCHEMA` with the run's passthrough columns (strings) after claimscope's own."""
    if not extra_columns:
        return DOCUMENTS_SCHEMA
    fields = [*DOCUMENTS_SCHEMA, *(pa.field(name, pa.string()) for name in extra_columns)]
    return with_pandas_dtypes(pa.schema(fields))


def to_table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """``rows`` as an Arrow table with exactly ``schema`` (so empty and all-null shards keep their types)."""
    return pa.Table.from_pylist(rows, schema=schema)
