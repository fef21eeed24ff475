"""Starting the Qt application: the QApplication, the main window, the first-start offer, the crash hook."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from iro_diary import APP_ID, APP_NAME, __version__
from iro_diary.domain.errors import AppError
from iro_diary.infra.paths import AppPaths
from iro_diary.ui.change_bus import ChangeBus
from iro_diary.ui.connection_state import ConnectionState
from iro_diary.ui.context import UiContext
from iro_diary.ui.error_sink import ErrorSink
from iro_diary.ui.look import icon, style_sheet
from iro_diary.ui.main_window import MainWindow
from iro_diary.ui.ops import OpRunner
from iro_diary.ui.prompts import Prompter

if TYPE_CHECKING:
    from iro_diary.app import OpenDiary

STARTED = time.perf_counter()  # near enough to the process start: this module is imported early


# Set by benchmarks and smoke tests: quit as soon as the window is usable (its first pane has loaded), after
# printing one line of JSON with the process's own figures (seconds since start, peak memory).
EXIT_WHEN_READY = "IRO_DIARY_EXIT_WHEN_READY"


def _exit_when_ready(app: QApplication, window: MainWindow) -> None:
    def check() -> None:
        if window.current_pane().is_loaded():
            timer.stop()
            sys.stdout.write(json.dumps(process_figures()) + "\n")
            app.quit()

    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(check)
    timer.start()


def process_figures() -> dict[str, float]:
    """Seconds since this process started and its peak resident memory in MB (where the OS says)."""
    figures = {"ready_seconds": round(_seconds_since_process_start(), 3)}
    peak = _peak_rss_mb()
    if peak is not None:
        figures["peak_rss_mb"] = peak
    return figures


def _seconds_since_process_start() -> float:
    """From the kernel's record of when this process started (Linux), so interpreter start-up and imports count;
    elsewhere from when this module was imported."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22 of stat(5): starttime, in clock ticks since boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - STARTED


def _peak_rss_mb() -> float | None:
    # Linux: VmHWM belongs to this program's address space (getrusage's maxrss survives exec, so a process
    # started by a big parent would report the parent's size).
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon("app"))
    app.setStyleSheet(style_sheet())
    return app


def build_window(
    diary: OpenDiary, paths: AppPaths, prompter: Prompter, errors: ErrorSink, *, live: bool = True
) -> MainWindow:
    """The main window over an open diary, with its runner, change bus and dialog seam. `live`: listen for other
    windows' and PCs' changes (issue #10; tests that do not need it leave it off)."""
    runner = OpRunner(errors)
    clock = diary.services.ctx.clock
    ui = UiContext(
        services=diary.services,
        runner=runner,
        bus=ChangeBus(),
        prompter=prompter,
        errors=errors,
        clock=clock,
        settings_file=paths.config / "window.ini",
        connection=ConnectionState(clock),
        database_source=diary.choice.source,
    )
    window = MainWindow(ui, live=live)
    for part in (runner, ui.bus, ui.connection):
        part.setParent(window)
    runner.connection_lost = ui.connection.lost
    errors.banner_says_offline = True
    errors.parent = window
    prompter.parent = window
    return window


# Long enough for the first pane to have loaded: the backup shares the one database worker.
DAILY_BACKUP_DELAY_MS = 3000


def start_daily_backup(ui: UiContext, folder: Path) -> None:
    """The embedded database's daily backup, off the GUI thread (nothing happens if one is less than a day old), and
    its change log kept short."""

    def failed(error: BaseException) -> bool:
        if isinstance(error, AppError):
            ui.prompter.warn("The daily backup failed", f"{error.message}\n\nThe diary itself is unaffected.")
            return True
        return False

    ui.runner.run(lambda _progress: ui.services.backups.daily_backup(folder), on_failure=failed, background=True)
    # Keep the embedded diary's change log (issue #10: live refresh between windows) short.
    ui.runner.run(
        lambda _progress: ui.services.live.prune(),
        on_failure=lambda error: isinstance(error, AppError),
        background=True,
    )


def start_gui(
    open_diary: Callable[[], OpenDiary], paths: AppPaths, log_file: Path | None, prompter: Prompter | None = None
) -> int:
    """Open the diary and run the main window until it closes; a database that cannot be used is a message."""
    app = create_application()
    prompter = prompter or Prompter()
    try:
        diary = open_diary()
    except AppError as error:
        prompter.warn("IRO Diary cannot open its database", error.message)
        return error.exit_code
    errors = ErrorSink(prompter, log_file)
    window = build_window(diary, paths, prompter, errors)
    sys.excepthook = lambda _type, value, _tb: errors(value)
    window.show()
    if os.environ.get(EXIT_WHEN_READY):
        _exit_when_ready(app, window)
        return _run(app, diary)
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, lambda: start_daily_backup(window.ui, paths.backups))
    QTimer.singleShot(0, lambda: first_start(window, diary))
    return _run(app, diary)


def first_start(window: MainWindow, diary: OpenDiary) -> None:
    """Ask who is using the app if the diary does not know them yet (issue #10), then offer the demo service on an
    empty diary."""
    from iro_diary.ui.first_start import ask_who, offer_demo

    def maybe_offer_demo() -> None:
        if diary.services.status.is_empty():
            offer_demo(window.ui)

    if diary.sign_in is not None and diary.sign_in.ask_who:
        ask_who(window.ui, diary.sign_in, window, maybe_offer_demo)
    else:
        maybe_offer_demo()


def _run(app: QApplication, diary: OpenDiary) -> int:
    try:
        return app.exec()
    finally:
        diary.services.close()
