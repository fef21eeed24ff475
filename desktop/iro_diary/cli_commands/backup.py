"""`iro-diary backup FILE` and `iro-diary restore FILE`: the whole diary, out to one file and back.

A restore checks the file completely before touching the diary, keeps a copy of the diary as it was in the
backups folder, and replaces everything in one transaction. A damaged or foreign file is refused and nothing
changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.progress import terminal_progress


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the whole diary into FILE (SQLite online backup; PostgreSQL: pg_dump, else a full export)",
    )
    backup.add_argument("file", metavar="FILE", type=Path)
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the whole diary with a backup (checked first; the current diary is kept in the backups folder)",
    )
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        with terminal_progress() as progress:
            result = services.backups.backup(args.file, progress)
    finally:
        services.close()
    if result.note:
        sys.stdout.write(result.note + "\n")
    sys.stdout.write(f"Backed up {services.database_description} to {result.path} ({result.size:,} bytes).\n")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from iro_diary.infra.paths import app_paths

    services = services_of(args)
    try:
        with terminal_progress() as progress:
            result, _changes = services.backups.restore(args.file, app_paths().backups, progress)
    finally:
        services.close()
    sys.stdout.write(
        f"Restored {services.database_description} from {result.source}. "
        f"The diary as it was before is kept in {result.safety_copy}.\n"
    )
    return 0
