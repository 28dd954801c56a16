"""Disposal figures per period: counts per action and time from first detection to first disposal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ringfence.domain.disposal_stats import disposal_table, quantile
from ringfence.domain.disposition import Action, Disposition, apply
from ringfence.domain.sla import Sla

T0 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
CST = ZoneInfo("Asia/Shanghai")


def _steps(number: str, *plan: tuple[Action, datetime]) -> list:  # type: ignore[type-arg]
    d, out = Disposition("op-a", number), []
    for action, at in plan:
        d, step = apply(d, action, at, "x", Sla(), "why")
        out.append(step)
    return out


def test_counts_per_local_day_and_time_to_first_disposal() -> None:
    one = _steps(
        "n1",
        (Action.SUSPEND, T0),
        (Action.REQUEST_VERIFICATION, T0 + timedelta(hours=2)),  # next local day
        (Action.PASS_VERIFICATION, T0 + timedelta(hours=2)),
        (Action.RESTORE, T0 + timedelta(hours=2)),
        (Action.SUSPEND, T0 + timedelta(hours=3)),  # a re-disposal: not timed
    )
    two = _steps("n2", (Action.RESTRICT, T0), (Action.OVERRIDE, T0 + timedelta(hours=2)))
    three = _steps("n3", (Action.LABEL, T0))  # no detection: not timed
    detected = {"n1": T0 - timedelta(hours=4), "n2": T0 - timedelta(hours=1)}
    rows = disposal_table(one + two + three, detected, CST, "day")
    assert [r.period for r in rows] == ["2026-11-02", "2026-11-03"]
    first, second = rows
    assert (first.suspended, first.restricted, first.labelled) == (1, 1, 1)
    assert first.disposals_timed == 2
    assert (first.time_to_dispose_median_h, first.time_to_dispose_p90_h) == (1.0, 4.0)
    assert (second.restored, second.overridden, second.verification_passed, second.suspended) == (1, 1, 1, 1)
    assert second.disposals_timed == 0
    assert second.time_to_dispose_median_h is None
    (month,) = disposal_table(one + two + three, detected, CST, "month")
    assert (month.period, month.suspended, month.disposals_timed) == ("2026-11", 2, 2)


def test_quantiles_are_values_that_occurred() -> None:
    assert quantile([], 0.5) is None
    assert quantile([3.0], 0.9) == 3.0
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert quantile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0.9) == 9.0
