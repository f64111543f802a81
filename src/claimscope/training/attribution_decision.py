"""The decision model of the tagger's claimers (:mod:`claimscope.claims.attribution_decision`): fitted on the
proposals of PolNeAR train, its threshold chosen on PolNeAR dev.

Rule (fixed before the first run):
- Rows: every proposal the tagger makes, at any confidence, for a claim the rules leave in the author's voice
  in a PolNeAR **train** article. Label 1 when the claim lies inside a gold content (at least half its
  characters), 0 when it touches none; claims that straddle a content's edge are left out.
- Model: scikit-learn's L2 logistic regression (C = 1) over :data:`~claimscope.claims.attribution_decision.FEATURES`.
- Threshold: on PolNeAR dev, from :data:`THRESHOLDS`, the one with the highest (b) among those that keep (d) at
  least 0.932 and (c, all) at least 0.80 and lower no claimer F1 of the rules alone on the project's claim dev
  sets (the same floors and check as the per-way thresholds, :mod:`claimscope.training.attribution_thresholds`).
- The artefact keeps the decision model only when its (b) beats the per-way thresholds' (b) chosen by their
  own rule on the same recording; else the per-way thresholds stay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claimscope.claims.attribution_decision import FEATURES, Decision
from claimscope.claims.learned import LearnedClaimers
from claimscope.evaluation.attribution import _in, claim_measures
from claimscope.training.attribution_data import Document
from claimscope.training.attribution_thresholds import (
    AUTHOR_VOICE_FLOOR,
    SOURCE_FLOOR,
    fill_recorded,
    keeps_the_dev_sets,
)

THRESHOLDS = tuple(round(0.3 + 0.025 * k, 3) for k in range(27))  # 0.30 ... 0.95


def labelled_rows(
    docs: Sequence[Document], recorded: Sequence[Sequence[dict[str, Any]]]
) -> tuple[list[list[float]], list[int]]:
    """Feature rows and labels (module docstring) from :func:`record_proposals` output."""
    rows: list[list[float]] = []
    labels: list[int] = []
    for doc, claims in zip(docs, recorded, strict=True):
        contents = [a.content for a in doc.attributions]
        for claim in claims:
            span = (claim["start"], claim["end"])
            length = max(1, span[1] - span[0])
            covered = max((_in(span, c) for c in contents), default=0)
            if covered / length >= 0.5:
                label = 1
            elif not any(_in(span, c) > 0 for c in contents):
                label = 0
            else:
                continue
            for p in claim["proposals"]:
                rows.append([float(p["features"][name]) for name in FEATURES])
                labels.append(label)
    return rows, labels


def fit(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> dict[str, Any]:
    """The logistic model's weights by feature name and its bias."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=2000).fit(rows, labels)
    weights = {name: round(float(w), 6) for name, w in zip(FEATURES, model.coef_[0], strict=True)}
    return {"weights": weights, "bias": round(float(model.intercept_[0]), 6)}


def apply_decision(recorded: Sequence[Sequence[dict[str, Any]]], decision: Decision) -> list[list[dict]]:
    """The claims as the component would leave them: the first proposal the decision accepts."""
    return fill_recorded(recorded, lambda p: decision.probability(p["features"]) >= decision.threshold)


def choose_threshold(
    docs: Sequence[Document],
    recorded: Sequence[Sequence[dict[str, Any]]],
    model: dict[str, Any],
    accept: Callable[[dict[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """The threshold the rule keeps (module docstring), with its dev measures; ``threshold`` None when none
    qualifies. ``accept(decision_config)`` is the project dev sets' check."""
    keys = ("b_inside_with_claimer", "c_claimer_matches_source_all", "d_outside_author_voice")
    candidates = []
    for threshold in THRESHOLDS:
        m = claim_measures(docs, apply_decision(recorded, Decision({**model, "threshold": threshold})))
        if m["d_outside_author_voice"] >= AUTHOR_VOICE_FLOOR and m["c_claimer_matches_source_all"] >= SOURCE_FLOOR:
            candidates.append({"threshold": threshold, **{k: m[k] for k in keys}})
    candidates.sort(key=lambda c: (c["b_inside_with_claimer"], c["d_outside_author_voice"]), reverse=True)
    for asked, candidate in enumerate(candidates, 1):
        if accept is None or accept({**model, "threshold": candidate["threshold"]}):
            return {"qualified": len(candidates), "asked": asked, **candidate}
    return {"qualified": len(candidates), "asked": len(candidates), "threshold": None}


class _WithDecision(LearnedClaimers):
    """The tagger with a given decision model (the dev-set check)."""

    def __init__(self, model: str | Path | None, config: dict[str, Any]) -> None:
        super().__init__(model)
        self.config = config

    @property
    def decision(self) -> Decision | None:
        return Decision(self.config)


def dev_set_check(model: str | Path | None, files: Sequence[Path]) -> Callable[[dict[str, Any]], bool]:
    """Whether a decision config keeps claimer F1 inside and outside the sentence at least the rules' on every
    file."""
    return keeps_the_dev_sets(files, lambda config: _WithDecision(model, config))


def select_decision(
    folder: str | Path,
    data_dir: str | Path | None = None,
    dev_sets: Sequence[Path] | None = None,
    recorded: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit the decision model of the artefact in ``folder`` and choose its threshold (module docstring); write
    it into config.json (``claimer_decision``, or none when it does not beat the artefact's per-way thresholds,
    :func:`~claimscope.training.attribution_thresholds.select_thresholds`) and the choice into metrics.json
    (``claimer_decision_selection``). ``recorded``: the train and dev proposals (:func:`record_proposals`) when
    already at hand."""
    import json

    from claimscope.claims.learned import DEFAULT_THRESHOLDS
    from claimscope.models.attribution import Tagger
    from claimscope.training.attribution_data import polnear_folder, read_split
    from claimscope.training.attribution_thresholds import DEV_SETS, apply, record_proposals

    folder = Path(folder)
    config_file, metrics_file = folder / "config.json", folder / "metrics.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config.pop("claimer_decision", None)  # an earlier one stays only if chosen again
    splits = {split: read_split(polnear_folder(data_dir), split) for split in ("train", "dev")}
    recorded = recorded or {split: record_proposals(docs, folder) for split, docs in splits.items()}
    files = [f for f in (DEV_SETS if dev_sets is None else dev_sets) if Path(f).is_file()]
    rows, labels = labelled_rows(splits["train"], recorded["train"])
    model = fit(rows, labels)
    choice = choose_threshold(splits["dev"], recorded["dev"], model, dev_set_check(folder, files) if files else None)
    thresholds = {**DEFAULT_THRESHOLDS, **config.get("claimer_confidence", {})}
    per_way_b = claim_measures(splits["dev"], apply(recorded["dev"], thresholds))["b_inside_with_claimer"]
    kept = choice["threshold"] is not None and choice["b_inside_with_claimer"] > per_way_b
    selection = {
        "rule": "fitted on PolNeAR train proposals; threshold: max (b) with (d) >= "
        f"{AUTHOR_VOICE_FLOOR} and (c, all) >= {SOURCE_FLOOR} on PolNeAR dev, no claimer F1 below the rules' on the "
        "project's claim dev sets; kept when its (b) beats the per-way thresholds'",
        "train_rows": len(labels),
        **model,
        **choice,
        "per_way_b": per_way_b,
        "kept": kept,
    }
    if kept:
        config["claimer_decision"] = {**model, "threshold": choice["threshold"]}
    config_file.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if metrics_file.is_file():
        metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
        metrics["claimer_decision_selection"] = selection
        metrics_file.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    Tagger.forget(folder)  # a loaded copy would keep the old config
    return selection
