"""A small service whose 2025/26 report is known in advance, figure by figure (used by the service, CLI, PDF
and GUI tests of the reports).

Financial year 2025 runs from 1 April 2025 to 31 March 2026; "at year end" is 31 March 2026; the year before
ends on 31 March 2025 and the one before that on 31 March 2024. The child population is set to 10,000, so a rate
per 10,000 is the count itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update

from iro_diary.domain.codes import MeetingKind, MeetingStatus, PlanCategory, Sex
from iro_diary.services.registry import Services
from iro_diary.store.models import MeetingChild
from tests.factories import (
    local,
    make_child,
    make_discussion,
    make_episode,
    make_family,
    make_iro,
    make_meeting,
    make_plan,
)

D = dt.date
YEAR = 2025

# The JSON keys the contract promises at least (issue #8); other issues add keys, none is ever removed.
REQUIRED_KEYS = (
    "year",
    "meetings_held",
    "looked_after_reviews_held",
    "child_protection_conferences_held",
    "children_on_plan_at_year_end",
    "cp_rate_per_10000",
    "children_in_care_at_year_end",
    "cic_rate_per_10000",
    "category_of_plan_pct",
    "reviews_within_timescale_pct",
    "participation_pct",
    "placed_within_20_miles_pct",
    "closed_plans_2_years_plus_pct",
    "repeat_plans_pct",
    "ethnicity_in_care",
    "ethnicity_on_plan",
)

# What the report of 2025/26 must say (worked out by hand: see the comments in `build`).
EXPECTED: dict[str, Any] = {
    "year": 2025,
    "meetings_held": {
        "strategy-discussion": 0,
        "icpc": 1,
        "transfer-in": 0,
        "pre-birth": 0,
        "rcpc": 1,
        "cla-review": 3,
        "cse-strategy": 0,
        "cse-review": 0,
        "foster-review": 0,
    },
    "meetings_held_total": 5,
    "looked_after_reviews_held": 3,
    "child_protection_conferences_held": 2,  # the family conferences for three children count once each
    "children_on_plan_at_year_end": 4,  # P1, P2, P3 and P4 (whose plan starts on 31 March); not P6 (ends then)
    "cp_rate_per_10000": 4.0,
    "children_on_plan_at_previous_year_end": 2,  # P5, P6
    "children_in_care_at_year_end": 3,  # C1 (second episode), C2, C3 (starts 31 March); not C4 (ends then), C5 (V3)
    "cic_rate_per_10000": 3.0,
    "children_in_care_at_previous_year_end": 2,  # C2, C4
    "children_in_care_during_period": 4,  # C1 (twice, counted once), C2, C3, C4
    "category_of_plan_pct": {"PHY": 25.0, "SAB": 0.0, "EMO": 25.0, "NEG": 50.0, "MUL": 0.0},
    "category_of_plan_pct_by_year": {
        "2024-03-31": {"PHY": 0.0, "SAB": 100.0, "EMO": 0.0, "NEG": 0.0, "MUL": 0.0},
        "2025-03-31": {"PHY": 0.0, "SAB": 50.0, "EMO": 0.0, "NEG": 0.0, "MUL": 50.0},
        "2026-03-31": {"PHY": 25.0, "SAB": 0.0, "EMO": 25.0, "NEG": 50.0, "MUL": 0.0},
    },
    "closed_plans_2_years_plus_pct": 33.3,  # P5 (2 years and a day) of P5, P6, P7
    "repeat_plans_pct": 20.0,  # P1 of the five plans started: P1, P2, P3, P4, P7
    "reviews_within_timescale_pct": 80.0,  # all but C2's review, a year and more late
    "looked_after_reviews_within_timescale_pct": 66.7,
    "child_protection_conferences_within_timescale_pct": 100.0,
    "participation_pct": 50.0,  # C1: PN1 then PN7; C2 was 3 (PN0) and is not counted
    "placed_within_20_miles_pct": 50.0,  # C2 at 10 miles of C1 (25) and C2; C3's distance is not recorded
    "meetings_cancelled": 1,
    "ethnicity_in_care": {"WBRI": 1, "MWBC": 1, "NOBT": 1},
    "ethnicity_on_plan": {"WBRI": 3, "APKN": 1},
    "age_in_care": {"unborn": 0, "under-1": 1, "1-4": 1, "5-9": 0, "10-15": 1, "16-plus": 0},
    "age_on_plan": {"unborn": 1, "under-1": 0, "1-4": 1, "5-9": 1, "10-15": 1, "16-plus": 0},
    "sex_in_care": {"M": 1, "F": 1, "U": 1},
    "sex_on_plan": {"M": 1, "F": 2, "U": 1},
    "cancellations_by_reason": {"Parent unwell": 1},
    "late_bookings_by_reason": {"Chair unavailable": 1},
}


def _participation(services: Services, meeting_id: int, child_id: int, code: str) -> None:
    with services.ctx.db.write() as session:
        session.execute(
            update(MeetingChild)
            .where(MeetingChild.meeting_id == meeting_id, MeetingChild.child_id == child_id)
            .values(participation=code)
        )


def build(services: Services) -> dict[str, int]:
    """Write the scenario into an empty diary; returns ids by name (C1 …, P1 …, M1 …, IRO_A, IRO_B)."""
    db = services.ctx.db
    services.settings.set("child-population", 10000)
    ids: dict[str, int] = {
        "IRO_A": make_iro(db, name="Ada Chair", email="ada@example.gov.uk", fte=1.0),
        "IRO_B": make_iro(db, name="Bea Chair", email="bea@example.gov.uk", fte=0.5),
    }
    _care(services, ids)
    _protection(services, ids)
    return ids


def _care(services: Services, ids: dict[str, int]) -> None:
    db = services.ctx.db
    # C1: in care twice in the year; first reviews well inside 20 working days; 25 miles away now.
    c1 = ids["C1"] = make_child(db, case_ref="C1", date_of_birth=D(2012, 1, 10), sex=Sex.MALE, ethnicity="WBRI")
    make_episode(db, c1, start_date=D(2025, 4, 7), end_date=D(2025, 8, 1))
    make_episode(db, c1, start_date=D(2025, 11, 3), placement_distance_miles=25.0)
    ids["M1"] = _held(db, (c1,), D(2025, 4, 14), ids["IRO_A"])
    ids["M2"] = _held(db, (c1,), D(2025, 11, 10), ids["IRO_A"])
    _participation(services, ids["M1"], c1, "PN1")
    _participation(services, ids["M2"], c1, "PN7")
    # C2: in care since 2023 with no review until June 2025 (late); 3 years old then (PN0); 10 miles away.
    c2 = ids["C2"] = make_child(db, case_ref="C2", date_of_birth=D(2022, 1, 1), sex=Sex.FEMALE, ethnicity="MWBC")
    make_episode(db, c2, start_date=D(2023, 1, 1), placement_distance_miles=10.0)
    ids["M3"] = _held(db, (c2,), D(2025, 6, 2), ids["IRO_B"], late_reason="Chair unavailable")
    _participation(services, ids["M3"], c2, "PN0")
    make_meeting(db, child_ids=(c2,), start_at=local(D(2025, 12, 1), 10), chair_id=ids["IRO_B"])  # never held
    _held(db, (c2,), D(2026, 4, 1), ids["IRO_B"])  # the next year's
    # C3: comes into care on 31 March 2026 (counts at year end); born in September 2025; distance not recorded.
    c3 = ids["C3"] = make_child(db, case_ref="C3", date_of_birth=D(2025, 9, 1), sex=Sex.UNKNOWN, ethnicity="NOBT")
    make_episode(db, c3, start_date=D(2026, 3, 31))
    # C4: leaves care on 31 March 2026 (not counted at year end, but in care a year earlier).
    c4 = ids["C4"] = make_child(db, case_ref="C4", date_of_birth=D(2008, 2, 1), sex=Sex.MALE, ethnicity="BAFR")
    make_episode(db, c4, start_date=D(2024, 1, 1), end_date=D(2026, 3, 31), placement_distance_miles=3.0)
    # C5: an agreed series of short breaks (V3): not counted as looked after.
    c5 = ids["C5"] = make_child(db, case_ref="C5", ethnicity="WOTH")
    make_episode(db, c5, start_date=D(2025, 1, 1), legal_status="V3")


def _protection(services: Services, ids: dict[str, int]) -> None:
    db = services.ctx.db
    family = make_family(db, family_ref="F1")
    # P1, P2, P3: one family conference for three children (in timescale), P1 for the second time.
    p1 = ids["P1"] = _child(db, "P1", D(2016, 3, 1), Sex.MALE, "WBRI", family)
    p2 = ids["P2"] = _child(db, "P2", D(2019, 7, 1), Sex.FEMALE, "WBRI", family)
    p3 = ids["P3"] = _child(db, "P3", D(2024, 12, 1), Sex.FEMALE, "WBRI", family)
    make_plan(db, p1, start_date=D(2022, 1, 10), end_date=D(2023, 1, 10), category=PlanCategory.NEG)
    make_discussion(db, (p1, p2, p3), D(2025, 6, 2))
    ids["M4"] = _held(db, (p1, p2, p3), D(2025, 6, 16), ids["IRO_A"], kind=MeetingKind.ICPC, family_id=family)
    for child, category in ((p1, PlanCategory.NEG), (p2, PlanCategory.NEG), (p3, PlanCategory.EMO)):
        make_plan(db, child, start_date=D(2025, 6, 16), category=category)
    ids["M6"] = make_meeting(
        db,
        child_ids=(p1, p2, p3),
        kind=MeetingKind.RCPC,
        status=MeetingStatus.CANCELLED,
        start_at=local(D(2025, 9, 1), 10),
        chair_id=ids["IRO_B"],
        cancel_reason="Parent unwell",
        family_id=family,
    )
    ids["M5"] = _held(db, (p1, p2, p3), D(2025, 9, 15), ids["IRO_B"], kind=MeetingKind.RCPC, family_id=family)
    # P4: unborn, on a plan from 31 March 2026 (counts at year end).
    p4 = ids["P4"] = make_child(
        db, case_ref="P4", date_of_birth=None, expected_delivery=D(2026, 6, 1), sex=Sex.UNKNOWN, ethnicity="APKN"
    )
    make_plan(db, p4, start_date=D(2026, 3, 31), category=PlanCategory.PHY)
    # P5: a plan of 2 years and a day, ended in the year. P6: ends on 31 March 2026. P7: six months in the year.
    p5 = ids["P5"] = make_child(db, case_ref="P5", ethnicity="WOTH")
    make_plan(db, p5, start_date=D(2023, 4, 1), end_date=D(2025, 4, 2), category=PlanCategory.SAB)
    p6 = ids["P6"] = make_child(db, case_ref="P6", ethnicity="WOTH")
    make_plan(db, p6, start_date=D(2024, 6, 1), end_date=D(2026, 3, 31), category=PlanCategory.MUL)
    p7 = ids["P7"] = make_child(db, case_ref="P7", ethnicity="WOTH")
    make_plan(db, p7, start_date=D(2025, 5, 1), end_date=D(2025, 11, 1), category=PlanCategory.EMO)


def _child(db: Any, ref: str, born: dt.date, sex: Sex, ethnicity: str, family: int) -> int:
    return make_child(db, case_ref=ref, date_of_birth=born, sex=sex, ethnicity=ethnicity, family_id=family)


def _held(
    db: Any,
    children: tuple[int, ...],
    day: dt.date,
    chair: int,
    *,
    kind: MeetingKind = MeetingKind.CLA_REVIEW,
    **more: Any,
) -> int:
    return make_meeting(
        db, child_ids=children, kind=kind, status=MeetingStatus.HELD, start_at=local(day, 10), chair_id=chair, **more
    )
