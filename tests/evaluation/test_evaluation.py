"""The gold-set scorers, and regression floors on the development sets (never on the gold sets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.evaluation.rules import prf, read_gold, score_claims, score_entities

DATA = Path(__file__).parents[1] / "data"


def test_prf_counts():
    assert prf(3, 4, 6) == {"precision": 0.75, "recall": 0.5, "f1": 0.6, "support": 6}
    assert prf(0, 0, 0)["f1"] == 0.0


def test_gold_files_have_valid_offsets():
    for name in (
        "entities_gold.jsonl",
        "entities_dev.jsonl",
        "entities_dev2.jsonl",
        "claims_gold.jsonl",
        "claims_dev.jsonl",
        "claims_dev2.jsonl",
        "claims_dev3.jsonl",
    ):
        for record in read_gold(DATA / name):
            text = record["text"]
            for item in record.get("entities", []) + record.get("claims", []):
                assert text[item["start"] : item["end"]] == item["text"], (name, record["id"])


@pytest.mark.parametrize(
    "name, sentences, micro_floor",
    [("entities_dev.jsonl", 50, 0.70), ("entities_dev2.jsonl", 100, 0.90)],
)
def test_entity_scorer_on_the_dev_sets(nlp, name, sentences, micro_floor):
    scores = score_entities(nlp, read_gold(DATA / name))
    assert scores["sentences"] == sentences
    assert scores["per_label"]["COUNTRY"]["f1"] >= 0.85
    assert scores["micro"]["f1"] >= micro_floor


@pytest.mark.parametrize(
    "name, inside_floor",
    [("claims_dev.jsonl", 0.60), ("claims_dev2.jsonl", 0.60), ("claims_dev3.jsonl", 0.85)],
)
def test_claim_scorer_on_the_dev_sets(nlp, name, inside_floor):
    scores = score_claims(nlp, read_gold(DATA / name))
    assert scores["claims_overlap"]["f1"] >= 0.80
    assert scores["claimer_in_sentence"]["f1"] >= inside_floor
    assert scores["modality_accuracy"] >= 0.80
