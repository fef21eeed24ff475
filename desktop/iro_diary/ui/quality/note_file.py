"""Writing a thank-you note to the file the user chose: a PDF (for printing or attaching) or plain text."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QTextDocument

from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.domain.quality.notes import NoteText
from iro_diary.ui.report_pdf.writer import print_document

CSS = "body { font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif; font-size: 11pt; color: #222; }"


def note_pdf(note: NoteText) -> bytes:
    document = QTextDocument()
    document.setDefaultStyleSheet(CSS)
    paragraphs = "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in note.body.split("\n\n"))
    document.setHtml(f"<html><body>{paragraphs}</body></html>")
    return print_document(document, note.title)


def write_note(note: NoteText, path: Path) -> Path:
    """Write the note as PDF when the file name ends .pdf, else as UTF-8 text. Runs off the GUI thread."""
    try:
        if path.suffix.lower() == ".pdf":
            path.write_bytes(note_pdf(note))
        else:
            path.write_text(note.body, encoding="utf-8")
    except OSError as error:
        raise EnvironmentProblem(f"cannot write {path}: {error.strerror or error}") from None
    return path
