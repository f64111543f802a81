"""viz.render / Analysis._repr_html_: highlighted, escaped, self-contained HTML, paged for long texts."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from claimscope import Analysis, Mention, viz
from claimscope.errors import ClaimscopeTypeError, ClaimscopeValueError
from claimscope.viz.display import page_bounds
from tests.viz.fixtures import HOSTILE, long_analysis, sample_analysis


class _Tags(HTMLParser):
    """Collects start tags and checks that every element is closed in order."""

    VOID = {"img", "br", "meta", "link", "input", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    assert parser.stack == [], f"unclosed elements: {parser.stack}"
    return parser


def test_render_marks_claims_claimers_entities_and_stances():
    markup = viz.render(sample_analysis(), jupyter=False)
    tags = parse(markup)
    claims = [a["class"] for t, a in tags.tags if t == "mark"]
    assert claims == ["cs-claim cs-fact", "cs-claim cs-opinion", "cs-claim cs-unclassified"]
    titles = [a.get("title") or "" for _, a in tags.tags]
    assert any(t.startswith("claim 1: fact (score 0.91) | check-worthiness 0.30") for t in titles)
    assert any("claimer: the Kremlin (named)" in t for t in titles)
    assert any(t == "claimer of claim 1" for t in titles)
    assert any(t == "claimer of claim 2" for t in titles)
    assert any(t == "stance towards Japan (COUNTRY:JPN): against, score 0.81" for t in titles)
    assert any(t.startswith("COUNTRY COUNTRY:RUS (Russia)") for t in titles)  # entity tooltip
    assert any(t == "not a claim: heading" for t in titles)
    text = "".join(tags.text)
    assert "Japan \u2212" in text and "favor +" in text  # stance badges carry a symbol, not only a colour
    # every entity mention is marked with its label, nested inside the claim or claimer it belongs to
    assert len([a for t, a in tags.tags if a.get("class") == "cs-ent" and "title" in a]) == 5
    assert markup.count('<span class="cs-tag">COUNTRY</span>') == 4


def test_render_without_classifier_uses_the_unclassified_style():
    markup = viz.render(sample_analysis(classified=False), jupyter=False)
    classes = [a["class"] for t, a in parse(markup).tags if t == "mark"]
    assert classes == ["cs-claim cs-unclassified"] * 3
    assert "cs-badge cs-against" not in markup.split("</style>", 1)[1].split("cs-legend", 1)[1].split("</div>", 1)[1]


def test_render_escapes_markup_in_text_and_names():
    markup = viz.render(sample_analysis(), jupyter=False)
    tags = parse(markup)
    assert not [t for t, _ in tags.tags if t in ("script", "img", "b")]
    assert "<script" not in markup and "onerror=" not in markup.replace("onerror=&quot;", "")
    assert "&lt;script&gt;console.error(&quot;xss&quot;)&lt;/script&gt;" in markup
    assert HOSTILE in "".join(tags.text)  # shown to the reader as text
    assert "harmful &amp; unfair" in markup
    assert "the &quot;West&quot; &lt;b&gt;" in markup


def test_render_is_self_contained():
    markup = viz.render(sample_analysis(), jupyter=False)
    markup = markup.replace(html.escape(HOSTILE), "")  # the text itself may say anything, escaped
    assert not re.search(r"https?://|<link|@import|url\(|src=|<script|<iframe|<object", markup)


def test_repr_html_is_the_rendered_view():
    analysis = sample_analysis()
    assert analysis._repr_html_() == viz.render(analysis, jupyter=False)


def test_render_empty_analysis():
    markup = viz.render(Analysis(text=""), jupyter=False)
    parse(markup)
    assert "0 claims" in markup and "Empty text" in markup
    assert "<table" not in markup


def test_render_error_analysis_shows_the_error():
    markup = viz.render(Analysis(text="", error="[E001] Expected the text to be a str, got int."), jupyter=False)
    assert 'class="cs-error"' in markup and "[E001]" in markup


def test_render_one_megabyte_text_is_paged():
    analysis = long_analysis()
    assert len(analysis.text) >= 1_000_000
    first = viz.render(analysis, jupyter=False)
    assert len(first) < 400_000  # one page, not the whole megabyte of marked-up text
    pages = viz.page_count(analysis)
    assert pages >= 80
    assert f"Page 1 of {pages}" in first
    bounds = page_bounds(analysis)
    assert bounds[0] == 0 and bounds[-1] == len(analysis.text) and bounds == sorted(bounds)
    for claim in analysis.claims[:: len(analysis.claims) // 50]:  # no page boundary cuts a claim
        assert not any(claim.start < b < claim.end for b in bounds)
    last = viz.render(analysis, page=pages, jupyter=False)
    parse(last)
    assert f"Page {pages} of {pages}" in last
    shown = sum(len(re.findall(r"<mark ", viz.render(analysis, page=p, jupyter=False))) for p in (1, 2, pages))
    per_page = [sum(bounds[p - 1] <= c.start < bounds[p] for c in analysis.claims) for p in (1, 2, pages)]
    assert shown == sum(per_page)


def test_render_bad_input():
    with pytest.raises(ClaimscopeTypeError, match=r"\[E022\]"):
        viz.render("just a string", jupyter=False)
    with pytest.raises(ClaimscopeValueError, match=r"\[E023\]"):
        viz.render(sample_analysis(), page=2, jupyter=False)
    with pytest.raises(ClaimscopeValueError, match=r"\[E023\]"):
        viz.render(sample_analysis(), page=0, jupyter=False)


def test_render_drops_a_mark_that_crosses_its_claim():
    analysis = sample_analysis()
    claim = analysis.claims[0]
    crossing = analysis.entities[0].model_copy(
        update={"mentions": [Mention(text="x", start=claim.end - 3, end=claim.end + 2)]}
    )
    broken = analysis.model_copy(update={"entities": [crossing, *analysis.entities[1:]]})
    parse(viz.render(broken, jupyter=False))  # still well-formed


def test_render_jupyter_displays(monkeypatch):
    pytest.importorskip("IPython")
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    assert viz.render(sample_analysis(), jupyter=True) is None
    assert len(shown) == 1 and "cs-view" in shown[0].data


def test_render_a_spacy_doc(commentary_doc):
    markup = viz.render(commentary_doc, jupyter=False)
    parse(markup)
    assert markup.count("<mark ") == len(commentary_doc.spans["claims"]) > 0
    assert "cs-claimer" in markup and 'class="cs-ent"' in markup
