"""The high-level API: :func:`analyze` one text, :func:`analyze_batch` a stream of texts."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language

from .convert import doc_to_analysis, merge_analyses
from .errors import ClaimscopeError, ClaimscopeTypeError, ClaimscopeWarning, Errors, Warnings
from .pipeline import load
from .schema import Analysis
from .text import check_text, control_char_warning, language_warning, split_long_text


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The default pipeline, loaded once per process."""
    return load()


def analyze(text: str, *, nlp: Language | None = None) -> Analysis:
    """Analyse one text: its claims, their claimers, modality and classifications, and its entities.

    Raises :class:`~claimscope.errors.ClaimscopeTypeError` (E001) when ``text`` is not a str. Empty or
    whitespace-only text gives an Analysis with no claims. Text longer than ``nlp.max_length`` is processed in
    pieces cut at paragraph or sentence boundaries; offsets still point into ``text``.
    """
    nlp = nlp or default_pipeline()
    analysis = _analyze_checked(check_text(text), nlp)
    for message in analysis.warnings:
        warnings.warn(message, ClaimscopeWarning, stacklevel=2)
    return analysis


def analyze_batch(
    texts: Iterable[str], batch_size: int = 64, n_process: int = 1, *, nlp: Language | None = None
) -> Iterator[Analysis]:
    """Analyse a stream of texts through ``nlp.pipe``, yielding one Analysis per input, in order.

    An item that is not a str does not stop the batch: it yields an Analysis with ``error`` set (E001).
    """
    if isinstance(texts, str | bytes):
        raise ClaimscopeTypeError(Errors.E002, type=type(texts).__name__)
    nlp = nlp or default_pipeline()
    prepared = (_prepare(item, nlp) for item in texts)
    for doc, (text, ready) in nlp.pipe(prepared, as_tuples=True, batch_size=batch_size, n_process=n_process):
        if ready is not None:
            yield ready
        else:
            yield _finish(text, doc_to_analysis(doc, text=text))


def _prepare(item: object, nlp: Language) -> tuple[str, tuple[str, Analysis | None]]:
    """What to send through ``nlp.pipe`` for one input: the text, or "" with a finished Analysis."""
    try:
        text = check_text(item)
    except ClaimscopeError as err:
        return "", ("", Analysis(text="", error=str(err)))
    if not text.strip() or len(text) > nlp.max_length:
        return "", (text, _analyze_checked(text, nlp))
    return text, (text, None)


def _analyze_checked(text: str, nlp: Language) -> Analysis:
    if not text.strip():
        return Analysis(text=text)
    if len(text) <= nlp.max_length:
        return _finish(text, doc_to_analysis(nlp(text)))
    pieces = split_long_text(text, nlp.max_length)
    analyses = [
        doc_to_analysis(doc, offset=offset) for doc, offset in nlp.pipe(((p, o) for o, p in pieces), as_tuples=True)
    ]
    notice = Warnings.W002.format(length=len(text), max_length=nlp.max_length, pieces=len(pieces))
    return _finish(text, merge_analyses(text, analyses, [notice]))


def _finish(text: str, analysis: Analysis) -> Analysis:
    """Attach the input-quality warnings to ``analysis``."""
    found = [w for w in (language_warning(text), control_char_warning(text)) if w]
    if not found:
        return analysis
    return analysis.model_copy(update={"warnings": [*analysis.warnings, *found]})
