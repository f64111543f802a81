"""Exploring analyses in notebooks: :func:`render` (HTML view) and matplotlib charts over a corpus.

>>> from claimscope import viz
>>> viz.render(analysis)                        # in Jupyter: shows the highlighted text
>>> html = viz.render(analysis, jupyter=False)  # anywhere: the self-contained HTML string
"""

from __future__ import annotations

from typing import Any

from claimscope.errors import ClaimscopeTypeError, Errors
from claimscope.schema import Analysis
from claimscope.viz.charts import comention_chart, opinion_share_chart, stance_chart
from claimscope.viz.display import PAGE_CHARS, page_count, to_html

__all__ = ["comention_chart", "opinion_share_chart", "page_count", "render", "stance_chart", "to_html"]


def _as_analysis(analysis_or_doc: Any) -> Analysis:
    if isinstance(analysis_or_doc, Analysis):
        return analysis_or_doc
    from spacy.tokens import Doc

    if isinstance(analysis_or_doc, Doc):
        from claimscope.export.analysis import doc_to_analysis

        return doc_to_analysis(analysis_or_doc)
    raise ClaimscopeTypeError(Errors.E022, type=type(analysis_or_doc).__name__)


def _in_jupyter() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def render(
    analysis_or_doc: Any, *, jupyter: bool | None = None, page: int = 1, page_chars: int = PAGE_CHARS
) -> str | None:
    """Show an Analysis (or a spaCy Doc from claimscope's pipeline) as highlighted HTML.

    Claims are marked fact / opinion / unclassified, claimers and entity mentions are tagged, each claim carries
    stance badges per target, and tooltips give the scores. ``jupyter=None`` displays the view when running in
    Jupyter and returns the HTML string elsewhere; ``jupyter=False`` always returns the string (for saving),
    ``jupyter=True`` always displays it. A text longer than ``page_chars`` is shown one page at a time
    (``page`` counts from 1; :func:`page_count` says how many there are).
    """
    markup = to_html(_as_analysis(analysis_or_doc), page=page, page_chars=page_chars)
    if jupyter is None:
        jupyter = _in_jupyter()
    if not jupyter:
        return markup
    from IPython.display import HTML, display

    display(HTML(markup))
    return None
