"""`iro-diary caseload`: every IRO's caseload per FTE against the band, and the team totals."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "caseload",
        parents=[common],
        help="each IRO's caseload per FTE against the band (IRO Handbook: 50-70), and team totals",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list, one object per IRO")
    parser.add_argument("--output", metavar="FILE", type=Path, help="also write the table to a .csv or .xlsx file")
    parser.set_defaults(run=run)


def iro_object(row: Any) -> dict[str, Any]:
    """One IRO as the JSON contract has it (the first eight keys are the stable ones)."""
    return {
        "iro": row.name,
        "email": row.email,
        "fte": row.fte,
        "children_in_care": row.in_care,
        "children_on_plan": row.on_plan,
        "weighted_caseload": round(row.weighted, 2),
        "caseload_per_fte": round(row.per_fte, 2),
        "band_status": row.status.value,
        "team": row.team.value,
        "cse": row.cse,
        "other_allocated": row.other,
        "foster_households": row.foster_households,
        "children": row.children,
        "meetings_next_5_weeks": row.meetings,
    }


def run(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        workload = services.workload.workload()
        written = services.workload.export(args.output) if args.output else None
    finally:
        services.close()
    if args.json:
        print_json([iro_object(r) for r in workload.iros])
    else:
        _print_text(workload)
    if written is not None:
        sys.stderr.write(f"Wrote {written}\n")
    return 0


def _print_text(workload: Any) -> None:
    print_table(
        ["IRO", "TEAM", "FTE", "IN CARE", "ON PLAN", "CSE", "OTHER", "FOSTER", "WEIGHTED", "PER FTE", "BAND"],
        [
            (
                r.name,
                r.team.label,
                f"{r.fte:g}",
                r.in_care,
                r.on_plan,
                r.cse,
                r.other,
                r.foster_households,
                f"{r.weighted:.1f}",
                f"{r.per_fte:.1f}",
                r.status.label,
            )
            for r in workload.iros
        ],
    )
    sys.stdout.write(f"\nBand {workload.band.text} looked-after children per FTE (caseload.band-low/-high).\n")
    for team in workload.teams:
        sys.stdout.write(_team_line(team) + "\n")


def _team_line(team: Any) -> str:
    per_fte = "no staffed FTE" if team.per_fte is None else f"{team.per_fte:.1f} per FTE"
    line = f"{team.name}: {team.children} children, {per_fte}, {team.staffed_fte:g} FTE staffed"
    if team.establishment_fte is not None:
        vacancies = team.vacancies or 0.0
        gap = f"{vacancies:g} vacant" if vacancies >= 0 else f"{-vacancies:g} over"
        line += f" of {team.establishment_fte:g} establishment ({gap})"
    if team.spread is not None:
        line += f"; IROs {team.spread.lowest:.1f}-{team.spread.highest:.1f} (sd {team.spread.std_dev:.1f})"
    return line + f"; {team.over_band} over, {team.under_band} under the band"
