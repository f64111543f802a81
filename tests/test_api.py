"""claimscope.analyze / analyze_batch: the Analysis contract and bad input."""

from __future__ import annotations

import json
import warnings

import pytest

import claimscope
from claimscope.errors import ClaimscopeTypeError, ClaimscopeWarning
from tests.compare import close
from tests.conftest import COMMENTARY


def test_analysis_offsets_point_into_the_text(commentary_analysis):
    a = commentary_analysis
    assert a.claims and a.entities
    for claim in a.claims:
        assert COMMENTARY[claim.start : claim.end] == claim.text
        if claim.claimer:
            assert COMMENTARY[claim.claimer.start : claim.claimer.end] == claim.claimer.text
    for entity in a.entities:
        for mention in entity.mentions:
            assert COMMENTARY[mention.start : mention.end] == mention.text


def test_commentary_claims_claimers_and_entities(commentary_analysis):
    by_text = {c.text: c for c in commentary_analysis.claims}
    assert by_text["Japan has chosen to follow the West"].claimer.entity_id == "COUNTRY:RUS"
    peskov_claim = by_text['Tokyo\'s sanctions were "unfriendly"']
    assert peskov_claim.claimer.entity_id == "OFFICIAL:dmitry-peskov"
    assert "COUNTRY:JPN" in peskov_claim.entity_ids
    assert by_text["Russia will respond to any new restrictions"].claimer.cue == "has warned"
    ids = {e.id: e for e in commentary_analysis.entities}
    assert ids["ORG:g7"].label == "ORG"
    assert ids["COUNTRY:RUS"].name == "Russia"
    assert len(ids["OFFICIAL:dmitry-peskov"].mentions) == 2  # "Dmitry Peskov" and later "Peskov"
    assert {s.reason for s in commentary_analysis.skipped} >= {"heading", "source_line", "disclaimer"}


def test_classifier_fields_are_set_on_every_claim(commentary_analysis):
    for claim in commentary_analysis.claims:
        assert claim.verdict in ("fact", "opinion")
        if claim.verdict_score is None:  # the modality overruled the head: an author's forecast, condition or hedge
            assert claim.verdict == "opinion" and claim.claimer is None
            assert claim.modality in ("predicted", "recommended", "conditional") or claim.hedged
        else:
            assert 0.5 <= claim.verdict_score <= 1.0
        assert 0.0 <= claim.checkworthiness <= 1.0
        entity_targets = {s.target for s in claim.stances}
        assert entity_targets <= set(claim.entity_ids)


def test_to_dict_and_to_json_round_trip(commentary_analysis):
    data = commentary_analysis.to_dict()
    assert json.loads(commentary_analysis.to_json()) == data
    assert claimscope.Analysis.model_validate(data) == commentary_analysis


def test_fields_of_absent_components_are_empty_not_placeholders():
    nlp = claimscope.load()
    if "claimscope_classify" in nlp.pipe_names:
        nlp.remove_pipe("claimscope_classify")
    analysis = claimscope.analyze("Japan has imposed new sanctions on Russia.", nlp=nlp)
    (claim,) = analysis.claims
    assert claim.verdict is None and claim.verdict_score is None and claim.checkworthiness is None
    assert claim.stances == []


@pytest.mark.parametrize("bad", [None, b"Japan imposed sanctions.", 42, ["a list"]])
def test_non_str_input_is_a_coded_type_error(bad, nlp):
    with pytest.raises(TypeError, match=r"\[E001\]") as info:
        claimscope.analyze(bad, nlp=nlp)
    assert isinstance(info.value, ClaimscopeTypeError) and info.value.code == "E001"


@pytest.mark.parametrize("empty", ["", "   ", "\n\n\t "])
def test_empty_text_gives_no_claims(empty, nlp):
    analysis = claimscope.analyze(empty, nlp=nlp)
    assert analysis.claims == [] and analysis.entities == [] and analysis.error is None


def test_batch_streams_in_order_and_marks_bad_items(nlp):
    texts = ["Tokyo wants talks, but Moscow refuses them.", None, "", b"bytes", "Peskov said Russia will respond."]
    results = list(claimscope.analyze_batch(iter(texts), batch_size=2, nlp=nlp))
    assert len(results) == len(texts)
    assert [len(r.claims) for r in results] == [2, 0, 0, 0, 1]
    assert results[1].error.startswith("[E001]") and results[3].error.startswith("[E001]")
    assert results[0].error is None and results[4].claims[0].claimer.text == "Peskov"


def test_batch_matches_single_analysis(nlp):
    texts = [COMMENTARY, "Japan imposed sanctions on Russia."]
    batched = [a.to_dict() for a in claimscope.analyze_batch(texts, nlp=nlp)]
    assert close(batched, [claimscope.analyze(t, nlp=nlp).to_dict() for t in texts])


def test_batch_rejects_a_bare_string(nlp):
    with pytest.raises(ClaimscopeTypeError, match=r"\[E002\]"):
        list(claimscope.analyze_batch("just one text", nlp=nlp))


def test_two_megabyte_text_is_processed_in_pieces_with_true_offsets(nlp):
    paragraph = "Peskov said that Tokyo's sanctions were unfriendly. The G7 will meet in June."
    padding = "\n\n" + " " * 19_000 + "\n\n"  # whitespace keeps the test fast: few tokens, many characters
    text = padding.join(f"{paragraph} Item {i} was noted." for i in range(110))
    assert len(text) > 2_000_000 > nlp.max_length
    with pytest.warns(ClaimscopeWarning, match=r"\[W002\]"):
        analysis = claimscope.analyze(text, nlp=nlp)
    assert len(analysis.claims) == 3 * 110
    for claim in analysis.claims:
        assert text[claim.start : claim.end] == claim.text
    g7 = analysis.entity("ORG:g7")
    assert len(g7.mentions) == 110
    assert all(text[m.start : m.end] == "G7" for m in g7.mentions)


def test_non_english_text_is_processed_with_a_coded_warning(nlp):
    german = "Der Bundeskanzler hat heute in Berlin gesagt, dass die Regierung die Sanktionen verschärfen wird."
    with pytest.warns(ClaimscopeWarning, match=r"\[W001\]"):
        analysis = claimscope.analyze(german, nlp=nlp)
    assert any(w.startswith("[W001]") for w in analysis.warnings)


def test_english_text_has_no_language_warning(commentary_analysis):
    assert not any(w.startswith("[W001]") for w in commentary_analysis.warnings)


def test_binary_junk_is_marked_not_fatal(nlp):
    junk = "Japan said \x00\x01\x02 that \ufffd\ufffd trade fell.\x07"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = claimscope.analyze(junk, nlp=nlp)
    assert any("[W003]" in str(w.message) for w in caught)
    assert any(w.startswith("[W003]") for w in analysis.warnings)


def test_batch_in_two_processes_gives_the_same_claims(nlp, commentary_analysis):
    # The parent has already run the classifier: forked workers must not deadlock in torch.
    texts = [COMMENTARY, "Tokyo wants talks, but Moscow refuses them.", None]
    two = list(claimscope.analyze_batch(texts, batch_size=1, n_process=2, nlp=nlp))
    one = list(claimscope.analyze_batch(texts, batch_size=1, nlp=nlp))
    assert [[(c.text, c.claimer, c.verdict) for c in a.claims] for a in two] == [
        [(c.text, c.claimer, c.verdict) for c in a.claims] for a in one
    ]
    assert two[2].error.startswith("[E001]")
