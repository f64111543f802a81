"""Turn an annotated spaCy Doc into the plain :class:`~claimscope.schema.Analysis` (and merge pieces)."""

from __future__ import annotations

from spacy.tokens import Doc

from claimscope.extensions import SPANS_KEY, entity_ids_in
from claimscope.schema import Analysis, Attribution, Claim, Entity, Mention, Skipped, Stance


def doc_to_analysis(doc: Doc, offset: int = 0, text: str | None = None) -> Analysis:
    """The Analysis of ``doc``; ``offset`` shifts every character offset (for a piece of a longer text)."""
    return Analysis(
        text=doc.text if text is None else text,
        claims=[_claim(span, offset) for span in doc.spans.get(SPANS_KEY, [])],
        entities=_entities(doc, offset),
        skipped=[Skipped(**{**s, "start": s["start"] + offset, "end": s["end"] + offset}) for s in doc._.skipped or []],
    )


def _claim(span, offset: int) -> Claim:
    groups = [g for g in span.doc._.entity_groups or [] if span.start_char <= g["start"] and g["end"] <= span.end_char]
    entity_ids = list(dict.fromkeys([*entity_ids_in(span), *(i for g in groups for i in g["ids"])]))
    claimer = span._.claimer
    if claimer is not None:
        claimer = Attribution(**{**claimer, "start": claimer["start"] + offset, "end": claimer["end"] + offset})
    return Claim(
        text=span.text,
        start=span.start_char + offset,
        end=span.end_char + offset,
        statement=span._.statement or span.text,
        claimer=claimer,
        entity_ids=entity_ids,
        verdict=span._.verdict,
        verdict_score=span._.verdict_score,
        checkworthiness=span._.checkworthiness,
        stances=[Stance(**s) for s in span._.stances or []],
        modality=span._.modality,
        hedged=span._.hedged,
    )


def _entities(doc: Doc, offset: int) -> list[Entity]:
    info = doc._.entity_info or {}
    mentions: dict[str, list[Mention]] = {}
    for ent in doc.ents:
        if ent.kb_id_:
            mention = Mention(text=ent.text, start=ent.start_char + offset, end=ent.end_char + offset)
            mentions.setdefault(ent.kb_id_, []).append(mention)
    for group in doc._.entity_groups or []:  # "the two countries": a mention of each country of the pair
        mention = Mention(text=group["text"], start=group["start"] + offset, end=group["end"] + offset)
        for kb_id in group["ids"]:
            mentions.setdefault(kb_id, []).append(mention)
    for found in mentions.values():
        found.sort(key=lambda m: m.start)
    return [
        Entity(
            id=kb_id,
            label=info[kb_id]["label"],
            name=info[kb_id]["name"],
            mentions=found,
            attributes=info[kb_id]["attributes"],
        )
        for kb_id, found in mentions.items()
    ]
