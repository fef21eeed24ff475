"""Live refresh below the UI (issue #10): another app's booking is heard within 2 s (PostgreSQL LISTEN/NOTIFY, SQLite
PRAGMA data_version); an app does not hear its own; a server that goes away and comes back; a newer schema."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import text

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import ConnectionLost, DatabaseNotUsable
from iro_diary.infra.clock import FixedClock
from iro_diary.services.changes import Changes
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from tests.conftest import make_services
from tests.factories import make_child, make_iro, make_room
from tests.postgres import PostgresServer


def book(services: Services) -> int:
    db = services.ctx.db
    request = BookingRequest(
        MeetingKind.CLA_REVIEW, dt.date(2026, 12, 1), dt.time(10), 60, make_iro(db), (make_child(db),),
        room_id=make_room(db),
    )  # fmt: skip
    return services.booking.book(request)[0].id


def heard_within(services: Services, seconds: float, wanted: object) -> Changes:
    """Listen until `wanted(changes)` or the time is up; what was heard."""
    deadline = time.monotonic() + seconds
    heard = Changes()
    while time.monotonic() < deadline and not wanted(heard):  # type: ignore[operator]
        heard = heard | services.live.listen(max(0.0, deadline - time.monotonic()))
    return heard


def test_another_app_hears_a_booking_within_two_seconds_and_not_its_own(two_apps: tuple[Services, Services]) -> None:
    mine, theirs = two_apps
    for app in (mine, theirs):
        assert not app.live.listen(0)  # listening from now on
    started = time.monotonic()
    meeting_id = book(mine)
    heard = heard_within(theirs, 2, lambda c: meeting_id in c.meetings)
    assert meeting_id in heard.meetings and heard.children and heard.iros and heard.rooms
    assert time.monotonic() - started < 2
    assert not heard.everything
    assert not heard_within(mine, 0.5, lambda c: bool(c)), "an app's own changes come back from the service itself"


def test_a_rule_changed_on_another_pc_is_used_here_at_once(two_apps: tuple[Services, Services]) -> None:
    mine, theirs = two_apps
    theirs.live.listen(0)
    before = theirs.timescales.due_dates("transfer-in", [dt.date(2026, 11, 2)])[0].due
    mine.settings.set("rules.transfer_in_working_days", 20)
    heard = heard_within(theirs, 2, lambda c: bool(c.settings))
    assert heard.settings == {"rules.transfer_in_working_days"}
    after = theirs.timescales.due_dates("transfer-in", [dt.date(2026, 11, 2)])[0].due
    assert (before, after) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))


def test_a_newer_version_upgrading_the_database_stops_this_app_writing(two_apps: tuple[Services, Services]) -> None:
    mine, theirs = two_apps
    theirs.live.listen(0)
    with mine.ctx.db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseNotUsable, match="upgraded by a newer version of IRO Diary on another PC"):
        theirs.live.listen(0.1)
    with pytest.raises(DatabaseNotUsable, match="Nothing was saved: update IRO Diary on this PC"):
        book(theirs)
    assert theirs.diary.resources() is not None, "it can still read"


def test_the_server_stopping_and_starting_is_heard_and_everything_reloads(
    postgres_server: PostgresServer, postgres_url: str, clock: FixedClock
) -> None:
    if not postgres_server.can_restart:
        pytest.skip("the server was given (IRO_DIARY_TEST_POSTGRES_URL): it cannot be restarted")
    services = make_services(postgres_url, clock)
    try:
        services.live.listen(0)
        postgres_server.stop()
        try:
            with pytest.raises(ConnectionLost, match="Cannot reach the shared diary database"):
                heard_within(services, 3, lambda c: False)
            with pytest.raises(ConnectionLost):
                services.live.listen(0)
        finally:
            postgres_server.start()
        assert services.live.listen(0) == Changes.all(), "whatever happened meanwhile was not heard"
        book(services)
    finally:
        services.close()


def test_the_embedded_diarys_change_log_is_kept_short(services: Services) -> None:
    from iro_diary.store.repositories.change_log import ChangeLogRepository

    for _ in range(3):
        make_room(services.ctx.db)
    with services.ctx.db.write() as session:
        log = ChangeLogRepository(session)
        last = log.last_id()
        log.prune(keep=2)
    with services.ctx.db.read() as session:
        assert [row.id for row in ChangeLogRepository(session).since(0, 100)] == [last - 1, last]
    services.live.prune()  # at start: nothing to do below the limit
