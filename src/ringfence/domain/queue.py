"""The alert queue's filters, search and sort, as pure functions over stored decisions.

The dashboard's charts link here with the same filters (a typology, a verdict, a rule, a day, a date
range), so a bar and the queue it opens count the same alerts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from ringfence.domain.casework import StoredDecision
from ringfence.errors import ConfigError

__all__ = ["OUTCOMES", "SORTS", "VERDICT_ORDER", "QueueFilter", "select_alerts"]

SORTS = ("score", "time", "verdict")
OUTCOMES = ("open", "confirmed", "dismissed")
VERDICT_ORDER = {"block": 3, "warn": 2, "watch": 1}


@dataclass(frozen=True, slots=True)
class QueueFilter:
    outcome: str = ""  # open | confirmed | dismissed | "" (all)
    typology: str = ""
    verdict: str = ""
    rule: str = ""
    start: date | None = None  # local dates, inclusive
    end: date | None = None
    q: str = ""  # part of the number, a rule id, or an assignee
    assignee: str = ""  # "-": nobody
    sort: str = "score"
    descending: bool = True

    def check(self) -> QueueFilter:
        """Itself, when every value is one the queue knows; else a ``ConfigError`` naming it."""
        if self.outcome and self.outcome not in OUTCOMES:
            raise ConfigError(f"unknown outcome {self.outcome!r}; one of {', '.join(OUTCOMES)}")
        if self.verdict and self.verdict not in VERDICT_ORDER:
            raise ConfigError(f"unknown verdict {self.verdict!r}; one of {', '.join(VERDICT_ORDER)}")
        if self.sort not in SORTS:
            raise ConfigError(f"unknown sort {self.sort!r}; one of {', '.join(SORTS)}")
        if self.start and self.end and self.start > self.end:
            raise ConfigError("the date range ends before it starts")
        return self


def _matches(d: StoredDecision, f: QueueFilter, zone: ZoneInfo) -> bool:
    if f.outcome and d.outcome != f.outcome:
        return False
    if f.typology and d.typology != f.typology:
        return False
    if f.verdict and d.verdict != f.verdict:
        return False
    if f.rule and f.rule not in d.rules:
        return False
    if f.assignee and (d.assignee or "-") != f.assignee:
        return False
    if f.start or f.end:
        day = d.detected_at.astimezone(zone).date()
        if (f.start and day < f.start) or (f.end and day > f.end):
            return False
    if f.q:
        needle = f.q.strip().lower()
        hay = (d.number, *d.rules, d.assignee or "", d.typology)
        if not any(needle in h.lower() for h in hay):
            return False
    return True


def select_alerts(
    decisions: Iterable[StoredDecision], f: QueueFilter, zone: ZoneInfo
) -> list[StoredDecision]:
    """The decisions ``f`` selects, in its order (ties always: higher score, newer, lower id)."""
    found = [d for d in decisions if _matches(d, f, zone)]
    found.sort(key=lambda d: (-d.score, -d.detected_at.timestamp(), d.id))  # the tie-break
    if f.sort == "time":
        found.sort(key=lambda d: d.detected_at, reverse=f.descending)
    elif f.sort == "verdict":
        found.sort(key=lambda d: VERDICT_ORDER.get(d.verdict, 0), reverse=f.descending)
    elif not f.descending:
        found.sort(key=lambda d: d.score)
    return found
