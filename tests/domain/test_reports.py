from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.casework import StoredDecision
from ringfence.domain.reports import breakdown, period_key, period_table, precision, previous_period, trend

ZONE = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def _d(
    i: int,
    day: int,
    kind: str = "mobile",
    typology: str = "dialer",
    verdict: str = "block",
    outcome: str = "open",
    hour: int = 0,
) -> StoredDecision:
    at = T0 + timedelta(days=day, hours=hour)
    return StoredDecision(
        i, "op", 1, f"+86138{i:08d}", kind, 0.9, verdict, ("R1",), typology, at, at, outcome
    )


def test_days_follow_the_report_time_zone() -> None:
    late = datetime(2026, 11, 2, 17, 30, tzinfo=UTC)  # 01:30 on 3 November in Shanghai
    assert period_key(late, ZONE, "day") == "2026-11-03"
    assert period_key(late, ZoneInfo("UTC"), "day") == "2026-11-02"
    assert period_key(late, ZONE, "month") == "2026-11"
    assert previous_period("2026-11-01") == "2026-10-31"
    assert previous_period("2026-01") == "2025-12"


def test_the_white_paper_table_for_one_day() -> None:
    ds = [
        _d(1, 0),
        _d(2, 0),
        _d(3, 0, "virtual"),  # previous day: 2 mobile, 1 virtual
        _d(4, 1),
        _d(5, 1, "virtual"),
        _d(6, 1, "virtual"),
        _d(7, 1, "irregular", verdict="warn"),
    ]
    rows = breakdown(ds, ZONE, "day", "2026-11-03")
    assert [(r.key, r.alerts, r.numbers, r.blocked) for r in rows] == [
        ("mobile", 1, 1, 1),
        ("virtual", 2, 2, 2),
        ("irregular", 1, 1, 0),
    ]
    assert [round(r.share, 2) for r in rows] == [0.25, 0.5, 0.25]
    assert rows[0].change == -0.5
    assert rows[1].change == 1.0
    assert rows[2].change is None
    assert "移动转售" in rows[1].label


def test_period_rows_and_precision() -> None:
    ds = [
        _d(1, 0, outcome="confirmed"),
        _d(2, 0, outcome="dismissed", verdict="warn"),
        _d(3, 1, outcome="confirmed"),
    ]
    rows = period_table(ds, ZONE, "day")
    assert [(r.period, r.alerts, r.blocked, r.warned, r.confirmed, r.dismissed) for r in rows] == [
        ("2026-11-02", 2, 1, 1, 1, 1),
        ("2026-11-03", 1, 1, 0, 1, 0),
    ]
    assert rows[0].precision == 0.5
    assert precision(ds)["all"].value == 2 / 3
    assert trend(ds, ZONE) == {"2026-11-02": {"dialer": 2}, "2026-11-03": {"dialer": 1}}


@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from(["mobile", "fixed", "virtual", "iot"])), max_size=60
    )
)
def test_shares_add_up_and_counts_are_kept(items: list[tuple[int, str]]) -> None:
    ds = [_d(i, day, kind) for i, (day, kind) in enumerate(items)]
    rows = period_table(ds, ZONE, "day")
    assert sum(r.alerts for r in rows) == len(ds)
    for r in rows:
        table = breakdown(ds, ZONE, "day", r.period)
        assert sum(b.alerts for b in table) == r.alerts
        assert abs(sum(b.share for b in table) - 1.0) < 1e-9
