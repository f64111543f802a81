"""Officials for the entity component: the office a title gives a person ("Prime Minister X", "X, FBI Director"),
and office holders named by title alone ("the Russian president")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimscope.entities.gazetteer import make_id
from claimscope.entities.linking import _info
from claimscope.entities.words import (
    ADVISER_WORDS,
    GOVERNMENT_WORDS,
    HEAD_TITLES,
    HEAD_WORDS,
    NAME_LINKS,
    PARTY_LETTERS,
    PRIVATE_BODIES,
    PRIVATE_KINDS,
    PUBLIC_BODY_WORDS,
    QUALIFIED_TITLES,
    SPOKESPERSON_TITLES,
)

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher

    from claimscope.entities.gazetteer import Gazetteer


class OfficeFinder:
    """Finds officials' offices; mixed into :class:`~claimscope.entities.component.EntityTagger`, whose
    ``gazetteer`` and ``title_matcher`` it uses."""

    # Set by EntityTagger.__init__ / set_gazetteer; declared for the type checker only.
    gazetteer: Gazetteer
    title_matcher: PhraseMatcher

    def _title_only_officials(self, doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]]) -> list[Span]:
        """ "the Russian president", "Japan's foreign minister", "the president of Russia" with no name."""
        countries = {s.end: s for s in spans if s.label_ == "COUNTRY"}
        country_starts = {s.start: s for s in spans if s.label_ == "COUNTRY"}
        people = {s.start for s in spans if s.label_ in ("PERSON", "OFFICIAL")}
        people_ends = {s.end for s in spans if s.label_ in ("PERSON", "OFFICIAL")}
        found = []
        for title in filter_spans([doc[s:e] for _, s, e in self.title_matcher(doc)]):
            start, end = title.start, title.end
            if end in people or (end < len(doc) and doc[end].pos_ == "PROPN"):
                continue  # a name follows: the name is the mention ("President Barack Obama")
            if end + 1 < len(doc) and doc[end].text == "," and end + 1 in people:
                continue  # "Syria's president, Bashar al-Assad": the name in apposition is the mention
            country = countries.get(start)
            if country is None and start >= 2 and doc[start - 1].tag_ == "POS":
                country = countries.get(start - 1)
            if country is not None and _follows_a_named_person(doc, country.start, people_ends):
                continue  # "Xi Jinping, China's president": the name is the mention, "China" stays a country
            if country is not None:
                span_start, span_end = country.start, end
            elif _follows_a_named_person(doc, start, people_ends):
                continue  # "Xi Jinping, president of China": the name is the mention
            elif end + 1 < len(doc) and doc[end].lower_ == "of" and _country_after_of(doc, end + 1, country_starts):
                country = cast(Span, _country_after_of(doc, end + 1, country_starts))  # not None: tested above
                span_start, span_end = start, country.end
            else:
                continue
            if span_start > 0 and doc[span_start - 1].lower_ in ("a", "an", "another", "every"):
                continue  # "a Russian lawmaker": not one specific office holder
            role = doc[start:end].text.lower()
            kb_id = make_id("OFFICIAL", f"{country.kb_id_.split(':')[1].lower()}-{role}")
            found.append(Span(doc, span_start, span_end, label="OFFICIAL", kb_id=kb_id))
            name = doc[span_start:span_end].text
            info.setdefault(kb_id, _info("OFFICIAL", name, {"role": role, "country": country.kb_id_}))
        return found

    def _office_of(self, person: Span) -> dict[str, Any]:
        """Role and country when a title precedes ``person`` or stands in apposition to it."""
        doc = person.doc
        sent = person.sent
        first = person.start
        while first > sent.start and doc[first - 1].is_space:
            first -= 1  # "The spokesman  Garba Shehu" (PerSenT pads names with spaces)
        window = doc[max(sent.start, first - 6) : first]
        # PhraseMatcher gives doc-level token offsets, also when called on a span.
        for _, start, end in sorted(self.title_matcher(window), key=lambda m: m[1]):
            if end == first or (end == first - 1 and doc[end].text == ","):
                start = portfolio_start(doc[start:end])  # "External Affairs Minister X": the whole title
                return self._qualified_role(doc[start:end])  # "Prime Minister X", "the minister, X"
        relative = _relative_clause_words(person)
        if relative is not None:
            for _, start, end in self.title_matcher(relative):
                return self._qualified_role(doc[start:end])  # "Abdul Razak, who was Malaysia's prime minister"
        if _party_tag_follows(person):
            return {"role": "legislator"}
        head = person.root.head
        before = doc[person.start - 1] if person.start > 0 else None
        if (
            person.root.dep_ == "conj"
            and head.i < person.start
            and head.ent_type_ in ("PERSON", "OFFICIAL")
            and before is not None
            and (before.is_punct or before.lower_ in ("and", "or"))
        ):
            # "former Presidents Barack Obama, Bill Clinton and Jimmy Carter": the title covers the list
            # (but not "President Donald Trump and first lady Melania Trump").
            head_person = _ent_span(head)
            return self._office_of(head_person) if head_person is not None else {}
        for child in person.root.children:
            if child.dep_ == "appos":
                if child.lower_ in ADVISER_WORDS:
                    return {}  # "Brian Deese, a senior adviser to President Obama": an aide, whatever the boss is
                appos = doc[child.left_edge.i : child.right_edge.i + 1]
                for _, start, end in self.title_matcher(appos):
                    if end < appos.end and doc[end].pos_ == "PROPN":
                        continue  # "..., a friend of Senator Jones": the title is another person's
                    return self._qualified_role(doc[start:end])
                if _heads_a_public_body(child):
                    return {"role": "head of agency"}  # "Lena Ortiz, head of the Environmental Protection Agency"
        if _fronted_head_of_public_body(person):
            return {"role": "head of agency"}  # "As chief of the Commerce Department, Ross will oversee ..."
        return {}

    def _qualified_role(self, title: Span) -> dict[str, Any]:
        """The title's role; "Chancellor", "Director", "Chairman" alone need a country or public body before them
        ("German Chancellor", "FBI Director", "Senate Intelligence Committee Chairman"), not a university's."""
        if self._private_title(title):
            return {}  # "Karen Whitfield, a spokeswoman for the hospital", "company President Dan Cathy"
        attributes = self._role(title)
        if title.text.lower() not in QUALIFIED_TITLES or "country" in attributes or "organization" in attributes:
            return attributes
        before = title.doc[title.start - 1] if title.start > title.sent.start else None
        return attributes if before is not None and before.text in GOVERNMENT_WORDS else {}

    def _private_title(self, title: Span) -> bool:
        """A spokesperson's or a head's title in a private body: "hospital spokeswoman", "a spokesman for the
        company", "company President Dan Cathy", "executive vice president", "president of the Bush Foundation"."""
        role = title.text.lower()
        if role not in SPOKESPERSON_TITLES and role not in HEAD_TITLES:
            return False
        doc = title.doc
        before = doc[title.start - 1].lower_ if title.start > 0 else ""
        if before in PRIVATE_BODIES or (role in HEAD_TITLES and before in ("executive", "senior")):
            return True
        k = title.end
        if k >= len(doc) or doc[k].lower_ not in ("for", "of", "at"):
            return False
        for token in doc[k + 1 : min(len(doc), k + 5)]:
            if token.lower_ in PRIVATE_BODIES:
                return True
            if token.dep_ == "pobj":
                break
        return role in HEAD_TITLES and self._named_private_body(doc, k + 1)

    def _named_private_body(self, doc: Doc, start: int) -> bool:
        """The capitalised name from ``start`` on (after a "the") names neither a state nor a public or international
        body: "the George W. Bush Foundation", "Occidental", not "the United States" or "the World Bank"."""
        start += start < len(doc) and doc[start].lower_ == "the"
        end = start
        while end < min(len(doc), start + 8) and (
            doc[end].is_title or doc[end].is_upper or doc[end].lower_ in NAME_LINKS
        ):
            end += 1
        while end > start and doc[end - 1].lower_ in NAME_LINKS:
            end -= 1
        if end == start:
            return False
        name = doc[start:end]
        for text in (name.text, *(t.text for t in name)):
            entry = self.gazetteer.lookup(text)
            if entry is not None and entry.label == "COUNTRY":
                return False
            if entry is not None and entry.label == "ORG" and entry.attributes.get("kind") not in PRIVATE_KINDS:
                return False
        return not any(t.text in PUBLIC_BODY_WORDS or t.text in GOVERNMENT_WORDS for t in name)

    def _role(self, title: Span) -> dict[str, Any]:
        attributes: dict[str, Any] = {"role": title.text.lower()}
        doc = title.doc
        before = doc[max(title.sent.start, title.start - 3) : title.start]
        for token in reversed(before):
            text = token.text if token.text != "'s" else ""
            entry = self.gazetteer.lookup(text) if text else None
            if entry is not None:
                if entry.label == "COUNTRY":
                    attributes["country"] = entry.id
                elif entry.label == "ORG":
                    attributes["organization"] = entry.id
                break
        return attributes


# Bare titles that a capitalised portfolio can precede ("External Affairs Minister", "Home Secretary").
PORTFOLIO_TITLES = frozenset({"minister", "secretary", "ministers", "secretaries"})
MAX_PORTFOLIO_WORDS = 3
NO_PORTFOLIO_LABELS = frozenset({"COUNTRY", "PERSON", "OFFICIAL", "GPE", "NORP"})


def portfolio_start(title: Span) -> int:
    """Where a bare "Minister"/"Secretary" title really starts: at the capitalised portfolio before it ("External
    Affairs Minister", "Home Affairs Minister", "Petroleum Minister"), not at a country, a demonym, a person or a
    possessive ("India's Minister"). The portfolio is part of the title, not an organisation of its own."""
    doc = title.doc
    if title.text.lower() not in PORTFOLIO_TITLES:
        return title.start
    start = title.start
    while start > title.sent.start and title.start - start < MAX_PORTFOLIO_WORDS and _portfolio_word(doc[start - 1]):
        start -= 1
    return start


def _portfolio_word(token: Token) -> bool:
    return (
        token.is_title
        and token.tag_ in ("NNP", "NNPS")
        and token.ent_type_ not in NO_PORTFOLIO_LABELS
        and token.lower_ not in ("the", "former", "then")
    )


def portfolio_orgs(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` without an organisation the NER found in the portfolio of a minister's title before a named
    official ("External Affairs" in "External Affairs Minister Sushma Swaraj"): the words are the official's role."""
    officials = {s.start: s for s in spans if s.label_ == "OFFICIAL"}
    kept = []
    for span in spans:
        after = span.end
        if span.label_ == "ORG" and after < len(doc) and doc[after].lower_ in PORTFOLIO_TITLES:
            nxt = after + 1
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            official = officials.get(nxt)
            if official is not None and portfolio_start(doc[after : after + 1]) <= span.start:
                continue
        kept.append(span)
    return kept


def _heads_a_public_body(noun: Token) -> bool:
    """ "head of the Environmental Protection Agency", "chief of the Commerce Department": a head word whose "of"
    object is a named public body."""
    if noun.lower_ not in HEAD_WORDS:
        return False
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return any(t.is_title and t.text in PUBLIC_BODY_WORDS for t in obj.subtree)
    return False


def _fronted_head_of_public_body(person: Span) -> bool:
    """ "As chief of the Commerce Department, Ross ...": an opening "As <head> of <public body>," before the
    person, who is the clause's subject."""
    doc = person.doc
    sent = person.sent
    k = person.start - 1
    while k > sent.start and doc[k].is_space:
        k -= 1
    if k <= sent.start or doc[k].text != "," or doc[sent.start].lower_ != "as":
        return False
    if person.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(_heads_a_public_body(t) for t in doc[sent.start + 1 : k])


def _ent_span(token: Token) -> Span | None:
    """The NER entity holding ``token``."""
    doc = token.doc
    return next((ent for ent in doc.ents if ent.start <= token.i < ent.end), None)


def _country_after_of(doc: Doc, i: int, country_starts: dict[int, Span]) -> Span | None:
    """The country at token ``i`` or after a "the" there: "president of [the] United States"."""
    if i in country_starts:
        return country_starts[i]
    if i < len(doc) and doc[i].lower_ == "the":
        return country_starts.get(i + 1)
    return None


def _relative_clause_words(person: Span) -> Span | None:
    """The first words of a relative clause that says what the person is or was: "..., who was Malaysia's
    second prime minister", "..., who served as secretary of state"."""
    doc = person.doc
    k = person.end
    while k < len(doc) and (doc[k].is_space or doc[k].text == ","):
        k += 1
    if k + 1 >= len(doc) or doc[k].lower_ != "who":
        return None
    verb = doc[k + 1]
    if verb.lemma_ == "be" or (verb.lemma_ in ("serve", "become") and k + 2 < len(doc)):
        end = k + 2
        while end < min(len(doc), k + 9) and not doc[end].is_punct and doc[end].lower_ not in ("and", "who"):
            end += 1
        return doc[k + 2 : end]
    return None


def _party_tag_follows(person: Span) -> bool:
    """ "John Cornyn (R-Texas)", "Jim Smith, D-Calif.": the party-and-state tag of a US legislator."""
    doc = person.doc
    k = person.end
    if k < len(doc) and doc[k].text in (",", "("):
        k += 1
    return (
        k + 2 < len(doc)
        and doc[k].text in PARTY_LETTERS
        and doc[k + 1].text == "-"
        and doc[k + 2].text[:1].isupper()
        and not doc[k].whitespace_
    )


def _follows_a_named_person(doc: Doc, start: int, people_ends: set[int]) -> bool:
    """True for an appositive title: "<name>, [the] <title>"."""
    k = start - 1
    if k >= 0 and doc[k].lower_ in ("the", "a"):
        k -= 1
    return k >= 1 and doc[k].text == "," and k in people_ends


def _read_titles(path: Path) -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            aliases = list(record["aliases"])
            # "Education Secretary" and "education secretary": multi-word titles in either case.
            aliases += [a.lower() for a in aliases if " " in a and a.lower() not in aliases]
            titles[record["title"]] = aliases
    return titles
