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
    found = []
    tokens = list(sent)
    for k, token in enumerate(tokens):
        if token.lower_ == "bilateral":
            found.append((token.i, token.i + 1))
            continue
        for determiner in PAIR_DETERMINERS:
            words = [t.lower_ for t in tokens[k : k + len(determiner)]]
            after = k + len(determiner)
            if tuple(words) == determiner and after < len(tokens) and tokens[after].lower_ in PAIR_NOUNS:
                found.append((token.i, tokens[after].i + 1))
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
