"""The rules' word lists, read from data files in ``resources/words/`` (see ``resources/README.md``).

A ``.txt`` file holds one entry a line; blank lines are skipped and ``#`` starts a comment that runs to the end of
the line. An entry may hold spaces ("vice president", "Air Force One"); its case is kept. A ``.json`` file holds
entries that have structure (nickname -> given name). The rule modules read each file once, at import, into a
constant of the same name as before (``HEDGE_WORDS = words("hedges")``).

Every ``.txt`` list can be extended at run time, without editing the package: :func:`extend` (or the
``extra_words`` setting of the ``claimscope_claims`` and ``claimscope_entities`` factories, which calls it) adds
entries to the list. There is one shared set per list name: :func:`words` gives every rule module the same object,
so an extension reaches every rule that reads the list, in every pipeline of the process (an extension is
process-wide). Sets built from lists (``SURFACE_CUES`` = cue verbs less a few) are made with :func:`derived` and
are rebuilt in place after an extension; a component that builds a structure from a list when it is created
(a matcher, an index) compares :func:`version` and rebuilds it. :func:`reset` takes every extension back out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from typing import Any

from claimscope.errors import ClaimscopeValueError, Errors

__all__ = [
    "derived",
    "entries",
    "extend",
    "extend_all",
    "list_names",
    "mapping",
    "phrases",
    "reset",
    "version",
    "words",
]

_SETS: dict[str, set[str]] = {}  # list name -> the one shared set of its entries (see words())
_PHRASES: dict[str, list[tuple[str, ...]]] = {}  # list name -> the one shared list of its phrases (see phrases())
_EXTRA: dict[str, list[str]] = {}  # list name -> the entries added by extend(), in the order they came
_DERIVED: list[tuple[set[Any], Callable[[], Iterable[Any]]]] = []  # sets built from lists, with their builders
_VERSION = 0  # counts the changes made by extend() and reset()


def _folder():
    return files("claimscope").joinpath("resources", "words")


def _text(filename: str) -> str:
    return _folder().joinpath(filename).read_text(encoding="utf-8")


def list_names() -> tuple[str, ...]:
    """The names of the word lists that can be extended: the stems of the ``.txt`` files in ``resources/words/``."""
    return tuple(sorted(p.name[: -len(".txt")] for p in _folder().iterdir() if p.name.endswith(".txt")))


def _file_entries(name: str) -> tuple[str, ...]:
    found = []
    for line in _text(f"{name}.txt").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            found.append(entry)
    return tuple(found)


def entries(name: str) -> tuple[str, ...]:
    """The entries of ``resources/words/<name>.txt`` in file order, comments and blank lines left out, then the
    entries :func:`extend` added, in the order they were added."""
    return _file_entries(name) + tuple(_EXTRA.get(name, ()))


def words(name: str) -> set[str]:
    """The entries of ``resources/words/<name>.txt`` (and of :func:`extend`) as a set: the same set object on every
    call, shared by every module that reads the list. Read it, never change it (use :func:`extend`)."""
    found = _SETS.get(name)
    if found is None:
        found = _SETS[name] = set(entries(name))
    return found


def phrases(name: str) -> list[tuple[str, ...]]:
    """The entries of ``resources/words/<name>.txt`` (and of :func:`extend`), each split into its words, in file
    order: the same list object on every call. Read it, never change it (use :func:`extend`)."""
    found = _PHRASES.get(name)
    if found is None:
        found = _PHRASES[name] = [tuple(entry.split()) for entry in entries(name)]
    return found


def mapping(name: str) -> dict[str, Any]:
    """The JSON object in ``resources/words/<name>.json``, its keys in file order."""
    return json.loads(_text(f"{name}.json"))


def derived(build: Callable[[], Iterable[Any]]) -> set[Any]:
    """A set made by ``build`` from word lists (``derived(lambda: words("a") | words("b"))``), rebuilt in place after
    every :func:`extend` and :func:`reset`, so that an extension of a list reaches the sets built from it. Sets are
    rebuilt in the order they were made, so one may be built from an earlier one."""
    found = set(build())
    _DERIVED.append((found, build))
    return found


def version() -> int:
    """A number that changes whenever :func:`extend` or :func:`reset` changes a list: a structure built from the
    lists (a matcher, an index) is stale when the version it was built at differs."""
    return _VERSION


def _check(name: object, new: object) -> list[str]:
    """The entries ``new`` for the list ``name``, stripped; a coded error (E062) for an unknown name or entries that
    are not a list of strings."""
    names = list_names()
    if not isinstance(name, str) or name not in names:
        reason = f"there is no such list; the lists are: {', '.join(names)}"
        raise ClaimscopeValueError(Errors.E062, name=name, reason=reason)
    if isinstance(new, str | bytes) or not isinstance(new, Iterable):
        reason = f"the entries must be a list of strings, got {type(new).__name__}"
        raise ClaimscopeValueError(Errors.E062, name=name, reason=reason)
    new = list(new)
    if not all(isinstance(entry, str) and entry.strip() for entry in new):
        raise ClaimscopeValueError(Errors.E062, name=name, reason="every entry must be a non-empty string")
    return [entry.strip() for entry in new]


def extend(name: str, new: Iterable[str]) -> list[str]:
    """Add the entries ``new`` to the word list ``name`` (a ``.txt`` file's stem, such as ``"cue_verbs"``), for every
    rule that reads it, in every pipeline of this process; the sets built from the list are rebuilt. Entries are
    matched as written (mind the case the list uses: verbs are lower-case lemmas). Returns the entries that were
    new. Raises :class:`~claimscope.errors.ClaimscopeValueError` (E062) for an unknown name or bad entries."""
    return extend_all({name: new}).get(name, [])


def extend_all(extra: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """:func:`extend` each list named in ``extra`` (list name -> entries), all checked before any is changed; the
    new entries by list name."""
    global _VERSION
    if not isinstance(extra, Mapping):
        raise ClaimscopeValueError(Errors.E062, name=extra, reason="expected a mapping of list names to entries")
    checked = {name: _check(name, new) for name, new in extra.items()}
    added = {}
    for name, new in checked.items():
        present = set(entries(name))
        fresh = [entry for entry in dict.fromkeys(new) if entry not in present]
        if not fresh:
            continue
        added[name] = fresh
        _EXTRA.setdefault(name, []).extend(fresh)
        if name in _SETS:
            _SETS[name].update(fresh)
        if name in _PHRASES:
            _PHRASES[name].extend(tuple(entry.split()) for entry in fresh)
    if added:
        _rebuild()
        _VERSION += 1
    return added


def reset() -> None:
    """Take every entry :func:`extend` added back out of the lists (and of the sets built from them)."""
    global _VERSION
    if not _EXTRA:
        return
    for name, extra in _EXTRA.items():
        if name in _SETS:
            _SETS[name].difference_update(extra)
        if name in _PHRASES:
            del _PHRASES[name][len(_PHRASES[name]) - len(extra) :]
    _EXTRA.clear()
    _rebuild()
    _VERSION += 1


def _rebuild() -> None:
    for found, build in _DERIVED:
        fresh = set(build())
        found.difference_update(found - fresh)  # in place, never empty on the way: a reader sees old or new
        found.update(fresh)
