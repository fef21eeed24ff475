"""`iro-diary plan`: provisional bookings for every unbooked requirement falling due in a window, previewed, and
with --apply booked (one transaction, each booking audited; all or none)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.cli_commands.progress import terminal_progress
from iro_diary.cli_commands.slots import slot_json


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    plan = commands.add_parser(
        "plan",
        parents=[common],
        help="propose provisional bookings for a window's unbooked requirements (--apply books them)",
        description="Propose a provisional booking for every requirement whose latest working day falls from "
        "--from to --to and has no meeting in the diary (and the overdue ones, when --from is today or earlier): "
        "the most urgent first, keeping continuity, spreading the load, never clashing. Nothing is booked "
        "without --apply.",
    )
    plan.add_argument("--from", dest="first", type=iso_date, required=True, metavar="DATE", help="YYYY-MM-DD")
    plan.add_argument("--to", dest="last", type=iso_date, required=True, metavar="DATE", help="YYYY-MM-DD")
    plan.add_argument("--apply", action="store_true", help="book every proposal as a provisional meeting")
    plan.add_argument("--json", action="store_true", help="print {planned, unplaced, booked} as JSON")
    plan.set_defaults(run=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    services = services_of(args)
    booked: list[str] = []
    try:
        with terminal_progress() as progress:
            preview = services.scheduling.plan(args.first, args.last, progress=progress)
        if args.apply and preview.planned:
            rows, _changes = services.scheduling.accept(preview.planned)
            booked = [r.ref for r in rows]
    finally:
        services.close()
    if args.json:
        print_json(
            {
                "from": preview.first,
                "to": preview.last,
                "requirements": preview.requirements,
                "planned": [_planned(p) for p in preview.planned],
                "unplaced": [{**_subject(u.subject), "reason": u.reason} for u in preview.unplaced],
                "booked": booked,
            }
        )
        return 0
    _print_text(preview, booked, args.apply)
    return 0


def _subject(subject: Any) -> dict[str, object]:
    return {
        "requirement_id": subject.requirement_id,
        "kind": subject.kind.value,
        "case_refs": list(subject.case_refs),
        "household": subject.household_ref,
        "due": subject.due,
        "latest_working_day": subject.latest_working_day,
    }


def _planned(row: Any) -> dict[str, object]:
    return {**_subject(row.subject), **slot_json(row.slot), "reasons": list(row.reasons)}


def _print_text(preview: Any, booked: list[str], applied: bool) -> None:
    sys.stdout.write(
        f"{preview.requirements} requirements due {preview.first:%d %b %Y} to {preview.last:%d %b %Y} have no "
        f"meeting: {len(preview.planned)} planned ({preview.late} late), {len(preview.unplaced)} could not be "
        "placed.\n"
    )
    if preview.planned:
        print_table(
            ["DUE", "WHO", "MEETING", "PROPOSED", "CHAIR", "PLACE", "LATE", "WHY"],
            [
                (
                    f"{p.subject.latest_working_day:%a %d %b}",
                    p.subject.who,
                    p.subject.kind.value,
                    f"{p.slot.start:%a %d %b %H:%M}",
                    p.slot.chair_name,
                    p.slot.place,
                    "late" if p.late else "",
                    "; ".join(p.reasons[:3]),
                )
                for p in preview.planned
            ],
        )
    for row in preview.unplaced:
        sys.stdout.write(f"Not placed: {row.subject.who} ({row.subject.kind.value}): {row.reason}\n")
    if booked:
        sys.stdout.write(f"Booked {len(booked)} provisional meetings: {booked[0]} to {booked[-1]}\n")
    elif not applied and preview.planned:
        sys.stdout.write("Nothing was booked: run again with --apply to book these as provisional meetings.\n")
