"""The learned attribution tagger inside the claims component (``attribution_model``, on by default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import claimscope
from claimscope.errors import ModelLoadError

RULES_MISS = "Trump has repeatedly trumpeted polls showing him ahead of Clinton."  # "trumpet": no holder verb
RULES_FIND = "Japan said that Russia may become a threat."


def _with_tagger(**config: object):
    nlp = claimscope.load()
    nlp.replace_pipe("claimscope_claims", "claimscope_claims", config={"attribution_model": "default", **config})
    return nlp


@pytest.fixture(scope="module")
def tagged():
    return _with_tagger()


def _claimers(nlp, text: str) -> list[tuple[str | None, str | None, str]]:
    doc = nlp(text)
    return [(c._.claimer and c._.claimer["text"], c._.claimer and c._.claimer["entity_id"], c._.claimer_rule) for c in
            doc.spans["claims"]]  # fmt: skip


def test_on_by_default_and_off_on_request(nlp, rules_nlp):
    assert nlp.get_pipe("claimscope_claims").learned is not None
    assert [(c, r) for c, _, r in _claimers(nlp, RULES_MISS)] == [("Trump", "tagger")]
    assert rules_nlp.get_pipe("claimscope_claims").learned is None
    assert _claimers(rules_nlp, RULES_MISS) == [(None, None, "author")]


def test_without_the_shipped_tagger_the_rules_work_alone_with_a_warning(monkeypatch, tmp_path):
    from claimscope.errors import ClaimscopeWarning

    monkeypatch.setenv("CLAIMSCOPE_ATTRIBUTION_MODEL_DIR", str(tmp_path / "nowhere"))
    with pytest.warns(ClaimscopeWarning, match=r"\[W012\]"):
        nlp = claimscope.load()
    assert nlp.get_pipe("claimscope_claims").learned is None
    assert _claimers(nlp, RULES_MISS) == [(None, None, "author")]


def test_the_tagger_fills_a_claimer_the_rules_left_empty(tagged):
    ((text, entity_id, rule),) = _claimers(tagged, RULES_MISS)
    assert (text, rule) == ("Trump", "tagger")
    assert entity_id is not None and "trump" in entity_id  # linked like a rule's claimer
    analysis = claimscope.analyze(RULES_MISS, nlp=tagged)
    assert analysis.claims[0].claimer is not None and analysis.claims[0].claimer.text == "Trump"


def test_the_rules_claimers_stay(rules_nlp, tagged):
    assert _claimers(tagged, RULES_FIND) == _claimers(rules_nlp, RULES_FIND)


def test_the_confidence_threshold_decides():
    strict = _with_tagger(attribution_min_confidence=1.01)
    assert _claimers(strict, RULES_MISS) == [(None, None, "author")]


def test_the_setting_travels_with_a_saved_pipeline(tagged, tmp_path):
    tagged.to_disk(tmp_path / "pipe")
    again = claimscope.load(tmp_path / "pipe")
    assert _claimers(again, RULES_MISS) == _claimers(tagged, RULES_MISS)


def test_a_missing_tagger_is_a_coded_error(tmp_path):
    nlp = _with_tagger(attribution_model=str(tmp_path / "nowhere"))
    with pytest.raises(ModelLoadError, match="E008"):
        nlp(RULES_MISS)


def test_the_tagger_runs_in_bf16_where_the_processor_has_it(monkeypatch):
    """One document at a time, so bf16 cannot make a document's claimers depend on its batch; fp32 on request."""
    import torch

    from claimscope.claims.learned import LearnedClaimers
    from claimscope.models.precision import PRECISION_ENV, autocast_dtype

    monkeypatch.delenv(PRECISION_ENV, raising=False)
    assert LearnedClaimers().tagger.dtype == autocast_dtype(torch.device("cpu"), "auto")
    monkeypatch.setenv(PRECISION_ENV, "fp32")
    assert LearnedClaimers().tagger.dtype is None


def test_a_document_gets_the_same_claimers_alone_and_in_a_batch(tagged):
    texts = [
        "He added that the deal was dead. Talks will resume in May.",
        'The senator spoke for an hour. "We will not accept this," he told reporters. Prices rose.',
    ]
    alone = [
        [(c.text, c.claimer.text if c.claimer else None) for c in claimscope.analyze(t, nlp=tagged).claims]
        for t in texts
    ]
    batch = [
        [(c.text, c.claimer.text if c.claimer else None) for c in a.claims]
        for a in claimscope.analyze_batch(texts, nlp=tagged)
    ]
    assert alone == batch


def test_a_negated_act_gets_no_claimer_from_the_tagger(tagged):
    # the same report, negated: no act of the subject is reported (guide F3)
    assert _claimers(tagged, RULES_MISS.replace("has repeatedly", "has not"))[0][2] == "author"


def test_a_quotation_without_a_frame_takes_the_speaker_the_tagger_finds(rules_nlp, tagged):
    text = 'The senator spoke to reporters on Tuesday. "We will win this race. Nobody can stop us now."'
    assert [rule for _, _, rule in _claimers(rules_nlp, text)][1:] == ["author", "author"]
    quoted = _claimers(tagged, text)[1:]
    assert [(claimer, rule) for claimer, _, rule in quoted] == [("The senator", "tagger"), ("The senator", "tagger")]


def test_a_predicted_source_inside_a_name_grows_to_the_name(nlp):
    from claimscope.claims.learned import _noun_phrase

    doc = nlp("Mr. Donald Trump said it. The senator from Ohio left.")
    assert _noun_phrase(doc[0:1]).text == "Mr. Donald Trump"  # the tagger's "Mr." alone
    assert _noun_phrase(doc[7:8]).text == "The senator"
    assert _noun_phrase(doc[6:7]).text == "The senator"  # the tagger's "The" alone


def test_the_tagger_keeps_the_rules_guards(tagged):
    # a hedge is no act, whatever the tagger reads as a cue (its act path shares holders.reports_an_act)
    gold = Path(__file__).parents[1] / "data" / "claims_gold.jsonl"
    (hedge,) = [json.loads(line)["text"] for line in gold.open(encoding="utf-8") if "persent-dev-3926-p15" in line]
    assert _claimers(tagged, hedge)[0] == (None, None, "author")  # "Rather Trump appeared to be contemplating ..."
    # a possessive is no speaker: "said her first thought was that ..." gives the quotation no "her"
    text = (
        "When she learned of  Killen 's death  Chaney's sister  the Rev. Julia Chaney Moss  said her first thought"
        ' was that "God has been kind to him. And for that I am grateful."'
    )
    assert ("her", None, "tagger") not in [(c, None, r) for c, _, r in _claimers(tagged, text)]


def test_each_way_has_the_threshold_its_artefact_states(tmp_path):
    from claimscope.claims.learned import LearnedClaimers
    from claimscope.models.attribution import PACKAGED_PATH

    config = json.loads((PACKAGED_PATH / "config.json").read_text(encoding="utf-8"))
    chosen = config["claimer_confidence"]
    assert set(chosen) == {"act", "quotation", "unquoted"}
    assert LearnedClaimers().thresholds == chosen
    raised = LearnedClaimers(min_confidence=0.95).thresholds
    assert all(v is None or v == max(0.95, chosen[k]) for k, v in raised.items())
    # an artefact that states none: acts and quotations at 0.5, unquoted contents off
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes((PACKAGED_PATH / "model.safetensors").read_bytes())
    (folder / "config.json").write_text(json.dumps({k: v for k, v in config.items() if k != "claimer_confidence"}))
    assert LearnedClaimers(folder).thresholds == {"act": 0.5, "quotation": 0.5, "unquoted": None}


def test_a_frame_inside_a_relative_clause_keeps_the_act_the_authors(tagged):
    # "sent a letter" is read as a cue by the tagger; the frame inside the relative clause stays there (F2)
    text = (
        "Leutner's mother  Stacie Leutner  sent the judge a letter this week in which  she  wrote that the trauma of"
        ' the attack "has defined our lives" and that  her  daughter still fears for her life.'
    )  # from claims_dev3.jsonl; without the guard the tagger gives "Leutner's mother  Stacie Leutner"
    assert "tagger" not in [rule for _, _, rule in _claimers(tagged, text)]


def test_an_act_outside_the_lexicon_must_report_a_content(rules_nlp):
    """The act path takes a verb the holder lexicon lacks only when it reports something said or thought."""
    from claimscope.claims.learned import _reports_a_content

    def verb(text: str):
        doc = rules_nlp(text)
        return next(t for t in doc if t.dep_ == "ROOT")

    assert not _reports_a_content(verb("Japan imposed sanctions in 2022."))  # a deed
    assert not _reports_a_content(verb("She presented her proposals in a speech on Friday."))
    assert _reports_a_content(verb("Trump has repeatedly trumpeted polls showing him ahead of Clinton."))
    assert _reports_a_content(verb("Warren grilled Stumpf for his role in the scheme."))
    assert _reports_a_content(verb("Obama painted Romney as an out-of-touch rich guy."))
    assert _reports_a_content(verb("Trump is raising questions about his microphone."))


def test_an_unquoted_claim_holding_its_own_frame_gets_no_content_source(rules_nlp):
    """F2: "It has been two hours since the broadcaster said ..." keeps the frame inside; the tagger's content
    pairing gives it no source from another sentence (a quoted claim still gets its speaker)."""
    from claimscope.claims.learned import _content
    from claimscope.models.attribution import SpanPrediction

    text = "An official spoke on Monday. It has been two hours since the broadcaster said the talks had failed."
    doc = rules_nlp(text)
    framed = doc[[t.text for t in doc].index("It") : len(doc) - 1]
    plain = doc[[t.text for t in doc].index("talks") - 1 : len(doc) - 1]  # "the talks had failed"
    spans = [
        SpanPrediction("SOURCE", 0, len("An official"), 0.95),
        SpanPrediction("CONTENT", framed.start_char, framed.end_char, 0.95),
    ]
    assert _content(text, framed, spans, "unquoted") is None
    assert _content(text, framed, spans, "quotation") is not None
    assert _content(text, plain, spans, "unquoted").source.text == "An official"
