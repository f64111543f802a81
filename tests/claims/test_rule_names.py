"""Each claim records the rules that made it (``span._.rule``, ``span._.claimer_rule``), and the claims evaluation
counts matches per rule on request (``score_claims(..., by_rule=True)``, ``score_claims_by_rule``)."""

from __future__ import annotations

import json

import pytest

import claimscope
from claimscope.claims.component import AUTHOR_RULE, CLAIM_RULES, CLAIMER_RULES
from claimscope.evaluation.rules import read_gold, score_claims, score_claims_by_rule
from claimscope.extensions import SPANS_KEY


def _names(nlp, text):
    doc = nlp(text)
    return [(c.text, c._.rule, c._.claimer_rule) for c in doc.spans[SPANS_KEY]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("According to the Kremlin, the talks failed.", [("the talks failed", "sentence", "according_to")]),
        ("Japan said that Russia may become a threat.", [("Russia may become a threat", "sentence", "x_said_that")]),
        ('"We will respond," he said.', [("We will respond", "sentence", "quote_frame")]),
        ("As Lavrov said, the West is hostile.", [("the West is hostile", "sentence", "as_x_said")]),
        ("Russia will respond, Peskov said.", [("Russia will respond", "sentence", "trailing_x_said")]),
        (
            "In a statement, the ministry said the talks had failed.",
            [("the talks had failed", "sentence", "fronted_x_said")],
        ),
        ("Japan imposed sanctions in 2022.", [("Japan imposed sanctions in 2022", "sentence", AUTHOR_RULE)]),
        (
            "Japan imposed sanctions, but Russia ignored them.",
            [
                ("Japan imposed sanctions", "clause_split", AUTHOR_RULE),
                ("Russia ignored them", "clause_split", AUTHOR_RULE),
            ],
        ),
        (
            "The talks failed, but Lavrov said that Moscow would respond.",
            [
                ("The talks failed", "clause_split", AUTHOR_RULE),
                ("Moscow would respond", "clause_split", "x_said_that"),
            ],
        ),
        (
            "Tokyo hesitated because the costs were high.",
            [("Tokyo hesitated", "reason_clause", AUTHOR_RULE), ("the costs were high", "reason_clause", AUTHOR_RULE)],
        ),
        (
            "Japan follows the West, imposes sanctions, and provides aid.",
            [
                ("Japan follows the West", "predicate_split", AUTHOR_RULE),
                ("imposes sanctions", "predicate_split", AUTHOR_RULE),
                ("provides aid", "predicate_split", AUTHOR_RULE),
            ],
        ),
        (
            "The talks failed, Peskov said, adding that Moscow would respond.",
            [
                ("The talks failed", "clause_split", "trailing_x_said"),
                ("Moscow would respond", "adding_that", "adding_that"),
            ],
        ),
        (
            '"We got stuck," Clapton says. "We hit a brick wall."',
            [("We got stuck", "sentence", "quote_frame"), ("We hit a brick wall", "sentence", "continued_quote")],
        ),
        (
            '"We got stuck. We hit a wall," Clapton said.',
            [("We got stuck", "sentence", "same_quote"), ("We hit a wall", "sentence", "quote_frame")],
        ),
        ('Peskov:\n"We will respond."', [("We will respond", "sentence", "speaker_label")]),
    ],
)
def test_rule_names(nlp, text, expected):
    assert _names(nlp, text) == expected


def test_every_claim_names_known_rules(commentary_doc):
    claims = list(commentary_doc.spans[SPANS_KEY])
    assert claims
    for claim in claims:
        assert claim._.rule in CLAIM_RULES
        assert claim._.claimer_rule in CLAIMER_RULES
        assert (claim._.claimer is None) == (claim._.claimer_rule == AUTHOR_RULE)


def test_rule_names_stay_out_of_the_analysis(nlp):
    text = "According to the Kremlin, the talks failed."
    analysis = claimscope.analyze(text, nlp=nlp)
    assert "rule" not in json.loads(analysis.to_json())["claims"][0]
    assert "claimer_rule" not in analysis.to_json()
    assert analysis.to_json() == nlp(text)._.analysis.to_json()


def _claim(text, part, claimer=None, in_sentence=True, **extra):
    start = text.index(part)
    record = {"start": start, "end": start + len(part), "text": part, "modality": "asserted", "hedged": False}
    if claimer is None:
        record["claimer"] = None
    else:
        c = text.index(claimer)
        record["claimer"] = {"start": c, "end": c + len(claimer), "text": claimer, "in_sentence": in_sentence}
    return {**record, **extra}


def _record(text, *claims):
    return {"id": text[:30], "text": text, "claims": [_claim(text, *c[:2], **c[2]) for c in claims]}


@pytest.fixture(scope="module")
def tiny_gold(tmp_path_factory):
    """A tiny gold file in the format of tests/data/claims_dev.jsonl, with right, wrong and missed claims."""
    t1 = "According to the Kremlin, the talks failed."
    t2 = '"We will respond," he said.'
    t3 = "Japan imposed sanctions, but Russia ignored them."
    t4 = "Japan said that Russia may become a threat."
    t5 = "Tokyo hesitated because the costs were high."
    t6 = "Peskov insisted that Russia would respond."
    records = [
        _record(t1, ("the talks failed", "the Kremlin", {})),
        _record(t2, ("We will respond", "he", {})),
        _record(t3, ("Japan imposed sanctions, but Russia ignored them", None, {})),  # one claim: the split is wrong
        _record(t4, ("Russia may become a threat", "Russia", {})),  # a wrong gold claimer: the rule's is wrong
        _record(t5, ("Tokyo hesitated", None, {}), ("the costs were high", "Tokyo", {})),  # a missed claimer
        _record(t6, ("Russia would respond", "Peskov", {"claimer_outside_passage": True})),
        _record("The sky is blue. Grass is green.", ("Grass is green", None, {})),  # a claim the gold leaves out
    ]
    path = tmp_path_factory.mktemp("gold") / "tiny_claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_by_rule_is_opt_in(nlp, tiny_gold):
    records = read_gold(tiny_gold)
    plain = score_claims(nlp, records)
    with_rules = score_claims(nlp, records, by_rule=True)
    assert "by_rule" not in plain
    assert {k: v for k, v in with_rules.items() if k != "by_rule"} == plain
    assert with_rules["by_rule"] == score_claims_by_rule(nlp, records)


def test_by_rule_counts_add_up_to_the_totals(nlp, tiny_gold):
    records = read_gold(tiny_gold)
    scores = score_claims(nlp, records, by_rule=True)
    by_rule = scores["by_rule"]
    docs = list(nlp.pipe(r["text"] for r in records))
    n_pred = sum(len(doc.spans[SPANS_KEY]) for doc in docs)
    n_gold = sum(len(r["claims"]) for r in records)

    claims = by_rule["claims"]
    assert set(claims) <= set(CLAIM_RULES)
    assert sum(c["predicted"] for c in claims.values()) == n_pred
    exact_tp = round(scores["claims_exact"]["recall"] * n_gold)
    overlap_tp = round(scores["claims_overlap"]["recall"] * n_gold)
    assert sum(c["exact"] for c in claims.values()) == exact_tp
    assert sum(c["overlap"] for c in claims.values()) == overlap_tp
    assert by_rule["missed"] == n_gold - overlap_tp
    for c in claims.values():
        assert c["unmatched"] == c["predicted"] - c["overlap"]
        assert c["exact"] <= c["overlap"] <= c["predicted"]

    claimers = by_rule["claimers"]
    assert set(claimers) <= set(CLAIMER_RULES)
    assert sum(c["predicted"] for c in claimers.values()) == n_pred
    for c in claimers.values():
        assert c["predicted"] == c["right"] + c["wrong"] + c["unmatched"] + c["unscorable"]
    named = [c for rule, c in claimers.items() if rule != AUTHOR_RULE]
    inside, outside = scores["claimer_in_sentence"], scores["claimer_outside_sentence"]
    tp = round(inside["recall"] * inside["support"]) + round(outside["recall"] * outside["support"])
    assert sum(c["right"] for c in named) == tp
    n_pred_claimers = sum(1 for doc in docs for claim in doc.spans[SPANS_KEY] if claim._.claimer is not None)
    assert sum(c["right"] + c["wrong"] + c["unmatched"] + c["unscorable"] for c in named) == n_pred_claimers

    # the rules of the tiny file, one by one
    assert claimers["according_to"]["right"] == 1
    assert claimers["quote_frame"]["right"] == 1
    assert claimers["x_said_that"]["wrong"] == 1  # "Japan", where the gold says "Russia"
    assert claimers["x_said_that"]["unscorable"] == 1  # Peskov, named outside the passage in the gold
    assert claims["clause_split"] == {
        "predicted": 2,
        "exact": 0,
        "overlap": 0,
        "unmatched": 2,
        "precision_exact": 0.0,
        "precision_overlap": 0.0,
    }
    assert claims["reason_clause"]["exact"] == 2
    author = claimers[AUTHOR_RULE]
    assert author["right"] == 2  # "Tokyo hesitated", "Grass is green": no claimer in the gold either
    assert author["wrong"] == 1  # "the costs were high": the gold names Tokyo
    assert author["unmatched"] >= 3  # the two halves of the split sentence and "The sky is blue"


def test_evaluate_claims_by_rule_on_the_command_line():
    from typer.testing import CliRunner

    from claimscope.cli import app

    plain = CliRunner().invoke(app, ["evaluate", "claims", "--data", "tests/data/claims_dev.jsonl"])
    ruled = CliRunner().invoke(app, ["evaluate", "claims", "--data", "tests/data/claims_dev.jsonl", "--by-rule"])
    assert plain.exit_code == 0 and ruled.exit_code == 0, ruled.output
    plain_result, ruled_result = json.loads(plain.stdout), json.loads(ruled.stdout)
    assert "by_rule" not in plain_result
    by_rule = ruled_result.pop("by_rule")
    assert ruled_result == plain_result  # the usual scores are unchanged by the flag
    assert set(by_rule["claims"]) <= set(CLAIM_RULES)
    assert sum(c["predicted"] for c in by_rule["claims"].values()) > 0
