"""The high-level API: :func:`analyze` one text, :func:`analyze_batch` a stream of texts."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, cast

from spacy.language import Language
from spacy.tokens import Doc

from claimscope.classify.topics import check_topics
from claimscope.errors import (
    ClaimscopeError,
    ClaimscopeRuntimeError,
    ClaimscopeTypeError,
    ClaimscopeWarning,
    Errors,
    Warnings,
)
from claimscope.export.analysis import doc_to_analysis
from claimscope.models.memory import release_free_memory
from claimscope.pipeline import TOPIC_STEP, add_topic_step, load
from claimscope.schema import Analysis, Skipped
from claimscope.text import PreparedText, check_text, control_char_warning, language_warning, prepare_text
from claimscope.windows import WINDOW_CHARS, join_windows, split_windows

if TYPE_CHECKING:
    from claimscope.classify.component import ClaimClassifier
    from claimscope.classify.topic_stance import TopicStancer

Topics = str | Iterable[str] | None
ComponentCfg = dict[str, dict[str, object]] | None
# With several processes, spaCy starts them for each call of nlp.pipe: give each call more texts.
TEXTS_PER_PROCESS_CALL = 8


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The default pipeline, loaded once per process."""
    return load()


def analyze(text: str, *, topics: Topics = None, nlp: Language | None = None) -> Analysis:
    """Analyse one text: its claims, their claimers, modality and classifications, and its entities.

    ``topics`` (phrases such as "sanctions against Russia") add to each claim *about* a topic a
    :class:`~claimscope.schema.Stance` with ``target`` = the topic; claims unrelated to it get none (see
    :mod:`claimscope.classify.topics`). Raises :class:`~claimscope.errors.ClaimscopeTypeError` (E001) when ``text`` is
    not a str, :class:`~claimscope.errors.ClaimscopeValueError` (E024) for an empty topic and
    :class:`~claimscope.errors.ClaimscopeRuntimeError` (E030) if the pipeline itself fails on the text.
    Empty or whitespace-only text gives an Analysis with no claims; unencodable characters are repaired
    (W007). A text longer than 100,000 characters is read in windows cut at paragraph or sentence
    boundaries (:mod:`claimscope.windows`: bounded memory, linear time); offsets still point into ``text``.
    """
    nlp = nlp or default_pipeline()
    topic_cfg = _topic_config(topics, nlp)
    checked = check_text(text)
    try:
        analysis = _analyze_one(checked, nlp, topic_cfg)
    except (ClaimscopeError, KeyboardInterrupt):
        raise
    except Exception as err:  # noqa: BLE001  (a failure deep in spaCy or torch becomes a coded error)
        raise ClaimscopeRuntimeError(Errors.E030, error=type(err).__name__, reason=err) from err
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

    No item stops the batch: an item that is not a str yields an Analysis with ``error`` set (E001), and an
    item the pipeline fails on yields one with ``error`` set (E030) while the rest go on. ``topics`` work as
    in :func:`analyze`: they go to the pipeline's ``claimscope_topic_stance`` step, batched over the claims of
    ``batch_size`` texts. With ``n_process`` above 1, spaCy's worker processes are started for each group of
    ``batch_size * n_process * 8`` texts.
    """
    if isinstance(texts, str | bytes):
        raise ClaimscopeTypeError(Errors.E002, type=type(texts).__name__)
    nlp = nlp or default_pipeline()
    topic_cfg = _topic_config(topics, nlp)
    group = batch_size if n_process <= 1 else batch_size * n_process * TEXTS_PER_PROCESS_CALL
    items = iter(texts)
    while chunk := list(islice(items, group)):
        yield from _analyze_chunk(chunk, nlp, topic_cfg, batch_size, n_process)


def pipeline_tier(nlp: Language) -> str | None:
    """The tier of ``nlp``'s classifier (None without one: the default tier applies)."""
    if "claimscope_classify" in nlp.pipe_names:
        return str(cast("ClaimClassifier", nlp.get_pipe("claimscope_classify")).tier)
    return None


def _topic_config(topics: Topics, nlp: Language) -> ComponentCfg:
    """The ``component_cfg`` that gives the pipeline's topic-stance step ``topics`` (validated now, models loaded
    on first use), or None when there are no topics or the topic model is not installed (warning W010). A saved
    pipeline without the step gets it, on the tier of its classifier."""
    from claimscope.models.artefacts import is_installed

    checked = check_topics(topics)
    if not checked:
        return None
    tier = pipeline_tier(nlp)
    if add_topic_step(nlp, tier):
        path = cast("TopicStancer", nlp.get_pipe(TOPIC_STEP)).model_path
    else:
        from claimscope.models.predict import TopicStanceModel

        path = TopicStanceModel.default_path(tier)
    if not is_installed(path):
        warnings.warn(Warnings.W010.format(path=path), ClaimscopeWarning, stacklevel=3)
        return None
    return {TOPIC_STEP: {"topics": checked}}


def _analyze_chunk(
    items: Sequence[object], nlp: Language, topic_cfg: ComponentCfg, batch_size: int, n_process: int
) -> list[Analysis]:
    """The analyses of ``items``, in order; a failure stays with its item."""
    results: list[Analysis | None] = [None] * len(items)
    piped: list[tuple[int, str, PreparedText]] = []
    for i, item in enumerate(items):
        try:
            text = check_text(item)
        except ClaimscopeError as err:
            results[i] = Analysis(text="", error=str(err))
            continue
        prepared = prepare_text(text)
        if prepared.has_content and len(text) <= _window(nlp):
            piped.append((i, text, prepared))
        else:
            found = _guarded(lambda t=text, p=prepared: _analyze_one(t, nlp, topic_cfg, p))
            results[i] = found if isinstance(found, Analysis) else _failed(prepared.repaired, found)
    docs = _pipe([p.clean for _, _, p in piped], nlp, topic_cfg, batch_size, n_process)
    for (i, text, prepared), doc in zip(piped, docs, strict=True):
        results[i] = _finish(text, prepared, doc) if isinstance(doc, Doc) else _failed(prepared.repaired, doc)
    return results  # type: ignore[return-value]


def _pipe(
    texts: list[str], nlp: Language, topic_cfg: ComponentCfg, batch_size: int, n_process: int
) -> list[Doc | BaseException]:
    """``nlp.pipe`` over ``texts``; if it fails, each text alone, so the failure stays with its text."""
    if not texts:
        return []
    try:
        return list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process, component_cfg=topic_cfg))
    except KeyboardInterrupt:
        raise
    except Exception:  # noqa: BLE001
        return [_guarded(lambda t=text: nlp(t, component_cfg=topic_cfg)) for text in texts]


def _guarded(step):
    """``step()``, or the exception it raised."""
    try:
        return step()
    except KeyboardInterrupt:
        raise
    except Exception as err:  # noqa: BLE001
        return err


def _analyze_one(text: str, nlp: Language, topic_cfg: ComponentCfg, prepared: PreparedText | None = None) -> Analysis:
    """The Analysis of one checked text; the pipeline's own exceptions propagate."""
    prepared = prepared or prepare_text(text)
    if not prepared.has_content:
        return _finish(text, prepared, None)
    size = _window(nlp)
    if len(text) <= size:
        return _finish(text, prepared, nlp(prepared.clean, component_cfg=topic_cfg))
    windows = split_windows(prepared.clean, size)
    analyses = []
    docs = nlp.pipe((window for _, window in windows), batch_size=1, component_cfg=topic_cfg)  # one at a time
    for (offset, window), doc in zip(windows, docs, strict=True):
        analyses.append(doc_to_analysis(doc, offset=offset, text=window))
        release_free_memory()  # the parser's temporary arrays: without this the peak grew with the text
    notice = Warnings.W002.format(length=len(text), pieces=len(windows), window=f"{size:,}")
    return _finish(text, prepared, join_windows(prepared.repaired, analyses, [notice]))


def _window(nlp: Language) -> int:
    return min(WINDOW_CHARS, nlp.max_length)


def _failed(text: str, err: BaseException) -> Analysis:
    """The Analysis of a text the pipeline failed on: no claims, the coded error E030."""
    return Analysis(text=text, error=Errors.E030.format(error=type(err).__name__, reason=err))


def _finish(text: str, prepared: PreparedText, found: Doc | Analysis | None) -> Analysis:
    """The Analysis of ``text`` (from its Doc, joined windows or nothing) with the input-quality warnings and
    the stretches blanked before parsing."""
    notes = [w for w in (*prepared.warnings, language_warning(text), control_char_warning(text)) if w]
    text = prepared.repaired
    if isinstance(found, Doc):
        analysis = doc_to_analysis(found, text=text)
    elif found is None:
        analysis = Analysis(text=text)
    else:
        analysis = found
    if not notes and not prepared.skipped:
        return analysis
    skipped = [Skipped(text=text[s:e], start=s, end=e, reason=reason) for s, e, reason in prepared.skipped]
    return analysis.model_copy(
        update={
            "text": text,
            "warnings": [*analysis.warnings, *notes],
            "skipped": sorted([*analysis.skipped, *skipped], key=lambda s: s.start),
        }
    )
