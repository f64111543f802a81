"""``claimscope_entities``: the component lives in :mod:`.entity_mentions` while this module is split up."""

from .entity_mentions import EntityTagger, make_entities

__all__ = ["EntityTagger", "make_entities"]
