"""Batch processing of corpora: resumable, sharded, parallel runs (``claimscope batch``, :func:`run`).

One module per job: :mod:`.readers` (input formats, field sampling), :mod:`.records` (checks, ids, passthrough
columns), :mod:`.tables` (output schemas), :mod:`.shards` (files, atomic renames, manifest), :mod:`.faults`
(coded faults, exit statuses, the output folder's lock), :mod:`.worker` (one shard through the pipeline),
:mod:`.runner` (the run), :mod:`.cli` (the command). The documentation is docs/batch.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimscope import lazy_exports

_EXPORTS = {
    "BatchIOError": ".faults",
    "BatchInterrupted": ".faults",
    "OutputInUseError": ".faults",
    "DEFAULT_MAX_CHARS": ".records",
    "BatchSummary": ".runner",
    "run": ".runner",
    "CLAIMS_SCHEMA": ".tables",
    "DOCUMENTS_SCHEMA": ".tables",
    "ERRORS_SCHEMA": ".tables",
}

if TYPE_CHECKING:
    from claimscope.batch.faults import BatchInterrupted, BatchIOError, OutputInUseError
    from claimscope.batch.records import DEFAULT_MAX_CHARS
    from claimscope.batch.runner import BatchSummary, run
    from claimscope.batch.tables import CLAIMS_SCHEMA, DOCUMENTS_SCHEMA, ERRORS_SCHEMA

__all__ = [
    "CLAIMS_SCHEMA",
    "DEFAULT_MAX_CHARS",
    "DOCUMENTS_SCHEMA",
    "ERRORS_SCHEMA",
    "BatchIOError",
    "BatchInterrupted",
    "BatchSummary",
    "OutputInUseError",
    "run",
]


# ``claimscope batch --help`` loads no spaCy: the names load on first use.
__getattr__ = lazy_exports(__name__, _EXPORTS)
