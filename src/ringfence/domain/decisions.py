"""What detection hands to the platform: decisions on numbers and the rule hits behind them.

These mirror a detection run directory (``flagged.csv``, ``hits.csv``, ``run.json``); the platform
stores them per organisation, and analysts work them as alerts whose outcome (confirmed or dismissed)
is what precision is measured from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["Decision", "Hit", "Outcome", "RunInfo", "Typology", "Verdict"]


class Verdict(StrEnum):
    WATCH = "watch"
    WARN = "warn"
    BLOCK = "block"

    @property
    def level(self) -> int:
        """1 (watch) < 2 (warn) < 3 (block): what an escalation is measured by."""
        return _LEVELS[self]


_LEVELS = {Verdict.WATCH: 1, Verdict.WARN: 2, Verdict.BLOCK: 3}


class Typology(StrEnum):
    DIALER = "dialer"
    SIM_FARM = "sim_farm"
    WANGIRI = "wangiri"
    SPOOFING = "spoofing"
    SMS_FRAUD = "sms_fraud"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"  # an analyst agrees the number is fraud
    DISMISSED = "dismissed"  # a false positive


@dataclass(frozen=True, slots=True)
class Decision:
    number: str
    score: float
    verdict: Verdict
    rules: tuple[str, ...]
    first_seen: datetime
    detected_at: datetime
    typology: Typology


@dataclass(frozen=True, slots=True)
class Hit:
    number: str
    rule: str
    event_time: datetime
    weight: float
    evidence: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RunInfo:
    policy_name: str
    policy_version: str
    started_at: datetime | None
    finished_at: datetime | None
    records: dict[str, int] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()
