"""`iro-diary book`, `cancel` and `held`: the booking services for scripts, with the dialog's own words.

Times are UK local time. A refused booking exits non-zero with one line saying why, exactly as the booking dialog
says it ("Chair already booked 10:00–11:30 by M-000123").
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.dates import local_time
from iro_diary.cli_commands.opening import services_of
from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.outcomes import ChildOutcome

BOOKABLE_KINDS = [k.value for k in MeetingKind if k is not MeetingKind.STRATEGY_DISCUSSION]


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    book = commands.add_parser(
        "book",
        parents=[common],
        help="book a meeting; prints its reference",
        description="Book a meeting (UK local time) after the same checks as the booking dialog; prints the new "
        "meeting's reference. A refused booking exits non-zero with one line saying why.",
    )
    book.add_argument("--kind", required=True, choices=BOOKABLE_KINDS, metavar="KIND", help=" ".join(BOOKABLE_KINDS))
    book.add_argument("--child", action="append", default=[], metavar="REF", help="a child's case reference")
    book.add_argument("--household", metavar="REF", help="the foster household (foster-review only)")
    book.add_argument("--chair", required=True, metavar="EMAIL", help="the chair's email address")
    book.add_argument("--start", required=True, type=local_time, metavar="YYYY-MM-DDTHH:MM")
    book.add_argument("--minutes", type=int, metavar="N", help="length (default: the kind's setting)")
    place = book.add_mutually_exclusive_group()
    place.add_argument("--room", metavar="NAME")
    place.add_argument("--venue", metavar="TEXT", help="an external venue (the placement, a school …)")
    book.add_argument("--provisional", action="store_true", help="book provisionally")
    book.add_argument("--late-reason", default="", metavar="TEXT", help="why it is after the latest working day")
    book.set_defaults(run=run_book)
    cancel = commands.add_parser("cancel", parents=[common], help="cancel a meeting, with a reason")
    cancel.add_argument("ref", metavar="REF")
    cancel.add_argument("--reason", required=True, metavar="TEXT")
    cancel.set_defaults(run=run_cancel)
    held = commands.add_parser(
        "held", parents=[common], help="mark a meeting held; prints the next meeting its chain requires"
    )
    held.add_argument("ref", metavar="REF")
    held.add_argument(
        "--participation", action="append", default=[], metavar="REF:PNx", help="a child's participation code"
    )
    held.add_argument(
        "--decision",
        action="append",
        default=[],
        metavar="REF:DECISION[:CATEGORY]",
        help="a conference's decision for a child: plan-made:NEG, no-plan, plan-continues, plan-ends",
    )
    held.add_argument("--outcome", default="", metavar="TEXT", help="a note of the outcome")
    held.set_defaults(run=run_held)


def run_book(args: argparse.Namespace) -> int:
    from iro_diary.services.diary_rows import BookingRequest

    kind = MeetingKind(args.kind)
    if kind is MeetingKind.FOSTER_REVIEW and not args.household:
        raise ValidationError("a foster-review is for a household: give --household REF")
    if kind is not MeetingKind.FOSTER_REVIEW and not args.child:
        raise ValidationError("give at least one --child REF")
    day, start = args.start
    services = services_of(args)
    try:
        ids = services.diary.lookup(
            case_refs=args.child, chair_email=args.chair, room_name=args.room, household_ref=args.household
        )
        minutes = args.minutes
        if minutes is None:
            minutes = services.diary.booking_context(kind, ids.child_ids, ids.household_id).default_minutes
        request = BookingRequest(
            kind=kind,
            day=day,
            start=start,
            minutes=minutes,
            chair_id=ids.chair_id,
            child_ids=ids.child_ids,
            household_id=ids.household_id,
            room_id=ids.room_id,
            venue=args.venue or "",
            provisional=args.provisional,
            late_reason=args.late_reason,
        )
        row, _changes = services.booking.book(request)
    finally:
        services.close()
    sys.stdout.write(f"{row.ref}\n")
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        row = services.diary.meeting_by_ref(args.ref)
        cancelled, _changes = services.booking.cancel(row.id, row.version, args.reason)
    finally:
        services.close()
    sys.stdout.write(f"{cancelled.ref} cancelled\n")
    return 0


def run_held(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        detail = services.diary.meeting(services.diary.meeting_by_ref(args.ref).id)
        by_ref = {c.case_ref.upper(): c.child_id for c in detail.children}
        outcomes = _outcomes(args.participation, args.decision, by_ref, args.ref)
        row, following, _changes = services.held.mark_held(detail.row.id, detail.row.version, outcomes, args.outcome)
        refs = {c.child_id: c.case_ref for c in detail.children}
    finally:
        services.close()
    sys.stdout.write(f"{row.ref} held\n")
    for step in following:
        who = " ".join(refs.get(c, str(c)) for c in step.child_ids) or "the household"
        booked = f", booked as {step.booked_ref}" if step.booked_ref else ""
        sys.stdout.write(
            f"Next: {step.kind.value} for {who}, due {step.window.due.isoformat()} "
            f"(latest working day {step.window.latest_working_day.isoformat()}){booked}\n"
        )
    return 0


def _outcomes(
    participation: list[str], decisions: list[str], by_ref: dict[str, int], meeting_ref: str
) -> list[ChildOutcome]:
    found: dict[int, dict[str, str | None]] = {}

    def child(text: str, option: str) -> tuple[int, list[str]]:
        ref, _, rest = text.partition(":")
        if not rest:
            raise ValidationError(f"{option} '{text}': write it as CASE_REF:VALUE")
        child_id = by_ref.get(ref.strip().upper())
        if child_id is None:
            raise ValidationError(f"{ref} is not a child at {meeting_ref}")
        return child_id, rest.split(":")

    for text in participation:
        child_id, (code, *_) = child(text, "--participation")
        found.setdefault(child_id, {})["participation"] = code.strip().upper()
    for text in decisions:
        child_id, parts = child(text, "--decision")
        found.setdefault(child_id, {})["decision"] = parts[0].strip().lower()
        found[child_id]["category"] = parts[1].strip().upper() if len(parts) > 1 else None
    return [ChildOutcome(child_id, **values) for child_id, values in found.items()]
