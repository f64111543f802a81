"""The claim stage: the ``claimscope_lines`` and ``claimscope_claims`` spaCy components and their rules.

Sentences are split into claims, attribution frames are peeled off, the claimer, statement and modality are
set, and lines that are not claims (headings, captions, credits, boilerplate) are skipped with a reason.

A sentence is cut where two independent clauses (each with its own subject and finite verb) are joined by
";", ", but", ", and", ", while", ", yet", ", whereas" or "but". In each clause an attribution frame is found
and removed from the claim's content:

- "As X said / put it / noted, ..."  and "..., as X said."
- "X said / warned / believes / pointed out / argued that ..." (also '"...," X said.' and "..., X said, ...")
- "According to X, ...", "In the view of X, ...", "In X's view, ..."

The speaker X becomes the claim's claimer; the verb ("said", "put it", "has warned") its cue. This package
works on parsed spaCy tokens only; linking the claimer to an entity happens in the claims component.

Modules, one job each:

- :mod:`.lines`: ``claimscope_lines``, sentence starts at line breaks and after section labels;
- :mod:`.component`: ``claimscope_claims``, claim spans, claimers and their entities, statements;
- :mod:`.clauses`: cutting a sentence into claim-sized pieces (:func:`~.clauses.segment_sentence`);
- :mod:`.attribution`: the frame inside one clause, from the parse (:func:`~.attribution.find_attribution`);
- :mod:`.sentence_frames`: frames found on the surface of a whole sentence;
- :mod:`.quotes`: quote marks and quoted stretches;
- :mod:`.nonclaims`: headings, section labels, captions, credits, bylines, disclaimers;
- :mod:`.holders`: the holder of a reported act or attitude as the claim's claimer (guide C4);
- :mod:`.modality`: modality and hedging of a claim;
- :mod:`.tokens` and :mod:`.words`: token helpers and word lists shared by the splitter and the frame finders.
"""

# What other stages may use of this one (tests/test_layout.py: a stage reaches another only through its package).
from claimscope.claims.holders import HOLDER_RULE  # noqa: E402  (classify: a holder named inside its claim)
from claimscope.claims.nonclaims import DATELINE_DASHES  # noqa: E402  (entities: "CLEVELAND — ..." is no name)
from claimscope.claims.words import REPORTED_ACT_VERBS, SURFACE_CUES  # noqa: E402  (classify: reported acts)

__all__ = ["DATELINE_DASHES", "HOLDER_RULE", "REPORTED_ACT_VERBS", "SURFACE_CUES"]
