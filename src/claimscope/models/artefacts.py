"""Where the trained artefacts are, and what they are: the one place that finds and describes model folders.

The artefacts ship inside the package (``claimscope/artefacts/<name>/``: ``config.json``, ``model.safetensors``,
``metrics.json`` and a model card); an environment variable per artefact points elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

PACKAGED_DIR = Path(__file__).resolve().parents[1] / "artefacts"
CLASSIFIER = "claimscope-multitask"
TOPIC_STANCE = "claimscope-topic-stance"
ATTRIBUTION = "claimscope-attribution"
ACCURATE_SUFFIX = "-accurate"  # the accurate tier's artefact of the same kind: claimscope-multitask-accurate
ENVIRONMENT = {
    CLASSIFIER: "CLAIMSCOPE_MODEL_DIR",
    TOPIC_STANCE: "CLAIMSCOPE_TOPIC_MODEL_DIR",
    ATTRIBUTION: "CLAIMSCOPE_ATTRIBUTION_MODEL_DIR",
    CLASSIFIER + ACCURATE_SUFFIX: "CLAIMSCOPE_MODEL_DIR",
    TOPIC_STANCE + ACCURATE_SUFFIX: "CLAIMSCOPE_TOPIC_MODEL_DIR",
}


REQUIRED_FILES = ("config.json", "model.safetensors")


def missing_files(folder: str | Path) -> list[str]:
    """The files of :data:`REQUIRED_FILES` that the artefact folder lacks (empty for a complete one)."""
    return [name for name in REQUIRED_FILES if not (Path(folder) / name).is_file()]


def is_installed(folder: str | Path) -> bool:
    """Whether ``folder`` holds a complete artefact."""
    return not missing_files(folder)


def require(folder: str | Path, command: str) -> Path:
    """``folder`` as a Path, or :class:`~claimscope.errors.ModelLoadError` [E008] naming what it lacks and
    the rebuild ``command``."""
    from claimscope.errors import Errors, ModelLoadError

    missing = missing_files(folder)
    if missing:
        reason = f"{', '.join(missing)} missing"
        raise ModelLoadError(Errors.E008, path=str(folder), reason=reason, command=command.format(path=folder))
    return Path(folder)


def tier_artefact(name: str, tier: str) -> str:
    """The artefact of kind ``name`` (``claimscope-multitask``, ``claimscope-topic-stance``) for ``tier``."""
    return name + ACCURATE_SUFFIX if tier == "accurate" else name


def artefact_path(name: str) -> Path:
    """The folder of artefact ``name``: its environment variable if set, else the packaged copy."""
    env = os.environ.get(ENVIRONMENT.get(name, ""))
    return Path(env) if env else PACKAGED_DIR / name


@dataclass(frozen=True)
class ArtefactInfo:
    """What ``claimscope info`` and the batch manifest say about one artefact."""

    name: str
    path: str
    found: bool
    base_model: str | None = None
    tasks: tuple[str, ...] = ()
    sha256: str | None = None
    """The first 12 hex digits of ``model.safetensors``'s SHA-256: the artefact's version."""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {**asdict(self), "tasks": list(self.tasks)}


def describe(name: str, path: str | Path | None = None) -> ArtefactInfo:
    """Describe the artefact ``name`` at ``path`` (default :func:`artefact_path`); ``found`` is False when its
    ``config.json`` or weights are missing."""
    folder = Path(path) if path is not None else artefact_path(name)
    weights = folder / "model.safetensors"
    if not is_installed(folder):
        return ArtefactInfo(name, str(folder), False)
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ArtefactInfo(name, str(folder), False)
    return ArtefactInfo(
        name,
        str(folder),
        True,
        base_model=config.get("base_model"),
        tasks=tuple(config.get("tasks", ())),
        sha256=weights_sha256(weights)[:12],
    )


def weights_sha256(weights: Path) -> str:
    """The SHA-256 (hex) of a weights file, computed once per file and modification time."""
    return _digest(str(weights.resolve()), weights.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _digest(path: str, mtime_ns: int) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()
