"""The spaCy extension attributes claimscope sets, installed idempotently.

Claims live in ``doc.spans["claims"]``; each claim span carries:

- ``span._.claimer``: dict (text, start, end, entity_id, cue, kind) or None for the author's voice
- ``span._.statement``: self-contained wording of the claim
- ``span._.modality`` / ``span._.hedged``: set by the claims component
- ``span._.rule`` / ``span._.claimer_rule``: the names of the rules that made the claim's span and found its
  claimer (``claimscope.claims.component.CLAIM_RULES`` and ``CLAIMER_RULES``), for counting errors per rule; on the
  Doc only, not in the Analysis
- ``span._.verdict`` / ``span._.verdict_score`` / ``span._.checkworthiness`` / ``span._.stances``:
  set by the classify component (``stances`` is a list of dicts: target, label, score); the topic-stance
  component appends one dict per topic the claim is about (target = the topic, plus ``relevance``)

Entities are ``doc.ents`` with ``ent.label_`` one of claimscope's labels and ``ent.kb_id_`` the canonical id;
``doc._.entity_info`` maps each id to its canonical name, label and attributes; ``doc._.entity_groups``
lists references to a pair of countries ("the two countries") with both ids. ``doc._.skipped`` lists the
lines that assert nothing, with the reason.

``doc._.analysis`` (a getter) is the plain :class:`~claimscope.schema.Analysis` of the Doc, for spaCy users who
call ``nlp(text)`` themselves: the same as ``claimscope.analyze(doc.text, nlp=nlp)`` for a text within
``nlp.max_length`` (see :func:`analysis_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from claimscope.schema import Analysis

SPANS_KEY = "claims"
"""The ``doc.spans`` key of the claims."""

SPAN_EXTENSIONS: dict[str, object] = {
    "claimer": None,
    "statement": None,
    "modality": None,
    "hedged": None,
    "rule": None,
    "claimer_rule": None,
    "verdict": None,
    "verdict_score": None,
    "checkworthiness": None,
    "stances": None,
}
DOC_EXTENSIONS: dict[str, object] = {
    "entity_info": None,
    "entity_groups": None,
    "skipped": None,
}


def analysis_of(doc: Doc) -> Analysis:
    """``doc._.analysis``: the :class:`~claimscope.schema.Analysis` of a Doc made by a claimscope pipeline.

    >>> nlp = claimscope.load()
    >>> doc = nlp("Peskov said that Tokyo's sanctions were unfriendly.")
    >>> doc._.analysis.claims[0].claimer.text
    'Peskov'

    It is built from the Doc's annotations (:func:`claimscope.export.analysis.doc_to_analysis`) on every access, so it
    follows any change made to the Doc; keep the result if you need it more than once. It carries the
    input-quality warnings as ``analysis.warnings`` (without emitting them) and equals
    ``claimscope.analyze(doc.text, nlp=nlp)``: same claims, entities, scores and JSON. Topic stances appear
    when the pipeline has a ``claimscope_topic_stance`` component. A Doc from a pipeline without claimscope's
    components gives an Analysis with no claims and no entities.
    """
    from claimscope.export.analysis import doc_to_analysis
    from claimscope.text import control_char_warning, language_warning

    analysis = doc_to_analysis(doc)
    found = [w for w in (language_warning(doc.text), control_char_warning(doc.text)) if w]
    return analysis.model_copy(update={"warnings": found}) if found else analysis


def install_extensions() -> None:
    """Register claimscope's ``Span._`` and ``Doc._`` attributes (safe to call more than once)."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("analysis"):
        Doc.set_extension("analysis", getter=analysis_of)


def entity_ids_in(span: Span) -> list[str]:
    """Distinct entity ids mentioned inside ``span``, in order (token-based: ``Span.ents`` scans the Doc)."""
    return list(dict.fromkeys(t.ent_kb_id_ for t in span if t.ent_kb_id_))
