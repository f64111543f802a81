"""The decision model that takes or leaves the tagger's claimers (``claimer_decision`` in the artefact)."""

from __future__ import annotations

import json
import math

import claimscope
from claimscope.claims.attribution_decision import FEATURES, Decision, context_features, previous_in_paragraph
from claimscope.training.attribution_data import Attribution, Document

RULES_MISS = "Trump has repeatedly trumpeted polls showing him ahead of Clinton."  # the tagger's act way


def test_the_probability_is_a_logistic_of_the_weighted_features():
    decision = Decision({"weights": {"way_act": 2.0, "confidence_act": 1.0}, "bias": -1.0, "threshold": 0.5})
    p = decision.probability({"way_act": 1.0, "confidence_act": 0.5, "unknown": 9.0})
    assert math.isclose(p, 1 / (1 + math.exp(-1.5)))
    assert decision.probability({}) < 0.5  # the bias alone


def test_the_context_of_a_claim_that_continues_an_account(rules_nlp):
    text = "Smith said the talks had failed. The sides will meet again.\nThe weather was fine."
    doc = rules_nlp(text)
    claims = list(doc.spans["claims"])
    assert [c._.claimer and c._.claimer["text"] for c in claims] == ["Smith", None, None]
    previous = previous_in_paragraph(claims, text)
    assert previous[claims[1].start] == claims[0]  # same paragraph
    assert previous[claims[2].start] is None  # a line break lies between
    smith = doc[0:1]
    f = context_features("unquoted", 0.8, claims[1], smith, previous[claims[1].start], frozenset(), text)
    assert set(f) == set(FEATURES)
    assert f["way_unquoted"] == 1.0 and f["confidence_unquoted"] == 0.8 and f["confidence_act"] == 0.0
    assert f["previous_has_claimer"] == 1.0 and f["previous_same_source"] == 1.0
    assert f["source_before"] == 1.0 and f["source_in_sentence"] == 0.0 and f["source_proper"] == 1.0
    assert f["paragraph_start"] == 0.0 and f["paragraph_quotes"] == 0.0
    alone = context_features("unquoted", 0.8, claims[2], smith, None, frozenset(), text)
    assert alone["previous_has_claimer"] == 0.0 and alone["paragraph_start"] == 1.0


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def test_rows_labels_fit_and_threshold():
    from claimscope.training.attribution_decision import apply_decision, choose_threshold, fit, labelled_rows

    text = "The senator said that taxes will rise. Prices fell. The mayor claims crime is down."
    doc = Document(
        "x",
        text,
        [
            Attribution(
                cue=[_span(text, "claims")], content=[_span(text, "crime is down.")], source=[_span(text, "The mayor")]
            )
        ],
    )
    mayor = _span(text, "The mayor")

    def claim(part: str, sure: float) -> dict:
        s, e = _span(text, part)
        features = {name: 0.0 for name in FEATURES} | {"way_unquoted": 1.0, "confidence_unquoted": sure}
        proposal = {"way": "unquoted", "confidence": sure, "start": mayor[0], "end": mayor[1], "features": features}
        return {"start": s, "end": e, "claimer": None, "proposals": [proposal]}

    recorded = [[claim("Prices fell", 0.2), claim("crime is down", 0.9)]]
    rows, labels = labelled_rows([doc], recorded)
    assert labels == [0, 1] and len(rows[0]) == len(FEATURES)
    model = fit(rows * 5, labels * 5)
    assert model["weights"]["confidence_unquoted"] > 0 and set(model["weights"]) == set(FEATURES)
    applied = apply_decision(recorded, Decision({**model, "threshold": 0.5}))
    assert [c["claimer"] is not None for c in applied[0]] == [False, True]
    choice = choose_threshold([doc], recorded, model)
    assert choice["b_inside_with_claimer"] == 1.0 and choice["d_outside_author_voice"] == 1.0
    assert choose_threshold([doc], recorded, model, accept=lambda config: False)["threshold"] is None


def test_the_artefacts_decision_model_takes_or_leaves_the_proposals(tmp_path):
    from claimscope.claims.learned import LearnedClaimers
    from claimscope.models.attribution import PACKAGED_PATH

    config = json.loads((PACKAGED_PATH / "config.json").read_text(encoding="utf-8"))

    def claimers(bias: float) -> list[str | None]:
        folder = tmp_path / f"bias{bias}"
        folder.mkdir()
        (folder / "model.safetensors").write_bytes((PACKAGED_PATH / "model.safetensors").read_bytes())
        decision = {"weights": {name: 0.0 for name in FEATURES}, "bias": bias, "threshold": 0.5}
        (folder / "config.json").write_text(json.dumps({**config, "claimer_decision": decision}))
        assert LearnedClaimers(folder).decision is not None
        nlp = claimscope.load()
        nlp.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": str(folder)})
        doc = nlp(RULES_MISS)
        return [c._.claimer and c._.claimer["text"] for c in doc.spans["claims"]]

    assert claimers(5.0) == ["Trump"]  # every proposal taken
    assert claimers(-5.0) == [None]  # none taken
    # the per-way thresholds' dev-set check ignores an artefact's decision model
    from claimscope.training.attribution_thresholds import _Fixed

    assert _Fixed(tmp_path / "bias5.0", {"act": 0.5, "quotation": None, "unquoted": None}).decision is None


def test_proposals_carry_features_only_when_something_reads_them(rules_nlp):
    from claimscope.claims.learned import LearnedClaimers

    learned = LearnedClaimers()  # the shipped artefact: thresholds, no decision model
    assert learned.decision is None
    doc = rules_nlp(RULES_MISS)
    claims = list(doc.spans["claims"])
    plain = learned.propose(doc, claims)
    assert "act" in [p.way for p in plain] and all(p.features == {} for p in plain)
    recorded = learned.propose(doc, claims, features=True)
    assert [p.way for p in recorded] == [p.way for p in plain]
    assert all(set(p.features) == set(FEATURES) and p.features[f"way_{p.way}"] == 1.0 for p in recorded)
