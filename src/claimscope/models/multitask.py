"""The shared multi-task network (an encoder + task heads) and its artefact format on disk.

An artefact folder holds ``config.json`` and ``model.safetensors``. The safetensors file stores only what
differs from the packaged encoder of its tier (``base_model``: MiniLM for ``fast``, mpnet for ``accurate``): the
fine-tuned top encoder layers (``encoder.*``, fp16), low-rank adapters when the config has ``lora`` (``lora.*``,
fp16; merged into the weights at load) and the task heads (``heads.*``, fp32, or fp16 when the config says
``"heads_dtype": "float16"``). Everything else comes from the base encoder at load time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

from claimscope.errors import Errors, ModelLoadError
from claimscope.models import lora
from claimscope.models.encoder import load_base_encoder, mean_pool
from claimscope.models.tiers import ENCODER_NAMES, tier_of

if TYPE_CHECKING:
    from claimscope.models.encoder import Encoder

FORMAT = "claimscope-multitask"
TASK_LABELS: dict[str, list[str]] = {
    "verdict": ["fact", "opinion"],
    "checkworthiness": ["not_checkworthy", "checkworthy"],
    "stance": ["against", "neutral", "favor"],
    "topic_stance": ["against", "neutral", "favor"],
}
# Heads over [text vector; target-span vector]: the target is an entity's mentions or the topic's tokens.
SPAN_TASKS = ("stance", "topic_stance")
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"


def _span_head(hidden: int, n_labels: int, dropout: float) -> nn.Module:
    return nn.Sequential(
        nn.Dropout(dropout),
        nn.Linear(2 * hidden, hidden),
        nn.GELU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, n_labels),
    )


def copy_artefact(source: str | Path, target: str | Path) -> None:
    """Copy an artefact's ``config.json`` and ``model.safetensors`` into ``target`` (a pipeline's folder)."""
    import shutil

    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if Path(source).resolve() != target.resolve():
        for name in (CONFIG_FILE, WEIGHTS_FILE):
            shutil.copyfile(Path(source) / name, target / name)


class Heads(nn.Module):
    """Sentence heads over the mean-pooled text and span heads over [text; target-span] vectors."""

    def __init__(self, hidden: int, tasks: list[str], dropout: float = 0.1) -> None:
        super().__init__()
        self.tasks = list(tasks)
        self.sentence = nn.ModuleDict(
            {
                t: nn.Sequential(nn.Dropout(dropout), nn.Linear(hidden, len(TASK_LABELS[t])))
                for t in tasks
                if t not in SPAN_TASKS
            }
        )
        self.stance = _span_head(hidden, len(TASK_LABELS["stance"]), dropout) if "stance" in tasks else None
        self.topic_stance = (
            _span_head(hidden, len(TASK_LABELS["topic_stance"]), dropout) if "topic_stance" in tasks else None
        )

    def span_heads(self) -> dict[str, nn.Module]:
        """The heads that read a target span, by task."""
        return {t: getattr(self, t) for t in SPAN_TASKS if getattr(self, t) is not None}


class MultiTaskModel(nn.Module):
    """MiniLM encoder shared by the verdict, check-worthiness and entity-stance heads."""

    def __init__(self, encoder: Encoder, config: dict[str, Any]) -> None:
        super().__init__()
        self.encoder = encoder
        self.config = config
        hidden = int(encoder.config.hidden_size)
        self.heads = Heads(hidden, config["tasks"], float(config.get("dropout", 0.1)))
        if self.lora_spec:
            lora.attach(self.encoder, self.lora_spec)

    @property
    def trained_layers(self) -> list[int]:
        """Indices of the encoder layers whose weights the artefact stores."""
        return list(self.config["trained_layers"])

    @property
    def lora_spec(self) -> dict[str, Any] | None:
        """The adapter settings (``layers``, ``rank``, ``alpha``), or None for an artefact without adapters."""
        return self.config.get("lora") or None

    @property
    def run_layers(self) -> list[int]:
        """The layers training runs on cached states: those with adapters, then the fine-tuned ones."""
        return sorted(set(self.trained_layers) | set(self.lora_spec["layers"] if self.lora_spec else []))

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Token vectors of the last layer (one full encoder pass)."""
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    def top_layers(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Run only the trained layers (:attr:`run_layers`) on hidden states cached from the layer below them."""
        ext = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for i in self.run_layers:
            out = self.encoder.encoder.layer[i](hidden, attention_mask=ext)
            hidden = out[0] if isinstance(out, tuple) else out
        return hidden

    def head_logits(
        self,
        hidden: torch.Tensor,
        attention_mask: torch.Tensor,
        target_rows: torch.Tensor | None = None,
        target_mask: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        """Logits of every head from last-layer token vectors.

        ``target_rows[k]`` is the batch row of target ``k`` and ``target_mask[k]`` (width of the batch) marks its
        tokens; a target with no tokens (truncated away) falls back to the whole text. Every span head reads
        the same targets (an artefact has the entity-stance head or the topic-stance head in practice).
        """
        sent = mean_pool(hidden, attention_mask)
        out = {t: head(sent) for t, head in self.heads.sentence.items()}
        span_heads = self.heads.span_heads()
        if span_heads and target_rows is not None and len(target_rows):
            assert target_mask is not None  # given with target_rows
            rows = hidden[target_rows]
            tmask = target_mask.to(hidden.dtype)
            empty = tmask.sum(1) == 0
            if bool(empty.any()):
                tmask = torch.where(empty[:, None], attention_mask[target_rows].to(hidden.dtype), tmask)
            span = (rows * tmask.unsqueeze(-1)).sum(1) / tmask.sum(1, keepdim=True).clamp(min=1.0)
            pair = torch.cat([sent[target_rows], span], dim=-1)
            for t, head in span_heads.items():
                out[t] = head(pair)
        return out

    # -- artefact IO ------------------------------------------------------------------------------------
    def delta_state_dict(self) -> dict[str, torch.Tensor]:
        """The tensors an artefact stores: trained encoder layers and adapters in fp16, the heads in fp32."""
        state: dict[str, torch.Tensor] = {}
        for i in self.trained_layers:
            for name, p in self.encoder.encoder.layer[i].state_dict().items():
                state[f"encoder.encoder.layer.{i}.{name}"] = p.detach().to(torch.float16).contiguous().cpu()
        if self.lora_spec:
            found = lora.adapters(self.encoder, self.lora_spec)
            if not found:
                raise ValueError("the adapters have been merged into the encoder; load with merge_lora=False")
            state.update(lora.state_dict(self.encoder, self.lora_spec))
        heads_dtype = torch.float16 if self.config.get("heads_dtype") == "float16" else torch.float32
        for name, p in self.heads.state_dict().items():
            state[f"heads.{name}"] = p.detach().to(heads_dtype).contiguous().cpu()
        return state

    def load_delta_state_dict(self, state: dict[str, torch.Tensor]) -> list[str]:
        """Load tensors laid out as :meth:`delta_state_dict` gives them (trained encoder layers, adapters and
        heads, as float32); return the encoder and adapter keys the model does not have. Wrong shapes raise
        ``RuntimeError``."""
        encoder = {k[len("encoder.") :]: v.float() for k, v in state.items() if k.startswith("encoder.")}
        heads = {k[len("heads.") :]: v.float() for k, v in state.items() if k.startswith("heads.")}
        result = self.encoder.load_state_dict(encoder, strict=False)
        self.heads.load_state_dict(heads, strict=True)
        return list(result.unexpected_keys) + lora.load_state(self.encoder, self.lora_spec, state)

    def save(self, path: str | Path, extra_config: dict[str, Any] | None = None) -> None:
        """Write ``config.json`` and ``model.safetensors`` to ``path``."""
        from safetensors.torch import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if extra_config:
            self.config.update(extra_config)
        save_file(self.delta_state_dict(), str(path / WEIGHTS_FILE), metadata={"format": FORMAT})
        (path / CONFIG_FILE).write_text(json.dumps(self.config, indent=2, sort_keys=True) + "\n")

    @property
    def tier(self) -> str:
        """``fast`` or ``accurate``: the packaged encoder this artefact is a delta over."""
        return tier_of(self.config.get("base_model"))

    @classmethod
    def create(cls, config: dict[str, Any], tier: str = "fast") -> tuple[MultiTaskModel, object]:
        """A fresh model over a tier's base encoder (for training) and its tokenizer."""
        encoder, tokenizer = load_base_encoder(tier)
        config = {"format": FORMAT, "base_model": ENCODER_NAMES[tier], **config}
        config["labels"] = {t: TASK_LABELS[t] for t in config["tasks"]}
        return cls(encoder, config), tokenizer

    @classmethod
    def load(
        cls, path: str | Path, command: str, merge_lora: bool = True, dtype: torch.dtype | None = None
    ) -> tuple[MultiTaskModel, object]:
        """Load an artefact; any problem raises :class:`ModelLoadError` naming ``path`` and ``command``.

        Adapters are merged into the encoder's weights unless ``merge_lora`` is False (to train them further); the
        merged weights are stored in ``dtype`` (None: fp32), the dtype the model will run in."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        path = Path(path)

        def fail(reason: str) -> ModelLoadError:
            return ModelLoadError(Errors.E008, path=str(path), reason=reason, command=command)

        if not path.is_dir():
            raise fail("no such folder")
        try:
            config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise fail(f"{CONFIG_FILE} is missing") from None
        except (OSError, ValueError) as err:
            raise fail(f"{CONFIG_FILE} is unreadable: {err}") from None
        if not isinstance(config, dict) or config.get("format") != FORMAT:
            raise fail(f"{CONFIG_FILE} is not a {FORMAT} config")
        if not (path / WEIGHTS_FILE).is_file():
            raise fail(f"{WEIGHTS_FILE} is missing")
        try:
            state = load_file(str(path / WEIGHTS_FILE))
        except (SafetensorError, OSError, ValueError) as err:
            raise fail(f"{WEIGHTS_FILE} is unreadable: {err}") from None
        encoder, tokenizer = load_base_encoder(tier_of(config.get("base_model")))
        model = cls(encoder, config)
        expected = model.delta_state_dict().keys()
        missing = sorted(set(expected) - set(state))
        unexpected = sorted(set(state) - set(expected))
        if missing or unexpected:
            raise fail(f"weights do not match the config (missing {missing[:3]}, unexpected {unexpected[:3]})")
        try:
            unknown = model.load_delta_state_dict(state)
        except RuntimeError as err:
            raise fail(f"weights have the wrong shape: {err}") from None
        if unknown:
            raise fail(f"unknown encoder weights {unknown[:3]}")
        if model.lora_spec and merge_lora:
            lora.merge(model.encoder, model.lora_spec, dtype)
        model.eval()
        return model, tokenizer
