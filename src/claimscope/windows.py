"""Long texts in windows: cut a text into windows the parser can hold, and join their analyses into one.

spaCy's parser needs about 1 GB of temporary memory per 100,000 characters of one Doc, so a long text is read in
windows of at most :data:`WINDOW_CHARS` characters cut at paragraph or sentence boundaries: memory stays bounded
and time grows linearly with the text. Entities are joined across windows by id, and a person first named in
full in one window and by surname alone in a later one ("Dmitry Peskov" ... "Peskov") gets the earlier id, as
inside one window. A pronoun claimer at the very start of a window cannot see the window before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.schema import Analysis, Attribution, Claim, Entity, Stance

WINDOW_CHARS = 100_000
PEOPLE = ("PERSON", "OFFICIAL")


def split_windows(text: str, size: int) -> list[tuple[int, str]]:
    """Cut ``text`` into windows of at most ``size`` characters, as ``(offset, window)``.

    Cuts fall at a paragraph break when one is in the second half of the window, else at a sentence end,
    else at whitespace, else hard at ``size``; ``text[offset:offset+len(window)] == window`` always.
    """
    windows = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = _cut_point(window)
        windows.append((start, window[:cut]))
        start += cut
    windows.append((start, text[start:]))
    return windows


def _cut_point(window: str) -> int:
    half = len(window) // 2
    for pattern in ("\n\n", "\n", ". ", "? ", "! ", " "):
        position = window.rfind(pattern, half)
        if position != -1:
            return position + len(pattern)
    return len(window)


def join_windows(text: str, windows: Sequence[Analysis], warnings: list[str]) -> Analysis:
    """One Analysis of ``text`` from the analyses of its windows (offsets already shifted), in text order."""
    ids = _cross_window_ids(windows)
    entities: dict[str, Entity] = {}
    for window in windows:
        for entity in window.entities:
            kb_id = ids.get(entity.id, entity.id)
            known = entities.get(kb_id)
            if known is None:
                entities[kb_id] = entity.model_copy(update={"id": kb_id})
            else:
                mentions = sorted([*known.mentions, *entity.mentions], key=lambda m: m.start)
                entities[kb_id] = known.model_copy(update={"mentions": mentions})
    return Analysis(
        text=text,
        claims=[_relinked(claim, ids) for window in windows for claim in window.claims],
        entities=list(entities.values()),
        skipped=[s for window in windows for s in window.skipped],
        warnings=warnings,
    )


def _cross_window_ids(windows: Sequence[Analysis]) -> dict[str, str]:
    """Person ids of later windows to re-point at a fuller name of an earlier window: an id first seen in a
    later window whose name's words are all in the name of exactly one person seen before ("Peskov" ->
    OFFICIAL:dmitry-peskov)."""
    seen: dict[str, Entity] = {}
    ids: dict[str, str] = {}
    for window in windows:
        earlier = [e for e in seen.values() if e.label in PEOPLE]
        for entity in window.entities:
            if entity.id in seen or entity.id in ids or entity.label not in PEOPLE:
                continue
            words = _words(entity.name)
            fuller = {e.id for e in earlier if words < _words(e.name)}
            if len(fuller) == 1:
                ids[entity.id] = fuller.pop()
        for entity in window.entities:
            seen.setdefault(ids.get(entity.id, entity.id), entity)
    return ids


def _relinked(claim: Claim, ids: dict[str, str]) -> Claim:
    """``claim`` with its entity ids, stance targets and claimer re-pointed through ``ids``."""
    if not ids:
        return claim
    claimer = claim.claimer
    if claimer is not None and claimer.entity_id in ids:
        claimer = Attribution(**{**claimer.model_dump(), "entity_id": ids[claimer.entity_id]})
    return claim.model_copy(
        update={
            "entity_ids": list(dict.fromkeys(ids.get(i, i) for i in claim.entity_ids)),
            "stances": [Stance(**{**s.model_dump(), "target": ids.get(s.target, s.target)}) for s in claim.stances],
            "claimer": claimer,
        }
    )


def _words(name: str) -> set[str]:
    return {w.lower() for w in name.replace("-", " ").split() if w.isalpha()}
