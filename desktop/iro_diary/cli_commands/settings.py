"""`iro-diary settings list|get|set`: the team-wide settings (child population, caseload band, rules …)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("settings", parents=[common], help="list, read or change team-wide settings")
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="every setting with its value and source")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    get = actions.add_parser("get", parents=[common], help="print one setting's value")
    get.add_argument("key")
    get.set_defaults(run=run_get)
    put = actions.add_parser("set", parents=[common], help="change one setting")
    put.add_argument("key")
    put.add_argument("value")
    put.set_defaults(run=run_set)


def run_list(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        rows = services.settings.list_settings()
    finally:
        services.close()
    if args.json:
        print_json(
            [
                {
                    "key": r.key,
                    "value": r.value,
                    "default": r.default,
                    "description": r.description,
                    "source": r.source,
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["KEY", "VALUE", "DEFAULT", "DESCRIPTION"],
            [(r.key, r.value, r.default, r.description) for r in rows],
        )
    return 0


def run_get(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        value = services.settings.get(args.key)
        sys.stdout.write("(not set)\n" if value is None else f"{value}\n")
    finally:
        services.close()
    return 0


def run_set(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        services.settings.set(args.key, args.value)
        value = services.settings.get(args.key)
    finally:
        services.close()
    sys.stdout.write(f"{args.key} = {'(not set)' if value is None else value}\n")
    return 0
