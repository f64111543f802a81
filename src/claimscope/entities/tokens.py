"""Token-level helpers of the entity component: retokenizing splits of names glued to other text ("Merkelâs",
"U.S.-Mexico") and fast lookups of tokens by attribute."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

# A quote or dash garbled by decoding UTF-8 as Latin-1 ("â", "â\x80\x9c"), a token of its own.
_GARBLED_QUOTE = re.compile(r"^(?:\u00e2[\x80-\x9f]*)+$")


# The texts, heads and attributes of the pieces of one split token.
_Split = tuple[list[str], list[Any], dict[str | int, list[Any]]]


# A possessive "'s" whose apostrophe was garbled (UTF-8 read as Latin-1), glued to the name by the tokenizer:
# "Merkelâ\x80\x99s", "Merkelâs" (with the invisible control characters dropped).
_GARBLED_POSSESSIVE = re.compile(r"^(?P<name>[A-Z][\w.'-]*?)(?P<pos>\u00e2\u0080\u0099s|\u00e2s|\u00e2\u0080\u0099)$")


def _split_matching(doc: Doc, pattern: re.Pattern[str], pieces: Callable[[Token, re.Match[str]], _Split]) -> None:
    """Split every token whose text ``pattern`` matches into the pieces ``pieces`` gives for it (their texts, heads
    and attributes, as :meth:`spacy.tokens.Doc.retokenize` takes them)."""
    found = [(t, m) for t in doc if (m := pattern.match(t.text)) is not None]
    if not found:
        return
    with doc.retokenize() as retokenizer:
        for token, match in found:
            orths, heads, attrs = pieces(token, match)
            retokenizer.split(token, orths, heads=heads, attrs=attrs)


def _own_head(token: Token) -> Token | tuple[Token, int]:
    """The head the first piece of a split ``token`` keeps: the token's head, or the piece itself at a root."""
    return token.head if token.head.i != token.i else (token, 0)


def _split_garbled_possessives(doc: Doc) -> None:
    """Split "Merkelâs" into "Merkel" + "âs", so that the name can be a mention of its own."""
    _split_matching(
        doc,
        _GARBLED_POSSESSIVE,
        lambda token, match: (
            [match["name"], match["pos"]],
            [_own_head(token), (token, 0)],
            {"TAG": [token.tag_, "POS"], "POS": [token.pos_, "PART"], "DEP": [token.dep_, "case"]},
        ),
    )


# A name glued to a mojibake apostrophe or quote ("unâ€" of "Kim Jong-unâ€™s", "Merkelâ€", "unâs"): the clean part
# and the garbled tail, which starts with "â" (the first character of every UTF-8 punctuation mark read as cp1252
# or Latin-1).
_MOJIBAKE_TAIL = re.compile(r"^(?P<name>[^\W\d_](?:[\w.'-]*[^\W\d_])?)(?P<tail>\u00e2.*)$")
# What a repaired tail must be for the split to hold: a possessive, not a contraction ("'t") nor a quote mark
# (a garbled quote is left to the quotation rules).
_NAME_ENDINGS = frozenset({"'s", "’s"})
# A tail whose control characters were dropped ("Jong-unâs"): ftfy cannot repair it, the possessive is plain.
_LOSSY_POSSESSIVE = re.compile(r"^\u00e2s$")


def _split_mojibake_name_tails(doc: Doc) -> None:
    """Split a mojibake apostrophe or quote off a name ("Kim Jong-unâ€™s", "Kim Jong-unâs", "Angela Merkelâ€"), so
    that the name is looked up and linked as written without the garbage and makes no new entity. The text is not
    changed (the pieces' texts add up to the token's, so every offset still points into the caller's text): ftfy
    repairs the whole word only to decide where the name ends and that what follows is a possessive or a quote."""
    import ftfy

    found = []
    for token in doc:
        match = _MOJIBAKE_TAIL.match(token.text)
        if match is None:
            continue
        start, end = _glued_run(token)
        word = doc[start:end].text
        head = doc[start : token.i].text + match["name"]
        if not _is_name_word(head):
            continue
        repaired = ftfy.fix_text(word)
        if repaired != word:
            holds = repaired.startswith(head) and repaired[len(head) :] in _NAME_ENDINGS
        else:
            holds = end == token.i + 1 and _LOSSY_POSSESSIVE.match(match["tail"]) is not None
        if holds:
            found.append((token, match, (token.idx + len(match["name"]), doc[end - 1].idx + len(doc[end - 1]))))
    if not found:
        return
    with doc.retokenize() as retokenizer:
        for token, match, _ in found:
            attrs: dict[str | int, list[Any]] = {
                "TAG": [token.tag_, "POS"],
                "POS": [token.pos_, "PART"],
                "DEP": [token.dep_, "case"],
            }
            retokenizer.split(token, [match["name"], match["tail"]], heads=[_own_head(token), (token, 0)], attrs=attrs)
    # the tail and the rest of the garbled mark after it ("â€" + "™" + "s") make one token, so that no piece of it
    # is taken for a quote mark
    tails = [doc.char_span(start, end) for _, _, (start, end) in found]
    with doc.retokenize() as retokenizer:
        for tail in tails:
            if tail is not None and len(tail) > 1:
                retokenizer.merge(tail, attrs={"TAG": "POS", "POS": "PART", "DEP": "case"})


def _glued_run(token: Token) -> tuple[int, int]:
    """The token range of the whole word ``token`` is part of (tokens with no space between them)."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and not doc[start - 1].whitespace_ and not doc[start - 1].is_space:
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and not doc[end].is_space:
        end += 1
    return start, end


def _is_name_word(word: str) -> bool:
    """True when ``word`` (the clean part of a garbled word) can be a name: capitalised, and no function word ("It"
    of "Itâ€™s", "That" of "Thatâ€™s", "I" of "Iâ€™m")."""
    first = re.split(r"[-.']", word)[0]
    return word[:1].isupper() and first.lower() not in STOP_WORDS and len(word) > 1


def _merge_garbled_words(doc: Doc) -> None:
    """Merge the pieces the tokenizer cut out of one garbled word ("JosÃ" + "©" of "JosÃ©"): a run of tokens with
    no space between them whose text ftfy repairs into one plain word ("José"). The text is not changed."""
    import ftfy

    runs, i = [], 0
    while i < len(doc):
        start, end = _glued_run(doc[i])
        if end - start > 1 and not doc[start:end].text.isascii():
            text = doc[start:end].text
            fixed = _repaired_word(text, ftfy)
            if fixed != text and fixed.isalpha():
                runs.append(doc[start:end])
        i = end
    if runs:
        with doc.retokenize() as retokenizer:
            for run in runs:
                retokenizer.merge(run)


def repaired_words(doc: Doc) -> Doc | None:
    """A copy of ``doc``'s tokens with each word garbled by a wrong decoding repaired by ftfy ("JosÃ©" -> "José"),
    for looking names up only: the same number of tokens, so a match in the copy is a match at the same tokens of
    ``doc``, whose text (and every offset into it) stays as the caller wrote it. None when nothing is garbled."""
    import ftfy
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")

    words, changed = [], False
    for token in doc:
        word = token.text
        if not word.isascii() and not token.is_space:
            fixed = _repaired_word(word, ftfy)
            if fixed and fixed != word:
                word, changed = fixed, True
        words.append(word)
    if not changed:
        return None
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])


def _repaired_word(word: str, ftfy: Any) -> str:
    """ftfy's repair of one word; where ftfy finds the word too short to judge ("ErdoÄŸan"), its bytes re-read as
    UTF-8 when they are valid UTF-8 (a word rightly written with "é" or "ğ" never is)."""
    fixed = ftfy.fix_encoding(word)
    if fixed != word:
        return fixed
    for codec in ("sloppy-windows-1252", "latin-1"):
        try:
            decoded = word.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if decoded != word and decoded.isprintable():
            return decoded
    return word


def repaired_text(span: Span) -> str:
    """The text of ``span`` with its garbled words repaired (see :func:`repaired_words`), for names and ids."""
    words = span.doc.user_data.get(REPAIRED_KEY)
    if not words or not any(w is not None for w in words[span.start : span.end]):
        return span.text
    return "".join((words[t.i] if words[t.i] is not None else t.text) + t.whitespace_ for t in span).strip()


REPAIRED_KEY = "claimscope_repaired_words"


# An abbreviation with full stops hyphenated to a word, one token for spaCy: "U.S.-Mexico", "U.N.-backed".
_ABBREVIATED_COMPOUND = re.compile(r"^(?P<abbr>[A-Z](?:\.[A-Z])+\.)-(?P<word>\w[\w.]*)$")


def _split_abbreviated_compounds(doc: Doc) -> None:
    """Split "U.S.-Mexico" into "U.S.", "-" and "Mexico", so that each name can be a mention of its own."""
    _split_matching(
        doc,
        _ABBREVIATED_COMPOUND,
        lambda token, match: (
            [match["abbr"], "-", match["word"]],
            [_own_head(token), (token, 0), (token, 0)],
            {
                "TAG": ["NNP", "HYPH", token.tag_],
                "POS": ["PROPN", "PUNCT", token.pos_],
                "DEP": [token.dep_, "punct", "compound"],
            },
        ),
    )


def _is_year(token: Token) -> bool:
    return len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20")


def _tokens_with(doc: Doc, attr: int, values: AbstractSet[int]) -> list[Token]:
    """The tokens whose ``attr`` (a spaCy attribute id) has one of ``values``, found without a Python pass over
    every token."""
    return [doc[i] for i, value in enumerate(doc.to_array(attr).tolist()) if value in values]


def _skip_spaces(doc: Doc, k: int) -> int:
    """The first token from ``k`` on that is not white space (PerSenT pads names and punctuation with spaces)."""
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k
