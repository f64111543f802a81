"""Coded errors and warnings.

Every problem claimscope reports carries a stable code (``E001``..., ``W001``...) so that users can search for
it, filter warnings with :mod:`warnings` and match on it in their own error handling::

    import warnings
    from claimscope.errors import ClaimscopeWarning
    warnings.filterwarnings("ignore", category=ClaimscopeWarning, message=r"\\[W001\\]")
"""

from __future__ import annotations

import warnings
from enum import Enum


class Errors(str, Enum):
    """Error codes and their message templates (``str.format`` placeholders)."""

    E001 = "Expected the text to be a str, got {type}. Decode bytes first, e.g. data.decode('utf-8')."
    E002 = "Expected an iterable of str for a batch, got {type}."
    E003 = "Could not load the spaCy base model '{name}': {reason}. Reinstall it: pip install {package}"
    E004 = "No claimscope pipeline at '{path}': {reason}."
    E005 = "File '{path}' is not valid UTF-8 text (byte {position}): {reason}."
    E006 = "Could not read '{path}': {reason}."
    E007 = "Unknown output format '{value}'; choose one of: {choices}."
    E008 = "The model folder '{path}' is missing or corrupt ({reason}). Rebuild it with: {command}"
    E009 = "Item {index} of the batch is invalid: {reason}."
    E010 = "Unknown task '{value}'; choose one of: {choices}."
    E011 = "Malformed entity file '{path}', line {line}: {reason}."
    E012 = "Record {record} of {source} could not be read: {reason}."
    E013 = "Record '{doc_id}' ({source}) has no '{field}' field."
    E014 = "Record '{doc_id}' ({source}): the '{field}' field is {type}, not a str."
    E015 = "Record '{doc_id}' ({source}) is {length} characters long, above the limit of {limit}; split it first."
    E016 = "Record '{doc_id}' ({source}) repeats an id used by an earlier record; ids must be unique."
    E017 = "Record '{doc_id}' ({source}) failed in the pipeline: {reason}."
    E018 = "Unsupported input '{path}': {reason}. Use .jsonl, .jsonl.gz, .csv, .parquet, a folder of .txt files or '-'."
    E019 = "The output folder '{path}' already holds a run; pass --resume to finish it, or choose a new folder."
    E020 = "Cannot resume the run in '{path}': {reason}."
    E021 = 'The Ray engine needs Ray Data: pip install "claimscope[ray]" ({reason}).'
    E022 = "Cannot render a {type}: pass an Analysis (from claimscope.analyze) or a spaCy Doc from claimscope.load()."
    E023 = "Page {page} does not exist: the text has {pages} page(s) of about {page_chars} characters, counted from 1."
    E024 = "Topic {index} is invalid: {reason}. Topics are short non-empty phrases such as 'sanctions against Russia'."
    E025 = "Cannot continue training from '{path}': it has {found}, the run needs {needed}."
    E026 = "Cannot load the teacher encoder '{name}': {reason}."
    E027 = "Cannot average '{path}' into a model soup: {reason}."
    E028 = (
        "Cannot reword topics with '{template}' for task '{task}': a topic template is for topic-stance and must "
        "contain '{{topic}}', e.g. 'opposition to {{topic}}'."
    )
    E029 = (
        "Cannot put rank-{rank} adapters on {lora_layers} layer(s) below the {trainable_layers} fine-tuned one(s): "
        "--lora-layers must be 0..{available} (the layers below them) and --lora-rank 1 or more."
    )

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """The message with its code in front: ``[E001] Expected ...``."""
        return f"[{self.name}] {self.value.format(**kwargs)}"


class Warnings(str, Enum):
    """Warning codes and their message templates."""

    W001 = (
        "The text does not look like English (share of English function words {ratio:.2f}); "
        "claimscope's models are trained on English, so results may be poor."
    )
    W002 = (
        "The text is {length} characters long, above spaCy's max_length of {max_length}: "
        "it was processed in {pieces} pieces cut at paragraph or sentence boundaries."
    )
    W003 = "The text contained {count} control or undecodable characters; they were kept but may confuse parsing."
    W004 = "Alias '{alias}' is claimed by both '{first}' and '{second}' (in {source}); '{second}' wins."
    W005 = (
        "No classifier model at '{path}': verdict, check-worthiness and stances stay empty. Point "
        "CLAIMSCOPE_MODEL_DIR at a model folder or rebuild it with: claimscope train multitask"
    )
    W006 = "Topic {index} has {words} words; the stance model reads only its first {limit}."

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        """The message with its code in front: ``[W001] The text ...``."""
        return f"[{self.name}] {self.value.format(**kwargs)}"


class ClaimscopeError(Exception):
    """Base class of claimscope's errors; ``code`` holds the error code."""

    def __init__(self, code: Errors, **kwargs: object) -> None:
        self.code = code.name
        super().__init__(code.format(**kwargs))


class ClaimscopeTypeError(ClaimscopeError, TypeError):
    """A value of the wrong type was passed to the public API."""


class ClaimscopeValueError(ClaimscopeError, ValueError):
    """A value of the right type but unusable content was passed to the public API."""


class ModelLoadError(ClaimscopeError, OSError):
    """A model or pipeline could not be loaded from disk."""


class ClaimscopeWarning(UserWarning):
    """Base class of claimscope's warnings."""


def warn(code: Warnings, stacklevel: int = 2, **kwargs: object) -> None:
    """Emit the coded warning ``code`` as a :class:`ClaimscopeWarning`."""
    warnings.warn(code.format(**kwargs), ClaimscopeWarning, stacklevel=stacklevel + 1)
