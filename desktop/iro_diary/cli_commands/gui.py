"""`iro-diary gui` (and `iro-diary` alone): start the desktop app."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("gui", parents=[common], help="start the desktop app (the default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from iro_diary.app import run_gui

    return run_gui(args.database, debug=args.debug)
