"""The composition root: settings -> database -> services -> main window. The only place that wires things."""

from __future__ import annotations

import datetime as dt
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from iro_diary import APP_ID
from iro_diary.domain.errors import AppError
from iro_diary.domain.reports.model import Report
from iro_diary.infra.clock import Clock, SystemClock
from iro_diary.infra.local_settings import DatabaseChoice, choose_database
from iro_diary.infra.log import setup_logging
from iro_diary.infra.paths import AppPaths, app_paths
from iro_diary.services.connection import address_with_password
from iro_diary.services.context import ServiceContext, default_rule_book
from iro_diary.services.registry import Services
from iro_diary.services.timescales import DueDate
from iro_diary.services.timescales import due_dates as shipped_due_dates
from iro_diary.services.users import SignIn
from iro_diary.store.database import Database
from iro_diary.store.migrate import MigrationReport, prepare

log = logging.getLogger(__name__)

NO_DISPLAY = (
    "iro-diary: no display found (DISPLAY and WAYLAND_DISPLAY are not set): start it from a desktop session, "
    "run it under Xvfb (`xvfb-run make run`), or use the command line (`iro-diary --help`)."
)


@dataclass(frozen=True)
class OpenDiary:
    services: Services
    choice: DatabaseChoice
    migration: MigrationReport
    sign_in: SignIn | None = None


def current_actor() -> str:
    """Who is using the app: the operating-system login name (issue #10 maps it to a user of the diary)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def current_full_name(login: str) -> str:
    """The person's full name as the operating system knows it (Linux: the account's comment), else the login."""
    try:
        import pwd

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):
        return login
    return full or login


def open_diary(database: str | None = None, *, clock: Clock | None = None, paths: AppPaths | None = None) -> OpenDiary:
    """Open (creating or upgrading as needed) the diary database and build its services."""
    paths = paths or app_paths()
    clock = clock or SystemClock()
    choice = choose_database(database, paths)
    db = Database(address_with_password(choice.address))
    try:
        report = prepare(db, paths.backups, clock.now())
    except BaseException:
        db.close()
        raise
    if report.changed:
        log.info("database schema %s -> %s (backup: %s)", report.before, report.after, bool(report.backup))
    login = current_actor()
    services = Services.create(ServiceContext(db, clock, login))
    try:
        signed_in = services.users.sign_in(login, current_full_name(login))
    except BaseException:
        services.close()
        raise
    return OpenDiary(services, choice, report, signed_in)


def due_dates(database: str | None, rule: str, anchors: Sequence[dt.date]) -> list[DueDate]:
    """Due dates with the council's rules when its diary exists, else with the rules shipped with the app.

    A question about a date must not create a database as a side effect, so a missing default diary is not made.
    """
    paths = app_paths()
    choice = choose_database(database, paths)
    if choice.source == "default" and not Path(choice.address).exists():
        return shipped_due_dates(default_rule_book(), rule, anchors)
    diary = open_diary(database, paths=paths)
    try:
        return diary.services.timescales.due_dates(rule, anchors)
    finally:
        diary.services.close()


def write_report_pdf(report: Report, path: Path) -> Path:
    """Print a report to a PDF file from the command line: Qt's painting needs a (windowless) GUI application.
    On Linux it must not need a display (a server, an SSH session); Windows' own platform opens no window."""
    if sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from iro_diary.ui.report_pdf.writer import write_report_pdf as write

    _application = QGuiApplication.instance() or QGuiApplication([APP_ID])
    return write(report, path)


def has_display() -> bool:
    """Whether Qt can show a window here (on Linux: an X11 or Wayland display, or an explicit platform)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run_gui(database: str | None, *, debug: bool = False) -> int:
    """Start the desktop app; returns the exit code."""
    if not has_display():
        sys.stderr.write(NO_DISPLAY + "\n")
        return 2
    paths = app_paths()
    log_file = setup_logging(paths.log_file, debug=debug)
    from iro_diary.ui.application import start_gui

    return start_gui(lambda: open_diary(database, paths=paths), paths, log_file)


def self_test() -> int:
    """Open the main window offscreen on a temporary demo database, walk every pane; 0 if all is well."""
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="iro-diary-self-test-") as folder:
        os.environ["IRO_DIARY_HOME"] = folder
        paths = app_paths()
        setup_logging(paths.log_file)
        from iro_diary.ui.self_test import run_self_test

        diary = open_diary(str(Path(folder) / "self-test.sqlite3"), paths=paths)
        try:
            diary.services.demo.generate(scale=0.2, seed=7)
            return run_self_test(diary, paths)
        except AppError as error:
            sys.stderr.write(f"iro-diary self-test: {error.message}\n")
            return 1
        finally:
            diary.services.close()
