"""Telling the app which column of a case system's export holds which template column.

One drop-down per template column, listing the file's headers. The choice is saved for the council (a team
setting), so next month's export with the same headers imports without asking again.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from iro_diary.domain.imports.csv_text import normalise_header
from iro_diary.domain.imports.templates import Template

NOT_IN_FILE = "(not in this file)"


class ColumnMappingDialog(QDialog):
    def __init__(
        self,
        template: Template,
        headers: tuple[str, ...],
        saved: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.setWindowTitle(self.tr("Columns of {0}").format(template.file_name))
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "Choose which column of the file holds each of these. Columns marked * are needed. "
                "The choice is saved for the next import of {0}."
            ).format(template.title.lower())
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for column in template.columns:
            box = QComboBox()
            box.addItem(self.tr(NOT_IN_FILE), "")
            for header in headers:
                if header.strip():
                    box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(_preselected(column.name, headers, saved))))
            box.setAccessibleName(column.name)
            label = QLabel(column.name + (" *" if column.header_required else ""))
            label.setToolTip(column.help or column.field.expects)
            form.addRow(label, box)
            self.boxes[column.name] = box
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choose(self, column: str, header: str) -> None:
        """Select `header` for `column` (what the user does with the drop-down)."""
        box = self.boxes[column]
        box.setCurrentIndex(box.findData(header))

    def mapping(self) -> dict[str, str]:
        """Template column -> the file's header, for every column given one."""
        return {name: str(box.currentData()) for name, box in self.boxes.items() if box.currentData()}


def _preselected(column: str, headers: tuple[str, ...], saved: Mapping[str, str]) -> str:
    """The saved header if the file has it, else the header that already matches the column's name."""
    if saved.get(column) in headers:
        return saved[column]
    return next((h for h in headers if normalise_header(h) == column), "")
