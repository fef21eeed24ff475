"""`iro-diary self-test` and the real app starting, as the installer's smoke test and a new user see them."""

from __future__ import annotations

import os
import subprocess
import sys


def test_self_test_walks_the_main_window() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iro_diary", "self-test"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
