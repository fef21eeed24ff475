"""`iro-diary feeds write`: rewrite every IRO's and room's calendar feed in the feeds folder."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.opening import services_of


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("feeds", parents=[common], help="the calendar feeds (.ics) Outlook subscribes to")
    actions = parser.add_subparsers(dest="feeds_action", metavar="ACTION", required=True)
    write = actions.add_parser("write", parents=[common], help="write every IRO's and room's feed now")
    write.add_argument("--folder", metavar="DIR", help="write here instead of the feeds.folder setting")
    write.set_defaults(run=run_write)


def run_write(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        report = services.feeds.write_feeds(args.folder)
    finally:
        services.close()
    sys.stdout.write(report.text + "\n")
    return 0
