"""Corpus charts in claimscope.viz: stance per entity, share of opinion per group, co-mentioned entities."""

from __future__ import annotations

import pytest

import claimscope
from claimscope import Analysis, viz
from claimscope.viz.charts import comention_counts
from tests.viz.fixtures import sample_analysis

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def corpus():
    analyses = [sample_analysis(), sample_analysis(), sample_analysis(classified=False)]
    meta = [
        {"source": "Daily", "date": "2024-05-01"},
        {"source": "Weekly", "date": "2024-05-09"},
        {"source": "Daily", "date": "2024-05-20"},
    ]
    return claimscope.to_dataframe(analyses, meta), claimscope.entities_dataframe(analyses, meta)


def bar_widths(ax, colour):
    from matplotlib.colors import to_hex

    return {p.get_y(): p.get_width() for p in ax.patches if to_hex(p.get_facecolor()).lower() == colour.lower()}


def test_stance_chart_counts_stances_per_entity():
    claims, _ = corpus()
    ax = viz.stance_chart(claims)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(["Japan", 'the "West" <b>'])
    against = sum(bar_widths(ax, "#D55E00").values())
    favor = sum(bar_widths(ax, "#009E73").values())
    assert (against, favor) == (2, 2)  # two classified documents, one stance of each per document
    assert viz.stance_chart(claims, voice="author").texts  # no author-voice stances: an explanatory note


def test_opinion_share_chart_sums_to_one_per_group():
    claims, _ = corpus()
    ax = viz.opinion_share_chart(claims, by="source")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Weekly", "Daily"]
    totals: dict[float, float] = {}
    for patch in ax.patches:
        totals[round(patch.get_y(), 3)] = totals.get(round(patch.get_y(), 3), 0) + patch.get_width()
    assert all(abs(v - 1) < 1e-9 for v in totals.values())
    monthly = viz.opinion_share_chart(claims, by="date", freq="M")
    assert [t.get_text() for t in monthly.get_yticklabels()] == ["2024-05"]


def test_comention_counts_and_chart():
    _, entities = corpus()
    counts = comention_counts(entities)
    assert counts[("Japan", "Russia")] == 3
    ax = viz.comention_chart(entities, top=2)
    assert len(ax.patches) == 2


def test_charts_on_empty_corpus_do_not_fail():
    claims = claimscope.to_dataframe([Analysis(text="")])
    entities = claimscope.entities_dataframe([Analysis(text="")])
    assert viz.stance_chart(claims).texts
    assert viz.comention_chart(entities).texts
    claims["source"] = []
    assert viz.opinion_share_chart(claims).texts


def test_charts_name_the_missing_column():
    claims, _ = corpus()
    with pytest.raises(ValueError, match="no column"):
        viz.opinion_share_chart(claims, by="outlet")
