"""Working days and the rule book: the counting a diary manager would otherwise do by hand across Christmas."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iro_diary.domain.bank_holidays import package_bank_holidays, parse_govuk_bank_holidays
from iro_diary.domain.errors import ValidationError
from iro_diary.domain.timescales import Offset, RuleBook, Unit, add_months, parse_offset
from iro_diary.domain.working_days import WorkingDayCalendar
from iro_diary.services.context import rules_document

D = dt.date


@functools.cache
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar(package_bank_holidays(range(1990, 2101)))


@functools.cache
def book() -> RuleBook:
    return RuleBook.from_document(rules_document(), calendar())


# -- the gov.uk list's awkward days (research notes §5) -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2020, 5, 8), "VE day moved the early May bank holiday to a Friday"),
        (D(2022, 6, 2), "Spring bank holiday moved to a Thursday"),
        (D(2022, 6, 3), "Platinum Jubilee"),
        (D(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (D(2023, 5, 8), "Coronation of King Charles III"),
        (D(2021, 12, 27), "Christmas Day substitute"),
        (D(2021, 12, 28), "Boxing Day substitute"),
        (D(2026, 12, 28), "Boxing Day substitute"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 6), "Easter Monday"),
    ],
)
def test_bank_holidays_are_not_working_days(day: dt.date, name: str) -> None:
    assert not calendar().is_working_day(day), name


@pytest.mark.parametrize("day", [D(2020, 5, 4), D(2022, 5, 30), D(2026, 12, 24), D(2026, 12, 29)])
def test_ordinary_weekdays_are_working_days(day: dt.date) -> None:
    assert calendar().is_working_day(day)


@pytest.mark.parametrize(
    ("anchor", "days", "expected", "why"),
    [
        (D(2025, 12, 18), 15, D(2026, 1, 13), "skips 25-26 Dec and 1 Jan (DOMAIN.md's example)"),
        (D(2022, 5, 26), 15, D(2022, 6, 20), "skips 2-3 Jun 2022"),
        (D(2026, 3, 27), 20, D(2026, 4, 28), "skips Good Friday and Easter Monday 2026"),
        (D(2020, 5, 1), 5, D(2020, 5, 11), "skips Fri 8 May 2020"),
        (D(2022, 9, 12), 10, D(2022, 9, 27), "skips the State Funeral"),
        (D(2023, 5, 1), 5, D(2023, 5, 9), "skips the Coronation"),
        (D(2026, 11, 27), 1, D(2026, 11, 30), "Friday + 1 working day is Monday"),
        (D(2026, 11, 28), 1, D(2026, 11, 30), "from a Saturday, day 1 is Monday"),
        (D(2026, 12, 24), 1, D(2026, 12, 29), "Christmas 2026: 25 Fri, 28 Mon substitute"),
        (D(2026, 11, 26), 0, D(2026, 11, 26), "adding nothing is the anchor itself"),
        (D(2026, 1, 13), -15, D(2025, 12, 18), "counting back undoes counting forward"),
    ],
)
def test_adding_working_days(anchor: dt.date, days: int, expected: dt.date, why: str) -> None:
    assert calendar().add_working_days(anchor, days) == expected, why


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2025, 12, 18), D(2026, 1, 13), 15),
        (D(2026, 1, 13), D(2025, 12, 18), -15),
        (D(2026, 11, 27), D(2026, 11, 29), 0),
        (D(2026, 11, 26), D(2026, 11, 26), 0),
        (D(2022, 5, 31), D(2022, 6, 6), 2),  # Wed 1 and Mon 6 Jun; 2-3 Jun are bank holidays
    ],
)
def test_working_days_between(start: dt.date, end: dt.date, count: int) -> None:
    assert calendar().working_days_between(start, end) == count


@pytest.mark.parametrize(
    ("day", "latest"),
    [
        (D(2026, 2, 28), D(2026, 2, 27)),  # Saturday -> Friday
        (D(2026, 4, 6), D(2026, 4, 2)),  # Easter Monday -> Maundy Thursday
        (D(2026, 12, 28), D(2026, 12, 24)),  # Boxing Day substitute -> Christmas Eve
        (D(2026, 11, 26), D(2026, 11, 26)),
    ],
)
def test_latest_working_day_on_or_before(day: dt.date, latest: dt.date) -> None:
    assert calendar().latest_working_day_on_or_before(day) == latest
    assert book().latest_working_day(day) == latest


def test_closure_days_block_booking_but_never_change_counting() -> None:
    shutdown = {D(2026, 12, 29): "Christmas shutdown", D(2026, 12, 30): "Christmas shutdown"}
    closed = calendar().with_closures(shutdown)
    assert closed.add_working_days(D(2026, 12, 18), 15) == calendar().add_working_days(D(2026, 12, 18), 15)
    assert closed.is_working_day(D(2026, 12, 29)) and not closed.is_bookable(D(2026, 12, 29))
    assert closed.latest_bookable_day_on_or_before(D(2026, 12, 30)) == D(2026, 12, 24)
    assert closed.next_working_day_on_or_after(D(2026, 12, 26)) == D(2026, 12, 29)
    assert closed.closure_name(D(2026, 12, 29)) == "Christmas shutdown" and closed.closures == shutdown
    assert closed.holiday_name(D(2026, 12, 25)) == "Christmas Day"


def test_the_rules_fingerprint_follows_rules_and_bank_holidays_but_not_closures() -> None:
    document = rules_document()
    same = RuleBook.from_document(document, calendar())
    assert same.fingerprint() == book().fingerprint()
    closed = calendar().with_closures({D(2026, 12, 29): "Christmas shutdown"})
    assert RuleBook.from_document(document, closed).fingerprint() == book().fingerprint()
    extra = WorkingDayCalendar({**package_bank_holidays(range(1990, 2101)), D(2027, 6, 7): "Jubilee"})
    assert RuleBook.from_document(document, extra).fingerprint() != book().fingerprint()
    changed = RuleBook.from_document(document, calendar(), {"cse_review_months": 2})
    assert changed.fingerprint() != book().fingerprint()


# -- months clamp to the month's end ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "expected"),
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2026, 1, 31), 3, D(2026, 4, 30)),
        (D(2026, 10, 15), 3, D(2027, 1, 15)),  # across the year end
        (D(2026, 5, 15), 12, D(2027, 5, 15)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
    ],
)
def test_months_are_calendar_months_clamped_to_the_end(anchor: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(anchor, months) == expected


# -- the rule for each kind ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "anchor", "due"),
    [
        ("icpc", D(2025, 12, 18), D(2026, 1, 13)),
        ("transfer-in", D(2025, 12, 18), D(2026, 1, 13)),
        ("pre-birth", D(2026, 9, 1), D(2026, 6, 9)),  # 28 weeks gestation = 12 weeks before the EDD
        ("rcpc-first", D(2025, 11, 30), D(2026, 2, 28)),
        ("rcpc-first-after-birth", D(2026, 3, 27), D(2026, 4, 14)),
        ("rcpc", D(2025, 8, 31), D(2026, 2, 28)),
        ("cla-first", D(2026, 3, 27), D(2026, 4, 28)),
        ("cla-second", D(2026, 4, 28), D(2026, 7, 28)),
        ("cla", D(2026, 7, 28), D(2027, 1, 28)),
        ("short-break-first", D(2026, 1, 31), D(2026, 4, 30)),
        ("short-break", D(2026, 4, 30), D(2026, 10, 30)),
        ("cse-initial", D(2025, 12, 18), D(2026, 1, 6)),
        ("cse-urgent", D(2026, 11, 26), D(2026, 11, 29)),
        ("cse-review", D(2026, 11, 30), D(2027, 2, 28)),
        ("foster-first", D(2024, 2, 29), D(2025, 2, 28)),
        ("foster", D(2026, 6, 1), D(2027, 6, 1)),
        ("cla-early", D(2026, 12, 7), D(2026, 12, 7)),
    ],
)
def test_every_kind_has_its_rule(rule: str, anchor: dt.date, due: dt.date) -> None:
    assert book().due(rule, anchor) == due
    assert book().rule(rule).source, "every rule cites its source"


def test_every_rule_cites_a_source_and_a_status() -> None:
    for rule in [*book().rules.values(), *book().reminders.values()]:
        assert rule.source and rule.status in ("statutory", "statutory guidance", "local"), rule.name


def test_reminders_count_from_the_review() -> None:
    assert book().reminder_date("iro-consultation", D(2026, 1, 13)) == D(2025, 12, 18)
    assert book().reminder_date("reports-to-chair", D(2026, 1, 13)) == D(2026, 1, 10)
    assert book().reminder_date("core-group", D(2026, 1, 13)) == D(2026, 1, 27)


def test_local_parameters_change_the_due_dates() -> None:
    local = RuleBook.from_document(
        rules_document(),
        calendar(),
        {
            "cse_initial_working_days": 5,
            "transfer_in_working_days": 10,
            "pre_birth_mode": "before-edd",
            "pre_birth_weeks_before_edd": 8,
            "cse_urgent_hours": 24,
            "cse_review_months": 2,
        },
    )
    assert local.due("cse-initial", D(2026, 1, 5)) == D(2026, 1, 12)
    assert local.due("transfer-in", D(2026, 1, 5)) == D(2026, 1, 19)
    assert local.due("pre-birth", D(2026, 9, 1)) == D(2026, 7, 7)
    assert local.due("cse-urgent", D(2026, 1, 5)) == D(2026, 1, 6)
    assert local.due("cse-review", D(2026, 1, 5)) == D(2026, 3, 5)
    assert local.parameters["cse_initial_working_days"].is_overridden
    assert not local.parameters["icpc_anchor"].is_overridden


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"icpc_anchor": "whenever"}, "must be one of"),
        ({"cse_initial_working_days": "ten"}, "whole number"),
        ({"cse_initial_working_days": 0}, "between 1 and 400"),
        ({"no_such_thing": 1}, "unknown timescale setting"),
    ],
)
def test_bad_local_parameters_are_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RuleBook.from_document(rules_document(), calendar(), overrides)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"rules": {}}, "defines no rules"),
        ({"rules": {"x": {"label": "X", "within": "3 fortnights", "source": "s"}}}, "not a timescale"),
        ({"rules": {"x": {"label": "X", "within": "3 days"}}}, "has no 'source'"),
        ({"rules": {"x": {"label": "X", "within": "3 days", "source": "s", "meeting": "picnic"}}}, "rule 'x'"),
    ],
)
def test_a_broken_rules_file_is_explained(document: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RuleBook.from_document(document, calendar())


def test_a_free_text_local_setting_is_kept_as_text() -> None:
    document = {
        "parameters": {"panel": {"value": "fostering panel", "source": "local"}},
        "rules": {"x": {"label": "X", "within": "3 days", "source": "local"}},
    }
    local = RuleBook.from_document(document, calendar(), {"panel": 42})
    assert local.parameter("panel") == "42"


def test_unknown_rules_and_impossible_anchors_are_explained() -> None:
    with pytest.raises(ValidationError, match="unknown rule 'nope'"):
        book().due("nope", D(2026, 1, 1))
    with pytest.raises(ValidationError, match="outside the years 1990–2100"):
        book().due("icpc", D(1989, 12, 31))
    with pytest.raises(ValidationError, match="outside the years 1990–2100"):
        book().due("cla", D(2101, 1, 1))


def test_offsets_read_and_print_the_way_the_rules_file_writes_them() -> None:
    assert parse_offset("15 working days") == Offset(15, Unit.WORKING_DAYS)
    assert str(parse_offset("-12 weeks")) == "12 weeks before"
    assert str(Offset(6, Unit.MONTHS)) == "6 months"


# -- properties ---------------------------------------------------------------------------------------------------

anchors = st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 6, 30))
FORWARD_RULES = [name for name, rule in book().rules.items() if rule.offset.amount > 0]


@given(anchors, st.sampled_from(FORWARD_RULES))
def test_a_due_date_is_never_before_its_anchor(anchor: dt.date, rule: str) -> None:
    assert book().due(rule, anchor) > anchor


@given(anchors, st.integers(min_value=1, max_value=60))
def test_adding_working_days_lands_on_a_working_day(anchor: dt.date, days: int) -> None:
    due = calendar().add_working_days(anchor, days)
    assert calendar().is_working_day(due)
    assert calendar().working_days_between(anchor, due) == days


@given(anchors, anchors, st.sampled_from(list(book().rules)))
def test_later_anchors_never_give_earlier_due_dates(first: dt.date, second: dt.date, rule: str) -> None:
    early, late = sorted((first, second))
    assert book().due(rule, early) <= book().due(rule, late)


@given(anchors)
def test_the_latest_working_day_is_a_working_day_on_or_before(day: dt.date) -> None:
    latest = calendar().latest_working_day_on_or_before(day)
    assert latest <= day and calendar().is_working_day(latest)
    assert calendar().working_days_between(latest, day) == 0


# -- gov.uk files -------------------------------------------------------------------------------------------------


def test_a_govuk_file_gives_its_england_and_wales_days() -> None:
    data = {
        "england-and-wales": {
            "division": "england-and-wales",
            "events": [
                {"title": "Bank holiday for the coronation", "date": "2030-05-06", "notes": "", "bunting": True},
                {"title": "", "date": "2030-05-27", "notes": "", "bunting": True},
            ],
        },
        "scotland": {"division": "scotland", "events": [{"title": "St Andrew's Day", "date": "2030-12-02"}]},
    }
    assert parse_govuk_bank_holidays(data) == {
        D(2030, 5, 6): "Bank holiday for the coronation",
        D(2030, 5, 27): "Bank holiday",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "no 'england-and-wales' division"),
        ({"scotland": {}}, "no 'england-and-wales' division"),
        ({"england-and-wales": {"events": "soon"}}, "no events list"),
        ({"england-and-wales": {"events": [{"title": "x"}]}}, "event 1 has no date"),
        ({"england-and-wales": {"events": [{"date": "06/05/2030"}]}}, "not YYYY-MM-DD"),
        ({"england-and-wales": {"events": [{"date": "2030-02-30"}]}}, "not YYYY-MM-DD"),
        ({"england-and-wales": {"events": [{"date": "1066-10-14"}]}}, "outside 1990–2100"),
    ],
)
def test_a_malformed_govuk_file_is_explained(data: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_govuk_bank_holidays(data)
