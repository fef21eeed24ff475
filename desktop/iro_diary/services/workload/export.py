"""The workload table as a file a team lead can open anywhere: CSV, or Excel (.xlsx) with a sheet per table."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from iro_diary.domain.errors import EnvironmentProblem, ValidationError
from iro_diary.services.workload.rows import IroWorkloadRow, TeamRow, Workload

IRO_HEADERS = (
    "IRO",
    "Email",
    "Team",
    "FTE",
    "Working days",
    "In care",
    "On a plan",
    "CSE",
    "Other",
    "Foster households",
    "Children",
    "Weighted caseload",
    "Caseload per FTE",
    "Band status",
    "Meetings (5 weeks)",
    "Meeting hours",
    "Contracted hours",
    "Upcoming absences",
)
TEAM_HEADERS = (
    "Team",
    "IROs",
    "Staffed FTE",
    "Establishment FTE",
    "Vacancies (FTE)",
    "Children",
    "Weighted caseload",
    "Caseload per FTE",
    "Lowest per FTE",
    "Highest per FTE",
    "Standard deviation",
    "Over band",
    "Under band",
)


def iro_values(row: IroWorkloadRow) -> list[Any]:
    absences = "; ".join(f"{a.kind} {a.start:%d %b}–{a.end:%d %b}" for a in row.absences)
    return [
        row.name,
        row.email,
        row.team.label,
        row.fte,
        f"{row.working_days} {row.day_start:%H:%M}–{row.day_end:%H:%M}",
        row.in_care,
        row.on_plan,
        row.cse,
        row.other,
        row.foster_households,
        row.children,
        round(row.weighted, 2),
        round(row.per_fte, 1),
        row.status.label,
        row.meetings,
        round(row.meeting_hours, 1),
        round(row.contracted_hours, 1),
        absences,
    ]


def _rounded(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def team_values(row: TeamRow) -> list[Any]:
    spread = row.spread
    return [
        row.name,
        row.iros,
        round(row.staffed_fte, 2),
        row.establishment_fte,
        _rounded(row.vacancies, 2),
        row.children,
        round(row.weighted, 2),
        _rounded(row.per_fte),
        _rounded(spread.lowest if spread else None),
        _rounded(spread.highest if spread else None),
        _rounded(spread.std_dev if spread else None),
        row.over_band,
        row.under_band,
    ]


def write_workload(workload: Workload, path: Path) -> Path:
    """Write the per-IRO table (and, in Excel, the team totals) to `path`, by its extension."""
    suffix = path.suffix.lower()
    iros = [iro_values(r) for r in workload.iros]
    try:
        if suffix == ".csv":
            _write_csv(path, IRO_HEADERS, iros)
        elif suffix == ".xlsx":
            _write_xlsx(path, workload, iros)
        else:
            raise ValidationError(f"export to a .csv or .xlsx file, not '{path.name}'")
    except OSError as error:
        raise EnvironmentProblem(f"Cannot write {path}: {error.strerror or error}") from None
    return path


def _write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    # utf-8-sig so Excel on Windows reads the en dashes and accents correctly.
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _write_xlsx(path: Path, workload: Workload, iros: Sequence[Sequence[Any]]) -> None:
    from openpyxl import Workbook  # imported here: only exporting needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheets = [
        ("Caseload by IRO", IRO_HEADERS, iros),
        ("Teams", TEAM_HEADERS, [team_values(t) for t in workload.teams]),
        ("Basis", ("Setting", "Value", "Source"), [[b.label, b.value, b.source] for b in workload.basis]),
    ]
    for index, (title, headers, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    book.save(path)
