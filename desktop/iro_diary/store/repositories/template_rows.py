"""The diary's records in the shape of the import templates: what an export writes, and what an import compares
its rows with to tell added from updated from unchanged.

Each method returns `(id, values)` pairs; values hold plain Python values (codes as text, emails case-folded where
they refer to someone) under the template's column names. Meetings also carry `ical_sequence`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from iro_diary.store.models import (
    CareEpisode,
    Child,
    Family,
    Iro,
    IroAllocation,
    Meeting,
    MeetingChild,
    ProtectionPlan,
    Room,
)

Current = tuple[int, dict[str, Any]]


def _code(value: Any) -> Any:
    return getattr(value, "value", value)


def _folded(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


class TemplateRowsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def iros(self) -> list[Current]:
        query = select(
            Iro.id,
            Iro.name,
            Iro.email,
            Iro.fte,
            Iro.team,
            Iro.working_days,
            Iro.day_start,
            Iro.day_end,
            Iro.daily_cap,
            Iro.active,
        ).order_by(Iro.email)
        return [
            (
                row.id,
                {
                    "name": row.name,
                    "email": row.email,
                    "fte": row.fte,
                    "team": _code(row.team),
                    "working_days": row.working_days,
                    "day_start": row.day_start,
                    "day_end": row.day_end,
                    "daily_cap": row.daily_cap,
                    "active": row.active,
                },
            )
            for row in self.session.execute(query)
        ]

    def rooms(self) -> list[Current]:
        query = select(Room.id, Room.name, Room.site, Room.capacity, Room.accessible, Room.mailbox, Room.active)
        return [
            (
                row.id,
                {
                    "name": row.name,
                    "site": row.site,
                    "capacity": row.capacity,
                    "accessible": row.accessible,
                    "mailbox": row.mailbox,
                    "active": row.active,
                },
            )
            for row in self.session.execute(query.order_by(Room.name))
        ]

    def children(self) -> list[Current]:
        query = (
            select(
                Child.id,
                Child.case_ref,
                Child.given_name,
                Child.family_name,
                Child.date_of_birth,
                Child.sex,
                Child.ethnicity,
                Family.family_ref,
                Iro.email,
                Child.social_worker,
                Child.social_worker_email,
                Child.expected_delivery,
            )
            .outerjoin(Family, Family.id == Child.family_id)
            .outerjoin(Iro, Iro.id == Child.allocated_iro_id)
            .order_by(Child.case_ref)
        )
        return [
            (
                row.id,
                {
                    "case_ref": row.case_ref,
                    "given_name": row.given_name,
                    "family_name": row.family_name,
                    "date_of_birth": row.date_of_birth,
                    "sex": _code(row.sex),
                    "ethnicity": row.ethnicity,
                    "family_ref": row.family_ref,
                    "allocated_iro_email": _folded(row.email),
                    "social_worker": row.social_worker,
                    "social_worker_email": _folded(row.social_worker_email),
                    "expected_delivery": row.expected_delivery,
                },
            )
            for row in self.session.execute(query)
        ]

    def care_episodes(self) -> list[Current]:
        query = (
            select(
                CareEpisode.id,
                Child.case_ref,
                CareEpisode.start_date,
                CareEpisode.end_date,
                CareEpisode.legal_status,
                CareEpisode.placement_distance_miles,
            )
            .join(Child, Child.id == CareEpisode.child_id)
            .order_by(Child.case_ref, CareEpisode.start_date)
        )
        return [
            (
                row.id,
                {
                    "case_ref": row.case_ref,
                    "start_date": row.start_date,
                    "end_date": row.end_date,
                    "legal_status": row.legal_status,
                    "placement_distance_miles": row.placement_distance_miles,
                },
            )
            for row in self.session.execute(query)
        ]

    def protection_plans(self) -> list[Current]:
        query = (
            select(
                ProtectionPlan.id,
                Child.case_ref,
                ProtectionPlan.start_date,
                ProtectionPlan.end_date,
                ProtectionPlan.category,
            )
            .join(Child, Child.id == ProtectionPlan.child_id)
            .order_by(Child.case_ref, ProtectionPlan.start_date)
        )
        return [
            (
                row.id,
                {
                    "case_ref": row.case_ref,
                    "start_date": row.start_date,
                    "end_date": row.end_date,
                    "category": _code(row.category),
                },
            )
            for row in self.session.execute(query)
        ]

    def meetings(self) -> list[Current]:
        links = self._meeting_links()
        chair, room = aliased(Iro), aliased(Room)
        query = (
            select(
                Meeting.id,
                Meeting.ref,
                Meeting.kind,
                Meeting.start_at,
                Meeting.end_at,
                Meeting.status,
                chair.email,
                room.name,
                Meeting.cancel_reason,
                Meeting.venue,
                Meeting.minute_taker,
                Meeting.ical_sequence,
            )
            .outerjoin(chair, chair.id == Meeting.chair_id)
            .outerjoin(room, room.id == Meeting.room_id)
            .order_by(Meeting.ref)
        )
        result = []
        for row in self.session.execute(query):
            meeting_id, ref, kind, start, end, status, email, room_name, cancel, venue, minute_taker, sequence = row
            children = sorted(links.get(meeting_id, []))
            values = {
                "meeting_ref": ref,
                "kind": _code(kind),
                "start": start,
                "end": end,
                "status": _code(status),
                "chair_email": _folded(email),
                "room": room_name,
                "case_refs": tuple(case_ref for case_ref, _code_ in children),
                "participation": {case_ref: code for case_ref, code in children if code},
                "cancel_reason": cancel,
                "venue": venue,
                "minute_taker": minute_taker,
                "ical_sequence": sequence,
            }
            result.append((meeting_id, values))
        return result

    def _meeting_links(self) -> dict[int, list[tuple[str, str | None]]]:
        query = select(MeetingChild.meeting_id, Child.case_ref, MeetingChild.participation).join(
            Child, Child.id == MeetingChild.child_id
        )
        links: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for meeting_id, case_ref, participation in self.session.execute(query):
            links[meeting_id].append((case_ref, participation))
        return links

    def meeting_child_links(self, meeting_ids: list[int]) -> dict[int, dict[int, tuple[int, str | None]]]:
        """For each meeting: child id -> (link id, participation)."""
        links: dict[int, dict[int, tuple[int, str | None]]] = defaultdict(dict)
        for start in range(0, len(meeting_ids), 900):
            chunk = meeting_ids[start : start + 900]
            query = select(
                MeetingChild.meeting_id, MeetingChild.child_id, MeetingChild.id, MeetingChild.participation
            ).where(MeetingChild.meeting_id.in_(chunk))
            for meeting_id, child_id, link_id, participation in self.session.execute(query):
                links[meeting_id][child_id] = (link_id, participation)
        return links

    def ids_by(self, column: Any) -> dict[str, int]:
        """A natural key -> id map, e.g. `ids_by(Child.case_ref)`."""
        entity = column.class_
        return {key: row_id for key, row_id in self.session.execute(select(column, entity.id))}

    def period_ids(self, model: type[CareEpisode] | type[ProtectionPlan]) -> dict[tuple[int, dt.date], int]:
        """(child id, start date) -> id of every care episode (or protection plan)."""
        query = select(model.child_id, model.start_date, model.id)
        return {(child_id, start): row_id for child_id, start, row_id in self.session.execute(query)}

    def open_allocations(self, child_ids: list[int]) -> list[tuple[int, int, dt.date]]:
        """(allocation id, child id, start date) of every open IRO allocation of these children."""
        result: list[tuple[int, int, dt.date]] = []
        for start in range(0, len(child_ids), 900):
            chunk = child_ids[start : start + 900]
            query = select(IroAllocation.id, IroAllocation.child_id, IroAllocation.start_date).where(
                IroAllocation.child_id.in_(chunk), IroAllocation.end_date.is_(None)
            )
            result += list(self.session.execute(query))
        return result
