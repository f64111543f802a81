"""claimscope: claims, speakers, entities, stance and fact vs opinion in commentary on international affairs.

>>> import claimscope
>>> analysis = claimscope.analyze("As the Kremlin put it, Japan has chosen to follow the West.")
>>> analysis.claims[0].claimer.entity_id
'COUNTRY:RUS'
"""

from __future__ import annotations

from .api import analyze, analyze_batch
from .frames import entities_dataframe, to_dataframe
from .pipeline import load
from .schema import Analysis, Attribution, Claim, Entity, EntityStance, Mention, Skipped, Stance

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Attribution",
    "Claim",
    "Entity",
    "EntityStance",
    "Mention",
    "Skipped",
    "Stance",
    "__version__",
    "analyze",
    "analyze_batch",
    "entities_dataframe",
    "load",
    "to_dataframe",
]
