"""Dialogs and OS calls behind one seam, so tests can answer them (Dangerzone's file_dialog, in our words)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Prompter:
    """Asks the user things. Tests replace it with a scripted one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str, *, yes: str = "Yes", no: str = "No") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self.parent)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes_button

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return Path(path) if path else None

    def choose_folder(self, title: str, start: str = "") -> Path | None:
        path = QFileDialog.getExistingDirectory(self.parent, title, start)
        return Path(path) if path else None

    def open_file(self, title: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return Path(path) if path else None

    def open_files(self, title: str, filters: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(self.parent, title, "", filters)
        return [Path(path) for path in paths]
