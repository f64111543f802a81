"""claimscope_claims: segmentation, attribution frames, non-claims, modality and hedging.

The example sentences are data: ``tests/data/cases/claims.jsonl``, one case a line (fields in
``tests/data/cases/README.md``), run by ``test_claim_example``. The tests below it check what a case cannot say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.evaluation.rules import read_gold

CASES_FILE = Path(__file__).parents[1] / "data" / "cases" / "claims.jsonl"


def claims(nlp, text):
    doc = nlp(text)  # keep the Doc alive while the span group is read
    return list(doc.spans["claims"])


def _claimer_text(claimer):
    return claimer["text"] if claimer else None


# -- the example cases ------------------------------------------------------------------------------------------
def _claim_fact(claim, key, expected, text):
    """What ``claim`` shows for one expectation key: ``expected`` itself where a matcher holds, else what was found."""
    claimer = claim._.claimer
    if key == "text":
        return claim.text
    if key == "text_startswith":
        return expected if claim.text.startswith(expected) else claim.text
    if key == "text_endswith":
        return expected if claim.text.endswith(expected) else claim.text
    if key == "text_lacks":
        return expected if expected not in claim.text else {"found in": claim.text}
    if key == "statement":
        return claim._.statement
    if key == "statement_lacks":
        return expected if expected not in claim._.statement else {"found in": claim._.statement}
    if key == "modality":
        return claim._.modality
    if key == "hedged":
        return claim._.hedged if isinstance(claim._.hedged, bool) else repr(claim._.hedged)
    if key == "claimer":
        return None if claimer is None else claimer["text"]
    if claimer is None:
        return None  # every other key is about a claimer
    if key == "claimer_startswith":
        return expected if claimer["text"].startswith(expected) else claimer["text"]
    if key == "claimer_endswith":
        return expected if claimer["text"].endswith(expected) else claimer["text"]
    if key in ("cue", "claimer_kind", "claimer_id"):
        return claimer[{"cue": "cue", "claimer_kind": "kind", "claimer_id": "entity_id"}[key]]
    if key == "claimer_id_not":
        return expected if claimer["entity_id"] != expected else {"is": claimer["entity_id"]}
    if key == "claimer_at_offsets":
        return text[claimer["start"] : claimer["end"]] == claimer["text"]
    if key == "claimer_before_sentence":
        return claimer["start"] < claim.sent.start_char
    raise ValueError(f"unknown claim key {key!r}")


def _claim_facts(claim, expected, text):
    """``expected`` is a claim's text, or an object of the facts to check; returns the same shape, as found."""
    if isinstance(expected, str):
        return claim.text
    return {key: _claim_fact(claim, key, value, text) for key, value in expected.items()}


def check_claim_case(nlp, case):
    text = case["text"]
    doc = nlp(text)
    found = list(doc.spans["claims"])
    reasons = [s["reason"] for s in doc._.skipped]
    checked = 0
    for key, expected in case.items():
        if key in ("id", "kind", "text", "note"):
            continue
        checked += 1
        if key == "claims":
            assert len(found) == len(expected), [c.text for c in found]
            assert [_claim_facts(c, e, text) for c, e in zip(found, expected, strict=True)] == expected
        elif key == "claims_at":
            for index, one in expected.items():
                assert -len(found) <= int(index) < len(found), (index, [c.text for c in found])
                assert _claim_facts(found[int(index)], one, text) == one, index
        elif key == "claimer_set":
            assert {_claimer_text(c._.claimer) for c in found} == set(expected)
        elif key == "no_claim_startswith":
            assert [c.text for c in found if c.text.startswith(tuple(expected))] == []
        elif key == "skipped":
            assert [[s["text"], s["reason"]] for s in doc._.skipped] == expected
        elif key == "skipped_reasons":
            assert reasons == expected
        elif key == "skipped_reasons_prefix":
            assert reasons[: len(expected)] == expected
        elif key == "skipped_reason_set":
            assert set(reasons) == set(expected)
        else:
            raise ValueError(f"unknown case key {key!r}")
    assert checked, "a case with nothing to check"


CLAIM_CASES = read_gold(CASES_FILE)


def test_claim_cases_are_well_formed():
    ids = [case["id"] for case in CLAIM_CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    assert {case["kind"] for case in CLAIM_CASES} == {"claims"}
    assert all(isinstance(case["text"], str) and case["text"] for case in CLAIM_CASES)


@pytest.mark.parametrize("case", CLAIM_CASES, ids=[case["id"] for case in CLAIM_CASES])
def test_claim_example(rules_nlp, case):
    check_claim_case(rules_nlp, case)


# -- the whole commentary piece of conftest.py ----------------------------------------------------------------
def test_every_asserting_sentence_gives_a_claim(commentary_doc):
    claim_sentences = {c.sent.start for c in commentary_doc.spans["claims"]}
    skipped_starts = {s["start"] for s in commentary_doc._.skipped}
    for sent in commentary_doc.sents:
        if sent.text.strip() and sent.start_char not in skipped_starts:
            assert sent.start in claim_sentences, sent.text


def test_non_claim_lines_are_skipped_with_reasons(commentary_doc):
    reasons = {s["text"]: s["reason"] for s in commentary_doc._.skipped}
    assert reasons["where next?"] == "heading"
    assert reasons["Short-term (1-2 years):"] == "section_label"
    assert reasons["https://example.com/commentary/japan-russia"] == "source_line"
    assert reasons["The article represents the views of the author only."] == "disclaimer"
    claim_texts = " ".join(c.text for c in commentary_doc.spans["claims"])
    assert "example.com" not in claim_texts and "views of the author" not in claim_texts
    assert "Short-term" not in claim_texts


# -- robustness: odd input gives sensible claims and never an exception ------------------------------------
def test_unbalanced_quote_does_not_swallow_the_text(rules_nlp):
    doc = rules_nlp('Peskov said: "The sanctions are illegal.\n\nJapan has imposed new restrictions on Russia.')
    texts = [c.text for c in doc.spans["claims"]]
    assert "Japan has imposed new restrictions on Russia" in texts
    last = [c for c in doc.spans["claims"] if c.text.startswith("Japan")][0]
    assert last._.claimer is None  # the open quote closed at the paragraph break


def test_very_long_run_on_sentence(nlp):
    clause = "Tokyo imposed new sanctions on Moscow, and Moscow expelled two Japanese diplomats"
    text = ", and ".join([clause] * 25) + "."
    assert len(text.split()) > 300
    doc = nlp(text)
    found = list(doc.spans["claims"])
    assert len(found) >= 25
    assert all(text[c.start_char : c.end_char] == c.text for c in found)


def test_text_without_sentence_punctuation(nlp):
    doc = nlp("Japan imposed sanctions on Russia in 2022 Moscow responded with a ban on Japanese fishing boats")
    found = list(doc.spans["claims"])
    assert found and all(c.text.strip() for c in found)


# -- quotation regions ---------------------------------------------------------------------------------------
def test_quoted_word_inside_a_quotation_does_not_end_it(nlp):
    doc = nlp("\"He said they are 'freaks' and left. Then he came back.\" Gonzalez said.")
    from claimscope.claims.quotes import quote_regions

    regions = quote_regions(doc)
    outer = [r for r in regions if doc[r[0] - 1].text == '"']
    assert len(outer) == 1 and doc[outer[0][1]].text == '"' and doc[outer[0][1] + 1].text == "Gonzalez"


# -- statements say nothing the text does not (real wire-news sentences, tests/data/statements_real_news.jsonl) --
STATEMENTS_FILE = Path(__file__).parents[1] / "data" / "statements_real_news.jsonl"
STATEMENT_CASES = read_gold(STATEMENTS_FILE)


@pytest.mark.parametrize("case", STATEMENT_CASES, ids=lambda case: case["text"][:50])
def test_statements_of_real_news_sentences_invent_nothing(nlp, case):
    # each expected statement was checked by hand: a pronoun is replaced only by its certain antecedent (the named
    # person who frames the claim, or the subject of the sentence's main clause), agreeing in gender and animacy
    assert [c._.statement for c in claims(nlp, case["text"])] == case["statements"], case["note"]


# -- captions, credits and fragments: the rules themselves and the component's setting ------------------------
def test_a_sentence_opening_as_a_photo_caption_is_a_caption_with_skip_captions(nlp):
    from claimscope.claims.nonclaims import skip_reason

    text = (
        "In this March 29, 2016, file photo, Iranian President Hassan Rouhani meets with Chinese President Xi"
        " Jinping in Tehran."
    )
    doc = nlp(text)
    (sent,) = doc.sents
    assert skip_reason(sent, doc.text, captions=True) == "caption"
    assert skip_reason(sent, doc.text) is None  # skip_reason's own default reads the description as a claim
    assert list(doc.spans["claims"]) == []  # the claims component skips captions by default
    assert [s["reason"] for s in doc._.skipped] == ["caption"]
    other = nlp("In this case, the court ruled that the photo was taken legally.")
    assert skip_reason(next(iter(other.sents)), other.text, captions=True) is None


def test_skip_captions_is_a_setting_of_the_claims_component_on_by_default(nlp):
    from claimscope.claims.component import ClaimSegmenter

    assert nlp.get_pipe_config("claimscope_claims")["skip_captions"] is True
    text = (
        "In this March 29, 2016, file photo, Iranian President Hassan Rouhani meets with Chinese President Xi"
        " Jinping in Tehran. (AP Photo/Vahid Salemi) Iran said the deal was fair."
    )
    doc = nlp(text)
    assert [c.text for c in doc.spans["claims"]] == ["the deal was fair"]
    assert [s["reason"] for s in doc._.skipped] == ["caption", "credit"]
    # a sentence the parser glued to the caption after an abbreviation keeps its claims
    glued = nlp(
        "In this 2012 file photo  team owner Dan Snyder walks on the field in Landover  Md.  Earnhardt  has never"
        " attended a Super Bowl  but is a rabid Redskins fan."
    )
    assert [s["text"] for s in glued._.skipped] == [
        "In this 2012 file photo  team owner Dan Snyder walks on the field in Landover  Md."
    ]
    assert [c.text for c in glued.spans["claims"]][0].startswith("Earnhardt  has never attended a Super Bowl")
    # a title before a name, or no verb before the period, is no sentence boundary
    for caption in (
        "In this photo, U.S. President Barack Obama meets with Chinese President Xi Jinping in Beijing.",
        "In this photo, team owner Dan Snyder walks with Gov. Larry Hogan, who has said he will run again.",
    ):
        doc = nlp(caption)
        assert list(doc.spans["claims"]) == [] and [s["text"] for s in doc._.skipped] == [caption]
    doc = ClaimSegmenter(skip_captions=False)(nlp(text))
    assert [c.text for c in doc.spans["claims"]][0].startswith("In this March 29, 2016, file photo")
    assert [s["reason"] for s in doc._.skipped] == ["credit"]


def test_fragment_rule_keeps_short_real_claims(nlp):
    from claimscope.claims.component import is_fragment

    for text in ("Prices rose.", "Biden won.", "So does Ivanka."):
        doc = nlp(text)
        assert not is_fragment([t for t in doc if not t.is_punct], set()), text
    doc = nlp("They don")
    assert is_fragment(list(doc), set())
    doc = nlp("deported")
    assert is_fragment(list(doc), set())
    quoted = nlp('"Unacceptable," Peskov said.')
    assert not is_fragment([quoted[1]], {1})  # an explicitly quoted verbless statement
