"""The dashboard's and the reports' figures for one organisation."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from ringfence.domain.access import Permission, Principal, require
from ringfence.domain.reports import (
    BreakdownRow,
    PeriodRow,
    Precision,
    breakdown,
    period_table,
    precision,
    trend,
)
from ringfence.errors import ConfigError
from ringfence.ports.store import DecisionStore, RecordStore

__all__ = ["Dashboard", "Report", "check_period", "dashboard", "report"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")


class _Store(DecisionStore, RecordStore, Protocol):
    pass


@dataclass
class Dashboard:
    alerts: int
    open: int
    blocked: int
    by_typology: dict[str, int]
    blocked_by_typology: dict[str, int]
    trend: dict[str, dict[str, int]]
    top_rules: list[tuple[str, int]]
    precision: Precision
    precision_by_typology: dict[str, Precision]
    records: dict[str, int]
    runs: int


def dashboard(
    store: _Store, principal: Principal, timezone: str, start: date | None = None, end: date | None = None
) -> Dashboard:
    """The figures of alerts detected from ``start`` to ``end`` (local dates, inclusive; open ends:
    all); records stored and runs are always the organisation's totals."""
    require(principal, Permission.VIEW)
    if start and end and start > end:
        raise ConfigError("the date range ends before it starts")
    ds = store.decisions(principal.org)
    zone = ZoneInfo(timezone)
    ranged = start is not None or end is not None
    if ranged:
        ds = [
            d
            for d in ds
            if (start is None or d.detected_at.astimezone(zone).date() >= start)
            and (end is None or d.detected_at.astimezone(zone).date() <= end)
        ]
    rules = (
        Counter(r for d in sorted(ds, key=lambda d: d.id) for r in dict.fromkeys(d.rules)).most_common(10)
        if ranged
        else store.rule_counts(principal.org, 10)
    )
    return Dashboard(
        alerts=len(ds),
        open=sum(d.outcome == "open" for d in ds),
        blocked=sum(d.verdict == "block" for d in ds),
        by_typology=dict(Counter(d.typology for d in ds).most_common()),
        blocked_by_typology=dict(Counter(d.typology for d in ds if d.verdict == "block").most_common()),
        trend=trend(ds, zone),
        top_rules=rules,
        precision=precision(ds)["all"],
        precision_by_typology=precision(ds, by_typology=True),
        records=store.record_counts(principal.org),
        runs=len(store.runs(principal.org)),
    )


@dataclass
class Report:
    granularity: Literal["day", "month"]
    periods: list[PeriodRow]
    period: str | None
    by_category: list[BreakdownRow]
    by_typology: list[BreakdownRow]


def report(
    store: DecisionStore,
    principal: Principal,
    timezone: str,
    granularity: Literal["day", "month"],
    period: str | None = None,
) -> Report:
    require(principal, Permission.VIEW)
    if period is not None:
        period = check_period(period, granularity)
    ds = store.decisions(principal.org)
    zone = ZoneInfo(timezone)
    periods = period_table(ds, zone, granularity)
    chosen = period or (periods[-1].period if periods else None)
    return Report(
        granularity=granularity,
        periods=periods,
        period=chosen,
        by_category=breakdown(ds, zone, granularity, chosen, "category") if chosen else [],
        by_typology=breakdown(ds, zone, granularity, chosen, "typology") if chosen else [],
    )


def check_period(period: str, granularity: Literal["day", "month"]) -> str:
    """``period`` if it names a day (``YYYY-MM-DD``) or month (``YYYY-MM``) as ``granularity`` asks.

    Checked here, where a period enters, so the report's arithmetic on periods (the previous day or
    month) only ever sees real ones; anything else is a ``ConfigError`` (422) naming the form expected.
    """
    shape, form = (_DAY, "a day, YYYY-MM-DD") if granularity == "day" else (_MONTH, "a month, YYYY-MM")
    shown = period if len(period) <= 40 else period[:40] + "…"
    problem = ConfigError(f"period {shown!r} is not {form}")
    if not shape.fullmatch(period):
        raise problem
    try:
        first = date.fromisoformat(period if granularity == "day" else f"{period}-01")
    except ValueError:
        raise problem from None
    if first.year < 2:  # the period before it must exist too
        raise problem
    return period
