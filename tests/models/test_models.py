"""The shipped multi-task artefact through its three task views."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
from safetensors.torch import load_file, save_file

from claimscope.errors import ClaimscopeValueError, ModelLoadError
from claimscope.models import (
    CheckworthinessModel,
    EntityStanceModel,
    FactOpinionModel,
    MultiTaskPredictor,
    Prediction,
    default_model_path,
)
from claimscope.models.multitask import FORMAT

OPINION = "I think this policy is a disaster."
FACT = "The meeting took place on Tuesday in Tokyo."


@pytest.fixture(scope="module")
def fo() -> FactOpinionModel:
    return FactOpinionModel.load()


def _check(preds: list[Prediction], labels: set[str]) -> None:
    for p in preds:
        assert p.label in labels and set(p.scores) == labels
        assert math.isclose(sum(p.scores.values()), 1.0, abs_tol=1e-5)
        assert p.score == max(p.scores.values()) == p.scores[p.label]
        assert all(0.0 <= s <= 1.0 for s in p.scores.values())


def test_fact_opinion_easy_sentences(fo: FactOpinionModel) -> None:
    preds = fo.predict([OPINION, FACT])
    _check(preds, {"fact", "opinion"})
    assert [p.label for p in preds] == ["opinion", "fact"]


def test_predictions_are_deterministic_and_batch_independent(fo: FactOpinionModel) -> None:
    texts = [FACT, OPINION, "Short.", "A much longer sentence " * 10]
    a, b = fo.predict(texts), fo.predict(texts, batch_size=1)
    assert [p.label for p in a] == [p.label for p in b]
    for x, y in zip(a, b, strict=True):
        assert x.score == pytest.approx(y.score, abs=1e-5)
    assert fo.predict([OPINION])[0].score == pytest.approx(a[1].score, abs=1e-5)


def test_three_views_share_one_loaded_artefact() -> None:
    cw, st, fo = CheckworthinessModel.load(), EntityStanceModel.load(), FactOpinionModel.load()
    assert cw.predictor is st.predictor is fo.predictor


def test_checkworthiness_labels() -> None:
    preds = CheckworthinessModel.load().predict(
        ["Unemployment fell to 3.5 percent last year, the lowest in fifty years.", "Thank you very much."]
    )
    _check(preds, {"checkworthy", "not_checkworthy"})
    assert preds[0].scores["checkworthy"] > preds[1].scores["checkworthy"]


def test_entity_stance_labels_and_polarity() -> None:
    bad = "Critics say Smith is a corrupt liar who betrayed the voters."
    good = "Supporters praised Smith for her brilliant, courageous leadership."
    preds = EntityStanceModel.load().predict([(bad, 12, 17), (good, 19, 24)])
    _check(preds, {"favor", "against", "neutral"})
    assert preds[0].scores["against"] > preds[1].scores["against"]
    assert preds[1].scores["favor"] > preds[0].scores["favor"]


def test_empty_inputs(fo: FactOpinionModel) -> None:
    assert fo.predict([]) == []
    assert EntityStanceModel.load().predict([]) == []
    _check(fo.predict(["", "   "]), {"fact", "opinion"})


def test_stance_offsets_outside_sentence_name_the_item() -> None:
    model = EntityStanceModel.load()
    with pytest.raises(ClaimscopeValueError, match=r"\[E009\] Item 1 .*outside"):
        model.predict([("Smith spoke.", 0, 5), ("Smith spoke.", 3, 40)])
    with pytest.raises(ValueError, match="Item 0"):
        model.predict([("Smith spoke.", -1, 5)])


def test_non_string_text_is_rejected(fo: FactOpinionModel) -> None:
    with pytest.raises(ClaimscopeValueError, match="Item 1"):
        fo.predict(["fine", None])  # type: ignore[list-item]


def test_missing_model_folder(tmp_path) -> None:
    with pytest.raises(ModelLoadError) as err:
        FactOpinionModel.load(tmp_path / "nope")
    assert err.value.code == "E008"
    assert str(tmp_path / "nope") in str(err.value) and "claimscope train" in str(err.value)


@pytest.mark.parametrize("damage", ["config", "weights", "no-weights", "shape"])
def test_corrupt_model_folder(tmp_path, damage: str) -> None:
    folder = tmp_path / "model"
    shutil.copytree(default_model_path(), folder)
    if damage == "config":
        (folder / "config.json").write_text("{not json")
    elif damage == "weights":
        (folder / "model.safetensors").write_bytes(b"\x00" * 100)
    elif damage == "shape":  # a head tensor of the wrong size
        state = load_file(str(folder / "model.safetensors"))
        key = next(k for k in state if k.startswith("heads.") and state[k].dim() == 2)
        state[key] = state[key][:, :-1].clone()
        save_file(state, str(folder / "model.safetensors"), metadata={"format": FORMAT})
    else:
        (folder / "model.safetensors").unlink()
    with pytest.raises(ModelLoadError) as err:
        MultiTaskPredictor.load(folder)
    # torch's shape report spans lines; the code and the rebuild command frame it
    assert re.search(r"\[E008\].*claimscope train", str(err.value), re.DOTALL if damage == "shape" else 0)
    if damage == "shape":
        assert "wrong shape" in str(err.value)


def test_shipped_artefact_is_small_and_documented() -> None:
    folder = default_model_path()
    for name in ("config.json", "metrics.json", "README.md", "model.safetensors"):
        assert (folder / name).is_file(), name
    assert (folder / "model.safetensors").stat().st_size <= 10 * 2**20
    models_dir = Path(__file__).resolve().parents[2] / "models"
    total = sum(p.stat().st_size for p in models_dir.rglob("*") if p.is_file())
    assert total <= 60 * 2**20  # DESIGN.md section 5: the whole of models/ under 60 MB
    config = json.loads((folder / "config.json").read_text())
    assert set(config["temperature"]) == {"verdict", "checkworthiness", "stance"}
    assert all(t > 0 for t in config["temperature"].values())
    metrics = json.loads((folder / "metrics.json").read_text())
    assert {"dev", "test"} <= set(metrics)
