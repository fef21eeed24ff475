"""The scheduling assistant: the best slots before the deadline, and a planner that books a window at once."""

from iro_diary.services.scheduling.service import SchedulingService

__all__ = ["SchedulingService"]
