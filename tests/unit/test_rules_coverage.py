"""Every line of the timescale rules is exercised by their tests (qutebrowser's PERFECT_FILES, in our words)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULE_MODULES = ("timescales", "chains", "due_list", "working_days", "facts", "bank_holidays")


def test_the_rules_modules_are_fully_covered(tmp_path: Path) -> None:
    data = tmp_path / ".coverage"
    env_args = ["--data-file", str(data)]
    tests = ["tests/unit/test_working_days.py", "tests/unit/test_chains.py"]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            *env_args,
            "--source=desktop/iro_diary/domain",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *tests,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    include = ",".join(f"*/domain/{name}.py" for name in RULE_MODULES)
    report = subprocess.run(
        [sys.executable, "-m", "coverage", "report", *env_args, "-m", f"--include={include}", "--fail-under=100"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert report.returncode == 0, report.stdout
