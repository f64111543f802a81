"""claimscope_entities: labels, canonical ids, officials, projects and user gazetteers.

The example sentences are data: ``tests/data/cases/entities.jsonl``, one case a line (fields in
``tests/data/cases/README.md``), run by ``test_entity_example``. The tests below it check what a case cannot say.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import claimscope
from claimscope.entities.gazetteer import Gazetteer
from claimscope.errors import ClaimscopeValueError, ClaimscopeWarning
from claimscope.evaluation.rules import read_gold

CASES_FILE = Path(__file__).parents[1] / "data" / "cases" / "entities.jsonl"


def _doc_with_ent(nlp, text, ent_text, label):
    """A parsed Doc whose only NER entity is ``ent_text`` with ``label`` (to test the relabelling rules)."""
    from spacy.tokens import Span

    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
        if name in nlp.pipe_names:
            doc = nlp.get_pipe(name)(doc)
    start = text.index(ent_text)
    span = doc.char_span(start, start + len(ent_text))
    doc.ents = [Span(doc, span.start, span.end, label=label)]
    return doc


# -- the example cases ------------------------------------------------------------------------------------------
def _matches(entity, pattern):
    """Whether an entity, as (text, label, id), has every field of ``pattern``."""
    text, label, kb_id = entity
    tests = {
        "text": lambda value: text == value,
        "label": lambda value: label == value,
        "id": lambda value: kb_id == value,
        "text_startswith": lambda value: text.startswith(value),
        "text_contains": lambda value: value in text,
    }
    unknown = set(pattern) - set(tests)
    if unknown or not pattern:
        raise ValueError(f"bad entity pattern {pattern!r}")
    return all(tests[key](value) for key, value in pattern.items())


def _attributes_checked(doc, detail):
    """The entity ``detail`` names, checked the way it asks: its label, then its attributes (all or some)."""
    keys = set(detail) - {"text", "text_contains", "id", "label", "attributes", "attributes_include"}
    if keys or len({"text", "text_contains", "id"} & set(detail)) != 1:
        raise ValueError(f"bad entity detail {detail!r}")
    if "id" in detail:
        if "label" in detail:
            raise ValueError("a detail picked by id checks no label")
        attributes = doc._.entity_info[detail["id"]]["attributes"]
    else:
        if "text" in detail:
            picked = [e for e in doc.ents if e.text == detail["text"]]
        else:
            picked = [e for e in doc.ents if detail["text_contains"] in e.text]
        assert picked, (detail, [e.text for e in doc.ents])
        entity = picked[0]
        if "label" in detail:
            assert entity.label_ == detail["label"], (entity.text, entity.label_)
        attributes = doc._.entity_info[entity.kb_id_]["attributes"]
    if "attributes" in detail:
        assert attributes == detail["attributes"]
    if "attributes_include" in detail:
        assert {key: attributes.get(key) for key in detail["attributes_include"]} == detail["attributes_include"]


def check_entity_case(nlp, case):
    text = case["text"]
    if case["kind"] == "relabelled":
        doc = nlp.get_pipe("claimscope_entities")(_doc_with_ent(nlp, text, case["ner_span"], case["ner_label"]))
    else:
        assert case["kind"] == "entities", case["kind"]
        doc = nlp(text)
    found = [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    ids = {e.text: e.kb_id_ for e in doc.ents}
    checked = 0
    for key, expected in case.items():
        if key in ("id", "kind", "text", "note", "ner_span", "ner_label"):
            continue
        checked += 1
        if key == "includes":
            assert [e for e in expected if len(e) != 3] == [], "includes lists (text, label, id) triples"
            assert [e for e in expected if tuple(e) not in set(found)] == [], found
        elif key == "present":
            assert [p for p in expected if not any(_matches(e, p) for e in found)] == [], found
        elif key == "absent":
            assert [(p, e) for p in expected for e in found if _matches(e, p)] == []
        elif key == "exactly":
            assert set(found) == {tuple(e) for e in expected}
        elif key == "texts_exactly":
            assert {e[0] for e in found} == set(expected)
        elif key == "text_labels_exactly":
            assert {e[:2] for e in found} == {tuple(e) for e in expected}
        elif key == "ordered":
            assert len(found) == len(expected), found
            assert [list(e[: len(x)]) for e, x in zip(found, expected, strict=True)] == expected
        elif key == "count":
            assert len(doc.ents) == expected, found
        elif key == "labels":
            labels = {e.text: e.label_ for e in doc.ents}
            assert {name: labels.get(name) for name in expected} == expected
        elif key == "ids":
            assert {name: ids.get(name) for name in expected} == expected
        elif key == "same_id":
            for names in expected:
                assert len({ids[name] for name in names}) == 1, {name: ids[name] for name in names}
        elif key == "label_texts":
            assert {label: {e[0] for e in found if e[1] == label} for label in expected} == {
                label: set(names) for label, names in expected.items()
            }
        elif key == "details":
            for detail in expected:
                _attributes_checked(doc, detail)
        elif key == "same_text":
            assert (doc.text == text) is expected
        else:
            raise ValueError(f"unknown case key {key!r}")
    assert checked, "a case with nothing to check"


ENTITY_CASES = read_gold(CASES_FILE)


def test_entity_cases_are_well_formed():
    ids = [case["id"] for case in ENTITY_CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    assert {case["kind"] for case in ENTITY_CASES} == {"entities", "relabelled"}
    assert all(isinstance(case["text"], str) and case["text"] for case in ENTITY_CASES)
    relabelled = [case for case in ENTITY_CASES if case["kind"] == "relabelled"]
    assert all(case["ner_span"] in case["text"] and case["ner_label"] for case in relabelled)


@pytest.mark.parametrize("case", ENTITY_CASES, ids=[case["id"] for case in ENTITY_CASES])
def test_entity_example(nlp, case):
    check_entity_case(nlp, case)


# -- user gazetteers: extra entities files and their errors ----------------------------------------------------
def test_extra_entities_file_extends_the_gazetteer(tmp_path):
    extra = tmp_path / "mine.jsonl"
    record = {"label": "PROJECT", "name": "Northern Lights", "aliases": ["Northern Lights"]}
    extra.write_text(json.dumps(record) + "\n", encoding="utf-8")
    nlp = claimscope.load(extra_entities=extra)
    doc = nlp("Both governments backed Northern Lights last year.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Northern Lights", "PROJECT", "PROJECT:northern-lights")
    ]


def test_malformed_extra_entities_names_file_and_line(tmp_path):
    extra = tmp_path / "broken.jsonl"
    extra.write_text('{"label": "ORG", "name": "Fine"}\n{"label": "ORG", "name": \n', encoding="utf-8")
    with pytest.raises(ClaimscopeValueError) as info:
        Gazetteer.default(extra)
    assert info.value.code == "E011"
    assert "broken.jsonl" in str(info.value) and "line 2" in str(info.value)


def test_bad_label_in_extra_entities_is_rejected(tmp_path):
    extra = tmp_path / "bad.jsonl"
    extra.write_text('{"label": "CITY", "name": "Osaka"}\n', encoding="utf-8")
    with pytest.raises(ClaimscopeValueError, match=r"\[E011\].*line 1.*label"):
        Gazetteer.default(extra)


def test_conflicting_alias_warns_naming_both(tmp_path):
    extra = tmp_path / "conflict.jsonl"
    extra.write_text('{"id": "ORG:my-g7", "label": "ORG", "name": "My G7", "aliases": ["G7"]}\n', encoding="utf-8")
    with pytest.warns(ClaimscopeWarning, match=r"\[W004\].*G7.*ORG:g7.*ORG:my-g7"):
        Gazetteer.default(extra)


def test_shipped_resources_have_no_conflicting_aliases():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert Gazetteer.default().conflicts == []


# -- the analysis: mentions of a pair of countries ---------------------------------------------------------------
def test_two_countries_resolve_to_the_pair_discussed_together():
    analysis = claimscope.analyze(
        "Russia-Japan relations have worsened. China watched. The two countries have not held talks, "
        "and bilateral trade fell."
    )
    russia, japan = analysis.entity("COUNTRY:RUS"), analysis.entity("COUNTRY:JPN")
    for entity in (russia, japan):
        assert [m.text for m in entity.mentions] == [entity.mentions[0].text, "The two countries", "bilateral"]
    assert "COUNTRY:CHN" not in {i for c in analysis.claims[2:] for i in c.entity_ids}
    assert {"COUNTRY:RUS", "COUNTRY:JPN"} <= set(analysis.claims[2].entity_ids)


# -- the gazetteer's own lookups and lists ---------------------------------------------------------------------
def test_lone_surname_of_a_listed_official_is_that_official(nlp):
    gazetteer = nlp.get_pipe("claimscope_entities").gazetteer
    assert gazetteer.lookup("Lynch") is None  # no alias of its own: the surname index links it
    assert gazetteer.lookup_surname("Lynch").id == "OFFICIAL:loretta-lynch"
    assert gazetteer.lookup_surname("Johnson") is None  # too common a surname
    assert gazetteer.lookup_surname("Gates") is None  # Robert Gates (official) or Bill Gates (person)


def test_garbled_accents_match_the_alias():
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("Pedro S\u00c3\u00a1nchez").id == "OFFICIAL:pedro-sanchez"
    assert "Pedro S\u00c3\u00a1nchez" not in gazetteer.entries["OFFICIAL:pedro-sanchez"].aliases  # not saved


def test_no_person_is_listed_twice():
    # Two listed people with one surname, the same middle names and suffix and first names that are one name or a
    # nickname of it ("James Mattis", "Jim Mattis") are one person listed twice: one id, the other form an alias.
    from claimscope.entities.mentions import _same_first_name

    people: dict[tuple[str, ...], list[str]] = {}
    for entry in Gazetteer.default().entries.values():
        words = entry.name.split()
        if entry.label in ("PERSON", "OFFICIAL") and len(words) >= 2:
            people.setdefault(tuple(words[1:]), []).append(entry.name)
    duplicates = [
        (one, other)
        for names in people.values()
        for i, one in enumerate(names)
        for other in names[i + 1 :]
        if _same_first_name(one.split()[0], other.split()[0])
    ]
    assert duplicates == []


# -- mojibake: offsets in the caller's text ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "North Korean leader Kim Jong-un\u00e2\u20ac\u2122s sister said the talks were over.",  # cp1252 mojibake
        "North Korean leader Kim Jong-un\u00e2\u0080\u0099s sister said the talks were over.",  # Latin-1 mojibake
        "North Korean leader Kim Jong-un\u00e2s sister said the talks were over.",  # control characters dropped
    ],
)
def test_mojibake_after_a_name_makes_no_new_entity_and_keeps_offsets(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    found = [(e.text, e.label_, e.kb_id_, e.start_char, e.end_char) for e in doc.ents]
    assert ("Kim Jong-un", "OFFICIAL", "OFFICIAL:kim-jong-un", 20, 31) in found
    assert all(text[start:end] == mention for mention, _, _, start, end in found)
    assert not any(kb.startswith("OFFICIAL:kim-jong-una") or "â" in mention for mention, _, kb, _, _ in found)
    (claim,) = doc.spans["claims"]
    assert claim.text == "the talks were over"


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_a_name_garbled_inside_links_to_its_entity_at_the_callers_offsets(nlp, codec):
    clean = "Turkish President Recep Tayyip Erdo\u011fan said Ankara would respond."
    text = clean.encode("utf-8").decode(codec)  # "Erdo\u00c4\u0178an": UTF-8 read as cp1252 or Latin-1
    doc = nlp(text)
    assert doc.text == text
    found = [(e.text, e.kb_id_, e.start_char, e.end_char) for e in doc.ents]
    assert any(kb == "OFFICIAL:recep-tayyip-erdogan" and text[s:e] == t for t, kb, s, e in found)
    assert not any(kb.startswith("PERSON:erdo") for _, kb, _, _ in found)
    # an unlisted name is given the id of its repaired spelling
    garbled = "Former Uruguayan president Jos\u00e9 Mujica spoke.".encode().decode("cp1252")
    assert not any("jos\u00e3" in e.kb_id_ or e.kb_id_.endswith(":josa") for e in nlp(garbled).ents)
