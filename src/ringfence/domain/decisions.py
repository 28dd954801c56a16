"""What detection hands to the platform: decisions on numbers and the rule hits behind them.

These mirror a detection run directory (``flagged.csv``, ``hits.csv``, ``run.json``); the platform
stores them per organisation, and analysts work them as alerts whose outcome (confirmed or dismissed)
is what precision is measured from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["Decision", "DetectionRun", "Hit", "Outcome", "RunInfo", "Typology", "Verdict", "typology_id"]


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
    """The typologies the shipped policy names. A policy may declare others: a decision's
    ``typology`` is the policy's id (``typology_id``), not a member of this list."""

    DIALER = "dialer"
    SIM_FARM = "sim_farm"
    WANGIRI = "wangiri"
    SPOOFING = "spoofing"
    SMS_FRAUD = "sms_fraud"
    UNKNOWN = "unknown"


_TYPOLOGY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


def typology_id(value: str | None) -> str:
    """A typology as a decision carries it: any id a policy may declare (32 characters, letters,
    digits, ``_.-``), ``unknown`` when absent; anything else is refused (``ValueError``)."""
    text = (value or "").strip() or Typology.UNKNOWN.value
    if not _TYPOLOGY_ID.match(text):
        raise ValueError(f"not a typology id: {text!r}")
    return text


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
    typology: str  # the policy's typology id (``typology_id``)


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
    inputs: tuple[str, ...] = ()  # what was read: file paths, or ``store:<org>:<window>``
    policy_text: str = ""  # the policy and rules as they were when the run was made
    rules_text: str = ""


@dataclass(frozen=True, slots=True)
class DetectionRun:
    """One run's output as the platform stores it: made by detection, or read from a run folder."""

    info: RunInfo
    decisions: list[Decision]
    hits: list[Hit]
