"""Low-rank adapters: identity at the start, exact merge at load, cached training, the train options, E029."""

from __future__ import annotations

import json

import pytest
import torch
import typer
from safetensors.torch import load_file, save_file
from torch import nn
from typer.testing import CliRunner

from claimscope.models import FactOpinionModel, MultiTaskModel, lora
from claimscope.models.encoder import pad_batch
from claimscope.training.card import write_card
from claimscope.training.cli import register
from claimscope.training.train import Example, cache_lower_layers, forward_cached

SPEC = {"layers": [2, 3], "rank": 4, "alpha": 8}
TEXTS = ["The sanctions on Russia are working.", "Japan should send more weapons to Ukraine without delay."]


def _encode(model: MultiTaskModel, tok) -> torch.Tensor:
    ids, mask = pad_batch(tok(TEXTS)["input_ids"])
    with torch.no_grad():
        return model.encode(ids, mask)


@pytest.fixture(scope="module")
def adapted():
    """A model with adapters on layers 2-3 whose B factors are random (as after training)."""
    torch.manual_seed(0)
    model, tok = MultiTaskModel.create({"tasks": ["topic_stance"], "trained_layers": [4, 5], "lora": SPEC})
    for adapter in lora.adapters(model.encoder, SPEC).values():
        nn.init.normal_(adapter.B, std=0.05)
    return model.eval(), tok


def test_adapters_start_as_the_base_weights() -> None:
    plain, tok = MultiTaskModel.create({"tasks": ["topic_stance"], "trained_layers": [4, 5]})
    with_adapters, _ = MultiTaskModel.create({"tasks": ["topic_stance"], "trained_layers": [4, 5], "lora": SPEC})
    assert len(lora.adapters(with_adapters.encoder, SPEC)) == 2 * len(lora.MODULES["bert"])
    assert torch.equal(_encode(plain.eval(), tok), _encode(with_adapters.eval(), tok))


def test_a_merge_into_bf16_stores_the_fp32_sum_cast_once(adapted, tmp_path) -> None:
    """Loading for bf16 merges each layer in fp32 and casts it at once: the same weights as a merge then a cast."""
    model, _ = adapted
    model.save(tmp_path)
    fp32, _ = MultiTaskModel.load(tmp_path, "rebuild")
    bf16, _ = MultiTaskModel.load(tmp_path, "rebuild", dtype=torch.bfloat16)
    for layer in (2, 3):
        wide = fp32.encoder.encoder.layer[layer].attention.self.query
        narrow = bf16.encoder.encoder.layer[layer].attention.self.query
        assert wide.weight.dtype == torch.float32 and narrow.weight.dtype == torch.bfloat16
        assert torch.equal(narrow.weight, wide.weight.to(torch.bfloat16))
        assert torch.equal(narrow.bias, wide.bias.to(torch.bfloat16))
        assert narrow.weight.untyped_storage().resizable()  # memory of its own, not the file's map
    assert fp32.encoder.encoder.layer[4].attention.self.query.weight.dtype == torch.float32  # not adapted


def test_saved_adapters_are_merged_at_load(adapted, tmp_path) -> None:
    model, tok = adapted
    model.save(tmp_path)
    state = load_file(str(tmp_path / "model.safetensors"))
    lora_keys = [k for k in state if k.startswith("lora.")]
    assert len(lora_keys) == 2 * 2 * len(lora.MODULES["bert"]) and all(
        state[k].dtype == torch.float16 for k in lora_keys
    )
    assert "lora.2.attention.self.query.B" in state and not any(k.startswith("encoder.encoder.layer.2.") for k in state)

    merged, _ = MultiTaskModel.load(tmp_path, "rebuild")
    assert lora.adapters(merged.encoder, SPEC) == {}  # plain Linear modules: the base encoder's speed
    assert isinstance(merged.encoder.encoder.layer[2].attention.self.query, nn.Linear)
    assert torch.allclose(_encode(merged, tok), _encode(model, tok), atol=5e-3)  # fp16 storage
    assert not torch.allclose(_encode(merged, tok), _encode(MultiTaskModel.create(merged.config)[0].eval(), tok))
    with pytest.raises(ValueError, match="merged"):
        merged.delta_state_dict()

    kept, _ = MultiTaskModel.load(tmp_path, "rebuild", merge_lora=False)
    assert kept.delta_state_dict().keys() == state.keys()


def test_artefact_missing_its_adapters_is_a_coded_load_error(adapted, tmp_path) -> None:
    model, _ = adapted
    model.save(tmp_path)
    state = load_file(str(tmp_path / "model.safetensors"))
    save_file({k: v for k, v in state.items() if not k.startswith("lora.3.")}, str(tmp_path / "model.safetensors"))
    with pytest.raises(OSError, match=r"E008.*missing \['lora\.3\."):
        MultiTaskModel.load(tmp_path, "rebuild")


def test_cached_training_pass_runs_the_adapted_layers(adapted) -> None:
    model, tok = adapted
    assert model.run_layers == [2, 3, 4, 5]
    exs = [Example("topic_stance", ids, [0], [[1]]) for ids in tok(TEXTS)["input_ids"]]
    cache_lower_layers(model, exs)
    assert exs[0].cache is not None and exs[0].cache.shape == (len(exs[0].ids), 384)
    ids, mask = pad_batch([e.ids for e in exs])
    tmask = torch.zeros_like(ids)
    tmask[:, 1] = 1
    with torch.no_grad():
        cached, _ = forward_cached(model, exs)
        full = model.head_logits(model.encode(ids, mask), mask, torch.tensor([0, 1]), tmask)
    assert torch.allclose(cached["topic_stance"], full["topic_stance"], atol=2e-2)


@pytest.fixture(scope="module")
def fo_file(tmp_path_factory):
    rows = ["sentence_id\tsentence\tlabel", "1\tI think this is a terrible idea.\tSUBJ"]
    rows += ["2\tWhat a shameful, stupid decision.\tSUBJ", "3\tThe summit took place in Rome.\tOBJ"]
    rows += ["4\tThe ministry published the figures on Monday.\tOBJ"]
    path = tmp_path_factory.mktemp("lora") / "fo.tsv"
    path.write_text("\n".join(rows) + "\n")
    return path


def _train(fo_file, output, *extra: str):
    app = typer.Typer()
    register(app)
    args = ["train", "fact-opinion", "--data", str(fo_file), "--dev", str(fo_file), "--output", str(output)]
    return CliRunner().invoke(app, [*args, "--epochs", "1", "--trainable-layers", "1", "--seed", "3", *extra])


def test_train_with_lora_layers(fo_file, tmp_path) -> None:
    res = _train(fo_file, tmp_path / "run", "--lora-layers", "1", "--lora-rank", "2")
    assert res.exit_code == 0, res.output
    config = json.loads((tmp_path / "run" / "config.json").read_text())
    assert config["lora"] == {"layers": [4], "rank": 2, "alpha": 4} and config["training"]["lora_layers"] == 1
    state = load_file(str(tmp_path / "run" / "model.safetensors"))
    assert state["lora.4.intermediate.dense.A"].shape == (2, 384)
    assert state["lora.4.intermediate.dense.B"].abs().sum() > 0  # the adapters were trained
    preds = FactOpinionModel.load(tmp_path / "run").predict(["The summit took place in Rome."])
    assert preds[0].label in {"fact", "opinion"}
    card = write_card(tmp_path / "run", "claimscope train ...").read_text()
    assert "layers 0-3 are the packaged weights" in card and "layers [4] carry rank-2 low-rank adapters" in card
    assert "top 1 layer(s) fine-tuned, 1 more with adapters" in card
    # the adapters have their own learning rate: at 0 they stay where they start (B = 0)
    assert _train(fo_file, tmp_path / "still", "--lora-layers", "1", "--lora-lr", "0").exit_code == 0
    state = load_file(str(tmp_path / "still" / "model.safetensors"))
    assert all(not state[k].any() for k in state if k.startswith("lora.") and k.endswith(".B"))
    assert json.loads((tmp_path / "still" / "config.json").read_text())["training"]["lora_lr"] == 0


def test_init_can_add_adapters_but_not_change_them(fo_file, tmp_path) -> None:
    assert _train(fo_file, tmp_path / "plain").exit_code == 0
    res = _train(fo_file, tmp_path / "added", "--init", str(tmp_path / "plain"), "--lora-layers", "1")
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "added" / "config.json").read_text())["lora"]["layers"] == [4]
    res = _train(
        fo_file, tmp_path / "other", "--init", str(tmp_path / "added"), "--lora-layers", "1", "--lora-rank", "8"
    )
    assert res.exit_code == 1 and "[E025]" in res.output and "'rank': 16" in res.output


@pytest.mark.parametrize(
    "extra", [["--lora-layers", "6"], ["--lora-layers", "-1"], ["--lora-layers", "1", "--lora-rank", "0"]]
)
def test_impossible_adapters_are_e029(fo_file, tmp_path, extra) -> None:
    res = _train(fo_file, tmp_path / "bad", *extra)
    assert res.exit_code == 1 and "[E029]" in res.output and "--lora-layers must be 0..5" in res.output
    assert not (tmp_path / "bad").exists()


def test_runs_with_adapters_are_not_averaged_into_a_soup(fo_file, tmp_path) -> None:
    runs = [tmp_path / "a", tmp_path / "b"]
    for seed, run in zip(("3", "4"), runs, strict=True):
        assert _train(fo_file, run, "--lora-layers", "1", "--seed", seed).exit_code == 0
    app = typer.Typer()
    register(app)
    res = CliRunner().invoke(app, ["soup", *map(str, runs), "--output", str(tmp_path / "soup")])
    assert res.exit_code == 1 and "[E027]" in res.output and "adapters" in res.output
