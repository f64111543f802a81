"""Self-contained HTML view of an Analysis: claims, claimers, entity mentions and stance badges on the text.

The markup has no script, no external resource and escapes every piece of text, so it can be saved, mailed
or shown in a notebook as it is. Long documents are shown one page (about ``page_chars`` characters, never
cutting a claim) at a time, so the browser or notebook stays responsive on megabyte-sized texts.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from claimscope.errors import ClaimscopeTypeError, ClaimscopeValueError, Errors
from claimscope.schema import Analysis, Claim, Entity

PAGE_CHARS = 10_000
"""Default number of characters shown per page."""

STANCE_SYMBOLS = {"favor": "+", "against": "\u2212", "neutral": "="}
VERDICTS = ("fact", "opinion", "unclassified")

# Okabe-Ito colours (safe for the common colour-vision deficiencies); verdicts also differ by underline style,
# stances by symbol, so no information is carried by colour alone.
STYLE = """
.cs-view{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;font-size:14px;
 color:#1a1a1a;background:#fff;padding:10px 12px;border:1px solid #ddd;border-radius:6px;line-height:1.5}
.cs-view .cs-summary{margin:0 0 6px 0;font-weight:600}
.cs-view .cs-note{margin:4px 0;padding:4px 8px;background:#fff8e1;border-left:3px solid #E69F00;font-size:13px}
.cs-view .cs-error{margin:4px 0;padding:4px 8px;background:#fde8e0;border-left:3px solid #D55E00}
.cs-view .cs-legend{font-size:12px;margin:0 0 8px 0;color:#333}
.cs-view .cs-legend>span{margin-right:10px;white-space:nowrap}
.cs-view .cs-text{white-space:pre-wrap;line-height:2.1;max-height:42em;overflow:auto;padding:4px 2px;
 overflow-wrap:anywhere}
.cs-view .cs-claim{padding:1px 2px;border-radius:3px;color:inherit}
.cs-view .cs-fact{background:#d7e9f7;border-bottom:2px solid #0072B2}
.cs-view .cs-opinion{background:#fde3bd;border-bottom:2px dashed #b36b00}
.cs-view .cs-unclassified{background:#ececec;border-bottom:2px dotted #666}
.cs-view .cs-num{font-size:10px;font-weight:700;color:#333;margin-right:2px;vertical-align:super}
.cs-view .cs-claimer{font-weight:600;border-bottom:3px double #CC79A7}
.cs-view .cs-ent{border:1px solid #8a8a8a;border-radius:3px;padding:0 2px;background:rgba(255,255,255,.55)}
.cs-view .cs-tag{font-size:9px;font-weight:700;letter-spacing:.03em;margin-left:3px;color:#444;
 text-transform:uppercase;vertical-align:middle}
.cs-view .cs-claimer>.cs-tag{color:#8b3b70}
.cs-view .cs-badge{display:inline-block;font-size:11px;line-height:1.3;padding:0 4px;margin-left:3px;
 border-radius:8px;border:1px solid;vertical-align:middle;white-space:nowrap}
.cs-view .cs-favor{background:#d5f0e6;border-color:#009E73}
.cs-view .cs-against{background:#f9ddcc;border-color:#D55E00}
.cs-view .cs-neutral{background:#eee;border-color:#888}
.cs-view .cs-skipped{color:#777;font-style:italic}
.cs-view .cs-swatch{display:inline-block;width:2.2em;height:1em;vertical-align:middle;margin-right:3px}
.cs-view table{border-collapse:collapse;font-size:13px;margin:6px 0;width:100%}
.cs-view th,.cs-view td{border-bottom:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}
.cs-view th{background:#f6f6f6}
.cs-view .cs-nowrap{white-space:nowrap}
.cs-view details{margin-top:8px}
.cs-view summary{cursor:pointer;font-weight:600}
"""


@dataclass(frozen=True)
class _Mark:
    """A stretch of text wrapped in markup; ``level`` orders marks that start at the same place."""

    start: int
    end: int
    level: int
    open: str
    close: str


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _verdict(claim: Claim) -> str:
    return claim.verdict if claim.verdict in ("fact", "opinion") else "unclassified"


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _entity_names(analysis: Analysis) -> dict[str, str]:
    return {e.id: e.name for e in analysis.entities}


def _badge(target: str, label: str, score: float, names: dict[str, str], relevance: float | None = None) -> str:
    name = names.get(target, target)
    tip = f"stance towards {name} ({target}): {label}, score {score:.2f}"
    if relevance is not None:  # a topic stance: how much the claim is about the topic
        tip += f", relevance {relevance:.2f}"
    symbol = STANCE_SYMBOLS.get(label, "?")
    css = label if label in STANCE_SYMBOLS else "neutral"
    return f'<span class="cs-badge cs-{css}" title="{_e(tip)}">{_e(name)} {symbol}</span>'


def _claim_tip(number: int, claim: Claim, names: dict[str, str]) -> str:
    parts = [f"claim {number}: {_verdict(claim)}"]
    if claim.verdict_score is not None:
        parts[0] += f" (score {claim.verdict_score:.2f})"
    if claim.checkworthiness is not None:
        parts.append(f"check-worthiness {claim.checkworthiness:.2f}")
    details = [x for x in (claim.modality, "hedged" if claim.hedged else None) if x]
    if details:
        parts.append(", ".join(details))
    parts.append(f"claimer: {claim.claimer.text} ({claim.claimer.kind})" if claim.claimer else "claimer: author")
    for s in claim.stances:
        about = "" if s.relevance is None else f" (relevance {s.relevance:.2f})"
        parts.append(f"stance towards {names.get(s.target, s.target)}: {s.label} {s.score:.2f}{about}")
    return " | ".join(parts)


def _entity_tip(entity: Entity) -> str:
    attrs = ", ".join(f"{k}: {v}" for k, v in entity.attributes.items() if v not in (None, "", [], {}))
    return f"{entity.label} {entity.id} ({entity.name})" + (f" | {attrs}" if attrs else "")


def _marks(analysis: Analysis, lo: int, hi: int, numbers: dict[int, int]) -> list[_Mark]:
    """The claim, skipped-line, claimer and entity marks that lie inside ``[lo, hi)``."""
    names = _entity_names(analysis)
    marks: list[_Mark] = []
    claimers: dict[tuple[int, int], list[int]] = {}
    for index, claim in enumerate(analysis.claims):
        number = numbers[index]
        if lo <= claim.start < claim.end <= hi:
            verdict = _verdict(claim)
            badges = "".join(_badge(s.target, s.label, s.score, names, s.relevance) for s in claim.stances)
            marks.append(
                _Mark(
                    claim.start,
                    claim.end,
                    0,
                    f'<mark class="cs-claim cs-{verdict}" title="{_e(_claim_tip(number, claim, names))}">'
                    f'<span class="cs-num">{number}</span>',
                    f"{badges}</mark>",
                )
            )
        c = claim.claimer
        if c is not None and lo <= c.start < c.end <= hi:
            claimers.setdefault((c.start, c.end), []).append(number)
    for (start, end), claim_numbers in claimers.items():
        listed = ", ".join(map(str, claim_numbers))
        tip = f"claimer of claim {listed}" if len(claim_numbers) == 1 else f"claimer of claims {listed}"
        marks.append(
            _Mark(
                start,
                end,
                1,
                f'<span class="cs-claimer" title="{_e(tip)}">',
                f'<span class="cs-tag">says {listed}</span></span>',
            )
        )
    for skipped in analysis.skipped:
        if lo <= skipped.start < skipped.end <= hi:
            tip = f"not a claim: {skipped.reason}"
            marks.append(
                _Mark(skipped.start, skipped.end, 0, f'<span class="cs-skipped" title="{_e(tip)}">', "</span>")
            )
    mentions: dict[tuple[int, int], list[Entity]] = {}  # one mark per span, even when it names two entities
    for entity in analysis.entities:
        for m in entity.mentions:
            if lo <= m.start < m.end <= hi:
                mentions.setdefault((m.start, m.end), []).append(entity)
    for (start, end), entities in mentions.items():
        tip = " || ".join(_entity_tip(e) for e in entities)
        labels = "+".join(dict.fromkeys(re.sub(r"[^A-Za-z]", "", e.label) for e in entities))
        marks.append(
            _Mark(
                start,
                end,
                2,
                f'<span class="cs-ent" title="{_e(tip)}">',
                f'<span class="cs-tag">{labels}</span></span>',
            )
        )
    return sorted(marks, key=lambda m: (m.start, -m.end, m.level))


def _markup_text(text: str, lo: int, hi: int, marks: Sequence[_Mark]) -> str:
    """Escaped ``text[lo:hi]`` with properly nested marks; a mark that crosses its parent's end is dropped."""
    out: list[str] = []
    pos = lo
    stack: list[_Mark] = []
    for mark in marks:
        while stack and stack[-1].end <= mark.start:
            top = stack.pop()
            out.append(_e(text[pos : top.end]) + top.close)
            pos = top.end
        if (stack and mark.end > stack[-1].end) or mark.start < pos:
            continue
        out.append(_e(text[pos : mark.start]) + mark.open)
        pos = mark.start
        stack.append(mark)
    while stack:
        top = stack.pop()
        out.append(_e(text[pos : top.end]) + top.close)
        pos = top.end
    out.append(_e(text[pos:hi]))
    return "".join(out)


def page_bounds(analysis: Analysis, page_chars: int = PAGE_CHARS) -> list[int]:
    """Character offsets where pages start, plus the text's length: pages never cut a claim in two."""
    n = len(analysis.text)
    spans = sorted((c.start, c.end) for c in analysis.claims)
    starts = [s for s, _ in spans]
    reach: list[int] = []  # reach[i]: the furthest end among the first i + 1 claims
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)
    bounds = [0]
    while bounds[-1] < n:
        cut = bounds[-1] + max(1, page_chars)
        if cut < n:
            space = analysis.text.find("\n", cut, cut + 500)
            if space < 0:
                space = analysis.text.find(" ", cut, cut + 200)
            cut = space if space > 0 else cut
            i = bisect_left(starts, cut) - 1  # the claims that start before the cut
            while i >= 0 and reach[i] > cut:  # one of them straddles it: move the cut past it
                cut = reach[i]
                i = bisect_left(starts, cut) - 1
        bounds.append(min(cut, n))
    return bounds


def _summary(analysis: Analysis) -> str:
    counts = {v: 0 for v in VERDICTS}
    for claim in analysis.claims:
        counts[_verdict(claim)] += 1
    detail = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    text = f"{len(analysis.claims)} claims" + (f" ({detail})" if detail else "")
    text += f" \u00b7 {len(analysis.entities)} entities \u00b7 {len(analysis.skipped)} lines that are not claims"
    return f'<p class="cs-summary">{_e(text)}</p>'


def _legend() -> str:
    items = [
        '<span><span class="cs-swatch cs-fact"></span>fact</span>',
        '<span><span class="cs-swatch cs-opinion"></span>opinion</span>',
        '<span><span class="cs-swatch cs-unclassified"></span>unclassified</span>',
        '<span><span class="cs-claimer">claimer</span></span>',
        '<span><span class="cs-ent">entity<span class="cs-tag">label</span></span></span>',
        '<span class="cs-badge cs-favor">favor +</span><span class="cs-badge cs-against">against \u2212</span>'
        '<span class="cs-badge cs-neutral">neutral =</span>',
        "<span>hover for scores</span>",
    ]
    return f'<div class="cs-legend">{"".join(items)}</div>'


def _claims_table(analysis: Analysis, indices: Sequence[int], numbers: dict[int, int]) -> str:
    if not indices:
        return ""
    names = _entity_names(analysis)
    rows = []
    for index in indices:
        claim = analysis.claims[index]
        claimer = f"{claim.claimer.text} ({claim.claimer.kind})" if claim.claimer else "author"
        verdict = _verdict(claim)
        details = ", ".join(x for x in (claim.modality, "hedged" if claim.hedged else None) if x)
        badges = "".join(_badge(s.target, s.label, s.score, names, s.relevance) for s in claim.stances)
        rows.append(
            f"<tr><td>{numbers[index]}</td><td>{_e(claim.statement)}</td><td>{_e(claimer)}</td>"
            f'<td class="cs-nowrap"><span class="cs-claim cs-{verdict}">{verdict}</span> '
            f"{_score(claim.verdict_score)}</td>"
            f"<td>{_score(claim.checkworthiness)}</td><td>{_e(details)}</td><td>{badges}</td></tr>"
        )
    head = "<tr><th>#</th><th>claim</th><th>claimer</th><th>verdict</th><th>check-worthy</th><th>modality</th>"
    head += "<th>stances</th></tr>"
    opened = " open" if len(rows) <= 30 else ""
    return f"<details{opened}><summary>Claims ({len(rows)})</summary><table>{head}{''.join(rows)}</table></details>"


def _entities_table(analysis: Analysis) -> str:
    if not analysis.entities:
        return ""
    stances: dict[str, list[str]] = {}
    for s in analysis.entity_stances():
        stances.setdefault(s.entity_id, []).append(
            f'<span class="cs-badge cs-{s.label}" title="{_e(f"{s.n_claims} claims, score {s.score:.2f}")}">'
            f"{_e(s.voice)} {STANCE_SYMBOLS[s.label]}</span>"
        )
    rows = [
        f"<tr><td>{_e(e.label)}</td><td>{_e(e.id)}</td><td>{_e(e.name)}</td><td>{len(e.mentions)}</td>"
        f"<td>{''.join(stances.get(e.id, []))}</td></tr>"
        for e in analysis.entities
    ]
    head = "<tr><th>label</th><th>id</th><th>name</th><th>mentions</th><th>stance (by voice)</th></tr>"
    opened = " open" if len(rows) <= 30 else ""
    return f"<details{opened}><summary>Entities ({len(rows)})</summary><table>{head}{''.join(rows)}</table></details>"


def to_html(analysis: Analysis, *, page: int = 1, page_chars: int = PAGE_CHARS) -> str:
    """The HTML view of ``analysis`` (page ``page`` of a long text); a string with its own ``<style>``."""
    if not isinstance(analysis, Analysis):
        raise ClaimscopeTypeError(Errors.E022, type=type(analysis).__name__)
    bounds = page_bounds(analysis, page_chars)
    pages = max(1, len(bounds) - 1)
    if not 1 <= page <= pages:
        raise ClaimscopeValueError(Errors.E023, page=page, pages=pages, page_chars=page_chars)
    lo, hi = (bounds[page - 1], bounds[page]) if len(bounds) > 1 else (0, 0)
    order = sorted(range(len(analysis.claims)), key=lambda i: (analysis.claims[i].start, analysis.claims[i].end))
    numbers = {index: n for n, index in enumerate(order, 1)}
    on_page = [i for i in order if lo <= analysis.claims[i].start < hi]

    parts = [f"<style>{STYLE}</style>", '<div class="cs-view">', _summary(analysis)]
    if analysis.error:
        parts.append(f'<div class="cs-error">{_e(analysis.error)}</div>')
    parts.extend(f'<div class="cs-note">{_e(w)}</div>' for w in analysis.warnings)
    if pages > 1:
        note = (
            f"Page {page} of {pages}: characters {lo:,}\u2013{hi:,} of {len(analysis.text):,}, "
            f"claims {len(on_page)} of {len(analysis.claims)}. "
            f"Other pages: claimscope.viz.render(analysis, page=N); every claim: claimscope.to_dataframe(analysis)."
        )
        parts.append(f'<div class="cs-note">{_e(note)}</div>')
    parts.append(_legend())
    if analysis.text.strip():
        body = _markup_text(analysis.text, lo, hi, _marks(analysis, lo, hi, numbers))
        parts.append(f'<div class="cs-text">{body}</div>')
    else:
        parts.append('<div class="cs-note">Empty text: nothing to show.</div>')
    parts.append(_claims_table(analysis, on_page, numbers))
    parts.append(_entities_table(analysis))
    parts.append("</div>")
    return "".join(parts)


def page_count(analysis: Analysis, page_chars: int = PAGE_CHARS) -> int:
    """How many pages :func:`to_html` splits ``analysis`` into."""
    return max(1, len(page_bounds(analysis, page_chars)) - 1)
