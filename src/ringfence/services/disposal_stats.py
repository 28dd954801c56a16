"""The disposal statistics of one organisation, per day or month (``GET /v1/stats/dispositions``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from ringfence.domain.access import Permission, Principal, require
from ringfence.domain.casework_stats import CaseworkRow, casework_table, detection_precision
from ringfence.domain.disposal_stats import DisposalRow, disposal_table
from ringfence.domain.reports import Precision
from ringfence.errors import ConfigError
from ringfence.ports.store import CaseStore, ComplaintStore, DispositionStore
from ringfence.services.dashboard import check_period

__all__ = ["CaseworkReport", "DisposalReport", "casework_report", "disposal_report", "period_bounds"]


class _CaseworkStore(CaseStore, ComplaintStore, DispositionStore, Protocol):
    pass


_EVER = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


@dataclass
class DisposalReport:
    granularity: Literal["day", "month"]
    period: str | None
    periods: list[DisposalRow]


def period_bounds(
    period: str, granularity: Literal["day", "month"], zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """``[start, end)`` of a day (``2026-11-02``) or month (``2026-11``) in ``zone``, in UTC.

    The form is checked as the detection report checks it (``check_period``); a period whose bounds
    fall outside what a datetime can hold once converted (the first or last days of the calendar) is
    refused the same way, so the store never sees an instant it cannot convert.
    """
    check_period(period, granularity)
    try:
        first = date.fromisoformat(period if granularity == "day" else f"{period}-01")
        if granularity == "day":
            after = first + timedelta(days=1)
        else:
            after = date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)
        start = datetime.combine(first, time(), zone).astimezone(UTC)
        end = datetime.combine(after, time(), zone).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise ConfigError(f"period {period!r} is out of range") from exc
    return start, end


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


@dataclass
class CaseworkReport:
    granularity: Literal["day", "month"]
    period: str | None
    periods: list[CaseworkRow]
    precision: Precision  # detection against verification-case labels, over the same span


def casework_report(
    store: _CaseworkStore,
    principal: Principal,
    timezone: str,
    granularity: Literal["day", "month"],
    period: str | None = None,
) -> CaseworkReport:
    """Complaints received and fast-pathed, cases opened and closed, dispatch answers, labels, and the
    confirmed-fraud precision of detection, per period (``GET /v1/stats/casework/{granularity}``)."""
    require(principal, Permission.VIEW)
    zone = ZoneInfo(timezone)
    within = period_bounds(period, granularity, zone) if period else _EVER
    org = principal.org
    labels = [label for label in store.case_labels(org) if within[0] <= label.at < within[1]]
    first = store.first_detections(org, sorted({label.number for label in labels}))
    rows = casework_table(
        store.complaints(org, limit=10_000_000),
        store.cases(org),
        store.dispatches(from_org=org),
        labels,
        first,
        zone,
        granularity,
        within,
    )
    return CaseworkReport(granularity, period, rows, detection_precision(labels, first))
