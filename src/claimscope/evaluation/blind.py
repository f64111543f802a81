"""Scoring the whole output of ``claimscope.analyze`` against a hand-annotated blind file.

The file is ``tests/data/blind_news.jsonl``, described in ``tests/data/BLIND_NEWS_GUIDE.md``. The set is scored
only, never tuned on. Every figure comes with the count it is computed over. The definitions are:

- **Claims.** A predicted claim matches a gold claim when their intersection covers at least half of the gold
  span (``overlap``). Matching is one-to-one and takes the largest coverage first. ``exact`` counts
  identical spans.
- **Claimers.** Scored on the overlap-matched pairs. The claimer is right when the predicted claimer span
  overlaps the gold one, or when both are ``None`` (the author's voice). The figure is also split by the gold
  voice.
- **Entities.** A predicted mention is correct when its span and label equal a gold mention's. P/R/F1 is
  reported per label and micro-averaged. ``id_accuracy`` is computed on the correct mentions.
- **Verdicts.** Accuracy on the overlap-matched pairs. A claim with no verdict (no classifier) counts as wrong
  and is counted in ``unclassified``.
- **Entity stances.** Scored on every gold (claim, entity) pair of an overlap-matched claim. The prediction is
  the matched claim's stance whose target is the gold entity id. A missing stance counts as wrong and is counted
  in ``missing``. Accuracy is given overall and per voice of the gold claim (``author`` when its claimer is
  ``None``, otherwise ``attributed``).
- **Skipped lines.** Recall of the gold skipped lines: a predicted skipped span covering half of one counts as
  found, whatever its reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from claimscope.evaluation.rules import read_gold

Span = tuple[int, int]


read_blind = read_gold  # a blind file is JSONL like a gold file


def check_record(record: dict[str, Any]) -> list[str]:
    """Format problems of one blind record: offsets that do not give the recorded text, unsorted or
    overlapping claims or entities, bad verdicts, stances for entities not mentioned in the claim. An empty list
    when the record is well-formed."""
    text, rid, problems = record["text"], record.get("id", "?"), []

    def check(item: dict[str, Any], what: str) -> None:
        if text[item["start"] : item["end"]] != item["text"]:
            problems.append(f"{rid}: {what} offsets {item['start']}-{item['end']} do not give {item['text']!r}")

    for kind in ("claims", "entities", "skipped"):
        items = record.get(kind, [])
        for item in items:
            check(item, kind[:-1])
        if kind != "skipped":
            for a, b in zip(items, items[1:], strict=False):
                if a["end"] > b["start"]:
                    problems.append(f"{rid}: {kind} {a['text']!r} and {b['text']!r} overlap or are unsorted")
    for claim in record.get("claims", []):
        if claim.get("claimer"):
            check(claim["claimer"], "claimer")
        if claim.get("verdict") not in ("fact", "opinion"):
            problems.append(f"{rid}: claim {claim['text']!r} has verdict {claim.get('verdict')!r}")
        inside = {
            e["id"] for e in record.get("entities", []) if claim["start"] <= e["start"] and e["end"] <= claim["end"]
        }
        for stance in claim.get("stances", []):
            if stance["entity_id"] not in inside or stance["label"] not in ("favor", "against", "neutral"):
                problems.append(f"{rid}: claim {claim['text']!r} has a bad stance {stance}")
    return problems


def coverage(gold: Span, pred: Span) -> float:
    """Share of the gold span covered by the predicted one."""
    inter = max(0, min(gold[1], pred[1]) - max(gold[0], pred[0]))
    return inter / (gold[1] - gold[0]) if gold[1] > gold[0] else 0.0


def match_spans(gold: Sequence[Span], pred: Sequence[Span], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) whose predicted span covers >= threshold of the gold span,
    largest coverage first (ties: earlier gold, then earlier prediction)."""
    candidates = sorted(
        ((coverage(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g, used_p, pairs = set(), set(), []
    for cov, gi, pi in candidates:
        if cov >= threshold and cov > 0 and gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall, F1 (0.0 where undefined) with their counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def accuracy(right: int, total: int) -> dict[str, Any]:
    """An accuracy with its counts."""
    return {"accuracy": round(right / total, 4) if total else 0.0, "right": right, "n": total}


def _as_dict(analysis: Any) -> dict[str, Any]:
    if isinstance(analysis, dict):
        return analysis
    return analysis.model_dump() if hasattr(analysis, "model_dump") else analysis.to_dict()


def score_predictions(records: Iterable[dict[str, Any]], predictions: Iterable[Any]) -> dict[str, Any]:
    """Score predictions (``Analysis`` objects or their ``to_dict()`` form, one per record, in order)."""
    records = list(records)
    preds = [_as_dict(p) for p in predictions]
    if len(preds) != len(records):
        raise ValueError(f"{len(preds)} predictions for {len(records)} records")
    c: Counter[str] = Counter()
    ent_tp: Counter[str] = Counter()
    ent_pred: Counter[str] = Counter()
    ent_gold: Counter[str] = Counter()
    stance_labels: Counter[str] = Counter()
    for record, pred in zip(records, preds, strict=True):
        c["errors"] += bool(pred.get("error"))
        gold_claims = record["claims"]
        pred_claims = pred.get("claims") or []
        g_spans = [(g["start"], g["end"]) for g in gold_claims]
        p_spans = [(p["start"], p["end"]) for p in pred_claims]
        c["claims_gold"] += len(g_spans)
        c["claims_pred"] += len(p_spans)
        c["claims_exact"] += len(set(g_spans) & set(p_spans))
        pairs = match_spans(g_spans, p_spans)
        c["claims_overlap"] += len(pairs)
        for gi, pi in pairs:
            g, p = gold_claims[gi], pred_claims[pi]
            voice = "author" if g.get("claimer") is None else "attributed"
            gc, pc = g.get("claimer"), p.get("claimer")
            if gc is None or pc is None:
                right = gc is None and pc is None
            else:
                right = coverage((gc["start"], gc["end"]), (pc["start"], pc["end"])) > 0
            c["claimer_n"] += 1
            c["claimer_right"] += right
            c[f"claimer_n_{voice}"] += 1
            c[f"claimer_right_{voice}"] += right
            c["verdict_n"] += 1
            c["verdict_right"] += p.get("verdict") == g["verdict"]
            c["verdict_unclassified"] += p.get("verdict") is None
            predicted = {s["target"]: s["label"] for s in p.get("stances") or [] if s.get("relevance") is None}
            for s in g.get("stances", []):
                label = predicted.get(s["entity_id"])
                ok = label == s["label"]
                c["stance_n"] += 1
                c["stance_right"] += ok
                c["stance_missing"] += label is None
                c[f"stance_n_{voice}"] += 1
                c[f"stance_right_{voice}"] += ok
                stance_labels[f"gold_{s['label']}"] += 1
                stance_labels[f"right_{s['label']}"] += ok
        gold_mentions = {(e["start"], e["end"], e["label"]): e["id"] for e in record["entities"]}
        for e in gold_mentions:
            ent_gold[e[2]] += 1
        for entity in pred.get("entities") or []:
            for m in entity.get("mentions") or []:
                key = (m["start"], m["end"], entity["label"])
                ent_pred[entity["label"]] += 1
                if key in gold_mentions:
                    ent_tp[entity["label"]] += 1
                    c["ids_right"] += gold_mentions[key] == entity["id"]
        g_skip = [(s["start"], s["end"]) for s in record.get("skipped", [])]
        p_skip = [(s["start"], s["end"]) for s in pred.get("skipped") or []]
        c["skipped_gold"] += len(g_skip)
        c["skipped_pred"] += len(p_skip)
        c["skipped_found"] += len(match_spans(g_skip, p_skip))
    labels = sorted(set(ent_gold) | set(ent_pred))
    ent_total_tp = sum(ent_tp.values())
    return {
        "paragraphs": len(records),
        "errors": c["errors"],
        "claims": {
            "overlap": prf(c["claims_overlap"], c["claims_pred"], c["claims_gold"]),
            "exact": prf(c["claims_exact"], c["claims_pred"], c["claims_gold"]),
        },
        "claimers": {
            "all": accuracy(c["claimer_right"], c["claimer_n"]),
            "author": accuracy(c["claimer_right_author"], c["claimer_n_author"]),
            "attributed": accuracy(c["claimer_right_attributed"], c["claimer_n_attributed"]),
        },
        "entities": {
            "micro": prf(ent_total_tp, sum(ent_pred.values()), sum(ent_gold.values())),
            "per_label": {label: prf(ent_tp[label], ent_pred[label], ent_gold[label]) for label in labels},
            "id_accuracy": accuracy(c["ids_right"], ent_total_tp),
        },
        "verdicts": {**accuracy(c["verdict_right"], c["verdict_n"]), "unclassified": c["verdict_unclassified"]},
        "stances": {
            "all": {**accuracy(c["stance_right"], c["stance_n"]), "missing": c["stance_missing"]},
            "author": accuracy(c["stance_right_author"], c["stance_n_author"]),
            "attributed": accuracy(c["stance_right_attributed"], c["stance_n_attributed"]),
            "per_gold_label": {
                label: accuracy(stance_labels[f"right_{label}"], stance_labels[f"gold_{label}"])
                for label in ("favor", "against", "neutral")
                if stance_labels[f"gold_{label}"]
            },
        },
        "skipped": {"recall": accuracy(c["skipped_found"], c["skipped_gold"]), "pred": c["skipped_pred"]},
    }


def score_blind(path: str | Path, nlp: Any = None, analyze: Callable[..., Any] | None = None) -> dict[str, Any]:
    """Run ``claimscope.analyze`` on every paragraph of a blind file and score the results (see the module
    docstring). ``nlp`` is passed on to ``analyze`` (default pipeline when ``None``)."""
    records = read_blind(path)
    problems = [p for r in records for p in check_record(r)]
    if problems:
        raise ValueError("malformed blind file:\n" + "\n".join(problems))
    if analyze is None:
        import claimscope

        analyze = claimscope.analyze
    return score_predictions(records, [analyze(r["text"], nlp=nlp) for r in records])


def format_scores(scores: dict[str, Any]) -> str:
    """A Markdown table of the headline figures, each with its count."""

    def f(d: dict[str, Any]) -> str:
        counts = f"tp {d['tp']}, pred {d['pred']}, gold {d['gold']}"
        return f"P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} ({counts})"

    def a(d: dict[str, Any]) -> str:
        return f"{d['accuracy']:.3f} ({d['right']}/{d['n']})"

    stances = scores["stances"]
    rows = [
        ("claims, overlap >= 50% of gold", f(scores["claims"]["overlap"])),
        ("claims, exact", f(scores["claims"]["exact"])),
        ("claimer (matched claims)", a(scores["claimers"]["all"])),
        ("claimer, gold author voice", a(scores["claimers"]["author"])),
        ("claimer, gold attributed", a(scores["claimers"]["attributed"])),
        ("entities, micro (span+label)", f(scores["entities"]["micro"])),
        *[(f"entities, {k}", f(v)) for k, v in scores["entities"]["per_label"].items()],
        ("entity id accuracy (correct mentions)", a(scores["entities"]["id_accuracy"])),
        ("verdict (matched claims)", a(scores["verdicts"]) + f", unclassified {scores['verdicts']['unclassified']}"),
        ("stance (matched claim x entity)", a(stances["all"]) + f", missing {stances['all']['missing']}"),
        ("stance, author claims", a(scores["stances"]["author"])),
        ("stance, attributed claims", a(scores["stances"]["attributed"])),
        *[(f"stance, gold {k}", a(v)) for k, v in scores["stances"]["per_gold_label"].items()],
        ("skipped lines found", a(scores["skipped"]["recall"]) + f", predicted {scores['skipped']['pred']}"),
    ]
    return "\n".join(["| figure | value (count) |", "|---|---|", *[f"| {k} | {v} |" for k, v in rows]])
