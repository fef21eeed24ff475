"""The shape of the code, checked so it cannot erode (DESIGN.md layers; STYLE.md house rules)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

PACKAGE = Path(__file__).resolve().parents[2] / "desktop" / "iro_diary"
ROOT = PACKAGE.parents[1]


def _sources(*parts: str) -> list[Path]:
    base = PACKAGE.joinpath(*parts)
    return sorted(base.rglob("*.py")) if base.is_dir() else [base]


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """import-linter's contracts in pyproject.toml: domain pure, store/services without Qt, ui without SQL."""
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert status == 0, capsys.readouterr().out


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", ["domain", "store", "services", "infra"])
def test_no_qt_below_the_ui(layer: str) -> None:
    offenders = [p.name for p in _sources(layer) if "PySide6" in _imports(p)]
    assert offenders == []


def test_domain_has_no_database() -> None:
    offenders = [p.name for p in _sources("domain") if _imports(p) & {"sqlalchemy", "alembic", "psycopg"}]
    assert offenders == []


def test_ui_never_imports_sqlalchemy() -> None:
    offenders = [p.name for p in _sources("ui") if _imports(p) & {"sqlalchemy", "alembic", "psycopg"}]
    assert offenders == []


def test_the_clock_is_read_in_one_place() -> None:
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.today\(|datetime\.utcnow\(|time\.time\(")
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in _sources()
        if pattern.search(p.read_text(encoding="utf-8")) and p.relative_to(PACKAGE).as_posix() != "infra/clock.py"
    ]
    assert offenders == []


def test_only_the_unit_of_work_commits() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in _sources() if ".commit(" in p.read_text(encoding="utf-8")]
    assert offenders == []


def _calls(path: Path, name: str) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called == name:
                return True
    return False


def test_queries_live_in_repositories() -> None:
    """Calls to `select()` belong in store/repositories (and the migrations' own bookkeeping)."""
    allowed = ("store/repositories/", "store/migrations/")
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in _sources()
        if not p.relative_to(PACKAGE).as_posix().startswith(allowed) and _calls(p, "select")
    ]
    assert offenders == []


def test_every_module_says_why_it_exists() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in _sources()
        if p.stat().st_size
        and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
        and "migrations/versions" not in p.as_posix()
    ]
    assert missing == []
