"""The learned attribution tagger inside the claims component (opt-in ``attribution_model``)."""

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


def test_off_by_default(nlp):
    assert nlp.get_pipe("claimscope_claims").learned is None
    assert _claimers(nlp, RULES_MISS) == [(None, None, "author")]


def test_the_tagger_fills_a_claimer_the_rules_left_empty(tagged):
    ((text, entity_id, rule),) = _claimers(tagged, RULES_MISS)
    assert (text, rule) == ("Trump", "tagger")
    assert entity_id is not None and "trump" in entity_id  # linked like a rule's claimer
    analysis = claimscope.analyze(RULES_MISS, nlp=tagged)
    assert analysis.claims[0].claimer is not None and analysis.claims[0].claimer.text == "Trump"


def test_the_rules_claimers_stay(nlp, tagged):
    assert _claimers(tagged, RULES_FIND) == _claimers(nlp, RULES_FIND)


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


def test_a_quotation_without_a_frame_takes_the_speaker_the_tagger_finds(nlp, tagged):
    text = 'The senator spoke to reporters on Tuesday. "We will win this race. Nobody can stop us now."'
    assert [rule for _, _, rule in _claimers(nlp, text)][1:] == ["author", "author"]
    quoted = _claimers(tagged, text)[1:]
    assert [(claimer, rule) for claimer, _, rule in quoted] == [("The senator", "tagger"), ("The senator", "tagger")]


def test_a_predicted_source_inside_a_name_grows_to_the_name(nlp):
    from claimscope.claims.learned import _noun_phrase

    doc = nlp("Mr. Donald Trump said it. The senator from Ohio left.")
    assert _noun_phrase(doc[0:1]).text == "Mr. Donald Trump"  # the tagger's "Mr." alone
    assert _noun_phrase(doc[7:8]).text == "The senator"


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
