"""The annual report computed from a real database (SQLite and PostgreSQL): every figure of a hand-built service
known in advance (tests/report_scenario.py), edge cases included."""

from __future__ import annotations

from typing import Any

import pytest

from iro_diary.domain.errors import ValidationError
from iro_diary.domain.reports.contract import report_json
from iro_diary.services.registry import Services
from tests.report_scenario import EXPECTED, YEAR, build


def _without_zeros(mapping: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mapping.items() if value}


def test_every_figure_of_the_hand_built_year(any_services: Services) -> None:
    ids = build(any_services)
    data = report_json(any_services.reports.annual(YEAR))
    for key, expected in EXPECTED.items():
        found = data[key]
        if key.startswith("ethnicity"):
            found = _without_zeros(found)
        assert found == expected, key
    assert data["meetings_per_iro"] == [
        {"iro": "Ada Chair", "fte": 1.0, "meetings_held": 3, "per_fte": 3.0},
        {"iro": "Bea Chair", "fte": 0.5, "meetings_held": 2, "per_fte": 4.0},
    ]
    assert set(data["ethnicity_in_care"]) >= {"WBRI", "WIRI", "NOBT"}, "every DfE code is listed, zero or not"
    assert ids["M6"] not in {m.id for m in any_services.reports.annual(YEAR).figure("meetings_held_total").members}


def test_what_is_behind_the_figures(services: Services) -> None:
    ids = build(services)
    report = services.reports.annual(YEAR)
    in_care = report.figure("children_in_care_at_year_end")
    assert sorted(m.id for m in in_care.members) == sorted([ids["C1"], ids["C2"], ids["C3"]])
    assert sorted(m.id for m in report.figure("children_in_care_during_period").members).count(ids["C1"]) == 1
    on_time = {m.id: m.counted for m in report.figure("reviews_within_timescale_pct").members}
    assert on_time == {ids["M1"]: True, ids["M2"]: True, ids["M3"]: False, ids["M4"]: True, ids["M5"]: True}
    placed = {m.id: m.counted for m in report.figure("placed_within_20_miles_pct").members}
    assert placed == {ids["C1"]: False, ids["C2"]: True}
    neglect = report.breakdown("category_of_plan").line("NEG")
    assert sorted(m.id for m in neglect.members) == sorted([ids["P1"], ids["P2"]])
    closed = {m.id: m.counted for m in report.figure("closed_plans_2_years_plus_pct").members}
    assert closed == {ids["P5"]: True, ids["P6"]: False, ids["P7"]: False}
    assert "2 years 0 months" in next(
        m.detail for m in report.figure("closed_plans_2_years_plus_pct").members if m.counted
    )


def test_a_quarter(services: Services) -> None:
    build(services)
    first = report_json(services.reports.annual(YEAR, 1))
    assert (first["quarter"], first["period"]["start"], first["period"]["end"]) == (1, "2025-04-01", "2025-06-30")
    assert first["meetings_held_total"] == 3  # M1, M3, M4
    assert first["children_in_care_at_year_end"] == 3  # on 30 June 2025: C1 (first episode), C2 and C4
    fourth = report_json(services.reports.annual(YEAR, 4))
    assert (fourth["period"]["start"], fourth["period"]["end"]) == ("2026-01-01", "2026-03-31")
    assert fourth["meetings_held_total"] == 0 and fourth["children_on_plan_at_year_end"] == 4


def test_comparators_entered_in_settings_stand_beside_the_figures(services: Services) -> None:
    build(services)
    services.settings.set("comparators.2025.cp-rate.neighbours", "59")
    services.settings.set_many({"comparators.2025.cic-rate.national": "70.5", "comparators.2024.cic-rate.national": 1})
    data = report_json(services.reports.annual(YEAR))
    assert data["comparators"]["cp_rate_per_10000"] == {"neighbours": 59.0, "national": None}
    assert data["comparators"]["cic_rate_per_10000"] == {"neighbours": None, "national": 70.5}
    assert services.settings.get("comparators.2025.cp-rate.national") is None
    services.settings.set("comparators.2025.cp-rate.neighbours", "")
    assert services.settings.get("comparators.2025.cp-rate.neighbours") is None, "an empty value clears it"
    keys = {row.key for row in services.settings.list_settings()}
    assert "comparators.2025.cic-rate.national" in keys and "comparators.2025.cp-rate.neighbours" not in keys


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("comparators.2025.cp-rate.somewhere", "1", "GROUP one of neighbours, national"),
        ("comparators.2025.bogus.national", "1", "MEASURE one of cp-rate"),
        ("comparators.2025.cp-rate.national", "lots", "must be a number"),
        ("comparators.2025.cp-rate.national", "-1", "at least 0"),
    ],
)
def test_a_bad_comparator_is_refused(services: Services, key: str, value: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.settings.set(key, value)


@pytest.mark.parametrize(("year", "quarter"), [(1800, None), (2100, None), (2025, 5)])
def test_a_period_outside_the_diary_is_refused(services: Services, year: int, quarter: int | None) -> None:
    with pytest.raises(ValidationError):
        services.reports.annual(year, quarter)


def test_an_empty_diary_has_no_percentages(services: Services) -> None:
    data = report_json(services.reports.annual(YEAR))
    assert data["meetings_held_total"] == 0 and data["reviews_within_timescale_pct"] is None
    assert data["category_of_plan_pct"] == {"PHY": None, "SAB": None, "EMO": None, "NEG": None, "MUL": None}
