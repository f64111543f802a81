"""The frame patterns of the attribution rules, as data: spaCy ``DependencyMatcher`` patterns read from
``resources/patterns/*.json`` (see ``resources/README.md``).

A pattern file is a JSON object from a rule's name (the ``span._.claimer_rule`` it records, such as
``"in_view_of"``) to a list of ``DependencyMatcher`` patterns, each a list of node dicts (``RIGHT_ID``,
``RIGHT_ATTRS``, ``LEFT_ID``, ``REL_OP``). A rule's patterns share their nodes' names: the rule's Python code
(:mod:`claimscope.claims.attribution`) reads the tokens a match gives by those names ("according", "to",
"speaker"), picks among the matches (the first in the clause, the first speaker) and does the span arithmetic that
patterns cannot state. A value ``{"IN": "$NAME"}`` (or ``"NOT_IN"``) names a word list that the rule module passes
at compile time (``"$CUE_VERBS"``), so that the word lists stay the one source of their entries.

:func:`load_patterns` reads a file once (cached by its path); :func:`compile_patterns` builds the matcher for one
``Vocab``; :func:`frame_patterns` gives the shipped file compiled for a vocab, cached by vocab and rebuilt after a
word list changed (:func:`claimscope.resources.version`).
"""

from __future__ import annotations

import copy
import json
import weakref
from collections.abc import Mapping, Set
from importlib.resources import files
from pathlib import Path
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from claimscope.resources import version

__all__ = [
    "CLAUSE_FRAMES",
    "FramePatterns",
    "Match",
    "Patterns",
    "compile_patterns",
    "frame_patterns",
    "load_patterns",
]

CLAUSE_FRAMES = "clause_frames"  # resources/patterns/clause_frames.json: the frames inside one clause

Patterns = dict[str, list[list[dict[str, Any]]]]  # rule name -> DependencyMatcher patterns
Match = dict[str, Token]  # a pattern's node names -> the tokens they matched

_LOADED: dict[str, Patterns] = {}  # the pattern files read, by path (or by name for the shipped ones)
_COMPILED: dict[tuple[int, str], tuple[Vocab, int, FramePatterns]] = {}  # (id(vocab), file) -> vocab, version, built
_MAX_VOCABS = 8  # compiled matchers kept (each holds its Vocab); one pipeline needs one


def load_patterns(name: str = CLAUSE_FRAMES, path: str | Path | None = None) -> Patterns:
    """The patterns of the shipped ``resources/patterns/<name>.json``, or of the JSON file ``path`` when given (a
    rule left out of it finds nothing). Read once per file; the result is shared, so read it and never change it.
    Raises ``ValueError`` naming the file when it is not an object of rule names to lists of patterns."""
    if path is None:
        key = f"claimscope:resources/patterns/{name}.json"
        file = files("claimscope").joinpath("resources", "patterns", f"{name}.json")
    else:
        key = str(Path(path).resolve())
        file = Path(path)
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = _checked(json.loads(file.read_text(encoding="utf-8")), key)
    return found


def _checked(data: object, file: str) -> Patterns:
    if not isinstance(data, dict):
        raise ValueError(f"Malformed pattern file '{file}': expected a JSON object of rule names to pattern lists")
    for rule, patterns in data.items():
        if not isinstance(patterns, list) or not all(
            isinstance(pattern, list) and pattern and all(isinstance(node, dict) for node in pattern)
            for pattern in patterns
        ):
            raise ValueError(
                f"Malformed pattern file '{file}', rule '{rule}': expected a list of patterns, each a non-empty "
                "list of node objects"
            )
    return data


class FramePatterns:
    """The patterns of one file compiled into one ``DependencyMatcher`` for one ``Vocab``. Each pattern is added
    under its own key, so that a match tells its rule and the names of its nodes."""

    def __init__(self, vocab: Vocab, patterns: Patterns, lists: Mapping[str, Set[str]]) -> None:
        self.vocab = vocab
        self.rules = tuple(patterns)
        self.matcher = DependencyMatcher(vocab)
        self._keys: dict[int, tuple[str, tuple[str, ...]]] = {}  # match id -> the rule and its nodes' names
        self._last: tuple[weakref.ref[Doc], int, dict[str, list[dict[str, int]]]] | None = None
        for rule, rule_patterns in patterns.items():
            for k, pattern in enumerate(rule_patterns):
                key = f"{rule}#{k}"
                self.matcher.add(key, [_filled(pattern, lists)])
                self._keys[vocab.strings[key]] = (rule, tuple(node["RIGHT_ID"] for node in pattern))

    def matches(self, doc: Doc, rule: str) -> list[Match]:
        """The matches of ``rule``'s patterns in ``doc``, each as its nodes' names -> tokens (in no set order: the
        rule's code orders them); none when the rule has no patterns.

        The matcher runs once per Doc: the rules ask for every clause of a Doc in turn, so the matches of the last
        Doc are kept (as token indices, under a weak reference: the Doc is not kept alive) and given again while
        the same Doc object is asked about. Its annotation is taken not to change in between, as in the claims
        component, which reads a parsed Doc."""
        last = self._last  # (the Doc, its length, the matches by rule), replaced whole, never changed in place
        if last is None or last[0]() is not doc or last[1] != len(doc):
            found: dict[str, list[dict[str, int]]] = {}
            for match_id, token_ids in self.matcher(doc):
                match_rule, names = self._keys[match_id]
                found.setdefault(match_rule, []).append(dict(zip(names, token_ids, strict=True)))
            last = self._last = (weakref.ref(doc), len(doc), found)
        return [{name: doc[i] for name, i in match.items()} for match in last[2].get(rule, ())]


def _filled(pattern: list[dict[str, Any]], lists: Mapping[str, Set[str]]) -> list[dict[str, Any]]:
    """``pattern`` with each ``{"IN": "$NAME"}`` (or ``NOT_IN``) replaced by the entries of the word list
    ``lists["NAME"]``, sorted."""
    pattern = copy.deepcopy(pattern)
    for node in pattern:
        for attr, value in node.get("RIGHT_ATTRS", {}).items():
            if not isinstance(value, dict):
                continue
            for op in ("IN", "NOT_IN"):
                name = value.get(op)
                if isinstance(name, str) and name.startswith("$"):
                    if name[1:] not in lists:
                        known = ", ".join(f"${n}" for n in lists)
                        node_id = node.get("RIGHT_ID")
                        raise ValueError(f"Pattern node {node_id!r}, {attr}: unknown list {name}; the lists: {known}")
                    value[op] = sorted(lists[name[1:]])
    return pattern


def compile_patterns(vocab: Vocab, patterns: Patterns, lists: Mapping[str, Set[str]]) -> FramePatterns:
    """``patterns`` (from :func:`load_patterns`) compiled for ``vocab``, the ``$NAME`` lists filled from ``lists``
    as they are now (not cached: see :func:`frame_patterns`)."""
    return FramePatterns(vocab, patterns, lists)


def frame_patterns(vocab: Vocab, lists: Mapping[str, Set[str]], name: str = CLAUSE_FRAMES) -> FramePatterns:
    """The shipped patterns of ``resources/patterns/<name>.json`` compiled for ``vocab`` with the word lists
    ``lists`` (the rule module's, the same on every call): built once per vocab, and again after a word list changed
    (:func:`claimscope.resources.extend`), since the ``$NAME`` lists are filled in when the patterns are
    compiled."""
    key = (id(vocab), name)
    cached = _COMPILED.get(key)
    if cached is not None and cached[0] is vocab and cached[1] == version():
        return cached[2]
    built = compile_patterns(vocab, load_patterns(name), lists)
    _COMPILED.pop(key, None)
    while len(_COMPILED) >= _MAX_VOCABS:
        del _COMPILED[next(iter(_COMPILED))]  # the oldest
    _COMPILED[key] = (vocab, version(), built)
    return built
