"""Settings that belong to this PC, not the team: which database to open.

Kept in a small JSON file in the per-user config folder. Window geometry lives in QSettings (the UI's business);
team-wide settings live in the database.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.infra.paths import AppPaths, ensure_private_dir

DATABASE_VARIABLE = "IRO_DIARY_DATABASE_URL"


@dataclass(frozen=True)
class DatabaseChoice:
    """Which database to open and why: 'command line', 'environment', 'settings' or 'default'."""

    address: str
    source: str


def read_local_settings(path: Path) -> dict[str, Any]:
    """The file's contents; an unreadable or malformed file counts as empty (it only holds preferences)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_local_settings(path: Path, values: dict[str, Any]) -> None:
    """Replace the file atomically (write a temporary file, then rename)."""
    try:
        ensure_private_dir(path.parent)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(values, indent=2, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise EnvironmentProblem(f"Cannot save the settings file {path}: {error.strerror or error}") from None


def choose_database(explicit: str | None, paths: AppPaths) -> DatabaseChoice:
    """--database beats IRO_DIARY_DATABASE_URL beats the settings file beats the per-user default file."""
    if explicit:
        return DatabaseChoice(explicit, "command line")
    from_environment = os.environ.get(DATABASE_VARIABLE, "").strip()
    if from_environment:
        return DatabaseChoice(from_environment, "environment")
    stored = read_local_settings(paths.local_settings).get("database_url")
    if isinstance(stored, str) and stored.strip():
        return DatabaseChoice(stored.strip(), "settings")
    return DatabaseChoice(str(paths.default_database), "default")
