"""Regenerate docs/render.png, the README's picture of claimscope.viz.render, with headless Chromium.

python docs/render_png.py        # needs chromium (Debian: apt-get install chromium)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import COMMENTARY  # noqa: E402
from tests.test_viz_browser import FLAGS, page  # noqa: E402

import claimscope  # noqa: E402
import claimscope.classify.component  # noqa: E402, F401  (registers the classifier's factory)
from claimscope import viz  # noqa: E402


def main() -> None:
    nlp = claimscope.load()
    if "claimscope_classify" not in nlp.pipe_names:
        nlp.add_pipe("claimscope_classify", last=True)
    markup = viz.render(claimscope.analyze(COMMENTARY, nlp=nlp), jupyter=False)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as tmp:
        target = page(Path(tmp) / "view.html", markup)
        out = ROOT / "docs" / "render.png"
        command = [chromium, *FLAGS, f"--user-data-dir={tmp}/profile", "--window-size=1000,760"]
        subprocess.run([*command, f"--screenshot={out}", target.as_uri()], check=True, capture_output=True)
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
