"""The frames inside a clause whose structure a DependencyMatcher pattern states are data
(``resources/patterns/clause_frames.json``, read by :mod:`claimscope.claims.patterns`): the file loads, its rules are
claimer rules, each fires where it should and not where it should not, and editing the data changes what is found."""

from __future__ import annotations

import json

import pytest

from claimscope import resources
from claimscope.claims.attribution import PATTERN_FINDERS, PATTERN_LISTS, _in_view_of, find_attribution
from claimscope.claims.component import CLAIMER_RULES
from claimscope.claims.patterns import compile_patterns, frame_patterns, load_patterns
from claimscope.extensions import SPANS_KEY

CONVERTED = ("clause_according_to", "in_view_of", "as_x_said")


def _claims(nlp, text):
    doc = nlp(text)
    return [(c.text, (c._.claimer or {}).get("text"), c._.claimer_rule) for c in doc.spans[SPANS_KEY]]


def test_patterns_file_loads_and_names_claimer_rules():
    patterns = load_patterns()
    assert set(CONVERTED) <= set(patterns)
    for rule, rule_patterns in patterns.items():
        assert rule in CLAIMER_RULES, rule
        assert rule_patterns
        assert all(pattern and all("RIGHT_ID" in node for node in pattern) for pattern in rule_patterns)
    assert len(PATTERN_FINDERS) == len(CONVERTED)


def test_patterns_compile_with_the_word_lists(nlp):
    compiled = frame_patterns(nlp.vocab, PATTERN_LISTS)
    assert frame_patterns(nlp.vocab, PATTERN_LISTS) is compiled  # cached by vocab
    assert set(compiled.rules) == set(load_patterns())
    with pytest.raises(ValueError, match=r"\$NO_SUCH_LIST"):
        bad = {"in_view_of": [[{"RIGHT_ID": "view", "RIGHT_ATTRS": {"LOWER": {"IN": "$NO_SUCH_LIST"}}}]]}
        compile_patterns(nlp.vocab, bad, PATTERN_LISTS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tokyo hesitated, but according to the ministry the costs were high.",
            ("the costs were high", "the ministry", "clause_according_to"),
        ),
        ("In the opinion of Lavrov, the West is hostile.", ("the West is hostile", "Lavrov", "in_view_of")),
        (
            "The talks failed, but in Putin's view the West is to blame.",
            ("the West is to blame", "Putin", "in_view_of"),
        ),
        (
            "The talks failed, but as Lavrov said, the West is to blame.",
            ("the West is to blame", "Lavrov", "as_x_said"),
        ),
    ],
)
def test_converted_rule_fires(nlp, text, expected):
    assert expected in _claims(nlp, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # "according to" without an object in the clause: no frame
        ("The talks failed, but according to, well, nobody the West is to blame.", "clause_according_to"),
        # a view noun under "in" that names no speaker
        ("The talks failed, but in other words the West is to blame.", "in_view_of"),
        # an "as" frame inside a clausal complement attributes nothing of its own (F2)
        ("It's true that, as Lavrov said, the West is hostile.", "as_x_said"),
        # "as" on a verb that is no verb of saying
        ("The talks failed as Lavrov arrived.", "as_x_said"),
    ],
)
def test_converted_rule_does_not_fire(nlp, text, rule):
    claims = _claims(nlp, text)
    assert claims
    assert all(claimer_rule != rule for _, _, claimer_rule in claims)


def test_first_view_noun_without_speaker_ends_the_search(nlp):
    """As the loop it replaces: the first view noun under "in" without a speaker gives no frame, even when a later
    one has a speaker."""
    doc = nlp("In other words, in Putin's view the West is to blame.")
    sent = next(iter(doc.sents))
    assert _in_view_of(sent, set(range(sent.start, sent.end))) is None
    later = doc[4 : sent.end]  # "in Putin's view the West is to blame."
    found = _in_view_of(later, set(range(later.start, later.end)))
    assert found is not None and found[1].text == "Putin"


def test_editing_the_data_changes_what_is_found(nlp, tmp_path):
    """A pattern file without the "in_view_of" entry finds no "In X's view" frame; with the shipped one it does."""
    sent = next(iter(nlp("In the opinion of Lavrov, the West is hostile.").sents))
    shipped = compile_patterns(nlp.vocab, load_patterns(), PATTERN_LISTS)
    parts = find_attribution(sent, patterns=shipped)
    assert parts.claimer_rule == "in_view_of" and parts.claimer is not None and parts.claimer.text == "Lavrov"
    edited = {rule: patterns for rule, patterns in load_patterns().items() if rule != "in_view_of"}
    path = tmp_path / "clause_frames.json"
    path.write_text(json.dumps(edited), encoding="utf-8")
    without = compile_patterns(nlp.vocab, load_patterns(path=path), PATTERN_LISTS)
    assert "in_view_of" not in without.rules
    assert find_attribution(sent, patterns=without).claimer_rule != "in_view_of"


def test_malformed_pattern_file_names_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"in_view_of": {"RIGHT_ID": "view"}}), encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json"):
        load_patterns(path=path)


def test_pattern_lists_follow_word_list_extensions(nlp):
    """The patterns name the word lists ("$CUE_VERBS"), filled in when compiled: an extension of cue_verbs reaches
    the "as X said" pattern (the compiled matcher is rebuilt after the change)."""
    text = "The talks failed, but as Lavrov opined, the West is to blame."
    expected = ("the West is to blame", "Lavrov", "as_x_said")
    resources.reset()
    try:
        assert expected not in _claims(nlp, text)  # "opine" is no verb of saying in cue_verbs.txt
        resources.extend("cue_verbs", ["opine"])
        assert expected in _claims(nlp, text)
    finally:
        resources.reset()
    assert expected not in _claims(nlp, text)
