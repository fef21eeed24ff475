"""Quality assurance: causes for concern, good practice, the live audit and the service's lists for them."""

from iro_diary.services.quality.concerns import ConcernService
from iro_diary.services.quality.good_practice import GoodPracticeService
from iro_diary.services.quality.lists import QualityListService
from iro_diary.services.quality.live_audit import LiveAuditService

__all__ = ["ConcernService", "GoodPracticeService", "LiveAuditService", "QualityListService"]
