"""The audit trail (issue #10): a meeting's and a child's history with before and after, an export, and rows the
app cannot change or delete — on SQLite and PostgreSQL; and migration 1000_shared_diary itself."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.errors import DatabaseNotUsable
from iro_diary.services.diary_rows import BookingRequest
from iro_diary.services.registry import Services
from iro_diary.store.database import Database
from iro_diary.store.migrate import current_revision, prepare
from tests.factories import local, make_child, make_iro, make_meeting, make_room
from tests.migration_support import assert_migration_round_trip, migrate

DAY = dt.date(2026, 12, 1)


def test_a_meetings_history_says_who_did_what_when_with_before_and_after(any_services: Services) -> None:
    db = any_services.ctx.db
    jo, sam = make_iro(db, name="Jo Chair"), make_iro(db, name="Sam Second")
    request = BookingRequest(MeetingKind.CLA_REVIEW, DAY, dt.time(10), 60, jo, (make_child(db),), room_id=make_room(db))
    row, _ = any_services.booking.book(request)
    moved, _ = any_services.booking.move(row.id, row.version, DAY, dt.time(14), chair_id=sam)
    any_services.booking.cancel(row.id, moved.version, "Family unable to attend")
    history = any_services.history.meeting(row.id)
    assert [h.action for h in history if h.action != "raise-sequence"] == ["book", "move", "cancel"]
    move = next(h for h in history if h.action == "move")
    assert (move.actor, move.at.strftime("%d %b %H:%M"), str(move.at.tzinfo)) == (
        "tester",
        "26 Nov 10:00",
        "Europe/London",
    )
    changes = {c.field: (c.before, c.after) for c in move.changes}
    assert changes["chair_id"] == ("Jo Chair", "Sam Second")
    assert changes["start_at"] == ("Tue 01 Dec 2026 10:00", "Tue 01 Dec 2026 14:00")
    assert "chair: Jo Chair → Sam Second" in move.changes_text
    assert "ref" not in changes, "only what changed is shown"


def test_a_childs_history_and_the_export(services: Services, tmp_path: Path) -> None:
    db = services.ctx.db
    jo, sam = make_iro(db, name="Jo Chair"), make_iro(db, name="Sam Second")
    child = make_child(db, allocated_iro_id=jo)
    outcome = services.workload.allocate([child], sam, {child: jo})
    assert outcome.children_moved == (child,)
    [allocated] = services.history.child(child)
    assert allocated.action == "allocate"
    assert [(c.field, c.before, c.after) for c in allocated.changes] == [("allocated_iro_id", "Jo Chair", "Sam Second")]
    count = services.history.export(tmp_path / "audit.csv", dt.date(2026, 11, 26), dt.date(2026, 11, 26))
    with (tmp_path / "audit.csv").open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert count == 1
    assert lines == [
        {
            "when": "2026-11-26 10:00:00",
            "who": "tester",
            "action": "allocate",
            "record": "child",
            "record_id": str(child),
            "summary": allocated.summary,
            "field": "allocated_iro_id",
            "before": "Jo Chair",
            "after": "Sam Second",
        }
    ]
    assert services.history.export(tmp_path / "none.csv", dt.date(2026, 11, 27), dt.date(2026, 11, 30)) == 0


@pytest.mark.parametrize("statement", ["UPDATE audit_entry SET actor = 'someone else'", "DELETE FROM audit_entry"])
def test_audit_rows_cannot_be_changed_or_deleted(any_services: Services, statement: str) -> None:
    any_services.settings.set("booking.minutes.cla-review", 75)
    refused = pytest.raises(DBAPIError, match="audit rows cannot be changed or deleted")
    with refused, any_services.ctx.db.write() as session:
        session.execute(text(statement))
    with any_services.ctx.db.read() as session:
        assert session.execute(text("SELECT actor FROM audit_entry")).scalars().all() == ["tester"]


def test_the_shared_diary_migration_upgrades_downgrades_and_matches_the_models(any_db_url: str, tmp_path: Path) -> None:
    assert_migration_round_trip(any_db_url, tmp_path / "backups", "1200_quality", {"app_user", "change_log"})


def test_a_postgres_diary_that_already_double_books_is_not_upgraded(postgres_url: str, tmp_path: Path) -> None:
    db = Database(postgres_url)
    try:
        prepare(db, tmp_path, dt.datetime.now(dt.UTC))
        migrate(db, "downgrade", "1200_quality")
        db.expected_revision = None  # this test plays the older version writing its meetings
        chair = make_iro(db)
        make_meeting(db, ref="M-000001", chair_id=chair, start_at=local(DAY, 10))
        make_meeting(db, ref="M-000002", chair_id=chair, start_at=local(DAY, 11))
        with pytest.raises(DatabaseNotUsable, match=r"double-book a chair \(M-000001 and M-000002\)"):
            migrate(db, "upgrade", "head")
        assert current_revision(db) == "1200_quality", "nothing was changed"
    finally:
        db.close()
