"""The blind-set scorer (claimscope.evaluation.blind) on a tiny hand-made fixture with known numbers, and the
well-formedness of tests/data/blind_news.jsonl. No thresholds on the blind set's scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimscope.evaluation.blind import (
    check_record,
    format_scores,
    match_spans,
    read_blind,
    score_blind,
    score_predictions,
)

BLIND = Path(__file__).parents[1] / "data" / "blind_news.jsonl"
BLIND_2 = Path(__file__).parents[1] / "data" / "blind_news_2.jsonl"

T1 = "Japan imposed sanctions on Russia. Analysts said the move will fail."
T2 = "Heading here\nThe UN met."


def _span(text: str, s: str) -> dict:
    i = text.index(s)
    return {"start": i, "end": i + len(s), "text": s}


def _records() -> list[dict]:
    return [
        {
            "id": "r1",
            "text": T1,
            "claims": [
                {
                    **_span(T1, "Japan imposed sanctions on Russia"),
                    "claimer": None,
                    "verdict": "fact",
                    "stances": [
                        {"entity_id": "COUNTRY:JPN", "label": "neutral"},
                        {"entity_id": "COUNTRY:RUS", "label": "against"},
                    ],
                },
                {
                    **_span(T1, "the move will fail"),
                    "claimer": _span(T1, "Analysts"),
                    "verdict": "opinion",
                    "stances": [],
                },
            ],
            "entities": [
                {**_span(T1, "Japan"), "label": "COUNTRY", "id": "COUNTRY:JPN"},
                {**_span(T1, "Russia"), "label": "COUNTRY", "id": "COUNTRY:RUS"},
            ],
            "skipped": [],
        },
        {
            "id": "r2",
            "text": T2,
            "claims": [
                {
                    **_span(T2, "The UN met"),
                    "claimer": None,
                    "verdict": "fact",
                    "stances": [{"entity_id": "ORG:united-nations", "label": "neutral"}],
                }
            ],
            "entities": [{**_span(T2, "UN"), "label": "ORG", "id": "ORG:united-nations"}],
            "skipped": [{**_span(T2, "Heading here"), "reason": "heading"}],
        },
    ]


def _predictions() -> list[dict]:
    return [
        {
            "text": T1,
            "claims": [
                # exact match; stance towards Russia wrong
                {
                    **_span(T1, "Japan imposed sanctions on Russia"),
                    "claimer": None,
                    "verdict": "fact",
                    "stances": [
                        {"target": "COUNTRY:JPN", "label": "neutral", "score": 0.9},
                        {"target": "COUNTRY:RUS", "label": "neutral", "score": 0.6},
                        {"target": "japan", "label": "favor", "score": 0.9, "relevance": 0.5},
                    ],
                },
                # covers the gold span (overlap match, not exact); claimer missed; verdict wrong
                {**_span(T1, "said the move will fail"), "claimer": None, "verdict": "fact", "stances": []},
                # spurious
                {**_span(T1, "Analysts"), "claimer": None, "verdict": "fact", "stances": []},
            ],
            "entities": [
                {"id": "COUNTRY:JPN", "label": "COUNTRY", "mentions": [_span(T1, "Japan")]},
                {"id": "ORG:russia", "label": "ORG", "mentions": [_span(T1, "Russia")]},
            ],
            "skipped": [],
        },
        {
            "text": T2,
            "claims": [],
            "entities": [{"id": "ORG:un", "label": "ORG", "mentions": [_span(T2, "UN")]}],
            "skipped": [{**_span(T2, "Heading here"), "reason": "heading"}],
        },
    ]


def test_match_spans_uses_coverage_of_the_gold_span() -> None:
    assert match_spans([(0, 10)], [(5, 30)]) == [(0, 0)]  # covers half of gold, IoU only 0.17
    assert match_spans([(0, 10)], [(6, 30)]) == []  # covers 40%
    assert match_spans([(0, 10), (20, 30)], [(0, 30)]) == [(0, 0)]  # one-to-one


def test_score_predictions_known_numbers() -> None:
    s = score_predictions(_records(), _predictions())
    assert s["paragraphs"] == 2
    assert s["claims"]["overlap"] == {
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
        "tp": 2,
        "pred": 3,
        "gold": 3,
    }
    assert s["claims"]["exact"] == {"precision": 0.3333, "recall": 0.3333, "f1": 0.3333, "tp": 1, "pred": 3, "gold": 3}
    assert s["claimers"]["all"] == {"accuracy": 0.5, "right": 1, "n": 2}
    assert s["claimers"]["author"] == {"accuracy": 1.0, "right": 1, "n": 1}
    assert s["claimers"]["attributed"] == {"accuracy": 0.0, "right": 0, "n": 1}
    assert s["verdicts"] == {"accuracy": 0.5, "right": 1, "n": 2, "unclassified": 0}
    assert s["entities"]["micro"] == {
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
        "tp": 2,
        "pred": 3,
        "gold": 3,
    }
    assert s["entities"]["per_label"]["COUNTRY"]["tp"] == 1 and s["entities"]["per_label"]["ORG"]["pred"] == 2
    assert s["entities"]["id_accuracy"] == {"accuracy": 0.5, "right": 1, "n": 2}
    # the topic stance (with relevance) is ignored; the unmatched gold claim's stance pair is not counted
    assert s["stances"]["all"] == {"accuracy": 0.5, "right": 1, "n": 2, "missing": 0}
    assert s["stances"]["author"] == {"accuracy": 0.5, "right": 1, "n": 2}
    assert s["stances"]["attributed"] == {"accuracy": 0.0, "right": 0, "n": 0}
    assert s["stances"]["per_gold_label"] == {
        "against": {"accuracy": 0.0, "right": 0, "n": 1},
        "neutral": {"accuracy": 1.0, "right": 1, "n": 1},
    }
    assert s["skipped"] == {"recall": {"accuracy": 1.0, "right": 1, "n": 1}, "pred": 1}
    table = format_scores(s)
    assert "| claims, overlap >= 50% of gold | P 0.667 R 0.667 F1 0.667 (tp 2, pred 3, gold 3) |" in table


def test_missing_stance_claimer_and_verdict_count_as_wrong() -> None:
    preds = _predictions()
    preds[0]["claims"][0]["stances"] = []
    preds[0]["claims"][0]["verdict"] = None
    preds[0]["claims"][1]["claimer"] = {**_span(T1, "Analysts said"), "kind": "anonymous"}
    s = score_predictions(_records(), preds)
    assert s["stances"]["all"] == {"accuracy": 0.0, "right": 0, "n": 2, "missing": 2}
    assert s["verdicts"] == {"accuracy": 0.0, "right": 0, "n": 2, "unclassified": 1}
    assert s["claimers"]["attributed"] == {"accuracy": 1.0, "right": 1, "n": 1}


def test_score_blind_runs_analyze_on_each_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    by_text = {p["text"]: p for p in _predictions()}
    seen = []

    def fake_analyze(text: str, nlp: object = None) -> dict:
        seen.append(text)
        return by_text[text]

    s = score_blind(path, analyze=fake_analyze)
    assert seen == [T1, T2]
    assert s["claims"]["overlap"]["tp"] == 2


def test_score_blind_rejects_a_malformed_file(tmp_path: Path) -> None:
    records = _records()
    records[0]["entities"][0]["end"] += 1
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="offsets"):
        score_blind(path, analyze=lambda text, nlp=None: {})


@pytest.mark.parametrize(("path", "split"), [(BLIND, "dev"), (BLIND_2, "train")])
def test_blind_file_is_well_formed(path: Path, split: str) -> None:
    records = read_blind(path)
    assert len(records) >= 40
    assert len({r["id"] for r in records}) == len(records)
    assert [p for r in records for p in check_record(r)] == []
    for r in records:
        assert r["source"].startswith(f"polnear {split}: ") and "/" not in r["source"]
        assert r["claims"], r["id"]
        for claim in r["claims"]:
            inside = {e["id"] for e in r["entities"] if claim["start"] <= e["start"] and e["end"] <= claim["end"]}
            assert {s["entity_id"] for s in claim["stances"]} <= inside
