"""The disposal statistics of one organisation, per day or month (``GET /v1/stats/dispositions``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from ringfence.domain.access import Permission, Principal, require
from ringfence.domain.disposal_stats import DisposalRow, disposal_table
from ringfence.errors import ConfigError
from ringfence.ports.store import DispositionStore

__all__ = ["DisposalReport", "disposal_report", "period_bounds"]

_EVER = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


@dataclass
class DisposalReport:
    granularity: Literal["day", "month"]
    period: str | None
    periods: list[DisposalRow]


def period_bounds(
    period: str, granularity: Literal["day", "month"], zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """``[start, end)`` of a day (``2026-11-02``) or month (``2026-11``) in ``zone``."""
    try:
        if granularity == "day":
            first = date.fromisoformat(period)
            after = date.fromordinal(first.toordinal() + 1)
        else:
            year, month = (int(part) for part in period.split("-"))
            first = date(year, month, 1)
            after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    except ValueError as exc:
        shape = "YYYY-MM-DD" if granularity == "day" else "YYYY-MM"
        raise ConfigError(f"period {period!r}: expected {shape}") from exc
    if len(period) != (10 if granularity == "day" else 7):
        raise ConfigError(
            f"period {period!r}: expected {'YYYY-MM-DD' if granularity == 'day' else 'YYYY-MM'}"
        )
    return datetime.combine(first, time(), zone), datetime.combine(after, time(), zone)


def disposal_report(
    store: DispositionStore,
    principal: Principal,
    timezone: str,
    granularity: Literal["day", "month"],
    period: str | None = None,
) -> DisposalReport:
    """Every period with disposal activity, or only ``period``."""
    require(principal, Permission.VIEW)
    zone = ZoneInfo(timezone)
    start, end = period_bounds(period, granularity, zone) if period else _EVER
    transitions = store.transitions_between(principal.org, start, end)
    first = store.first_detections(principal.org, [t.number for t in transitions])
    return DisposalReport(granularity, period, disposal_table(transitions, first, zone, granularity))
