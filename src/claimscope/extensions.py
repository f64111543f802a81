"""The spaCy extension attributes claimscope sets, installed idempotently.

Claims live in ``doc.spans["claims"]``; each claim span carries:

- ``span._.claimer``: dict (text, start, end, entity_id, cue, kind) or None for the author's voice
- ``span._.statement``: self-contained wording of the claim
- ``span._.modality`` / ``span._.hedged``: set by the claims component
- ``span._.verdict`` / ``span._.verdict_score`` / ``span._.checkworthiness`` / ``span._.stances``:
  set by the classify component (``stances`` is a list of dicts: target, label, score); the topic-stance
  component appends one dict per topic the claim is about (target = the topic, plus ``relevance``)

Entities are ``doc.ents`` with ``ent.label_`` one of claimscope's labels and ``ent.kb_id_`` the canonical id;
``doc._.entity_info`` maps each id to its canonical name, label and attributes; ``doc._.entity_groups``
lists references to a pair of countries ("the two countries") with both ids. ``doc._.skipped`` lists the
lines that assert nothing, with the reason.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_EXTENSIONS: dict[str, object] = {
    "claimer": None,
    "statement": None,
    "modality": None,
    "hedged": None,
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


def install_extensions() -> None:
    """Register claimscope's ``Span._`` and ``Doc._`` attributes (safe to call more than once)."""
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
