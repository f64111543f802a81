"""pandas DataFrames of analyses: one row per claim (:func:`to_dataframe`), one per entity (:func:`entities_dataframe`).

pandas is imported when a function is called, so ``import claimscope`` does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from claimscope.errors import ClaimscopeTypeError, Errors
from claimscope.schema import Analysis

if TYPE_CHECKING:
    import pandas as pd

Analyses = Analysis | Iterable[Analysis] | Mapping[Any, Analysis]
Metadata = Sequence[Mapping[str, Any]] | Mapping[Any, Mapping[str, Any]] | None

CLAIM_COLUMNS = [
    "doc_id",
    "claim_index",
    "text",
    "statement",
    "start",
    "end",
    "claimer_text",
    "claimer_start",
    "claimer_end",
    "claimer_kind",
    "claimer_entity_id",
    "claimer_cue",
    "voice",
    "modality",
    "hedged",
    "verdict",
    "verdict_score",
    "checkworthiness",
    "entity_ids",
    "stances",
]
"""The columns of :func:`to_dataframe`; shared names mean what they mean in the batch claims table."""
INTEGER_COLUMNS = {
    "claim_index": "Int32",
    "start": "Int64",
    "end": "Int64",
    "claimer_start": "Int64",
    "claimer_end": "Int64",
    "n_mentions": "Int64",
    "n_claims": "Int64",
}
"""Nullable integer dtypes (as ``pandas.read_parquet`` gives the batch tables): offsets never become floats."""
ENTITY_COLUMNS = [
    "doc_id",
    "entity_id",
    "label",
    "name",
    "n_mentions",
    "mentions",
    "n_claims",
    "role",
    "country",
    "author_stance",
    "author_stance_score",
    "attributed_stance",
    "attributed_stance_score",
]


def _items(analyses: Analyses) -> list[tuple[Any, Analysis]]:
    """``(doc key, analysis)`` pairs: the mapping's keys, else positions 0, 1, ..."""
    if isinstance(analyses, Analysis):
        pairs = [(0, analyses)]
    elif isinstance(analyses, Mapping):
        pairs = list(analyses.items())
    elif isinstance(analyses, str | bytes) or not isinstance(analyses, Iterable):
        raise ClaimscopeTypeError(Errors.E022, type=type(analyses).__name__)
    else:
        pairs = list(enumerate(analyses))
    for key, analysis in pairs:
        if not isinstance(analysis, Analysis):
            raise ClaimscopeTypeError(Errors.E022, type=f"{type(analysis).__name__} (item {key!r})")
    return pairs


def _metadata(metadata: Metadata, pairs: list[tuple[Any, Analysis]]) -> dict[Any, Mapping[str, Any]]:
    """Per doc key, the extra columns given for it (a sequence is matched by position)."""
    if metadata is None:
        return {}
    if isinstance(metadata, Mapping):
        return dict(metadata)
    rows = list(metadata)
    if len(rows) != len(pairs):
        raise ValueError(f"metadata has {len(rows)} rows for {len(pairs)} analyses; give one mapping per analysis")
    return {key: row for (key, _), row in zip(pairs, rows, strict=True)}


def _frame(rows: list[dict[str, Any]], columns: list[str], extra: dict[Any, Mapping[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    extra_columns = list(dict.fromkeys(k for row in extra.values() for k in row if k not in columns))
    frame = pd.DataFrame(rows, columns=[*columns, *extra_columns])
    return frame.astype({c: t for c, t in INTEGER_COLUMNS.items() if c in columns})


def to_dataframe(analyses: Analyses, metadata: Metadata = None) -> pd.DataFrame:
    """One row per claim of ``analyses`` (one Analysis, an iterable, or a mapping of doc key to Analysis).

    Columns (named as in the batch claims table): ``doc_id`` (the mapping key or position), ``claim_index``
    (index in the document), the claim's text, offsets (nullable ``Int64``) and classifications (``verdict`` is
    None without the classifier), its claimer (``claimer_text``, ``claimer_start``, ``claimer_end``,
    ``claimer_kind``: ``author`` for the author's own voice, ``claimer_entity_id``, ``claimer_cue``), ``voice``
    (``author`` or ``attributed``), ``entity_ids`` (list) and ``stances`` (list of dicts: target, name, label,
    score, relevance: None for an entity, the similarity for a topic).
    ``metadata`` adds columns per document, e.g. ``[{"source": ..., "date": ...}, ...]`` in the same order.
    """
    pairs = _items(analyses)
    extra = _metadata(metadata, pairs)
    rows = []
    for key, analysis in pairs:
        names = {e.id: e.name for e in analysis.entities}
        for index, claim in enumerate(analysis.claims):
            claimer = claim.claimer
            rows.append(
                {
                    "doc_id": key,
                    "claim_index": index,
                    "text": claim.text,
                    "statement": claim.statement,
                    "start": claim.start,
                    "end": claim.end,
                    "claimer_text": claimer.text if claimer else None,
                    "claimer_start": claimer.start if claimer else None,
                    "claimer_end": claimer.end if claimer else None,
                    "claimer_kind": claimer.kind if claimer else "author",
                    "claimer_entity_id": claimer.entity_id if claimer else None,
                    "claimer_cue": claimer.cue if claimer else None,
                    "voice": "author" if claimer is None or claimer.kind == "author" else "attributed",
                    "modality": claim.modality,
                    "hedged": claim.hedged,
                    "verdict": claim.verdict,
                    "verdict_score": claim.verdict_score,
                    "checkworthiness": claim.checkworthiness,
                    "entity_ids": list(claim.entity_ids),
                    "stances": [
                        {
                            "target": s.target,
                            "name": names.get(s.target, s.target),
                            "label": s.label,
                            "score": s.score,
                            "relevance": s.relevance,
                        }
                        for s in claim.stances
                    ],
                    **extra.get(key, {}),
                }
            )
    return _frame(rows, CLAIM_COLUMNS, extra)


def entities_dataframe(analyses: Analyses, metadata: Metadata = None) -> pd.DataFrame:
    """One row per entity per document: id, label, name, mentions, claims that mention it and its stances.

    ``author_stance`` / ``attributed_stance`` (and their scores) come from :meth:`Analysis.entity_stances`; they
    are None when no claim in that voice has a stance towards the entity (e.g. without the classifier).
    ``role`` and ``country`` are the entity's attributes when it has them. ``metadata`` as in :func:`to_dataframe`.
    """
    pairs = _items(analyses)
    extra = _metadata(metadata, pairs)
    rows = []
    for key, analysis in pairs:
        stances = {(s.entity_id, s.voice): s for s in analysis.entity_stances()}
        for entity in analysis.entities:
            author, attributed = stances.get((entity.id, "author")), stances.get((entity.id, "attributed"))
            rows.append(
                {
                    "doc_id": key,
                    "entity_id": entity.id,
                    "label": entity.label,
                    "name": entity.name,
                    "n_mentions": len(entity.mentions),
                    "mentions": [m.text for m in entity.mentions],
                    "n_claims": sum(entity.id in c.entity_ids for c in analysis.claims),
                    "role": entity.attributes.get("role"),
                    "country": entity.attributes.get("country"),
                    "author_stance": author.label if author else None,
                    "author_stance_score": author.score if author else None,
                    "attributed_stance": attributed.label if attributed else None,
                    "attributed_stance_score": attributed.score if attributed else None,
                    **extra.get(key, {}),
                }
            )
    return _frame(rows, ENTITY_COLUMNS, extra)
