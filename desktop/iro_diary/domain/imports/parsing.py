"""From a CSV table to typed rows: find each template column (by name or by the council's saved mapping),
then parse every cell of every row, collecting every problem rather than stopping at the first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iro_diary.domain.imports.csv_text import RawTable, normalise_header, unescape_cell
from iro_diary.domain.imports.fields import FieldError
from iro_diary.domain.imports.problems import Problem
from iro_diary.domain.imports.templates import ColumnSpec, Template

# Called every so many rows with the number parsed so far, so a long file can show progress.
PROGRESS_EVERY = 5000


@dataclass(frozen=True, slots=True)
class ParsedRow:
    row: int
    values: dict[str, Any]


@dataclass
class ParsedFile:
    """One file's rows, typed. `columns` are the template columns the file has (others are left alone)."""

    template: Template
    label: str
    columns: tuple[str, ...] = ()
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headers: tuple[str, ...] = ()
    # The key (as written) of each row refused for a problem: other files may still refer to it, and saying
    # "unknown case reference" about a child whose own row has a bad date would send the user the wrong way.
    refused_keys: set[str] = field(default_factory=set)

    @property
    def unreadable(self) -> bool:
        """Whether the file as a whole could not be read (its rows were not even looked at)."""
        return any(problem.row <= 1 for problem in self.problems)


def locate_columns(
    template: Template, headers: tuple[str, ...], mapping: Mapping[str, str], label: str
) -> tuple[dict[str, int], list[Problem]]:
    """Where each template column is: the header the council mapped it to, else its own name."""
    positions: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        positions.setdefault(normalise_header(header), []).append(index)
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for column in template.columns:
        candidates = [normalise_header(mapping[column.name])] if mapping.get(column.name) else []
        candidates.append(column.name)
        match = next((c for c in candidates if c in positions), None)
        if match is None:
            if column.header_required:
                problems.append(_missing_column(label, column, headers, mapping))
            continue
        if len(positions[match]) > 1:
            numbers = " and ".join(str(i + 1) for i in positions[match])
            problems.append(Problem(label, 1, column.name, match, f"the column appears more than once ({numbers})"))
            continue
        found[column.name] = positions[match][0]
    return found, problems


def _missing_column(label: str, column: ColumnSpec, headers: tuple[str, ...], mapping: Mapping[str, str]) -> Problem:
    mapped = mapping.get(column.name)
    why = f"the mapped column '{mapped}' is not in the file" if mapped else "the file has no such column"
    shown = ", ".join(h for h in headers[:15] if h.strip()) or "nothing"
    return Problem(
        label, 1, column.name, "", f"missing column: {why} (its header has: {shown}); map the columns or add it"
    )


def parse_table(
    template: Template,
    table: RawTable,
    label: str,
    mapping: Mapping[str, str],
    today: dt.date,
    progress: Callable[[int], None] | None = None,
) -> ParsedFile:
    """Every row of `table` as typed values, with every problem found in the file on its own."""
    parsed = ParsedFile(template, label, headers=table.headers)
    located, parsed.problems = locate_columns(template, table.headers, mapping, label)
    if parsed.problems:
        return parsed
    parsed.columns = tuple(name for name in template.column_names if name in located)
    specs = [(template.column(name), index) for name, index in located.items()]
    for count, (number, cells) in enumerate(table.rows, start=1):
        values, texts, problems = _parse_row(specs, cells, number, label)
        if not problems:
            problems = [
                Problem(label, number, column, texts.get(column, ""), reason)
                for column, reason in template.check_row(values, today)
            ]
        if problems:
            parsed.problems.extend(problems)
            parsed.refused_keys.add(texts.get(template.key[0], ""))
        else:
            parsed.rows.append(ParsedRow(number, values))
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    if progress is not None:
        progress(len(table.rows) % PROGRESS_EVERY)
    return parsed


def _parse_row(
    specs: list[tuple[ColumnSpec, int]], cells: list[str], number: int, label: str
) -> tuple[dict[str, Any], dict[str, str], list[Problem]]:
    values: dict[str, Any] = {}
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for spec, index in specs:
        raw = cells[index] if index < len(cells) else ""
        text = texts[spec.name] = unescape_cell(raw.strip()).strip()
        if not text:
            if spec.value_required:
                problems.append(Problem(label, number, spec.name, "", f"is empty: {spec.field.expects} is needed"))
            values[spec.name] = spec.empty
            continue
        try:
            values[spec.name] = spec.field.parse(text)
        except FieldError as error:
            problems.append(Problem(label, number, spec.name, text, error.reason))
    return values, texts, problems
