"""`iro-diary db upgrade` and `iro-diary db status`: the schema of the diary database."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("db", parents=[common], help="database schema: upgrade, status")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser(
        "upgrade",
        parents=[common],
        help="bring the database to this version's schema (backing up SQLite first)",
    )
    upgrade.set_defaults(run=run_upgrade)
    status = actions.add_parser("status", parents=[common], help="which database, which schema, how much data")
    status.set_defaults(run=run_status)


def run_upgrade(args: argparse.Namespace) -> int:
    from iro_diary.app import open_diary

    diary = open_diary(args.database)
    diary.services.close()
    report = diary.migration
    if not report.changed:
        sys.stdout.write(f"{diary.services.database_description} is up to date (schema {report.after}).\n")
    else:
        backup = f"; backup at {report.backup}" if report.backup else ""
        sys.stdout.write(
            f"{diary.services.database_description}: schema {report.before or 'new'} -> {report.after}{backup}.\n"
        )
    return 0


def run_status(args: argparse.Namespace) -> int:
    from iro_diary.app import open_diary

    diary = open_diary(args.database)
    try:
        counts = diary.services.status.counts()
    finally:
        diary.services.close()
    sys.stdout.write(
        f"database: {diary.services.database_description} (chosen by {diary.choice.source})\n"
        f"schema: {diary.migration.after}\n"
        f"IROs: {counts.iros}, rooms: {counts.rooms}, children: {counts.children}, meetings: {counts.meetings}\n"
    )
    return 0
