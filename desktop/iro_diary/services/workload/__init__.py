"""Workload: caseload per FTE across the establishment, allocation of new children, and rebalancing."""

from iro_diary.services.workload.service import WorkloadService

__all__ = ["WorkloadService"]
