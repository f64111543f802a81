"""claimscope: claims, speakers, entities, stance and fact vs opinion in commentary on international affairs.

>>> import claimscope
>>> analysis = claimscope.analyze("As the Kremlin put it, Japan has chosen to follow the West.")
>>> analysis.claims[0].claimer.entity_id
'COUNTRY:RUS'

Importing the package is cheap: spaCy, torch and the models load on first use of a name that needs them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_EXPORTS = {
    "analyze": ".api",
    "analyze_batch": ".api",
    "load": ".pipeline",
    "to_dataframe": ".export.dataframes",
    "entities_dataframe": ".export.dataframes",
    "Analysis": ".schema",
    "Attribution": ".schema",
    "Claim": ".schema",
    "Entity": ".schema",
    "EntityStance": ".schema",
    "Mention": ".schema",
    "Skipped": ".schema",
    "Stance": ".schema",
}

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

if TYPE_CHECKING:
    from claimscope.api import analyze, analyze_batch
    from claimscope.export.dataframes import entities_dataframe, to_dataframe
    from claimscope.pipeline import load
    from claimscope.schema import Analysis, Attribution, Claim, Entity, EntityStance, Mention, Skipped, Stance


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A PEP 562 ``__getattr__`` for ``package``: each name in ``exports`` (name -> relative module) is imported
    on first use and kept in the package, so importing the package itself stays cheap."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__


__getattr__ = lazy_exports(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
