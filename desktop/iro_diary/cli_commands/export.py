"""`iro-diary export FOLDER`: the diary as the import templates' CSV files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.progress import terminal_progress


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export",
        parents=[common],
        help="write iros.csv, rooms.csv, children.csv, care_episodes.csv, protection_plans.csv, meetings.csv",
    )
    parser.add_argument("folder", metavar="FOLDER", type=Path, help="where to write the files (created if needed)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        with terminal_progress() as progress:
            files = services.exports.export(args.folder, progress)
    finally:
        services.close()
    for file in files:
        sys.stdout.write(f"{file.path}: {file.rows:,} rows\n")
    return 0
