"""The rules' word lists, read from data files in ``resources/words/`` (see ``resources/README.md``).

A ``.txt`` file holds one entry a line; blank lines are skipped and ``#`` starts a comment that runs to the end of
the line. An entry may hold spaces ("vice president", "Air Force One"); its case is kept. A ``.json`` file holds
entries that have structure (nickname -> given name). The rule modules read each file once, at import, into a
constant of the same name as before (``HEDGE_WORDS = words("hedges")``).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

__all__ = ["entries", "mapping", "phrases", "words"]


def _text(filename: str) -> str:
    return files("claimscope").joinpath("resources", "words", filename).read_text(encoding="utf-8")


def entries(name: str) -> tuple[str, ...]:
    """The entries of ``resources/words/<name>.txt`` in file order, comments and blank lines left out."""
    found = []
    for line in _text(f"{name}.txt").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            found.append(entry)
    return tuple(found)


def words(name: str) -> frozenset[str]:
    """The entries of ``resources/words/<name>.txt`` as a set."""
    return frozenset(entries(name))


def phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """The entries of ``resources/words/<name>.txt``, each split into its words, in file order."""
    return tuple(tuple(entry.split()) for entry in entries(name))


def mapping(name: str) -> dict[str, Any]:
    """The JSON object in ``resources/words/<name>.json``, its keys in file order."""
    return json.loads(_text(f"{name}.json"))
