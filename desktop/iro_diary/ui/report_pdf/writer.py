"""The report's blocks as HTML in a QTextDocument, its charts as images, printed by QPdfWriter to A4.

QTextDocument paginates, keeps table rows whole and numbers the pages; the text stays text in the PDF, so it
can be searched and copied. Runs on any thread that has no widgets to touch (the op runner's worker, the CLI).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.domain.reports.charts import ChartSpec
from iro_diary.domain.reports.document import Block, Heading, Paragraph, report_document
from iro_diary.domain.reports.model import Report
from iro_diary.domain.reports.text import Table
from iro_diary.ui.report_pdf.chart_painter import chart_image

Progress = Callable[[int, int, str], None]
# QTextDocument.print_() adds 2 cm margins inside the page (170 mm of text on A4, about 640 px at 96 dpi).
CHART_WIDTH, CHART_HEIGHT = 600, 250
PAGE_BREAK_BEFORE = ("Qualitative Information", "Appendix 1 – Profiles", "Definitions")
CSS = """
body { font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; font-size: 9.5pt; color: #222; }
h1 { font-size: 17pt; color: #1f3f66; }
h2 { font-size: 13.5pt; color: #1f3f66; margin-top: 14px; }
h3 { font-size: 11pt; color: #1f3f66; margin-top: 10px; }
p.caption { font-weight: bold; margin-top: 10px; margin-bottom: 2px; }
p.note { font-size: 8pt; color: #555; margin-top: 2px; }
th { background-color: #dde6f0; font-weight: bold; }
td, th { padding: 2px 5px; }
"""


def report_pdf(report: Report, progress: Progress | None = None) -> bytes:
    """The report as the bytes of a PDF file."""
    step = progress or (lambda _done, _total, _text: None)
    blocks = report_document(report)
    charts = [b for b in blocks if isinstance(b, ChartSpec)]
    total = len(charts) + 2
    document = QTextDocument()
    document.setDefaultStyleSheet(CSS)
    for number, spec in enumerate(charts):
        step(number, total, f"Drawing the chart of {spec.title.lower()}")
        image = chart_image(spec, CHART_WIDTH, CHART_HEIGHT)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{number}"), image)
    step(len(charts), total, "Laying out the pages")
    document.setHtml(report_html(blocks))
    data = print_document(document, f"{report.organisation} — report {report.period.label}")
    step(total, total, "PDF ready")
    return data


def print_document(document: QTextDocument, title: str) -> bytes:
    """A laid-out document as the bytes of an A4 PDF (also the thank-you notes of good practice)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("IRO Diary")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    document.print_(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def write_report_pdf(report: Report, path: Path, progress: Progress | None = None) -> Path:
    """Make the PDF and write it to `path` (a file that cannot be written is an EnvironmentProblem)."""
    data = report_pdf(report, progress)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise EnvironmentProblem(f"cannot write {path}: {error.strerror or error}") from None
    return path


def report_html(blocks: Sequence[Block]) -> str:
    parts = ["<html><body>"]
    chart_number = 0
    for block in blocks:
        if isinstance(block, Heading):
            style = ' style="page-break-before: always;"' if block.text in PAGE_BREAK_BEFORE else ""
            parts.append(f"<h{block.level}{style}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(_table(block))
        else:
            parts.append(f'<p><img src="chart:{chart_number}" width="{CHART_WIDTH}" height="{CHART_HEIGHT}"></p>')
            chart_number += 1
    parts.append("</body></html>")
    return "\n".join(parts)


def _table(table: Table) -> str:
    rows = []
    if table.title:
        rows.append(f'<p class="caption">{html.escape(table.title)}</p>')
    rows.append(
        '<table border="1" cellspacing="0" cellpadding="3" width="100%" '
        'style="border-color: #9aa9b9; border-collapse: collapse;">'
    )
    rows.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in table.headers) + "</tr>")
    for row in table.rows:
        cells = []
        for cell in row:
            align = ' align="right"' if cell.unit is not None else ""
            cells.append(f"<td{align}>{html.escape(cell.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    if table.note:
        rows.append(f'<p class="note">{html.escape(table.note)}</p>')
    return "\n".join(rows)
