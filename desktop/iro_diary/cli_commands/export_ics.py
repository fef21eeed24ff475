"""`iro-diary export-ics`: a meeting's invite (or cancellation), or an IRO's or a room's calendar, as an .ics."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import write_output


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "export-ics",
        parents=[common],
        help="a meeting's invite, or an IRO's or room's calendar for a range, as an .ics file",
        description="Without names: invites carry the meeting's kind and reference and at most initials.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--meeting", metavar="REF", help="the meeting's reference, e.g. M-000123")
    what.add_argument("--iro", metavar="EMAIL", help="an IRO's calendar (with --from and --to)")
    what.add_argument("--room", metavar="NAME", help="a room's calendar (with --from and --to)")
    parser.add_argument("--from", dest="first", type=iso_date, metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=iso_date, metavar="DATE", help="last day (included)")
    parser.add_argument("--cancel", action="store_true", help="the meeting's cancellation (METHOD:CANCEL)")
    parser.add_argument("--out", required=True, metavar="FILE", help="where to write the .ics ('-': standard output)")
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from iro_diary.domain.errors import ValidationError

    if args.meeting and (args.first or args.last):
        raise ValidationError("--from and --to go with --iro or --room, not --meeting")
    if not args.meeting and not (args.first and args.last):
        raise ValidationError("--iro and --room need --from DATE and --to DATE")
    if args.cancel and not args.meeting:
        raise ValidationError("--cancel goes with --meeting")
    services = services_of(args)
    try:
        if args.meeting:
            export = services.invites.export_meeting(ref=args.meeting, cancel=args.cancel)
        else:
            export = services.feeds.export_calendar(
                iro_email=args.iro, room_name=args.room, first=args.first, last=args.last
            )
    finally:
        services.close()
    write_output(args.out, export.ics)
    if args.out != "-":
        what = f"{export.method}, UID {export.uid}, SEQUENCE {export.sequence}" if args.meeting else export.method
        note = f" Note: {export.note}." if export.note else ""
        sys.stdout.write(f"Wrote {Path(args.out)}: {export.title} — {export.events} event(s), {what}.{note}\n")
    return 0
