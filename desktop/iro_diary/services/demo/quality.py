"""The demo's quality assurance: a small minority of held meetings lead to a cause for concern (escalated stage by
stage, as the annual report describes), a few to good practice, and from the start of the last complete year's
final quarter (when the report's service introduced its live audit tool) most reviews and conferences have their
checklist answered.

Uses its own random stream, so the rest of the demo is the same with or without it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from iro_diary.domain.codes import MeetingKind
from iro_diary.domain.quality.codes import Answer, AuditScope, Outcome, Stage, StageEnd, area_of_meeting
from iro_diary.domain.quality.concerns import stage_deadline
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.infra.clock import LONDON
from iro_diary.services.demo import names
from iro_diary.services.demo.profile import pick
from iro_diary.services.demo.records import DemoData, Row

CONCERN_SHARE = 0.025  # "such processes are only initiated in a small minority of cases"
GOOD_PRACTICE_SHARE = 0.01  # "numbers are comparatively low"
CHECKLIST_SHARE = 0.85
RESOLVED_AT_STAGE = 0.6
STAGE_DAYS = 5
OUTCOMES = ((Outcome.RESOLVED, 0.8), (Outcome.PARTLY_RESOLVED, 0.15), (Outcome.NOT_RESOLVED, 0.05))
THEMES_BY_AREA = {  # the report's themes for each area of work
    "child-protection": ("Work not completed in a timely way", "Reports not available before the meeting"),
    "children-in-care": (
        "Contact arrangements not progressed",
        "Work not completed in a timely way",
        "Care plan not submitted before the meeting",
    ),
}
ROLE_AT = {
    Stage.TEAM_MANAGER: "team manager",
    Stage.SERVICE_MANAGER: "service manager",
    Stage.HEAD_OF_SERVICE: "head of service",
    Stage.DIRECTOR: "director",
}


@dataclass(frozen=True)
class QualitySetup:
    """The service's lists as they are in the database: theme ids by name, and the checklist."""

    concern_themes: dict[str, int]
    good_practice_themes: dict[str, int]
    items: tuple[tuple[int, str, AuditScope], ...]


def simulate_quality(
    data: DemoData, setup: QualitySetup, calendar: WorkingDayCalendar, today: dt.date, audit_from: dt.date, seed: str
) -> None:
    rng = random.Random(f"iro-diary-demo-quality:{seed}")
    children = {row["id"]: row for row in data.tables["child"]}
    at_meeting: dict[int, list[int]] = {}
    for link in data.tables["meeting_child"]:
        at_meeting.setdefault(link["meeting_id"], []).append(link["child_id"])
    held = sorted(
        (m for m in data.tables["meeting"] if m["status"] == "held" and m["id"] in at_meeting),
        key=lambda m: (m["start_at"], m["id"]),
    )
    for meeting in held:
        kind, day = MeetingKind(meeting["kind"]), meeting["start_at"].astimezone(LONDON).date()
        first = children[at_meeting[meeting["id"]][0]]
        if setup.concern_themes and rng.random() < CONCERN_SHARE:
            _concern(data, rng, setup, calendar, today, meeting, kind, day, first)
        if setup.good_practice_themes and rng.random() < GOOD_PRACTICE_SHARE:
            _good_practice(data, rng, setup, meeting, day, first)
        if day >= audit_from and rng.random() < CHECKLIST_SHARE:
            for child_id in at_meeting[meeting["id"]]:
                _checklist(data, rng, setup, meeting, kind, day, children[child_id])
    _number(data.tables.get("cause_for_concern", []), "CfC-")
    _number(data.tables.get("good_practice", []), "GP-")


def _number(rows: Sequence[Row], prefix: str) -> None:
    for number, row in enumerate(rows, start=1):
        row["ref"] = f"{prefix}{number:06d}"


def _stamp(meeting: Row) -> dict[str, object]:
    return {"created_at": meeting["updated_at"], "created_by": "demo", "updated_at": meeting["updated_at"],
            "updated_by": "demo", "version": 1}  # fmt: skip


def _theme(rng: random.Random, themes: dict[str, int], wanted: Sequence[str]) -> int:
    found = [themes[name] for name in wanted if name in themes]
    return rng.choice(found or list(themes.values()))


def _person(rng: random.Random) -> str:
    return f"{pick(rng, names.ADULTS)} {pick(rng, names.SURNAMES)}"


def _concern(
    data: DemoData, rng: random.Random, setup: QualitySetup, calendar: WorkingDayCalendar, today: dt.date,
    meeting: Row, kind: MeetingKind, day: dt.date, child: Row,
) -> None:  # fmt: skip
    area = area_of_meeting(kind)
    team = "Children in Care" if area.value == "children-in-care" else "Safeguarding"
    raised = calendar.add_working_days(day, rng.randint(0, 2))
    if raised > today:
        return
    concern = data.add(
        "cause_for_concern", ref="", child_id=child["id"], meeting_id=meeting["id"],
        theme_id=_theme(rng, setup.concern_themes, THEMES_BY_AREA.get(area.value, ())), area=area.value,
        raised_by_iro_id=meeting["chair_id"], raised_on=raised,
        description="Raised after the meeting: the plan's actions had not been progressed since the last one.",
        addressed_team=f"{team} Team {rng.randint(1, 6)}",
        stage=Stage.INFORMAL.value, resolved_on=None, outcome=None, outcome_note=None, **_stamp(meeting),
    )  # fmt: skip
    _stages(data, rng, calendar, today, concern, raised, child.get("social_worker") or _person(rng))


def _stages(
    data: DemoData, rng: random.Random, calendar: WorkingDayCalendar, today: dt.date, concern: int, start: dt.date,
    person: str,
) -> None:  # fmt: skip
    """Each stage in turn: a response (usually), then closed or escalated; whatever lies after today is left open."""
    row, stage = data.row("cause_for_concern", concern), Stage.INFORMAL
    while True:
        due = stage_deadline(calendar, start, STAGE_DAYS)
        current = data.row("concern_stage", data.add(
            "concern_stage", concern_id=concern, stage=stage.value, addressed_to=person, started_on=start, due_on=due,
            responded_on=None, response=None, ended_on=None, ended_how=None, note=None,
        ))  # fmt: skip
        row["stage"] = stage.value
        answers = stage.next is None or rng.random() < 0.8  # the director always answers
        responded = calendar.add_working_days(start, rng.randint(1, STAGE_DAYS + 2)) if answers else None
        if responded is not None and responded > today:
            return
        if responded is not None:
            current.update(responded_on=responded, response="Actions agreed with the IRO.")
        end = calendar.add_working_days(responded or due, rng.randint(1, 4))
        following = stage.next
        if end > today or (following is None and responded is None):
            return
        if responded is not None and (following is None or rng.random() < RESOLVED_AT_STAGE):
            current.update(ended_on=end, ended_how=StageEnd.CLOSED.value)
            outcome = rng.choices([o for o, _w in OUTCOMES], weights=[w for _o, w in OUTCOMES])[0]
            row.update(resolved_on=end, outcome=outcome.value)
            return
        assert following is not None
        current.update(ended_on=end, ended_how=(StageEnd.NOT_RESOLVED if responded else StageEnd.NO_RESPONSE).value)
        stage, start, person = following, end, f"{_person(rng)} ({ROLE_AT[following]})"


def _good_practice(
    data: DemoData, rng: random.Random, setup: QualitySetup, meeting: Row, day: dt.date, child: Row
) -> None:
    data.add(
        "good_practice", ref="", child_id=child["id"], meeting_id=meeting["id"],
        theme_id=rng.choice(list(setup.good_practice_themes.values())), recorded_by_iro_id=meeting["chair_id"],
        recorded_on=day, recognised=child.get("social_worker") or _person(rng), recognised_role="Social worker",
        recognised_team=f"Team {rng.randint(1, 6)}", manager=_person(rng),
        description="Clear, up-to-date reports shared in good time, and the child's views at the centre of the plan.",
        **_stamp(meeting),
    )  # fmt: skip


def _checklist(
    data: DemoData, rng: random.Random, setup: QualitySetup, meeting: Row, kind: MeetingKind, day: dt.date, child: Row
) -> None:
    born = child.get("date_of_birth")
    for item_id, code, scope in setup.items:
        if not scope.covers(kind):
            continue
        if code == "pep" and (born is None or (day - born).days < 5 * 365):
            answer = Answer.NOT_APPLICABLE  # below school age: no personal education plan
        else:
            answer = rng.choices(list(Answer), weights=[0.82, 0.13, 0.05])[0]
        data.add(
            "audit_answer", meeting_id=meeting["id"], child_id=child["id"], item_id=item_id, answer=answer.value,
            note=None, answered_at=meeting["end_at"], answered_by="demo",
        )  # fmt: skip
