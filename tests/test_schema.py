"""The Analysis schema: document-level entity stances."""

from __future__ import annotations

import pytest

from claimscope import Analysis, Attribution, Claim, Entity, Stance


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
    assert author.score == pytest.approx(1.5 / 2.7)
    assert author.votes == {"favor": 0.5, "against": 1.5, "neutral": 0.7}
    assert (attributed.voice, attributed.label, attributed.score, attributed.n_claims) == (
        "attributed",
        "favor",
        1.0,
        1,
    )


def test_entity_stances_empty_without_stances():
    assert Analysis(text="").entity_stances() == []
