"""How a (text, topic) pair is put to the topic-stance head: one sequence ``topic [SEP] text``.

The topic comes first so that truncation of a long text never cuts it away, and its characters are the
target span the head pools. Topics longer than :data:`MAX_TOPIC_WORDS` words are cut to that length.
"""

from __future__ import annotations

SEPARATOR = " [SEP] "
MAX_TOPIC_WORDS = 32


def clean_topic(topic: str) -> str:
    """The topic with its whitespace collapsed and cut to :data:`MAX_TOPIC_WORDS` words."""
    return " ".join(topic.split()[:MAX_TOPIC_WORDS])


def pair_text(text: str, topic: str) -> tuple[str, tuple[int, int]]:
    """The model input for ``text`` and ``topic`` and the character span of the topic in it."""
    topic = clean_topic(topic)
    return f"{topic}{SEPARATOR}{text}", (0, len(topic))
