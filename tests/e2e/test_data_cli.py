"""`iro-diary import / export / backup / restore` as an administrator scripts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import cli, run
from tests.unit.test_imports import CHILDREN, write_folder


def test_the_data_commands_are_listed() -> None:
    result = cli("--help")
    for command in ("import", "export", "backup", "restore"):
        assert command in result.stdout
    result = cli("import", "--help")
    assert "care-episodes" in result.stdout and "--dry-run" in result.stdout


def test_a_dry_run_lists_every_problem_one_a_line_and_fails(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = CHILDREN.replace("01/02/2015", "31/02/2015").replace("M,WBRI", "M,XXXX")
    folder = write_folder(tmp_path / "in", children=bad)
    code, out, err = run("import", "all", str(folder), "--dry-run", "--database", str(db_path), capsys=capsys)
    assert code == 2
    assert out.splitlines() == [
        "children.csv, row 2, date_of_birth, '31/02/2015': is not a real date",
        "children.csv, row 3, ethnicity, 'XXXX': is not a DfE ethnicity code (one of ABAN, AIND, AOTH, APKN, "
        "BAFR, BCRB, BOTH, CHNE, MOTH, MWAS, MWBA, MWBC …)",
    ]
    assert err == "iro-diary: 2 problems found (listed above): nothing was imported\n"


def test_import_all_then_again_then_export(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_folder(tmp_path / "in")
    database = ["--database", str(db_path)]
    code, out, _ = run("import", "all", str(folder), "--dry-run", *database, capsys=capsys)
    assert code == 0 and out.endswith("Dry run, nothing written: 8 would be added, 0 updated, 0 unchanged.\n")
    code, out, _ = run("import", "all", str(folder), *database, capsys=capsys)
    assert code == 0 and "children.csv: 2 rows: 2 added, 0 updated, 0 unchanged" in out
    code, out, _ = run("import", "children", str(folder / "children.csv"), *database, capsys=capsys)
    assert code == 0 and out.splitlines()[0] == "children.csv: 2 rows: 0 added, 0 updated, 2 unchanged"
    code, out, _ = run("export", str(tmp_path / "out"), *database, capsys=capsys)
    assert code == 0 and f"{tmp_path / 'out' / 'meetings.csv'}: 2 rows" in out


def test_import_refuses_a_missing_file_or_folder(db_path: Path, tmp_path: Path) -> None:
    result = cli("import", "children", str(tmp_path / "nope.csv"), "--database", str(db_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "is not a file" in result.stderr
    result = cli("import", "all", str(tmp_path), "--database", str(db_path))
    assert result.returncode == 2 and "holds none of the import files" in result.stderr


def test_backup_then_restore_and_a_truncated_backup_is_refused(demo_db_path: Path, tmp_path: Path) -> None:
    backup = tmp_path / "diary-backup.sqlite3"
    result = cli("backup", str(backup), "--database", str(demo_db_path))
    assert result.returncode == 0 and "Backed up" in result.stdout and backup.exists()
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(backup.read_bytes()[:50000])
    before = demo_db_path.read_bytes()
    result = cli("restore", str(truncated), "--database", str(demo_db_path))
    assert result.returncode == 7 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "damaged or incomplete" in result.stderr and demo_db_path.read_bytes() == before
    result = cli("restore", str(backup), "--database", str(demo_db_path))
    assert result.returncode == 0 and "The diary as it was before is kept in" in result.stdout
