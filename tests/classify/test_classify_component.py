"""The ``claimscope_classify`` spaCy component on hand-made Docs."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

import claimscope.classify.component  # noqa: F401  (registers the factory)


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("claimscope_classify")
    return nlp


def _doc(nlp) -> Doc:
    doc = nlp.make_doc(
        "Russia invaded Ukraine in 2022. Critics say Russia is a brutal aggressor and Russia must pay. "
        "NATO met in Brussels."
    )
    # tokens: Russia(0) invaded(1) Ukraine(2) in(3) 2022(4) .(5) Critics(6) say(7) Russia(8) is(9)
    # a(10) brutal(11) aggressor(12) and(13) Russia(14) must(15) pay(16) .(17) NATO(18) met(19) in(20)
    # Brussels(21) .(22)
    doc.ents = [
        Span(doc, 0, 1, label="COUNTRY", kb_id="COUNTRY:RUS"),
        Span(doc, 2, 3, label="COUNTRY", kb_id="COUNTRY:UKR"),
        Span(doc, 8, 9, label="COUNTRY", kb_id="COUNTRY:RUS"),
        Span(doc, 14, 15, label="COUNTRY", kb_id="COUNTRY:RUS"),
        Span(doc, 18, 19, label="ORG", kb_id="ORG:nato"),
        Span(doc, 21, 22, label="GPE", kb_id=""),
    ]
    doc.spans["claims"] = [Span(doc, 0, 6), Span(doc, 8, 18), Span(doc, 19, 23)]
    return doc


def _annotations(doc: Doc) -> list[tuple]:
    return [
        (s._.verdict, round(s._.verdict_score, 4), round(s._.checkworthiness, 4), s._.stances)
        for s in doc.spans["claims"]
    ]


def test_sets_every_claim_attribute() -> None:
    nlp = _nlp()
    doc = nlp(_doc(nlp))
    first, second, third = doc.spans["claims"]
    for span in doc.spans["claims"]:
        assert span._.verdict in {"fact", "opinion"}
        assert 0.5 <= span._.verdict_score <= 1.0
        assert 0.0 <= span._.checkworthiness <= 1.0
    assert first._.verdict == "fact"
    assert second._.verdict == "opinion"
    assert [s["target"] for s in first._.stances] == ["COUNTRY:RUS", "COUNTRY:UKR"]
    # two mentions of one id inside the claim give one stance
    assert [s["target"] for s in second._.stances] == ["COUNTRY:RUS"]
    assert second._.stances[0]["label"] == "against"
    # NATO lies outside the third claim; Brussels has no kb_id
    assert third._.stances == []
    for s in first._.stances + second._.stances:
        assert s["label"] in {"favor", "against", "neutral"} and 0.0 < s["score"] <= 1.0


def test_pipe_matches_call_and_handles_docs_without_claims() -> None:
    nlp = _nlp()
    single = _annotations(nlp(_doc(nlp)))
    plain = nlp.make_doc("No claims here.")
    docs = list(nlp.pipe([_doc(nlp), plain, _doc(nlp)], batch_size=2))
    assert _annotations(docs[0]) == single == _annotations(docs[2])
    assert "claims" not in docs[1].spans
    empty = nlp.make_doc("Nothing.")
    empty.spans["claims"] = []
    assert len(nlp(empty).spans["claims"]) == 0


def test_to_disk_and_spacy_load_round_trip(tmp_path) -> None:
    nlp = _nlp()
    before = _annotations(nlp(_doc(nlp)))
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "claimscope_classify" / "model.safetensors").is_file()
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == ["claimscope_classify"]
    assert _annotations(loaded(_doc(loaded))) == before


def test_a_forecast_or_hedge_in_the_authors_voice_is_an_opinion() -> None:
    from claimscope.classify.component import verdict_of

    nlp = _nlp()
    doc = nlp.make_doc("Tokyo will keep tightening export controls.")
    span = Span(doc, 0, len(doc))
    for modality, hedged, expected in (
        ("predicted", False, "opinion"),
        ("recommended", False, "opinion"),
        ("conditional", False, "opinion"),
        ("asserted", True, "opinion"),
        ("asserted", False, "fact"),
        ("question", False, "fact"),
    ):
        span._.modality, span._.hedged = modality, hedged
        assert verdict_of(span, "fact") == expected, modality
    # an attributed forecast keeps the head's verdict (the claim is reported)
    span._.modality, span._.hedged = "predicted", False
    span._.claimer = {"text": "the minister", "start": 0, "end": 12, "entity_id": None, "cue": "said", "kind": "person"}
    assert verdict_of(span, "fact") == "fact"
    assert verdict_of(span, "opinion") == "opinion"
