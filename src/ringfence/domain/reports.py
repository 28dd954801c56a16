"""Statistics over decisions, in the shape of the CAICT white paper's tables.

The white paper reports fraud numbers by category (operators' mobiles, fixed lines, virtual operators,
400 numbers, irregular presentations) with count, share, change on the previous period and distinct
numbers, and gives daily and monthly counts. These functions compute the same from decisions, for any
day or month, in a given time zone. Pure: the caller passes the decisions and the zone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Literal

from ringfence.domain.casework import StoredDecision

__all__ = [
    "CATEGORY_LABELS",
    "BreakdownRow",
    "PeriodRow",
    "Precision",
    "breakdown",
    "period_key",
    "period_table",
    "precision",
    "previous_period",
    "trend",
]

Granularity = Literal["day", "month"]

#: Number categories in the white paper's order (Table 1), then the kinds it does not list.
CATEGORY_LABELS: dict[str, str] = {
    "mobile": "Operators' mobile numbers (基础电信企业移动电话)",
    "fixed": "Fixed lines (固定电话)",
    "virtual": "Virtual-operator numbers (移动转售企业电话)",
    "toll_free": "400/800 numbers (“400 号码”)",
    "irregular": "Irregular presentations (不规则来电)",
    "international": "International numbers (国际来话)",
    "iot": "IoT cards (物联网卡)",
    "service": "Short codes (服务号码)",
    "sms_port": "106 SMS ports (短信端口)",
}


@dataclass(frozen=True, slots=True)
class PeriodRow:
    period: str
    alerts: int
    numbers: int
    blocked: int
    warned: int
    watched: int
    confirmed: int
    dismissed: int
    open: int

    @property
    def precision(self) -> float | None:
        judged = self.confirmed + self.dismissed
        return self.confirmed / judged if judged else None


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    key: str
    label: str
    alerts: int
    share: float
    change: float | None  # relative change on the previous period; None when it had none
    numbers: int
    blocked: int


@dataclass(frozen=True, slots=True)
class Precision:
    confirmed: int
    dismissed: int

    @property
    def judged(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def value(self) -> float | None:
        return self.confirmed / self.judged if self.judged else None


def period_key(moment: datetime, zone: tzinfo, granularity: Granularity) -> str:
    local = moment.astimezone(zone)
    return local.strftime("%Y-%m-%d" if granularity == "day" else "%Y-%m")


def previous_period(key: str) -> str:
    """The day or month before ``key`` (``2026-11-03`` → ``2026-11-02``, ``2026-01`` → ``2025-12``)."""
    if len(key) == 7:
        year, month = int(key[:4]), int(key[5:])
        return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    return date.fromordinal(date.fromisoformat(key).toordinal() - 1).isoformat()


def period_table(
    decisions: Iterable[StoredDecision], zone: tzinfo, granularity: Granularity
) -> list[PeriodRow]:
    """One row per day (or month) that has decisions, oldest first."""
    groups: dict[str, list[StoredDecision]] = defaultdict(list)
    for d in decisions:
        groups[period_key(d.detected_at, zone, granularity)].append(d)
    rows = []
    for key in sorted(groups):
        ds = groups[key]
        verdicts = Counter(d.verdict for d in ds)
        outcomes = Counter(d.outcome for d in ds)
        rows.append(
            PeriodRow(
                period=key,
                alerts=len(ds),
                numbers=len({d.number for d in ds}),
                blocked=verdicts["block"],
                warned=verdicts["warn"],
                watched=verdicts["watch"],
                confirmed=outcomes["confirmed"],
                dismissed=outcomes["dismissed"],
                open=outcomes["open"],
            )
        )
    return rows


def breakdown(
    decisions: Sequence[StoredDecision],
    zone: tzinfo,
    granularity: Granularity,
    period: str,
    by: Literal["category", "typology"] = "category",
) -> list[BreakdownRow]:
    """Table 1 of the white paper for one period: count, share, change on the previous period, numbers."""
    previous = previous_period(period)
    current: list[StoredDecision] = []
    before: Counter[str] = Counter()
    for d in decisions:
        key = period_key(d.detected_at, zone, granularity)
        group = d.number_kind if by == "category" else d.typology
        if key == period:
            current.append(d)
        elif key == previous:
            before[group] += 1
    counts: Counter[str] = Counter()
    numbers: dict[str, set[str]] = defaultdict(set)
    blocked: Counter[str] = Counter()
    for d in current:
        group = d.number_kind if by == "category" else d.typology
        counts[group] += 1
        numbers[group].add(d.number)
        blocked[group] += d.verdict == "block"
    total = sum(counts.values())
    order = list(CATEGORY_LABELS) if by == "category" else sorted(counts)
    keys = [k for k in order if counts[k]] + sorted(k for k in counts if k not in order)
    return [
        BreakdownRow(
            key=k,
            label=CATEGORY_LABELS.get(k, k) if by == "category" else k,
            alerts=counts[k],
            share=counts[k] / total,
            change=(counts[k] - before[k]) / before[k] if before[k] else None,
            numbers=len(numbers[k]),
            blocked=blocked[k],
        )
        for k in keys
    ]


def precision(decisions: Iterable[StoredDecision], by_typology: bool = False) -> dict[str, Precision]:
    """Precision from analysts' outcomes: confirmed / (confirmed + dismissed); open alerts do not count."""
    confirmed: Counter[str] = Counter()
    dismissed: Counter[str] = Counter()
    for d in decisions:
        key = d.typology if by_typology else "all"
        if d.outcome == "confirmed":
            confirmed[key] += 1
        elif d.outcome == "dismissed":
            dismissed[key] += 1
    keys = sorted(set(confirmed) | set(dismissed)) if by_typology else ["all"]
    return {k: Precision(confirmed[k], dismissed[k]) for k in keys}


def trend(decisions: Iterable[StoredDecision], zone: tzinfo) -> dict[str, dict[str, int]]:
    """Alerts per day per typology: ``{day: {typology: n}}``, days in order."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for d in decisions:
        out[period_key(d.detected_at, zone, "day")][d.typology] += 1
    return {day: dict(out[day]) for day in sorted(out)}
