"""Shared test set-up: offscreen Qt, app folders in a temp dir, template databases, strict logging.

- QT_QPA_PLATFORM=offscreen before anything imports Qt (CI has no display).
- Every test gets its own IRO_DIARY_HOME, so nothing reads or writes a real user's files.
- A migrated SQLite template (and a small demo one) is built once per session and copied per test.
- A WARNING (or worse) log record from the app fails the test unless the test says it expects one.
- `postgres_url` gives each test its own PostgreSQL database (see tests/postgres.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# An office PC's 1920x1080 screen rather than the offscreen plugin's default 800x800.
_SCREEN = Path(__file__).with_name("offscreen-screen.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")
os.environ.pop("IRO_DIARY_DATABASE_URL", None)

import pytest

from iro_diary.infra.clock import FixedClock
from iro_diary.services.context import ServiceContext
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from iro_diary.store.migrate import prepare
from tests.postgres import postgres_cluster, postgres_database, postgres_server, postgres_template, postgres_url

TODAY = dt.date(2026, 11, 26)

__all__ = [
    "TODAY",
    "postgres_cluster",
    "postgres_database",
    "postgres_server",
    "postgres_template",
    "postgres_url",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "expect_warning_logs: the test expects WARNING logs from the app")


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("IRO_DIARY_HOME", str(home))
    monkeypatch.delenv("IRO_DIARY_DATABASE_URL", raising=False)
    return home


@pytest.fixture(autouse=True)
def fail_on_warning_logs(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO, logger="iro_diary")
    yield
    if request.node.get_closest_marker("expect_warning_logs"):
        return
    noisy = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING and r.name.startswith("iro_diary")]
    if noisy:
        pytest.fail("unexpected log records:\n" + "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in noisy))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(TODAY, hour=10)


def _migrated_copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return target


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(str(path))
    prepare(db, path.parent / "backups", dt.datetime.now(dt.UTC))
    db.close()
    return path


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """A small demo service (scale 0.2, seed 3) on the fixed test date, built once."""
    path = _migrated_copy(template_db, tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    db = Database(str(path))
    Services.create(ServiceContext(db, FixedClock.on(TODAY, hour=10), "tests")).demo.generate(0.2, 3)
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    """A fresh, migrated, empty SQLite diary for this test."""
    return _migrated_copy(template_db, tmp_path / "diary.sqlite3")


@pytest.fixture
def demo_db_path(tmp_path: Path, demo_template_db: Path) -> Path:
    """A copy of the small demo diary for this test."""
    return _migrated_copy(demo_template_db, tmp_path / "demo.sqlite3")


def make_services(url: str, clock: FixedClock) -> Services:
    db = Database(url)
    home = os.environ.get("IRO_DIARY_HOME") or tempfile.gettempdir()
    prepare(db, Path(home) / "backups", clock.now())
    return Services.create(ServiceContext(db, clock, "tester"))


@pytest.fixture
def services(db_path: Path, clock: FixedClock) -> Iterator[Services]:
    built = make_services(str(db_path), clock)
    yield built
    built.close()


@pytest.fixture
def demo_services(demo_db_path: Path, clock: FixedClock) -> Iterator[Services]:
    built = make_services(str(demo_db_path), clock)
    yield built
    built.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The same test on the embedded SQLite diary and on PostgreSQL."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def any_services(any_db_url: str, clock: FixedClock) -> Iterator[Services]:
    built = make_services(any_db_url, clock)
    yield built
    built.close()


@pytest.fixture
def two_apps(any_db_url: str, clock: FixedClock) -> Iterator[tuple[Services, Services]]:
    """Two apps on one database, as two PCs share a PostgreSQL diary (on SQLite: two windows on one PC)."""
    first, second = make_services(any_db_url, clock), make_services(any_db_url, clock)
    yield first, second
    first.close()
    second.close()
