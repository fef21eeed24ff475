"""Every figure's name and one-line definition: shown on hover, printed in exports, repeated in the README."""

from __future__ import annotations

CONFERENCES = "initial, pre-birth, transfer-in and review child protection conferences"
AT_END = (
    "on the last day of the period (31 March for a year): one starting that day counts, one ending that day does not"
)

FIGURES: dict[str, tuple[str, str]] = {
    "meetings_held_total": (
        "Meetings held",
        "Meetings marked held whose date (UK time) falls in the period, each counted once however many children "
        "it concerned.",
    ),
    "looked_after_reviews_held": (
        "Looked-after reviews held",
        "Held looked-after reviews in the period, each meeting counted once (a review for siblings is one).",
    ),
    "child_protection_conferences_held": (
        "Child protection conferences held",
        f"Held {CONFERENCES} in the period, each counted once however many children it concerned.",
    ),
    "children_on_plan_at_year_end": (
        "Children on a protection plan at period end",
        f"Children with a protection plan open {AT_END}. Each child once.",
    ),
    "cp_rate_per_10000": (
        "Children on a plan per 10,000 children",
        "Children on a plan at period end per 10,000 of the child population (the child-population setting).",
    ),
    "children_on_plan_at_previous_year_end": (
        "Children on a plan a year earlier",
        "Children on a protection plan on the same day a year before the period's end.",
    ),
    "children_in_care_at_year_end": (
        "Children in care at period end",
        f"Children with a care episode open {AT_END}; agreed series of short breaks (V3, V4) are left out, as in "
        "DfE's count. Each child once.",
    ),
    "cic_rate_per_10000": (
        "Children in care per 10,000 children",
        "Children in care at period end per 10,000 of the child population (the child-population setting).",
    ),
    "children_in_care_at_previous_year_end": (
        "Children in care a year earlier",
        "Children in care (short breaks left out) on the same day a year before the period's end.",
    ),
    "children_in_care_during_period": (
        "Children in care at any time in the period",
        "Children with a care episode (short breaks left out) open on any day of the period; a child in care "
        "twice counts once.",
    ),
    "closed_plans_2_years_plus_pct": (
        "Plans closed that had lasted 2 years or more (%)",
        "Of the protection plans that ended in the period, the percentage that ended on or after the second "
        "anniversary of their start.",
    ),
    "repeat_plans_pct": (
        "Children made subject to a plan for a second or subsequent time (%)",
        "Of the protection plans that started in the period, the percentage whose child had an earlier plan.",
    ),
    "reviews_within_timescale_pct": (
        "Reviews and conferences within timescale (%)",
        f"Of the looked-after reviews and {CONFERENCES} held in the period, the percentage held on or before "
        "the due date the timescale engine works out. Each meeting once: a family conference is in timescale when "
        "held by the earliest of its children's due dates.",
    ),
    "looked_after_reviews_within_timescale_pct": (
        "Looked-after reviews within timescale (%)",
        "Of the looked-after reviews held in the period, the percentage held on or before their due date "
        "(the earliest due date of the children reviewed).",
    ),
    "child_protection_conferences_within_timescale_pct": (
        "Child protection conferences within timescale (%)",
        f"Of the {CONFERENCES} held in the period, the percentage held on or before the earliest due date of "
        "the children they concerned.",
    ),
    "participation_pct": (
        "Children aged 4 or over whose views were conveyed (%)",
        "Of the children aged 4 or over on the day of a looked-after review held in the period, the percentage "
        "whose participation code is PN1–PN6 (views conveyed); a review with no code recorded counts as not "
        "conveyed. Each child at each review.",
    ),
    "placed_within_20_miles_pct": (
        "Children in care placed within 20 miles (%)",
        "Of the children in care at period end whose placement distance is recorded, the percentage placed 20 "
        "miles or less from home.",
    ),
    "meetings_cancelled": (
        "Meetings cancelled",
        "Meetings cancelled whose booked date fell in the period, each counted once.",
    ),
    "causes_for_concern_raised": (
        "Causes for concern raised",
        "Causes for concern raised in the period (by the date raised), each concern once.",
    ),
    "causes_for_concern_closed_pct": (
        "Causes for concern closed by period end (%)",
        "Of the causes for concern raised in the period, the percentage closed (with any outcome) by its last day.",
    ),
    "good_practice_recorded": (
        "Good practice recorded",
        "Examples of good practice recorded in the period (by the date recorded), each record once.",
    ),
    "live_audit_completed_pct": (
        "Live audit checklists completed (%)",
        f"Of the children at looked-after reviews and {CONFERENCES} held in the period, the percentage whose "
        "live-audit checklist has at least one answer. Each child at each meeting.",
    ),
    "live_audit_yes_pct": (
        "Live audit answers yes (%)",
        "Of the live-audit answers given for the period's held reviews and conferences, the percentage that are "
        "yes; not applicable answers are left out.",
    ),
}

BREAKDOWNS: dict[str, tuple[str, str]] = {
    "meetings_held_by_kind": ("Meetings held by kind", "Meetings held in the period by kind, each counted once."),
    "category_of_plan": (
        "Category of plan",
        "Children on a plan at the end of the period and of the two years before, by the category of their "
        "plan (CIN census: neglect, physical, emotional, sexual, multiple), as a percentage of those children.",
    ),
    "within_timescale_by_kind": (
        "Meetings within timescale by kind",
        "Meetings held in the period that answered a statutory or local timescale, and how many were held on "
        "or before their (earliest) due date.",
    ),
    "participation_by_code": (
        "Participation in looked-after reviews",
        "Children at looked-after reviews held in the period by SSDA903 participation code.",
    ),
    "ethnicity_in_care": ("Ethnicity of children in care", "Children in care at period end by DfE ethnicity code."),
    "ethnicity_on_plan": (
        "Ethnicity of children on a protection plan",
        "Children on a protection plan at period end by DfE ethnicity code.",
    ),
    "age_in_care": ("Age of children in care", "Children in care at period end by age on that day (DfE bands)."),
    "age_on_plan": (
        "Age of children on a protection plan",
        "Children on a protection plan at period end by age on that day (unborn children on pre-birth plans apart).",
    ),
    "sex_in_care": ("Sex of children in care", "Children in care at period end by sex."),
    "sex_on_plan": ("Sex of children on a protection plan", "Children on a protection plan at period end by sex."),
    "meetings_per_iro": (
        "Meetings per IRO",
        "Meetings held in the period by the IRO who chaired them, with each IRO's FTE and meetings per FTE.",
    ),
    "cancellations_by_reason": (
        "Cancellations by reason",
        "Meetings cancelled whose booked date fell in the period, by the reason recorded.",
    ),
    "late_bookings_by_reason": (
        "Meetings held late, by reason",
        "Meetings held in the period after their (earliest) due date, by the reason recorded for the late date.",
    ),
    "concerns_by_theme": (
        "Concerns by theme",
        "Causes for concern raised in the period by theme (the service's list; retired themes still used after).",
    ),
    "concerns_by_area": (
        "Concerns by area of work",
        "Causes for concern raised in the period by the work they were about: child protection (conferences), "
        "children in care (looked-after reviews) or other.",
    ),
    "concerns_by_stage_reached": (
        "Concerns by stage reached",
        "Causes for concern raised in the period by the highest escalation stage each had reached by the "
        "period's last day.",
    ),
    "concerns_by_outcome": (
        "Concerns by outcome",
        "Causes for concern raised in the period by their outcome, as it stood on the period's last day.",
    ),
    "concerns_time_to_close": (
        "Concerns: time to close",
        "Causes for concern raised in the period by the working days from raising to closing them (those closed "
        "by the period's last day); the rest are not closed yet.",
    ),
    "good_practice_by_theme": (
        "Good practice by theme",
        "Good practice recorded in the period by theme (the service's list; retired themes still used after).",
    ),
    "live_audit_by_item": (
        "Live audit by item",
        f"Live-audit answers for the children at looked-after reviews and {CONFERENCES} held in the period, by "
        "checklist item; % yes is of the yes and no answers (not applicable left out).",
    ),
    "live_audit_by_quarter": (
        "Live audit by quarter",
        "Each checklist item's % yes (of the yes and no answers) in each quarter of the period, with all items "
        "together and the share of checklists completed.",
    ),
    "live_audit_by_team": (
        "Live audit by team",
        "Children at the period's held reviews and conferences by the chair's team: checklists completed and "
        "% yes (of the yes and no answers).",
    ),
    "live_audit_by_iro": (
        "Live audit by IRO",
        "Children at the period's held reviews and conferences by the chair: checklists completed and % yes "
        "(of the yes and no answers).",
    ),
}

# Measures compared with statutory neighbours and England, as named in the settings
# (`comparators.YEAR.MEASURE.neighbours|national`), and the figure each one is compared with.
COMPARABLE = {
    "cp-rate": "cp_rate_per_10000",
    "cic-rate": "cic_rate_per_10000",
    "closed-plans-2-years-plus": "closed_plans_2_years_plus_pct",
    "repeat-plans": "repeat_plans_pct",
    "reviews-within-timescale": "reviews_within_timescale_pct",
    "participation": "participation_pct",
    "placed-within-20-miles": "placed_within_20_miles_pct",
}
COMPARATOR_GROUPS = {"neighbours": "Statutory neighbours", "national": "England"}
