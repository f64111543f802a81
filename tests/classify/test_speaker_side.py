"""Entity stance from the speaker's side: the claim's speaker, its country and organisation get no stance from
the speaker's own claims (``claimscope_classify``'s :func:`speaker_side_ids`); the claim's entity ids stay."""

from __future__ import annotations

import pytest

from claimscope.classify.component import speaker_side_ids


def _claims(nlp, text):
    doc = nlp(text)  # keep the Doc alive while the span group is read
    return doc, list(doc.spans["claims"])


def _targets(span) -> list[str]:
    return [s["target"] for s in span._.stances or []]


@pytest.fixture(scope="module")
def classifies(nlp):
    if "claimscope_classify" not in nlp.pipe_names:
        pytest.skip("no classifier artefact")
    return nlp


def test_the_accuser_and_its_country_get_no_stance(classifies):
    _, (claim,) = _claims(
        classifies, "India's External Affairs Minister Sushma Swaraj accused Pakistan of sponsoring terrorism."
    )
    assert claim._.claimer["entity_id"] == "OFFICIAL:sushma-swaraj"  # the accuser holds the accusation (guide C4)
    assert claim._.claimer_rule == "reported_act"
    assert set(_targets(claim)) == {"COUNTRY:PAK"}
    assert claim._.stances[0]["label"] in {"against", "neutral"}
    assert speaker_side_ids(claim) == {"OFFICIAL:sushma-swaraj", "COUNTRY:IND"}
    from claimscope.extensions import entity_ids_in

    assert set(entity_ids_in(claim)) == {"COUNTRY:IND", "OFFICIAL:sushma-swaraj", "COUNTRY:PAK"}


def test_the_speakers_own_country_gets_no_stance_from_his_quotation(classifies):
    _, (claim,) = _claims(
        classifies, '"No power dares imagine an invasion against Iran," President Mahmoud Ahmadinejad said.'
    )
    assert claim._.claimer["entity_id"] == "OFFICIAL:mahmoud-ahmadinejad"
    assert "COUNTRY:IRN" not in _targets(claim)
    assert claim._.stances == []


def test_a_passive_agent_is_the_accuser(classifies):
    _, (claim,) = _claims(classifies, "Pakistan was accused by India's foreign minister of sponsoring terrorism.")
    assert _targets(claim) == ["COUNTRY:PAK"]


def test_a_speakers_organisation_and_a_country_speaking(classifies):
    _, claims = _claims(classifies, "NATO Secretary General Jens Stoltenberg warned Russia.")
    assert [_targets(c) for c in claims] == [["COUNTRY:RUS"]]
    # a country as claimer: the other party keeps its stance, the speaker's own country none
    _, (claim,) = _claims(classifies, "Iran said the United States had threatened Iran.")
    assert claim._.claimer["entity_id"] == "COUNTRY:IRN"
    assert _targets(claim) == ["COUNTRY:USA"]


def test_the_subject_keeps_a_stance_when_the_claim_is_about_it_or_reports_no_verbal_act(classifies):
    # not a verbal act: the claim is about the subject
    _, (claim,) = _claims(classifies, "Russia invaded Ukraine in 2022.")
    assert _targets(claim) == ["COUNTRY:RUS", "COUNTRY:UKR"]
    # the subject's country is also named outside the subject: the claim is about it too
    _, (claim,) = _claims(classifies, "Pakistan's prime minister accused India of violating Pakistan's airspace.")
    assert "COUNTRY:PAK" in _targets(claim) and "COUNTRY:IND" in _targets(claim)
    assert "OFFICIAL:pak-prime-minister" not in _targets(claim)


def test_others_named_beside_the_speaker_keep_their_stance(classifies):
    # an apposition that names someone else: only the speaker is on the speaking side
    doc, (claim,) = _claims(classifies, "Jane Smith, a Clinton supporter, criticized Donald Trump over his tax plan.")
    assert speaker_side_ids(claim) == {"PERSON:jane-smith"}
    assert _targets(claim) == ["OFFICIAL:hillary-clinton", "OFFICIAL:donald-trump"]
    # "telling" without anyone told is no verbal act
    doc, (claim,) = _claims(classifies, "Putin's speech is telling.")
    assert speaker_side_ids(claim) == set() and _targets(claim) == ["OFFICIAL:vladimir-putin"]
