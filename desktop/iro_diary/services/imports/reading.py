"""Reading import files from disk into typed rows (the I/O around the domain's pure parsing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.imports.csv_text import RawTable, TextProblem, decode, read_table
from iro_diary.domain.imports.parsing import ParsedFile, parse_table
from iro_diary.domain.imports.problems import Problem
from iro_diary.domain.imports.templates import TEMPLATES, Template


@dataclass(frozen=True, slots=True)
class ImportSource:
    """One file to import, and which template it follows (a kind: `iros`, `children`, `care-episodes` …)."""

    kind: str
    path: Path

    @property
    def label(self) -> str:
        return self.path.name


def check_kind(kind: str) -> Template:
    try:
        return TEMPLATES[kind]
    except KeyError:
        kinds = ", ".join(TEMPLATES)
        raise ValidationError(f"'{kind}' is not something that can be imported (use one of: {kinds})") from None


def sources_in_folder(folder: Path) -> list[ImportSource]:
    """The template files in `folder` (named as the templates, in any case), in dependency order."""
    if not folder.is_dir():
        raise ValidationError(f"{folder} is not a folder")
    by_name = {path.name.casefold(): path for path in folder.iterdir() if path.is_file()}
    sources = [ImportSource(t.kind, by_name[t.file_name]) for t in TEMPLATES.values() if t.file_name in by_name]
    if not sources:
        names = ", ".join(t.file_name for t in TEMPLATES.values())
        raise ValidationError(f"{folder} holds none of the import files ({names})")
    return sources


def guess_kind(path: Path) -> str | None:
    """The template a file name suggests: `children.csv`, `Children export 2026.csv` -> children."""
    name = path.stem.casefold().replace("-", "_").replace(" ", "_")
    for template in TEMPLATES.values():
        if name.startswith(template.file_name.removesuffix(".csv")):
            return template.kind
    for template in TEMPLATES.values():
        if template.file_name.removesuffix(".csv").rstrip("s") in name:
            return template.kind
    return None


def in_dependency_order(sources: Sequence[ImportSource]) -> list[ImportSource]:
    order = list(TEMPLATES)
    for source in sources:
        check_kind(source.kind)
    kinds = [s.kind for s in sources]
    repeated = {k for k in kinds if kinds.count(k) > 1}
    if repeated:
        raise ValidationError(f"two files were given for {', '.join(sorted(repeated))}: give one file of each kind")
    return sorted(sources, key=lambda s: order.index(s.kind))


def read_raw(source: ImportSource) -> RawTable | Problem:
    """The file's CSV table, or the problem that stops it being read at all."""
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return Problem(source.label, 0, "", "", f"the file cannot be read: {error.strerror or error}")
    try:
        return read_table(decode(data))
    except TextProblem as problem:
        return Problem(source.label, 0, "", "", problem.reason)


def read_headers(path: Path) -> tuple[str, ...]:
    """A file's header row (for the column-mapping step); ValidationError when it cannot be read as CSV."""
    raw = read_raw(ImportSource("", path))
    if isinstance(raw, Problem):
        raise ValidationError(f"{path.name}: {raw.reason}")
    return raw.headers


def parse_source(
    source: ImportSource,
    raw: RawTable | Problem,
    mapping: Mapping[str, str],
    today: dt.date,
    progress: Callable[[int], None] | None = None,
) -> ParsedFile:
    template = check_kind(source.kind)
    if isinstance(raw, Problem):
        return ParsedFile(template, source.label, problems=[raw])
    return parse_table(template, raw, source.label, mapping, today, progress)
