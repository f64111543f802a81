"""bf16 where the processor has it, fp32 on request: the setting, the environment variable, the predictions."""

from __future__ import annotations

import pytest
import torch

from claimscope.errors import ClaimscopeValueError
from claimscope.models import FactOpinionModel
from claimscope.models.precision import PRECISION_ENV, autocast_dtype, cpu_has_bf16, precision_name
from claimscope.models.predict import MultiTaskPredictor

CPU = torch.device("cpu")
SENTENCES = [
    "The summit took place in Geneva on Tuesday.",
    "This policy is a disgrace and an insult to every voter.",
    "Exports to China rose by 12 percent last year.",
    "Tokyo's decision was short-sighted and will backfire.",
]


def test_fp32_on_request_and_bf16_forced(monkeypatch):
    monkeypatch.delenv(PRECISION_ENV, raising=False)
    assert autocast_dtype(CPU, "fp32") is None
    assert autocast_dtype(CPU, "bf16") is torch.bfloat16
    assert autocast_dtype(CPU) is None  # the default: outputs reproducible alone and in batches
    assert autocast_dtype(CPU, "auto") is (torch.bfloat16 if cpu_has_bf16() else None)
    monkeypatch.setenv(PRECISION_ENV, "BF16")
    assert autocast_dtype(CPU) is torch.bfloat16
    assert autocast_dtype(CPU, "fp32") is None  # the argument wins over the environment


def test_an_unknown_precision_is_a_coded_error(monkeypatch):
    with pytest.raises(ClaimscopeValueError, match=r"\[E032\].*fp16x.*auto, fp32, bf16"):
        autocast_dtype(CPU, "fp16x")
    monkeypatch.setenv(PRECISION_ENV, "half")
    with pytest.raises(ClaimscopeValueError, match=r"\[E032\].*CLAIMSCOPE_PRECISION"):
        FactOpinionModel.load(precision=None)


def test_bf16_and_fp32_predictors_are_separate_and_agree_on_clear_sentences():
    fp32 = FactOpinionModel.load(precision="fp32")
    bf16 = FactOpinionModel.load(precision="bf16")
    assert fp32.predictor is not bf16.predictor
    assert (fp32.predictor.autocast, bf16.predictor.autocast) == (None, torch.bfloat16)
    a, b = fp32.predict(SENTENCES), bf16.predict(SENTENCES)
    assert [p.label for p in a] == [p.label for p in b]
    assert [p.label for p in a][:3] == ["fact", "opinion", "fact"]
    assert all(abs(x.score - y.score) < 0.05 for x, y in zip(a, b, strict=True))
    assert any(x.scores != y.scores for x, y in zip(a, b, strict=True))  # bf16 really ran


def test_precision_names():
    assert [precision_name(d) for d in (None, torch.bfloat16, torch.float16)] == ["fp32", "bf16", "fp16"]
    assert MultiTaskPredictor.load(precision="fp32") is MultiTaskPredictor.load(precision="fp32")


def test_the_model_cards_report_the_measured_agreement():
    import json
    from pathlib import Path

    from claimscope.training.card import precision_section

    assert precision_section({}) == ""
    for kind in ("claimscope-multitask", "claimscope-topic-stance"):
        for name in (kind, f"{kind}-accurate"):
            folder = Path(__file__).resolve().parents[2] / "models" / name
            rows = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["precision"]
            assert rows and all(r["label_agreement"] >= 0.995 for r in rows)
            section = precision_section({"precision": rows}, accurate=name.endswith("-accurate"))
            assert section.strip() in (folder / "README.md").read_text(encoding="utf-8"), name
