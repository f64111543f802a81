"""Scoring the rule-based stages against hand-annotated gold files (``tests/data/*_gold.jsonl``).

Run ``claimscope evaluate entities --data tests/data/entities_gold.jsonl`` (or ``claims --data ...``; ``--model``
scores a saved pipeline instead of the default one); it prints JSON. Definitions:

- Entities: a predicted mention is correct when its character span and label equal a gold mention's
  (exact match); precision, recall and F1 per label and micro-averaged. ``id_accuracy``: share of the
  correct mentions whose canonical id also equals the gold id.
- Claims: a predicted claim matches a gold claim when their character spans are equal (``exact``) or their
  intersection over union is at least 0.5 (``overlap``), one-to-one, best overlap first. Claimer: on matched
  claim pairs, a predicted claimer is correct when it overlaps the gold claimer's span; scored separately
  for claimers inside the claim's sentence and outside it (gold ``in_sentence``; for predictions, whether the
  claimer lies in the sentence where the claim starts). Modality accuracy is over the overlap-matched pairs.
- Per rule (opt-in: ``score_claims(..., by_rule=True)`` or :func:`score_claims_by_rule`): the same matches
  counted for each name in ``span._.rule`` (the rule that made the claim's span) and ``span._.claimer_rule`` (the
  rule that found its claimer, ``"author"`` for none); see :func:`score_claims_by_rule`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language

from claimscope.extensions import SPANS_KEY


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The records of a gold JSONL file."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": n_gold}


def score_entities(nlp: Language, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Per-label and micro P/R/F1 of entity mentions, and id accuracy on the correct ones."""
    records = list(records)
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    ids_right = 0
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        gold_spans = {(e["start"], e["end"], e["label"]): e["id"] for e in record["entities"]}
        for ent in doc.ents:
            key = (ent.start_char, ent.end_char, ent.label_)
            pred[ent.label_] += 1
            if key in gold_spans:
                tp[ent.label_] += 1
                ids_right += gold_spans[key] == ent.kb_id_
        for _, _, label in gold_spans:
            gold[label] += 1
    labels = sorted(set(gold) | set(pred))
    total_tp = sum(tp.values())
    return {
        "sentences": len(records),
        "per_label": {label: prf(tp[label], pred[label], gold[label]) for label in labels},
        "micro": prf(total_tp, sum(pred.values()), sum(gold.values())),
        "id_accuracy": round(ids_right / total_tp, 4) if total_tp else 0.0,
    }


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def _match(gold: list[tuple[int, int]], pred: list[tuple[int, int]], threshold: float) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) with IoU >= threshold, best first."""
    candidates = sorted(((_iou(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)), reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for iou, gi, pi in candidates:
        if iou >= threshold and iou > 0 and gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def score_claims(nlp: Language, records: Iterable[dict[str, Any]], *, by_rule: bool = False) -> dict[str, Any]:
    """Claim span F1 (exact and overlap), claimer F1 inside/outside the sentence, modality accuracy. With
    ``by_rule``, the result also holds ``"by_rule"``: the counts per rule of :func:`score_claims_by_rule`."""
    records = list(records)
    counts: Counter[str] = Counter()
    rules = _RuleCounts() if by_rule else None
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        gold = record["claims"]
        pred = list(doc.spans[SPANS_KEY])
        gold_spans = [(c["start"], c["end"]) for c in gold]
        pred_spans = [(c.start_char, c.end_char) for c in pred]
        counts["gold"] += len(gold)
        counts["pred"] += len(pred)
        exact = _match(gold_spans, pred_spans, 1.0)
        counts["exact_tp"] += len(exact)
        pairs = _match(gold_spans, pred_spans, 0.5)
        counts["overlap_tp"] += len(pairs)
        for claim in gold:
            if claim.get("claimer"):
                counts["gold_" + _where(claim["claimer"]["in_sentence"])] += 1
        # A gold claim whose speaker is named only outside the passage ("claimer_outside_passage") cannot be
        # scored for its claimer: a predicted claimer on it counts neither for nor against.
        unscorable = {pi for gi, pi in pairs if gold[gi].get("claimer_outside_passage")}
        pred_where = {}
        for k, span in enumerate(pred):
            claimer = span._.claimer
            if claimer and k not in unscorable:
                sent = span.sent
                inside = sent.start_char <= claimer["start"] and claimer["end"] <= sent.end_char
                pred_where[k] = _where(inside)
                counts["pred_" + pred_where[k]] += 1
        right = set()  # pred indices whose claimer is a true positive
        for gi, pi in pairs:
            counts["modality_total"] += 1
            counts["modality_right"] += gold[gi].get("modality") == pred[pi]._.modality
            g, p = gold[gi].get("claimer"), pred[pi]._.claimer
            if g and p and pi in pred_where and pred_where[pi] == _where(g["in_sentence"]):
                if _iou((g["start"], g["end"]), (p["start"], p["end"])) > 0:
                    counts["tp_" + pred_where[pi]] += 1
                    right.add(pi)
        if rules is not None:
            rules.add(gold, pred, exact, pairs, unscorable, right)
    result = {
        "passages": len(records),
        "claims_exact": prf(counts["exact_tp"], counts["pred"], counts["gold"]),
        "claims_overlap": prf(counts["overlap_tp"], counts["pred"], counts["gold"]),
        "claimer_in_sentence": prf(counts["tp_inside"], counts["pred_inside"], counts["gold_inside"]),
        "claimer_outside_sentence": prf(counts["tp_outside"], counts["pred_outside"], counts["gold_outside"]),
        "modality_accuracy": round(counts["modality_right"] / counts["modality_total"], 4)
        if counts["modality_total"]
        else 0.0,
    }
    if rules is not None:
        result["by_rule"] = rules.result()
    return result


def score_claims_by_rule(nlp: Language, records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """How the claims each rule made fared against the gold, matched as in :func:`score_claims`.

    - ``"claims"``: for each ``span._.rule`` (the rule that cut the claim's span out of its sentence), the
      predicted claims (``predicted``), those exactly matched to a gold claim (``exact``), those matched with
      IoU >= 0.5 (``overlap``), the rest (``unmatched``), and the precisions ``exact / predicted`` and
      ``overlap / predicted``. Summed over the rules: ``exact`` and ``overlap`` are the true positives of
      ``claims_exact`` and ``claims_overlap``, ``predicted`` their predictions.
    - ``"claimers"``: for each ``span._.claimer_rule`` (``"author"``: no claimer), the predicted claims
      (``predicted``) split into ``right``, ``wrong``, ``unmatched`` (the claim matched no gold claim) and
      ``unscorable`` (the gold claimer is named outside the passage). A claimer is ``right`` when
      :func:`score_claims` counts it as a true positive (it overlaps the gold claimer, on the same side of the
      sentence boundary); no claimer (``"author"``) is ``right`` when the gold claim has none. Summed over the
      rules other than ``"author"``: ``right`` is the true positives of ``claimer_in_sentence`` and
      ``claimer_outside_sentence`` together, ``right + wrong + unmatched`` their predictions.
    - ``"missed"``: gold claims no predicted claim matched (overlap), which no rule made.

    A claim without rule names (a Doc from another pipeline) counts under ``"unknown"``.
    """
    return score_claims(nlp, records, by_rule=True)["by_rule"]


UNKNOWN_RULE = "unknown"


class _RuleCounts:
    """The per-rule counts of :func:`score_claims_by_rule`, added up one Doc at a time."""

    def __init__(self) -> None:
        self.claims: dict[str, Counter] = {}
        self.claimers: dict[str, Counter] = {}
        self.missed = 0

    def add(
        self,
        gold: list[dict[str, Any]],
        pred: list[Any],
        exact: list[tuple[int, int]],
        pairs: list[tuple[int, int]],
        unscorable: set[int],
        right: set[int],
    ) -> None:
        """Count one Doc's predicted claims ``pred`` against ``gold``, given the scorer's exact and overlap pairs
        (gold index, pred index), the pred indices whose claimer cannot be scored and those whose claimer is right."""
        exact_pred = {pi for _, pi in exact}
        gold_of = {pi: gi for gi, pi in pairs}
        self.missed += len(gold) - len(pairs)
        for k, span in enumerate(pred):
            claims = self.claims.setdefault(span._.rule or UNKNOWN_RULE, Counter())
            claims["predicted"] += 1
            claims["exact"] += k in exact_pred
            claims["overlap"] += k in gold_of
            claimer_rule = span._.claimer_rule or UNKNOWN_RULE
            claimers = self.claimers.setdefault(claimer_rule, Counter())
            claimers["predicted"] += 1
            if k not in gold_of:
                claimers["unmatched"] += 1
            elif k in unscorable:
                claimers["unscorable"] += 1
            elif k in right or (span._.claimer is None and not gold[gold_of[k]].get("claimer")):
                claimers["right"] += 1
            else:
                claimers["wrong"] += 1

    def result(self) -> dict[str, Any]:
        claims = {}
        for rule, c in sorted(self.claims.items()):
            n = c["predicted"]
            claims[rule] = {
                "predicted": n,
                "exact": c["exact"],
                "overlap": c["overlap"],
                "unmatched": n - c["overlap"],
                "precision_exact": round(c["exact"] / n, 4) if n else 0.0,
                "precision_overlap": round(c["overlap"] / n, 4) if n else 0.0,
            }
        fields = ("predicted", "right", "wrong", "unmatched", "unscorable")
        claimers = {rule: {f: c[f] for f in fields} for rule, c in sorted(self.claimers.items())}
        return {"claims": claims, "claimers": claimers, "missed": self.missed}


def _where(inside: bool) -> str:
    return "inside" if inside else "outside"
