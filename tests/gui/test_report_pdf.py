"""The report's PDF: it renders, and it says the figures (text read back with Qt's own PDF library)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument

from iro_diary.cli import main
from iro_diary.services.registry import Services
from iro_diary.ui.report_pdf.writer import report_pdf
from tests.report_scenario import YEAR, build


def pdf_text(path: Path) -> tuple[str, QPdfDocument]:
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    pages = [document.getAllText(page).text() for page in range(document.pageCount())]
    return re.sub(r"\s+", " ", " ".join(pages)), document


def test_the_pdf_says_every_headline_figure(services: Services, tmp_path: Path, qapp: object) -> None:
    build(services)
    services.settings.set("comparators.2025.cp-rate.neighbours", "59")
    path = tmp_path / "report.pdf"
    steps: list[str] = []
    path.write_bytes(report_pdf(services.reports.annual(YEAR), lambda _d, _t, text: steps.append(text)))
    text, document = pdf_text(path)
    for sentence in (
        "Annual Report 2025/26",
        "On 31 March 2026 there were 4 children and young people subject to a protection plan",
        "rate per 10,000 of the population of 4.0. The figure for 31 March 2025 was 2.",
        "The average rate per 10,000 in our statutory neighbour group was 59.0.",
        "On 31 March 2026 there were 3 children and young people in care",
        "80.0% of reviews and conferences were held within timescale: 66.7% of looked-after reviews and 100.0%",
        "Of the 3 protection plans that closed during the year, 33.3% had lasted 2 years or more",
        "20.0% were subject to a plan for a second or subsequent time",
        "50.0% of children in care were placed within 20 miles",
        "Appendix 1 – Profiles",
        "Ethnicity of children in care",
    ):
        assert sentence in text, sentence
    assert "Neglect 0.0% 0.0% 50.0%" in text, "category of plan with the two years before"
    assert "Looked After Reviews Child Protection Conferences Total 2025/26 3 2 5" in text
    assert document.pageCount() >= 3
    image = document.render(0, QSize(595, 842))
    assert not image.isNull()
    assert any(image.pixelColor(x, y) != QColor("white") for x in range(0, 595, 7) for y in range(0, 842, 7))
    assert steps[-1] == "PDF ready" and any("chart" in s for s in steps)
    document.close()


def test_the_command_line_writes_the_pdf(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    build(services)
    target = tmp_path / "annual.pdf"
    code = main(["report", "annual", "--year", "2025", "--pdf", str(target), "--database", str(db_path)])
    assert code == 0 and f"written to {target}" in capsys.readouterr().out
    text, document = pdf_text(target)
    assert "Children in care at period end 3" in text
    document.close()
