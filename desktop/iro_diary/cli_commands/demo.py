"""`iro-diary demo`: fill a database with the synthetic demo service."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from iro_diary.domain.errors import ValidationError

if TYPE_CHECKING:
    from iro_diary.services.timescales import TimescaleService


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the scale must be more than 0")
    return value


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "demo",
        parents=[common],
        help="fill the database with a synthetic service of N x the annual report's size",
    )
    parser.add_argument(
        "--scale",
        type=positive_number,
        default=1.0,
        metavar="N",
        help="size relative to the report's service (605 in care, 480 on plans); default 1",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (same seed, same service)")
    parser.add_argument("--replace", action="store_true", help="delete everything already in the database first")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from iro_diary.app import open_diary

    diary = open_diary(args.database)
    try:
        last = [-1]

        def progress(done: int, total: int, text: str) -> None:
            percent = int(100 * done / total) if total else 0
            if percent // 10 != last[0] // 10 and sys.stderr.isatty():
                sys.stderr.write(f"\r{text}: {percent}%   ")
                last[0] = percent

        summary, _changes = diary.services.demo.generate(args.scale, args.seed, replace=args.replace, progress=progress)
        _keep_compliance(diary.services.timescales)
    except ValidationError:
        raise
    finally:
        diary.services.close()
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    counts = summary.counts
    sys.stdout.write(
        f"Demo service loaded into {diary.services.database_description} in {summary.seconds:.1f} s: "
        f"{counts['iro']} IROs, {counts['room']} rooms, {counts['child']:,} children, "
        f"{counts['meeting']:,} meetings (scale {summary.scale:g}, seed {summary.seed}, today {summary.today}).\n"
    )
    return 0


def _keep_compliance(timescales: TimescaleService) -> None:
    """Work out and keep the due date every held meeting answered (what the app does in the background), so
    the first report on the new diary does not have to."""
    done = 0
    while patch := timescales.stale_compliance():
        timescales.keep_compliance(patch)
        done += len(patch.children) + len(patch.households)
        if sys.stderr.isatty():
            sys.stderr.write(f"\rWorking out the due date each meeting answered: {done:,} children and households   ")
