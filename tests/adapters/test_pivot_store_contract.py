"""Contract tests for the investigation pivots' reads and the queue's assignment: sightings with first
and last times, first records, SMS containing a link, the holder of a number, and alert assignment
(audited) — identical in memory, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from ringfence.domain.pivots import Sighting
from ringfence.ports.store import Store
from tests.adapters.store_data import T0, call, calls_frame, message, messages_frame, run

A, B, C = "+8613800000001", "+8613900000002", "+8617000000003"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def _placed(i: int, caller: str, imei: str | None, cell: str | None) -> dict[str, object]:
    row = call(f"c{i}", caller, "+8613700000000", T0 + timedelta(minutes=i), cell=cell)
    return {**row, "caller_imei": imei}


def test_sightings_carry_first_and_last_times(orgs: Store) -> None:
    orgs.add_calls(
        "op-a",
        calls_frame(
            [
                _placed(1, A, "35000001", "CELL-1"),
                _placed(5, A, "35000001", "CELL-1"),
                _placed(3, B, "35000001", "CELL-2"),
            ]
        ),
    )
    orgs.add_calls("op-b", calls_frame([_placed(9, C, "35000001", "CELL-1")]))  # another tenant's
    orgs.add_messages(
        "op-a", messages_frame([{**message("m1", C, A, T0 + timedelta(minutes=30)), "sender_cell": "CELL-1"}])
    )
    assert orgs.sightings("op-a", "imei", "35000001") == [
        Sighting(A, 2, T0 + timedelta(minutes=1), T0 + timedelta(minutes=5)),
        Sighting(B, 1, T0 + timedelta(minutes=3), T0 + timedelta(minutes=3)),
    ]
    assert orgs.sightings("op-a", "cell", "CELL-1") == [
        Sighting(A, 2, T0 + timedelta(minutes=1), T0 + timedelta(minutes=5)),
        Sighting(C, 1, T0 + timedelta(minutes=30), T0 + timedelta(minutes=30)),
    ]
    assert [s.number for s in orgs.sightings("op-a", "imei", "35000001", limit=1)] == [A]
    assert orgs.sightings("op-a", "cell", "nothing") == []
    with pytest.raises(ValueError, match="unknown kind"):
        orgs.sightings("op-a", "imsi", "x")


def test_first_records_of_numbers(orgs: Store) -> None:
    orgs.add_calls("op-a", calls_frame([_placed(4, A, None, None), _placed(2, A, None, None)]))
    orgs.add_messages("op-a", messages_frame([message("m1", B, A, T0 + timedelta(minutes=1))]))
    assert orgs.first_records("op-a", [A, B, C, A]) == {
        A: T0 + timedelta(minutes=2),
        B: T0 + timedelta(minutes=1),
    }
    assert orgs.first_records("op-b", [A]) == {}
    assert orgs.first_records("op-a", []) == {}


def test_messages_containing_a_link_newest_first(orgs: Store) -> None:
    texts = [
        "您的账户异常，请登录 http://Bank-Verify.cn/a 处理",
        "明天见",
        "退款请点 bank-verify.cn/b",
        "100%_off at shop.example",
    ]
    rows = [message(f"m{i}", A if i % 2 else B, C, T0 + timedelta(minutes=i)) for i in range(len(texts))]
    frame = messages_frame([{**r, "text": t} for r, t in zip(rows, texts, strict=True)])
    orgs.add_messages("op-a", frame)
    found = orgs.messages_containing("op-a", "bank-verify.cn")
    assert [m["sms_id"] for m in found] == ["m2", "m0"]  # case-insensitive (ASCII), newest first
    assert found[0]["sender"] == B
    assert found[0]["send_time"] == T0 + timedelta(minutes=2)
    assert [m["sms_id"] for m in orgs.messages_containing("op-a", "100%_off")] == ["m3"]  # no wildcards
    assert orgs.messages_containing("op-a", "%o") == []  # "%" is a character, not "anything"
    assert orgs.messages_containing("op-a", "a_c") == []
    assert orgs.messages_containing("op-a", "bank-verify.cn", limit=1)[0]["sms_id"] == "m2"
    assert orgs.messages_containing("op-b", "bank") == []


def test_alert_assignment_is_audited_per_alert_that_changed(orgs: Store) -> None:
    run(orgs, "op-a", [A, B])
    run(orgs, "op-b", [C])
    ids = sorted(d.id for d in orgs.decisions("op-a"))
    other = orgs.decisions("op-b")[0].id
    assert orgs.assign_alerts("op-a", [*ids, other], "alice", "lead", T0) == ids  # not another tenant's
    assert {d.assignee for d in orgs.decisions("op-a")} == {"alice"}
    assert orgs.decisions("op-b")[0].assignee is None
    assert orgs.assign_alerts("op-a", ids, "alice", "lead", T0) == []  # no change, no entry
    assert orgs.assign_alerts("op-a", ids[:1], None, "lead", T0 + timedelta(hours=1)) == ids[:1]
    assert orgs.decision("op-a", ids[0]).assignee is None  # type: ignore[union-attr]
    entries = orgs.audit_entries("op-a", actions=["alert.assign"])  # newest first
    assert len(entries) == 3
    assert (entries[0].target, entries[0].actor) == (f"alert#{ids[0]}", "lead")
    assert entries[0].detail == {"number": orgs.decision("op-a", ids[0]).number, "from": "alice", "to": None}  # type: ignore[union-attr]
    assert sorted(e.target for e in entries[1:]) == sorted(f"alert#{i}" for i in ids)
    assert all(e.detail["from"] is None and e.detail["to"] == "alice" for e in entries[1:])


def test_the_holder_of_a_number(orgs: Store) -> None:
    feed = pl.DataFrame({"number": [A, B], "id_hash": ["h-0000001", None]})
    orgs.add_subscribers("op-a", feed, "feed", T0)
    assert orgs.holder_of("op-a", A) == "h-0000001"
    assert orgs.holder_of("op-a", B) is None
    assert orgs.holder_of("op-b", A) is None
