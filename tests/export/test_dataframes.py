"""claimscope.to_dataframe (one row per claim) and claimscope.entities_dataframe (one row per entity)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import claimscope
from claimscope import Analysis
from claimscope.errors import ClaimscopeTypeError
from claimscope.export.dataframes import CLAIM_COLUMNS, ENTITY_COLUMNS
from tests.viz.fixtures import sample_analysis

pd = pytest.importorskip("pandas")


def test_to_dataframe_one_row_per_claim_with_metadata():
    analyses = [sample_analysis(), Analysis(text=""), sample_analysis(classified=False)]
    meta = [{"source": "a", "date": "2024-05-01"}, {"source": "b", "date": "2024-05-02"}, {"source": "c"}]
    df = claimscope.to_dataframe(analyses, metadata=meta)
    assert list(df.columns) == [*CLAIM_COLUMNS, "source", "date"]
    assert len(df) == 6 and df["doc_id"].tolist() == [0, 0, 0, 2, 2, 2]
    assert df["claim_index"].tolist() == [0, 1, 2, 0, 1, 2]
    assert df["source"].tolist() == ["a"] * 3 + ["c"] * 3
    first = df.iloc[0]
    assert (first.claimer_text, first.claimer_kind, first.voice, first.verdict) == (
        "the Kremlin",
        "named",
        "attributed",
        "fact",
    )
    assert first.entity_ids == ["COUNTRY:JPN", "ORG:the-west"]
    assert first.stances[0] == {
        "target": "COUNTRY:JPN",
        "name": "Japan",
        "label": "against",
        "score": 0.81,
        "relevance": None,
    }
    assert df.iloc[2]["voice"] == "author" and pd.isna(df.iloc[2]["claimer_text"])
    assert df.iloc[3:]["verdict"].isna().all()  # no classifier: None, not a placeholder


def test_to_dataframe_accepts_one_analysis_and_a_mapping():
    assert claimscope.to_dataframe(sample_analysis())["doc_id"].tolist() == [0, 0, 0]
    df = claimscope.to_dataframe({"piece-1": sample_analysis(), "piece-2": Analysis(text="x")})
    assert set(df["doc_id"]) == {"piece-1"}


def test_to_dataframe_names_columns_as_the_batch_claims_table_with_integer_offsets():
    from claimscope.batch import CLAIMS_SCHEMA

    df = claimscope.to_dataframe([sample_analysis(), Analysis(text="")])
    shared = [c for c in CLAIMS_SCHEMA.names if c in df.columns]
    assert {"doc_id", "claim_index", "claimer_text", "claimer_start", "claimer_cue", "claimer_entity_id"} <= set(shared)
    assert not {"doc", "claim", "claimer", "cue"} & set(df.columns)
    assert {c for c in CLAIMS_SCHEMA.names if c not in df.columns} == set()  # every column of the table is here
    for column in ("claim_index", "start", "end", "claimer_start", "claimer_end"):
        assert str(df[column].dtype) in {"Int64", "Int32"}, column
    author = df[df.voice == "author"].iloc[0]
    assert pd.isna(author.claimer_start) and df.claimer_start.notna().any()  # null, not NaN in a float column
    first = sample_analysis().claims[0]
    assert (df.iloc[0].start, df.iloc[0].claimer_start) == (first.start, first.claimer.start)
    assert str(claimscope.to_dataframe([]).start.dtype) == "Int64"


def test_empty_input_gives_empty_frames_with_columns():
    assert list(claimscope.to_dataframe([]).columns) == CLAIM_COLUMNS
    assert claimscope.to_dataframe([]).empty
    assert list(claimscope.entities_dataframe([]).columns) == ENTITY_COLUMNS


def test_bad_input():
    with pytest.raises(ClaimscopeTypeError, match=r"\[E022\]"):
        claimscope.to_dataframe("some text")
    with pytest.raises(ClaimscopeTypeError, match=r"\[E022\].*item 1"):
        claimscope.to_dataframe([sample_analysis(), {"text": "x"}])
    with pytest.raises(ValueError, match="metadata has 1 rows for 2 analyses"):
        claimscope.to_dataframe([sample_analysis(), sample_analysis()], metadata=[{"source": "a"}])


def test_entities_dataframe():
    df = claimscope.entities_dataframe(
        [sample_analysis(), sample_analysis(classified=False)], metadata=[{"s": 1}, {"s": 2}]
    )
    assert list(df.columns) == [*ENTITY_COLUMNS, "s"] and ENTITY_COLUMNS[0] == "doc_id"  # as the batch tables
    assert len(df) == 6
    japan = df[(df.doc_id == 0) & (df.entity_id == "COUNTRY:JPN")].iloc[0]
    assert str(df.n_mentions.dtype) == str(df.n_claims.dtype) == "Int64"
    assert (japan["label"], japan["name"], japan["n_mentions"], japan["mentions"], japan["n_claims"]) == (
        "COUNTRY",
        "Japan",
        2,
        ["Tokyo", "Japan"],
        1,
    )
    assert (japan["attributed_stance"], japan["attributed_stance_score"]) == ("against", 1.0)
    assert pd.isna(japan["author_stance"])
    assert df[df.doc_id == 1]["attributed_stance"].isna().all()


def test_import_claimscope_does_not_import_pandas():
    code = "import sys, claimscope; sys.exit('pandas' in sys.modules or 'matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
