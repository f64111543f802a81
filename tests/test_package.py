"""The installed package: models inside it, a cheap import, no process-wide settings, ``python -m``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import claimscope
from claimscope.models.artefacts import CLASSIFIER, PACKAGED_DIR, TOPIC_STANCE, artefact_path, describe

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_", "CLAIMSCOPE_"))}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd="/", env={**clean, **env}, timeout=300
    )


def test_artefacts_ship_inside_the_package():
    assert PACKAGED_DIR.parent == Path(claimscope.__file__).resolve().parent
    for name in (CLASSIFIER, TOPIC_STANCE):
        assert artefact_path(name) == PACKAGED_DIR / name or os.environ.get("CLAIMSCOPE_MODEL_DIR")
        assert describe(name, PACKAGED_DIR / name).found


def test_every_artefact_file_is_package_data():
    """A file in models/<name>/ that no package-data glob names would be missing from the wheel."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for path in (ROOT / "models").glob("*/*"):
        assert f'"artefacts/*/{path.name}"' in text, path


def test_a_missing_artefact_is_described_not_raised(tmp_path):
    info = describe(CLASSIFIER, tmp_path)
    assert info.found is False and info.sha256 is None


def test_import_is_cheap_and_changes_no_environment():
    code = (
        "import os, sys, claimscope; "
        "assert 'spacy' not in sys.modules and 'torch' not in sys.modules, sorted(sys.modules)[:5]; "
        "from claimscope.models import FactOpinionModel; FactOpinionModel.load(); "
        "assert 'HF_HUB_OFFLINE' not in os.environ and 'TRANSFORMERS_OFFLINE' not in os.environ; "
        "print(claimscope.__version__)"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == claimscope.__version__


def test_python_dash_m_runs_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "claimscope", "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stdout.strip() == f"claimscope {claimscope.__version__}"


def test_version_is_single_sourced():
    from importlib import metadata

    assert metadata.version("claimscope") == claimscope.__version__
    assert 'dynamic = ["version"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_command_line_answers_help_without_loading_the_heavy_modules():
    code = (
        "import sys, claimscope.cli; "
        "heavy = sorted({'spacy', 'torch', 'transformers', 'datasets', 'pyarrow', 'pandas'} & set(sys.modules)); "
        "print(heavy)"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
