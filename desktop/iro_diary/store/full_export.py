"""A full export: every table of the diary in one zip file, restorable into SQLite or PostgreSQL.

It is the backup of a shared (PostgreSQL) diary where `pg_dump` is not installed, and a way to move a diary
between the two. Inside: `manifest.json` (the app, the schema revision, each table's row count) and one
JSON-lines file per table. The zip's checksums catch damage; the manifest's counts catch a file cut short.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Enum, Table
from sqlalchemy.types import TypeDecorator

from iro_diary.domain.errors import DatabaseNotUsable
from iro_diary.store.backups import partial_name
from iro_diary.store.repositories.snapshot import tables

FORMAT = "iro-diary-full-export"
FORMAT_VERSION = 1


def write_full_export(target: Path, revision: str, data: Mapping[str, Sequence[dict[str, Any]]]) -> None:
    """Write every table's rows (by table name) into a private zip, renamed into place when complete."""
    temporary = partial_name(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            counts = {}
            for table in tables():
                rows = data.get(table.name, [])
                counts[table.name] = len(rows)
                lines = (json.dumps([_plain(row[c.name]) for c in table.columns]) for row in rows)
                archive.writestr(f"{table.name}.jsonl", "\n".join(lines))
            manifest = {"format": FORMAT, "version": FORMAT_VERSION, "revision": revision, "tables": counts}
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        temporary.replace(target)
    finally:
        temporary.unlink(missing_ok=True)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def read_full_export(path: Path, shown: str) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    """The schema revision and every table's rows; DatabaseNotUsable when the file is not a whole export."""
    damaged = f"{shown} is damaged or incomplete, so it cannot be restored. Nothing was changed."
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                raise DatabaseNotUsable(damaged)
            manifest = json.loads(archive.read("manifest.json"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise DatabaseNotUsable(f"{shown} is a zip file but not an IRO Diary backup. Nothing was changed.")
            data = {t.name: _read_table(archive, t, int(manifest["tables"].get(t.name, 0)), damaged) for t in tables()}
            return str(manifest["revision"]), data
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise DatabaseNotUsable(damaged) from None


def _read_table(archive: zipfile.ZipFile, table: Table, expected: int, damaged: str) -> list[dict[str, Any]]:
    text = archive.read(f"{table.name}.jsonl").decode("utf-8")
    lines = [line for line in text.split("\n") if line]
    if len(lines) != expected:
        raise DatabaseNotUsable(damaged)
    readers = [(c.name, _reader(c.type)) for c in table.columns]
    rows = []
    for line in lines:
        values = json.loads(line)
        rows.append(
            {name: (read(v) if v is not None else None) for (name, read), v in zip(readers, values, strict=True)}
        )
    return rows


def _reader(column_type: Any) -> Callable[[Any], Any]:
    """How a JSON value becomes the column's Python value again (dates and times were written as ISO text)."""
    if isinstance(column_type, Enum):
        return _same
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return _same
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat
    if python_type is dt.date:
        return dt.date.fromisoformat
    if python_type is dt.time:
        return dt.time.fromisoformat
    return _same


def _same(value: Any) -> Any:
    return value
