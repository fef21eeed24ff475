"""Importing the case recording system's CSV files: check everything, then write everything or nothing.

1. Every file is read and every row parsed (pure domain functions, no database).
2. In one transaction, the rows are checked against each other and against the diary (unknown references,
   overlaps, double bookings) and sorted into added, updated and unchanged.
3. Only if no file has any problem are the changes written, in that same transaction, with an audit row for
   every record touched and one for the import as a whole. A dry run stops after step 2 and writes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.imports.checks import check_files
from iro_diary.domain.imports.diff import KindPlan, plan_changes
from iro_diary.domain.imports.parsing import ParsedFile
from iro_diary.domain.imports.problems import Problem, sort_key
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.imports import reading
from iro_diary.services.imports.reading import ImportSource
from iro_diary.services.imports.state import load_state
from iro_diary.services.imports.writing import ImportWriter
from iro_diary.services.settings import SettingsService
from iro_diary.store.repositories.bulk import BulkRepository

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
MAPPING_SETTING = "import.column-mapping"


@dataclass(frozen=True, slots=True)
class ImportCount:
    kind: str
    file: str
    rows: int
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import found and did. `written` is False for a dry run and whenever there was a problem."""

    problems: tuple[Problem, ...]
    counts: tuple[ImportCount, ...]
    notes: tuple[str, ...]
    written: bool
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems

    def totals(self) -> tuple[int, int, int]:
        """Records added, updated and unchanged, over every file."""
        return (
            sum(c.added for c in self.counts),
            sum(c.updated for c in self.counts),
            sum(c.unchanged for c in self.counts),
        )


class ImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def sources_in_folder(self, folder: Path) -> list[ImportSource]:
        """The template files in a folder (iros.csv, rooms.csv, children.csv …), in dependency order."""
        return reading.sources_in_folder(folder)

    def headers(self, path: Path) -> tuple[str, ...]:
        """A file's header row, for mapping its columns to a template's."""
        return reading.read_headers(path)

    def column_mappings(self) -> dict[str, dict[str, str]]:
        """The council's saved mappings: kind -> template column -> the header its case system uses."""
        value = SettingsService(self._ctx).get(MAPPING_SETTING)
        return {k: dict(v) for k, v in value.items()} if isinstance(value, dict) else {}

    @requires(Permission.DATA)
    def save_column_mapping(self, kind: str, mapping: Mapping[str, str]) -> Changes:
        """Remember how this council's export names one template's columns (blank entries are dropped)."""
        reading.check_kind(kind)
        mappings = self.column_mappings()
        mappings[kind] = {column: header for column, header in mapping.items() if header}
        return SettingsService(self._ctx).set(MAPPING_SETTING, mappings)

    def check(self, sources: Sequence[ImportSource], progress: Progress | None = None) -> ImportOutcome:
        """A dry run: every problem, and what would be added, updated or left unchanged. Writes nothing."""
        outcome, _changes = self._import(sources, progress, write=False)
        return outcome

    @requires(Permission.DATA)
    def run(self, sources: Sequence[ImportSource], progress: Progress | None = None) -> tuple[ImportOutcome, Changes]:
        """Import the files in one transaction: everything, or (with any problem) nothing."""
        return self._import(sources, progress, write=True)

    def _import(
        self, sources: Sequence[ImportSource], progress: Progress | None, *, write: bool
    ) -> tuple[ImportOutcome, Changes]:
        started = time.perf_counter()
        ordered = reading.in_dependency_order(sources)
        report = _Reporter(progress)
        files = self._parse(ordered, report)
        notes = tuple(f"{p.label}: the file has a header but no rows" for p in files.values() if _header_only(p))
        problems = [p for parsed in files.values() for p in parsed.problems]
        if any(parsed.unreadable for parsed in files.values()):
            # Without a file's rows, every reference to them would look unknown: report what stops the reading.
            return ImportOutcome(_sorted(problems), (), notes, False, time.perf_counter() - started), Changes()
        changes: Changes | None = None
        opened = self._ctx.db.write if write and not problems else self._ctx.db.read
        with opened() as session:
            report.phase(report.done, "Checking against the diary")
            state = load_state(session, files.keys())
            problems += check_files(files, state.facts)
            plans = [plan_changes(parsed, state.current[kind]) for kind, parsed in files.items()]
            counts = tuple(_count(plan) for plan in plans)
            if write and not problems:
                sequences = {i: v["ical_sequence"] for i, v in state.current.get("meetings", [])}
                changes = self._write(session, plans, sequences, counts, report)
        outcome = ImportOutcome(_sorted(problems), counts, notes, changes is not None, time.perf_counter() - started)
        if changes is not None:
            log.info("import of %d file(s): %s added/updated/unchanged", len(files), outcome.totals())
        return outcome, changes or Changes()

    def _parse(self, sources: list[ImportSource], report: _Reporter) -> dict[str, ParsedFile]:
        raws = {source: reading.read_raw(source) for source in sources}
        report.total = 2 * sum(len(raw.rows) for raw in raws.values() if not isinstance(raw, Problem)) + 1
        mappings = self.column_mappings()
        today = self._ctx.clock.today()
        files = {}
        for source, raw in raws.items():
            report.phase(report.done, f"Reading {source.label}")
            files[source.kind] = reading.parse_source(source, raw, mappings.get(source.kind, {}), today, report.step)
        return files

    def _write(
        self,
        session: Session,
        plans: list[KindPlan],
        sequences: dict[int, int],
        counts: tuple[ImportCount, ...],
        report: _Reporter,
    ) -> Changes:
        report.phase(report.done, "Writing")
        writer = ImportWriter(session, self._ctx, report.step)
        for plan in plans:
            writer.apply(plan, sequences)
        summary = {c.file: {"added": c.added, "updated": c.updated, "unchanged": c.unchanged} for c in counts}
        added, updated, unchanged = sum(c.added for c in counts), sum(c.updated for c in counts), 0
        unchanged = sum(c.unchanged for c in counts)
        writer.audit_rows.append(
            audit.row(
                self._ctx,
                action="import",
                entity="import",
                entity_id=self._ctx.clock.now().strftime("%Y%m%dT%H%M%SZ"),
                summary=f"Imported {', '.join(summary)}: {added} added, {updated} updated, {unchanged} unchanged",
                after=summary,
            )
        )
        BulkRepository(session).insert_rows("audit_entry", writer.audit_rows)
        touched = writer.touched
        return Changes(
            meetings=frozenset(touched["meetings"]),
            children=frozenset(touched["children"]),
            iros=frozenset(touched["iros"]),
            rooms=frozenset(touched["rooms"]),
            bulk=True,
        )


class _Reporter:
    """Turns row counts into the (done, total, text) progress the op runner shows."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.total = 1
        self.done = 0
        self.text = ""

    def phase(self, done: int, text: str) -> None:
        self.done, self.text = done, text
        self._emit()

    def step(self, rows: int) -> None:
        self.done = min(self.done + rows, self.total)
        self._emit()

    def _emit(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total, self.text)


def _count(plan: KindPlan) -> ImportCount:
    parsed = plan.parsed
    return ImportCount(
        parsed.template.kind, parsed.label, len(parsed.rows), len(plan.added), len(plan.updated), plan.unchanged
    )


def _header_only(parsed: ParsedFile) -> bool:
    return not parsed.problems and not parsed.rows and bool(parsed.headers)


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=sort_key))
