"""The Qt binding itself must be sound on our Python: a known PySide6 release is not (see pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
edit, proxy = QLineEdit(), QSortFilterProxyModel()
before = sys.getrefcount(None)
for _ in range(2000):
    edit.setText("x")
    proxy.setFilterFixedString("a")
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    """PySide6 6.12.0 on Python 3.11 decrements None's refcount on each void call until the app aborts."""
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 50
