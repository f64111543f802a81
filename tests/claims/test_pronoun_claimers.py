"""A "he"/"she" claimer links to the person it refers to, also when that person is named in an earlier paragraph
(news often gives each sentence a paragraph), and never to the wrong gender or to a person named inside a
quotation (issue #25, item 6). The texts are written for the tests."""

from __future__ import annotations

import pytest

import claimscope
from claimscope.claims.component import ANTECEDENT_PARAGRAPHS


def _entity_id(analysis, name):
    return next(e.id for e in analysis.entities if e.name == name)


def _pronoun_claimer(analysis, pronoun):
    (claim,) = [c for c in analysis.claims if c.claimer is not None and c.claimer.text == pronoun]
    return claim.claimer


def test_she_in_the_next_paragraph_links_to_the_woman_named_before(nlp):
    analysis = claimscope.analyze(
        "Senator Maria Lopez criticised the bill on Monday.\n\nShe said it would hurt farmers.", nlp=nlp
    )
    assert _pronoun_claimer(analysis, "She").entity_id == _entity_id(analysis, "Maria Lopez")


def test_a_paragraph_naming_no_one_is_read_through(nlp):
    analysis = claimscope.analyze(
        "Senator John Carter criticised the bill on Monday.\n\nThe vote is due next week.\n\n"
        "He said it would hurt farmers.",
        nlp=nlp,
    )
    assert _pronoun_claimer(analysis, "He").entity_id == _entity_id(analysis, "John Carter")


def test_he_links_to_the_subject_not_to_the_man_he_criticised(nlp):
    analysis = claimscope.analyze(
        "Senator John Carter criticised Governor Tom Baker on Monday.\n\nHe said the plan would hurt farmers.",
        nlp=nlp,
    )
    assert _pronoun_claimer(analysis, "He").entity_id == _entity_id(analysis, "John Carter")


def test_a_person_named_in_the_quote_the_pronoun_frames_is_not_its_speaker(nlp):
    analysis = claimscope.analyze(
        'Senator John Carter criticised the bill on Monday.\n\n"Governor Tom Baker has betrayed the farmers of this '
        'state," he said.',
        nlp=nlp,
    )
    assert _pronoun_claimer(analysis, "he").entity_id == _entity_id(analysis, "John Carter")


@pytest.mark.parametrize(
    "text",
    [
        # the previous paragraph names only a man
        "Senator John Carter criticised the bill on Monday.\n\nShe said it would hurt farmers.",
        # the nearest paragraph naming anyone names only a man: the search ends there, not at Maria Lopez
        "Senator Maria Lopez criticised the bill on Monday.\n\nGovernor John Carter defended it.\n\n"
        "She said it would hurt farmers.",
        # the woman is named only inside a quotation: what the quote is about, not who speaks
        '"Senator Maria Lopez has ruined this bill," the newspaper wrote on Monday.\n\nShe said it would hurt farmers.',
        # further back than the paragraph limit
        "Senator Maria Lopez criticised the bill on Monday.\n\n"
        + "The vote is due next week.\n\n" * ANTECEDENT_PARAGRAPHS
        + "She said it would hurt farmers.",
    ],
    ids=["only_a_man_before", "search_ends_at_the_nearest_named", "only_inside_a_quotation", "too_far_back"],
)
def test_she_stays_unresolved_without_a_certain_woman(nlp, text):
    analysis = claimscope.analyze(text, nlp=nlp)
    assert _pronoun_claimer(analysis, "She").entity_id is None
