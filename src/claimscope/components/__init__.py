"""claimscope's spaCy components; importing this package registers their factories."""

from . import claims, classify, entities, lines, topic_stance

__all__ = ["claims", "classify", "entities", "lines", "topic_stance"]
