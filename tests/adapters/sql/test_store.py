"""Contract tests: every behaviour of the store, identical on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import polars as pl
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ringfence.adapters.sql import SqlStore
from ringfence.domain.decisions import Decision, Hit, RunInfo, Typology, Verdict
from ringfence.domain.disposition import Action, Disposition, apply
from ringfence.domain.sla import Sla
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.validate import canonical_schema

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
CST = timezone(timedelta(hours=8))


def _calls(n: int, start: int = 0, caller: str = "+8613800000001") -> pl.DataFrame:
    rows = [
        {
            "call_id": f"c{i:06d}",
            "caller": caller if i % 2 == 0 else f"+86139{i:08d}",
            "callee": f"+86137{i:08d}" if i % 2 == 0 else caller,
            "start_time": T0 + timedelta(minutes=i),
            "duration_s": i % 90,
            "origin": "intra",
            "caller_imei": None,
            "caller_imsi": None,
            "caller_cell": "CD-0001",
            "caller_region": None,
            "call_type": "moc",
        }
        for i in range(start, start + n)
    ]
    return pl.DataFrame(rows, schema=canonical_schema(CALLS))


def _messages(n: int) -> pl.DataFrame:
    rows = [
        {
            "sms_id": f"m{i:06d}",
            "sender": "1069000123",
            "receiver": "+8613800000001",
            "send_time": T0 + timedelta(minutes=i, seconds=30),
            "text": f"您的验证码 {i}，点击 http://x.cn",
            "origin": "intra",
            "sender_cell": None,
        }
        for i in range(n)
    ]
    return pl.DataFrame(rows, schema=canonical_schema(MESSAGES))


def _run(store: SqlStore, org: str, numbers: list[str]) -> int:
    decisions = [
        Decision(
            n,
            0.5 + i / 10,
            Verdict.BLOCK if i == 0 else Verdict.WARN,
            ("R1", "R2"),
            T0,
            T0 + timedelta(hours=i),
            Typology.DIALER,
        )
        for i, n in enumerate(numbers)
    ]
    hits = [
        Hit(n, "R1", T0 + timedelta(hours=1), 0.5, {"calls_10m": 14, "short_share": 0.8}) for n in numbers
    ]
    info = RunInfo("default", "7", T0, T0 + timedelta(minutes=3), {"calls": 10})
    kinds = dict.fromkeys(numbers, "mobile")
    return store.add_run(org, info, decisions, hits, kinds, "run-dir", "tester", T0)


@pytest.fixture
def orgs(store: SqlStore) -> SqlStore:
    for org in ("op-a", "op-b"):
        assert store.ensure_org(org, org.upper(), T0)
    assert not store.ensure_org("op-a", "again", T0)
    return store


def test_records_are_stored_once_per_org_and_read_back_in_canonical_types(orgs: SqlStore) -> None:
    store = orgs
    assert store.add_calls("op-a", _calls(30)) == (30, 0)
    assert store.add_calls("op-a", _calls(20, start=20)) == (10, 10)  # 20..29 stored already
    assert store.add_calls("op-b", _calls(5)) == (5, 0)  # ids are per organisation
    assert store.add_messages("op-a", _messages(4)) == (4, 0)
    assert store.record_counts("op-a") == {"calls": 40, "messages": 4, "quarantined": 0}
    window = store.calls_between("op-a", T0 + timedelta(minutes=10), T0 + timedelta(minutes=15))
    assert window["call_id"].to_list() == ["c000010", "c000011", "c000012", "c000013", "c000014"]
    assert window.schema == pl.Schema(canonical_schema(CALLS))
    assert window["start_time"][0] == T0 + timedelta(minutes=10)
    assert store.messages_between("op-a", T0, T0 + timedelta(days=1)).height == 4


def test_timeline_reads_both_directions_newest_first(orgs: SqlStore) -> None:
    orgs.add_calls("op-a", _calls(10))
    calls = orgs.calls_of("op-a", "+8613800000001", limit=5)
    assert [c["call_id"] for c in calls] == ["c000009", "c000008", "c000007", "c000006", "c000005"]
    assert calls[0]["start_time"] == T0 + timedelta(minutes=9)
    assert orgs.calls_of("op-b", "+8613800000001") == []  # another tenant sees nothing
    orgs.add_messages("op-a", _messages(3))
    assert len(orgs.messages_of("op-a", "+8613800000001")) == 3


def test_runs_decisions_hits_and_outcomes(orgs: SqlStore) -> None:
    run_id = _run(orgs, "op-a", ["+8613800000001", "+8617000000002"])
    assert orgs.runs("op-a")[0]["id"] == run_id
    ds = orgs.decisions("op-a")
    assert [d.number for d in ds] == ["+8617000000002", "+8613800000001"]  # highest score first
    assert ds[0].rules == ("R1", "R2")
    assert ds[1].detected_at == T0
    assert ds[1].detected_at.tzinfo is not None
    assert orgs.decisions("op-b") == []
    assert orgs.decision("op-b", ds[0].id) is None  # tenancy on lookups by id too
    assert orgs.set_outcome("op-a", ds[0].id, "confirmed", "alice", T0)
    assert not orgs.set_outcome("op-b", ds[0].id, "dismissed", "mallory", T0)
    assert [d.number for d in orgs.decisions("op-a", outcome="confirmed")] == ["+8617000000002"]
    hits = orgs.hits_of("op-a", "+8613800000001")
    assert hits[0].evidence == {"calls_10m": 14, "short_share": 0.8}
    assert orgs.rule_counts("op-a") == [("R1", 2), ("R2", 2)]


def test_list_sharing_and_fraud_reports(orgs: SqlStore) -> None:
    private = orgs.add_entry("op-a", "blacklist", "number", "+8613800000001", "", "private", "", "a", T0)
    shared = orgs.add_entry("op-a", "blacklist", "number", "+8613800000002", "", "shared", "", "a", T0)
    assert (
        orgs.add_entry("op-a", "blacklist", "number", "+8613800000001", "", "private", "", "a", T0) == private
    )
    assert {e.id for e in orgs.entries("op-a", "blacklist")} == {private, shared}
    assert [e.id for e in orgs.entries("op-b", "blacklist")] == [shared]
    assert [e.id for e in orgs.entries("op-b", value="+8613800000002")] == [shared]
    assert not orgs.remove_entry("op-b", shared, "b", T0)  # only the owner removes
    assert orgs.remove_entry("op-a", shared, "a", T0)
    assert orgs.entries("op-b") == []
    orgs.add_fraud_report("op-a", "url", "http://x.cn", "phishing", "", "a", T0)
    orgs.add_fraud_report("op-b", "url", "http://x.cn", "phishing", "", "b", T0)
    assert orgs.fraud_report_count("url", "http://x.cn") == 2


def test_cases_actions_and_the_audit_log(orgs: SqlStore) -> None:
    case_id = orgs.open_case("op-a", "+8613800000001", "trace", "", "alice", T0)
    before = Disposition("op-a", "+8613800000001")
    after, step = apply(before, Action.SUSPEND, T0 + timedelta(seconds=1), "alice", Sla(), "confirmed dialer")
    orgs.commit_transitions(before, after, [step], [])
    assert orgs.cases("op-a", "+8613800000001")[0].id == case_id
    assert orgs.cases("op-b") == []
    assert orgs.actions("op-b") == []
    assert [(a.action, a.note, a.actor) for a in orgs.actions("op-a")] == [
        ("suspend", "confirmed dialer", "alice")
    ]
    log = orgs.audit_entries("op-a")
    assert [e.action for e in log][:2] == ["number.suspend", "case.open"]
    assert log[0].detail["reason"] == "confirmed dialer"
    assert (log[0].detail["from"], log[0].detail["to"]) == ("active", "suspended")
    assert all(e.org == "op-a" for e in log)


def test_keys_are_found_by_lookup_and_revoked(orgs: SqlStore) -> None:
    key_id = orgs.add_key("op-a", "svc", "partner", "AbCdEfGh", "f" * 64, T0)
    found = orgs.key_by_lookup("AbCdEfGh")
    assert found is not None
    assert found.id == key_id
    assert found.role == "partner"
    assert orgs.revoke_key(key_id, "admin", T0)
    assert not orgs.revoke_key(key_id, "admin", T0)
    revoked = orgs.key_by_id(key_id)
    assert revoked is not None
    assert revoked.revoked_at == T0


def test_the_audit_log_is_append_only_in_the_database(orgs: SqlStore) -> None:
    orgs.audit("op-a", "alice", "test", "x", {"k": 1}, T0)
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), orgs.engine.begin() as conn:
            conn.execute(text(statement))
    assert orgs.audit_entries("op-a")[0].actor == "alice"


def test_times_keep_their_instant_whatever_the_offset(orgs: SqlStore) -> None:
    local = datetime(2026, 11, 2, 8, 0, tzinfo=CST)  # = T0 in UTC
    orgs.audit("op-a", "alice", "tz", "x", {}, local)
    assert orgs.audit_entries("op-a")[0].at == T0


def test_lookups_by_digest_prefix(orgs: SqlStore) -> None:
    from ringfence.domain.digests import digest

    number = "+8613800000001"
    d = digest(number)
    orgs.add_entry("op-a", "blacklist", "number", number, "", "shared", "", "a", T0)
    orgs.add_entry("op-a", "tag", "number", number, "loan", "private", "", "a", T0)
    _run(orgs, "op-a", [number])
    assert [(x, e.list_name) for x, e in orgs.entries_by_digest("op-b", d[:5])] == [(d, "blacklist")]
    assert len(orgs.entries_by_digest("op-a", d[:5])) == 2
    assert [x for x, _ in orgs.decisions_by_digest("op-a", d[:6])] == [d]
    assert orgs.decisions_by_digest("op-b", d[:6]) == []
    assert orgs.entries_by_digest("op-a", "fffff" if not d.startswith("fffff") else "00000") == []
