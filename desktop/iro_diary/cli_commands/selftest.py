"""`iro-diary self-test`: the main window offscreen on a temporary demo database; exit 0 when all is well."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "self-test",
        parents=[common],
        help="open the main window offscreen on a temporary demo diary and walk it",
    )
    parser.set_defaults(run=run)


def run(_args: argparse.Namespace) -> int:
    from iro_diary.app import self_test

    return self_test()
