"""`iro-diary allocate CASE_REF`: which IROs should take a child (or their family), and allocating them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "allocate",
        parents=[common],
        help="rank the IROs for a child and their brothers and sisters, or allocate them with --to",
    )
    parser.add_argument("case_ref", metavar="CASE_REF", help="the child's case reference, e.g. C100123")
    parser.add_argument("--to", metavar="EMAIL", help="allocate to this IRO (their email address)")
    parser.add_argument("--child-only", action="store_true", help="only this child, not their brothers and sisters")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        workload = services.workload
        child_id = workload.find_child(args.case_ref)
        choice = workload.allocation_choice(child_id, whole_family=not args.child_only)
        if not args.to:
            _print_choice(choice, args.json)
            return 0
        iro_id = workload.find_iro(args.to)
        expected = {c.id: c.iro_id for c in choice.children}
        outcome = workload.allocate(list(expected), iro_id, expected)
    finally:
        services.close()
    _print_outcome(choice, outcome, args.to, args.json)
    return 0


def _print_choice(choice: Any, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "children": [
                    {"case_ref": c.case_ref, "kind": c.kind.value, "iro": c.iro_name} for c in choice.children
                ],
                "candidates": [
                    {
                        "rank": c.rank,
                        "iro": c.name,
                        "team": c.team.value,
                        "caseload_per_fte_before": round(c.before_per_fte, 2),
                        "caseload_per_fte_after": round(c.after_per_fte, 2),
                        "band_status_after": c.status_after.value,
                        "reasons": list(c.reasons),
                    }
                    for c in choice.candidates
                ],
            }
        )
        return
    refs = ", ".join(f"{c.case_ref} ({c.kind.label.lower()}, IRO: {c.iro_name or 'none'})" for c in choice.children)
    sys.stdout.write(f"Allocating {refs}\n\n")
    print_table(
        ["RANK", "IRO", "TEAM", "PER FTE AFTER", "WHY"],
        [(c.rank, c.name, c.team.label, f"{c.after_per_fte:.1f}", "; ".join(c.reasons)) for c in choice.candidates],
    )


def _print_outcome(choice: Any, outcome: Any, to: str, as_json: bool) -> None:
    moved = {c.id: c.case_ref for c in choice.children}
    if as_json:
        print_json(
            {
                "allocated": [moved[i] for i in outcome.children_moved],
                "to": to,
                "meetings_to_reinvite": [m.ref for m in outcome.meetings_to_reinvite],
                "meetings_kept": [{"ref": m.ref, "why": m.note} for m in outcome.meetings_kept],
            }
        )
        return
    if not outcome.children_moved:
        sys.stdout.write(f"Nothing to do: already allocated to {to}.\n")
        return
    sys.stdout.write(f"Allocated {', '.join(moved[i] for i in outcome.children_moved)} to {to}.\n")
    for meeting in outcome.meetings_to_reinvite:
        sys.stdout.write(f"  {meeting.ref} on {meeting.start:%a %d %b %H:%M}: new chair; send its updated invites\n")
    for meeting in outcome.meetings_kept:
        sys.stdout.write(f"  {meeting.ref} on {meeting.start:%a %d %b %H:%M} keeps its chair: {meeting.note}\n")
