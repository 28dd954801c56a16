"""Verification deadlines: how long a disposed number may wait for its real-person verification.

A disposal starts a clock whose length follows the risk grade (a high-risk number is looked at
sooner); an appeal starts a clock of its own. Whether a clock is on time, due soon or overdue is
computed from a ``now`` the caller passes, so the API, the console, the sweep and a replay of last
month all agree on what was overdue when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ringfence.errors import ConfigError

__all__ = ["Grade", "Sla", "SlaStatus", "grade_for_verdict", "sla_status"]


class Grade(StrEnum):
    """The risk grade of a disposal: how urgent its verification is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SlaStatus(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"  # less than ``Sla.due_soon_share`` of the window left
    OVERDUE = "overdue"


_GRADE_OF_VERDICT = {"block": Grade.HIGH, "warn": Grade.MEDIUM, "watch": Grade.LOW}


def grade_for_verdict(verdict: str | None) -> Grade:
    """The grade a disposal takes when none is given: from the verdict of the organisation's
    highest-scoring alert on the number (block → high, warn → medium, watch → low); none: medium."""
    return _GRADE_OF_VERDICT.get(verdict or "", Grade.MEDIUM)


@dataclass(frozen=True, slots=True)
class Sla:
    """Clock lengths (hours) per grade, the appeal clock, and when a clock counts as due soon."""

    high_hours: float = 24.0
    medium_hours: float = 72.0
    low_hours: float = 168.0
    appeal_hours: float = 72.0
    due_soon_share: float = 0.25

    def __post_init__(self) -> None:
        hours = (self.high_hours, self.medium_hours, self.low_hours, self.appeal_hours)
        if any(h <= 0 for h in hours):
            raise ConfigError("verification and appeal deadlines must be positive hours")
        if not 0 <= self.due_soon_share < 1:
            raise ConfigError("due_soon_share must be in [0, 1)")

    def verification_window(self, grade: Grade) -> timedelta:
        hours = {Grade.HIGH: self.high_hours, Grade.MEDIUM: self.medium_hours, Grade.LOW: self.low_hours}
        return timedelta(hours=hours[grade])

    @property
    def appeal_window(self) -> timedelta:
        return timedelta(hours=self.appeal_hours)


def sla_status(deadline: datetime | None, window: timedelta, now: datetime, share: float) -> SlaStatus | None:
    """Where a clock stands at ``now``: ``None`` when no clock runs (no deadline)."""
    if deadline is None:
        return None
    left = deadline - now
    if left < timedelta(0):
        return SlaStatus.OVERDUE
    if left <= window * share:
        return SlaStatus.DUE_SOON
    return SlaStatus.ON_TIME
