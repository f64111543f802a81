"""claimscope.load(): the default pipeline, saving and loading, and load errors."""

from __future__ import annotations

import pytest

import claimscope
from claimscope.errors import ModelLoadError
from tests.conftest import COMMENTARY


def annotations(doc):
    return (
        [(e.text, e.label_, e.kb_id_) for e in doc.ents],
        [(c.start_char, c.end_char, c._.claimer, c._.modality, c._.hedged) for c in doc.spans["claims"]],
        [(c._.verdict, c._.verdict_score, c._.checkworthiness, c._.stances) for c in doc.spans["claims"]],
        doc._.skipped,
        doc._.entity_info,
    )


def test_default_pipeline_has_the_claimscope_components_in_order(nlp):
    names = nlp.pipe_names
    assert names.index("claimscope_lines") < names.index("parser")
    assert names.index("ner") < names.index("claimscope_entities") < names.index("claimscope_claims")
    assert names.index("claimscope_claims") < names.index("claimscope_classify")


def test_without_a_classifier_model_the_component_is_absent_with_a_warning(tmp_path, monkeypatch):
    from claimscope.errors import ClaimscopeWarning

    monkeypatch.setenv("CLAIMSCOPE_MODEL_DIR", str(tmp_path / "no-model-here"))
    with pytest.warns(ClaimscopeWarning, match=r"\[W005\].*no-model-here"):
        nlp = claimscope.load()
    assert "claimscope_classify" not in nlp.pipe_names
    (claim,) = claimscope.analyze("Japan has imposed new sanctions on Russia.", nlp=nlp).claims
    assert claim.verdict is None and claim.stances == []


def test_saved_pipeline_gives_the_same_annotations(nlp, commentary_doc, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = claimscope.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == nlp.pipe_names
    assert annotations(reloaded(COMMENTARY)) == annotations(commentary_doc)


def test_saved_pipeline_keeps_user_entities(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text('{"label": "ORG", "name": "Valdai Club", "aliases": ["Valdai Club"]}\n', encoding="utf-8")
    nlp = claimscope.load(extra_entities=extra)
    nlp.to_disk(tmp_path / "pipeline")
    extra.unlink()  # the saved pipeline must not need the original file
    doc = claimscope.load(tmp_path / "pipeline")("The Valdai Club met in Sochi.")
    assert ("Valdai Club", "ORG", "ORG:valdai-club") in {(e.text, e.label_, e.kb_id_) for e in doc.ents}


def test_loading_a_folder_that_is_not_a_pipeline_is_a_coded_error(tmp_path):
    with pytest.raises(ModelLoadError, match=r"\[E004\]") as info:
        claimscope.load(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_every_resource_file_is_packaged() -> None:
    """A resource missing from package-data works in an editable install and breaks an installed wheel."""
    import fnmatch
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["claimscope"]
    resources = root / "src" / "claimscope" / "resources"
    data = (p for p in resources.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py")
    for path in data:  # the loader, resources/__init__.py, is packaged as a module
        name = path.relative_to(resources.parent).as_posix()
        assert any(fnmatch.fnmatch(name, g) for g in globs), f"{name} is not in package-data"
