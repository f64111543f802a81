"""Integrations: datasets.annotate (Dataset.map) and the Ray Data engine (skipped when Ray is not installed)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import claimscope
from claimscope.batch import run
from claimscope.errors import ClaimscopeValueError
from tests.compare import close

TEXTS = [
    "Kremlin spokesman Dmitry Peskov said that Tokyo's sanctions were unfriendly.",
    "If the G7 tightens the price cap, Moscow will retaliate.",
    "Japanese experts believe that the Sakhalin-2 project may become a bargaining chip.",
]
TOPIC = "sanctions against Russia"


def test_datasets_annotate_adds_claim_columns(nlp):
    datasets = pytest.importorskip("datasets")
    from claimscope.integrations.datasets import annotate

    texts = [*TEXTS, None]
    dataset = datasets.Dataset.from_dict({"body": texts, "n": list(range(4))})
    annotated = annotate(dataset, text_column="body", batch_size=2, nlp=nlp)
    assert isinstance(annotated, datasets.Dataset)
    assert annotated.column_names == ["body", "n", "claims", "entities", "n_claims", "claimscope_error"]
    expected = list(claimscope.analyze_batch(TEXTS, nlp=nlp))
    assert annotated["n_claims"] == [len(a.claims) for a in expected] + [0]
    first = annotated[0]["claims"][0]
    assert (first["text"], first["claimer_entity_id"]) == (expected[0].claims[0].text, "OFFICIAL:dmitry-peskov")
    assert annotated[3]["claimscope_error"].startswith("[E001]") and annotated[0]["claimscope_error"] is None
    in_two = annotate(dataset, text_column="body", batch_size=1, num_proc=2, nlp=nlp)
    assert close(list(in_two["claims"]), list(annotated["claims"]))


def test_datasets_annotate_with_topics(nlp):
    datasets = pytest.importorskip("datasets")
    from claimscope.integrations.datasets import annotate

    texts = [TEXTS[0], "The coach said that the team will win the league next season."]
    dataset = datasets.Dataset.from_dict({"text": texts})
    annotated = annotate(dataset, batch_size=2, topics=[TOPIC], nlp=nlp)
    about, unrelated = ([s for c in row for s in c["stances"] if s["target"] == TOPIC] for row in annotated["claims"])
    assert about and all(s["relevance"] is not None and s["label"] in {"favor", "against", "neutral"} for s in about)
    assert unrelated == []
    in_two = annotate(dataset, batch_size=1, num_proc=2, topics=[TOPIC], nlp=nlp)  # forked: one torch thread each
    assert close(list(in_two["claims"]), list(annotated["claims"]))
    with pytest.raises(ClaimscopeValueError, match=r"\[E024\]"):
        annotate(datasets.Dataset.from_dict({"text": texts}), topics=[" "], nlp=nlp)


def test_ray_engine_with_two_actors_matches_the_local_engine(tmp_path, nlp):
    ray = pytest.importorskip("ray")
    rows = [{"id": f"d{i}", "text": t, "title": f"T{i}"} for i, t in enumerate(TEXTS * 3)] + [{"id": "bad", "text": 5}]
    source = tmp_path / "c.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows[:-1]) + json.dumps({"id": "bad"}) + "\n")
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)
    try:
        summary = run(source, tmp_path / "ray", engine="ray", workers=2, batch_size=3, topics=[TOPIC])
    finally:
        ray.shutdown()
    run(source, tmp_path / "local", topics=[TOPIC], nlp=nlp)
    assert (summary.engine, summary.documents, summary.failed) == ("ray", 10, 1)
    for table in ("claims", "documents"):
        got = pd.read_parquet(tmp_path / "ray" / table).drop(columns=["record", "source"], errors="ignore")
        want = pd.read_parquet(tmp_path / "local" / table).drop(columns=["record", "source"], errors="ignore")
        key = ["doc_id", "claim_index"] if table == "claims" else ["doc_id"]
        got, want = (f.sort_values(key).reset_index(drop=True) for f in (got, want))
        got, want = (f.drop(columns=["error"], errors="ignore") for f in (got, want))
        assert close(json.loads(got.to_json()), json.loads(want.to_json())), table
    stances = pd.read_parquet(tmp_path / "ray" / "claims").stances
    assert any(s["target"] == TOPIC and s["relevance"] is not None for claim in stances for s in claim)
    errors = [json.loads(line) for line in (tmp_path / "ray" / "errors.jsonl").read_text().splitlines()]
    assert [(e["doc_id"], e["code"]) for e in errors] == [("bad", "E013")]
    documents = pd.read_parquet(tmp_path / "ray" / "documents").set_index("doc_id")
    assert documents.loc["d4", "title"] == "T4" and pd.isna(documents.loc["bad", "title"])  # passed through
    assert str(documents.n_chars.dtype) == "Int64" and str(documents.record.dtype) == "Int64"
    assert str(pd.read_parquet(tmp_path / "ray" / "claims").claimer_start.dtype) == "Int64"
    versions = json.loads((tmp_path / "ray" / "_summary.json").read_text())["versions"]
    assert versions["claimscope"] == claimscope.__version__ and versions["classifier"]["sha256"]
    assert not (tmp_path / "ray" / ".lock").exists()
