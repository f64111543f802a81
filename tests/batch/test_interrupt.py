"""Ctrl-C stops ``claimscope analyze`` within seconds, with one line and exit status 130."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from tests.conftest import COMMENTARY

LOADED_AFTER_S = 15  # imports and pipeline load take about 5 s; the text below takes over a minute


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a child of a background job would inherit SIG_IGN


def test_sigint_stops_analyze_in_seconds(tmp_path):
    text = tmp_path / "long.txt"
    text.write_text("\n\n".join([COMMENTARY] * 400), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "claimscope", "analyze", str(text)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )
    time.sleep(LOADED_AFTER_S)
    assert process.poll() is None, "the analysis ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = process.communicate(timeout=60)
    waited = time.monotonic() - sent
    assert process.returncode == 130, err
    assert waited < 10
    assert out == ""
    assert [line for line in err.splitlines() if line.strip()] == [
        "claimscope analyze: interrupted (Ctrl-C); nothing was written."
    ]
