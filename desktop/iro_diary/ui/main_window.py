"""The main window: navigation on the left, one pane at a time, the database, who is signed in and today's date
below; a banner above the panes while the diary cannot be saved to (offline, or upgraded by a newer version)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from iro_diary import APP_NAME, __version__
from iro_diary.services.changes import Changes
from iro_diary.ui.background_sync import BackgroundSync
from iro_diary.ui.context import UiContext
from iro_diary.ui.data_actions import DataActions
from iro_diary.ui.diary.pane import DiaryPane
from iro_diary.ui.live_refresh import LiveRefresh
from iro_diary.ui.look import icon
from iro_diary.ui.panes.base import Pane
from iro_diary.ui.panes.children_pane import ChildrenPane
from iro_diary.ui.panes.due_pane import DuePane
from iro_diary.ui.panes.reports_pane import ReportsPane
from iro_diary.ui.panes.settings_pane import SettingsPane
from iro_diary.ui.panes.workload_pane import WorkloadPane
from iro_diary.ui.quality.pane import QualityPane

P = TypeVar("P", bound=Pane)
GEOMETRY_KEY = "main_window/geometry"
PANE_KEY = "main_window/pane"
USER_LABEL_WIDTH = 300


def build_panes(ui: UiContext) -> list[Pane]:
    """The panes in navigation order. Panes later issues deliver say so until they exist."""
    return [
        DiaryPane(ui),
        DuePane(ui),
        ChildrenPane(ui),
        WorkloadPane(ui),
        ReportsPane(ui),
        QualityPane(ui),
        SettingsPane(ui),
    ]


class MainWindow(QMainWindow):
    def __init__(self, ui: UiContext, parent: QWidget | None = None, *, live: bool = True) -> None:
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(f"{APP_NAME} — {ui.services.database_description}")
        self.setWindowIcon(icon("app"))
        self.panes = build_panes(ui)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setFixedWidth(200)
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.stack = QStackedWidget()
        for pane in self.panes:
            QListWidgetItem(icon(pane.icon_name), pane.title, self.navigation)
            self.stack.addWidget(pane)
        self.banner = QLabel()
        self.banner.setObjectName("offlineBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self._build_menus()
        self.navigation.currentRowChanged.connect(self._on_navigation_changed)
        ui.bus.changed.connect(self._on_changes)
        ui.runner.busy_changed.connect(self._on_busy_changed)
        ui.runner.progress.connect(self._on_progress)
        self.background = BackgroundSync(ui, self)
        self.live = LiveRefresh(ui.services.live, ui.bus, ui.connection, self)
        ui.connection.changed.connect(self._on_connection_changed)
        if live:
            self.live.start()
        self._restore_state()
        self._connect_panes()
        # The due list takes a moment at a large service: work it out in the background from the start, so the
        # pane is ready when the diary manager opens it.
        QTimer.singleShot(0, self.pane(DuePane).activate)

    def pane(self, kind: type[P]) -> P:
        """The pane of this class."""
        return next(p for p in self.panes if isinstance(p, kind))

    def _connect_panes(self) -> None:
        self.pane(DuePane).open_child.connect(self.open_child)
        self.pane(DuePane).book_requirement.connect(self.book_requirement)
        self.pane(ReportsPane).open_child.connect(self.open_child)
        self.pane(QualityPane).open_child.connect(self.open_child)
        self.pane(DuePane).concerns.open_concern.connect(self.open_concern)

    def book_requirement(self, requirement_id: str) -> None:
        """Open the diary with the booking dialog pre-filled for a requirement of the Due & overdue list."""
        row = self.pane(DuePane).row_for(requirement_id)
        if row is None:
            return
        diary = self.show_pane(DiaryPane.title)
        assert isinstance(diary, DiaryPane)
        diary.book_requirement(row)

    def open_child(self, child_id: int) -> None:
        """Show one child's record in Children & families."""
        self.show_pane(ChildrenPane.title)
        self.pane(ChildrenPane).show_child(child_id)

    def open_concern(self, concern_id: int) -> None:
        """Show one cause for concern in Quality assurance."""
        self.show_pane(QualityPane.title)
        self.pane(QualityPane).show_concern(concern_id)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.database_label = QLabel(self.tr("Database: {0}").format(self.ui.services.database_description))
        self.database_label.setToolTip(self.tr("Chosen by: {0}").format(self.ui.database_source))
        self.user_label = QLabel()
        self.user_label.setObjectName("signedIn")
        # Never what decides how narrow the window may be: a long name and many roles are cut short (…) instead.
        self.user_label.setMaximumWidth(USER_LABEL_WIDTH)
        self._show_user()
        self.today_label = QLabel(self.ui.clock.today().strftime("Today: %A %d %B %Y"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        bar.addWidget(self.database_label, 1)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.today_label)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.data_actions = DataActions(self.ui, self)
        file_menu.addActions(self.data_actions.actions())
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About IRO Diary"), self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About IRO Diary"),
            self.tr(
                "<b>IRO Diary</b> {0}<br>Meeting scheduler and diary for an Independent "
                "Reviewing Service.<br>Database: {1}"
            ).format(__version__, self.ui.services.database_description),
        )

    def show_pane(self, title: str) -> Pane:
        """Switch to the pane with this title and return it."""
        for row, pane in enumerate(self.panes):
            if pane.title == title:
                self.navigation.setCurrentRow(row)
                return pane
        raise KeyError(title)

    def current_pane(self) -> Pane:
        pane = self.stack.currentWidget()
        assert isinstance(pane, Pane)
        return pane

    def _on_navigation_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        self.panes[row].activate()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.users or changes.everything:
            self._show_user()
        for pane in self.panes:
            pane.on_changes(changes)

    def _show_user(self) -> None:
        person = self.ui.services.users.me()
        text = self.tr("Signed in as {0}").format(person.description)
        metrics = self.user_label.fontMetrics()
        self.user_label.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, USER_LABEL_WIDTH - 8))
        self.user_label.setToolTip(text)

    def _on_connection_changed(self) -> None:
        text = self.ui.connection.banner_text()
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _on_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.progress.hide()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.show()
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.progress.setFormat(text or "%p%")

    def _settings(self) -> QSettings:
        return QSettings(str(self.ui.settings_file), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        settings = self._settings()
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        pane = str(settings.value(PANE_KEY, 2))
        self.navigation.setCurrentRow(int(pane) if pane.isdigit() and int(pane) < len(self.panes) else 2)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self._settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(PANE_KEY, self.navigation.currentRow())
        settings.sync()
        self.live.stop()
        self.ui.runner.wait_for_idle(10000)
        super().closeEvent(event)
