"""Run every notebook here top to bottom and store it with its outputs, so a reader sees the pictures on the
repository's web view without running anything: ``python notebooks/execute.py``.

Outputs that would name this machine (absolute paths in warnings) fail the run instead of being stored.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbclient
import nbformat

HERE = Path(__file__).resolve().parent
MACHINE_PATH = re.compile(r"(/(home|root|work|tmp|Users)/[^\s'\"]+)")


def execute(path: Path) -> nbformat.NotebookNode:
    """``path`` executed in a fresh kernel in its own folder."""
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    )
    client.execute()
    return notebook


def machine_paths(notebook: nbformat.NotebookNode) -> list[str]:
    """Absolute paths that the stored outputs would show."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            found += [m.group(1) for m in MACHINE_PATH.finditer(text)]
    return found


def main() -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    paths = sorted(HERE.glob("*.ipynb")) if len(sys.argv) < 2 else [Path(p) for p in sys.argv[1:]]
    for path in paths:
        notebook = execute(path)
        leaked = machine_paths(notebook)
        if leaked:
            print(f"{path.name}: outputs name machine paths {leaked[:3]}; fix the notebook", file=sys.stderr)
            return 1
        nbformat.write(notebook, path)
        print(f"{path.name}: stored with outputs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
