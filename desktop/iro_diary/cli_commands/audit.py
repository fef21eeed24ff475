"""`iro-diary audit`: the audit trail (issue #10) — one meeting's or one child's history, or every change in a
period exported as CSV. Nothing can change or delete the trail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.domain.errors import ValidationError


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "audit", parents=[common], help="who changed what and when: a meeting's or a child's history, or a CSV export"
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar="REF", help="a meeting's history, e.g. M-000123")
    which.add_argument("--child", metavar="CASE_REF", help="a child's history")
    which.add_argument("--csv", metavar="FILE", help="every change from --from to --to, to a CSV file")
    parser.add_argument("--from", dest="start", type=iso_date, help="first day of the export")
    parser.add_argument("--to", dest="end", type=iso_date, help="last day of the export")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        if args.csv:
            if args.start is None or args.end is None:
                raise ValidationError("give the period to export: --from YYYY-MM-DD --to YYYY-MM-DD")
            count = services.history.export(Path(args.csv), args.start, args.end)
            sys.stdout.write(f"{count} audit rows written to {args.csv}\n")
            return 0
        if args.meeting:
            rows = services.history.meeting(services.diary.meeting_by_ref(args.meeting).id)
        else:
            rows = services.history.child(services.workload.find_child(args.child))
    finally:
        services.close()
    _print(rows, as_json=args.json)
    return 0


def _print(rows: list[Any], *, as_json: bool) -> None:
    if as_json:
        print_json(
            [
                {
                    "at": r.at,
                    "who": r.actor,
                    "action": r.action,
                    "summary": r.summary,
                    "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in r.changes],
                }
                for r in rows
            ]
        )
        return
    print_table(
        ["WHEN", "WHO", "WHAT", "BEFORE → AFTER"],
        [(f"{r.at:%Y-%m-%d %H:%M}", r.actor, r.summary or r.action, r.changes_text) for r in rows],
    )
