"""Invites by email through a real local SMTP server (aiosmtpd): one message per recipient with the right MIME
parts; SEQUENCE raised only by changes that matter; cancellations, withdrawals; a server that is down, a
refused address, a login from the keyring — and nothing lost on the way."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest

from iro_diary.domain.codes import AttendeeRole, MeetingKind, MeetingStatus
from iro_diary.domain.errors import EnvironmentProblem, NotFound
from iro_diary.domain.invites.model import InviteKind
from iro_diary.infra.secrets import NO_KEYRING
from iro_diary.services.invites.outbox import QueueResult, record_meeting_change
from iro_diary.services.invites.rows import invite_facts
from iro_diary.services.registry import Services
from iro_diary.store.models import Attendee, AuditEntry
from iro_diary.store.repositories.invites import InviteRepository
from tests.conftest import make_services
from tests.factories import local, make_child, make_iro, make_meeting, make_room
from tests.invites_support import (
    MailServer,
    MemoryKeyring,
    Received,
    free_port,
    mail_server,
    memory_keyring,
    no_keyring,
    use_mail_server,
)

__all__ = ["mail_server", "memory_keyring", "no_keyring"]

SOCIAL_WORKER = "sam.worker@council.gov.uk"
MINUTE_TAKER = "min.taker@council.gov.uk"
ROOM_MAILBOX = "room2@council.gov.uk"


def book(services: Services) -> dict[str, int]:
    """A conference with a chair, a minute-taker, a social worker, a parent without email and a room mailbox."""
    db = services.ctx.db
    ids = {
        "chair": make_iro(db, name="Jane Chair", email="jane.chair@council.gov.uk"),
        "other": make_iro(db, name="Omar Other", email="omar.other@council.gov.uk"),
        "room": make_room(db, name="Room 2", site="Civic Centre", mailbox=ROOM_MAILBOX),
        "child": make_child(db, given_name="Zebedee", family_name="Zarathustra"),
    }
    ids["meeting"] = make_meeting(
        db,
        child_ids=(ids["child"],),
        kind=MeetingKind.RCPC,
        chair_id=ids["chair"],
        room_id=ids["room"],
        minute_taker="Min Taker",
        minute_taker_email=MINUTE_TAKER,
    )
    with db.write() as session:
        for name, email, organisation in (
            ("Sam Worker (Social worker)", SOCIAL_WORKER, "Children's Social Care"),
            ("Quenby Zarathustra (Parent)", None, None),
        ):
            session.add(
                Attendee(
                    meeting_id=ids["meeting"],
                    name=name,
                    email=email,
                    role=AttendeeRole.REQUIRED,
                    organisation=organisation,
                )
            )
    return ids


def change(services: Services, meeting_id: int, **values: Any) -> QueueResult:
    """What the diary (issue #4) will do: change the meeting and record it for invites, in one transaction."""
    with services.ctx.db.write() as session:
        meeting = InviteRepository(session).meeting(meeting_id)
        assert meeting is not None
        before = invite_facts(meeting)
        for name, value in values.items():
            setattr(meeting, name, value)
        return record_meeting_change(session, services.ctx, meeting, before)


def calendars(received: list[Received]) -> dict[str, icalendar.Calendar]:
    result = {}
    for mail in received:
        assert len(mail.recipients) == 1, "one message per recipient"
        part = next(p for p in mail.message.walk() if p.get_content_type() == "text/calendar")
        result[mail.recipients[0]] = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    return result


def test_an_invite_email_has_the_parts_outlook_and_gmail_need(services: Services, mail_server: MailServer) -> None:
    ids = book(services)
    use_mail_server(services, mail_server.port)
    assert services.invites.send_invites(ids["meeting"]).queued == 4
    report = services.invites.send_outbox()
    assert (report.sent, report.failed, report.waiting) == (4, 0, 0)
    assert sorted(m.recipients[0] for m in mail_server.received) == sorted(
        ["jane.chair@council.gov.uk", MINUTE_TAKER, SOCIAL_WORKER, ROOM_MAILBOX]
    )
    mail = next(m for m in mail_server.received if m.recipients == [SOCIAL_WORKER])
    message = mail.message
    assert mail.sender == "iro-service@example.gov.uk" and message["To"].addresses[0].addr_spec == SOCIAL_WORKER
    ref = services.invites.status(ids["meeting"]).ref
    assert message["Subject"] == f"Invitation: Review child protection conference — {ref} (Z.Z.)"
    assert "zarathustra" not in mail.content.decode("ascii", "replace").lower()
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, calendar = alternative.get_payload()
    assert plain.get_content_type() == "text/plain" and "OFFICIAL-SENSITIVE" in plain.get_content()
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST" and calendar.get_param("charset") == "utf-8"
    assert attachment.get_content_type() == "application/ics" and attachment.get_filename() == "invite.ics"
    ics = calendar.get_payload(decode=True)
    assert attachment.get_payload(decode=True) == ics and ics.count(b"\r\n") == ics.count(b"\n")
    assert b"METHOD:REQUEST\r\n" in ics and b"mailto:sam.worker@council.gov.uk" in ics


def test_changes_raise_the_sequence_and_reach_the_right_people(any_services: Services) -> None:
    services = any_services
    server = MailServer().start()
    try:
        ids = book(services)
        use_mail_server(services, server.port)
        services.invites.send_invites(ids["meeting"])
        services.invites.send_outbox()
        first = calendars(server.received)
        uid = first[SOCIAL_WORKER].walk("VEVENT")[0]["UID"]

        server.received.clear()
        assert change(services, ids["meeting"], notes="Interpreter booked").queued == 0
        assert services.invites.status(ids["meeting"]).sequence == 0, "never raised for anything else"

        moved = change(
            services, ids["meeting"], start_at=local(dt.date(2026, 12, 3), 14), end_at=local(dt.date(2026, 12, 3), 15)
        )
        assert (moved.sequence, moved.reasons, moved.queued) == (1, ("time",), 4)
        services.invites.send_outbox()
        updates = calendars(server.received)
        assert set(updates) == set(first)
        for cal in updates.values():
            event = cal.walk("VEVENT")[0]
            assert (cal["METHOD"], event["UID"], event["SEQUENCE"]) == ("REQUEST", uid, 1)

        server.received.clear()
        rechaired = change(services, ids["meeting"], chair_id=ids["other"])
        assert (rechaired.sequence, rechaired.reasons) == (2, ("chair",))
        services.invites.send_outbox()
        sent = calendars(server.received)
        old_chair = sent.pop("jane.chair@council.gov.uk")
        withdrawn = old_chair.walk("VEVENT")[0]
        assert old_chair["METHOD"] == "CANCEL" and "STATUS" not in withdrawn and withdrawn["SEQUENCE"] == 2
        assert str(withdrawn["ATTENDEE"]) == "mailto:jane.chair@council.gov.uk"
        assert {c["METHOD"] for c in sent.values()} == {"REQUEST"} and "omar.other@council.gov.uk" in sent

        server.received.clear()
        cancelled = change(services, ids["meeting"], status=MeetingStatus.CANCELLED)
        assert (cancelled.sequence, cancelled.reasons) == (3, ("cancelled",))
        services.invites.send_outbox()
        cancels = calendars(server.received)
        assert set(cancels) == {"omar.other@council.gov.uk", MINUTE_TAKER, SOCIAL_WORKER, ROOM_MAILBOX}
        for cal in cancels.values():
            event = cal.walk("VEVENT")[0]
            assert (cal["METHOD"], event["STATUS"], event["SEQUENCE"], event["UID"]) == ("CANCEL", "CANCELLED", 3, uid)
    finally:
        server.stop()
    status = services.invites.status(ids["meeting"])
    kinds = {r.email: (r.sent_kind, r.sent_sequence) for r in status.recipients}
    assert kinds["jane.chair@council.gov.uk"] == (InviteKind.WITHDRAW, 2)
    assert kinds[SOCIAL_WORKER] == (InviteKind.CANCEL, 3)
    with services.ctx.db.read() as session:
        raised = session.query(AuditEntry).filter_by(action="raise-sequence").count()
    assert raised == 3


def test_a_down_server_leaves_invites_queued_then_sent_on_retry(services: Services) -> None:
    ids = book(services)
    port = free_port()
    use_mail_server(services, port)
    services.invites.send_invites(ids["meeting"])
    report = services.invites.send_outbox()
    assert (report.sent, report.failed, report.waiting) == (0, 4, 4)
    assert "connection refused" in report.text
    status = services.invites.status(ids["meeting"])
    assert status.queued == 4 and all("Cannot reach the mail server" in (r.last_error or "") for r in status.recipients)
    server = MailServer(port).start()
    try:
        report = services.invites.send_outbox()
    finally:
        server.stop()
    assert (report.sent, report.waiting) == (4, 0) and len(server.received) == 4
    assert "4 of 4 invitees have it" in services.invites.status(ids["meeting"]).summary_text


def test_the_outbox_outlives_the_app(db_path: Any, clock: Any) -> None:
    services = make_services(str(db_path), clock)
    ids = book(services)
    services.invites.send_invites(ids["meeting"])
    services.close()
    reopened = make_services(str(db_path), clock)
    try:
        assert reopened.invites.outbox_summary().queued == 4
    finally:
        reopened.close()


def test_an_address_the_server_refuses_is_shown_and_can_be_retried(services: Services, mail_server: MailServer) -> None:
    ids = book(services)
    use_mail_server(services, mail_server.port)
    mail_server.handler.refuse.add(SOCIAL_WORKER)
    services.invites.send_invites(ids["meeting"])
    report = services.invites.send_outbox()
    assert (report.sent, report.failed) == (3, 1) and "550" in report.text
    refused = next(r for r in services.invites.status(ids["meeting"]).recipients if r.email == SOCIAL_WORKER)
    assert refused.state_text.startswith("Failed: The mail server refused the address (550")
    assert services.invites.send_outbox().sent == 0, "a refused address is not retried by itself"
    mail_server.handler.refuse.clear()
    services.invites.retry_failed(ids["meeting"])
    assert services.invites.send_outbox().sent == 1


def test_the_login_password_comes_from_the_keyring_and_stays_out_of_the_database(
    services: Services, memory_keyring: MemoryKeyring, db_path: Any
) -> None:
    server = MailServer(password="s3cret-Pa55").start()
    try:
        ids = book(services)
        use_mail_server(services, server.port, account="diary-sender")
        services.invites.save_smtp_password("s3cret-Pa55")
        assert services.invites.smtp_password_stored()
        services.invites.send_invites(ids["meeting"])
        assert services.invites.send_outbox().sent == 4
    finally:
        server.stop()
    assert server.handler.logins[0] == (b"diary-sender", b"s3cret-Pa55")
    assert list(memory_keyring.passwords) == [("iro-diary-smtp", "diary-sender@127.0.0.1")]
    services.close()
    assert b"s3cret-Pa55" not in db_path.read_bytes()


def test_without_a_keyring_there_is_one_clear_message_and_nothing_is_lost(
    services: Services, no_keyring: None, mail_server: MailServer
) -> None:
    ids = book(services)
    use_mail_server(services, mail_server.port, account="diary-sender")
    assert services.invites.keyring_problem() == NO_KEYRING
    with pytest.raises(EnvironmentProblem) as refused:
        services.invites.save_smtp_password("x")
    assert refused.value.message == NO_KEYRING
    services.invites.send_invites(ids["meeting"])
    report = services.invites.send_outbox()
    assert report.sent == 0 and report.waiting == 4 and report.problems == (NO_KEYRING,)
    assert mail_server.received == []


def test_a_server_without_starttls_is_explained(services: Services, mail_server: MailServer) -> None:
    ids = book(services)
    use_mail_server(services, mail_server.port)
    services.settings.set("smtp.starttls", True)
    services.invites.send_invites(ids["meeting"])
    report = services.invites.send_outbox()
    assert report.sent == 0 and "does not offer STARTTLS" in report.text and report.waiting == 4


def test_without_a_mail_server_invites_wait(services: Services) -> None:
    ids = book(services)
    services.invites.send_invites(ids["meeting"])
    report = services.invites.send_outbox()
    assert report.sent == 0 and report.waiting == 4 and "No mail server is set" in report.text


def test_a_new_booking_is_sent_only_when_the_team_sends_automatically(services: Services) -> None:
    ids = book(services)
    assert services.invites.meeting_changed(ids["meeting"], None).queued == 0
    services.settings.set("invites.send-automatically", True)
    result = services.invites.meeting_changed(ids["meeting"], None)
    assert result.queued == 4 and result.send_now


def test_exported_cancellations(services: Services) -> None:
    ids = book(services)
    ref = services.invites.status(ids["meeting"]).ref
    standing = services.invites.export_meeting(ref=ref.lower(), cancel=True)
    assert (standing.method, standing.sequence) == ("CANCEL", 1) and standing.note
    change(services, ids["meeting"], status=MeetingStatus.CANCELLED)
    cancelled = services.invites.export_meeting(ref=ref)
    assert (cancelled.method, cancelled.sequence) == ("CANCEL", 1)
    assert b"STATUS:CANCELLED" in cancelled.ics
    with pytest.raises(NotFound):
        services.invites.export_meeting(ref="M-404")
