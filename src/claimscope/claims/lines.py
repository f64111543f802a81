"""``claimscope_lines``: sentence boundaries at line breaks and after section labels, set before the parser.

Commentary has headings, section labels ("Short-term (1-2 years): ...") and source lines that the statistical
parser would otherwise glue onto the next sentence. This component runs after the tagger and before the
parser; the parser keeps boundaries that are already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimscope.claims.nonclaims import FURNITURE_PREFIX

FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
MAX_LABEL_TOKENS = 8  # words, not counting punctuation


@Language.factory("claimscope_lines", assigns=["token.is_sent_start"], requires=["token.tag"])
def make_lines(nlp: Language, name: str) -> LineBreaker:
    """Create the line-boundary component."""
    return LineBreaker()


class LineBreaker:
    """Starts a sentence at every line start, right after a verbless section label ending in ':' and after a web
    page's label that opens a line ("Story Continued Below The White House said ...")."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # spaCy rebuilds it on every access: read it once
        line_start = True
        line_tokens = 0
        label_has_verb = False
        for token in doc:
            if token.is_space:
                if "\n" in token.text:
                    line_start = True
                continue
            if line_start:
                token.is_sent_start = True
                line_start = False
                line_tokens = 0
                label_has_verb = False
                _split_after_furniture(doc, token.i, text)
            if not token.is_punct:
                line_tokens += 1
            label_has_verb = label_has_verb or token.tag_ in FINITE_VERB_TAGS
            if token.is_punct and token.text.endswith(":") and not label_has_verb and line_tokens <= MAX_LABEL_TOKENS:
                following = token.nbor() if token.i + 1 < len(doc) else None
                if following is not None and not following.is_space:
                    following.is_sent_start = True
                line_tokens = MAX_LABEL_TOKENS + 1  # only the first label of a line
        return doc


def _split_after_furniture(doc: Doc, start: int, text: str) -> None:
    """Start a sentence after a web page's label that opens the line at token ``start``, if there is one
    (``text`` is ``doc.text``)."""
    match = FURNITURE_PREFIX.match(text, doc[start].idx)
    following = next((t for t in doc[start:] if t.idx >= match.end()), None) if match else None
    if following is not None:
        following.is_sent_start = True
