"""The chair's day sheet: the visible range printed, one chair (or room) after another, through Qt's print support.

A day sheet leaves the office in a chair's bag, so it carries only what the day needs: times, meeting references,
kinds, rooms and case references. No category of plan, no address (an external venue is printed as "External
venue"), no names beyond the chair's own. Marked OFFICIAL-SENSITIVE, like the invites.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.services.diary_rows import MeetingRow
from iro_diary.ui.diary.grid_layout import Resource
from iro_diary.ui.diary.look import status_word
from iro_diary.ui.report_pdf.writer import print_document

MARKING = "OFFICIAL-SENSITIVE"


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _place(row: MeetingRow) -> str:
    return row.room_name or ("External venue" if row.venue else "")


def day_sheet_html(
    meetings: Sequence[MeetingRow], resources: Sequence[Resource], days: Sequence[dt.date], *, rooms: bool
) -> str:
    """The sheets as HTML: for each resource with meetings in the range, each of its days in turn."""
    parts = [
        "<html><body style='font-family: sans-serif; font-size: 10pt;'>",
    ]
    sheets = 0
    for resource in resources:
        mine = [
            m
            for m in meetings
            if (m.room_id if rooms else m.chair_id) == resource.id and m.status is not MeetingStatus.CANCELLED
        ]
        if not mine:
            continue
        if sheets:
            parts.append("<div style='page-break-before: always;'></div>")
        sheets += 1
        parts.append(_sheet(resource, sorted(mine, key=lambda m: m.start), days))
    if not sheets:
        parts.append(f"<p>{MARKING}</p><p>No meetings in this range.</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _sheet(resource: Resource, meetings: list[MeetingRow], days: Sequence[dt.date]) -> str:
    first, last = days[0], days[-1]
    span = _day(first) if first == last else f"{_day(first)} to {_day(last)}"
    parts = [
        f"<p style='color:#8b0000; font-weight:bold;'>{MARKING}</p>",
        f"<h2>{html.escape(resource.name)}</h2><p>Day sheet, {span}</p>",
    ]
    for day in days:
        today = [m for m in meetings if m.day == day]
        if not today:
            continue
        parts.append(f"<h3>{_day(day)}</h3>")
        parts.append(
            "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            "<tr><th>Time</th><th>Meeting</th><th>Kind</th><th>Place</th><th>Case references</th><th>Status</th></tr>"
        )
        for m in today:
            cells = (f"{m.start:%H:%M}–{m.end:%H:%M}", m.ref, m.kind.label, _place(m), m.who, status_word(m))
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    return "".join(parts)


def print_html(document_html: str, printer: QPrinter, owner: QWidget) -> None:
    """Lay the HTML out on the printer's pages and print it."""
    document = QTextDocument(owner)
    document.setHtml(document_html)
    document.print_(printer)
    document.deleteLater()


def export_pdf(document_html: str, path: Path) -> Path:
    """Write the sheets to an A4 PDF file, as the report and the thank-you notes are written (off the GUI thread; a
    file that cannot be written is an EnvironmentProblem, not a "saved" that wrote nothing)."""
    document = QTextDocument()
    document.setHtml(document_html)
    data = print_document(document, "IRO Diary day sheets")
    try:
        path.write_bytes(data)
    except OSError as error:
        raise EnvironmentProblem(f"cannot write {path}: {error.strerror or error}") from None
    return path
