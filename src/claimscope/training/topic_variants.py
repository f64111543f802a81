"""Reworded topics for topic stance: the same text under a topic phrased another way, its label flipped when the
wording inverts the topic ("opposition to X": a text in favour of X is against it).

Training with such variants added (``claimscope train topic-stance --topic-variants 0.3``) is meant to teach the
model to read the topic it is given instead of recognising one of its few training targets; evaluating on
wordings kept out of training (``claimscope evaluate topic-stance --topic-template ... --inverts``) measures
whether it does. The README ("Reading the topic's wording") has what three such runs did.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasets import Dataset

from claimscope.models.topic import SEPARATOR, pair_text

# Wordings used in training. An inverting one turns favor into against and back; neutral stays neutral. Both
# kinds contain "against" and "for", so that neither word in a topic is a cue to the label: users' topics such
# as "sanctions against Russia" contain them.
INVERTING = (
    "opposition to {topic}",
    "criticism of {topic}",
    "rejection of {topic}",
    "the case against {topic}",
    "arguments against {topic}",
    "resisting {topic}",
    "scepticism about {topic}",
    "protests against {topic}",
    "calls for an end to {topic}",
    "the case for abandoning {topic}",
)
KEEPING = (
    "support for {topic}",
    "the case for {topic}",
    "backing {topic}",
    "defending {topic}",
    "the fight for {topic}",
    "arguments for {topic}",
    "defending {topic} against its critics",
    "standing up for {topic} against attacks",
    "support for {topic} against all opposition",
)
# Wordings kept out of training, for evaluation only, with whether each inverts: the first three chose between
# training runs on dev, the last three were used only for the final report.
EVALUATION_WORDINGS = {
    "campaigns against {topic}": True,
    "objections to {topic}": True,
    "endorsement of {topic}": False,
    "resistance to {topic}": True,
    "disapproval of {topic}": True,
    "enthusiasm for {topic}": False,
}
FLIPPED = {0: 2, 1: 1, 2: 0}  # against <-> favor
# Mentions that make no topic once reworded ("criticism of him"); NewsMTSC targets include them.
PRONOUNS = frozenset("i me my you your he him his she her it its we us our they them their this that who whom".split())


def split_pair(row: dict) -> tuple[str, str]:
    """The topic and the text of a ``topic [SEP] text`` row."""
    start, end = row["targets"][0]
    return row["text"][start:end], row["text"][end + len(SEPARATOR) :]


def reword(row: dict, template: str, inverts: bool) -> dict:
    """``row`` with its topic put into ``template`` (which contains ``{topic}``), the label flipped if it inverts."""
    topic, text = split_pair(row)
    pair, span = pair_text(text, template.format(topic=topic))
    label = row["labels"][0]
    return {**row, "text": pair, "targets": [list(span)], "labels": [FLIPPED[label] if inverts else label]}


def with_topic_variants(rows: Dataset, fraction: float, seed: int) -> Dataset:
    """``rows`` followed by reworded copies of a seeded ``fraction`` of them: two in three by an inverting wording,
    one in three by a keeping one. Rows whose topic is a pronoun are not copied."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"the fraction of reworded topics must be between 0 and 1, got {fraction}")
    rng = random.Random(seed)
    copies = []
    for row in rows:
        if rng.random() < fraction and split_pair(row)[0].lower() not in PRONOUNS:
            inverts = rng.random() < 2 / 3
            copies.append(reword(row, rng.choice(INVERTING if inverts else KEEPING), inverts))
    from datasets import Dataset

    return Dataset.from_list([*rows, *copies]) if copies else rows
