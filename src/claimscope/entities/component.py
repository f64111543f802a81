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

This module holds the spaCy component (factory, configuration, the order of the steps, serialisation); the steps
live in:

- :mod:`.mentions`: gazetteer matches, NER entities in claimscope's labels, projects, unlabelled names;
- :mod:`.labels`: the label decisions and clean-up rules for NER spans (person or organisation, headline
  predicates, datelines, titles);
- :mod:`.offices`: the office a title gives a person, and officials named by title alone;
- :mod:`.linking`: entity records and document-level linking of short forms and repeated surnames;
- :mod:`.tokens`: retokenizing splits and token lookups; :mod:`.words`: the word lists.

The word lists can be extended through the ``extra_words`` setting (see :func:`make_entities`); structures the
component builds from them when it is created (the law matcher, the surname index) are rebuilt on the next call
after a list changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from claimscope.entities.gazetteer import RESOURCES_DIR, Gazetteer, read_entries
from claimscope.entities.linking import DocumentLinker, _with_repeated_surnames
from claimscope.entities.mentions import (
    MentionFinder,
    _inside_longer_name,
    _read_name_list,
    _split_after_listed_owners,
    _subdivision_names,
    _upper_case_names,
)
from claimscope.entities.offices import OfficeFinder, _read_titles, portfolio_orgs
from claimscope.entities.references import pair_references
from claimscope.entities.tokens import (
    REPAIRED_KEY,
    _merge_garbled_words,
    _split_abbreviated_compounds,
    _split_garbled_possessives,
    _split_mojibake_name_tails,
    repaired_words,
)
from claimscope.entities.words import LAW_WORDS, PROJECT_KEYWORDS, US_STATE_KINDS
from claimscope.extensions import install_extensions
from claimscope.resources import extend_all, version

_PERSONISH = {"OFFICIAL": "PERSON"}  # for coordination, an official is a person
GAZETTEER_FILE = "gazetteer.jsonl"
TITLES_FILE = "titles.jsonl"
PLACES_FILE = "places.txt"
FIRST_NAMES_FILE = "first_names.txt"


@Language.factory(
    "claimscope_entities",
    assigns=["doc.ents", "doc._.entity_info", "doc._.entity_groups"],
    requires=["doc.ents", "token.tag", "token.dep"],
    default_config={"extra_words": {}},
)
def make_entities(nlp: Language, name: str, extra_words: dict[str, list[str]]) -> EntityTagger:
    """Create the entity component with the package's gazetteers (add more with ``add_entities``).

    ``extra_words`` maps word-list names (the stems of ``resources/words/*.txt``, such as ``"org_words"``) to extra
    entries, added with :func:`claimscope.resources.extend_all`: process-wide, for every rule that reads the list
    (``config={"extra_words": {"org_words": ["Syndicate"]}}``). An unknown name raises E062."""
    extend_all(extra_words)
    return EntityTagger(nlp, Gazetteer.default())


class EntityTagger(MentionFinder, OfficeFinder, DocumentLinker):
    """Relabels and links the entities of a parsed Doc (see the module docstring)."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        install_extensions()
        self.nlp = nlp
        self.titles = _read_titles(RESOURCES_DIR / TITLES_FILE)
        self.us_states = _subdivision_names(US_STATE_KINDS)
        self.places = _subdivision_names() | _read_name_list(RESOURCES_DIR / PLACES_FILE)
        self.first_names = _read_name_list(RESOURCES_DIR / FIRST_NAMES_FILE)
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Titles: tagged PERSON alone ("the Queen's funeral", "Minority Leader") they name no one.
        self.title_words = frozenset(a for aliases in self.titles.values() for a in aliases)
        for title, aliases in self.titles.items():
            self.title_matcher.add(title, [nlp.make_doc(a) for a in aliases])
        self._build_project_matcher()
        self.set_gazetteer(gazetteer)
        self.words_version = version()  # of the word lists the matchers and indexes were built from

    def _build_project_matcher(self) -> None:
        nlp = self.nlp
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

    def _refresh_word_lists(self) -> None:
        """Rebuild what was built from the word lists after one of them changed (``claimscope.resources.extend``):
        the law matcher (``law_words``) and the surname index (``surnames_common``)."""
        self._build_project_matcher()
        self.gazetteer.filter_surnames()
        self.set_gazetteer(self.gazetteer)
        self.words_version = version()

    def add_entities(self, path: str | Path) -> None:
        """Add the entries of a JSONL file in the resources' format; they are saved with the pipeline."""
        self.gazetteer.add(read_entries(path), source=str(path))
        self.set_gazetteer(self.gazetteer)

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Use ``gazetteer`` for matching from now on."""
        self.gazetteer = gazetteer
        self.alias_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        # Surnames that several listed people of one label share, with no default reading ("Sharif", "Perdue"), are
        # matched too: the mention is theirs, and the document may tell whose (see ``linking``).
        self.shared_surnames = {
            surname: label
            for surname in gazetteer.surnames
            if surname not in gazetteer.alias_index
            and gazetteer.lookup_surname(surname) is None
            and (label := gazetteer.surname_label(surname)) is not None
        }
        patterns = [self.nlp.make_doc(alias) for alias in (*gazetteer.alias_index, *self.shared_surnames)]
        self.alias_matcher.add("ALIAS", patterns)
        self.upper_aliases, self.upper_surnames = _upper_case_names(gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        if self.words_version != version():
            self._refresh_word_lists()
        info: dict[str, dict[str, Any]] = {}
        if "\u00e2" in doc.text:
            _split_garbled_possessives(doc)
            _split_mojibake_name_tails(doc)
        if ".-" in doc.text:
            _split_abbreviated_compounds(doc)
        if not doc.text.isascii():
            _merge_garbled_words(doc)
        repaired = repaired_words(doc) if not doc.text.isascii() else None
        if repaired is not None:  # read by repaired_text() while the mentions are named, then dropped
            words = zip(repaired, doc, strict=True)
            doc.user_data[REPAIRED_KEY] = [r.text if r.text != t.text else None for r, t in words]
        gazetteer_spans = self._gazetteer_spans(doc, info, repaired)
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
        spans = portfolio_orgs(doc, spans)
        doc.ents = spans
        doc.user_data.pop(REPAIRED_KEY, None)
        doc._.entity_groups = pair_references(doc)
        doc._.entity_info = {kb: info[kb] for kb in {s.kb_id_ for s in spans}}
        return doc

    def to_disk(self, path: str | Path, exclude: tuple[str, ...] = ()) -> None:
        """Write the merged gazetteer (package resources plus the user's entries)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / GAZETTEER_FILE).write_text(self.gazetteer.to_jsonl(), encoding="utf-8")

    def from_disk(self, path: str | Path, exclude: tuple[str, ...] = ()) -> EntityTagger:
        """Load the gazetteer written by :meth:`to_disk`."""
        self.set_gazetteer(Gazetteer.from_jsonl_file(Path(path) / GAZETTEER_FILE))
        self.words_version = version()
        return self
