"""`iro-diary calendar …`: bank holidays (and gov.uk imports) and local closure days."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.dates import iso_date
from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_table
from iro_diary.domain.errors import EnvironmentProblem, ValidationError


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("calendar", parents=[common], help="bank holidays and local closure days")
    actions = parser.add_subparsers(dest="calendar_action", metavar="ACTION", required=True)
    holidays = actions.add_parser("bank-holidays", parents=[common], help="list a year's bank holidays")
    holidays.add_argument("--year", type=int, required=True)
    holidays.set_defaults(run=run_bank_holidays)
    imports = actions.add_parser(
        "import", parents=[common], help="add the England & Wales days of a gov.uk bank-holidays.json file"
    )
    imports.add_argument("file", type=Path, metavar="FILE")
    imports.set_defaults(run=run_import)
    closures = actions.add_parser("closures", parents=[common], help="list local closure days")
    closures.set_defaults(run=run_closures)
    close = actions.add_parser("close", parents=[common], help="add a local closure day (blocks booking)")
    close.add_argument("day", type=iso_date, metavar="DATE")
    close.add_argument("name", metavar="NAME")
    close.set_defaults(run=run_close)
    reopen = actions.add_parser("reopen", parents=[common], help="remove a local closure day")
    reopen.add_argument("day", type=iso_date, metavar="DATE")
    reopen.set_defaults(run=run_reopen)


def run_bank_holidays(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        rows = services.calendar.bank_holidays(args.year)
    finally:
        services.close()
    print_table(["DATE", "DAY", "NAME", "SOURCE"], [(r.day, f"{r.day:%a}", r.name, r.source) for r in rows])
    return 0


def run_import(args: argparse.Namespace) -> int:
    text = _read(args.file)
    services = services_of(args)
    try:
        result, _ = services.calendar.import_bank_holidays(text)
    finally:
        services.close()
    sys.stdout.write(f"Bank holidays from {args.file}: {result.summary}.\n")
    return 0


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not UTF-8 text (a gov.uk bank-holidays.json file is)") from None
    except OSError as error:
        raise EnvironmentProblem(f"cannot read {path}: {error.strerror or error}") from None


def run_closures(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        rows = services.calendar.closures()
    finally:
        services.close()
    print_table(["DATE", "DAY", "NAME"], [(r.day, f"{r.day:%a}", r.name) for r in rows])
    return 0


def run_close(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        services.calendar.add_closure(args.day, args.name)
    finally:
        services.close()
    sys.stdout.write(f"{args.day:%a %d %b %Y} is a closure day: {args.name}\n")
    return 0


def run_reopen(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        services.calendar.remove_closure(args.day)
    finally:
        services.close()
    sys.stdout.write(f"{args.day:%a %d %b %Y} is open for booking again\n")
    return 0
