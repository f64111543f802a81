"""The process's memory: handing the C heap's free blocks back to the system, keeping loaded weights off their
files' memory maps, and measuring what is resident."""

from __future__ import annotations

import ctypes
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch


def _load_libc() -> Any:
    """The C library of this process (Linux), for ``malloc_trim`` and ``prctl``; None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


libc = _load_libc()


def release_free_memory() -> None:
    """Hand the C heap's free memory back to the system (glibc ``malloc_trim``; nothing elsewhere).

    The encoder's activations and the parser's temporary arrays differ in size from batch to batch and window to
    window; glibc keeps the freed blocks, so resident memory crept up. Trimming after each batch shard keeps a
    worker flat (one process, 128-document batches: 602 -> 608 MB over 3,072 documents, against 675 -> 702 MB
    without); trimming after each window of a long text lowers its peak (accurate tier, 800,000 characters:
    2.47 -> 2.26 GB)."""
    trim = getattr(libc, "malloc_trim", None)  # glibc only
    if trim is not None:
        trim(0)


def proportional_set_size_mb() -> float | None:
    """This process's proportional set size (PSS) in MB: its own pages plus its share of pages shared with other
    processes (such as the model weights forked workers share with their parent). None where /proc lacks it."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def copy_off_the_file(model: torch.nn.Module) -> None:
    """Give each of ``model``'s weights memory of its own, then hand the freed heap back.

    transformers loads safetensors weights as views of the file's memory map, and the map stays resident as
    long as one tensor views it: after the adapters were merged and the weights cast, 335 MB of the mpnet file
    stayed counted in the process's memory beside the copies actually used (0.91 -> 0.67 GB for the accurate
    classifier once copied). Only tensors over memory torch did not allocate (a storage it cannot resize, as a
    memory map's) are copied: the merged and cast weights already have their own, and copying them again raised
    the load's peak by 0.17 GB."""
    import torch

    with torch.no_grad():
        for tensor in [*model.parameters(), *model.buffers()]:
            if not tensor.untyped_storage().resizable():
                tensor.data = tensor.data.clone()
    release_free_memory()


ONEDNN_CACHE_ENV = "ONEDNN_PRIMITIVE_CACHE_CAPACITY"
ONEDNN_CACHE_CAPACITY = "16"  # oneDNN's default is 1024


def cap_onednn_primitive_cache() -> None:
    """Keep oneDNN's cache of compiled bf16 primitives small, unless the user has set its size.

    oneDNN compiles a primitive for each new batch shape and keeps up to 1,024 of them. With batches of every
    length, a bf16 process grew by 30-45 MB per 100,000 characters of text. A batch worker of 4,000 documents
    on the accurate tier reached 826-890 MB PSS; with 16 it stayed at 602-607 MB, at the same speed. oneDNN reads
    the setting when it first builds a primitive, so this runs before a bf16 model is loaded."""
    os.environ.setdefault(ONEDNN_CACHE_ENV, ONEDNN_CACHE_CAPACITY)
