"""spaCy integration: ``spacy_factories`` entry points and ``Doc._.analysis``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from spacy.tokens import Doc

import claimscope
from claimscope.extensions import install_extensions
from tests.conftest import COMMENTARY

ROOT = Path(__file__).resolve().parents[1]


def declared_factories() -> dict[str, str]:
    """The ``spacy_factories`` entry points of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"]["spacy_factories"]


def test_every_factory_has_an_entry_point_naming_its_function():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "claimscope").rglob("*.py"))
    names = set(re.findall(r"@Language\.(?:factory|component)\(\s*\"(\w+)\"", source))
    assert names >= {"claimscope_lines", "claimscope_entities", "claimscope_claims", "claimscope_classify"}
    declared = declared_factories()
    assert set(declared) == names
    from spacy.language import Language
    from spacy.util import registry

    for name, value in declared.items():
        module, _, function = value.partition(":")
        imported = getattr(__import__(module, fromlist=[function]), function)
        assert registry.factories.get(Language.get_factory_name(name)) is imported, name
    installed = {e.name: e.value for e in entry_points(group="spacy_factories") if e.name.startswith("claimscope")}
    assert installed == declared, "reinstall the package metadata: pip install -e . --no-deps"


LOAD_WITHOUT_CLAIMSCOPE = """
import json, sys
import spacy
assert "claimscope" not in sys.modules
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.argv[2])
print(json.dumps({
    "pipe_names": nlp.pipe_names,
    "claims": [[c.text, c._.verdict] for c in doc.spans["claims"]],
}))
"""


def test_a_saved_pipeline_loads_with_plain_spacy_in_a_fresh_process(nlp, tmp_path):
    path = tmp_path / "pipeline"
    nlp.to_disk(path)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    text = "Peskov said that Tokyo's sanctions were unfriendly."
    out = subprocess.run(
        [sys.executable, "-c", LOAD_WITHOUT_CLAIMSCOPE, str(path), text],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # not the repository root, so that only the installed package can be found
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["pipe_names"] == nlp.pipe_names
    doc = nlp(text)
    expected = [[c.text, c._.verdict] for c in doc.spans["claims"]]
    assert result["claims"] == expected and expected


def test_doc_analysis_is_the_analysis_of_analyze(nlp):
    doc = nlp(COMMENTARY)
    analysis = doc._.analysis
    expected = claimscope.analyze(COMMENTARY, nlp=nlp)
    assert analysis.claims == expected.claims and len(analysis.claims) >= 3
    assert analysis.to_json() == expected.to_json()
    assert isinstance(analysis, claimscope.Analysis) and analysis.text == doc.text


def test_doc_analysis_carries_the_input_warnings_without_emitting_them(nlp, recwarn):
    text = "Japan has imposed new sanctions on Russia.\x07"
    with pytest.warns(claimscope.errors.ClaimscopeWarning):
        expected = claimscope.analyze(text, nlp=nlp)
    recwarn.clear()
    analysis = nlp(text)._.analysis
    assert analysis.warnings == expected.warnings and analysis.warnings
    assert not [w for w in recwarn if issubclass(w.category, claimscope.errors.ClaimscopeWarning)]
    assert analysis.to_json() == expected.to_json()


def test_the_analysis_extension_is_installed_once_as_a_getter():
    install_extensions()
    install_extensions()  # idempotent
    default, method, getter, setter = Doc.get_extension("analysis")
    assert getter is not None and setter is None and default is None and method is None
    assert Doc.has_extension("analysis")
