"""claimscope's spaCy components; importing this package registers their factories."""

from . import claims, entities, lines

__all__ = ["claims", "entities", "lines"]
