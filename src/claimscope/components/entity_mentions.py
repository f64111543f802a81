"""``claimscope_entities``: spaCy's NER relabelled to claimscope's labels, with canonical ids.

What it does, in order:

1. Gazetteer matches (countries from pycountry, curated short names, demonyms, seats of power, organisations,
   officials, projects, events; see ``resources/``) take precedence over the statistical NER, which tags
   "G7" as a GPE or product and "the Kremlin" as an ORG.
2. The remaining NER entities are mapped: GPE/NORP/LOC that resolve to a country -> COUNTRY, PERSON ->
   PERSON (OFFICIAL when an office title precedes it or stands in apposition), ORG -> ORG, EVENT -> EVENT,
   LAW -> PROJECT. Places that are not countries, dates and numbers are dropped.
3. "<Name> project/pipeline/initiative/programme" and short quoted names with a digit ("Sakhalin-3") give
   PROJECT.
4. Within a document, a later short form of a person ("Peskov") shares the id of the full mention.

Every entity span in ``doc.ents`` has ``label_`` in claimscope's labels and ``kb_id_`` set to the canonical id;
``doc._.entity_info[id]`` holds its canonical name, label and attributes (``role``, ``country``, ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import hash_string
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..extensions import install_extensions
from ..gazetteer import CONTEXT_COUNTRIES, RESOURCES_DIR, Gazetteer, country_id, make_id, read_entries
from ..references import pair_references
from .entity_words import (
    ACTOR_GROUP_WORDS,
    ADVISER_WORDS,
    APPOSITION_ROLES,
    CITY_PART_WORDS,
    CLAUSE_DEPS,
    COMPANY_NOUNS,
    COUNT_NOUNS,
    CREDIT_PREFIXES,
    DATELINE_DASHES,
    FUNCTION_POS,
    GENERIC_EVENT_WORDS,
    GOVERNMENT_WORDS,
    HEAD_TITLES,
    HEAD_WORDS,
    HEADLINE_PREPOSITIONS,
    HEADLINE_VERBS,
    HONORIFICS,
    INDEFINITE_DETERMINERS,
    LAW_WORDS,
    LOCATIVE_PREPOSITIONS,
    MONTHS,
    NAME_CONTAINERS,
    NAME_LINKS,
    NAME_SUFFIXES,
    NER_TO_LABEL,
    NOT_NAMES,
    ORG_POSSESSIONS,
    ORG_WORDS,
    PARTY_LETTERS,
    PERSON_ROLE_WORDS,
    PERSONAL_POSSESSIONS,
    PERSONAL_POSSESSIVES,
    PLACE_KINDS,
    PLACE_LABELS,
    PLACE_PREFIXES,
    PRIVATE_BODIES,
    PRIVATE_KINDS,
    PROJECT_KEYWORDS,
    PROJECT_LAST_WORDS,
    PUBLIC_BODY_WORDS,
    QUALIFIED_TITLES,
    ROLE_ENDINGS,
    SPEECH_VERBS,
    SPOKESPERSON_TITLES,
    US_STATE_ABBREVIATIONS,
    US_STATE_KINDS,
)

_PERSONISH = {"OFFICIAL": "PERSON"}  # for coordination, an official is a person
GAZETTEER_FILE = "gazetteer.jsonl"
TITLES_FILE = "titles.jsonl"
PLACES_FILE = "places.txt"


@Language.factory(
    "claimscope_entities",
    assigns=["doc.ents", "doc._.entity_info", "doc._.entity_groups"],
    requires=["doc.ents", "token.tag", "token.dep"],
)
def make_entities(nlp: Language, name: str) -> EntityTagger:
    """Create the entity component with the package's gazetteers (add more with ``add_entities``)."""
    return EntityTagger(nlp, Gazetteer.default())


class EntityTagger:
    """Relabels and links the entities of a parsed Doc (see the module docstring)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        install_extensions()
        self.nlp = nlp
        self.titles = _read_titles(RESOURCES_DIR / TITLES_FILE)
        self.us_states = _subdivision_names(US_STATE_KINDS)
        self.places = _subdivision_names() | _read_places(RESOURCES_DIR / PLACES_FILE)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Titles: tagged PERSON alone ("the Queen's funeral", "Minority Leader") they name no one.
        self.title_words = frozenset(a for aliases in self.titles.values() for a in aliases)
        for title, aliases in self.titles.items():
            self.title_matcher.add(title, [nlp.make_doc(a) for a in aliases])
        self.project_matcher = Matcher(nlp.vocab)
        name_token = {"IS_TITLE": True, "IS_SENT_START": False}
        self.project_matcher.add(
            "PROJECT",
            [
                [
                    name_token,
                    {"TEXT": {"REGEX": r"^(?:[A-Z0-9][\w-]*|and|of|for|the)$"}, "OP": "*"},
                    {"LOWER": {"IN": list(PROJECT_KEYWORDS)}},
                ]
            ],
        )
        # Named laws, bills and treaties the NER missed: "Levelling Up and Regeneration Bill", "Patriot Act".
        self.project_matcher.add(
            "LAW",
            [
                [
                    {"IS_TITLE": True, "IS_SENT_START": False, "LOWER": {"NOT_IN": ["the", "a", "an", "this"]}},
                    {"OP": "*", "IS_TITLE": True, "TEXT": {"NOT_IN": sorted(LAW_WORDS)}},
                    {"OP": "*", "LOWER": {"IN": ["and", "of", "for", "on", "to"]}},
                    {"OP": "*", "IS_TITLE": True, "TEXT": {"NOT_IN": sorted(LAW_WORDS)}},
                    {"TEXT": {"IN": sorted(LAW_WORDS)}},
                ]
            ],
        )
        # Every project match ends in one of these words (lower case): without one, the matcher finds nothing.
        self.project_last_words = frozenset(nlp.vocab.strings.add(w.lower()) for w in (*PROJECT_KEYWORDS, *LAW_WORDS))
        self.set_gazetteer(gazetteer)

    def add_entities(self, path: str | Path) -> None:
        """Add the entries of a JSONL file in the resources' format; they are saved with the pipeline."""
        self.gazetteer.add(read_entries(path), source=str(path))
        self.set_gazetteer(self.gazetteer)

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Use ``gazetteer`` for matching from now on."""
        self.gazetteer = gazetteer
        self.alias_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        patterns = [self.nlp.make_doc(alias) for alias in gazetteer.alias_index]
        self.alias_matcher.add("ALIAS", patterns)

    # -- the component ---------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        info: dict[str, dict[str, Any]] = {}
        if "\u00e2" in doc.text:
            _split_garbled_possessives(doc)
        if ".-" in doc.text:
            _split_abbreviated_compounds(doc)
        gazetteer_spans = self._gazetteer_spans(doc, info)
        # spaCy rebuilds doc.ents on every access: read it once
        ner_ents = _split_after_listed_owners(doc.ents, gazetteer_spans)
        spans = [s for s in gazetteer_spans if not _inside_longer_name(s, ner_ents)]
        taken = {i for span in spans for i in range(span.start, span.end)}
        # The type of each token's name so far (gazetteer first, then the NER's), for coordinated names.
        kinds = {t.i: t.ent_type_ for t in doc if t.ent_type_}
        for span in spans:
            kinds.update(dict.fromkeys(range(span.start, span.end), _PERSONISH.get(span.label_, span.label_)))
        for span in [*self._ner_spans(doc, ner_ents, info, kinds, taken), *self._project_spans(doc, info)]:
            if not taken.intersection(range(span.start, span.end)):
                spans.append(span)
                taken.update(range(span.start, span.end))
        spans = filter_spans([*spans, *self._title_only_officials(doc, spans, info)])
        spans = self._countries_in_context(doc, spans, info)
        spans = self._link_short_forms(_with_repeated_surnames(doc, spans), info)
        doc.ents = spans
        doc._.entity_groups = pair_references(doc)
        doc._.entity_info = {kb: info[kb] for kb in {s.kb_id_ for s in spans}}
        return doc

    def _countries_in_context(self, doc: Doc, spans: list[Span], info: dict[str, dict[str, Any]]) -> list[Span]:
        """ "Georgia", "Jordan", "Niger", "Chad", "Guinea" name the country (not a US state, a person or a word)
        when their sentence also names another country than the United States: "Georgia and Ukraine want to
        join NATO", "Jordan and Egypt condemned the strike", "Niger's junta expelled French troops". A single-word
        PERSON or ORG reading of the name gives way; a longer name holding it ("Michael Jordan") does not."""
        candidates = _tokens_with(doc, ORTH, _CONTEXT_COUNTRY_IDS)
        if not candidates:
            return spans
        at = {i: s for s in spans for i in range(s.start, s.end)}
        out = list(spans)
        for token in candidates:
            held = at.get(token.i)
            if held is not None and (len(held) > 1 or held.label_ == "COUNTRY"):
                continue
            if (token.i > 0 and doc[token.i - 1].text in HONORIFICS) or (
                token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
            ):
                continue  # "Mr. Jordan", "Chad Smith", "Georgia Tech"
            sent = token.sent
            others = {s.kb_id_ for s in spans if s.label_ == "COUNTRY" and sent.start <= s.start < sent.end}
            if not others - {_USA}:
                continue
            entry = self.gazetteer.entries[country_id(CONTEXT_COUNTRIES[token.text])]
            if held is not None:
                out.remove(held)
            out.append(Span(doc, token.i, token.i + 1, label="COUNTRY", kb_id=entry.id))
            info.setdefault(entry.id, _info("COUNTRY", entry.name, entry.attributes))
        return sorted(out, key=lambda s: s.start)

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
                country = _country_after_of(doc, end + 1, country_starts)
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

    def _gazetteer_spans(self, doc: Doc, info: dict[str, dict[str, Any]]) -> list[Span]:
        spans = []
        for _, start, end in self.alias_matcher(doc):
            first = doc[start]
            if not (first.is_title or first.is_upper or first.text[:1].isupper() or first.lower_ == "the"):
                continue
            if first.lower_ == "the" and end - start == 1:
                continue
            match = doc[start:end]
            entry = self.gazetteer.lookup(match.text)
            if entry is None or self._is_capital_as_place(match):
                continue
            if entry.label == "EVENT" and _generic_event(match):
                continue  # "the Ukraine war", "the war in Ukraine": a lower-case "war" names no event
            if entry.label == "COUNTRY" and self._us_state_named(match):
                continue  # "Washington state": the US state, not the capital
            if entry.label == "COUNTRY" and start > 0 and doc[start - 1].text in HONORIFICS:
                continue  # "Mr. Holland", "Ms. Jordan": a surname, left to the NER's person
            if first.lower_ == "the":
                start += 1  # "the Kremlin", "the West": the mention is the name, as for NER entities
            if entry.label in ("OFFICIAL", "PERSON"):
                end = _with_name_suffix(doc[start:end], listed=True).end  # "Oliver Wendell Holmes, Jr."
            elif entry.label == "EVENT" and end < len(doc) and _is_year(doc[end]):
                end += 1  # "EuroPride 2022": the edition's year belongs to the event's name
            spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
            info.setdefault(entry.id, _info(entry.label, entry.name, entry.attributes))
        return filter_spans(spans)

    def _is_capital_as_place(self, span: Span) -> bool:
        """ "talks in Seoul": a capital after a preposition of place is a location, not the state acting."""
        if span.text not in self.gazetteer.capital_aliases:
            return False
        if span.root.dep_ in ("compound", "amod") and span.root.head.i >= span.end:
            return True  # "a London party"
        if span.root.dep_ == "poss" and span.root.head.pos_ == "PROPN":
            return True  # "London's Finsbury Park Mosque": the city's named place
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        return before in LOCATIVE_PREPOSITIONS or before in CITY_PART_WORDS

    def _us_state_named(self, span: Span) -> bool:
        """ "Washington state": a US state's name followed by "state" names the state."""
        doc = span.doc
        return span.text in self.us_states and span.end < len(doc) and doc[span.end].text == "state"

    def _is_place(self, span: Span, kinds: dict[int, str]) -> bool:
        """A person- or organisation-tagged span that is a state, province or county ("Ohio", "Cumbria"), a town
        named "St./Fort/Mount/Port/Lake X", or one word coordinated only with such places ("Cumbria and
        Yorkshire"), with nothing that makes it a person."""
        # The person tests are the costly ones: only for spans that name a place.
        return self._names_a_place(span) and not (_used_as_person(span) or _after_role_word(span))

    def _names_a_place(self, span: Span) -> bool:
        """A state, province or county, a "St./Fort/Mount/Port/Lake X" town, or one word coordinated only with such
        places."""
        if len(span) == 2 and span[0].text in PLACE_PREFIXES and span[1].is_title and span[1].text not in ORG_WORDS:
            return True  # "the entire St. Paul public school district", "Fort Worth" tagged ORG
        if span.text in self.places:
            return True
        pieces = _LIST_SEPARATORS.split(span.text)
        if len(pieces) > 1 and all(piece in self.places for piece in pieces):
            return True  # "Kharkiv and Odesa" tagged as one organisation
        if not _plain_name(span):
            return False
        if len(span) <= 3 and self._followed_by_state(span):
            return True  # "Bettendorf, Iowa", "Wilmington, Del.": a town
        if len(span) != 1:
            return False
        conjuncts = span.root.conjuncts
        return bool(conjuncts) and all(t.text in self.places for t in conjuncts)

    def _followed_by_state(self, span: Span) -> bool:
        """ "<town>, Iowa", "<town>, Del.": a comma (or PerSenT's padding space), a US state or its abbreviation, then
        punctuation, a lower-case word or the end."""
        doc = span.doc
        k = span.end
        if k + 1 >= len(doc) or not (doc[k].text == "," or doc[k].is_space):
            return False
        state = doc[k + 1]
        if state.text not in self.us_states and state.text not in US_STATE_ABBREVIATIONS:
            return False
        after = doc[k + 2] if k + 2 < len(doc) else None
        return after is None or after.is_space or (after.is_punct and after.tag_ != "POS") or after.is_lower

    def _listed_owner(self, span: Span) -> bool:
        """A one-word possessive that is the uncommon surname of one listed person ("Holder's DOJ")."""
        return len(span) == 1 and span.root.dep_ == "poss" and self.gazetteer.lookup_surname(span.text) is not None

    def _group_after_the(self, span: Span) -> bool:
        """ "the Blues": a plural word after "the" names a group, unless it is a listed surname ("the Obamas")."""
        text = span.text
        if len(span) != 1 or not span[0].is_title or not text.endswith("s") or text.endswith(("ss", "us", "is")):
            return False
        if span.start == 0 or span.doc[span.start - 1].lower_ != "the":
            return False
        singular = text[:-1]
        return singular not in self.gazetteer.surnames and self.gazetteer.lookup(singular) is None

    def _ner_spans(
        self,
        doc: Doc,
        ner_ents: tuple[Span, ...],
        info: dict[str, dict[str, Any]],
        kinds: dict[int, str],
        listed: set[int],
    ) -> list[Span]:
        """The NER's entities ``ner_ents`` in claimscope's labels; ``listed`` holds the tokens of gazetteer
        matches."""
        spans = []
        title_words_at: dict[int, int] = {}  # token -> end of the office title that holds it
        for _, start, end in self.title_matcher(doc):
            for i in range(start, end):
                title_words_at[i] = max(end, title_words_at.get(i, 0))
        for ent in ner_ents:
            pieces = _credit_pieces(ent)
            for piece in pieces:
                span = _cut_at_headline_verb(piece)
                if (
                    span is None
                    or _headline_phrase(span, ent.label_)
                    or _capitalised_common_noun(span, ent.label_)
                    or _dateline(span, ent.label_)
                    or _quoted_title(span, ent.label_)
                ):
                    continue  # "Cut Drug Prices" in "Democrats Unveil Plan to Cut Drug Prices": no name
                if ent.label_ == "EVENT" and _generic_event(span):
                    continue  # "the Ukraine war": no named event
                if span is not piece and (listed_entry := self.gazetteer.lookup(span.text)) is not None:
                    # "Trump" in "Trump Slams Media Over ...": the listed name the NER ran into a headline
                    spans.append(Span(doc, span.start, span.end, label=listed_entry.label, kb_id=listed_entry.id))
                    info.setdefault(
                        listed_entry.id, _info(listed_entry.label, listed_entry.name, listed_entry.attributes)
                    )
                    continue
                title_end = title_words_at.get(span.start, span.start)
                if ent.label_ == "PERSON" and span.start < title_end < span.end:
                    # "Councilwoman Ida Marsh", "Governors Strand": the title is no part of the name
                    span = doc[title_end : span.end]
                    while len(span) > 1 and span[0].is_space:
                        span = span[1:]
                text = span.text
                if text in NOT_NAMES or text.startswith("@") or not _looks_like_a_name(span, ent.label_):
                    continue  # generic words, diseases, social-media handles, links, "bobby pins", "Mar-a-Lago"
                if ent.label_ == "ORG" and span.start in title_words_at and span.end <= title_words_at[span.start]:
                    continue  # "Defense" in "then-Defense Secretary", "State" in "Secretary of State"
                if ent.label_ == "ORG" and _actor_group(span, self.gazetteer):
                    continue  # "UK Government": the gazetteer's "UK" is the mention
                if len(pieces) > 1 and ent.label_ in NER_TO_LABEL and any(t.text == "/" for t in ent):
                    # a photo credit "Name/For The Paper": each piece is a person or an organisation
                    label = "ORG" if any(t.text in ORG_WORDS for t in span) else "PERSON"
                    spans.append(self._named(span, label, info))
                elif ent.label_ in PLACE_LABELS:
                    entry = self.gazetteer.lookup(span.text)
                    if (
                        entry is None
                        or entry.label != "COUNTRY"
                        or self._is_capital_as_place(span)
                        or self._us_state_named(span)
                    ):
                        # a city, region or group that is not a country: no claimscope label, unless it is
                        # coordinated with a person ("Lutton and Tanton's book") or used as one ("Delgado lied
                        # about his finances", "Vantreese and her husband", "Hollis, who was fired")
                        if entry is None and span.text not in self.places and _plain_name(span) and len(span) <= 3:
                            if (ent.label_ == "GPE" and _coordinated_with(span, "PERSON", kinds)) or _used_as_person(
                                span
                            ):
                                spans.append(self._named(span, "PERSON", info))
                        continue
                    spans.append(Span(doc, span.start, span.end, label="COUNTRY", kb_id=entry.id))
                    info.setdefault(entry.id, _info("COUNTRY", entry.name, entry.attributes))
                elif ent.label_ == "FAC" and span[-1].text in ORG_WORDS:
                    spans.append(self._named(span, "ORG", info))  # "Finsbury Park Mosque", "Lincoln High School"
                elif ent.label_ in NER_TO_LABEL:
                    label = _relabel(span, NER_TO_LABEL[ent.label_], kinds, listed)
                    if label == "PERSON" and self._group_after_the(span):
                        label = "ORG"  # "the Blues beat the Flyers": a team or group, not one person
                    if label == "ORG" and self._listed_owner(span):
                        label = "PERSON"  # "Holder's DOJ": the listed person's surname, tagged as an organisation
                    if label in ("PERSON", "ORG") and self._is_place(span, kinds):
                        continue  # "Cumbria and Yorkshire" tagged PERSON, "Ohio" tagged ORG: US states, counties
                    if label == "PERSON" and (_common_noun_use(span) or span.text in self.title_words):
                        continue  # "another Karen", "a former Stormtrooper", "the Queen's funeral"
                    if label == "PERSON" and len(span) > 1 and span[-1].lower_ in ROLE_ENDINGS:
                        continue  # "Clark County Sheriff Joseph Lombardo": the role, the name follows
                    if label == "PERSON":
                        span = _with_name_suffix(span)
                    elif label == "PROJECT" and span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
                        if _is_year(doc[span.end + 1]):
                            span = doc[span.start : span.end + 2]  # "Planning Act of 1947"
                    if label in ("ORG", "PROJECT") and _ends_with_its_acronym(span):
                        # "Christian Democratic Union CDU": the name and its acronym are two mentions of one id
                        name = span[:-2] if span[-2].text == "(" else span[:-1]  # "Institute for Justice (IJ"
                        full = self._named(name, label, info)
                        spans.append(full)
                        spans.append(Span(doc, span.end - 1, span.end, label=full.label_, kb_id=full.kb_id_))
                        continue
                    spans.append(self._named(span, label, info))
        for span in [
            *_unlabelled_speakers(doc),
            *_unlabelled_conjuncts(doc, kinds),
            *_unlabelled_after_role(doc, kinds),
        ]:
            if span.text in NOT_NAMES or span.text in self.title_words:
                continue  # "said Director of ... Tom Jensen": a title, not a name
            if self.gazetteer.lookup(span.text) is None and span.text not in self.places:
                label = "ORG" if any(t.text in ORG_WORDS for t in span) else "PERSON"
                spans.append(self._named(span, label, info))
        return spans

    def _named(self, span: Span, label: str, info: dict[str, dict[str, Any]]) -> Span:
        """The mention of ``span`` as ``label``; a person becomes an OFFICIAL by a known surname or a title."""
        attributes: dict[str, Any] = {}
        if label == "PERSON":
            entry = self.gazetteer.lookup_surname(span.text)
            if entry is not None:  # "Kashkari" alone: the one office holder of that surname on the lists
                info.setdefault(entry.id, _info(entry.label, entry.name, entry.attributes))
                return Span(span.doc, span.start, span.end, label=entry.label, kb_id=entry.id)
            attributes = self._office_of(span)
            label = "OFFICIAL" if attributes else "PERSON"
        text = span.text
        kb_id = make_id(label, text)
        info.setdefault(kb_id, _info(label, text, attributes))
        return Span(span.doc, span.start, span.end, label=label, kb_id=kb_id)

    def _project_spans(self, doc: Doc, info: dict[str, dict[str, Any]]) -> list[Span]:
        spans = []
        law = self.nlp.vocab.strings["LAW"]
        for match_id, start, end in self._project_matches(doc):
            if match_id == law:
                if doc[start].text in GOVERNMENT_WORDS and end - start == 2:
                    continue  # "Senate Bill", "House Bill": a bill's number follows, not its name
                if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].like_num:
                    end += 2  # "Planning Act of 1947"
                spans.append(doc[start:end])
                continue
            name = doc[start : end - 1]
            if any(t.ent_type_ in ("DATE", "CARDINAL", "ORDINAL") for t in name):
                continue
            spans.append(name)
        for start, end in _quoted_names(doc):
            spans.append(doc[start:end])
        result = []
        for span in filter_spans(spans):
            kb_id = make_id("PROJECT", span.text)
            result.append(Span(doc, span.start, span.end, label="PROJECT", kb_id=kb_id))
            info.setdefault(kb_id, _info("PROJECT", span.text, {}))
        return result

    def _project_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The project matcher's matches; none without a project or law word (skips the costly matcher)."""
        if self.project_last_words.isdisjoint(doc.to_array(LOWER).tolist()):
            return []
        return self.project_matcher(doc)

    # -- officials -------------------------------------------------------------------------------------------
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

    # -- document-level linking -------------------------------------------------------------------------------
    def _link_short_forms(self, spans: list[Span], info: dict[str, dict[str, Any]]) -> list[Span]:
        """Give a person's short form ("Peskov") the id of the fullest mention containing its words."""
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
            if target is not None and self._listed_beside_relative(span, target, info):
                target = None
            if target is not None and target.kb_id_ != span.kb_id_:
                merged = info[target.kb_id_]
                if span.label_ == "OFFICIAL" and merged["label"] == "PERSON":
                    merged.update(label="OFFICIAL", attributes=info[span.kb_id_]["attributes"])
                span = Span(span.doc, span.start, span.end, label=merged["label"], kb_id=target.kb_id_)
            linked.append(span)
        # Re-label every mention of an id with its final label (a PERSON promoted to OFFICIAL).
        return [_with_label(s, info[s.kb_id_]["label"]) for s in linked]

    def _listed_beside_relative(self, span: Span, target: Span, info: dict[str, dict[str, Any]]) -> bool:
        """ "Trump" beside "Ivanka Trump", "Mugabe" beside "Grace Mugabe": a listed alias keeps its entry when the
        fuller mention has another label (a relative who holds no office); "Clinton" beside "Bill Clinton" does not."""
        return (
            self.gazetteer.alias_index.get(span.text) == span.kb_id_
            and info[target.kb_id_]["label"] != info[span.kb_id_]["label"]
        )

    # -- serialisation ---------------------------------------------------------------------------------------
    def to_disk(self, path: str | Path, exclude: tuple[str, ...] = ()) -> None:
        """Write the merged gazetteer (package resources plus the user's entries)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / GAZETTEER_FILE).write_text(self.gazetteer.to_jsonl(), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: tuple[str, ...] = ()) -> EntityTagger:
        """Load the gazetteer written by :meth:`to_disk`."""
        self.set_gazetteer(Gazetteer.from_jsonl_file(Path(path) / GAZETTEER_FILE))
        return self


def _with_label(span: Span, label: str) -> Span:
    """``span`` labelled ``label`` (the span itself when it has that label already)."""
    return span if span.label_ == label else Span(span.doc, span.start, span.end, label=label, kb_id=span.kb_id_)


def _info(label: str, name: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return {"label": label, "name": name, "attributes": dict(attributes)}


def _relabel(span: Span, label: str, kinds: dict[int, str], listed: set[int] = frozenset()) -> str:
    """Fix the small NER's usual confusions: laws tagged ORG, organisations tagged PERSON, people tagged ORG."""
    if len(span) > 1 and span[-1].text in PROJECT_LAST_WORDS and label in ("ORG", "PERSON", "EVENT"):
        return "PROJECT"  # "United States Constitution", "Withdrawal Agreement Bill"
    if label in ("PROJECT", "EVENT") and len(span) <= 3 and _plain_name(span):
        if _used_as_person(span) or _after_role_word(span):
            return "PERSON"  # "Delaney and his wife" tagged LAW, "Trump accuser Summer Zervos" tagged EVENT
    if label == "ORG" and span.text.isupper() and _speaker_tag(span):
        return "PERSON"  # "MARTIN : But as we said earlier ...": a transcript's speaker
    if label == "PERSON" and any(t.text in ORG_WORDS for t in span):
        return "ORG"  # "Joseph Wheeler High School"
    if label == "PERSON" and _one_word(span) and _used_as_organisation(span):
        return "ORG"  # "Sinopec said its profit rose", "Petrobras, the state oil company, ..."
    if len(span) <= 3 and label in ("PERSON", "ORG") and not span.text.isupper() and _plain_name(span):
        # One word coordinated only with names of the other type takes their type: "Amazon, Starbucks, and
        # Chipotle" (Chipotle tagged PERSON), "Manafort and Gates", "Obama and Hatoyama" (tagged ORG).
        other = "ORG" if label == "PERSON" else "PERSON"
        conjuncts = span.root.conjuncts
        if label == "PERSON" and len(conjuncts) == 1 and conjuncts[0].i not in listed:
            # "Sanchez and Ortega" tagged ORG and PERSON: in a pair of unlisted names the person wins (flipping
            # both would swap the error); a listed organisation still makes its partner one ("Amazon and X").
            return label
        if _coordinated_with(span, other, kinds, only=True):
            return other
    if label == "ORG" and _one_word(span) and _used_as_organisation(span):
        return label  # "Transneft said its pipeline was damaged": no person, though it speaks
    if label == "ORG" and _one_word(span) and span.text.istitle() and _is_speaker(span.root):
        return "PERSON"  # "Vadri said": an unknown one-word name that speaks is a person, not an organisation
    if label == "ORG" and _one_word(span) and _bare_name_subject(span.root):
        return "PERSON"  # "Riehl is aware he has shot ...", "McGee was hired": an unknown one-word subject
    if label == "ORG" and len(span) <= 3 and _plain_name(span) and _after_role_word(span):
        return "PERSON"  # "ICE spokesperson Shawn Neudauer" tagged ORG
    if label == "ORG" and len(span) == 1 and span.text.istitle() and _owns_personal_things(span):
        return "PERSON"  # "Vissarion's first wife"
    if label == "ORG" and len(span) <= 3 and _plain_name(span):
        if _person_by_pronoun(span) or _person_in_apposition(span) or _reflexive_follows(span):
            return "PERSON"  # "Rutherford dropped her complaint", "Navarro, a veteran nurse", "Lauer himself"
    if label == "ORG" and not span.text.isupper() and not any(t.text in ORG_WORDS for t in span):
        after = span.end
        doc = span.doc
        while after < len(doc) and (doc[after].is_space or doc[after].text == ","):
            after += 1
        if after < len(doc) and doc[after].lower_ == "who":
            return "PERSON"  # "Nassar, who was a sports doctor"
    return label


def _plain_name(span: Span) -> bool:
    """Capitalised words only, none of them an organisation word."""
    return all(t.is_title and t.is_alpha and t.text not in ORG_WORDS for t in span)


def _after_role_word(span: Span) -> bool:
    """The span follows a word for a person's role: "spokesperson Shawn Neudauer", "candidate Blake Masters"."""
    k = span.start - 1
    while k >= 0 and span.doc[k].is_space:
        k -= 1
    return k >= 0 and span.doc[k].lower_ in PERSON_ROLE_WORDS


def _owns_personal_things(span: Span) -> bool:
    """ "<name>'s [first] wife", "<name>'s parents": only a person has these."""
    doc = span.doc
    k = span.end
    if k >= len(doc) or doc[k].tag_ != "POS":
        return False
    head = span.root.head
    return span.root.dep_ == "poss" and head.lower_ in PERSONAL_POSSESSIONS


def _is_speaker(token: Token) -> bool:
    """The subject of a speech verb ("Vadri said", "X ... told reporters")."""
    if token.dep_ != "nsubj":
        return False
    head = token.head
    return head.lemma_ in SPEECH_VERBS or any(c.dep_ == "conj" and c.lemma_ in SPEECH_VERBS for c in head.children)


def _one_word(span: Span) -> bool:
    """One token, or words joined by hyphens without spaces ("Colson-Unglesbee", which spaCy splits in three)."""
    if len(span) == 1:
        return True
    tokens = list(span)
    return (
        len(tokens) % 2 == 1
        and all(t.text == "-" for t in tokens[1::2])
        and all(t.is_alpha for t in tokens[::2])
        and not any(t.whitespace_ for t in tokens[:-1])
    )


def _bare_name_subject(token: Token) -> bool:
    """A singular proper noun with no determiner, not an acronym, that is the subject of a clause ("Dutoit
    assaulted her", "McGee was hired"): a surname far more often than an organisation, whose one-word names
    (teams, parties, "the Company") are plural, take "the" or are listed."""
    text = token.text
    return (
        token.dep_ in ("nsubj", "nsubjpass")
        and token.tag_ == "NNP"
        and len(text) > 1  # "Chart A shows"
        and text[:1].isupper()
        and not text[1:2].isupper()  # "CAUdacity", "NASA"
        and all(ch.isalpha() or ch in "'’-" for ch in text)
        and not any(c.dep_ == "det" for c in token.children)
    )


def _coordinated_with(span: Span, kind: str, kinds: dict[int, str], only: bool = False) -> bool:
    """True when the span's root is coordinated with a name of ``kind`` (a label in ``kinds``, token index ->
    label); with ``only``, when every coordinated token is one."""
    conjuncts = span.root.conjuncts
    if not conjuncts:
        return False
    matches = [kinds.get(t.i) == kind for t in conjuncts]
    return all(matches) if only else any(matches)


# The separators of a list of names: "Kharkiv and Odesa", "Donetsk, Luhansk".
_LIST_SEPARATORS = re.compile(r",? and |, ")
# A quote or dash garbled by decoding UTF-8 as Latin-1 ("â", "â\x80\x9c"), a token of its own.
_GARBLED_QUOTE = re.compile(r"^(?:\u00e2[\x80-\x9f]*)+$")
# A clock time: "12:17pm".
_CLOCK_TIME = re.compile(r"^\d{1,2}:\d\d")


def _looks_like_a_name(span: Span, label: str) -> bool:
    """False for spans the NER tags that cannot be names: no capital letter ("bobby", "chapter 11"), a link
    ("pic.twitter.com/..."), the start of a hyphenated word ("Mar" of "Mar-a-Lago") or an acronym's plural
    ("NGOs", "NDMPs")."""
    text = span.text
    if not any(ch.isupper() for ch in text) or any(t.like_url or "/" in t.text[1:] for t in span):
        return False
    doc = span.doc
    end = span.end
    if end + 2 < len(doc) and doc[end].text == "-" and doc[end + 1].is_lower and doc[end + 2].text == "-":
        return False  # "Mar-a-Lago", but "Trump-backed" keeps "Trump"
    if span[0].text.rstrip(".") in MONTHS and any(t.like_num for t in span):
        return False  # "Jun 5"
    if any(_CLOCK_TIME.match(t.text) for t in span):
        return False  # "12:17pm PDT"
    if span[0].tag_ == "VBG" or (len(span) == 1 and span[0].tag_.startswith("VB")):
        return False  # "Dislodging Syrian leader ...", "Beginning with Wisconsin"
    if len(span) == 1 and span[0].pos_ in FUNCTION_POS:
        return False  # "Later" split off "Later  Judicial Watch"
    if label == "ORG" and len(span) > 1 and span[-1].is_digit and len(span[-1].text) > 1:
        return False  # "Interstate 375", "Exchange 106", "FTSE 350"
    return not (len(span) == 1 and len(text) > 2 and text.endswith("s") and text[:-1].isupper())


def _actor_group(span: Span, gazetteer: Gazetteer) -> bool:
    """ "UK Government", "Trump Administration": a listed country or person followed by a group word."""
    if len(span) < 2 or span[-1].lower_ not in ACTOR_GROUP_WORDS:
        return False
    entry = gazetteer.lookup(span[:-1].text)
    return entry is not None and entry.label in ("COUNTRY", "OFFICIAL", "PERSON")


def _ends_with_its_acronym(span: Span) -> bool:
    """ "Christian Democratic Union CDU": the last word is the initials of the capitalised words before it."""
    last = span[-1].text
    if len(span) < 3 or len(last) < 2 or not last.isalpha() or not last.isupper():
        return False
    initials = "".join(t.text[0] for t in span[:-1] if t.is_title)
    return sorted(initials) == sorted(last)  # also "Social Democratic Party SPD" (German word order)


# The texts, heads and attributes of the pieces of one split token.
_Split = tuple[list[str], list[Any], dict[str, list[str]]]

# A possessive "'s" whose apostrophe was garbled (UTF-8 read as Latin-1), glued to the name by the tokenizer:
# "Merkelâ\x80\x99s", "Merkelâs" (with the invisible control characters dropped).
_GARBLED_POSSESSIVE = re.compile(r"^(?P<name>[A-Z][\w.'-]*?)(?P<pos>\u00e2\u0080\u0099s|\u00e2s|\u00e2\u0080\u0099)$")


def _split_matching(doc: Doc, pattern: re.Pattern[str], pieces: Callable[[Token, re.Match[str]], _Split]) -> None:
    """Split every token whose text ``pattern`` matches into the pieces ``pieces`` gives for it (their texts, heads
    and attributes, as :meth:`spacy.tokens.Doc.retokenize` takes them)."""
    found = [(t, m) for t in doc if (m := pattern.match(t.text)) is not None]
    if not found:
        return
    with doc.retokenize() as retokenizer:
        for token, match in found:
            orths, heads, attrs = pieces(token, match)
            retokenizer.split(token, orths, heads=heads, attrs=attrs)


def _own_head(token: Token) -> Token | tuple[Token, int]:
    """The head the first piece of a split ``token`` keeps: the token's head, or the piece itself at a root."""
    return token.head if token.head.i != token.i else (token, 0)


def _split_garbled_possessives(doc: Doc) -> None:
    """Split "Merkelâs" into "Merkel" + "âs", so that the name can be a mention of its own."""
    _split_matching(
        doc,
        _GARBLED_POSSESSIVE,
        lambda token, match: (
            [match["name"], match["pos"]],
            [_own_head(token), (token, 0)],
            {"TAG": [token.tag_, "POS"], "POS": [token.pos_, "PART"], "DEP": [token.dep_, "case"]},
        ),
    )


# An abbreviation with full stops hyphenated to a word, one token for spaCy: "U.S.-Mexico", "U.N.-backed".
_ABBREVIATED_COMPOUND = re.compile(r"^(?P<abbr>[A-Z](?:\.[A-Z])+\.)-(?P<word>\w[\w.]*)$")


def _split_abbreviated_compounds(doc: Doc) -> None:
    """Split "U.S.-Mexico" into "U.S.", "-" and "Mexico", so that each name can be a mention of its own."""
    _split_matching(
        doc,
        _ABBREVIATED_COMPOUND,
        lambda token, match: (
            [match["abbr"], "-", match["word"]],
            [_own_head(token), (token, 0), (token, 0)],
            {
                "TAG": ["NNP", "HYPH", token.tag_],
                "POS": ["PROPN", "PUNCT", token.pos_],
                "DEP": [token.dep_, "punct", "compound"],
            },
        ),
    )


def _is_year(token: Token) -> bool:
    return len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20")


def _common_noun_use(span: Span) -> bool:
    """A one-word name with an indefinite determiner is used as a common noun ("another Karen"), or it is the
    owner in a holiday's name ("Valentine's Day")."""
    if len(span) != 1:
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.text == "Day" and root.head.i == span.end + 1:
        return True
    return any(c.dep_ == "det" and c.lower_ in INDEFINITE_DETERMINERS for c in root.children)


def _with_name_suffix(span: Span, listed: bool = False) -> Span:
    """The person's span with the rest of the name and a following "Jr." or ", Jr." that the NER left out; a
    ``listed`` name is whole ("Mitch McConnell Misses ...", "a Bush Alumni Coalition"), only a suffix is added."""
    doc = span.doc
    end = span.end
    while (
        not listed
        and end < len(doc)
        and doc[end].pos_ == "PROPN"
        and doc[end].is_title
        and doc[end].text not in HONORIFICS  # "Glenn Thrush" before "Mr. Comey"
        and not doc[end].ent_type_
        and doc[end - 1].dep_ == "compound"
        and doc[end - 1].head.i >= end
    ):
        end += 1  # the NER stopped inside the name: "Sapna Bamrah [Morris]"
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text in NAME_SUFFIXES:
        end += 2
    elif end < len(doc) and doc[end].text in NAME_SUFFIXES:
        end += 1
    return doc[span.start : end] if end != span.end else span


def _splits(token: Token) -> bool:
    """A slash, or the extra space that separates two names the NER ran together ("Natalie Morales  Willie
    Geist", "Reuters  Short", "Second Amendment  Trump" in the PerSenT text, where names are padded with spaces)."""
    return token.text == "/" or token.is_space


def _credit_pieces(ent: Span) -> list[Span]:
    """The entity without article and possessive, split at slashes: the NER runs a photo credit together
    ("Ilana Panich-Linsman/For The Washington Post", "Frank Abderholden / Lake County News-Sun")."""
    span = _strip_article(ent)
    if span is None:
        return []
    slashes = [t.i for t in span if _splits(t)]
    if not slashes:
        return [span]
    pieces = []
    for start, end in zip([span.start, *(i + 1 for i in slashes)], [*slashes, span.end], strict=True):
        while start < end and (span.doc[start].lower_ in CREDIT_PREFIXES or span.doc[start].is_punct):
            start += 1
        while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
            end -= 1
        if end > start:
            pieces.append(span.doc[start:end])
    return pieces


_PERSON_ROLE_IDS = frozenset(hash_string(w) for w in PERSON_ROLE_WORDS)  # LOWER values of the role words
_CONTEXT_COUNTRY_IDS = frozenset(hash_string(w) for w in CONTEXT_COUNTRIES)  # ORTH values of "Georgia", ...
_USA = country_id("USA")
_PROPER_NOUN = frozenset({PROPN})  # the POS value of proper nouns


def _tokens_with(doc: Doc, attr: int, values: frozenset[int]) -> list[Token]:
    """The tokens whose ``attr`` (a spaCy attribute id) has one of ``values``, found without a Python pass over
    every token."""
    return [doc[i] for i, value in enumerate(doc.to_array(attr).tolist()) if value in values]


def _unlabelled_after_role(doc: Doc, kinds: dict[int, str]) -> list[Span]:
    """Two or three capitalised words with no name type yet after a role word: "Candidate Blake Masters"."""
    found = []
    for token in _tokens_with(doc, LOWER, _PERSON_ROLE_IDS):
        if token.i + 2 > len(doc):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and doc[end].pos_ == "PROPN" and doc[end].is_title:
            if end in kinds or not doc[end].is_alpha:
                break
            end += 1
        if end - token.i - 1 >= 2 and (end == len(doc) or doc[end].pos_ != "PROPN"):
            found.append(doc[token.i + 1 : end])
    return found


def _unlabelled_conjuncts(doc: Doc, kinds: dict[int, str]) -> list[Span]:
    """Proper nouns with no name type yet that are coordinated with a person: "Manafort and Gates"."""
    found = []
    for token in _tokens_with(doc, POS, _PROPER_NOUN):
        if token.i in kinds or not token.is_title or token.dep_ == "compound":
            continue
        if not any(kinds.get(t.i) == "PERSON" for t in token.conjuncts):
            continue
        start = token.i
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            if start - 1 in kinds or not doc[start - 1].is_title:
                break
            start -= 1
        found.append(doc[start : token.i + 1])
    return found


def _unlabelled_speakers(doc: Doc) -> list[Span]:
    """Proper nouns that spaCy left untagged and that are used as people: subjects of speech verbs ("Jackman
    said", "Mihailovic ... says"), of clauses with "his"/"her" ("Harth dropped her lawsuit"), or followed by
    "who" ("It was Whitmore who ...")."""
    found = []
    for token in _tokens_with(doc, POS, _PROPER_NOUN):
        if token.ent_type_ or not token.text[:1].isupper() or token.dep_ == "compound":
            continue
        if not (
            _is_speaker(token)
            or token.dep_ in ("nsubj", "nsubjpass")
            or _relative_follows(doc[token.i : token.i + 1], "who")
        ):
            continue
        start = token.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].text[:1].isupper()
            and not doc[start - 1].ent_type_
        ):
            start -= 1
        span = doc[start : token.i + 1]
        if _is_speaker(token) or (_plain_name(span) and _used_as_person(span)) or _bare_name_clause_subject(span):
            found.append(span)
    return found


def _bare_name_clause_subject(span: Span) -> bool:
    """ "Neighbors said Long made them uncomfortable", "Merlan seemed to double down": an untagged name, not the
    first word, that is the bare subject of a clause, outside a title-case headline ("Report Shows ...")."""
    token = span.root
    return (
        not span[0].is_sent_start
        and all(t.is_title or not t.text[1:2].isupper() for t in span)
        and _bare_name_subject(token)
        and not _headline_like(span.sent)
    )


def _used_as_person(span: Span) -> bool:
    """Something in the sentence that only a person does or has: it speaks, "who" follows, "his"/"her" in its
    clause, "<name>'s wife", an age or a person's role in apposition."""
    return (
        _is_speaker(span.root)
        or _relative_follows(span, "who")
        or _reflexive_follows(span)
        or _person_by_pronoun(span)
        or _owns_personal_things(span)
        or _person_in_apposition(span)
    )


def _used_as_organisation(span: Span) -> bool:
    """Something in the sentence that only an organisation has or does, and nothing a person does: "which"
    follows, a company noun in apposition ("Petrobras, the state oil company"), "<name>'s shareholders",
    or "its" refers back to it ("Sinopec said its profit rose")."""
    if (
        _relative_follows(span, "who")
        or _reflexive_follows(span)
        or _owns_personal_things(span)
        or _person_in_apposition(span)
    ):
        return False
    root = span.root
    if root.dep_ == "poss" and root.head.lower_ in ORG_POSSESSIONS:
        return True
    if root.dep_ == "compound" and root.head.lower_ in ORG_POSSESSIONS:
        return True  # "Novatek shareholders"
    if any(c.dep_ == "appos" and c.lower_ in COMPANY_NOUNS for c in root.children):
        return True
    return _relative_follows(span, "which") or _its_follows(span)


def _relative_follows(span: Span, pronoun: str) -> bool:
    """The relative ``pronoun`` follows the span, after commas or spaces: "Hollis, who was fired" refers to a
    person, "Gazprombank, which handles payments" to a thing."""
    doc = span.doc
    k = span.end
    while k < len(doc) and (doc[k].is_space or doc[k].text == ","):
        k += 1
    return k < len(doc) and doc[k].lower_ == pronoun


def _its_follows(span: Span) -> bool:
    """The span is a subject and the first possessive after it, before any noun, is "its"."""
    doc = span.doc
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for token in doc[span.end : min(len(doc), span.end + 8)]:
        if token.lower_ == "its" and token.dep_ == "poss":
            return True
        if token.pos_ in ("NOUN", "PROPN", "PRON") or token.is_sent_start:
            return False
    return False


def _speaker_tag(span: Span) -> bool:
    """The span opens its sentence and a colon follows it: "MARTIN :", "Holly Williams:"."""
    doc = span.doc
    k = _skip_spaces(doc, span.end)
    return span.start == span.sent.start and k < len(doc) and doc[k].text == ":"


def _person_in_apposition(span: Span) -> bool:
    """ "Navarro, a veteran nurse, ...", "Hollis, 45, ...": a role noun or an age in apposition; also "her fellow
    grandmother, Margolies"."""
    doc = span.doc
    if span.root.dep_ == "appos" and span.root.head.lower_ in APPOSITION_ROLES:
        return True
    k = span.end
    if k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].like_num and doc[k + 2].text == ",":
        return len(doc[k + 1].text) <= 3 and doc[k + 1].text.isdigit()
    return any(c.dep_ == "appos" and c.lower_ in APPOSITION_ROLES for c in span.root.children)


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


def _reflexive_follows(span: Span) -> bool:
    """ "Lauer himself", "such as Wing herself": a personal reflexive pronoun right after the name."""
    doc = span.doc
    k = span.end
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k < len(doc) and doc[k].lower_ in ("himself", "herself")


def _person_by_pronoun(span: Span) -> bool:
    """The span is the subject of a clause whose object holds "his" or "her" with no other name between ("Harth
    dropped her lawsuit", "Delgado lied to investigators about his finances"), or it is coordinated with
    "her husband", "his wife"."""
    doc = span.doc
    root = span.root
    for conj in root.conjuncts:
        if conj.lower_ in PERSONAL_POSSESSIONS and any(
            c.dep_ == "poss" and c.lower_ in PERSONAL_POSSESSIVES for c in conj.children
        ):
            return True
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.i < span.end - 1:
        return False
    verb = root.head
    for k in range(span.end, min(len(doc), span.end + 12)):
        token = doc[k]
        if token.pos_ == "PROPN" or token.is_sent_start or token.lower_ in ("who", "which", "that"):
            return False  # another name, or another clause, comes first
        if token.lower_ in PERSONAL_POSSESSIVES and token.dep_ == "poss":
            head = token.head
            while head.i != verb.i and head.dep_ not in CLAUSE_DEPS and head.head.i != head.i:
                head = head.head
            return head.i == verb.i
    return False


def _headline_like(sent: Span) -> bool:
    """Most longer words are capitalised: a title-case headline."""
    words = [t for t in sent[1:] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.7 * len(words)


def _cut_at_headline_verb(span: Span) -> Span | None:
    """The part of an NER span before a headline's verb ("Kessler" in "Kessler Tells Board He Was Misled");
    None when the span starts with one."""
    for token in span[1:] if len(span) > 1 else ():
        verb = token.lower_ in HEADLINE_VERBS or token.tag_ == "MD"  # "Edward Snowden Must Stop Harming US"
        if verb and token.is_title and _headline_like(span.sent):
            return span.doc[span.start : token.i] if token.i > span.start else None
    if span[0].lower_ in HEADLINE_VERBS and len(span) > 1 and span[0].is_title and _headline_like(span.sent):
        return None
    if span[0].tag_ == "VB" and span.start > 0 and span.doc[span.start - 1].lower_ == "to":
        return None  # "Plan to Cut Drug Prices": an infinitive, not a name
    return span


def _headline_phrase(span: Span, label: str) -> bool:
    """In a title-case headline, an ORG or PERSON span that is a piece of the predicate: three words or more with
    a preposition and no organisation word ("Economy Ahead of Midterms"), or words after an infinitive's "to"
    ("Plan to Avert Shutdown")."""
    if label not in ("ORG", "PERSON"):
        return False
    after_to = span.start > 0 and span.doc[span.start - 1].tag_ == "TO"
    predicate_like = (
        len(span) >= 3
        and any(t.lower_ in HEADLINE_PREPOSITIONS for t in span[1:])
        and not any(t.text in ORG_WORDS for t in span)
    )
    # The sentence test is the costly one: only for spans that would be a predicate in a headline.
    return (after_to or predicate_like) and _headline_like(span.sent)


def _capitalised_common_noun(span: Span, label: str) -> bool:
    """A plural common noun capitalised only because it opens the sentence ("Commuters near LAX ...", "Millions
    watched ...") that the NER took for an organisation or a person."""
    if label not in ("ORG", "PERSON") or len(span) != 1 or not span[0].is_sent_start:
        return False
    token = span[0]
    return token.tag_ == "NNS" or token.lower_ in COUNT_NOUNS


def _quoted_title(span: Span, label: str) -> bool:
    """ "comedies like “Happy Gilmore” and “Billy Madison”": a person's name alone in quotes is a title."""
    doc = span.doc
    return (
        label == "PERSON"
        and 0 < span.start
        and span.end < len(doc)
        and doc[span.start - 1].is_quote
        and doc[span.end].is_quote
        and doc[span.start - 1].text not in ("'", "’")  # a closing apostrophe, not an opening quote
    )


def _dateline(span: Span, label: str) -> bool:
    """ "CLEVELAND — Hillary Clinton ...", "PRAGUE (Reuters) - ...": the upper-case place that opens a news
    report, tagged as an organisation or a person."""
    if label not in ("ORG", "PERSON") or not span.text.isupper():
        return False
    doc = span.doc
    if any(not t.is_space for t in doc[: span.start]):
        return False
    k = _skip_spaces(doc, span.end)
    if k + 3 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k = _skip_spaces(doc, k + 3)  # "(Reuters)", "(AP)": the agency between the place and the dash
    return k < len(doc) and doc[k].text in DATELINE_DASHES


def _skip_spaces(doc: Doc, k: int) -> int:
    """The first token from ``k`` on that is not white space (PerSenT pads names and punctuation with spaces)."""
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k


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


def _generic_event(span: Span) -> bool:
    """A lower-case event noun in the mention ("Ukraine war", "war in Ukraine", "financial crisis"): the guide
    annotates named events only, and the country in it is a COUNTRY mention of its own."""
    return any(t.is_lower and t.text in GENERIC_EVENT_WORDS for t in span)


def _subdivision_names(kinds: frozenset[tuple[str, str]] = PLACE_KINDS) -> frozenset[str]:
    """The names of pycountry's subdivisions of ``kinds`` (country code, type): by default US states, Canadian
    provinces, Australian states, English counties and the UK's nations."""
    import pycountry

    return frozenset(s.name for s in pycountry.subdivisions if (s.country_code, s.type) in kinds)


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


def _split_after_listed_owners(ner_ents: tuple[Span, ...], listed: list[Span]) -> tuple[Span, ...]:
    """The NER entities, each cut in two at a possessive that follows a listed name at its start: "Russia's
    Gazprom" and "Biden's FDA" are the owner and the owned name, not one name."""
    if not listed:
        return ner_ents
    bounds = {(s.start, s.end) for s in listed}
    out = []
    for ent in ner_ents:
        doc = ent.doc
        start = ent.start + (doc[ent.start].lower_ == "the")
        end = next((k for k in range(start + 1, ent.end - 1) if doc[k].tag_ == "POS"), None)
        if end is None or (start, end) not in bounds:
            out.append(ent)
            continue
        out.append(Span(doc, start, end, label=ent.label_))
        out.append(Span(doc, end + 1, ent.end, label=ent.label_))
    return tuple(out)


def _inside_longer_name(span: Span, ner_ents: tuple[Span, ...]) -> bool:
    """True when ``span`` lies strictly inside a longer NER name ("England" in "New England Journal")."""
    for ent in ner_ents:
        if ent.start > span.start:
            break
        if ent.label_ in NAME_CONTAINERS and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
            if ent.label_ == "EVENT" and _generic_event(ent):
                continue  # "the Ukraine war" tagged EVENT: no named event, "Ukraine" is the mention
            if ent.label_ == "WORK_OF_ART" and span.label_ == "COUNTRY":
                continue  # a country in a title is annotated: "Innovating like China", "Make America Great Again"
            if any(_splits(t) for t in ent):
                continue  # a photo credit or two names run together: its pieces are names of their own
            if _in_hyphen_compound(span):
                continue  # "Biden-Harris regime": each name of a hyphenated compound is a mention
            stripped = _strip_article(ent)
            if ent.label_ == "ORG" and stripped is not None and span.end == stripped.end - 1:
                if stripped[-1].lower_ in ACTOR_GROUP_WORDS:
                    continue  # "UK Government", "Trump Administration": the country or person is the mention
            return stripped is not None and len(stripped) > len(span)
    return False


def _in_hyphen_compound(span: Span) -> bool:
    doc = span.doc
    after = span.end < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_
    before = span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_
    return after or before


def _words(span: Span) -> set[str]:
    return {t.lower_ for t in span if t.is_alpha}


def _strip_article(ent: Span) -> Span | None:
    """The entity without a leading "the" and trailing possessive; None when nothing is left."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_space or _stray(doc[start])):
        start += 1  # also "— Donald J. Trump", "â Eddie" (a garbled quote)
    while ent.label_ == "PERSON" and start + 1 < end and doc[start].text in HONORIFICS:
        start += 1  # "Ms Mordaunt"
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_space or _stray(doc[end - 1], trailing=True)):
        end -= 1  # also "Institute for Justice (" before its acronym
    while end - 1 > start and doc[end - 1].text in HONORIFICS:
        end -= 1  # "Glenn Thrush Mr." before "Mr. Comey"
    for i in range(start + 1, end - 1):
        if doc[i].tag_ == "POS":
            tail = doc[i + 1 : end]
            # "Donald Trump's Appeal" (a headline), "the CDC's Dr." (a name follows): the name ends there
            if ent.label_ in ("PERSON", "WORK_OF_ART") or tail[-1].text in HONORIFICS or tail.text.islower():
                end = i
                while end > start and doc[end - 1].is_quote:
                    end -= 1  # "Fidelity ’ s stock"
            break
    return doc[start:end] if end > start else None


def _stray(token: Token, trailing: bool = False) -> bool:
    """A quote, dash or bracket at the edge of an NER entity, or a garbled quote ("â"), that is no part of a name;
    at the end, a full stop may be one ("Jr.", "Co.")."""
    if token.is_quote or _GARBLED_QUOTE.match(token.text):
        return True
    return token.is_punct and not (trailing and token.text.endswith((".", ")")))


def _quoted_names(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of short quoted names with a digit in them, like "Sakhalin-3" or "Arctic LNG 2"."""
    ranges = []
    quote_tokens = [t.i for t in doc if t.is_quote]
    for open_i, close_i in zip(quote_tokens, quote_tokens[1:], strict=False):
        inner = doc[open_i + 1 : close_i]
        if not 1 <= len(inner) <= 4 or not inner[0].text[:1].isupper():
            continue
        if any(t.like_num or any(ch.isdigit() for ch in t.text) for t in inner) and not any(
            t.tag_.startswith("VB") for t in inner
        ):
            ranges.append((inner.start, inner.end))
    return ranges


def _read_places(path: Path) -> frozenset[str]:
    """The names of ``places.txt``: well-known towns, cities and regions that are no state."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


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
