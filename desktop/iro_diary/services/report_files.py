"""Writing a report to CSV or Excel: the same tables the PDF prints, with numbers kept as numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.domain.reports.model import Report, Unit
from iro_diary.domain.reports.text import Cell, Table, report_tables

EXCEL_FORMATS = {Unit.COUNT: "#,##0", Unit.PERCENT: "0.0", Unit.RATE: "0.0", Unit.NUMBER: "0.0"}
MAX_SHEET_TITLE = 31  # Excel's limit


def _raw(cell: Cell) -> object:
    return "" if cell.value is None else cell.value


def report_csv(report: Report) -> str:
    """Every table one after another: its title, its header row, its rows, then a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{report.organisation}: report {report.period.label}"])
    writer.writerow([])
    for table in report_tables(report):
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows([_raw(cell) for cell in row] for row in table.rows)
        writer.writerow([])
    return out.getvalue()


def write_csv(report: Report, path: Path) -> Path:
    """The report as CSV (UTF-8 with a byte-order mark, so Excel opens it with the right characters)."""
    text = report_csv(report)
    try:
        path.write_text(text, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise _cannot_write(path, error) from None
    return path


def write_xlsx(report: Report, path: Path) -> Path:
    """The report as an Excel workbook: one sheet per table, numbers as numbers with a number format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report):
        sheet = book.create_sheet(_sheet_title(table))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        if table.note:
            sheet.append([table.note])
        sheet.append(list(table.headers))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_raw(cell) for cell in row])
            for target, cell in zip(sheet[sheet.max_row], row, strict=True):
                if cell.unit is not None and isinstance(cell.value, int | float):
                    target.number_format = EXCEL_FORMATS[cell.unit]
        sheet.column_dimensions["A"].width = 48
    try:
        book.save(path)
    except OSError as error:
        raise _cannot_write(path, error) from None
    return path


def _sheet_title(table: Table) -> str:
    title = table.title
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:MAX_SHEET_TITLE]


def _cannot_write(path: Path, error: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(f"cannot write {path}: {error.strerror or error}")
