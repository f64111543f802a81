"""viz.render's HTML in headless Chromium: no console errors, hostile text not executed, a screenshot renders.

Skipped when Chromium is not installed (Debian: apt-get install chromium).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from claimscope import viz
from tests.viz.fixtures import long_analysis, sample_analysis

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

# Offline and quiet: without the background-networking flags Chromium tries to reach the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


def page(path: Path, *fragments: str) -> Path:
    body = "".join(fragments)
    path.write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>claimscope</title></head><body>{body}</body></html>'
    )
    return path


def chromium(tmp_path: Path, target: Path, *mode: str) -> tuple[str, list[str]]:
    """Run Chromium on ``target``; return its stdout and the console messages it logged."""
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *mode, target.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def test_console_errors_are_detected(tmp_path):
    """The check itself works: a page whose script fails logs console messages."""
    bad = page(tmp_path / "bad.html", "<script>console.error('boom'); undefinedFunction();</script>")
    _, console = chromium(tmp_path, bad, "--dump-dom")
    assert any("boom" in line for line in console)
    assert any("Uncaught ReferenceError" in line for line in console)


def test_rendered_html_has_no_console_errors_and_runs_no_script(tmp_path):
    target = page(
        tmp_path / "view.html",
        viz.render(sample_analysis(), jupyter=False),
        viz.render(long_analysis(), jupyter=False),
    )
    dom, console = chromium(tmp_path, target, "--dump-dom")
    assert console == []  # the hostile text would log console errors if it ran
    assert 'class="cs-view"' in dom and dom.count('class="cs-view"') == 2
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;console.error" in dom


def test_rendered_html_screenshot(tmp_path):
    target = page(tmp_path / "view.html", viz.render(sample_analysis(), jupyter=False))
    png = tmp_path / "view.png"
    _, console = chromium(tmp_path, target, "--window-size=1000,700", f"--screenshot={png}")
    assert console == []
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a blank page compresses to far less
