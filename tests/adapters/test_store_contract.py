"""Contract tests: every behaviour of a ``Store``, identical in memory, on SQLite and on PostgreSQL.

The ``store`` fixture (tests/conftest.py) runs each test once per backend, so a behaviour pinned here
is the behaviour of all of them; what only a database has (triggers, migrations) is in tests/adapters/sql.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import polars as pl
import pytest

from ringfence.domain.decisions import Decision, Hit, RunInfo, Verdict
from ringfence.domain.digests import digest
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.validate import canonical_schema
from ringfence.ports.store import Store
from tests.adapters.store_data import (
    NAIVE,
    REFUSED,
    T0,
    call,
    calls,
    calls_frame,
    dispose,
    message,
    messages,
    messages_frame,
    run,
)

CST = timezone(timedelta(hours=8))
A = "+8613800000001"


@pytest.fixture
def orgs(store: Store) -> Store:
    for org in ("op-a", "op-b"):
        assert store.ensure_org(org, org.upper(), T0)
    assert not store.ensure_org("op-a", "again", T0)
    return store


def _audit(store: Store, org: str) -> list[tuple[str, str, str, dict[str, object]]]:
    """The organisation's audit log, oldest first, as (actor, action, target, detail)."""
    return [(e.actor, e.action, e.target, e.detail) for e in reversed(store.audit_entries(org))]


# records ------------------------------------------------------------------------------------------------
def test_records_are_stored_once_per_org_and_read_back_in_canonical_types(orgs: Store) -> None:
    store = orgs
    assert store.add_calls("op-a", calls(30)) == (30, 0)
    assert store.add_calls("op-a", calls(20, start=20)) == (10, 10)  # 20..29 stored already
    assert store.add_calls("op-b", calls(5)) == (5, 0)  # ids are per organisation
    assert store.add_messages("op-a", messages(4)) == (4, 0)
    assert store.record_counts("op-a") == {"calls": 40, "messages": 4, "quarantined": 0}
    window = store.calls_between("op-a", T0 + timedelta(minutes=10), T0 + timedelta(minutes=15))
    assert window["call_id"].to_list() == ["c000010", "c000011", "c000012", "c000013", "c000014"]
    assert window.schema == pl.Schema(canonical_schema(CALLS))
    assert window["start_time"][0] == T0 + timedelta(minutes=10)
    assert store.messages_between("op-a", T0, T0 + timedelta(days=1)).height == 4


def test_a_frame_is_read_back_value_for_value(orgs: Store) -> None:
    sent = calls(12)
    orgs.add_calls("op-a", sent)
    assert orgs.calls_between("op-a", T0, T0 + timedelta(days=1)).equals(sent)
    texts = messages(3)
    orgs.add_messages("op-a", texts)
    got = orgs.messages_between("op-a", T0, T0 + timedelta(days=1))
    assert got.schema == pl.Schema(canonical_schema(MESSAGES))
    assert got.equals(texts)


def test_duplicates_within_one_frame_keep_the_first_and_are_not_counted(orgs: Store) -> None:
    first = call("c1", A, "+8613900000002", T0, 10)
    again = call("c1", A, "+8613900000003", T0 + timedelta(hours=1), 99)
    assert orgs.add_calls("op-a", calls_frame([first, again, call("c2", A, "+861", T0)])) == (2, 0)
    got = orgs.calls_between("op-a", T0, T0 + timedelta(days=1))
    assert got.filter(pl.col("call_id") == "c1")["callee"].to_list() == ["+8613900000002"]
    # a later frame repeating a stored id twice counts it once as a duplicate
    assert orgs.add_calls("op-a", calls_frame([again, again])) == (0, 1)


def test_absent_optional_columns_are_stored_empty_and_extra_columns_ignored(orgs: Store) -> None:
    frame = pl.DataFrame(
        {
            "extra": ["x"],
            "duration_s": [5],
            "call_id": ["c1"],
            "caller": [A],
            "callee": ["+8613900000002"],
            "start_time": [T0],
        },
        schema_overrides={"start_time": pl.Datetime("us", "UTC")},
    )
    assert orgs.add_calls("op-a", frame) == (1, 0)
    got = orgs.calls_between("op-a", T0, T0 + timedelta(seconds=1))
    assert got.columns == list(CALLS.names)
    assert got.row(0, named=True) == call("c1", A, "+8613900000002", T0, 5) | {
        "origin": None,
        "call_type": None,
    }


@pytest.mark.parametrize("blank", ["caller", "start_time", "call_id"])
def test_records_missing_a_required_value_are_refused_whole(orgs: Store, blank: str) -> None:
    """A database column is NOT NULL: no store keeps part of the frame or counts rows it did not keep."""
    good = call("c1", A, "+8613900000002", T0)
    frame = calls_frame([good, call("c2", A, "+8613900000003", T0) | {blank: None}])
    with pytest.raises(ValueError, match=blank):
        orgs.add_calls("op-a", frame)
    with pytest.raises(ValueError, match="callee"):
        orgs.add_calls("op-a", calls_frame([good]).drop("callee"))
    assert orgs.record_counts("op-a")["calls"] == 0


def test_the_window_includes_its_start_excludes_its_end_and_orders_by_time_then_id(orgs: Store) -> None:
    rows = [
        call("c-b", A, "+862", T0),
        call("c-a", A, "+862", T0),
        call("c-0", A, "+862", T0 - timedelta(microseconds=1)),
        call("c-z", A, "+862", T0 + timedelta(hours=1)),  # = end: excluded
        call("C-1", A, "+862", T0 + timedelta(minutes=59, seconds=59, microseconds=999_999)),
    ]
    orgs.add_calls("op-a", calls_frame(rows))
    got = orgs.calls_between("op-a", T0.astimezone(CST), T0 + timedelta(hours=1))
    assert got["call_id"].to_list() == ["c-a", "c-b", "C-1"]
    assert orgs.calls_between("op-b", T0, T0 + timedelta(hours=1)).height == 0
    empty = orgs.calls_between("op-a", T0 + timedelta(hours=1), T0)
    assert empty.height == 0
    assert empty.schema == pl.Schema(canonical_schema(CALLS))
    assert orgs.messages_between("nobody", T0, T0 + timedelta(days=1)).schema == pl.Schema(
        canonical_schema(MESSAGES)
    )


def test_timeline_reads_both_directions_newest_first(orgs: Store) -> None:
    orgs.add_calls("op-a", calls(10))
    got = orgs.calls_of("op-a", A, limit=5)
    assert [c["call_id"] for c in got] == ["c000009", "c000008", "c000007", "c000006", "c000005"]
    assert got[0]["start_time"] == T0 + timedelta(minutes=9)
    assert orgs.calls_of("op-b", A) == []  # another tenant sees nothing
    orgs.add_messages("op-a", messages(3))
    assert len(orgs.messages_of("op-a", A)) == 3


def test_timeline_rows_are_whole_records_with_their_org(orgs: Store) -> None:
    orgs.add_calls("op-a", calls_frame([call("c1", A, A, T0, 7, "CD-9")]))  # both sides: listed once
    assert orgs.calls_of("op-a", A) == [{"org_id": "op-a", **call("c1", A, A, T0, 7, "CD-9")}]
    orgs.add_messages("op-a", messages_frame([message("m1", "95588", A, T0, "hi")]))
    assert orgs.messages_of("op-a", "95588") == [{"org_id": "op-a", **message("m1", "95588", A, T0, "hi")}]
    assert orgs.calls_of("op-a", A)[0]["start_time"].tzinfo is UTC


def test_timeline_ties_in_time_put_the_greater_id_first_whatever_the_insert_order(orgs: Store) -> None:
    """Regression: SqlStore ordered each side by time only, so a limit cut ties at random."""
    rows = [call(f"c{i}", A if i % 2 else "+862", "+862" if i % 2 else A, T0) for i in (5, 4, 3, 2, 1)]
    for row in rows:  # one upload each, greatest id first
        orgs.add_calls("op-a", calls_frame([row]))
    assert [c["call_id"] for c in orgs.calls_of("op-a", A, limit=2)] == ["c5", "c4"]
    assert [c["call_id"] for c in orgs.calls_of("op-a", A, limit=3)] == ["c5", "c4", "c3"]
    assert [c["call_id"] for c in orgs.calls_of("op-a", A, limit=0)] == []


def test_quarantined_rows_are_counted_per_org(orgs: Store) -> None:
    rows = [(2, "bad time", "c1,x"), (3, "no caller", "c2,,")]
    assert orgs.add_quarantine("op-a", "calls", "upload.csv", iter(rows), T0) == 2
    assert orgs.add_quarantine("op-a", "calls", "upload.csv", [], T0) == 0
    assert orgs.add_quarantine("nobody", "calls", "upload.csv", [], T0) == 0  # nothing to refuse
    assert orgs.record_counts("op-a") == {"calls": 0, "messages": 0, "quarantined": 2}
    assert orgs.record_counts("op-b") == {"calls": 0, "messages": 0, "quarantined": 0}
    assert orgs.add_calls("nobody", calls(0)) == (0, 0)


# runs, decisions, hits ------------------------------------------------------------------------------------
def test_runs_decisions_hits_and_outcomes(orgs: Store) -> None:
    run_id = run(orgs, "op-a", [A, "+8617000000002"])
    assert orgs.runs("op-a")[0]["id"] == run_id
    ds = orgs.decisions("op-a")
    assert [d.number for d in ds] == ["+8617000000002", A]  # highest score first
    assert ds[0].rules == ("R1", "R2")
    assert ds[1].detected_at == T0
    assert ds[1].detected_at.tzinfo is not None
    assert orgs.decisions("op-b") == []
    assert orgs.decision("op-b", ds[0].id) is None  # tenancy on lookups by id too
    assert orgs.set_outcome("op-a", ds[0].id, "confirmed", "alice", T0)
    assert not orgs.set_outcome("op-b", ds[0].id, "dismissed", "mallory", T0)
    assert [d.number for d in orgs.decisions("op-a", outcome="confirmed")] == ["+8617000000002"]
    hits = orgs.hits_of("op-a", A)
    assert hits[0].evidence == {"calls_10m": 14, "short_share": 0.8}
    assert orgs.rule_counts("op-a") == [("R1", 2), ("R2", 2)]


def _decision(number: str, score: float, detected: datetime, typology: str = "dialer") -> Decision:
    return Decision(number, score, Verdict.WARN, ("R1",), T0, detected, typology)


def test_a_run_is_stored_as_given(orgs: Store) -> None:
    info = RunInfo(
        "strict",
        "v2",
        T0.astimezone(CST),
        None,
        {"calls": 7, "messages": 3},
        ("calls.csv", "短信.csv"),
        "policy text",
        "rules text",
    )
    d = Decision("+8613900000009", 0.75, Verdict.BLOCK, ("A", "", "B"), T0, T0, "sim_farm")
    run_id = orgs.add_run("op-a", info, [d], [], {}, "src", "bot", T0 + timedelta(minutes=1))
    assert orgs.runs("op-a") == [
        {
            "id": run_id,
            "org_id": "op-a",
            "policy_name": "strict",
            "policy_version": "v2",
            "started_at": T0,
            "finished_at": None,
            "loaded_at": T0 + timedelta(minutes=1),
            "records_calls": 7,
            "records_messages": 3,
            "source": "src",
            "inputs": '["calls.csv", "短信.csv"]',
            "policy_text": "policy text",
            "rules_text": "rules text",
        }
    ]
    (stored,) = orgs.decisions("op-a")
    assert (stored.org, stored.run_id, stored.number_kind, stored.verdict) == (
        "op-a",
        run_id,
        "irregular",
        "block",
    )
    assert (stored.score, stored.rules, stored.typology, stored.outcome) == (
        0.75,
        ("A", "B"),
        "sim_farm",
        "open",
    )
    assert (stored.outcome_by, stored.outcome_at) == (None, None)
    assert orgs.decision("op-a", stored.id) == stored
    assert orgs.runs("op-b") == []


def test_decisions_order_by_score_then_newest_then_id_and_page(orgs: Store) -> None:
    later = T0 + timedelta(hours=1)
    ds = [
        _decision("+861", 0.5, T0),
        _decision("+862", 0.9, T0),
        _decision("+863", 0.5, later),
        _decision("+864", 0.5, T0, "wangiri"),
        _decision("+861", 0.7, T0),
    ]
    info = RunInfo("p", "1", None, None)
    orgs.add_run("op-a", info, ds, [], {}, "s", "t", T0)
    assert [d.number for d in orgs.decisions("op-a")] == ["+862", "+861", "+863", "+861", "+864"]
    assert [d.number for d in orgs.decisions("op-a", limit=2, offset=1)] == ["+861", "+863"]
    assert [d.number for d in orgs.decisions("op-a", offset=4)] == ["+864"]
    assert [d.score for d in orgs.decisions("op-a", number="+861")] == [0.7, 0.5]
    assert [d.number for d in orgs.decisions("op-a", typology="wangiri")] == ["+864"]
    assert orgs.decisions("op-a", outcome="", typology="", number="") == orgs.decisions("op-a")  # "" = any
    assert orgs.decisions("op-a", outcome="confirmed") == []


def test_an_outcome_records_who_and_when_and_is_audited(orgs: Store) -> None:
    run(orgs, "op-a", [A])
    (d,) = orgs.decisions("op-a")
    assert orgs.set_outcome("op-a", d.id, "dismissed", "bob", T0.astimezone(CST))
    assert orgs.set_outcome("op-a", d.id, "confirmed", "carol", T0 + timedelta(hours=2))
    assert not orgs.set_outcome("op-a", d.id + 100, "confirmed", "carol", T0)
    got = orgs.decision("op-a", d.id)
    assert got is not None
    assert (got.outcome, got.outcome_by, got.outcome_at) == ("confirmed", "carol", T0 + timedelta(hours=2))
    assert _audit(orgs, "op-a")[-2:] == [
        ("bob", "alert.outcome", f"alert#{d.id}", {"number": A, "from": "open", "to": "dismissed"}),
        ("carol", "alert.outcome", f"alert#{d.id}", {"number": A, "from": "dismissed", "to": "confirmed"}),
    ]


def test_hits_come_in_event_time_then_insert_order(orgs: Store) -> None:
    info = RunInfo("p", "1", None, None)
    hits = [
        Hit(A, "late", T0 + timedelta(hours=1), 1, {"b": [1, 2], "a": None}),
        Hit(A, "first", T0, 0.25, {}),
        Hit(A, "second", T0, 0.5, {"n": "短"}),
        Hit("+862", "other", T0, 0.5, {}),
    ]
    orgs.add_run("op-a", info, [], hits, {}, "s", "t", T0)
    got = orgs.hits_of("op-a", A)
    assert [(h.rule, h.weight, h.evidence) for h in got] == [
        ("first", 0.25, {}),
        ("second", 0.5, {"n": "短"}),
        ("late", 1.0, {"a": None, "b": [1, 2]}),
    ]
    assert all(h.event_time.tzinfo is UTC for h in got)
    assert orgs.hits_of("op-b", A) == []


def test_rule_counts_break_ties_by_the_rule_first_stored(orgs: Store) -> None:
    """Regression: SqlStore counted rows in whatever order the plan gave (its outcome index), so an
    analyst's outcome reordered tied rules."""
    info = RunInfo("p", "1", None, None)
    ds = [
        Decision("+861", 0.5, Verdict.WARN, ("B", "D"), T0, T0, "dialer"),
        Decision("+862", 0.5, Verdict.WARN, ("C", "D"), T0, T0, "dialer"),
        Decision("+863", 0.5, Verdict.WARN, ("A",), T0, T0, "dialer"),
    ]
    orgs.add_run("op-a", info, ds, [], {}, "s", "t", T0)
    last = orgs.decisions("op-a", number="+863")[0]
    assert orgs.set_outcome("op-a", last.id, "confirmed", "alice", T0)
    assert orgs.rule_counts("op-a") == [("D", 2), ("B", 1), ("C", 1), ("A", 1)]
    assert orgs.rule_counts("op-a", limit=2) == [("D", 2), ("B", 1)]
    assert orgs.rule_counts("op-b") == []


# lists and reports ----------------------------------------------------------------------------------------
def test_list_sharing_and_fraud_reports(orgs: Store) -> None:
    private = orgs.add_entry("op-a", "blacklist", "number", A, "", "private", "", "a", T0)
    shared = orgs.add_entry("op-a", "blacklist", "number", "+8613800000002", "", "shared", "", "a", T0)
    assert orgs.add_entry("op-a", "blacklist", "number", A, "", "private", "", "a", T0) == private
    assert {e.id for e in orgs.entries("op-a", "blacklist")} == {private, shared}
    assert [e.id for e in orgs.entries("op-b", "blacklist")] == [shared]
    assert [e.id for e in orgs.entries("op-b", value="+8613800000002")] == [shared]
    assert not orgs.remove_entry("op-b", shared, "b", T0)  # only the owner removes
    assert orgs.remove_entry("op-a", shared, "a", T0)
    assert orgs.entries("op-b") == []
    orgs.add_fraud_report("op-a", "url", "http://x.cn", "phishing", "", "a", T0)
    orgs.add_fraud_report("op-b", "url", "http://x.cn", "phishing", "", "b", T0)
    assert orgs.fraud_report_count("url", "http://x.cn") == 2


def test_entries_newest_first_filtered_and_idempotent_without_a_second_audit(orgs: Store) -> None:
    e1 = orgs.add_entry("op-a", "blacklist", "number", A, "", "private", "r1", "alice", T0)
    e2 = orgs.add_entry("op-a", "tag", "number", A, "loan", "shared", "", "alice", T0)
    e3 = orgs.add_entry(
        "op-a", "blacklist", "url", "http://x.cn", "", "private", "", "bob", T0 - timedelta(days=1)
    )
    e4 = orgs.add_entry("op-b", "tag", "number", A, "loan", "shared", "", "carl", T0 + timedelta(seconds=1))
    # the same entry again: its first id, first sharing and reason kept, nothing audited
    audited = len(orgs.audit_entries("op-a"))
    assert orgs.add_entry("op-a", "blacklist", "number", A, "", "shared", "other", "zed", T0) == e1
    assert len(orgs.audit_entries("op-a")) == audited
    assert [e.id for e in orgs.entries("op-a")] == [e4, e2, e1, e3]
    assert [e.id for e in orgs.entries("op-b")] == [e4, e2]
    assert [e.id for e in orgs.entries("op-a", kind="url")] == [e3]
    assert [e.id for e in orgs.entries("op-a", "tag", "number", A)] == [e4, e2]
    assert [e.id for e in orgs.entries("op-a", "", "", A)] == [e4, e2, e1]  # "" list/kind = any
    assert orgs.entries("op-a", value="") == []  # but "" is a value like any other
    (got,) = [e for e in orgs.entries("op-a") if e.id == e1]
    assert (got.org, got.list_name, got.kind, got.value, got.label) == ("op-a", "blacklist", "number", A, "")
    assert (got.sharing, got.reason, got.created_by, got.created_at) == ("private", "r1", "alice", T0)
    assert got.created_at.tzinfo is UTC


def test_a_removed_entry_is_gone_and_can_be_added_again(orgs: Store) -> None:
    first = orgs.add_entry("op-a", "blacklist", "number", A, "", "private", "", "a", T0)
    assert orgs.remove_entry("op-a", first, "a", T0)
    assert not orgs.remove_entry("op-a", first, "a", T0)
    again = orgs.add_entry("op-a", "blacklist", "number", A, "", "shared", "", "a", T0)
    assert [(e.id, e.sharing) for e in orgs.entries("op-a")] == [(again, "shared")]
    assert [a for _, a, _, _ in _audit(orgs, "op-a")][-3:] == ["list.add", "list.remove", "list.add"]


def test_ids_are_never_given_out_twice(orgs: Store) -> None:
    """A removed entry's id must not name a new entry: a client holding it would remove the wrong one."""
    old = orgs.add_entry("op-a", "blacklist", "number", A, "", "private", "", "a", T0)
    orgs.remove_entry("op-a", old, "a", T0)
    new = orgs.add_entry("op-a", "blacklist", "number", "+8613900000009", "", "private", "", "a", T0)
    assert new > old


def test_fraud_reports_count_every_org_per_kind_and_value(orgs: Store) -> None:
    for org, kind, value in [("op-a", "number", A), ("op-b", "number", A), ("op-a", "url", A)]:
        orgs.add_fraud_report(org, kind, value, "scam", "seen twice", f"{org}-analyst", T0)
    assert orgs.fraud_report_count("number", A) == 2
    assert orgs.fraud_report_count("url", A) == 1
    assert orgs.fraud_report_count("number", "+862") == 0
    assert _audit(orgs, "op-b")[-1] == ("op-b-analyst", "report.fraud", f"number:{A}", {"category": "scam"})


def test_lookups_by_digest_prefix(orgs: Store) -> None:
    number = A
    d = digest(number)
    orgs.add_entry("op-a", "blacklist", "number", number, "", "shared", "", "a", T0)
    orgs.add_entry("op-a", "tag", "number", number, "loan", "private", "", "a", T0)
    run(orgs, "op-a", [number])
    assert [(x, e.list_name) for x, e in orgs.entries_by_digest("op-b", d[:5])] == [(d, "blacklist")]
    assert len(orgs.entries_by_digest("op-a", d[:5])) == 2
    assert [x for x, _ in orgs.decisions_by_digest("op-a", d[:6])] == [d]
    assert orgs.decisions_by_digest("op-b", d[:6]) == []
    assert orgs.entries_by_digest("op-a", "fffff" if not d.startswith("fffff") else "00000") == []


def test_digest_lookups_order_by_digest_then_id_and_match_whole_digests(orgs: Store) -> None:
    values = [f"+86138000000{i:02d}" for i in range(40)]
    for v in values:
        orgs.add_entry("op-a", "blacklist", "number", v, "", "private", "", "a", T0)
        orgs.add_entry("op-a", "tag", "number", v, "x", "private", "", "a", T0)
    run(orgs, "op-a", values[:10])
    run(orgs, "op-a", values[:3])
    for prefix in ("", digest(values[0])[:1], digest(values[7]), digest(values[7]) + "0"):
        entries = orgs.entries_by_digest("op-a", prefix)
        assert [(x, e.id) for x, e in entries] == sorted(
            (digest(e.value), e.id) for e in orgs.entries("op-a") if digest(e.value).startswith(prefix)
        )
        found = orgs.decisions_by_digest("op-a", prefix)
        assert [(x, d.id) for x, d in found] == sorted(
            (digest(d.number), d.id) for d in orgs.decisions("op-a") if digest(d.number).startswith(prefix)
        )
    assert len(orgs.entries_by_digest("op-a", digest(values[7]))) == 2
    assert len(orgs.decisions_by_digest("op-a", digest(values[2]))) == 2


# cases, actions, keys, audit -------------------------------------------------------------------------------
def test_cases_actions_and_the_audit_log(orgs: Store) -> None:
    case_id = orgs.open_case("op-a", A, "trace", "", "alice", T0)
    dispose(orgs, "op-a", A, "suspend", "confirmed dialer", "alice", T0 + timedelta(seconds=1))
    assert orgs.cases("op-a", A)[0].id == case_id
    assert orgs.cases("op-b") == []
    assert orgs.actions("op-b") == []
    assert orgs.actions("op-a")[0].action == "suspend"
    log = orgs.audit_entries("op-a")
    assert [e.action for e in log][:2] == ["number.suspend", "case.open"]
    assert log[0].detail == {
        "history_id": 1,
        "version": 1,
        "from": "active",
        "to": "suspended",
        "reason": "confirmed dialer",
        "evidence": {"alerts": [], "rules": [], "note": ""},
        "grade": "medium",
        "deadline": (T0 + timedelta(seconds=1, hours=72)).isoformat(),
    }
    assert all(e.org == "op-a" for e in log)


def test_cases_and_actions_newest_first_by_number(orgs: Store) -> None:
    c1 = orgs.open_case("op-a", A, "one", "n1", "alice", T0 + timedelta(days=1))
    c2 = orgs.open_case("op-a", "+862", "two", "", "bob", T0)
    c3 = orgs.open_case("op-a", A, "three", "", "bob", T0)
    assert [c.id for c in orgs.cases("op-a")] == [c3, c2, c1]  # by id, not by time
    assert [c.id for c in orgs.cases("op-a", A)] == [c3, c1]
    assert [c.id for c in orgs.cases("op-a", "")] == [c3, c2, c1]
    got = orgs.cases("op-a", A)[1]
    assert (got.org, got.number, got.title, got.status, got.note, got.opened_by) == (
        "op-a",
        A,
        "one",
        "open",
        "n1",
        "alice",
    )
    assert got.opened_at == T0 + timedelta(days=1)
    a1 = dispose(orgs, "op-a", A, "label", "", "alice", T0)
    a2 = dispose(orgs, "op-a", "+862", "restrict", "why", "bob", T0)
    assert [a.id for a in orgs.actions("op-a")] == [a2, a1]
    assert [(a.id, a.number, a.action, a.note, a.actor, a.at) for a in orgs.actions("op-a", "+862")] == [
        (a2, "+862", "restrict", "why", "bob", T0)
    ]
    assert [(actor, action, target) for actor, action, target, _ in _audit(orgs, "op-a")[-2:]] == [
        ("alice", "number.label", A),
        ("bob", "number.restrict", "+862"),
    ]


def test_keys_are_found_by_lookup_and_revoked(orgs: Store) -> None:
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


def test_keys_list_per_org_in_id_order_and_a_lookup_is_unique(orgs: Store) -> None:
    k1 = orgs.add_key("op-b", "one", "admin", "L1", "a" * 64, T0)
    k2 = orgs.add_key("op-a", "two", "analyst", "L2", "b" * 64, T0.astimezone(CST))
    k3 = orgs.add_key("op-b", "three", "partner", "L3", "c" * 64, T0)
    assert [k.id for k in orgs.keys(org=None)] == [k1, k2, k3]
    assert [k.id for k in orgs.keys("op-b")] == [k1, k3]
    assert orgs.keys("nobody") == []
    got = orgs.key_by_id(k2)
    assert got is not None
    assert (got.org, got.name, got.role, got.key_hash, got.created_at, got.revoked_at) == (
        "op-a",
        "two",
        "analyst",
        "b" * 64,
        T0,
        None,
    )
    assert got.created_at.tzinfo is UTC
    assert orgs.key_by_lookup("nope") is None
    assert orgs.key_by_id(k3 + 100) is None
    assert not orgs.revoke_key(k3 + 100, "admin", T0)
    with pytest.raises(REFUSED):
        orgs.add_key("op-a", "dup", "admin", "L1", "d" * 64, T0)
    assert [k.id for k in orgs.keys(org=None)] == [k1, k2, k3]
    assert orgs.revoke_key(k1, "root", T0)
    assert _audit(orgs, "op-b")[-1] == ("root", "key.revoke", f"key#{k1}", {"name": "one"})
    assert ("system", "key.create", f"key#{k2}", {"name": "two", "role": "analyst"}) in _audit(orgs, "op-a")


def test_organisations_are_created_once_and_audited(store: Store) -> None:
    assert not store.org_exists("op-a")
    assert store.ensure_org("op-a", "Operator A", T0)
    assert not store.ensure_org("op-a", "renamed", T0)
    assert store.org_exists("op-a")
    assert _audit(store, "op-a") == [("system", "org.create", "op-a", {"name": "Operator A"})]


def test_the_audit_log_is_newest_first_per_org_and_limited(orgs: Store) -> None:
    for i in range(5):
        orgs.audit("op-a", "alice", f"test.{i}", "x", {"i": i}, T0 + timedelta(seconds=i))
    orgs.audit("elsewhere", "bob", "test", "y", {}, T0)  # an audit entry needs no organisation row
    got = orgs.audit_entries("op-a", limit=3)
    assert [e.action for e in got] == ["test.4", "test.3", "test.2"]
    assert got[0].id > got[1].id > got[2].id
    assert got[0].at == T0 + timedelta(seconds=4)
    assert [e.action for e in orgs.audit_entries("elsewhere")] == ["test"]
    assert orgs.audit_entries("op-a", limit=0) == []


def test_audit_details_read_back_as_json_would_give_them(orgs: Store) -> None:
    detail = {"b": (1, 2), "a": T0, "c": {"z": None, "y": "短"}}
    orgs.audit("op-a", "alice", "test", "x", detail, T0)
    got = orgs.audit_entries("op-a")[0].detail
    assert got == {"a": str(T0), "b": [1, 2], "c": {"y": "短", "z": None}}
    assert list(got) == ["a", "b", "c"]


def test_nothing_read_from_the_audit_log_can_change_it(orgs: Store) -> None:
    orgs.audit("op-a", "alice", "test", "x", {"k": [1]}, T0)
    entry = orgs.audit_entries("op-a")[0]
    entry.detail["k"].append(2)
    entry.detail["new"] = True
    assert orgs.audit_entries("op-a")[0].detail == {"k": [1]}
    with pytest.raises(AttributeError):
        entry.actor = "mallory"  # type: ignore[misc]


def test_every_change_is_audited_in_order(orgs: Store) -> None:
    key = orgs.add_key("op-a", "k", "admin", "LK", "0" * 64, T0)
    run_id = run(orgs, "op-a", [A])
    (d,) = orgs.decisions("op-a")
    orgs.set_outcome("op-a", d.id, "confirmed", "alice", T0)
    entry = orgs.add_entry("op-a", "blacklist", "number", A, "", "shared", "dialer", "alice", T0)
    orgs.remove_entry("op-a", entry, "bob", T0)
    orgs.add_fraud_report("op-a", "number", A, "scam", "", "alice", T0)
    case = orgs.open_case("op-a", A, "trace", "", "alice", T0)
    action = dispose(orgs, "op-a", A, "suspend", "n", "alice", T0)
    orgs.revoke_key(key, "root", T0)
    # reads and records audit nothing (HTTP ingest audits its upload itself)
    orgs.add_calls("op-a", calls(3))
    orgs.add_quarantine("op-a", "calls", "f", [(1, "r", "raw")], T0)
    orgs.decisions("op-a")
    orgs.entries("op-a")
    assert _audit(orgs, "op-a") == [
        ("system", "org.create", "op-a", {"name": "OP-A"}),
        ("system", "key.create", f"key#{key}", {"name": "k", "role": "admin"}),
        (
            "tester",
            "run.load",
            f"run#{run_id}",
            {"source": "run-dir", "decisions": 1, "hits": 1, "policy": "default@7"},
        ),
        ("alice", "alert.outcome", f"alert#{d.id}", {"number": A, "from": "open", "to": "confirmed"}),
        (
            "alice",
            "list.add",
            f"blacklist:number:{A}",
            {"id": entry, "label": "", "sharing": "shared", "reason": "dialer"},
        ),
        ("bob", "list.remove", f"blacklist:number:{A}", {"id": entry, "label": "", "sharing": "shared"}),
        ("alice", "report.fraud", f"number:{A}", {"category": "scam"}),
        ("alice", "case.open", f"case#{case}", {"number": A, "title": "trace"}),
        (
            "alice",
            "number.suspend",
            A,
            {
                "history_id": action,
                "version": 1,
                "from": "active",
                "to": "suspended",
                "reason": "n",
                "evidence": {"alerts": [], "rules": [], "note": ""},
                "grade": "medium",
                "deadline": (T0 + timedelta(hours=72)).isoformat(),
            },
        ),
        ("root", "key.revoke", f"key#{key}", {"name": "k"}),
    ]
    assert _audit(orgs, "op-b") == [("system", "org.create", "op-b", {"name": "OP-B"})]


# integrity ------------------------------------------------------------------------------------------------
def test_ids_ascend_from_one_in_each_table(store: Store) -> None:
    store.ensure_org("op-a", "A", T0)
    assert [store.add_key("op-a", "k", "admin", f"L{i}", "0" * 64, T0) for i in range(3)] == [1, 2, 3]
    assert [run(store, "op-a", [A]) for _ in range(2)] == [1, 2]
    assert [d.id for d in store.decisions("op-a")] == [1, 2]
    assert store.open_case("op-a", A, "t", "", "a", T0) == 1
    assert dispose(store, "op-a", A, "label", "", "a", T0) == 1
    assert store.add_entry("op-a", "tag", "number", A, "x", "private", "", "a", T0) == 1
    assert store.add_fraud_report("op-a", "number", A, "scam", "", "a", T0) == 1
    ids = [e.id for e in store.audit_entries("op-a")]
    assert ids == sorted(ids, reverse=True)


def test_writes_for_an_unknown_org_are_refused_and_leave_nothing(orgs: Store) -> None:
    before = orgs.audit_entries("ghost")
    info = RunInfo("p", "1", None, None)
    writes = [
        lambda: orgs.add_key("ghost", "k", "admin", "LG", "0" * 64, T0),
        lambda: orgs.add_calls("ghost", calls(2)),
        lambda: orgs.add_messages("ghost", messages(2)),
        lambda: orgs.add_quarantine("ghost", "calls", "f", [(1, "r", "raw")], T0),
        lambda: orgs.add_run("ghost", info, [_decision(A, 0.5, T0)], [], {}, "s", "t", T0),
        lambda: orgs.add_entry("ghost", "blacklist", "number", A, "", "shared", "", "a", T0),
        lambda: orgs.add_fraud_report("ghost", "number", A, "scam", "", "a", T0),
        lambda: orgs.open_case("ghost", A, "t", "", "a", T0),
        lambda: dispose(orgs, "ghost", A, "label", "", "a", T0),
    ]
    for write in writes:
        with pytest.raises(REFUSED):
            write()
    assert not orgs.org_exists("ghost")
    assert orgs.audit_entries("ghost") == before == []
    assert orgs.key_by_lookup("LG") is None
    assert orgs.record_counts("ghost") == {"calls": 0, "messages": 0, "quarantined": 0}
    assert orgs.runs("ghost") == orgs.decisions("ghost") == []
    assert orgs.entries("op-a") == orgs.cases("ghost") == orgs.actions("ghost") == []
    assert orgs.fraud_report_count("number", A) == 0


def test_a_run_that_cannot_be_stored_leaves_nothing(orgs: Store) -> None:
    info = RunInfo("p", "1", None, None)
    bad = [Hit(A, "R1", T0, 0.5, {"ok": 1}), Hit(A, "R2", T0, 0.5, {"when": object()})]
    with pytest.raises(TypeError):
        orgs.add_run("op-a", info, [_decision(A, 0.5, T0)], bad, {}, "s", "t", T0)
    assert orgs.runs("op-a") == orgs.decisions("op-a") == orgs.hits_of("op-a", A) == []
    assert [e.action for e in orgs.audit_entries("op-a")] == ["org.create"]


def test_naive_times_are_refused(orgs: Store) -> None:
    naive = datetime(2026, 11, 2)
    with pytest.raises(NAIVE):
        orgs.open_case("op-a", A, "t", "", "a", naive)
    with pytest.raises(NAIVE):
        orgs.calls_between("op-a", naive, naive + timedelta(days=1))
    assert orgs.cases("op-a") == []


def test_times_keep_their_instant_whatever_the_offset(orgs: Store) -> None:
    local = datetime(2026, 11, 2, 8, 0, tzinfo=CST)  # = T0 in UTC
    orgs.audit("op-a", "alice", "tz", "x", {}, local)
    got = orgs.audit_entries("op-a")[0].at
    assert got == T0
    assert got.tzinfo is UTC


def test_concurrent_writers_each_get_their_own_id(orgs: Store) -> None:
    """The API calls the store from a thread pool: no id is handed out twice, no write is lost."""
    got: list[int] = []
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(15):
                got.append(dispose(orgs, "op-a", f"+86{worker}{i}", "label", "", f"w{worker}", T0))
                orgs.add_calls("op-a", calls_frame([call(f"w{worker}-{i}", A, "+862", T0)]))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == sorted(set(got))
    assert len(orgs.actions("op-a")) == 60
    assert orgs.record_counts("op-a")["calls"] == 60
    assert len(orgs.audit_entries("op-a", limit=1000)) == 1 + 60  # org.create, then the actions
