"""Calendar feeds: each IRO's and each room's coming months as a METHOD:PUBLISH .ics in a folder (typically a
shared drive), rewritten after changes, so Outlook can subscribe to them; and one-off calendar exports.

Feeds never carry names (whoever can read the folder can read them) and never carry cancelled meetings (a
subscriber re-reads the whole file, so a meeting that leaves the file leaves the calendar).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from iro_diary.domain.errors import EnvironmentProblem, NotFound, ValidationError
from iro_diary.domain.invites import ical
from iro_diary.domain.invites.model import InviteMeeting
from iro_diary.infra.clock import day_start, days_span
from iro_diary.infra.files import write_atomically
from iro_diary.services.changes import Changes
from iro_diary.services.context import ServiceContext
from iro_diary.services.invites.config import invite_config
from iro_diary.services.invites.rows import invite_meeting
from iro_diary.services.invites.service import IcsExport
from iro_diary.store.repositories.invites import InviteRepository

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
FEED_PATTERNS = ("iro-*.ics", "room-*.ics")
FEED_SETTINGS = ("feeds.", "organisation.", "invites.child-initials")


@dataclass(frozen=True, slots=True)
class FeedReport:
    folder: str
    feeds: int
    written: int
    removed: int
    seconds: float

    @property
    def text(self) -> str:
        return (
            f"{self.feeds} calendar feeds in {self.folder}: {self.written} rewritten, "
            f"{self.feeds - self.written} unchanged, {self.removed} removed ({self.seconds:.1f} s)."
        )


@dataclass(frozen=True, slots=True)
class _Feed:
    file_name: str
    title: str
    meetings: list[InviteMeeting]


def feed_file_name(prefix: str, key: str) -> str:
    """'iro', 'Jane.Smith@council.gov.uk' -> 'iro-jane.smith-council.gov.uk.ics'."""
    slug = re.sub(r"[^a-z0-9.]+", "-", key.lower()).strip("-.") or "unnamed"
    return f"{prefix}-{slug}.ics"


class FeedsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def write_feeds(self, folder: str | None = None, progress: Progress | None = None) -> FeedReport:
        """Write every active IRO's and room's feed for the coming months into `folder` (default: the setting)."""
        started = time.perf_counter()
        today = self._ctx.clock.today()
        with self._ctx.db.read() as session:
            config = invite_config(session)
            target = Path(folder or config.feeds_folder)
            if not str(folder or config.feeds_folder):
                raise ValidationError("No feeds folder is set (Settings → Invites, email and feeds).")
            start = day_start(today)
            end = day_start(today + relativedelta(months=config.feeds_months))
            feeds = self._feeds(session, start, end)
        _check_folder(target)
        stamp, events, written = self._ctx.clock.now(), dict[str, bytes](), 0
        for number, feed in enumerate(feeds):
            if progress is not None:
                progress(number, len(feeds), "Writing calendar feeds")
            data = ical.feed(feed.meetings, config.setup, stamp=stamp, title=feed.title, events=events)
            written += _write(target / feed.file_name, data)
        removed = _remove_stale(target, {f.file_name for f in feeds})
        log.info("feeds written: %d of %d changed, %d removed", written, len(feeds), removed)
        return FeedReport(str(target), len(feeds), written, removed, time.perf_counter() - started)

    def after_change(self, changes: Changes) -> FeedReport | None:
        """For the diary, after every change (off the GUI thread): rewrite the feeds when they are set up and the
        change can alter them. None when feeds are off or the change does not touch them."""
        touches = bool(changes.everything or changes.meetings or changes.iros or changes.rooms)
        touches = touches or any(key.startswith(FEED_SETTINGS) for key in changes.settings)
        if not touches:
            return None
        with self._ctx.db.read() as session:
            if not invite_config(session).feeds_folder:
                return None
        return self.write_feeds()

    def _feeds(self, session: Session, start: dt.datetime, end: dt.datetime) -> list[_Feed]:
        repo = InviteRepository(session)
        meetings = repo.meetings_between(start, end)
        by_chair: dict[int, list[InviteMeeting]] = defaultdict(list)
        by_room: dict[int, list[InviteMeeting]] = defaultdict(list)
        for meeting in meetings:
            row = invite_meeting(meeting, with_attendees=False)
            if meeting.chair_id is not None:
                by_chair[meeting.chair_id].append(row)
            if meeting.room_id is not None:
                by_room[meeting.room_id].append(row)
        feeds = [
            _Feed(feed_file_name("iro", i.email), f"{i.name} (IRO Diary)", by_chair[i.id]) for i in repo.active_iros()
        ]
        feeds += [
            _Feed(feed_file_name("room", r.name), f"{r.name} (IRO Diary)", by_room[r.id]) for r in repo.active_rooms()
        ]
        return feeds

    def export_calendar(
        self, *, iro_email: str | None = None, room_name: str | None = None, first: dt.date, last: dt.date
    ) -> IcsExport:
        """One IRO's or one room's meetings from `first` to `last` (inclusive) as a METHOD:PUBLISH .ics."""
        if last < first:
            raise ValidationError(f"The range ends ({last}) before it starts ({first}).")
        with self._ctx.db.read() as session:
            repo = InviteRepository(session)
            setup = invite_config(session).setup
            start, end = days_span(first, last)
            if iro_email is not None:
                iro = repo.iro_by_email(iro_email)
                if iro is None:
                    raise NotFound(f"No IRO has the email address {iro_email}.")
                title, meetings = iro.name, repo.meetings_between(start, end, chair_id=iro.id)
            else:
                room = repo.room_by_name(room_name or "")
                if room is None:
                    raise NotFound(f"There is no room called '{room_name}'.")
                title, meetings = room.name, repo.meetings_between(start, end, room_id=room.id)
            rows = [invite_meeting(m, with_attendees=False) for m in meetings]
        data = ical.feed(rows, setup, stamp=self._ctx.clock.now(), title=f"{title} (IRO Diary)")
        return IcsExport(data, "PUBLISH", len(rows), title)


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise EnvironmentProblem(
            f"The feeds folder {folder} does not exist or is not a folder (is the shared drive connected?)."
        )


def _write(path: Path, data: bytes) -> int:
    try:
        return int(write_atomically(path, data))
    except OSError as error:
        raise EnvironmentProblem(f"Cannot write the calendar feed {path}: {error.strerror or error}") from None


def _remove_stale(folder: Path, keep: set[str]) -> int:
    """Remove feeds this app wrote for IROs and rooms that no longer have one (left, or room closed)."""
    removed = 0
    for pattern in FEED_PATTERNS:
        for path in folder.glob(pattern):
            if path.name in keep or not _is_ours(path):
                continue
            try:
                path.unlink()
                removed += 1
            except OSError:
                log.info("could not remove a stale feed file")
    return removed


def _is_ours(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return ical.PRODID.encode() in stream.read(300)
    except OSError:
        return False
