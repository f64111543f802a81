"""The high-level API: :func:`analyze` one text, :func:`analyze_batch` a stream of texts."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .components.topic_stance import TopicStancer
from .convert import doc_to_analysis, merge_analyses
from .errors import ClaimscopeError, ClaimscopeTypeError, ClaimscopeWarning, Errors, Warnings
from .pipeline import load
from .schema import Analysis
from .text import check_text, control_char_warning, language_warning, split_long_text
from .topics import check_topics

Topics = str | Iterable[str] | None


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The default pipeline, loaded once per process."""
    return load()


def analyze(text: str, *, topics: Topics = None, nlp: Language | None = None) -> Analysis:
    """Analyse one text: its claims, their claimers, modality and classifications, and its entities.

    ``topics`` (phrases such as "sanctions against Russia") add to each claim *about* a topic a
    :class:`~claimscope.schema.Stance` with ``target`` = the topic; claims unrelated to it get none (see
    :mod:`claimscope.topics`). Raises :class:`~claimscope.errors.ClaimscopeTypeError` (E001) when ``text`` is
    not a str and :class:`~claimscope.errors.ClaimscopeValueError` (E024) for an empty topic. Empty or
    whitespace-only text gives an Analysis with no claims. Text longer than ``nlp.max_length`` is processed in
    pieces cut at paragraph or sentence boundaries; offsets still point into ``text``.
    """
    nlp = nlp or default_pipeline()
    stancer = _topic_stancer(topics)
    analysis = _analyze_checked(check_text(text), nlp, stancer)
    for message in analysis.warnings:
        warnings.warn(message, ClaimscopeWarning, stacklevel=2)
    return analysis


def analyze_batch(
    texts: Iterable[str],
    batch_size: int = 64,
    n_process: int = 1,
    *,
    topics: Topics = None,
    nlp: Language | None = None,
) -> Iterator[Analysis]:
    """Analyse a stream of texts through ``nlp.pipe``, yielding one Analysis per input, in order.

    An item that is not a str does not stop the batch: it yields an Analysis with ``error`` set (E001).
    ``topics`` work as in :func:`analyze`; topic stances are computed in this process, batched over the claims
    of ``batch_size`` texts.
    """
    if isinstance(texts, str | bytes):
        raise ClaimscopeTypeError(Errors.E002, type=type(texts).__name__)
    nlp = nlp or default_pipeline()
    stancer = _topic_stancer(topics)
    prepared = (_prepare(item, nlp, stancer) for item in texts)
    stream = nlp.pipe(prepared, as_tuples=True, batch_size=batch_size, n_process=n_process)
    for chunk in minibatch(stream, size=batch_size):
        if stancer is not None:
            stancer.annotate([doc for doc, (_, ready) in chunk if ready is None])
        for doc, (text, ready) in chunk:
            yield ready if ready is not None else _finish(text, doc_to_analysis(doc, text=text))


def _topic_stancer(topics: Topics) -> TopicStancer | None:
    """The topic-stance step for ``topics`` (validated now, models loaded on first use), or None."""
    checked = check_topics(topics)
    if not checked:
        return None
    return TopicStancer(checked)


def _prepare(
    item: object, nlp: Language, stancer: TopicStancer | None = None
) -> tuple[str, tuple[str, Analysis | None]]:
    """What to send through ``nlp.pipe`` for one input: the text, or "" with a finished Analysis."""
    try:
        text = check_text(item)
    except ClaimscopeError as err:
        return "", ("", Analysis(text="", error=str(err)))
    if not text.strip() or len(text) > nlp.max_length:
        return "", (text, _analyze_checked(text, nlp, stancer))
    return text, (text, None)


def _analyze_checked(text: str, nlp: Language, stancer: TopicStancer | None = None) -> Analysis:
    if not text.strip():
        return Analysis(text=text)
    if len(text) <= nlp.max_length:
        return _finish(text, doc_to_analysis(_with_topics(nlp(text), stancer)))
    pieces = split_long_text(text, nlp.max_length)
    analyses = [
        doc_to_analysis(_with_topics(doc, stancer), offset=offset)
        for doc, offset in nlp.pipe(((p, o) for o, p in pieces), as_tuples=True)
    ]
    notice = Warnings.W002.format(length=len(text), max_length=nlp.max_length, pieces=len(pieces))
    return _finish(text, merge_analyses(text, analyses, [notice]))


def _with_topics(doc: Doc, stancer: TopicStancer | None) -> Doc:
    """``doc`` with topic stances added when there are topics."""
    if stancer is not None:
        stancer.annotate([doc])
    return doc


def _finish(text: str, analysis: Analysis) -> Analysis:
    """Attach the input-quality warnings to ``analysis``."""
    found = [w for w in (language_warning(text), control_char_warning(text)) if w]
    if not found:
        return analysis
    return analysis.model_copy(update={"warnings": [*analysis.warnings, *found]})
