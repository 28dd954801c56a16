"""The dashboard's and the reports' figures for one organisation."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
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
from ringfence.ports.store import DecisionStore, RecordStore

__all__ = ["Dashboard", "Report", "dashboard", "report"]


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


def dashboard(store: _Store, principal: Principal, timezone: str) -> Dashboard:
    require(principal, Permission.VIEW)
    ds = store.decisions(principal.org)
    zone = ZoneInfo(timezone)
    return Dashboard(
        alerts=len(ds),
        open=sum(d.outcome == "open" for d in ds),
        blocked=sum(d.verdict == "block" for d in ds),
        by_typology=dict(Counter(d.typology for d in ds).most_common()),
        blocked_by_typology=dict(Counter(d.typology for d in ds if d.verdict == "block").most_common()),
        trend=trend(ds, zone),
        top_rules=store.rule_counts(principal.org, 10),
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
