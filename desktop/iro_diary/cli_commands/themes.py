"""`iro-diary themes list|add|rename|retire|restore`: the service's themes of concerns and of good practice.

A theme in use is retired rather than deleted: it leaves the dialogs and stays in the records and the reports.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.opening import opened
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.cli_commands.quality_shared import chosen
from iro_diary.domain.errors import NotFound
from iro_diary.domain.quality.codes import ThemeKind

KINDS = {k.value: k for k in ThemeKind}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("themes", parents=[common], help="the themes of concerns and of good practice")
    actions = parser.add_subparsers(dest="themes_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="every theme, with how often it is used")
    listing.add_argument("--kind", metavar="KIND", help=" or ".join(KINDS))
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    for name, help_text in (
        ("add", "add a theme"),
        ("rename", "rename a theme everywhere it is used"),
        ("retire", "take a theme out of the dialogs (kept in records and reports)"),
        ("restore", "offer a retired theme again"),
    ):
        action = actions.add_parser(name, parents=[common], help=help_text)
        action.add_argument("kind", metavar="KIND", help=" or ".join(KINDS))
        action.add_argument("name", metavar="NAME")
        if name == "rename":
            action.add_argument("new_name", metavar="NEW_NAME")
        action.set_defaults(run=run_change, themes_change=name)


def run_list(args: argparse.Namespace) -> int:
    kind = chosen(args.kind, KINDS, "kind of theme") if args.kind else None
    with opened(args) as services:
        rows = services.quality_lists.themes(kind)
    if args.json:
        print_json([{"kind": r.kind.value, "name": r.name, "active": r.active, "used": r.used} for r in rows])
    else:
        print_table(
            ["KIND", "THEME", "IN USE", "OFFERED"],
            [(r.kind.value, r.name, r.used, "yes" if r.active else "retired") for r in rows],
        )
    return 0


def run_change(args: argparse.Namespace) -> int:
    kind = chosen(args.kind, KINDS, "kind of theme")
    with opened(args) as services:
        lists = services.quality_lists
        if args.themes_change == "add":
            row, _changes = lists.add_theme(kind, args.name)
        else:
            current = next((t for t in lists.themes(kind) if t.name.casefold() == args.name.strip().casefold()), None)
            if current is None:
                raise NotFound(f"no {kind.label.lower()} theme '{args.name}' (see `iro-diary themes list`)")
            if args.themes_change == "rename":
                row, _changes = lists.rename_theme(current.id, current.version, args.new_name)
            else:
                row, _changes = lists.set_theme_active(current.id, current.version, args.themes_change == "restore")
    sys.stdout.write(f"{row.kind.value}: {row.name}{'' if row.active else ' (retired)'}\n")
    return 0
