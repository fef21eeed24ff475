"""`iro-diary due RULE DATE…` (a statutory due date) and `iro-diary due-list` (every open requirement)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    due = commands.add_parser(
        "due",
        parents=[common],
        help="the due date of a statutory rule, e.g. `due icpc 2025-12-18`",
        description="Print the due date (YYYY-MM-DD) of RULE counted from each DATE. RULE is one of icpc, "
        "transfer-in, pre-birth, rcpc-first, rcpc, cla-first, cla-second, cla, cse-initial, "
        "cse-review, foster-first, foster (and the other rules of the rules file).",
    )
    due.add_argument("rule", metavar="RULE")
    due.add_argument("dates", metavar="DATE", nargs="+", type=iso_date, help="the anchor date(s), YYYY-MM-DD")
    due.add_argument(
        "--json",
        action="store_true",
        help="print a list of objects with rule, anchor, due, latest_working_day and source",
    )
    due.set_defaults(run=run_due)
    listing = commands.add_parser("due-list", parents=[common], help="every open statutory requirement")
    listing.add_argument(
        "--within",
        type=int,
        metavar="WORKING_DAYS",
        help="only requirements whose latest working day is within this many working days",
    )
    listing.add_argument("--iro", metavar="EMAIL", help="only this IRO's children and households")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_due_list)


def run_due(args: argparse.Namespace) -> int:
    from iro_diary.app import due_dates

    found = due_dates(args.database, args.rule, args.dates)
    if args.json:
        print_json(
            [
                {
                    "rule": d.rule,
                    "anchor": d.anchor,
                    "due": d.due,
                    "latest_working_day": d.latest_working_day,
                    "source": d.source,
                }
                for d in found
            ]
        )
    else:
        sys.stdout.write("".join(f"{d.due.isoformat()}\n" for d in found))
    return 0


def run_due_list(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        rows = services.timescales.due_list(within_working_days=args.within, iro_email=args.iro)
    finally:
        services.close()
    if args.json:
        print_json(
            [
                {
                    "requirement_id": r.requirement_id,
                    "kind": r.rule,
                    "meeting_kind": r.meeting_kind.value,
                    "case_refs": list(r.case_refs),
                    "household": r.household_ref,
                    "anchor": r.anchor,
                    "due": r.due,
                    "latest_working_day": r.latest_working_day,
                    "working_days_left": r.working_days_left,
                    "booked_meeting": r.booked_ref,
                    "rag": r.rag.value,
                    "iro_email": r.iro_email,
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["DUE", "LATEST WD", "LEFT", "RAG", "KIND", "WHO", "BOOKED", "IRO"],
            [
                (
                    r.due,
                    r.latest_working_day,
                    r.working_days_left,
                    r.rag.value,
                    r.rule,
                    " ".join(r.case_refs) or r.household_ref,
                    r.booked_ref or "",
                    r.iro_name or "",
                )
                for r in rows
            ],
        )
    return 0
