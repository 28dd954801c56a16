"""Contract tests of the warning store: in memory, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringfence.domain.outbox import NewMessage, Topic
from ringfence.domain.warnings import NewWarning, WarningStatus
from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
P1, P2, G1, F1 = "+8613800000001", "+8613800000002", "+8613900000001", "+8617000000001"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def _w(
    key: str, number: str = P1, channel: str = "sms", notify: str | None = None
) -> tuple[NewWarning, NewMessage]:
    w = NewWarning(
        key, number, F1, channel, notify or number, "wangiri", 0.9, "wangiri_callback", "【反诈提醒】"
    )
    return w, NewMessage(Topic.WARNING, channel, key, {"to": w.notify, "text": w.text})


def test_stored_once_per_key_with_its_outbox_message(orgs: Store) -> None:
    assert orgs.add_warnings("op-a", [_w("k1"), _w("k2", P2)], T0) == ["k1", "k2"]
    assert orgs.add_warnings("op-a", [_w("k1"), _w("k3", P1, "guardian", G1)], T0) == ["k3"]
    assert orgs.add_warnings("op-b", [_w("k1")], T0) == ["k1"]  # keys are per organisation
    assert [w.key for w in orgs.warnings("op-a")] == ["k3", "k2", "k1"]
    queued = orgs.outbox("op-a", topic=Topic.WARNING.value)
    assert sorted(m.key for m in queued) == ["k1", "k2", "k3"]
    assert all(w.status is WarningStatus.QUEUED for w in orgs.warnings("op-a"))


def test_filters(orgs: Store) -> None:
    orgs.add_warnings("op-a", [_w("k1"), _w("k2", P2), _w("k3", P1, "guardian", G1)], T0)
    orgs.add_warnings("op-a", [_w("k4", P2, "flash_sms")], T0 + timedelta(hours=1))
    assert {w.key for w in orgs.warnings("op-a", number=P1)} == {"k1", "k3"}
    assert [w.key for w in orgs.warnings("op-a", notify=G1)] == ["k3"]
    assert [w.key for w in orgs.warnings("op-a", channel="flash_sms")] == ["k4"]
    assert [w.key for w in orgs.warnings("op-a", since=T0 + timedelta(minutes=30))] == ["k4"]
    assert {w.key for w in orgs.warnings("op-a", fraud_number=F1)} == {"k1", "k2", "k3", "k4"}
    assert [w.key for w in orgs.warnings("op-a", limit=1, offset=1)] == ["k3"]
    assert orgs.warnings("op-b") == []


def test_reports_only_move_forward(orgs: Store) -> None:
    orgs.add_warnings("op-a", [_w("k1"), _w("k2", P2)], T0)
    t1 = T0 + timedelta(seconds=5)
    assert orgs.warning_report("op-a", "k1", WarningStatus.SENT, t1, "dlr 8")
    assert orgs.warning_report("op-a", "k1", WarningStatus.DELIVERED, t1, "dlr 1")
    assert not orgs.warning_report("op-a", "k1", WarningStatus.SENT, t1)  # late "sent"
    assert not orgs.warning_report("op-a", "k1", WarningStatus.FAILED, t1)  # final stays final
    assert orgs.warning_report("op-a", "k2", WarningStatus.FAILED, t1, "dlr 16")
    assert not orgs.warning_report("op-a", "nope", WarningStatus.SENT, t1)
    assert not orgs.warning_report("op-b", "k1", WarningStatus.SENT, t1)
    by_key = {w.key: w for w in orgs.warnings("op-a")}
    assert by_key["k1"].status is WarningStatus.DELIVERED
    assert by_key["k1"].report == "dlr 1"
    assert by_key["k2"].status is WarningStatus.FAILED
    assert by_key["k1"].updated_at == t1


def test_counts_by_channel_category_and_status(orgs: Store) -> None:
    orgs.add_warnings("op-a", [_w("k1"), _w("k2", P2), _w("k3", P1, "guardian", G1)], T0)
    orgs.warning_report("op-a", "k2", WarningStatus.DELIVERED, T0)
    assert orgs.warning_counts("op-a") == [
        ("guardian", "wangiri", "queued", 1),
        ("sms", "wangiri", "delivered", 1),
        ("sms", "wangiri", "queued", 1),
    ]
    assert orgs.warning_counts("op-a", since=T0 + timedelta(days=1)) == []
