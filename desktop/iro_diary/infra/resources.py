"""Finding the app's resources (rules file, icons, style sheet, demo profile).

They live in the top-level `resources/` folder of the source tree. A PyInstaller bundle carries the same folder
next to the executable's modules (`sys._MEIPASS`). `IRO_DIARY_RESOURCES` points somewhere else (tests, a council's
own rules).
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

from iro_diary.domain.errors import EnvironmentProblem, ValidationError

RESOURCES_VARIABLE = "IRO_DIARY_RESOURCES"


def resources_dir() -> Path:
    """The resources folder; EnvironmentProblem when the installation is incomplete."""
    candidates = []
    if os.environ.get(RESOURCES_VARIABLE):
        candidates.append(Path(os.environ[RESOURCES_VARIABLE]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    candidates.append(Path(__file__).resolve().parents[3] / "resources")
    for candidate in candidates:
        if (candidate / "rules").is_dir():
            return candidate
    raise EnvironmentProblem(
        "IRO Diary's resources folder is missing (looked in "
        + ", ".join(str(c) for c in candidates)
        + "): reinstall the app."
    )


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's contents; ValidationError naming the file and line when it is malformed."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"{path} is not valid TOML: {error}") from None
    except OSError as error:
        raise EnvironmentProblem(f"Cannot read {path}: {error.strerror or error}") from None
