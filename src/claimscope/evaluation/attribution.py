"""Scores of the attribution tagger on PolNeAR dev, and what the claims pipeline makes of gold attributions.

Span F1 (:func:`span_scores`): per role, predicted spans against the gold fragments (a discontinuous span counts
as its fragments), exact (same trimmed characters) and overlap (a predicted span is right if it overlaps a gold
one of its role; a gold one is found if a predicted one overlaps it).

Claim measures (:func:`claim_measures`), on the claims ``claimscope.analyze`` finds in each dev article:

- (a) ``content_recall``: share of gold attributions whose content contains a claim (at least half of the
  claim's characters in the content's fragments; ``..._any_overlap``: a claim overlaps it at all);
- (b) ``inside_with_claimer``: of the claims inside a gold content (at least half of the claim's characters in
  one attribution's content fragments), the share with a claimer;
- (c) ``claimer_matches_source``: of those inside claims whose attribution names a source and that have a
  claimer, the share whose claimer span overlaps the gold source (``..._all``: over all of them, a missing
  claimer counting as wrong);
- (d) ``outside_author_voice``: of the claims overlapping no gold content, the share with no claimer.

``reports_apart``: a claim that holds its attribution's source ("Fellow Republicans are urging Trump to ...") is
the author's report of the act under the project's conventions, not the act's content; such claims are counted
apart (``reports_of_the_act``) instead of inside (the ``..._reports_apart`` results).

:func:`evaluate` gives them for the default pipeline (the rules and the tagger in the claims component,
:mod:`claimscope.claims.learned`) and for the rules alone (``attribution_model=None``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimscope.models.attribution import ROLES, SpanPrediction, Tagger
from claimscope.training.attribution_data import Document, Span, polnear_folder, read_split


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def span_scores(docs: Sequence[Document], predictions: Sequence[Sequence[SpanPrediction]]) -> dict[str, Any]:
    """Exact and overlap span precision/recall/F1 per role, and ``selection`` = mean exact F1 of SOURCE and
    CONTENT (the model-selection score)."""
    out: dict[str, Any] = {}
    for role in ROLES:
        n_p = n_g = ex_tp = ov_p = ov_g = 0
        for doc, preds in zip(docs, predictions, strict=True):
            gold = doc.spans(role)
            pred = sorted({(s.start, s.end) for s in preds if s.role == role})
            gold_set = set(gold)
            n_p += len(pred)
            n_g += len(gold)
            ex_tp += sum(1 for s in pred if s in gold_set)
            ov_p += sum(1 for s in pred if any(_overlaps(s, g) for g in gold))
            ov_g += sum(1 for g in gold if any(_overlaps(s, g) for s in pred))
        out[role] = {
            "exact": _prf(ex_tp, n_p, ex_tp, n_g),
            "overlap": _prf(ov_p, n_p, ov_g, n_g),
            "gold": n_g,
            "predicted": n_p,
        }
    out["selection"] = round((out["SOURCE"]["exact"]["f1"] + out["CONTENT"]["exact"]["f1"]) / 2, 4)
    return out


def _in(span: Span, frags: Sequence[Span]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in frags)


def _reports_source(claim: Span, source: Sequence[Span]) -> bool:
    """True when the claim holds the start of its attribution's source: the author reports the act ("Fellow
    Republicans are urging Trump to ...") instead of passing on its content (guide, "PolNeAR and these
    conventions")."""
    return any(claim[0] <= start < claim[1] for start, _ in source)


def claim_measures(
    docs: Sequence[Document],
    claims: Sequence[Sequence[dict[str, Any]]],
    reports_apart: bool = False,
) -> dict[str, Any]:
    """The four measures (module docstring); ``claims[i]``: dicts with start, end and claimer (dict or None) of
    document ``i``."""
    n_att = recalled = touched = 0
    inside = inside_claimer = sourced = sourced_claimer = sourced_match = 0
    outside = outside_author = reports = 0
    for d, doc in enumerate(docs):
        atts = [(a.content, a.source) for a in doc.attributions]
        doc_claims = list(claims[d])
        spans = [(c["start"], c["end"]) for c in doc_claims]
        for content, _ in atts:
            n_att += 1
            recalled += any(_in(s, content) >= 0.5 * max(1, s[1] - s[0]) for s in spans)
            touched += any(_in(s, content) > 0 for s in spans)
        for c, span in zip(doc_claims, spans, strict=True):
            length = max(1, span[1] - span[0])
            best = max(atts, key=lambda a: _in(span, a[0]), default=([], []))
            claimer = c.get("claimer")
            if reports_apart and _in(span, best[0]) / length >= 0.5 and _reports_source(span, best[1]):
                reports += 1  # "Trump railed against ...": the author's report of the act, not its content
            elif _in(span, best[0]) / length >= 0.5:
                inside += 1
                inside_claimer += claimer is not None
                if best[1]:
                    sourced += 1
                    if claimer is not None:
                        sourced_claimer += 1
                        sourced_match += _in((claimer["start"], claimer["end"]), best[1]) > 0
            elif not any(_in(span, a[0]) > 0 for a in atts):
                outside += 1
                outside_author += claimer is None

    def share(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    out: dict[str, Any] = {
        "a_content_recall": share(recalled, n_att),
        "a_content_recall_any_overlap": share(touched, n_att),
        "b_inside_with_claimer": share(inside_claimer, inside),
        "c_claimer_matches_source": share(sourced_match, sourced_claimer),
        "c_claimer_matches_source_all": share(sourced_match, sourced),
        "d_outside_author_voice": share(outside_author, outside),
        "counts": {
            "gold_attributions": n_att,
            "claims": sum(len(c) for c in claims),
            "inside": inside,
            "inside_sourced": sourced,
            "inside_sourced_with_claimer": sourced_claimer,
            "outside": outside,
        },
    }
    if reports_apart:
        out["counts"]["reports_of_the_act"] = reports
    return out


def analyze_documents(
    docs: Sequence[Document], cache: str | Path | None = None, nlp: Any = None
) -> list[list[dict[str, Any]]]:
    """The claims (start, end, claimer) ``claimscope.analyze`` finds in each document with ``nlp`` (default: the
    default pipeline); ``cache`` (a JSON file, keyed by the texts) skips the pipeline when it already holds them."""
    from claimscope import analyze

    key = hashlib.sha256("\x00".join(d.text for d in docs).encode("utf-8")).hexdigest()[:16]
    if cache is not None and Path(cache).is_file():
        stored = json.loads(Path(cache).read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return stored["claims"]
    out = []
    for doc in docs:
        analysis = analyze(doc.text, nlp=nlp)
        out.append(
            [
                {"start": c.start, "end": c.end, "claimer": c.claimer.model_dump() if c.claimer else None}
                for c in analysis.claims
            ]
        )
    if cache is not None:
        Path(cache).write_text(json.dumps({"key": key, "claims": out}), encoding="utf-8")
    return out


def evaluate(
    data_dir: str | Path | None = None,
    model: str | Path | None = None,
    claims: bool = True,
    cache: str | Path | None = None,
) -> dict[str, Any]:
    """Span F1 of the tagger (``model``, default the shipped one) on PolNeAR dev; with ``claims``, the four
    measures for the default pipeline, whose claims component runs that tagger beside the rules, and for the
    rules alone (``cache``: a JSON file for the rules-only claims, :func:`analyze_documents`)."""
    from claimscope.pipeline import load

    docs = read_split(polnear_folder(data_dir), "dev")
    tagger = Tagger.load(model)
    t0 = time.time()
    predictions = tagger.predict([d.text for d in docs])
    result: dict[str, Any] = {
        "data": "PolNeAR dev",
        "documents": len(docs),
        "spans": span_scores(docs, predictions),
        "tagger_seconds": round(time.time() - t0, 1),
    }
    if not claims:
        return result
    rules = load()
    rules.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": None})
    both = load()
    if model is not None:
        both.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": str(model)})
    by_rules = analyze_documents(docs, cache, nlp=rules)
    t0 = time.time()
    by_default = analyze_documents(docs, nlp=both)
    result["pipeline_seconds"] = round(time.time() - t0, 1)
    learned = both.get_pipe("claimscope_claims").learned  # type: ignore[attr-defined]
    result["claimer_confidence"] = learned.thresholds
    decision = learned.decision
    result["claimer_decision"] = None if decision is None else {"threshold": decision.threshold}
    result["claims_default"] = claim_measures(docs, by_default)
    result["claims_rules_only"] = claim_measures(docs, by_rules)
    # the same with the author's reports of an act set apart (guide, "PolNeAR and these conventions")
    result["claims_default_reports_apart"] = claim_measures(docs, by_default, reports_apart=True)
    result["claims_rules_only_reports_apart"] = claim_measures(docs, by_rules, reports_apart=True)
    return result
