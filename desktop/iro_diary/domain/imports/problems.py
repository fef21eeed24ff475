"""One problem found in an import file, said so a diary manager can find and fix it in the spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_VALUE_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Problem:
    """`row` is the spreadsheet row (the header is row 1); 0 means the file as a whole."""

    file: str
    row: int
    column: str
    value: str
    reason: str

    @property
    def shown_value(self) -> str:
        """The value, shortened when it is long (a 10 MB field must not flood a terminal)."""
        return shorten(self.value)

    def line(self) -> str:
        """One line: `children.csv, row 14, date_of_birth, '31/02/2015': not a real date ...`."""
        where = f"row {self.row}" if self.row else "whole file"
        column = self.column or "-"
        return f"{self.file}, {where}, {column}, {self.shown_value!r}: {self.reason}"


def shorten(value: str) -> str:
    flat = value.replace("\r", "\\r").replace("\n", "\\n")
    if len(flat) <= SHOWN_VALUE_LENGTH:
        return flat
    return f"{flat[: SHOWN_VALUE_LENGTH - 1]}… ({len(value):,} characters)"


def sort_key(problem: Problem) -> tuple[str, int, str]:
    return problem.file, problem.row, problem.column
