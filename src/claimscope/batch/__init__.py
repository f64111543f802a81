"""Batch processing of corpora: resumable, sharded, parallel runs (``claimscope batch``, :func:`run`).

One module per job: :mod:`.readers` (input formats), :mod:`.records` (checks and ids), :mod:`.tables` (output
schemas), :mod:`.shards` (files, atomic renames, manifest), :mod:`.worker` (one shard through the pipeline),
:mod:`.runner` (the run), :mod:`.cli` (the command).
"""

from __future__ import annotations

from .records import DEFAULT_MAX_CHARS
from .runner import BatchSummary, run
from .tables import CLAIMS_SCHEMA, DOCUMENTS_SCHEMA, ERRORS_SCHEMA

__all__ = ["CLAIMS_SCHEMA", "DEFAULT_MAX_CHARS", "DOCUMENTS_SCHEMA", "ERRORS_SCHEMA", "BatchSummary", "run"]
