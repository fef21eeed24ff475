"""`iro-diary concerns list|show|raise|respond|escalate|resolve`: causes for concern for scripts and admins.

The list is what the Concerns pane shows: open concerns worst first, with each one's stage, deadline and standing
(an overdue response says so whenever it is read). JSON carries case references, never children's names.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import opened
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.cli_commands.quality_shared import child_and_iro, chosen
from iro_diary.domain.codes import Team
from iro_diary.domain.quality.codes import Outcome, Stage, ThemeKind, WorkArea

STAGES = {s.value: s for s in Stage}
OUTCOMES = {o.value: o for o in Outcome}
AREAS = {a.value: a for a in WorkArea}
TEAMS = {t.value: t.value for t in Team}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("concerns", parents=[common], help="causes for concern: list, raise, escalate, close")
    actions = parser.add_subparsers(dest="concerns_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="open concerns, worst standing first")
    listing.add_argument("--all", action="store_true", help="closed concerns too")
    listing.add_argument("--iro", metavar="EMAIL", help="only those raised by this IRO")
    listing.add_argument("--team", metavar="TEAM", help=f"only those of this IRO team ({', '.join(TEAMS)})")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    show = actions.add_parser("show", parents=[common], help="one concern with the stages it reached")
    show.add_argument("ref", metavar="REF")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)
    _register_changes(actions, common)


def _register_changes(actions: Any, common: argparse.ArgumentParser) -> None:
    raising = actions.add_parser("raise", parents=[common], help="raise a concern; prints its reference")
    raising.add_argument("--child", required=True, metavar="REF", help="the child's case reference")
    raising.add_argument("--meeting", metavar="REF", help="the held meeting it follows")
    raising.add_argument("--theme", required=True, metavar="NAME", help="one of `iro-diary themes list`")
    raising.add_argument("--description", required=True, metavar="TEXT")
    raising.add_argument("--to", required=True, metavar="NAME", help="the person it goes to")
    raising.add_argument("--team", required=True, metavar="TEXT", help="the team it goes to")
    raising.add_argument("--iro", metavar="EMAIL", help="the IRO raising it (default: the meeting's chair)")
    raising.add_argument("--on", type=iso_date, metavar="DATE", help="the day raised (default today)")
    raising.add_argument("--stage", default=Stage.INFORMAL.value, metavar="STAGE", help=", ".join(STAGES))
    raising.add_argument("--area", metavar="AREA", help=f"{', '.join(AREAS)} (default: from the meeting)")
    raising.set_defaults(run=run_raise)
    respond = actions.add_parser("respond", parents=[common], help="record the response to the current stage")
    respond.add_argument("ref", metavar="REF")
    respond.add_argument("--response", required=True, metavar="TEXT")
    respond.add_argument("--on", type=iso_date, metavar="DATE")
    respond.set_defaults(run=run_respond)
    escalate = actions.add_parser("escalate", parents=[common], help="take a concern to its next stage")
    escalate.add_argument("ref", metavar="REF")
    escalate.add_argument("--to", required=True, metavar="NAME", help="the person at the next stage")
    escalate.add_argument("--note", default="", metavar="TEXT")
    escalate.add_argument("--on", type=iso_date, metavar="DATE")
    escalate.set_defaults(run=run_escalate)
    resolve = actions.add_parser("resolve", parents=[common], help="close a concern with its outcome")
    resolve.add_argument("ref", metavar="REF")
    resolve.add_argument("--outcome", required=True, metavar="OUTCOME", help=", ".join(OUTCOMES))
    resolve.add_argument("--note", default="", metavar="TEXT")
    resolve.add_argument("--on", type=iso_date, metavar="DATE")
    resolve.set_defaults(run=run_resolve)


def concern_json(row: Any) -> dict[str, Any]:
    return {
        "ref": row.ref,
        "case_ref": row.case_ref,
        "meeting": row.meeting_ref,
        "theme": row.theme,
        "area": row.area.value,
        "raised_on": row.raised_on,
        "raised_by": row.iro_name,
        "team": row.team,
        "stage": row.stage.value,
        "addressed_to": row.addressed_to,
        "addressed_team": row.addressed_team,
        "stage_started_on": row.stage_started_on,
        "due_on": row.due_on,
        "responded_on": row.responded_on,
        "standing": row.standing.value,
        "working_days_left": row.working_days_left,
        "resolved_on": row.resolved_on,
        "outcome": row.outcome.value if row.outcome is not None else None,
    }


def run_list(args: argparse.Namespace) -> int:
    team = chosen(args.team, TEAMS, "team") if args.team else None
    with opened(args) as services:
        iro = _iro(services, args.iro)
        rows = services.concerns.list_concerns(include_closed=args.all, iro_id=iro, team=team)
    if args.json:
        print_json([concern_json(r) for r in rows])
        return 0
    print_table(
        ["REF", "RAISED", "CHILD", "THEME", "STAGE", "DUE", "STANDING", "WITH", "IRO"],
        [
            (
                r.ref,
                r.raised_on,
                r.case_ref,
                r.theme,
                r.stage.label,
                r.due_on,
                r.standing.label,
                r.addressed_to,
                r.iro_name or "",
            )
            for r in rows
        ],
    )
    return 0


def _iro(services: Any, email: str | None) -> int | None:
    return None if email is None else services.diary.lookup(chair_email=email).chair_id


def run_show(args: argparse.Namespace) -> int:
    with opened(args) as services:
        detail = services.concerns.concern(services.concerns.concern_id(args.ref))
    stages = [
        {
            "stage": s.stage.value,
            "addressed_to": s.addressed_to,
            "started_on": s.started_on,
            "due_on": s.due_on,
            "responded_on": s.responded_on,
            "response": s.response,
            "ended_on": s.ended_on,
            "ended_how": s.ended_how.value if s.ended_how is not None else None,
            "note": s.note,
        }
        for s in detail.stages
    ]
    if args.json:
        row = detail.row
        print_json(
            {**concern_json(row), "description": row.description, "outcome_note": row.outcome_note, "stages": stages}
        )
        return 0
    row = detail.row
    sys.stdout.write(f"{row.ref} ({row.case_ref}): {row.theme} — {row.standing.label}\n{row.description}\n\n")
    print_table(
        ["STAGE", "TO", "STARTED", "DUE", "RESPONSE", "ENDED", "HOW"],
        [
            (
                s["stage"],
                s["addressed_to"],
                s["started_on"],
                s["due_on"],
                s["responded_on"] or "",
                s["ended_on"] or "",
                s["ended_how"] or "",
            )
            for s in stages
        ],
    )
    return 0


def run_raise(args: argparse.Namespace) -> int:
    from iro_diary.services.quality.rows import NewConcern

    stage = chosen(args.stage, STAGES, "stage")
    area = chosen(args.area, AREAS, "area") if args.area else None
    with opened(args) as services:
        child, iro = child_and_iro(services, args.child, args.iro)
        meeting = services.diary.meeting_by_ref(args.meeting) if args.meeting else None
        if iro is None and meeting is not None:
            iro = meeting.chair_id  # the meeting's chair raises it
        request = NewConcern(
            child_id=child,
            theme_id=services.quality_lists.theme_id(ThemeKind.CONCERN, args.theme),
            description=args.description,
            addressed_to=args.to,
            addressed_team=args.team,
            raised_by_iro_id=iro,
            meeting_id=meeting.id if meeting is not None else None,
            raised_on=args.on,
            area=area,
            stage=stage,
        )
        row, _changes = services.concerns.raise_concern(request)
    sys.stdout.write(f"{row.ref}\n")
    return 0


def _change(args: argparse.Namespace, act: Any) -> int:
    with opened(args) as services:
        found = services.concerns.concern(services.concerns.concern_id(args.ref)).row
        row, _changes = act(services.concerns, found)
    if row.outcome is not None:
        sys.stdout.write(f"{row.ref} closed on {row.resolved_on.isoformat()}: {row.outcome.label}\n")
    else:
        sys.stdout.write(
            f"{row.ref}: {row.stage.label} ({row.addressed_to}), due {row.due_on.isoformat()}: {row.standing.label}\n"
        )
    return 0


def run_respond(args: argparse.Namespace) -> int:
    return _change(args, lambda concerns, row: concerns.record_response(row.id, row.version, args.response, args.on))


def run_escalate(args: argparse.Namespace) -> int:
    return _change(args, lambda concerns, row: concerns.escalate(row.id, row.version, args.to, args.note, args.on))


def run_resolve(args: argparse.Namespace) -> int:
    outcome = chosen(args.outcome, OUTCOMES, "outcome")
    return _change(args, lambda concerns, row: concerns.resolve(row.id, row.version, outcome, args.note, args.on))
