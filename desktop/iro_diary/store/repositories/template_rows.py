"""The diary's records in the shape of the import templates: what an export writes, and what an import compares
its rows with to tell added from updated from unchanged.

Each method returns `(id, values)` pairs; values hold plain Python values (codes as text, emails case-folded where
they refer to someone) under the template's column names. Meetings also carry `ical_sequence`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Select, select
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


# Emails that refer to someone are compared without regard to case.
FOLDED = frozenset({"allocated_iro_email", "social_worker_email"})


class TemplateRowsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, query: Select[Any, *tuple[Any, ...]], names: list[str]) -> list[Current]:
        """(id, {name: value}) for a query selecting the id and then one column per name."""
        result = []
        for row in self.session.execute(query):
            values = {name: _code(value) for name, value in zip(names, row[1:], strict=True)}
            for name in FOLDED.intersection(values):
                values[name] = _folded(values[name])
            result.append((row[0], values))
        return result

    def _table(self, model: Any, names: list[str], order: Any) -> list[Current]:
        query = select(model.id, *(getattr(model, name) for name in names)).order_by(order)
        return self._rows(query, names)

    def iros(self) -> list[Current]:
        names = ["name", "email", "fte", "team", "working_days", "day_start", "day_end", "daily_cap", "active"]
        return self._table(Iro, names, Iro.email)

    def rooms(self) -> list[Current]:
        return self._table(Room, ["name", "site", "capacity", "accessible", "mailbox", "active"], Room.name)

    def children(self) -> list[Current]:
        columns = {
            "case_ref": Child.case_ref,
            "given_name": Child.given_name,
            "family_name": Child.family_name,
            "date_of_birth": Child.date_of_birth,
            "sex": Child.sex,
            "ethnicity": Child.ethnicity,
            "family_ref": Family.family_ref,
            "allocated_iro_email": Iro.email,
            "social_worker": Child.social_worker,
            "social_worker_email": Child.social_worker_email,
            "expected_delivery": Child.expected_delivery,
        }
        query = (
            select(Child.id, *columns.values())
            .outerjoin(Family, Family.id == Child.family_id)
            .outerjoin(Iro, Iro.id == Child.allocated_iro_id)
            .order_by(Child.case_ref)
        )
        return self._rows(query, list(columns))

    def care_episodes(self) -> list[Current]:
        return self._periods(CareEpisode, ["legal_status", "placement_distance_miles"])

    def protection_plans(self) -> list[Current]:
        return self._periods(ProtectionPlan, ["category"])

    def _periods(self, model: type[CareEpisode] | type[ProtectionPlan], names: list[str]) -> list[Current]:
        """Episodes or plans by the case reference of their child and their start date."""
        query = (
            select(model.id, Child.case_ref, model.start_date, model.end_date, *(getattr(model, n) for n in names))
            .join(Child, Child.id == model.child_id)
            .order_by(Child.case_ref, model.start_date)
        )
        return self._rows(query, ["case_ref", "start_date", "end_date", *names])

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
