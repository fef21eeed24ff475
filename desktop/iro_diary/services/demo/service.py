"""Loading the demo service into a database: `iro-diary demo` and the first-start offer."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from iro_diary.domain.access import Permission
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.quality.codes import ThemeKind
from iro_diary.domain.timescales import RuleBook
from iro_diary.services import audit
from iro_diary.services.access import requires
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.demo.builder import DemoBuilder
from iro_diary.services.demo.care import simulate_care
from iro_diary.services.demo.colleagues import DEMO_LOGIN_PREFIX, demo_colleagues
from iro_diary.services.demo.diary import DemoDiary
from iro_diary.services.demo.others import simulate_cse, simulate_fostering
from iro_diary.services.demo.people import add_absences, add_iros, add_rooms
from iro_diary.services.demo.profile import load_profile
from iro_diary.services.demo.protection import simulate_protection
from iro_diary.services.demo.quality import QualitySetup, simulate_quality
from iro_diary.services.demo.records import TABLE_ORDER, DemoData
from iro_diary.store.repositories.bulk import BulkRepository
from iro_diary.store.repositories.quality import QualityListRepository
from iro_diary.store.repositories.users import UserRepository

Progress = Callable[[int, int, str], None]
MAX_SCALE = 20.0


@dataclass(frozen=True)
class DemoSummary:
    scale: float
    seed: int
    today: dt.date
    counts: dict[str, int]
    seconds: float


def history_start(today: dt.date) -> dt.date:
    """1 April of the last complete financial year: the demo holds that whole year and the one under way."""
    year = today.year if today.month >= 4 else today.year - 1
    return dt.date(year - 1, 4, 1)


def build_demo(
    scale: float, seed: int, rules: RuleBook, today: dt.date, progress: Progress, quality: QualitySetup | None = None
) -> DemoData:
    """The whole demo service in memory (no database involved); with the service's quality-assurance lists, its
    concerns, good practice and live-audit answers too."""
    rng = random.Random(f"iro-diary-demo:{seed}")
    profile = load_profile()
    builder = DemoBuilder(profile, scale, rng, rules, today, DemoDiary(rules.calendar, {}, [], rng))
    progress(0, 6, "Staff and rooms")
    iros = add_iros(builder)
    builder.diary.iros = iros
    builder.diary.rooms = add_rooms(builder)
    add_absences(builder, iros, today - relativedelta(years=10), today + dt.timedelta(days=200))
    team = {name: [i for i in iros.values() if i.team == name] for name in {i.team for i in iros.values()}}
    progress(1, 6, "Children in care")
    simulate_care(builder, team["children-in-care"], history_start(today))
    progress(2, 6, "Child protection")
    simulate_protection(builder, team["child-protection"])
    progress(3, 6, "Exploitation (CSE)")
    simulate_cse(builder, team["child-protection"])
    progress(4, 6, "Fostering")
    simulate_fostering(builder, team["fostering"])
    builder.number_meetings(salt=f"{seed}:{scale}:{today.isoformat()}:")
    if quality is not None:
        audit_from = dt.date(history_start(today).year + 1, 1, 1)  # the last complete year's final quarter
        simulate_quality(builder.data, quality, rules.calendar, today, audit_from, f"{seed}:{scale}")
    return builder.data


class DemoService:
    """Fills an empty database with the demo service (or replaces what is there, when asked)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def has_data(self) -> bool:
        with self._ctx.db.read() as session:
            return BulkRepository(session).has_data()

    @requires(Permission.DATA)
    def generate(
        self, scale: float = 1.0, seed: int = 1, *, replace: bool = False, progress: Progress | None = None
    ) -> tuple[DemoSummary, Changes]:
        """Build the demo service and write it in one transaction; refuse a database with data unless `replace`."""
        if not 0 < scale <= MAX_SCALE:
            raise ValidationError(f"the scale must be more than 0 and at most {MAX_SCALE:g}, not {scale:g}")
        report = progress or (lambda _done, _total, _text: None)
        started = time.perf_counter()
        if not replace and self.has_data():
            raise ValidationError(self._refusal())
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            rules = self._ctx.rule_book(session)
            quality = _quality_setup(session)
        data = build_demo(scale, seed, rules, today, report, quality)
        counts = self._write(data, replace, report)
        summary = DemoSummary(scale, seed, today, counts, time.perf_counter() - started)
        return summary, Changes.all()

    def _refusal(self) -> str:
        return (
            f"{self._ctx.db.description} already holds a diary; the demo service was not loaded. "
            "Use --replace to delete everything in it and load the demo instead."
        )

    def _write(self, data: DemoData, replace: bool, report: Progress) -> dict[str, int]:
        total = sum(data.count(t) for t in TABLE_ORDER)
        written = 0

        def advance(rows: int) -> None:
            nonlocal written
            written += rows
            report(5 * total + written, 6 * total, f"Writing {total:,} records")

        with self._ctx.db.write() as session:
            repo = BulkRepository(session)
            if repo.has_data():
                if not replace:
                    raise ValidationError(self._refusal())
                repo.clear_all()
            for table in TABLE_ORDER:
                repo.insert_rows(table, data.tables.get(table, []), advance)
            UserRepository(session).remove_logins_starting(DEMO_LOGIN_PREFIX)
            repo.insert_rows("app_user", demo_colleagues(data.tables["iro"], self._ctx.clock.now(), self._ctx.actor))
            repo.reset_id_sequences()
            counts = {t: data.count(t) for t in TABLE_ORDER}
            audit.record(
                session,
                self._ctx,
                action="demo-load",
                entity="database",
                entity_id="demo",
                summary=f"Demo service loaded ({counts['child']} children, {counts['meeting']} meetings)",
                after={"replaced": replace},
            )
        return counts


def _quality_setup(session: Session) -> QualitySetup:
    """The service's active themes and checklist, which the demo's records use (the lists are kept on --replace)."""
    lists = QualityListRepository(session)
    themes = [t for t in lists.themes() if t.active]
    return QualitySetup(
        concern_themes={t.name: t.id for t in themes if t.kind is ThemeKind.CONCERN},
        good_practice_themes={t.name: t.id for t in themes if t.kind is ThemeKind.GOOD_PRACTICE},
        items=tuple((i.id, i.code, i.applies_to) for i in lists.items() if i.active),
    )
