"""`iro-diary import KIND FILE` and `iro-diary import all FOLDER`: the case recording system's CSV exports.

Every row of every file is checked first; any problem is listed (file, row, column, value, reason; one a line)
and nothing is written. `--dry-run` checks and says what would change without writing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.progress import terminal_progress
from iro_diary.domain.errors import ValidationError

KINDS = ("iros", "rooms", "children", "care-episodes", "protection-plans", "meetings")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "import",
        parents=[common],
        help="import IROs, rooms, children, episodes, plans or meetings from CSV (all: a folder of them)",
        description="Import CSV files in the templates' format. KIND is one of "
        f"{', '.join(KINDS)}, or 'all' for a FOLDER holding iros.csv, rooms.csv, children.csv, "
        "care_episodes.csv, protection_plans.csv and meetings.csv (imported together, in one transaction).",
    )
    parser.add_argument("kind", metavar="KIND", choices=(*KINDS, "all"), help=f"{' | '.join(KINDS)} | all")
    parser.add_argument("path", metavar="FILE", type=Path, help="the CSV file (for 'all': the folder)")
    parser.add_argument("--dry-run", action="store_true", help="check every row and report; write nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from iro_diary.app import open_diary
    from iro_diary.services.imports import ImportSource

    diary = open_diary(args.database)
    services = diary.services
    try:
        if args.kind == "all":
            sources = services.imports.sources_in_folder(args.path)
        else:
            if not args.path.is_file():
                raise ValidationError(f"{args.path} is not a file")
            sources = [ImportSource(args.kind, args.path)]
        with terminal_progress() as progress:
            if args.dry_run:
                outcome = services.imports.check(sources, progress)
            else:
                outcome, _changes = services.imports.run(sources, progress)
    finally:
        services.close()
    return _report(outcome, args.dry_run, services.database_description)


def _report(outcome: Any, dry_run: bool, where: str) -> int:
    for problem in outcome.problems:
        sys.stdout.write(problem.line() + "\n")
    for note in outcome.notes:
        sys.stdout.write(note + "\n")
    if outcome.problems:
        count = len(outcome.problems)
        raise ValidationError(
            f"{count:,} problem{'s' if count != 1 else ''} found (listed above): nothing was imported"
        )
    for count in outcome.counts:
        sys.stdout.write(
            f"{count.file}: {count.rows:,} rows: {count.added:,} added, {count.updated:,} updated, "
            f"{count.unchanged:,} unchanged\n"
        )
    added, updated, unchanged = outcome.totals()
    if dry_run:
        sys.stdout.write(
            f"Dry run, nothing written: {added:,} would be added, {updated:,} updated, {unchanged:,} unchanged.\n"
        )
    else:
        sys.stdout.write(
            f"Imported into {where} in {outcome.seconds:.1f} s: {added:,} added, {updated:,} updated, "
            f"{unchanged:,} unchanged.\n"
        )
    return 0
