"""File menu › Import…, Export…, Back up now…, Restore…: data in and out of the diary.

Every file and folder is chosen through the prompter (so tests answer for the user), every database call runs
off the GUI thread, and a restore asks first, then tells every view to reload (`Changes.all()`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from iro_diary.domain.errors import AppError
from iro_diary.infra.clock import LONDON
from iro_diary.infra.paths import app_paths
from iro_diary.services.backups import BackupResult, RestoreResult
from iro_diary.services.changes import Changes
from iro_diary.services.exports import ExportedFile
from iro_diary.ui.context import UiContext
from iro_diary.ui.import_dialog import ImportDialog

CSV_FILTER = "CSV files (*.csv);;All files (*)"
BACKUP_FILTER = "IRO Diary backups (*.sqlite3 *.pgdump *.zip);;All files (*)"


class DataActions(QObject):
    """The four actions, for the File menu, and what each one does."""

    def __init__(self, ui: UiContext, window: QWidget) -> None:
        super().__init__(window)
        self.ui = ui
        self.owner = window
        self.import_dialog: ImportDialog | None = None
        self.import_action = self._action("&Import from the case system…", self.start_import)
        self.export_action = self._action("&Export to CSV…", self.export)
        self.backup_action = self._action("&Back up now…", self.back_up)
        self.restore_action = self._action("&Restore from a backup…", self.restore)

    def _action(self, text: str, slot: object) -> QAction:
        action = QAction(self.tr(text), self)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.import_action, self.export_action, self.backup_action, self.restore_action]

    def start_import(self) -> ImportDialog | None:
        """Choose the CSV files, then check them in the import dialog (which imports when they are clean)."""
        if self.import_dialog is not None and self.import_dialog.is_busy():
            self.import_dialog.open()  # still checking or importing: show it rather than start another
            return self.import_dialog
        paths = self.ui.prompter.open_files(self.tr("Import CSV files from the case recording system"), CSV_FILTER)
        if not paths:
            return None
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
        self.import_dialog = ImportDialog(self.ui, paths, self.owner)
        self.import_dialog.open()
        self.import_dialog.check()
        return self.import_dialog

    def export(self) -> None:
        folder = self.ui.prompter.choose_folder(self.tr("Export the diary as CSV files into a folder"))
        if folder is None:
            return
        self.ui.runner.run(
            lambda progress: self.ui.services.exports.export(folder, progress),
            on_success=self._exported,
            label=self.tr("Exporting"),
        )

    def _exported(self, files: list[ExportedFile]) -> None:
        lines = "\n".join(f"{file.path.name}: {file.rows:,} rows" for file in files)
        folder = files[0].path.parent if files else ""
        self.ui.prompter.inform(self.tr("Export finished"), self.tr("Written to {0}:\n{1}").format(folder, lines))

    def back_up(self) -> None:
        suggested = app_paths().backups / self.ui.services.backups.suggested_name()
        target = self.ui.prompter.save_file(self.tr("Back up the diary"), str(suggested), BACKUP_FILTER)
        if target is None:
            return
        self.ui.runner.run(
            lambda progress: self.ui.services.backups.backup(target, progress),
            on_success=self._backed_up,
            label=self.tr("Backing up"),
        )

    def _backed_up(self, result: BackupResult) -> None:
        note = f"\n\n{result.note}" if result.note else ""
        self.ui.prompter.inform(
            self.tr("Backup made"),
            self.tr("The whole diary is backed up in {0} ({1:,} bytes).").format(result.path, result.size) + note,
        )

    def restore(self) -> None:
        """Choose a backup, confirm, restore it off the GUI thread; every view reloads afterwards."""
        source = self.ui.prompter.open_file(self.tr("Restore the diary from a backup"), BACKUP_FILTER)
        if source is None or not self._confirmed(source):
            return
        safety = app_paths().backups
        self.ui.runner.run(
            lambda progress: self.ui.services.backups.restore(source, safety, progress),
            on_success=self._restored,
            on_failure=self._restore_failed,
            label=self.tr("Restoring"),
        )

    def _confirmed(self, source: Path) -> bool:
        try:
            taken = dt.datetime.fromtimestamp(source.stat().st_mtime, tz=dt.UTC).astimezone(LONDON)
            when = taken.strftime("%d %B %Y %H:%M")
        except OSError:
            when = "?"
        return self.ui.prompter.confirm(
            self.tr("Restore the diary?"),
            self.tr(
                "Everything in {0} will be replaced by the backup {1} (saved {2}): bookings, children, "
                "settings, all of it.\n\nThe backup is checked first; a damaged one is refused and nothing "
                "changes. A copy of the diary as it is now is kept in {3}.\n\nAnyone else using this diary "
                "should close it first."
            ).format(self.ui.services.database_description, source.name, when, app_paths().backups),
            yes=self.tr("Restore"),
            no=self.tr("Cancel"),
        )

    def _restored(self, result: tuple[RestoreResult, Changes]) -> None:
        restored, changes = result
        self.ui.bus.publish(changes, self)
        self.ui.prompter.inform(
            self.tr("Diary restored"),
            self.tr("The diary now holds the backup {0}. The diary as it was is kept in {1}.").format(
                restored.source.name, restored.safety_copy
            ),
        )

    def _restore_failed(self, error: BaseException) -> bool:
        if isinstance(error, AppError):
            self.ui.prompter.warn(self.tr("Restore refused"), error.message)
            return True
        return False
