from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ringfence.domain.casework import StoredDecision
from ringfence.domain.queue import QueueFilter, select_alerts
from ringfence.errors import ConfigError

ZONE = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai, 2 November


def _d(
    i: int, score: float, verdict: str, hours: int, rules: tuple[str, ...] = ("R1",), **kw: object
) -> StoredDecision:
    return StoredDecision(
        id=i,
        org="op",
        run_id=1,
        number=f"+86138000000{i:02d}",
        number_kind="mobile",
        score=score,
        verdict=verdict,
        rules=rules,
        typology=str(kw.get("typology", "dialer")),
        first_seen=T0,
        detected_at=T0 + timedelta(hours=hours),
        outcome=str(kw.get("outcome", "open")),
        assignee=kw.get("assignee"),  # type: ignore[arg-type]
    )


ALERTS = [
    _d(1, 0.9, "block", 0, ("R1", "R2")),
    _d(2, 0.5, "watch", 2, typology="sim_farm", assignee="alice"),  # 3 November local
    _d(3, 0.7, "warn", 1, ("R2",), outcome="confirmed"),  # 00:00 3 November local
    _d(4, 0.7, "block", 30),
]


def _ids(f: QueueFilter) -> list[int]:
    return [d.id for d in select_alerts(ALERTS, f.check(), ZONE)]


def test_filters_select_what_a_chart_counts() -> None:
    assert _ids(QueueFilter()) == [1, 4, 3, 2]  # score, then newer first
    assert _ids(QueueFilter(rule="R2")) == [1, 3]
    assert _ids(QueueFilter(verdict="block")) == [1, 4]
    assert _ids(QueueFilter(typology="sim_farm")) == [2]
    assert _ids(QueueFilter(outcome="open")) == [1, 4, 2]
    assert _ids(QueueFilter(start=date(2026, 11, 3), end=date(2026, 11, 3))) == [3, 2]  # local days
    assert _ids(QueueFilter(end=date(2026, 11, 2))) == [1]
    assert _ids(QueueFilter(assignee="alice")) == [2]
    assert _ids(QueueFilter(assignee="-")) == [1, 4, 3]
    assert _ids(QueueFilter(q="0000004")) == [4]
    assert _ids(QueueFilter(q="r2")) == [1, 3]


def test_sorts() -> None:
    assert _ids(QueueFilter(sort="time")) == [4, 2, 3, 1]
    assert _ids(QueueFilter(sort="time", descending=False)) == [1, 3, 2, 4]
    assert _ids(QueueFilter(sort="verdict")) == [1, 4, 3, 2]
    assert _ids(QueueFilter(sort="score", descending=False)) == [2, 4, 3, 1]


@pytest.mark.parametrize(
    "bad",
    [
        QueueFilter(outcome="maybe"),
        QueueFilter(verdict="kill"),
        QueueFilter(sort="number"),
        QueueFilter(start=date(2026, 11, 3), end=date(2026, 11, 2)),
    ],
)
def test_unknown_values_are_clear_errors(bad: QueueFilter) -> None:
    with pytest.raises(ConfigError):
        bad.check()
