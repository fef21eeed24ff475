"""`iro-diary slots`: the scheduling assistant's best slots for one meeting, each bookable as it is with
`iro-diary book` (times are UK local time)."""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from iro_diary.cli_commands.booking import BOOKABLE_KINDS
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import ValidationError

LOCAL = "%Y-%m-%dT%H:%M"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    slots = commands.add_parser(
        "slots",
        parents=[common],
        help="the best slots for a meeting before its deadline",
        description="The best (time, chair, room) for a meeting, best first, with why each ranks where it does: on "
        "or before the latest working day, then continuity (the child's IRO, the siblings', the last chair), then "
        "headroom (caseload per FTE, meetings that week), then the earliest. Each books as it is with "
        "`iro-diary book`; a late one needs --late-reason.",
    )
    subject = slots.add_mutually_exclusive_group(required=True)
    subject.add_argument("--requirement", metavar="ID", help="a requirement id from `iro-diary due-list --json`")
    subject.add_argument("--child", action="append", metavar="REF", help="a child's case reference (with --kind)")
    subject.add_argument("--household", metavar="REF", help="a foster household (--kind foster-review)")
    slots.add_argument("--kind", choices=BOOKABLE_KINDS, metavar="KIND", help=" ".join(BOOKABLE_KINDS))
    slots.add_argument("--count", type=int, default=10, metavar="N", help="how many slots (default 10)")
    slots.add_argument("--minutes", type=int, metavar="N", help="length (default: the kind's setting)")
    slots.add_argument("--people", type=int, metavar="N", help="seats needed (default: scheduling.expected-people)")
    slots.add_argument("--accessible", action="store_true", help="only rooms with step-free access")
    slots.add_argument("--venue", metavar="TEXT", help="held at an external venue: no room needed")
    slots.add_argument(
        "--json", action="store_true", help="print objects with start, end, chair_email, room, late and reasons"
    )
    slots.set_defaults(run=run_slots)


def run_slots(args: argparse.Namespace) -> int:
    options: dict[str, Any] = dict(
        count=args.count, minutes=args.minutes, people=args.people, accessible=args.accessible, venue=args.venue or ""
    )
    services = services_of(args)
    try:
        if args.requirement:
            found = services.scheduling.slots_for_requirement(args.requirement, **options)
        else:
            kind = _kind(args)
            ids = services.diary.lookup(case_refs=args.child or [], household_ref=args.household)
            found = services.scheduling.suggest(kind, ids.child_ids, ids.household_id, **options)
    finally:
        services.close()
    if args.json:
        print_json([slot_json(slot) for slot in found.slots])
    else:
        _print_text(found)
    return 0


def _kind(args: argparse.Namespace) -> MeetingKind:
    if not args.kind:
        raise ValidationError("give --kind with --child or --household (or give --requirement ID)")
    kind = MeetingKind(args.kind)
    if args.household and kind is not MeetingKind.FOSTER_REVIEW:
        raise ValidationError("a household has foster-review meetings: give --kind foster-review")
    return kind


def slot_json(slot: Any) -> dict[str, object]:
    """A slot as `slots --json` (and `plan --json`) print it."""
    return {
        "start": slot.start.strftime(LOCAL),
        "end": slot.end.strftime(LOCAL),
        "chair_email": slot.chair_email,
        "room": slot.room_name,
        "late": slot.late,
        "reasons": list(slot.reasons),
    }


def _print_text(found: Any) -> None:
    window = found.window
    if window is not None:
        sys.stdout.write(
            f"{window.label}: due {window.due:%a %d %b %Y}, "
            f"latest working day {window.latest_working_day:%a %d %b %Y}\n"
        )
    for note in (found.shortfall, found.continuity):
        if note:
            sys.stdout.write(f"{note}.\n")
    if not found.slots:
        sys.stdout.write("No slot found.\n")
        return
    print_table(
        ["#", "WHEN", "CHAIR", "PLACE", "LATE", "WHY"],
        [
            (
                n,
                f"{s.start:%a %d %b %Y %H:%M}–{s.end:%H:%M}",
                s.chair_name,
                s.place,
                f"{s.working_days_late} working days" if s.late else "",
                "; ".join(r for r in s.reasons if r != found.shortfall),
            )
            for n, s in enumerate(found.slots, start=1)
        ],
    )
    sys.stdout.write(f"Book the first: {book_command(found, found.slots[0])}\n")


def book_command(found: Any, slot: Any) -> str:
    """The `iro-diary book` command line that books `slot` as it is."""
    words = ["iro-diary", "book", "--kind", found.kind.value]
    for ref in found.case_refs:
        words += ["--child", ref]
    if found.household_ref:
        words += ["--household", found.household_ref]
    words += ["--chair", slot.chair_email, "--start", slot.start.strftime(LOCAL), "--minutes", str(slot.minutes)]
    words += ["--room", slot.room_name] if slot.room_name else ["--venue", slot.venue]
    if slot.late:
        words += ["--late-reason", "No earlier slot"]
    return shlex.join(words)
