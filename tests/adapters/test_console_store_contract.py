"""Contract tests for what the console's number page reads: the audit log by target and action (its
comment thread), alert judgements with a reason, and the numbers seen on a handset or in a cell —
identical in memory, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ringfence.ports.store import Store
from tests.adapters.store_data import T0, call, calls_frame, message, messages_frame, run

A, B, C = "+8613800000001", "+8613900000002", "+8617000000003"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        store.ensure_org(org, org.upper(), T0)
    return store


def test_the_audit_log_reads_by_target_and_action_newest_first(orgs: Store) -> None:
    for i, (target, action) in enumerate(
        [(A, "number.comment"), (B, "number.comment"), (A, "number.suspend"), ("alert#7", "alert.outcome")]
    ):
        orgs.audit("op-a", "alice", action, target, {"i": i}, T0 + timedelta(seconds=i))
    orgs.audit("op-b", "bob", "number.comment", A, {"i": 9}, T0)  # another tenant's
    got = orgs.audit_entries("op-a", targets=[A, "alert#7"], actions=["number.comment", "alert.outcome"])
    assert [(e.target, e.detail["i"]) for e in got] == [("alert#7", 3), (A, 0)]
    assert [e.detail["i"] for e in orgs.audit_entries("op-a", targets=[A])] == [2, 0]
    assert [e.detail["i"] for e in orgs.audit_entries("op-a", actions=["number.comment"])] == [1, 0]
    assert [e.detail["i"] for e in orgs.audit_entries("op-a", 1, targets=[A])] == [2]
    assert orgs.audit_entries("op-a", targets=["nobody"]) == []
    assert len(orgs.audit_entries("op-a")) >= 4  # no filter: everything, as before


def test_an_outcome_keeps_its_reason_in_the_audit_entry(orgs: Store) -> None:
    run(orgs, "op-a", [A])
    (d,) = orgs.decisions("op-a")
    assert orgs.set_outcome("op-a", d.id, "confirmed", "carol", T0, "called the victim: 冒充客服")
    assert orgs.set_outcome("op-a", d.id, "dismissed", "dave", T0 + timedelta(hours=1))
    (second, first) = orgs.audit_entries("op-a", 2, targets=[f"alert#{d.id}"])
    assert first.detail == {
        "number": A,
        "from": "open",
        "to": "confirmed",
        "reason": "called the victim: 冒充客服",
    }
    assert second.detail == {"number": A, "from": "confirmed", "to": "dismissed"}  # no reason: none kept


def test_numbers_seen_on_a_handset_or_in_a_cell(orgs: Store) -> None:
    def placed(i: int, caller: str, imei: str | None, cell: str | None) -> dict[str, object]:
        row = call(f"c{i}", caller, "+8613700000000", T0 + timedelta(minutes=i), cell=cell)
        return {**row, "caller_imei": imei}

    orgs.add_calls(
        "op-a",
        calls_frame(
            [
                placed(1, A, "35000001", "CELL-1"),
                placed(2, A, "35000001", "CELL-2"),
                placed(3, B, "35000001", "CELL-1"),
                placed(4, C, "35000002", "CELL-1"),
            ]
        ),
    )
    orgs.add_calls("op-b", calls_frame([placed(1, C, "35000001", "CELL-1")]))  # another tenant's
    sms = message("m1", C, A, T0 + timedelta(hours=1))
    orgs.add_messages("op-a", messages_frame([{**sms, "sender_cell": "CELL-1"}]))
    assert [(n, k) for n, k, _ in orgs.numbers_seen_on("op-a", "imei", "35000001")] == [(A, 2), (B, 1)]
    cell = orgs.numbers_seen_on("op-a", "cell", "CELL-1")
    assert [(n, k) for n, k, _ in cell] == [(C, 2), (A, 1), (B, 1)]  # the SMS counts for a cell
    assert cell[0][2] == T0 + timedelta(hours=1)  # last seen
    assert orgs.numbers_seen_on("op-a", "imei", "35000001", limit=1)[0][0] == A
    assert orgs.numbers_seen_on("op-a", "imei", "nothing") == []
