"""The user-facing documents: a short README, links that resolve, no path outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
USER_FACING = [
    ROOT / "README.md",
    ROOT / "CONTRIBUTING.md",
    ROOT / "CHANGELOG.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "models").rglob("README.md")),
    *sorted((ROOT / "tests" / "data").glob("*GUIDE.md")),
]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def test_readme_is_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8")) <= 15_000


@pytest.mark.parametrize("path", USER_FACING, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_inside_the_repository(path):
    for target, _ in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        resolved = (path.parent / target).resolve()
        assert resolved.exists(), f"{path.name} links to missing {target}"
        assert resolved.is_relative_to(ROOT), f"{path.name} links outside the repository: {target}"


@pytest.mark.parametrize("path", USER_FACING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_path_outside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    outside = ["../" + "shared", "/" + "work/", "/" + "root/", "/" + "home/"]  # split: this file names none
    assert not [p for p in outside if p in text]


def test_licence_matches_the_package_metadata():
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert 'license = { text = "Apache-2.0" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
