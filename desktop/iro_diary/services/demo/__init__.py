"""The synthetic demo service: a whole Independent Reviewing Service of invented people.

Shaped by the report's figures (resources/demo/profile.toml); its meeting dates follow the statutory chains of
the rule book, on the real working-day calendar. Deterministic for a given seed, scale and date.
"""

from iro_diary.services.demo.service import DemoService, DemoSummary

__all__ = ["DemoService", "DemoSummary"]
