"""All the services of one open database, built by the composition root (`iro_diary.app`)."""

from __future__ import annotations

from dataclasses import dataclass

from iro_diary.services.backups import BackupService
from iro_diary.services.booking import BookingService
from iro_diary.services.calendar import CalendarService
from iro_diary.services.children import ChildrenService
from iro_diary.services.context import ServiceContext
from iro_diary.services.demo import DemoService
from iro_diary.services.diary import DiaryService
from iro_diary.services.diary_status import DiaryStatusService
from iro_diary.services.exports import ExportService
from iro_diary.services.held import HeldService
from iro_diary.services.history import HistoryService
from iro_diary.services.imports import ImportService
from iro_diary.services.invites.feeds import FeedsService
from iro_diary.services.invites.service import InvitesService
from iro_diary.services.live import LiveService
from iro_diary.services.quality import ConcernService, GoodPracticeService, LiveAuditService, QualityListService
from iro_diary.services.reports import ReportService
from iro_diary.services.scheduling import SchedulingService
from iro_diary.services.settings import SettingsService
from iro_diary.services.timescales import TimescaleService
from iro_diary.services.users import UsersService
from iro_diary.services.workload import WorkloadService


@dataclass(frozen=True)
class Services:
    """What the GUI and the CLI call. Each attribute is one area of the service's work."""

    ctx: ServiceContext
    status: DiaryStatusService
    children: ChildrenService
    settings: SettingsService
    demo: DemoService
    timescales: TimescaleService
    calendar: CalendarService
    diary: DiaryService
    booking: BookingService
    held: HeldService
    imports: ImportService
    exports: ExportService
    backups: BackupService
    invites: InvitesService
    feeds: FeedsService
    workload: WorkloadService
    reports: ReportService
    scheduling: SchedulingService
    concerns: ConcernService
    good_practice: GoodPracticeService
    live_audit: LiveAuditService
    quality_lists: QualityListService
    users: UsersService
    history: HistoryService
    live: LiveService

    @classmethod
    def create(cls, ctx: ServiceContext) -> Services:
        return cls(
            ctx=ctx,
            status=DiaryStatusService(ctx),
            children=ChildrenService(ctx),
            settings=SettingsService(ctx),
            demo=DemoService(ctx),
            timescales=TimescaleService(ctx),
            calendar=CalendarService(ctx),
            diary=DiaryService(ctx),
            booking=BookingService(ctx),
            held=HeldService(ctx),
            imports=ImportService(ctx),
            exports=ExportService(ctx),
            backups=BackupService(ctx),
            invites=InvitesService(ctx),
            feeds=FeedsService(ctx),
            workload=WorkloadService(ctx),
            reports=ReportService(ctx),
            scheduling=SchedulingService(ctx),
            concerns=ConcernService(ctx),
            good_practice=GoodPracticeService(ctx),
            live_audit=LiveAuditService(ctx),
            quality_lists=QualityListService(ctx),
            users=UsersService(ctx),
            history=HistoryService(ctx),
            live=LiveService(ctx),
        )

    @property
    def database_description(self) -> str:
        return self.ctx.db.description

    @property
    def database_address(self) -> str:
        """The open database's address without its password (for the connection dialog to start from)."""
        return self.ctx.db.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.live.close()
        self.ctx.db.close()
