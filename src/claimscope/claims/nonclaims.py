"""Which sentences assert nothing: headings, section labels, source lines, disclaimers, bylines, photo credits
and captions.

:func:`skip_reason` returns the reason a sentence gives no claim, or None when it may hold claims.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claimscope.resources import words

FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})

SOURCE_LINE = re.compile(
    r"^\s*(original|source|sources|link|url|read more|via|credit|credits|translated by|"
    r"translation|editor|edited by|published)\s*:|^\s*(https?://|www\.)\S+\s*$",
    re.IGNORECASE,
)
DISCLAIMER = re.compile(
    r"^\s*(statement|disclaimer|note from the editor|editor'?s note)\s*:|"
    r"\b(represents?|reflects?|expresses?|are|is)\s+(only\s+|solely\s+|just\s+)?(the\s+)?(personal\s+|own\s+)?"
    r"(views?|opinions?|position)\s+of\s+the\s+(author|writer)|"
    r"\bviews\s+expressed\b.*\b(author|writer)|"
    r"\bdo(es)?\s+not\s+(necessarily\s+)?(represent|reflect)\s+the\s+(views?|position|opinions?)",
    re.IGNORECASE,
)
# A line labelled as a caption ("Photo: ..."): every sentence on it is skipped.
CAPTION = re.compile(r"^\s*\(?\s*(AP|AFP|Reuters|Getty|EPA)?\s*(photo|image|picture|caption)s?\b", re.IGNORECASE)
# A photo credit ("(AP Photo/Nick Wass, File)"): only the credit itself is skipped; the caption before it on the
# same line describes what the photo shows and is a claim (a "FILE -" label before it is left out of the span).
PHOTO_CREDIT = re.compile(r"^\s*\((AP|AFP|Reuters|Getty Images|EPA)\s*(Photo)?[^)]*\)\s*$", re.IGNORECASE)
FILE_LABEL = re.compile(r"^FILE\s*[-–—]\s*")
# A photo credit on its own, in its usual wire forms: "(AP Photo/Vahid Salemi)", "President.ir/Handout via REUTERS",
# "REUTERS/Carlos Barria", "EPA-EFE/ABEDIN TAHERKENAREH", "(Photo by Chip Somodevilla/Getty Images)",
# "Courtesy of the Iranian Presidency": the source of a picture, no claim ("credit").
AGENCIES = (
    r"(?:AP|AFP|Reuters|REUTERS|Getty\s*Images|Getty|EPA(?:-EFE)?|Xinhua|Anadolu|Sputnik|TASS|Bloomberg|Pool|Handout"
    r"|WANA|IRNA|KCNA|Yonhap|SANA)"
)
CREDIT = re.compile(
    r"^\s*\(?\s*(?:"
    + AGENCIES
    + r"\s*(?:Photo|Images|Pool|Video)?\s*/\s*[^()/]{1,80}(?:/[^()/]{1,60}){0,2}"
    + r"|[^()\s][^()]{0,60}/\s*(?:Handout|Pool|File|Courtesy)?\s*(?:via|for)\s+"
    + AGENCIES
    + r"|(?:Photo|Picture|Image|Video)s?\s*(?:by|:)\s*[^()]{1,80}/\s*[^()]{1,40}"
    + r"|(?:Photo|Picture|Image)s?\s+(?:by|courtesy\s+of)\s+[^()]{1,80}"
    + r"|Courtesy\s+(?:of\s+)?[^()]{1,80}"
    + r")\s*\)?\s*\.?\s*$"
)
# A caption that only describes a picture: "In this March 29, 2016, file photo, Iranian President Hassan Rouhani
# meets with ...", "This handout photo released by ... shows ...", "Pictured: ...". Skipped when the claims
# component's ``skip_captions`` is on (the default): a caption asserts nothing, see CLAIMS_GUIDE.md.
CAPTION_OPENING = re.compile(
    r"^\s*(?:FILE\s*[-–—]\s*)?(?:In\s+this\s+(?:(?:[A-Z][a-z]{2,8}\.?|\d{1,4}),?\s+){0,4}"
    r"(?:file\s+|handout\s+|undated\s+|pool\s+|satellite\s+|aerial\s+)*"
    r"(?:photo|image|picture|photograph|frame\s+grab|video\s+grab)\b"
    r"|This\s+(?:(?:file|handout|undated|pool|satellite|aerial)\s+)*(?:photo|image|picture|photograph)\s+"
    r"(?:[\w,.]+\s+){0,12}?(?:shows?|taken)\b"
    r"|Pictured\s*:)",
    re.IGNORECASE,
)
# A web page's furniture inside an article's text: "Story Continued Below", "Continue reading the main story",
# "Advertisement", "Read more". A sentence of it alone is ``boilerplate``; at the start of a longer line (an
# article whose line breaks were lost: "Story Continued Below The White House said ...") the line breaker
# (``claims/lines.py``) makes it a sentence of its own.
FURNITURE_WORDS = (
    r"(?:the\s+)?(?:story|article)\s+continues?d?\s+(?:below|after\s+(?:the\s+|this\s+)?(?:ad|advertisement|video))"
    r"|continue\s+reading(?:\s+(?:below|the\s+main\s+story|after\s+(?:the\s+)?(?:ad|advertisement)))?"
    r"|(?:skip\s+)?advertisement|read\s+more(?:\s+here)?|scroll\s+(?:down\s+)?to\s+continue(?:\s+reading)?"
)
FURNITURE_SENTENCE = re.compile(r"^\s*(?:" + FURNITURE_WORDS + r")\s*[.:]?\s*$", re.IGNORECASE)
FURNITURE_PREFIX = re.compile(  # used with .match(text, pos): anchored at pos
    r"\s*(?i:(?:the\s+)?(?:story|article)\s+continues?d?\s+below|continue\s+reading\s+below|advertisement)"
    r"\s+(?=[A-Z\"“‘'])"
)
BYLINE = re.compile(r"^\s*(?i:by)\s+[A-Z][\w.'\-]+(\s+[A-Z][\w.'\-]+){0,3}\s*$")
# The dash after the place of a dateline: "CLEVELAND — ...", "PRAGUE (Reuters) - ...".
DATELINE_DASHES = frozenset({"—", "–", "-", "--"})
MAX_AGENCY_WORDS = 3  # "(Reuters)", "(AP)", "(Associated Press)"
# Entity labels that an upper-case word before a dash can carry without an agency in brackets and still be no
# place: "NATO - the alliance ... - said" (with an agency, "UNITED NATIONS (Reuters) -" is a dateline).
NOT_PLACES = frozenset({"ORG", "PERSON", "OFFICIAL", "PROJECT", "EVENT"})


def dateline_end(tokens: Span | list[Token]) -> int:
    """How many leading ``tokens`` form a news dateline ("WASHINGTON (Reuters) - ", "CLEVELAND — "): an
    upper-case place at the start of a line, an optional agency in brackets and a spaced dash; 0 when there is
    none. A dateline is no part of a claim or of a speaker's name."""
    tokens = list(tokens)
    first = next((t for t in tokens if not t.is_space), None)
    if first is None or not starts_line(first):
        return 0
    k = 0
    while k < len(tokens) and (tokens[k].is_space or _is_place_word(tokens[k]) or tokens[k].text == ","):
        k += 1
    if k == 0 or not any(_is_place_word(t) for t in tokens[:k]):
        return 0
    agency = k < len(tokens) and tokens[k].text == "("
    if not agency and any(t.ent_type_ in NOT_PLACES for t in tokens[:k]):
        return 0  # "NATO - the alliance of 32 states - said ...": an organisation, not a place
    if agency:
        close = next(
            (j for j in range(k + 1, min(len(tokens), k + MAX_AGENCY_WORDS + 2)) if tokens[j].text == ")"), None
        )
        if close is None:
            return 0
        k = close + 1
        while k < len(tokens) and tokens[k].is_space:
            k += 1
    if (
        k >= len(tokens)
        or tokens[k].text not in DATELINE_DASHES
        or not (tokens[k - 1].whitespace_ or tokens[k - 1].is_space)
    ):
        return 0
    k += 1
    while k < len(tokens) and tokens[k].is_space:
        k += 1
    return k if k < len(tokens) else 0


def _is_place_word(token: Token) -> bool:
    """An upper-case word of a dateline's place: "WASHINGTON", "NEW", "D.C."."""
    letters = token.text.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


def starts_line(token: Token) -> bool:
    """Nothing but spaces comes before ``token`` on its line. Reads back token by token: spaCy rebuilds
    ``doc.text`` on every access, which made this quadratic in a long text's length."""
    doc = token.doc
    for i in range(token.i - 1, -1, -1):
        chunk = doc[i].text_with_ws
        newline = chunk.rfind("\n")
        if newline != -1:
            return not chunk[newline + 1 :].strip()
        if chunk.strip():
            return False
    return True


def line_of(sent: Span, text: str) -> str:
    """The whole line of ``text`` (the Doc's text, computed once by the caller) the sentence starts on."""
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.start_char)
    return text[start : end if end != -1 else len(text)]


# A contraction whose apostrophe is mojibake ("Iâ€™m", "isnâ€™t", "itâ€™s"): the tokenizer leaves it one word and
# the tagger takes it for a noun, so the verb it holds is lost ('"Iâ€™m sorry."' would read as a heading).
MOJIBAKE_CONTRACTION = re.compile(
    r"^(?:[a-z]+n\u00e2\u0080\u0099t|[a-z]+\u00e2\u0080\u0099(?:m|re|ve|ll|d)"
    r"|(?:it|he|she|that|there|here|what|who|where|let)\u00e2\u0080\u0099s)$",
    re.IGNORECASE,
)


def has_finite_verb(tokens: Span | list[Token]) -> bool:
    """True when a finite verb, a modal, or an imperative root is among the tokens (or a contraction with a
    mojibake apostrophe, which holds one)."""
    for token in tokens:
        if token.tag_ in FINITE_VERB_TAGS or MOJIBAKE_CONTRACTION.match(token.text):
            return True
        if token.tag_ == "VB" and token.dep_ == "ROOT" and not any(c.dep_ == "aux" for c in token.children):
            return True  # imperative: "Consider the risks."
    return False


def is_credit(sent: Span) -> bool:
    """True for a photo credit standing alone ("(AP Photo/Vahid Salemi)", "President.ir/Handout via REUTERS")."""
    text = sent.text
    if len(text) > 160 or has_finite_verb(sent) and not _credit_words_only(sent):
        return False
    return bool(PHOTO_CREDIT.match(text) or CREDIT.match(text))


def _credit_words_only(sent: Span) -> bool:
    """A credit the tagger read a verb into ("President.ir/Handout via REUTERS" with "Handout" a verb): a slash
    between names and no more than a dozen words."""
    words = [t for t in sent if not (t.is_space or t.is_punct)]
    return len(words) <= 12 and "/" in sent.text


def is_caption(sent: Span) -> bool:
    """True for a sentence that opens as a photo caption ("In this March 29, 2016, file photo, ...")."""
    return bool(CAPTION_OPENING.match(sent.text))


def glued_sentence_start(sent: Span) -> int | None:
    """The token index where a second sentence starts inside a caption sentence the parser did not cut after an
    abbreviation ("... in Landover  Md.  Earnhardt  has never attended a Super Bowl ..."), or None: an
    abbreviation ending in a period, then a capitalised word; the words before hold a finite verb (the caption's
    own: "Dan Snyder walks ... Md.", not "In this photo, U.S. President ..."), and so do the words after, before any
    relative pronoun ("Gov. Larry Hogan, who has said ..." continues the caption)."""
    doc = sent.doc
    words = [t for t in sent if not t.is_space]
    for k, token in enumerate(words[:-1]):
        following = words[k + 1]
        if not (len(token.text) > 1 and token.text.endswith(".") and token.text[0].isupper()):
            continue
        if not (following.text.istitle() and following.is_alpha) or token.lower_.rstrip(".") in TITLE_WORDS:
            continue
        if not has_finite_verb([t for t in words[:k] if t.i >= sent.start]):
            continue
        rest = doc[following.i : sent.end]
        finite = next((t for t in rest if t.tag_ in FINITE_VERB_TAGS), None)
        if finite is None or any(t.tag_ in ("WDT", "WP", "WP$") for t in doc[following.i : finite.i]):
            continue
        return following.i
    return None


# Titles written before a name, after which a capitalised word continues the name ("Gov. Larry Hogan").
TITLE_WORDS = words("title_abbreviations")


def skip_reason(sent: Span, text: str, captions: bool = False) -> str | None:
    """Why ``sent`` asserts nothing ("boilerplate", "source_line", "disclaimer", "byline", "credit", "caption",
    "heading", "section_label"). A photo credit alone ("(AP Photo/Vahid Salemi)", "President.ir/Handout via
    REUTERS") is a ``credit``; a line labelled as a caption ("Photo: ...") a ``caption``.

    ``text`` is ``sent.doc.text``, passed in because spaCy rebuilds it on every access. With ``captions``, a
    sentence that opens as a photo caption ("In this March 29, 2016, file photo, ...") is a ``caption`` too.
    """
    if FURNITURE_SENTENCE.match(sent.text):
        return "boilerplate"
    line = line_of(sent, text)
    if SOURCE_LINE.search(line):
        return "source_line"
    if DISCLAIMER.search(line):
        return "disclaimer"
    if BYLINE.match(line):
        return "byline"
    if is_credit(sent):
        return "credit"
    if CAPTION.search(line) or (captions and is_caption(sent)):
        return "caption"
    if not has_finite_verb(sent):
        return "section_label" if sent.text.rstrip().endswith(":") else "heading"
    return None
