"""PyInstaller runtime hook for the windowed Windows executable (iro-diary.exe, started from the Start menu).

A windowed program has no console, so Python sets sys.stdout and sys.stderr to None and the first message the
app writes would crash it. Send them nowhere instead; the log file has the details. The command line is
iro-diary-cli.exe, which has a console.
"""

import os
import sys
from pathlib import Path

if sys.stdout is None:
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - open for the life of the program
if sys.stderr is None:
    sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115
