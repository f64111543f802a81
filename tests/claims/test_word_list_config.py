"""The rules' word lists can be extended through spaCy's config (``extra_words``), process-wide, and restored."""

from __future__ import annotations

import pytest
import spacy

from claimscope import resources
from claimscope.claims.sentence_frames import LINE_CUES
from claimscope.claims.words import CUE_VERBS, SURFACE_CUES
from claimscope.errors import ClaimscopeValueError
from claimscope.extensions import SPANS_KEY
from claimscope.pipeline import BASE_MODEL

# "opine" is no verb of saying in resources/words/cue_verbs.txt: "Critics opined that ..." is the author's claim
SENTENCE = "Critics opined that the deal was a mistake."
VERB = "opine"


@pytest.fixture(autouse=True)
def restored_lists():
    """Every test starts and ends with the shipped lists: an extension is process-wide."""
    resources.reset()
    yield
    resources.reset()


def _rules_pipeline(claims_config=None, entities_config=None):
    """A fresh pipeline of claimscope's rule components (no classifier), built with the given component configs."""
    nlp = spacy.load(BASE_MODEL)
    nlp.add_pipe("claimscope_lines", before="parser")
    nlp.add_pipe("claimscope_entities", after="ner", config=entities_config or {})
    claims_config = {"attribution_model": None, **(claims_config or {})}  # the rules alone
    nlp.add_pipe("claimscope_claims", after="claimscope_entities", config=claims_config)
    return nlp


def _claims(nlp, text):
    doc = nlp(text)
    return [(c.text, (c._.claimer or {}).get("text"), c._.claimer_rule) for c in doc.spans[SPANS_KEY]]


def test_the_verb_is_not_shipped():
    assert VERB not in resources.entries("cue_verbs")
    assert VERB not in CUE_VERBS


def test_extra_cue_verb_through_the_config(tmp_path):
    plain = _rules_pipeline()
    assert _claims(plain, SENTENCE) == [("Critics opined that the deal was a mistake", None, "author")]

    extended = _rules_pipeline({"extra_words": {"cue_verbs": [VERB]}})
    assert extended.get_pipe_config("claimscope_claims")["extra_words"] == {"cue_verbs": [VERB]}
    assert _claims(extended, SENTENCE) == [("the deal was a mistake", "Critics", "x_said_that")]
    # the constants every rule module reads, and the sets built from them, hold the extra verb
    assert VERB in CUE_VERBS and VERB in SURFACE_CUES and VERB in LINE_CUES
    assert resources.words("cue_verbs") is CUE_VERBS
    # process-wide: a pipeline built before sees it too
    assert _claims(plain, SENTENCE) == [("the deal was a mistake", "Critics", "x_said_that")]

    # a saved pipeline's config.cfg carries the extension
    extended.to_disk(tmp_path / "pipeline")
    assert "[components.claimscope_claims.extra_words]" in (tmp_path / "pipeline" / "config.cfg").read_text()
    resources.reset()
    assert VERB not in CUE_VERBS and VERB not in SURFACE_CUES and VERB not in LINE_CUES
    assert _claims(plain, SENTENCE)[0][1] is None
    loaded = spacy.load(tmp_path / "pipeline")
    assert _claims(loaded, SENTENCE) == [("the deal was a mistake", "Critics", "x_said_that")]


def test_extension_reaches_the_entity_component_built_before():
    """The surname index is built with the component: it is rebuilt on the next call after the list changed."""
    nlp = _rules_pipeline()
    text = "Ryan said the bill would pass."

    def ryan():
        return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]

    assert ryan() == [("Ryan", "OFFICIAL", "OFFICIAL:paul-ryan")]  # the surname of a listed person, linked
    resources.extend("surnames_common", ["Ryan"])  # now too common to link
    assert ryan() == [("Ryan", "PERSON", "PERSON:ryan")]
    resources.reset()
    assert ryan() == [("Ryan", "OFFICIAL", "OFFICIAL:paul-ryan")]


def test_entities_factory_takes_extra_words():
    _rules_pipeline(entities_config={"extra_words": {"org_words": ["Syndicate"]}})
    assert "Syndicate" in resources.words("org_words")
    assert resources.entries("org_words")[-1] == "Syndicate"


def test_extend_adds_only_new_entries_and_reset_restores():
    before = resources.version()
    assert resources.extend("hedges", ["conceivably", "perhaps", "conceivably"]) == ["conceivably"]
    assert resources.version() != before
    assert resources.extend("hedges", ["perhaps"]) == []
    assert resources.extend("predictive_phrases", ["poised to"]) == ["poised to"]
    assert ("poised", "to") in resources.phrases("predictive_phrases")
    resources.reset()
    assert "conceivably" not in resources.words("hedges") and "perhaps" in resources.words("hedges")
    assert ("poised", "to") not in resources.phrases("predictive_phrases")


def test_unknown_list_name_is_a_coded_error():
    with pytest.raises(ClaimscopeValueError, match=r"\[E062\].*'cue_verb'.*no such list.*cue_verbs"):
        _rules_pipeline({"extra_words": {"cue_verb": [VERB]}})
    with pytest.raises(ClaimscopeValueError, match=r"\[E062\].*'nicknames'"):
        resources.extend("nicknames", ["Jimbo"])  # a JSON mapping, no list
    with pytest.raises(ClaimscopeValueError, match=r"\[E062\].*list of strings"):
        resources.extend("cue_verbs", VERB)
    with pytest.raises(ClaimscopeValueError, match=r"\[E062\].*non-empty string"):
        resources.extend("cue_verbs", [VERB, ""])
    # nothing was added on the way
    assert VERB not in CUE_VERBS
