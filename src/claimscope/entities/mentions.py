"""Mention finding for the entity component: gazetteer matches, the NER's entities in claimscope's labels, projects
and laws, unlabelled names used as people, and context-dependent country names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.attrs import LOWER, ORTH, POS
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimscope.entities.gazetteer import (
    COMMON_SURNAMES,
    CONTEXT_COUNTRIES,
    Gazetteer,
    GazetteerEntry,
    country_id,
    make_id,
)
from claimscope.entities.labels import (
    _LIST_SEPARATORS,
    _actor_group,
    _after_role_word,
    _bare_name_clause_subject,
    _capitalised_common_noun,
    _common_noun_use,
    _coordinated_with,
    _cut_at_headline_verb,
    _dateline,
    _ends_with_its_acronym,
    _generic_event,
    _headline_phrase,
    _is_speaker,
    _looks_like_a_name,
    _plain_name,
    _quoted_title,
    _relabel,
    _relative_follows,
    _used_as_person,
)
from claimscope.entities.linking import _info
from claimscope.entities.tokens import _GARBLED_QUOTE, _is_year, _tokens_with, repaired_text
from claimscope.entities.words import (
    ACTOR_GROUP_WORDS,
    CITY_PART_WORDS,
    CREDIT_PREFIXES,
    GOVERNMENT_WORDS,
    HONORIFICS,
    LOCATIVE_PREPOSITIONS,
    NAME_CONTAINERS,
    NAME_SUFFIXES,
    NER_TO_LABEL,
    NICKNAMES,
    NOT_NAMES,
    ORG_WORDS,
    PERSON_ROLE_WORDS,
    PLACE_KINDS,
    PLACE_LABELS,
    PLACE_PREFIXES,
    ROLE_ENDINGS,
    UPPER_CASE_WORDS,
    US_STATE_ABBREVIATIONS,
)
from claimscope.resources import derived

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher

# A name suffix at the end of a listed person's name: "Robert F. Kennedy Jr.", "Oliver Wendell Holmes, Jr.".
_NAME_SUFFIX = re.compile(r"\b(?:Jr\.?|Sr\.?|II|III|IV)$")


class MentionFinder:
    """Finds and labels mentions; mixed into :class:`~claimscope.entities.component.EntityTagger`, whose
    ``gazetteer``, matchers and place-name sets it uses (and :class:`~.offices.OfficeFinder`'s
    ``_office_of``)."""

    # Set by EntityTagger.__init__ / set_gazetteer (and _office_of comes from OfficeFinder); declared for the type
    # checker only.
    nlp: Language
    gazetteer: Gazetteer
    alias_matcher: PhraseMatcher
    title_matcher: PhraseMatcher
    project_matcher: Matcher
    project_last_words: frozenset[int]
    title_words: frozenset[str]
    shared_surnames: dict[str, str]
    upper_aliases: dict[str, str]
    upper_surnames: dict[str, str]
    first_names: frozenset[str]
    us_states: frozenset[str]
    places: frozenset[str]
    _office_of: Callable[[Span], dict[str, Any]]

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

    def _gazetteer_spans(self, doc: Doc, info: dict[str, dict[str, Any]], repaired: Doc | None = None) -> list[Span]:
        """Listed names in ``doc``; with ``repaired`` (the same tokens with mojibake repaired, see
        :func:`~.tokens.repaired_words`) also those written garbled ("JosÃ© Mujica"), at the same tokens."""
        spans = []
        matches = [*self.alias_matcher(doc), *self._upper_case_matches(doc)]
        if repaired is not None:
            matches = list(dict.fromkeys([*matches, *self.alias_matcher(repaired)]))
        for _, start, end in matches:
            first = doc[start]
            if not (first.is_title or first.is_upper or first.text[:1].isupper() or first.lower_ == "the"):
                continue
            if first.lower_ == "the" and end - start == 1:
                continue
            match = doc[start:end]
            entry = self._listed(match.text)
            if entry is None and repaired is not None:
                entry = self._listed(repaired[start:end].text)
            if entry is None and match.text in self.shared_surnames:
                if end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
                    continue  # "Roosevelt Road", "Kennedy Center": a longer name holds it
                label = self.shared_surnames[match.text]  # "Sharif": Nawaz or Shehbaz, left to the document
                spans.append(Span(doc, start, end, label=label, kb_id=make_id(label, match.text)))
                info.setdefault(spans[-1].kb_id_, _info(label, match.text, {}))
                continue
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
            if entry.label in ("OFFICIAL", "PERSON") and self._part_of_hyphenated_name(doc[start:end]):
                continue  # "Zaghari-Ratcliffe" is not John Ratcliffe: a piece of another person's double name
            if entry.label in ("OFFICIAL", "PERSON"):
                end = _with_name_suffix(doc[start:end], listed=True).end  # "Oliver Wendell Holmes, Jr."
                suffixed = self._listed(doc[start:end].text) if end > match.end else entry
                if suffixed is None and not _NAME_SUFFIX.search(entry.name):
                    spans.append(self._named(doc[start:end], "PERSON", info))  # "Kennedy Jr.": the son
                    continue
                entry = suffixed or entry  # "Donald Trump Jr.", "Trump Jr.": the son, listed
                if self._another_first_name(doc, start, match.text, entry):
                    spans.append(self._named(doc[start - 1 : end], "PERSON", info))  # "Karen Pence", "Beau Biden"
                    continue
            elif entry.label == "EVENT" and end < len(doc) and _is_year(doc[end]):
                end += 1  # "EuroPride 2022": the edition's year belongs to the event's name
            spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
            info.setdefault(entry.id, _info(entry.label, entry.name, entry.attributes))
        return filter_spans(spans)

    def _part_of_hyphenated_name(self, match: Span) -> bool:
        """True when a listed person's alias is joined by a hyphen, with no spaces, to a capitalised word that is no
        listed name of its own: "Zaghari-Ratcliffe", "Ratcliffe-Smith" name someone else. Two listed names joined
        ("Biden-Harris") stay mentions of their own."""
        doc = match.doc
        for hyphen, word in ((match.start - 1, match.start - 2), (match.end, match.end + 1)):
            if not (0 <= word < len(doc) and 0 <= hyphen < len(doc)) or doc[hyphen].text not in ("-", "‐"):
                continue
            left, right = (doc[word], doc[hyphen]) if word < hyphen else (doc[hyphen], doc[match.end - 1])
            if left.whitespace_ or right.whitespace_ or not doc[word].text[:1].isupper():
                continue
            if self._listed(doc[word].text) is None:
                return True
        return False

    def _another_first_name(self, doc: Doc, start: int, surname: str, entry: GazetteerEntry) -> bool:
        """A first name that is not the listed person's (nor a nickname of it) comes right before the listed
        person's bare surname ``surname`` at ``start``: "Second Lady Karen Pence", "Beau Biden" name someone
        else of the family."""
        if start == 0 or " " in surname:
            return False
        first = doc[start - 1]
        if first.text not in self.first_names or first.tag_ != "NNP" or not first.is_title:
            return False
        if self._listed(doc[start - 1 : start + 1].text) is not None:
            return False  # "Bill Clinton": listed in full
        first_names = {name.split()[0] for name in (entry.name, *entry.aliases) if " " in name}
        return not any(_same_first_name(first.text, name) for name in first_names)

    def _listed(self, text: str) -> GazetteerEntry | None:
        """The entry of the alias ``text``, also written in capitals ("TRUMP", "JIM MATTIS") for a listed person."""
        entry = self.gazetteer.lookup(text)
        if entry is None and text in self.upper_aliases:
            entry = self.gazetteer.lookup(self.upper_aliases[text])
        return entry

    def _upper_case_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(0, start, end) of each longest run of up to four capitalised tokens that is a listed person's alias
        written in capitals: "TRUMP SAYS", "PRESIDENT DONALD TRUMP", "ANDREW MCCABE:" (headlines, transcripts)."""
        found: list[tuple[int, int, int]] = []
        i = 0
        while i < len(doc):
            if not (doc[i].is_upper and doc[i].text[:1].isalpha()) or (i > 0 and found and found[-1][2] > i):
                i += 1
                continue
            for end in range(min(len(doc), i + 4), i, -1):
                if doc[i:end].text in self.upper_aliases and not _beside_mixed_case_word(doc, i, end):
                    found.append((0, i, end))
                    break
            i += 1
        return found

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
        return len(span) == 1 and span.root.dep_ == "poss" and self.gazetteer.surname_label(span.text) is not None

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
        ner_ents: Sequence[Span],
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
                if span is not piece and (listed_entry := self._listed(span.text)) is not None:
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
            surname = self.upper_surnames.get(span.text, span.text)
            entry = self.gazetteer.lookup_surname(surname)
            if entry is not None:  # "Kashkari" alone: the one office holder of that surname on the lists
                info.setdefault(entry.id, _info(entry.label, entry.name, entry.attributes))
                return Span(span.doc, span.start, span.end, label=entry.label, kb_id=entry.id)
            attributes = self._office_of(span)
            # "Sharif" alone: one of several listed officials, which one is left to the document
            label = "OFFICIAL" if attributes or self.gazetteer.surname_label(surname) == "OFFICIAL" else "PERSON"
        text = repaired_text(span)  # "JosÃ© Mujica": the name as it was meant, at the same offsets
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


# LOWER values of the role words, rebuilt in place when the list is extended (claimscope.resources.derived)
_PERSON_ROLE_IDS = derived(lambda: (hash_string(w) for w in PERSON_ROLE_WORDS))


_CONTEXT_COUNTRY_IDS = frozenset(hash_string(w) for w in CONTEXT_COUNTRIES)  # ORTH values of "Georgia", ...


_USA = country_id("USA")


_PROPER_NOUN = frozenset({PROPN})  # the POS value of proper nouns


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


def _subdivision_names(kinds: frozenset[tuple[str, str]] = PLACE_KINDS) -> frozenset[str]:
    """The names of pycountry's subdivisions of ``kinds`` (country code, type): by default US states, Canadian
    provinces, Australian states, English counties and the UK's nations."""
    import pycountry

    return frozenset(s.name for s in pycountry.subdivisions if (s.country_code, s.type) in kinds)


def _split_after_listed_owners(ner_ents: Sequence[Span], listed: list[Span]) -> Sequence[Span]:
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


def _inside_longer_name(span: Span, ner_ents: Sequence[Span]) -> bool:
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


def _same_first_name(one: str, other: str) -> bool:
    """The same given name, or a nickname or short form of it: "Jim" and "James", "Ash" and "Ashton"."""
    if one == other or NICKNAMES.get(one, one) == NICKNAMES.get(other, other):
        return True
    shorter, longer = sorted((one, other), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter)


def _beside_mixed_case_word(doc: Doc, start: int, end: int) -> bool:
    """A capitalised word that is not in capitals touches the span: "ZUMA Press" is a name of its own."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return any(t is not None and t.is_title and not t.is_upper and len(t) > 1 for t in (before, after))


def _upper_case_names(gazetteer: Gazetteer) -> tuple[dict[str, str], dict[str, str]]:
    """The capitalised forms of listed people's aliases and uncommon surnames -> their listed form ("MCCABE" ->
    "McCabe"); a one-word alias or surname that is also an ordinary word ("MOON", "SESSIONS") or a common surname
    ("BROWN") is left out: in a capitalised headline it is more often the word."""

    def usable(alias: str) -> bool:
        return any(ch.islower() for ch in alias) and (
            " " in alias or (alias not in COMMON_SURNAMES and alias.lower() not in UPPER_CASE_WORDS)
        )

    people = ("PERSON", "OFFICIAL")
    aliases = {
        alias.upper(): alias
        for alias, entry_id in gazetteer.alias_index.items()
        if gazetteer.entries[entry_id].label in people and usable(alias)
    }
    surnames = {surname.upper(): surname for surname in gazetteer.surnames if usable(surname)}
    return aliases, surnames


def _read_name_list(path: Path) -> frozenset[str]:
    """The names in a one-name-a-line resource (``places.txt``, ``first_names.txt``), less blanks and comments."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))
