"""Reports: the annual (or quarterly) report's figures, computed from the diary in one read.

The figures themselves are defined in `domain.reports`; this service reads the period's facts in one
transaction, with the timescale engine's compliance for "% within timescale", and the comparators entered in
Settings for the year.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.codes import MeetingStatus
from iro_diary.domain.quality.codes import ThemeKind
from iro_diary.domain.reports.compute import compute_report
from iro_diary.domain.reports.definitions import COMPARABLE, COMPARATOR_GROUPS
from iro_diary.domain.reports.model import Report
from iro_diary.domain.reports.period import ReportPeriod
from iro_diary.domain.reports.quality import held_children
from iro_diary.domain.reports.records import Comparator, PlanRecord, ReportFacts, Timeliness
from iro_diary.infra.settings_schema import SETTINGS, comparator_key
from iro_diary.services.access import requires
from iro_diary.services.compliance import earliest_due_in
from iro_diary.services.context import ServiceContext
from iro_diary.services.quality.live_audit import audit_answers
from iro_diary.services.quality.report_facts import quality_records
from iro_diary.store.repositories.quality import QualityListRepository, QualityRecordRepository
from iro_diary.store.repositories.reports import ReportRepository
from iro_diary.store.repositories.settings import SettingRepository

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


class ReportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    @requires(Permission.REPORTS)
    def annual(self, year: int, quarter: int | None = None) -> Report:
        """The report for financial year `year` (1 April `year` to 31 March `year + 1`) or one quarter of it."""
        return self.report(ReportPeriod(year, quarter))

    @requires(Permission.REPORTS)
    def report(self, period: ReportPeriod, progress: Progress | None = None) -> Report:
        step = progress or (lambda _done, _total, _text: None)
        started = time.perf_counter()
        step(0, 3, "Reading the period's meetings, plans and episodes")
        with _without_cyclic_gc():
            with self._ctx.db.read() as session:
                facts = self._facts(session, period, step)
            step(2, 3, "Working out the figures")
            report = compute_report(facts)
        log.info("report %s computed in %.2f s", period.slug, time.perf_counter() - started)
        return report

    def _facts(self, session: Session, period: ReportPeriod, step: Progress) -> ReportFacts:
        repo = ReportRepository(session)
        settings = SettingRepository(session).all_values()
        year_before = period.end_years_earlier(1)
        episodes = repo.episodes_overlapping(min(period.start, year_before), period.end)
        plans = repo.plans_started_by(period.end)
        meetings, attendances = repo.meetings_between(period.start, period.end)
        step(1, 3, "Checking every meeting against its timescale")
        book = self._ctx.rule_book(session)
        held = [m for m in meetings if m.status is MeetingStatus.HELD]
        held_subjects = ({c for m in held for c in m.child_ids}, {m.household_id for m in held if m.household_id})
        earliest = earliest_due_in(session, book, self._ctx.clock.today(), (period.start, period.end), held_subjects)
        concerns, recorded = quality_records(session, book.calendar, period)
        answers, items = audit_answers(session, period)
        teams = {i.id: i.team.value for i in QualityRecordRepository(session).iros()}
        wanted = {e.child_id for e in episodes} | {a.child_id for a in attendances}
        wanted |= _plan_children(plans, period) | {c.child_id for c in concerns} | {r.child_id for r in recorded}
        themes = QualityListRepository(session).themes()
        return ReportFacts(
            period=period,
            population=int(settings.get("child-population", SETTINGS["child-population"].default)),
            organisation=str(settings.get("organisation.name", SETTINGS["organisation.name"].default)),
            children=repo.children(wanted),
            episodes=episodes,
            plans=plans,
            meetings=meetings,
            attendances=attendances,
            iros=repo.iros(),
            timeliness=[Timeliness(meeting_id, due) for meeting_id, due in earliest.items()],
            comparators=comparators(settings, period.year),
            concerns=concerns,
            concern_themes=[t.name for t in themes if t.kind is ThemeKind.CONCERN and t.active],
            good_practice=recorded,
            good_practice_themes=[t.name for t in themes if t.kind is ThemeKind.GOOD_PRACTICE and t.active],
            audit_items=items,
            audit_held=held_children(meetings, teams),
            audit_answers=answers,
        )


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """A report makes a few hundred thousand small objects and no reference cycles: Python's cyclic collector
    would walk them again and again (a third of the time at ten times the report's size). The GUI already runs
    with it off (ui/gc_guard.py); elsewhere it is paused for the report and resumed after."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _plan_children(plans: Iterable[PlanRecord], period: ReportPeriod) -> set[int]:
    """Children whose plans bear on the period: open at any of the three year ends it shows, or since."""
    earliest = period.end_years_earlier(2)
    return {p.child_id for p in plans if p.end is None or p.end >= earliest}


def comparators(settings: dict[str, object], year: int) -> dict[str, Comparator]:
    """The statutory neighbour and England values entered for a year, by measure."""
    found = {}
    for measure in COMPARABLE:
        values = [settings.get(comparator_key(year, measure, group)) for group in COMPARATOR_GROUPS]
        neighbours, national = (float(v) if isinstance(v, int | float) else None for v in values)
        found[measure] = Comparator(neighbours, national)
    return found
