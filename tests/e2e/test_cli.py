"""The command line as an administrator meets it: one line per error, the right exit code, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from iro_diary import __version__
from iro_diary.cli import main
from iro_diary.store.migrate import head_revision


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command in a real process (what a script or the frozen app sees)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "iro_diary", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
        check=False,
    )


def test_version_and_help() -> None:
    result = cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"iro-diary {__version__}"
    result = cli("--help")
    assert result.returncode == 0
    for command in ("demo", "self-test", "db", "settings"):
        assert command in result.stdout


def test_demo_then_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = str(tmp_path / "d.sqlite3")
    code, out, _ = run("demo", "--scale", "0.1", "--seed", "4", "--database", database, capsys=capsys)
    assert code == 0 and "Demo service loaded" in out
    code, out, _ = run("db", "status", "--database", database, capsys=capsys)
    assert code == 0 and "children:" in out and f"schema: {head_revision()}" in out


def test_demo_refuses_a_diary_with_data(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_db_path.read_bytes()
    code, _, err = run("demo", "--database", str(demo_db_path), capsys=capsys)
    assert code == 2
    assert err.count("\n") == 1 and "already holds a diary" in err and "--replace" in err
    assert demo_db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["demo", "--scale", "lots"], "'lots' is not a number"),
        (["demo", "--scale", "0"], "more than 0"),
        (["no-such-command"], "invalid choice"),
        (["settings", "set", "child-population", "many"], "must be a whole number"),
        (["settings", "get", "no-such-key"], "unknown setting"),
    ],
)
def test_bad_input_is_one_line(args: list[str], message: str, db_path: Path) -> None:
    result = cli(*args, "--database", str(db_path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(b"PK\x03\x04 not a database" * 100)
    before = path.read_bytes()
    result = cli("db", "status", "--database", str(path))
    assert result.returncode == 7 and result.stderr.count("\n") == 1
    assert "not an IRO Diary database" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_an_unreachable_server_is_one_line(tmp_path: Path) -> None:
    result = cli("db", "status", "--database", "postgresql://diary:secret@127.0.0.1:1/diary")
    assert result.returncode == 7 and result.stderr.count("\n") == 1
    assert "Cannot reach the shared diary database" in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_a_newer_database_is_refused(db_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    result = cli("db", "upgrade", "--database", str(db_path))
    assert result.returncode == 7 and "newer version of IRO Diary" in result.stderr


def test_a_folder_that_cannot_hold_the_database_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = cli("db", "status", "--database", str(blocker / "diary.sqlite3"))
    assert result.returncode == 7 and result.stderr.count("\n") == 1
    assert "Cannot create the diary database" in result.stderr


def test_the_database_comes_from_the_environment(tmp_path: Path) -> None:
    database = tmp_path / "from-env.sqlite3"
    result = cli("db", "status", env={"IRO_DIARY_DATABASE_URL": str(database)})
    assert result.returncode == 0 and "chosen by environment" in result.stdout and database.exists()


def test_settings_set_get_list(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("settings", "set", "child-population", "65800", "--database", str(db_path), capsys=capsys)
    assert code == 0 and out == "child-population = 65800\n"
    code, out, _ = run("settings", "get", "caseload.band-high", "--database", str(db_path), capsys=capsys)
    assert out == "70\n"
    code, out, _ = run("settings", "list", "--json", "--database", str(db_path), capsys=capsys)
    assert '"key": "rules.icpc_anchor"' in out


def test_cli_on_postgresql(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("demo", "--scale", "0.05", "--database", postgres_url, capsys=capsys)
    assert code == 0
    code, out, _ = run("db", "status", "--database", postgres_url, capsys=capsys)
    assert code == 0 and "PostgreSQL postgres@127.0.0.1" in out


def test_no_display_is_one_helpful_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "iro_diary"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr and "xvfb-run" in result.stderr


@pytest.mark.parametrize("where", ["before", "after"])
def test_database_is_honoured_before_or_after_the_command(
    where: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`iro-diary --database X demo` must use X, not the per-user diary."""
    args = ["--database", str(db_path)]
    command = [*args, "db", "status"] if where == "before" else ["db", "status", *args]
    code, out, _ = run(*command, capsys=capsys)
    assert code == 0 and f"database: {db_path} (chosen by command line)" in out
    code, out, _ = run(*(["--debug", *args, "settings", "get", "child-population"]), capsys=capsys)
    assert code == 0 and out == "65800\n"
