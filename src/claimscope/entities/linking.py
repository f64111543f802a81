"""Canonical ids and document-level resolution for the entity component: entity records, a later short form of a
person ("Peskov") linked to the full mention, bare surnames the NER missed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from spacy.attrs import ORTH
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span

from claimscope.entities.tokens import _tokens_with

if TYPE_CHECKING:
    from claimscope.entities.gazetteer import Gazetteer


class DocumentLinker:
    """Links mentions within a document; mixed into :class:`~claimscope.entities.component.EntityTagger`, whose
    ``gazetteer`` it uses."""

    # Set by EntityTagger.set_gazetteer; declared for the type checker only.
    gazetteer: Gazetteer

    def _link_short_forms(self, spans: list[Span], info: dict[str, dict[str, Any]]) -> list[Span]:
        """Give a person's short form ("Peskov") the id of the fullest mention containing its words; where fuller
        mentions of several people contain them ("Nawaz Sharif", "Shehbaz Sharif"), the nearest one before it."""
        fullest: dict[str, Span] = {}  # word -> the longest person mention holding it (officials first)
        people = [s for s in spans if s.label_ in ("PERSON", "OFFICIAL")]
        # A one-word ORG that is the surname of a person named in the document is that person: "coach John
        # Fox's job ... when Fox delivered the news", "Reid said he and Paul did not discuss Paul's demands".
        surnames = _surnames(people)
        surnames.update({s.text: s for s in people if len(s) == 1 and s[0].is_title})
        spans = [
            Span(s.doc, s.start, s.end, label=surnames[s.text].label_, kb_id=surnames[s.text].kb_id_)
            if s.label_ == "ORG" and len(s) == 1 and s.text in surnames
            else s
            for s in spans
        ]
        people = [s for s in spans if s.label_ in ("PERSON", "OFFICIAL")]
        for span in sorted(people, key=lambda s: (len(s), s.label_ == "OFFICIAL")):
            for word in _words(span):
                fullest[word] = span
        linked = []
        for span in spans:
            words = _words(span) if span.label_ in ("PERSON", "OFFICIAL") else set()
            candidates = {fullest[w].kb_id_: fullest[w] for w in words if w in fullest}
            target = next((c for c in candidates.values() if len(c) > len(span) and words <= _words(c)), None)
            if target is not None:
                target = _nearest_earlier_namesake(span, words, people, self.gazetteer.entries) or target
            if target is not None and self._listed_beside_relative(span, target, info):
                target = None
            if target is not None and target.kb_id_ != span.kb_id_:
                merged = info[target.kb_id_]
                own_office = span.kb_id_ not in self.gazetteer.entries  # not the listed entry of another person
                if span.label_ == "OFFICIAL" and merged["label"] == "PERSON" and own_office:
                    merged.update(label="OFFICIAL", attributes=info[span.kb_id_]["attributes"])
                span = Span(span.doc, span.start, span.end, label=merged["label"], kb_id=target.kb_id_)
            linked.append(span)
        # Re-label every mention of an id with its final label (a PERSON promoted to OFFICIAL).
        return [_with_label(s, info[s.kb_id_]["label"]) for s in linked]

    def _listed_beside_relative(self, span: Span, target: Span, info: dict[str, dict[str, Any]]) -> bool:
        """ "Trump" beside "Ivanka Trump", "Mugabe" beside "Grace Mugabe": a listed alias keeps its entry when the
        fuller mention has another label (a relative who holds no office) and the listed person heads (or headed) a
        state, whose bare surname names him wherever he is not named in full; "Clinton" beside "Bill Clinton" does
        not, nor "Ratcliffe" beside "Richard Ratcliffe" (a part of another person's name in the document)."""
        return (
            self.gazetteer.alias_index.get(span.text) == span.kb_id_
            and info[target.kb_id_]["label"] != info[span.kb_id_]["label"]
            and _heads_a_state(info[span.kb_id_])
        )


HEAD_OF_STATE_ROLES = ("president", "prime minister", "leader", "king", "queen", "chancellor", "premier", "emperor")


def _heads_a_state(entity: dict[str, Any]) -> bool:
    """True for a listed head of state or government, current or former ("former president")."""
    role = str((entity.get("attributes") or {}).get("role", "")).lower()
    return any(word in role for word in HEAD_OF_STATE_ROLES) and "vice" not in role


def _with_label(span: Span, label: str) -> Span:
    """``span`` labelled ``label`` (the span itself when it has that label already)."""
    return span if span.label_ == label else Span(span.doc, span.start, span.end, label=label, kb_id=span.kb_id_)


def _info(label: str, name: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return {"label": label, "name": name, "attributes": dict(attributes)}


def _nearest_earlier_namesake(
    span: Span, words: set[str], people: list[Span], listed: Mapping[str, Any]
) -> Span | None:
    """The last full mention before the surname ``span`` of a ``listed`` person with that surname, when the
    document names several listed people with it ("Nawaz Sharif ... Shehbaz Sharif ... Sharif": Shehbaz); None
    when it names one or none of them before the surname."""
    fuller = [
        p
        for p in people
        if len(p) > len(span) and words <= _words(p) and p[-1].text == span[-1].text and p.kb_id_ in listed
    ]
    if len({p.kb_id_ for p in fuller}) < 2:
        return None
    return max((p for p in fuller if p.start < span.start), key=lambda p: p.start, default=None)


def _surnames(spans: list[Span]) -> dict[str, Span]:
    """The last word of each person mention of two words or more -> that mention ("Lindstrom" -> "Ava
    Lindstrom")."""
    return {s[-1].text: s for s in spans if s.label_ in ("PERSON", "OFFICIAL") and len(s) > 1 and s[-1].is_title}


def _with_repeated_surnames(doc: Doc, spans: list[Span]) -> list[Span]:
    """Add a later bare surname the NER left out ("Ava Lindstrom ... Like Lindstrom, ...") as that person."""
    surnames = _surnames(spans)
    if not surnames:
        return spans
    taken = {i for s in spans for i in range(s.start, s.end)}
    added = []
    for token in _tokens_with(doc, ORTH, frozenset(hash_string(name) for name in surnames)):
        person = surnames[token.text]
        if token.i in taken or token.pos_ != "PROPN":
            continue
        if (token.i > 0 and doc[token.i - 1].pos_ == "PROPN") or (
            token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
        ):
            continue  # part of another name ("Jane Lindstrom")
        added.append(Span(doc, token.i, token.i + 1, label=person.label_, kb_id=person.kb_id_))
    return sorted([*spans, *added], key=lambda s: s.start) if added else spans


def _words(span: Span) -> set[str]:
    return {t.lower_ for t in span if t.is_alpha}
