"""The attribution tagger: MiniLM, its top layers fine-tuned, and a token-classification head over BIO tags.

Artefact (``models/claimscope-attribution/``): ``config.json`` (format ``claimscope-attribution``) and
``model.safetensors`` holding only what differs from the packaged MiniLM: the fine-tuned top encoder layers
(``encoder.*``, fp16), low-rank adapters on the lower layers when the config has ``lora`` (``lora.*``, fp16,
merged into the weights at load time) and the head (``head.*``, fp32); the rest comes from the base encoder.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import torch
from torch import nn

from claimscope.errors import Errors, ModelLoadError
from claimscope.models import lora
from claimscope.models.artefacts import artefact_path
from claimscope.models.attribution_windows import WINDOW_PIECES, Window, pieces, trim, windows
from claimscope.models.encoder import BASE_MODEL_NAME, length_batches, load_base_encoder, pad_batch
from claimscope.models.threads import one_thread_after_fork

if TYPE_CHECKING:
    from claimscope.models.encoder import Encoder

LABELS = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]
ROLES = ("SOURCE", "CUE", "CONTENT")
ARTEFACT_NAME = "claimscope-attribution"
FORMAT = ARTEFACT_NAME
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "model.safetensors"
REBUILD_COMMAND = "claimscope train attribution --output {path}"
PACKAGED_PATH = artefact_path(ARTEFACT_NAME)  # the packaged copy, or $CLAIMSCOPE_ATTRIBUTION_MODEL_DIR
Span = tuple[int, int]


class AttributionModel(nn.Module):
    """MiniLM with a linear BIO head on every word piece."""

    def __init__(self, encoder: Encoder, config: dict[str, Any]) -> None:
        super().__init__()
        self.encoder = encoder
        self.config = config
        hidden = int(encoder.config.hidden_size)
        self.head = nn.Sequential(nn.Dropout(float(config.get("dropout", 0.1))), nn.Linear(hidden, len(LABELS)))
        if self.lora_spec:
            lora.attach(self.encoder, self.lora_spec)

    @property
    def lora_spec(self) -> dict[str, Any] | None:
        """The adapters' layers, rank and alpha (None: no adapters)."""
        return self.config.get("lora")

    @property
    def trained_layers(self) -> list[int]:
        """The top encoder layers the artefact stores (contiguous, ending with the last one)."""
        return list(self.config["trained_layers"])

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits ``[batch, pieces, labels]`` from one full encoder pass."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(hidden)

    def top(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits from hidden states cached below the trained layers (training)."""
        ext = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        for i in self.trained_layers:
            out = self.encoder.encoder.layer[i](hidden, attention_mask=ext)
            hidden = out[0] if isinstance(out, tuple) else out
        return self.head(hidden)

    def delta_state_dict(self) -> dict[str, torch.Tensor]:
        """The trained layers and adapters in fp16 and the head in fp32."""
        state: dict[str, torch.Tensor] = {}
        for i in self.trained_layers:
            for name, p in self.encoder.encoder.layer[i].state_dict().items():
                state[f"encoder.encoder.layer.{i}.{name}"] = p.detach().to(torch.float16).contiguous().cpu()
        state.update(lora.state_dict(self.encoder, self.lora_spec))
        for name, p in self.head.state_dict().items():
            state[f"head.{name}"] = p.detach().float().contiguous().cpu()
        return state

    def load_delta(self, state: dict[str, torch.Tensor]) -> None:
        """Load tensors laid out as :meth:`delta_state_dict` gives them (as float32); wrong shapes raise."""
        enc = {k[len("encoder.") :]: v.float() for k, v in state.items() if k.startswith("encoder.")}
        head = {k[len("head.") :]: v.float() for k, v in state.items() if k.startswith("head.")}
        self.encoder.load_state_dict(enc, strict=False)
        self.head.load_state_dict(head, strict=True)
        lora.load_state(self.encoder, self.lora_spec, state)  # load() has checked the keys

    def save(self, path: str | Path) -> None:
        """Write ``config.json`` and ``model.safetensors`` to ``path``."""
        from safetensors.torch import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        save_file(self.delta_state_dict(), str(path / WEIGHTS_FILE), metadata={"format": FORMAT})
        (path / CONFIG_FILE).write_text(json.dumps(self.config, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def create(cls, config: dict[str, Any]) -> tuple[AttributionModel, Any]:
        """A fresh model over the base encoder and its tokenizer."""
        encoder, tokenizer = load_base_encoder()
        config = {"format": FORMAT, "base_model": BASE_MODEL_NAME, "labels": list(LABELS), **config}
        return cls(encoder, config), tokenizer

    @classmethod
    def load(cls, path: str | Path, dtype: torch.dtype | None = None) -> tuple[AttributionModel, Any]:
        """Load an artefact, its adapters merged into weights stored in ``dtype`` (None: fp32); any problem raises
        :class:`ModelLoadError` (E008) naming the rebuild command."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        path = Path(path)

        def fail(reason: str) -> ModelLoadError:
            return ModelLoadError(Errors.E008, path=str(path), reason=reason, command=REBUILD_COMMAND.format(path=path))

        try:
            config = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise fail(f"{CONFIG_FILE} is missing") from None
        except (OSError, ValueError) as err:
            raise fail(f"{CONFIG_FILE} is unreadable: {err}") from None
        if not isinstance(config, dict) or config.get("format") != FORMAT or config.get("labels") != LABELS:
            raise fail(f"{CONFIG_FILE} is not a {FORMAT} config")
        try:
            state = load_file(str(path / WEIGHTS_FILE))
        except (SafetensorError, OSError, ValueError) as err:
            raise fail(f"{WEIGHTS_FILE} is missing or unreadable: {err}") from None
        encoder, tokenizer = load_base_encoder()
        model = cls(encoder, config)
        expected = set(model.delta_state_dict())
        if set(state) != expected:
            raise fail(f"weights do not match the config ({sorted(set(state) ^ expected)[:3]})")
        try:
            model.load_delta(state)
        except RuntimeError as err:
            raise fail(f"weights have the wrong shape: {err}") from None
        if model.lora_spec:
            lora.merge(model.encoder, model.lora_spec, dtype)  # runs as fast as the base encoder
        model.eval()
        return model, tokenizer


@dataclass(frozen=True)
class SpanPrediction:
    """A predicted Source, Cue or Content span (characters into the text) and its mean tag probability."""

    role: str
    start: int
    end: int
    score: float


def decode(text: str, offsets: Sequence[Span], probs: torch.Tensor) -> list[SpanPrediction]:
    """Spans from per-piece label probabilities ``[pieces, labels]``: argmax tags, a word's later pieces take
    its first piece's role, an I- tag after another role starts a span; score = mean role probability."""
    tags = probs.argmax(-1).tolist()
    role_p = {r: probs[:, LABELS.index(f"B-{r}")] + probs[:, LABELS.index(f"I-{r}")] for r in ROLES}
    out: list[SpanPrediction] = []
    cur: list[Any] | None = None  # role, first piece, last piece

    def close() -> None:
        if cur is not None:
            role, a, b = cur
            s, e = trim(text, (offsets[a][0], offsets[b][1]))
            if e > s:
                out.append(SpanPrediction(role, s, e, round(float(role_p[role][a : b + 1].mean()), 4)))

    prev_role = None
    for i, (s, _) in enumerate(offsets):
        label = LABELS[tags[i]]
        role, bio = (label[2:], label[0]) if label != "O" else (None, "O")
        continuation = i > 0 and s == offsets[i - 1][1] and s > 0 and text[s - 1].isalnum() and text[s].isalnum()
        if continuation:
            role, bio = prev_role, "I"
        if role is None:
            close()
            cur = None
        elif bio == "B" or cur is None or cur[0] != role:
            close()
            cur = [role, i, i]
        else:
            cur[2] = i
        prev_role = role
    close()
    return out


class Tagger:
    """A loaded attribution artefact (one per path, shared): spans of a text, window by window."""

    _cache: ClassVar[dict[str, Tagger]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, model: AttributionModel, tokenizer: Any, dtype: torch.dtype | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.window = int(model.config.get("window_pieces", WINDOW_PIECES))
        self.dtype = dtype  # autocast dtype; None runs fp32

    @classmethod
    def load(cls, path: str | Path | None = None, precision: str | None = None, default: str = "fp32") -> Tagger:
        """The artefact at ``path`` (default: the packaged ``claimscope-attribution``), loaded once per path and
        precision (``fp32``, ``bf16``, ``auto``; default ``$CLAIMSCOPE_PRECISION``, else ``default``: resolved by
        :func:`claimscope.models.precision.autocast_dtype`)."""
        from claimscope.models.precision import autocast_dtype, prepare_loaded_model

        path = Path(path) if path is not None else artefact_path(ARTEFACT_NAME)
        dtype = autocast_dtype(torch.device("cpu"), precision, default)
        key = f"{path.resolve()}|{dtype}"
        with cls._lock:
            if key not in cls._cache:
                model, tokenizer = AttributionModel.load(path, dtype)
                prepare_loaded_model(model, dtype)
                cls._cache[key] = cls(model, tokenizer, dtype=dtype)
            return cls._cache[key]

    @classmethod
    def forget(cls, path: str | Path) -> None:
        """Drop the loaded copies of the artefact at ``path`` (after its files change)."""
        prefix = f"{Path(path).resolve()}|"
        with cls._lock:
            for key in [k for k in cls._cache if k.startswith(prefix)]:
                del cls._cache[key]

    @torch.inference_mode()
    def window_probs(self, batch_windows: Sequence[Window], batch_size: int = 16) -> list[torch.Tensor]:
        """Label probabilities ``[pieces, labels]`` of every window (without [CLS] and [SEP])."""
        one_thread_after_fork()
        out: list[torch.Tensor | None] = [None] * len(batch_windows)
        lengths = [len(w.ids) for w in batch_windows]
        for batch in length_batches(lengths, batch_size):
            ids, mask = pad_batch([batch_windows[i].ids for i in batch], self.tokenizer.pad_token_id or 0)
            with torch.autocast("cpu", dtype=self.dtype or torch.bfloat16, enabled=self.dtype is not None):
                logits = self.model(ids, mask)
            probs = torch.softmax(logits.float(), -1)
            for row, i in enumerate(batch):
                out[i] = probs[row, 1 : lengths[i] - 1]
        return out  # type: ignore[return-value]

    def predict(self, texts: Sequence[str], batch_size: int = 16) -> list[list[SpanPrediction]]:
        """The predicted spans of each text (cut into windows at sentence starts)."""
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        wins: list[Window] = []
        for d, text in enumerate(texts):
            ids, offsets = pieces(self.tokenizer, text)
            for s, e in windows(text, offsets, (), self.window):
                wins.append(Window(d, [cls_id, *ids[s:e], sep_id], list(offsets[s:e]), []))
        probs = self.window_probs(wins, batch_size)
        result: list[list[SpanPrediction]] = [[] for _ in texts]
        for w, p in zip(wins, probs, strict=True):
            result[w.doc].extend(decode(texts[w.doc], w.offsets, p))
        return result


# -- claimers for claims ---------------------------------------------------------------------------------------
def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _gap(a: Span, b: Span) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def claimer_from_spans(
    text: str, spans: Sequence[SpanPrediction], claim: Span, min_cover: float = 0.5, max_gap: int = 400
) -> dict[str, Any] | None:
    """The source the tagger gives a claim: the predicted Content covering most of ``claim`` (at least
    ``min_cover`` of its characters), then the predicted Source nearest that content (at most ``max_gap``
    characters away; the cue nearest both is named). Returns a claimer dict (text/start/end/entity_id/cue/kind and
    ``confidence`` = content score x source score) or None."""
    length = max(1, claim[1] - claim[0])
    contents = [s for s in spans if s.role == "CONTENT" and _overlap((s.start, s.end), claim) / length >= min_cover]
    if not contents:
        return None
    content = max(contents, key=lambda s: (_overlap((s.start, s.end), claim), s.score))
    cspan = (content.start, content.end)
    sources = [s for s in spans if s.role == "SOURCE" and _gap((s.start, s.end), cspan) <= max_gap]
    if not sources:
        return None
    # nearest; on a tie the one before the content (the usual "X said that ..." order)
    source = min(sources, key=lambda s: (_gap((s.start, s.end), cspan), s.start > content.start))
    cues = [s for s in spans if s.role == "CUE"]
    # the cue linking them: near the source and the content together
    cue = min(
        cues,
        key=lambda c: _gap((c.start, c.end), (source.start, source.end)) + _gap((c.start, c.end), cspan),
        default=None,
    )
    if cue is not None and _gap((cue.start, cue.end), (source.start, source.end)) >= 60:
        cue = None
    return {
        "text": text[source.start : source.end],
        "start": source.start,
        "end": source.end,
        "entity_id": None,
        "cue": text[cue.start : cue.end] if cue is not None else None,
        "kind": "named",
        "confidence": round(content.score * source.score, 4),
    }


def propose_claimer(
    doc: Any, claim: Any, tagger: Tagger | None = None, context_sentences: int = 2, min_confidence: float = 0.0
) -> dict[str, Any] | None:
    """Propose a claimer for a claim the rules left without one.

    ``doc`` is a spaCy Doc with sentences and ``claim`` a Span of it (or ``(start_char, end_char)``). The tagger
    reads the claim's sentence with up to ``context_sentences`` sentences before it and one after (a source may
    come a sentence earlier, "He added: ..."); the claimer is the predicted Source of the predicted Content that
    covers the claim (:func:`claimer_from_spans`). Offsets are characters into ``doc.text``; None when the
    tagger sees no such content and source, or its confidence is below ``min_confidence``."""
    tagger = tagger or Tagger.load()
    cs, ce = (claim.start_char, claim.end_char) if hasattr(claim, "start_char") else claim
    sents = list(doc.sents)
    k = next((i for i, s in enumerate(sents) if s.start_char <= cs < s.end_char), None)
    if k is None:
        return None
    first, last = max(0, k - context_sentences), min(len(sents) - 1, k + 1)
    start, end = sents[first].start_char, sents[last].end_char
    local = tagger.predict([doc.text[start:end]])[0]
    shifted = [SpanPrediction(s.role, s.start + start, s.end + start, s.score) for s in local]
    found = claimer_from_spans(doc.text, shifted, (cs, ce))
    if found is None or found["confidence"] < min_confidence:
        return None
    return found
