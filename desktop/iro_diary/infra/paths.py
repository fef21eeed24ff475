"""Where the app keeps its files on this machine.

Per-user folders come from platformdirs (AppData on Windows, XDG folders on Linux). Setting `IRO_DIARY_HOME`
puts every folder under one directory instead: tests, the self-test and portable installs use it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from iro_diary import APP_ID

HOME_VARIABLE = "IRO_DIARY_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app writes to. None of them is created until something needs it."""

    data: Path
    config: Path
    logs: Path

    @property
    def default_database(self) -> Path:
        return self.data / "iro-diary.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def log_file(self) -> Path:
        return self.logs / "iro-diary.log"

    @property
    def local_settings(self) -> Path:
        return self.config / "local-settings.json"


def app_paths() -> AppPaths:
    """The folders for this user, honouring `IRO_DIARY_HOME`."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        root = Path(home)
        return AppPaths(data=root / "data", config=root / "config", logs=root / "logs")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by its owner only; return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
