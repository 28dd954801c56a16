"""Disposal figures per day or month: how many numbers were disposed of, given back, verified,
appealed, and how long detection took to become a disposal. Pure: transitions, first detections and
the time zone are arguments.

Time to dispose is measured for a number's first disposal only (from ``active``): from the first time
the organisation's detection flagged the number to the disposal. A re-disposal after a restore would
otherwise be measured from a detection long past, and numbers disposed of without a detection (on a
complaint, say) have no such time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from ringfence.domain.disposition import Action, State, Transition
from ringfence.domain.reports import Granularity, period_key

__all__ = ["DisposalRow", "disposal_table", "quantile"]

_COUNTED = {
    Action.SUSPEND: "suspended",
    Action.RESTRICT: "restricted",
    Action.LABEL: "labelled",
    Action.RESTORE: "restored",
    Action.OVERRIDE: "overridden",
    Action.PASS_VERIFICATION: "verification_passed",
    Action.FAIL_VERIFICATION: "verification_failed",
    Action.APPEAL: "appealed",
    Action.UPHOLD: "upheld",
    Action.OVERTURN: "overturned",
}
_FIRST_DISPOSALS = (Action.SUSPEND, Action.RESTRICT, Action.LABEL)


@dataclass(frozen=True, slots=True)
class DisposalRow:
    period: str
    suspended: int = 0
    restricted: int = 0
    labelled: int = 0
    restored: int = 0  # after a passed verification
    overridden: int = 0  # by an admin, without one
    verification_passed: int = 0
    verification_failed: int = 0
    appealed: int = 0
    upheld: int = 0
    overturned: int = 0  # suspensions an appeal overturned
    disposals_timed: int = 0  # first disposals with a detection before them
    time_to_dispose_median_h: float | None = None
    time_to_dispose_p90_h: float | None = None


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile by the nearest-rank method (a value that occurred, not an interpolation)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def disposal_table(
    transitions: Iterable[Transition],
    first_detected: Mapping[str, datetime],
    zone: tzinfo,
    granularity: Granularity,
) -> list[DisposalRow]:
    """One row per day (or month) with any transition, oldest first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hours: dict[str, list[float]] = defaultdict(list)
    for t in transitions:
        key = period_key(t.at, zone, granularity)
        counts[key][_COUNTED.get(t.action, "")] += 1
        detected = first_detected.get(t.number)
        first = t.action in _FIRST_DISPOSALS and t.from_state is State.ACTIVE
        if first and detected is not None and detected <= t.at:
            hours[key].append((t.at - detected).total_seconds() / 3600)
    rows = []
    for key in sorted(counts):
        c = counts[key]
        h = hours[key]
        rows.append(
            DisposalRow(
                key,
                **{name: c[name] for name in _COUNTED.values()},
                disposals_timed=len(h),
                time_to_dispose_median_h=_round(quantile(h, 0.5)),
                time_to_dispose_p90_h=_round(quantile(h, 0.9)),
            )
        )
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
