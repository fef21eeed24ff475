"""`iro-diary good-practice list|record|note`: good practice ("complements") and the thank-you note.

The note is for someone outside the IRO service: the child appears by initials unless `--with-child-name`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import opened
from iro_diary.cli_commands.output import print_json, print_table, write_output
from iro_diary.cli_commands.quality_shared import child_and_iro, meeting_id
from iro_diary.domain.quality.codes import ThemeKind


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("good-practice", parents=[common], help="good practice and its thank-you notes")
    actions = parser.add_subparsers(dest="good_practice_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="good practice recorded, newest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    record = actions.add_parser("record", parents=[common], help="record good practice; prints its reference")
    record.add_argument("--child", required=True, metavar="REF", help="the child's case reference")
    record.add_argument("--meeting", metavar="REF", help="the held meeting it was seen at")
    record.add_argument("--theme", required=True, metavar="NAME", help="one of `iro-diary themes list`")
    record.add_argument("--recognises", required=True, metavar="NAME", help="the worker (or team) it recognises")
    record.add_argument("--role", default="", metavar="TEXT")
    record.add_argument("--team", default="", metavar="TEXT")
    record.add_argument("--manager", default="", metavar="NAME", help="their manager (the thank-you note's reader)")
    record.add_argument("--description", required=True, metavar="TEXT")
    record.add_argument("--iro", metavar="EMAIL", help="the IRO recording it")
    record.add_argument("--on", type=iso_date, metavar="DATE", help="the day recorded (default today)")
    record.set_defaults(run=run_record)
    note = actions.add_parser("note", parents=[common], help="write the thank-you note for the worker's manager")
    note.add_argument("ref", metavar="REF")
    note.add_argument("--out", required=True, metavar="FILE", help="a text file; '-' prints it")
    note.add_argument("--with-child-name", action="store_true", help="name the child (default: initials only)")
    note.set_defaults(run=run_note)


def run_list(args: argparse.Namespace) -> int:
    with opened(args) as services:
        rows = services.good_practice.list_good_practice()
    if args.json:
        print_json(
            [
                {
                    "ref": r.ref, "case_ref": r.case_ref, "meeting": r.meeting_ref, "theme": r.theme,
                    "recorded_on": r.recorded_on, "recorded_by": r.iro_name, "team": r.team,
                    "recognised": r.recognised, "recognised_role": r.recognised_role,
                    "recognised_team": r.recognised_team, "manager": r.manager,
                }
                for r in rows
            ]
        )  # fmt: skip
    else:
        print_table(
            ["REF", "RECORDED", "CHILD", "THEME", "RECOGNISES", "IRO"],
            [(r.ref, r.recorded_on, r.case_ref, r.theme, r.recognised, r.iro_name or "") for r in rows],
        )
    return 0


def run_record(args: argparse.Namespace) -> int:
    from iro_diary.services.quality.rows import NewGoodPractice

    with opened(args) as services:
        child, iro = child_and_iro(services, args.child, args.iro)
        row, _changes = services.good_practice.record(
            NewGoodPractice(
                child_id=child,
                theme_id=services.quality_lists.theme_id(ThemeKind.GOOD_PRACTICE, args.theme),
                recognised=args.recognises,
                description=args.description,
                recorded_by_iro_id=iro,
                meeting_id=meeting_id(services, args.meeting),
                recognised_role=args.role,
                recognised_team=args.team,
                manager=args.manager,
                recorded_on=args.on,
            )
        )
    sys.stdout.write(f"{row.ref}\n")
    return 0


def run_note(args: argparse.Namespace) -> int:
    with opened(args) as services:
        record = services.good_practice.record_id(args.ref)
        note = services.good_practice.thank_you_note(record, with_child_name=args.with_child_name)
    write_output(args.out, note.body.encode("utf-8"))
    if args.out != "-":
        sys.stdout.write(f"Thank-you note for {args.ref.upper()} written to {args.out}\n")
    return 0
