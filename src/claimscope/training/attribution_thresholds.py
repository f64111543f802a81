"""The tagger's confidence thresholds in the claims component, chosen on PolNeAR dev (``claimer_confidence`` in
the artefact's config.json; :mod:`claimscope.claims.learned`).

Rule (fixed before the choice): the rules-only pipeline reads every dev article once while the tagger's
proposals are recorded at any confidence; every threshold triple of :data:`GRID` is then scored with the claim
measures (:func:`claimscope.evaluation.attribution.claim_measures`). Kept: the triple with the most claims inside
a gold content that get a claimer (b), among those that keep the author's voice outside contents (d) at least
:data:`AUTHOR_VOICE_FLOOR` and the claimer on the gold source for all sourced claims (c) at least
:data:`SOURCE_FLOOR`, and that lower neither claimer F1 (inside or outside the sentence) of the rules alone on
the project's claim dev sets (``tests/data/claims_dev*.jsonl`` but dev4, a held-out set; checked in order of (b)
until one passes); ties keep the higher (d). When no triple qualifies, every way is off.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claimscope.claims.learned import LearnedClaimers, Proposal
from claimscope.evaluation.attribution import claim_measures
from claimscope.training.attribution_data import Document

GRID: dict[str, tuple[float | None, ...]] = {
    "act": (0.5, 0.6, 0.7, 0.8, None),
    "quotation": (0.3, 0.5, 0.7, None),
    "unquoted": (0.7, 0.8, 0.9, None),
}
# the project's claim dev sets, in a clone (claims_dev4.jsonl is held out)
DEV_SETS = [Path(__file__).parents[3] / "tests" / "data" / f"claims_dev{n}.jsonl" for n in ("", "2", "3")]
AUTHOR_VOICE_FLOOR = 0.932  # the 0.93, with a little room
SOURCE_FLOOR = 0.80


class _Recorder(LearnedClaimers):
    """Records the tagger's proposals and fills nothing: the claims stay the rules'."""

    def __init__(self, model: str | Path | None) -> None:
        super().__init__(model)
        self.seen: list[Proposal] = []

    def fill(self, doc: Any, claims: Any, describe: Any, quoted: Any = frozenset()) -> int:
        self.seen.extend(self.propose(doc, claims, quoted, features=True))  # the decision model's rows too
        return 0


def record_proposals(docs: Sequence[Document], model: str | Path | None = None) -> list[list[dict[str, Any]]]:
    """Per document, its claims (start, end, the rules' claimer) each with the tagger's proposals in order
    (way, confidence, source start/end)."""
    import claimscope

    nlp = claimscope.load()
    recorder = _Recorder(model)
    nlp.get_pipe("claimscope_claims").learned = recorder  # type: ignore[attr-defined]
    out = []
    for doc in docs:
        recorder.seen = []
        analysis = claimscope.analyze(doc.text, nlp=nlp)
        by_start: dict[int, list[dict[str, Any]]] = {}
        for p in recorder.seen:
            found = {
                "way": p.way,
                "confidence": p.confidence,
                "start": p.source.start_char,
                "end": p.source.end_char,
                "features": p.features,
            }
            by_start.setdefault(p.claim.start_char, []).append(found)
        out.append(
            [
                {
                    "start": c.start,
                    "end": c.end,
                    "claimer": c.claimer.model_dump() if c.claimer else None,
                    "proposals": by_start.get(c.start, []) if c.claimer is None else [],
                }
                for c in analysis.claims
            ]
        )
    return out


def fill_recorded(
    recorded: Sequence[Sequence[dict[str, Any]]], accepts: Callable[[dict[str, Any]], bool]
) -> list[list[dict]]:
    """The claims as the component would leave them: each empty one takes the first recorded proposal that
    ``accepts`` takes."""

    def claimer(c: dict[str, Any]) -> dict[str, Any] | None:
        if c["claimer"] is not None:
            return c["claimer"]
        p = next((p for p in c["proposals"] if accepts(p)), None)
        return None if p is None else {"start": p["start"], "end": p["end"]}

    return [[{**c, "claimer": claimer(c)} for c in doc] for doc in recorded]


def apply(recorded: Sequence[Sequence[dict[str, Any]]], thresholds: dict[str, float | None]) -> list[list[dict]]:
    """The claims as the component would leave them with ``thresholds``: the first proposal that passes."""

    def passes(p: dict[str, Any]) -> bool:
        needed = thresholds[p["way"]]
        return needed is not None and p["confidence"] >= needed

    return fill_recorded(recorded, passes)


def choose(
    docs: Sequence[Document],
    recorded: Sequence[Sequence[dict[str, Any]]],
    accept: Callable[[dict[str, float | None]], bool] | None = None,
) -> dict[str, Any]:
    """The triple the rule (module docstring) keeps, with its measures and how many triples qualified on
    PolNeAR; ``accept`` (the project dev sets' check) is asked in order of (b), then (d), until it agrees."""
    keys = ("b_inside_with_claimer", "c_claimer_matches_source_all", "d_outside_author_voice")
    candidates = []
    for values in itertools.product(*GRID.values()):
        thresholds = dict(zip(GRID, values, strict=True))
        m = claim_measures(docs, apply(recorded, thresholds))
        if m["d_outside_author_voice"] >= AUTHOR_VOICE_FLOOR and m["c_claimer_matches_source_all"] >= SOURCE_FLOOR:
            candidates.append({"thresholds": thresholds, **{k: m[k] for k in keys}})
    candidates.sort(key=lambda c: (c["b_inside_with_claimer"], c["d_outside_author_voice"]), reverse=True)
    asked = 0
    chosen: dict[str, Any] = {"thresholds": {way: None for way in GRID}}
    for candidate in candidates:
        asked += 1
        if accept is None or accept(candidate["thresholds"]):
            chosen = candidate
            break
    return {
        "rule": f"max (b) with (d) >= {AUTHOR_VOICE_FLOOR} and (c, all) >= {SOURCE_FLOOR} on PolNeAR dev"
        + (", no claimer F1 below the rules' on the project's claim dev sets" if accept is not None else ""),
        "grid": {way: list(values) for way, values in GRID.items()},
        "qualified": len(candidates),
        "asked": asked,
        **chosen,
    }


class _Fixed(LearnedClaimers):
    """The tagger at given thresholds (the dev-set check)."""

    def __init__(self, model: str | Path | None, thresholds: dict[str, float | None]) -> None:
        super().__init__(model)
        self.fixed = thresholds

    @property
    def thresholds(self) -> dict[str, float | None]:
        return dict(self.fixed)

    @property
    def decision(self) -> None:
        return None  # the thresholds decide, even for an artefact that has a decision model


def keeps_the_dev_sets(files: Sequence[Path], learned: Callable[[Any], LearnedClaimers]) -> Callable[[Any], bool]:
    """Whether the claims component with ``learned(setting)`` keeps claimer F1 inside and outside the sentence at
    least the rules' on every file."""
    import claimscope
    from claimscope.evaluation.rules import read_gold, score_claims

    records = [read_gold(f) for f in files]
    nlp = claimscope.load()
    component = nlp.get_pipe("claimscope_claims")
    keys = ("claimer_in_sentence", "claimer_outside_sentence")

    def scores() -> list[float]:
        return [score_claims(nlp, r)[k]["f1"] for r in records for k in keys]

    component.learned = None  # type: ignore[attr-defined]
    floor = scores()

    def accept(setting: Any) -> bool:
        component.learned = learned(setting)  # type: ignore[attr-defined]
        return all(s >= f for s, f in zip(scores(), floor, strict=True))

    return accept


def dev_set_check(model: str | Path | None, files: Sequence[Path]) -> Callable[[dict[str, float | None]], bool]:
    """Whether thresholds keep claimer F1 inside and outside the sentence at least the rules' on every file."""
    return keeps_the_dev_sets(files, lambda thresholds: _Fixed(model, thresholds))


def select_thresholds(
    folder: str | Path,
    data_dir: str | Path | None = None,
    dev_sets: Sequence[Path] | None = None,
    recorded: Sequence[Sequence[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Choose the thresholds of the artefact in ``folder`` on PolNeAR dev (and, by default, the project's claim
    dev sets, :data:`DEV_SETS`) and write them into its config.json (``claimer_confidence``) and metrics.json
    (``claimer_confidence_selection``). ``recorded``: the dev proposals (:func:`record_proposals`) when already
    at hand."""
    import json

    from claimscope.models.attribution import Tagger
    from claimscope.training.attribution_data import polnear_folder, read_split

    folder = Path(folder)
    docs = read_split(polnear_folder(data_dir), "dev")
    files = [f for f in (DEV_SETS if dev_sets is None else dev_sets) if Path(f).is_file()]
    recorded = recorded if recorded is not None else record_proposals(docs, folder)
    choice = choose(docs, recorded, dev_set_check(folder, files) if files else None)
    config_file, metrics_file = folder / "config.json", folder / "metrics.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["claimer_confidence"] = choice["thresholds"]
    config_file.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if metrics_file.is_file():
        metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
        metrics["claimer_confidence_selection"] = choice
        metrics_file.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    Tagger.forget(folder)  # a loaded copy would keep the old thresholds
    return choice
