"""CSV as text: decoding what a case system or a spreadsheet saved, reading rows, and writing safe cells.

- Input is UTF-8, with or without a byte-order mark. Anything else (Latin-1/Windows-1252, UTF-16, an Excel
  workbook) is refused with a message saying how to save the file properly: guessing an encoding turns names
  into mojibake that nobody notices until an invite goes out.
- Rows are numbered as a spreadsheet shows them: the header is row 1, and a quoted cell with line breaks in it
  is still one row.
- Exported cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
  get a leading apostrophe (OWASP "CSV injection"); reading takes it off again, so export and import round-trip.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Larger than any cell we keep (the longest column holds 254 characters), so a 10 MB note in a column we
# ignore does not stop the import, and one in a column we keep is reported as too long rather than crashing.
FIELD_LIMIT = 64 * 1024 * 1024
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"

SAVE_AS_UTF8 = "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)' and import that file"


class TextProblem(ValueError):
    """The file cannot be read as CSV text at all."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RawTable:
    """The header (as written) and each data row with its spreadsheet row number."""

    headers: tuple[str, ...]
    rows: list[tuple[int, list[str]]]


def decode(data: bytes) -> str:
    """UTF-8 text (a byte-order mark removed), or TextProblem saying what the file really is."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TextProblem(f"the file is UTF-16 ('Unicode text'), not UTF-8: {SAVE_AS_UTF8}")
    if data.startswith(b"PK\x03\x04"):
        raise TextProblem(f"the file is a spreadsheet workbook (.xlsx), not CSV: {SAVE_AS_UTF8}")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        seen = bytes([byte]).decode("cp1252", errors="replace")
        raise TextProblem(
            f"the file is not UTF-8: byte 0x{byte:02X} on line {line} looks like Latin-1/Windows text "
            f"('{seen}'); {SAVE_AS_UTF8}"
        ) from None
    if "\x00" in text:
        raise TextProblem(f"the file holds NUL characters, so it is not CSV text: {SAVE_AS_UTF8}")
    return text


def read_table(text: str) -> RawTable:
    """The header and rows of comma-separated `text`; TextProblem when it has no header or is not CSV."""
    if not text.strip():
        raise TextProblem("the file is empty: it needs at least a header row naming the columns")
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise TextProblem(f"the file is not valid CSV near row {reader.line_num}: {error}") from None
    headers = tuple(records[0]) if records else ()
    if len(headers) == 1 and (";" in headers[0] or "\t" in headers[0]):
        separator = "semicolons" if ";" in headers[0] else "tabs"
        raise TextProblem(f"the columns are separated by {separator}, not commas: {SAVE_AS_UTF8}")
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2) if any(c.strip() for c in cells)]
    return RawTable(headers, rows)


_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_header(name: str) -> str:
    """'Case Ref' / 'case-ref' / ' CASE_REF ' -> 'case_ref', so a header differing only in style still matches."""
    return _SEPARATORS.sub("_", name.replace("\ufeff", "").strip().strip('"').strip().casefold())


def escape_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs (and one already escaped is escaped again)."""
    if text.startswith((*FORMULA_TRIGGERS, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`: an apostrophe before a formula character (or another apostrophe) comes off."""
    if len(text) > 1 and text[0] == ESCAPE and text[1] in (*FORMULA_TRIGGERS, ESCAPE):
        return text[1:]
    return text


def write_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV text with every cell escaped; Windows line ends, as spreadsheets write them."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([escape_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
