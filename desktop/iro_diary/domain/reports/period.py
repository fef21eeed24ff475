"""Reporting periods: a financial year (1 April to 31 March, named by its first year) or one of its quarters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from iro_diary.domain.errors import ValidationError

FIRST_YEAR = 1990
LAST_YEAR = 2099
QUARTER_MONTHS = {1: "Apr–Jun", 2: "Jul–Sep", 3: "Oct–Dec", 4: "Jan–Mar"}


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """Financial year `year` (e.g. 2025 = 1 April 2025 to 31 March 2026), or quarter 1–4 of it."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValidationError(
                f"the financial year must be between {FIRST_YEAR} and {LAST_YEAR} (its first year), not {self.year}"
            )
        if self.quarter is not None and self.quarter not in QUARTER_MONTHS:
            raise ValidationError(f"the quarter must be 1, 2, 3 or 4, not {self.quarter}")

    @property
    def start(self) -> dt.date:
        if self.quarter is None:
            return dt.date(self.year, 4, 1)
        month = 3 * self.quarter + 1
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period: 31 March for a year ("at year end" means on this day)."""
        if self.quarter is None:
            return dt.date(self.year + 1, 3, 31)
        after = ReportPeriod(self.year + 1, 1) if self.quarter == 4 else ReportPeriod(self.year, self.quarter + 1)
        return after.start - dt.timedelta(days=1)

    @property
    def year_label(self) -> str:
        """'2025/26'."""
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """'2025/26' or 'Q1 2025/26 (Apr–Jun)'."""
        if self.quarter is None:
            return self.year_label
        return f"Q{self.quarter} {self.year_label} ({QUARTER_MONTHS[self.quarter]})"

    @property
    def slug(self) -> str:
        """For file names: '2025-26' or '2025-26-Q1'."""
        base = f"{self.year}-{(self.year + 1) % 100:02d}"
        return base if self.quarter is None else f"{base}-Q{self.quarter}"

    def end_years_earlier(self, years: int) -> dt.date:
        """The same period end `years` years before (period ends are never 29 February)."""
        return self.end.replace(year=self.end.year - years)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def financial_year_of(day: dt.date) -> int:
    """The financial year a day falls in, named by its first year (31 March 2026 -> 2025)."""
    return day.year if day.month >= 4 else day.year - 1


def last_complete_year(today: dt.date) -> int:
    """The latest financial year that has ended by `today`."""
    return financial_year_of(today) - 1
