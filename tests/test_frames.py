"""claimscope.to_dataframe (one row per claim) and claimscope.entities_dataframe (one row per entity)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import claimscope
from claimscope import Analysis
from claimscope.errors import ClaimscopeTypeError
from claimscope.frames import CLAIM_COLUMNS, ENTITY_COLUMNS
from tests.viz_fixtures import sample_analysis

pd = pytest.importorskip("pandas")


def test_to_dataframe_one_row_per_claim_with_metadata():
    analyses = [sample_analysis(), Analysis(text=""), sample_analysis(classified=False)]
    meta = [{"source": "a", "date": "2024-05-01"}, {"source": "b", "date": "2024-05-02"}, {"source": "c"}]
    df = claimscope.to_dataframe(analyses, metadata=meta)
    assert list(df.columns) == [*CLAIM_COLUMNS, "source", "date"]
    assert len(df) == 6 and df["doc"].tolist() == [0, 0, 0, 2, 2, 2]
    assert df["source"].tolist() == ["a"] * 3 + ["c"] * 3
    first = df.iloc[0]
    assert (first.claimer, first.claimer_kind, first.voice, first.verdict) == (
        "the Kremlin",
        "named",
        "attributed",
        "fact",
    )
    assert first.entity_ids == ["COUNTRY:JPN", "ORG:the-west"]
    assert first.stances[0] == {"target": "COUNTRY:JPN", "name": "Japan", "label": "against", "score": 0.81}
    assert df.iloc[2]["voice"] == "author" and pd.isna(df.iloc[2]["claimer"])
    assert df.iloc[3:]["verdict"].isna().all()  # no classifier: None, not a placeholder


def test_to_dataframe_accepts_one_analysis_and_a_mapping():
    assert claimscope.to_dataframe(sample_analysis())["doc"].tolist() == [0, 0, 0]
    df = claimscope.to_dataframe({"piece-1": sample_analysis(), "piece-2": Analysis(text="x")})
    assert set(df["doc"]) == {"piece-1"}


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
    assert list(df.columns) == [*ENTITY_COLUMNS, "s"]
    assert len(df) == 6
    japan = df[(df.doc == 0) & (df.entity_id == "COUNTRY:JPN")].iloc[0]
    assert (japan["label"], japan["name"], japan["n_mentions"], japan["mentions"], japan["n_claims"]) == (
        "COUNTRY",
        "Japan",
        2,
        ["Tokyo", "Japan"],
        1,
    )
    assert (japan["attributed_stance"], japan["attributed_stance_score"]) == ("against", 1.0)
    assert pd.isna(japan["author_stance"])
    assert df[df.doc == 1]["attributed_stance"].isna().all()


def test_import_claimscope_does_not_import_pandas():
    code = "import sys, claimscope; sys.exit('pandas' in sys.modules or 'matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
