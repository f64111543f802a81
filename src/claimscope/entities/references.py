"""Group references to a pair of countries: "the two countries", "both sides", "bilateral".

Each reference resolves to the pair of countries most recently discussed together: the first two distinct
countries of the latest sentence, up to the reference, that mentions at least two. The reference is then a
mention of both (``doc._.entity_groups``: one dict per reference with ``start``, ``end``, ``text`` as character
offsets and ``ids``, the two country ids). A reference with no such pair before it is left unresolved.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

PAIR_NOUNS = frozenset({"countries", "nations", "states", "sides", "neighbours", "neighbors", "governments"})
PAIR_DETERMINERS = (("the", "two"), ("both",))


def pair_references(doc: Doc) -> list[dict[str, Any]]:
    """The pair references of ``doc`` resolved against its COUNTRY entities (already in ``doc.ents``)."""
    countries = [ent for ent in doc.ents if ent.label_ == "COUNTRY"]
    if len({ent.kb_id_ for ent in countries}) < 2:
        return []  # no pair of countries to refer to
    countries_by_sentence: dict[int, list[str]] = {}
    for ent in countries:
        ids = countries_by_sentence.setdefault(ent.sent.start, [])
        if ent.kb_id_ not in ids:
            ids.append(ent.kb_id_)
    groups = []
    for sent in doc.sents:
        for start, end in _references_in(sent):
            pair = _latest_pair(countries, countries_by_sentence, sent.start, start)
            if pair is not None:
                span = doc[start:end]
                groups.append({"start": span.start_char, "end": span.end_char, "text": span.text, "ids": pair})
    return groups


def _references_in(sent) -> list[tuple[int, int]]:
    """Token ranges of "bilateral", "the two <noun>" and "both <noun>" in ``sent``."""
    found = []
    start = sent.start
    words = [t.lower_ for t in sent]
    for k, word in enumerate(words):
        if word == "bilateral":
            found.append((start + k, start + k + 1))
            continue
        for determiner in PAIR_DETERMINERS:
            after = k + len(determiner)
            if tuple(words[k:after]) == determiner and after < len(words) and words[after] in PAIR_NOUNS:
                found.append((start + k, start + after + 1))
    return found


def _latest_pair(countries: list, countries_by_sentence: dict[int, list[str]], sent_start: int, before: int):
    # The reference's own sentence counts only for countries mentioned before the reference.
    own: list[str] = []
    for ent in countries:
        if sent_start <= ent.start < before and ent.kb_id_ not in own:
            own.append(ent.kb_id_)
    if len(own) >= 2:
        return own[:2]
    for start in sorted((s for s in countries_by_sentence if s < sent_start), reverse=True):
        if len(countries_by_sentence[start]) >= 2:
            return countries_by_sentence[start][:2]
    return None
