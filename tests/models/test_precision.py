"""bf16 where the processor has it, fp32 on request: the setting, the environment variable, the predictions."""

from __future__ import annotations

import os

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


def test_weights_stored_in_bf16_give_exactly_what_autocast_gives_with_fp32_weights():
    """A loaded bf16 model keeps its Linear weights in bf16 (autocast would cast them on every call); the numbers
    must be those of the same model with fp32 weights under autocast, to the bit."""
    from claimscope.models.attribution import Tagger
    from claimscope.models.encoder import pad_batch, tokenize
    from claimscope.models.multitask import MultiTaskModel

    predictor = MultiTaskPredictor.load(precision="bf16")
    linears = [m for m in predictor.model.modules() if isinstance(m, torch.nn.Linear)]
    assert linears and all(m.weight.dtype == torch.bfloat16 for m in linears)
    reference, _ = MultiTaskModel.load(predictor.path, command="")  # fp32 weights
    ids = tokenize(predictor.tokenizer, SENTENCES, 64)["input_ids"]
    input_ids, mask = pad_batch(ids, predictor.tokenizer.pad_token_id or 0)
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        stored = predictor.model.head_logits(predictor.model.encode(input_ids, mask), mask)["verdict"]
        cast_per_call = reference.head_logits(reference.encode(input_ids, mask), mask)["verdict"]
    assert torch.equal(stored, cast_per_call)

    tagger = Tagger.load(precision="bf16")
    assert all(m.weight.dtype == torch.bfloat16 for m in tagger.model.modules() if isinstance(m, torch.nn.Linear))
    fp32_weights = Tagger(Tagger.load(precision="fp32").model, tagger.tokenizer, torch.bfloat16)
    text = 'The minister said the talks had failed. "We will not sign," she added.'
    assert tagger.predict([text]) == fp32_weights.predict([text])
    fp32 = MultiTaskPredictor.load(precision="fp32").model
    assert all(m.weight.dtype == torch.float32 for m in fp32.modules() if isinstance(m, torch.nn.Linear))


def _file_mapped_ranges(suffix: str) -> list[tuple[int, int]]:
    ranges = []
    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        for line in maps:
            fields = line.split()
            if len(fields) > 5 and fields[5].endswith(suffix):
                start, end = (int(x, 16) for x in fields[0].split("-"))
                ranges.append((start, end))
    return ranges


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="reads /proc/self/maps (Linux)")
def test_loaded_models_keep_no_weight_in_a_files_memory_map():
    """A weight that views the safetensors file's memory map keeps the whole file resident (335 MB for mpnet)."""
    from claimscope.classify.topics import TopicRelevance
    from claimscope.models.attribution import Tagger

    models = [
        MultiTaskPredictor.load(precision="fp32").model,
        MultiTaskPredictor.load(precision="bf16").model,
        Tagger.load(precision="fp32").model,
        TopicRelevance().encoder,
    ]
    mapped = _file_mapped_ranges(".safetensors")
    for model in models:
        for tensor in [*model.parameters(), *model.buffers()]:
            address = tensor.untyped_storage().data_ptr()
            assert not any(start <= address < end for start, end in mapped)


def test_a_bf16_model_caps_onednns_primitive_cache_unless_the_user_sized_it(monkeypatch):
    """oneDNN keeps up to 1,024 compiled primitives, one per batch shape: a bf16 batch worker grew by ~0.3 GB."""
    from claimscope.models.memory import ONEDNN_CACHE_ENV, cap_onednn_primitive_cache

    monkeypatch.setenv(ONEDNN_CACHE_ENV, "64")
    cap_onednn_primitive_cache()
    assert os.environ[ONEDNN_CACHE_ENV] == "64"  # the user's setting stands
    monkeypatch.delenv(ONEDNN_CACHE_ENV)
    path = MultiTaskPredictor.load(precision="fp32").path
    assert ONEDNN_CACHE_ENV not in os.environ  # fp32 leaves it alone
    monkeypatch.setattr(MultiTaskPredictor, "_cache", {})
    MultiTaskPredictor.load(path, precision="bf16")
    assert os.environ[ONEDNN_CACHE_ENV] == "16"
