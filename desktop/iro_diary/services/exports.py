"""Exporting the diary as the import templates: the same files, columns and spellings, so export then import
into an empty diary gives the same records, and another system (or a spreadsheet) can read them.

Files are UTF-8 with a byte-order mark (so Excel shows names correctly), readable by their owner only (they
hold children's personal data), and written whole or not at all (a temporary file renamed into place). Cells a
spreadsheet would run as formulas are escaped.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import EnvironmentProblem
from iro_diary.domain.imports.csv_text import write_table
from iro_diary.domain.imports.templates import TEMPLATES, Template
from iro_diary.services.access import requires
from iro_diary.services.context import ServiceContext
from iro_diary.services.imports.state import current_rows
from iro_diary.store.repositories.template_rows import Current, TemplateRowsRepository

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class ExportedFile:
    kind: str
    path: Path
    rows: int


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @requires(Permission.DATA)
    def export(self, folder: Path, progress: Progress | None = None) -> list[ExportedFile]:
        """Write iros.csv, rooms.csv, children.csv, care_episodes.csv, protection_plans.csv and meetings.csv."""
        report = progress or (lambda _done, _total, _text: None)
        templates = list(TEMPLATES.values())
        with self._ctx.db.read() as session:
            repo = TemplateRowsRepository(session)
            tables = {}
            for number, template in enumerate(templates):
                report(number, 2 * len(templates), f"Reading {template.title.lower()}")
                tables[template.kind] = current_rows(repo, template.kind)
        written = []
        for number, template in enumerate(templates, start=len(templates)):
            report(number, 2 * len(templates), f"Writing {template.file_name}")
            path = folder / template.file_name
            _write_file(path, csv_text(template, tables[template.kind]))
            written.append(ExportedFile(template.kind, path, len(tables[template.kind])))
        return written


def csv_text(template: Template, rows: list[Current]) -> str:
    """One template's file: the header, then a row per record with each value as the template spells it."""
    columns = template.columns
    return write_table(
        template.column_names,
        ([_cell(column.field.format, values.get(column.name)) for column in columns] for _id, values in rows),
    )


def _cell(format_: Callable[[Any], str], value: Any) -> str:
    return "" if value is None else format_(value)


def _write_file(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise EnvironmentProblem(
            f"Cannot write {path}: {error.strerror or error}. Nothing more was exported."
        ) from None
