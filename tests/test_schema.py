"""The Analysis schema: document-level entity stances, scores rounded on construction."""

from __future__ import annotations

import pytest

from claimscope import Analysis, Attribution, Claim, Entity, EntityStance, Stance


def claim(stances, claimer=None, kind="named"):
    attribution = Attribution(text=claimer, start=0, end=len(claimer), kind=kind) if claimer else None
    return Claim(text="x", start=0, end=1, statement="x", claimer=attribution, stances=stances)


def test_entity_stances_aggregate_by_entity_and_voice():
    japan = Entity(id="COUNTRY:JPN", label="COUNTRY", name="Japan")
    analysis = Analysis(
        text="x",
        entities=[japan],
        claims=[
            claim([Stance(target="COUNTRY:JPN", label="against", score=0.9)]),
            claim([Stance(target="COUNTRY:JPN", label="against", score=0.6)]),
            claim([Stance(target="COUNTRY:JPN", label="favor", score=0.5)]),
            claim([Stance(target="COUNTRY:JPN", label="favor", score=0.8)], claimer="Peskov"),
            claim([Stance(target="COUNTRY:JPN", label="neutral", score=0.7)], claimer="I", kind="author"),
            claim([Stance(target="sanctions", label="favor", score=0.9)]),  # a topic, not an entity
        ],
    )
    attributed, author = analysis.entity_stances()  # sorted by entity id, then voice
    assert (author.entity_id, author.voice, author.label, author.n_claims) == ("COUNTRY:JPN", "author", "against", 4)
    assert author.score == round(1.5 / 2.7, 4) == 0.5556
    assert author.votes == {"favor": 0.5, "against": 1.5, "neutral": 0.7}
    assert (attributed.voice, attributed.label, attributed.score, attributed.n_claims) == (
        "attributed",
        "favor",
        1.0,
        1,
    )


def test_entity_stances_empty_without_stances():
    assert Analysis(text="").entity_stances() == []


def test_scores_are_rounded_to_four_decimals_on_construction():
    stance = Stance(target="sanctions", label="favor", score=0.123456789, relevance=0.987654321)
    claim_ = Claim(
        text="x", start=0, end=1, statement="x", verdict_score=0.55555555, checkworthiness=0.00004, stances=[stance]
    )
    assert (stance.score, stance.relevance) == (0.1235, 0.9877)
    assert (claim_.verdict_score, claim_.checkworthiness) == (0.5556, 0.0)
    analysis = Analysis(text="x", claims=[claim_])
    dumped = analysis.to_dict()["claims"][0]
    assert (dumped["verdict_score"], dumped["stances"][0]["score"]) == (0.5556, 0.1235)
    assert '"verdict_score":0.5556' in analysis.to_json() and "0.123456789" not in analysis.to_json()
    # a float32 from a model rounds too, and None stays None
    import numpy as np

    assert Claim(text="x", start=0, end=1, statement="x", verdict_score=np.float32(0.3)).verdict_score == 0.3
    assert Claim(text="x", start=0, end=1, statement="x").verdict_score is None
    with pytest.raises(ValueError):
        Stance(target="t", label="favor", score=1.2)


def test_entity_stance_scores_and_votes_are_rounded():
    japan = Entity(id="COUNTRY:JPN", label="COUNTRY", name="Japan")
    stances = [Stance(target="COUNTRY:JPN", label="against", score=s) for s in (0.33333333, 0.33333333, 0.3)]
    analysis = Analysis(text="x", entities=[japan], claims=[claim([s]) for s in stances])
    (author,) = analysis.entity_stances()
    assert author.votes == {"favor": 0.0, "against": 0.9666, "neutral": 0.0}
    assert author.score == 1.0
    assert EntityStance(entity_id="e", voice="author", label="favor", score=2 / 3, n_claims=1, votes={}).score == 0.6667
