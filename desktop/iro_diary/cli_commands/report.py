"""`iro-diary report annual --year YYYY [--quarter Q] [--json | --csv FILE | --xlsx FILE | --pdf FILE]`.

The annual report's figures for a financial year (1 April to 31 March, named by its first year) or a quarter
of it. Without an output option it prints the headline figures; `--json` is the stable contract of
README "Report figures".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iro_diary.cli_commands.opening import services_of
from iro_diary.cli_commands.output import print_json, print_table
from iro_diary.domain.reports.contract import report_json
from iro_diary.domain.reports.model import Report
from iro_diary.domain.reports.text import figures_table


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a year (use the first year, e.g. 2025 for 2025/26)"
        ) from None


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("report", parents=[common], help="the annual report's figures")
    kinds = parser.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    annual = kinds.add_parser(
        "annual", parents=[common], help="a financial year's figures (April to March), or a quarter's"
    )
    annual.add_argument("--year", type=_year, required=True, help="the financial year's first year: 2025 = 2025/26")
    annual.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="only this quarter (1 = April to June)")
    output = annual.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the figures as JSON")
    output.add_argument("--csv", type=Path, metavar="FILE", help="write every table to a CSV file")
    output.add_argument("--xlsx", type=Path, metavar="FILE", help="write every table to an Excel workbook")
    output.add_argument("--pdf", type=Path, metavar="FILE", help="write the report, with charts, to a PDF")
    annual.set_defaults(run=run_annual)


def run_annual(args: argparse.Namespace) -> int:
    services = services_of(args)
    try:
        report = services.reports.annual(args.year, args.quarter)
    finally:
        services.close()
    if args.json:
        print_json(report_json(report))
    elif args.csv or args.xlsx or args.pdf:
        _write(report, args)
    else:
        _print_figures(report)
    return 0


def _write(report: Report, args: argparse.Namespace) -> None:
    if args.csv:
        from iro_diary.services.report_files import write_csv

        path = write_csv(report, args.csv)
    elif args.xlsx:
        from iro_diary.services.report_files import write_xlsx

        path = write_xlsx(report, args.xlsx)
    else:
        from iro_diary.app import write_report_pdf

        path = write_report_pdf(report, args.pdf)
    sys.stdout.write(f"Report {report.period.label} written to {path}\n")


def _print_figures(report: Report) -> None:
    sys.stdout.write(f"{report.organisation}: report {report.period.label}\n\n")
    table = figures_table(report)
    print_table(
        ["FIGURE", "VALUE", "NEIGHBOURS", "ENGLAND", "COUNTED"], [[c.text for c in row[:5]] for row in table.rows]
    )
