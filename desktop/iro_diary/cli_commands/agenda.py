"""`iro-diary agenda`: the meetings of a period, for everyone, one IRO or one room (times in UK local time)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table

DEFAULT_DAYS = 7


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    agenda = commands.add_parser(
        "agenda",
        parents=[common],
        help="list meetings (default: the coming week)",
        description="List the meetings from --from to --to inclusive (default: today and the six days after it).",
    )
    agenda.add_argument("--iro", metavar="EMAIL", help="only this IRO's meetings (as chair)")
    agenda.add_argument("--room", metavar="NAME", help="only this room's meetings")
    agenda.add_argument("--from", dest="first", type=iso_date, metavar="DATE", help="YYYY-MM-DD (default: today)")
    agenda.add_argument("--to", dest="last", type=iso_date, metavar="DATE", help="YYYY-MM-DD")
    agenda.add_argument("--cancelled", action="store_true", help="include cancelled meetings")
    agenda.add_argument(
        "--json",
        action="store_true",
        help="print objects with ref, kind, start, end, status, chair_email, room, venue and case_refs",
    )
    agenda.set_defaults(run=run_agenda)


def run_agenda(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        first = args.first or services.ctx.clock.today()
        last = args.last or first + dt.timedelta(days=DEFAULT_DAYS - 1)
        rows = services.diary.agenda(
            first, last, iro_email=args.iro, room_name=args.room, include_cancelled=args.cancelled
        )
    finally:
        services.close()
    if args.json:
        print_json(
            [
                {
                    "ref": r.ref,
                    "kind": r.kind.value,
                    "start": r.start,
                    "end": r.end,
                    "status": r.status.value,
                    "chair_email": r.chair_email or None,
                    "room": r.room_name,
                    "venue": r.venue,
                    "case_refs": list(r.case_refs),
                }
                for r in rows
            ]
        )
    else:
        print_table(
            ["DATE", "TIME", "REF", "KIND", "STATUS", "CHAIR", "PLACE", "WHO"],
            [
                (
                    f"{r.start:%a %Y-%m-%d}",
                    f"{r.start:%H:%M}–{r.end:%H:%M}",
                    r.ref,
                    r.kind.value,
                    r.status.value,
                    r.chair_name,
                    r.place,
                    r.who,
                )
                for r in rows
            ],
        )
    return 0
