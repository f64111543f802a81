"""matplotlib charts over a corpus, drawn from :func:`claimscope.to_dataframe` / :func:`~claimscope.entities_dataframe`.

Each function draws on ``ax`` (or a new figure) and returns the Axes; matplotlib and pandas are imported on call.
Colours are the colour-blind-safe Okabe-Ito ones used by the HTML view.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.ticker import MaxNLocator

STANCE_COLOURS = {"favor": "#009E73", "neutral": "#999999", "against": "#D55E00"}
VERDICT_COLOURS = {"fact": "#0072B2", "opinion": "#E69F00", "unclassified": "#BBBBBB"}


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size)
    return new


def _empty(ax: Axes, title: str, message: str) -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _require(frame: pd.DataFrame, columns: list[str], made_by: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"the frame has no column(s) {missing}; make it with claimscope.{made_by}(analyses)")


def stance_chart(claims: pd.DataFrame, top: int = 12, *, voice: str | None = None, ax: Axes | None = None) -> Axes:
    """Stance towards each entity across a corpus: per entity, how many claims are favor / neutral / against.

    ``claims`` is :func:`claimscope.to_dataframe`'s frame; ``top`` keeps the most often targeted entities and
    ``voice`` (``"author"`` or ``"attributed"``) keeps only the claims in that voice.
    """
    import pandas as pd

    _require(claims, ["stances", "voice"], "to_dataframe")
    title = "Stance towards entities" + (f" ({voice} voice)" if voice else "")
    rows = claims if voice is None else claims[claims["voice"] == voice]
    records = [s for stances in rows["stances"] for s in stances]
    ax = _axes(ax, (7, 0.35 * min(top, max(len(records), 1)) + 1.5))
    if not records:
        return _empty(ax, title, "no stances (is the classifier in the pipeline?)")
    counts = pd.crosstab(pd.Series([s["name"] for s in records]), pd.Series([s["label"] for s in records]))
    counts = counts.reindex(columns=list(STANCE_COLOURS), fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index[:top]].iloc[::-1]
    left = pd.Series(0, index=counts.index)
    for label, colour in STANCE_COLOURS.items():
        ax.barh(counts.index, counts[label], left=left, color=colour, label=label)
        left = left + counts[label]
    ax.set_xlabel("claims")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    return ax


def opinion_share_chart(
    claims: pd.DataFrame, by: str = "source", *, freq: str | None = None, ax: Axes | None = None
) -> Axes:
    """Share of fact, opinion and unclassified claims per value of column ``by`` (a source, a date, ...).

    ``claims`` is :func:`claimscope.to_dataframe`'s frame with ``by`` among its columns (pass ``metadata=``);
    for a date column, ``freq`` (``"D"``, ``"W"``, ``"M"``, ...) groups the dates into periods.
    """
    import pandas as pd

    _require(claims, ["verdict", by], "to_dataframe")
    title = f"Share of opinion by {by}"
    ax = _axes(ax, (7, 0.4 * max(claims[by].nunique(), 1) + 1.5))
    if claims.empty:
        return _empty(ax, title, "no claims")
    groups = claims[by]
    if freq is not None:
        groups = pd.to_datetime(groups).dt.to_period(freq).astype(str)
    verdicts = claims["verdict"].where(claims["verdict"].isin(["fact", "opinion"]), "unclassified")
    share = pd.crosstab(groups.astype(str).values, verdicts.values, normalize="index")
    share = share.reindex(columns=list(VERDICT_COLOURS), fill_value=0.0).sort_index(ascending=False)
    sizes = groups.astype(str).value_counts()
    left = pd.Series(0.0, index=share.index)
    for label, colour in VERDICT_COLOURS.items():
        if share[label].any():
            ax.barh(share.index, share[label], left=left, color=colour, label=label)
        left = left + share[label]
    for y, group in enumerate(share.index):
        ax.text(1.01, y, f"n={sizes[group]}", va="center", fontsize=8, transform=ax.get_yaxis_transform())
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of claims")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.4 / max(len(share), 1)), ncol=3, frameon=False)
    return ax


def comention_counts(entities: pd.DataFrame) -> Counter[tuple[str, str]]:
    """How many documents mention each pair of entities (by name), from :func:`claimscope.entities_dataframe`."""
    _require(entities, ["doc_id", "entity_id", "name"], "entities_dataframe")
    names: dict[Any, str] = dict(zip(entities["entity_id"], entities["name"], strict=True))
    pairs: Counter[tuple[str, str]] = Counter()
    for _, ids in entities.groupby("doc_id", sort=False)["entity_id"]:
        found = sorted({names[i] for i in ids})
        pairs.update(combinations(found, 2))
    return pairs


def comention_chart(entities: pd.DataFrame, top: int = 10, *, ax: Axes | None = None) -> Axes:
    """The pairs of entities most often mentioned in the same document (``top`` pairs, by document count)."""
    pairs = comention_counts(entities).most_common(top)
    title = "Entities most often mentioned together"
    ax = _axes(ax, (7, 0.35 * max(len(pairs), 1) + 1.5))
    if not pairs:
        return _empty(ax, title, "no document mentions two entities")
    labels = [f"{a} + {b}" for (a, b), _ in pairs][::-1]
    ax.barh(labels, [n for _, n in pairs][::-1], color="#56B4E9")
    ax.set_xlabel("documents")
    ax.set_title(title)
    cast("MaxNLocator", ax.xaxis.get_major_locator()).set_params(integer=True)  # the default AutoLocator
    return ax
