"""The ingest API validates, quarantines and dedupes like the file readers, and stores per tenant."""

from __future__ import annotations

from ringfence.ingest import RecordKind, RecordReader
from tests.support.runs import calls_csv, messages_jsonl
from tests.support.world import World

GOOD = [
    ("c1", "13800000001", "+8613900000002", "2026-11-02T08:00:00+08:00", 30),
    ("c2", "008613800000001", "95588", "2026-11-02T08:01:00+08:00", 0),
    ("c3", "+8613800000001", "13900000003", "2026-11-02 08:02:00", 12),
]
BAD = [
    ("c4", "+8613800000001", "13900000003", "yesterday", 12),  # bad timestamp
    ("c5", "+8613800000001", "13900000003", "2026-11-02T08:03:00+08:00", -5),  # negative duration
    ("c1", "+8613800000001", "13900000003", "2026-11-02T08:04:00+08:00", 7),  # repeated id in the body
]


def _post(world: World, path: str, body: bytes, ctype: str, who: str = "op-a/member-operator") -> dict:
    response = world.client.post(path, content=body, headers={**world.as_(who), "content-type": ctype})
    assert response.status_code == 200, response.text
    return response.json()


def test_csv_upload_is_validated_like_a_file(world: World, tmp_path) -> None:
    body = calls_csv(GOOD + BAD)
    out = _post(world, "/v1/records/calls", body, "text/csv")
    path = tmp_path / "calls.csv"
    path.write_bytes(body)
    reader = RecordReader([path], RecordKind.CALLS)
    accepted = sum(frame.height for frame in reader)
    assert out["stored"] == accepted == 3
    assert out["quarantined"] == reader.summary.quarantined == 3
    assert out["reasons"] == dict(reader.summary.reasons)
    assert out["received"] == 6
    assert [q["line"] for q in out["quarantine_sample"]] == [5, 6, 7]
    stored = world.platform.store.calls_of("op-a", "+8613800000001")
    assert {c["call_id"] for c in stored} == {"c1", "c2", "c3"}
    assert {c["caller"] for c in stored} == {"+8613800000001"}  # canonicalised
    assert world.platform.store.record_counts("op-a")["quarantined"] == 3
    entry = world.platform.store.audit_entries("op-a")[0]
    assert (entry.action, entry.target) == ("records.calls", "6 rows")
    assert entry.detail == {"stored": 3, "already_stored": 0, "quarantined": 3}


def test_redelivered_records_are_counted_not_stored_twice(world: World) -> None:
    first = _post(world, "/v1/records/calls", calls_csv(GOOD), "text/csv")
    again = _post(world, "/v1/records/calls", calls_csv(GOOD), "text/csv")
    assert (first["stored"], first["already_stored"]) == (3, 0)
    assert (again["stored"], again["already_stored"]) == (0, 3)
    other_org = _post(world, "/v1/records/calls", calls_csv(GOOD), "text/csv", who="op-b/member-operator")
    assert other_org["stored"] == 3  # ids are per organisation
    assert world.platform.store.record_counts("op-a")["calls"] == 3


def test_json_lines_messages(world: World) -> None:
    rows = [
        {
            "sms_id": "m1",
            "sender": "1069000123",
            "receiver": "13800000001",
            "send_time": "2026-11-02T08:00:00+08:00",
            "text": "您的快递到了",
        },
        {
            "sms_id": "m2",
            "sender": "95588",
            "receiver": "13800000001",
            "send_time": "2026-11-02T08:00:05+08:00",
            "text": "账户异常 http://bad.cn",
            "origin": "unknown",
        },
        {"sms_id": "m3", "sender": "95588", "receiver": "13800000001", "send_time": "not a time"},
        {
            "sms_id": "m1",
            "sender": "1069000123",
            "receiver": "13800000001",
            "send_time": "2026-11-02T08:00:00+08:00",
        },
    ]
    body = messages_jsonl(rows) + b"[1, 2]\n{broken\n"
    out = _post(world, "/v1/records/messages", body, "application/x-ndjson")
    assert out["stored"] == 2
    assert out["quarantined"] == 4
    assert out["reasons"] == {"bad_timestamp": 1, "duplicate_id": 1, "bad_json": 2}
    assert [q["line"] for q in out["quarantine_sample"]] == [3, 4, 5, 6]
    stored = world.platform.store.messages_of("op-a", "+8613800000001")
    assert {(m["sms_id"], m["origin"]) for m in stored} == {("m1", "intra"), ("m2", "unknown")}


def test_bad_requests(world: World) -> None:
    h = world.as_("op-a/member-operator")
    empty = world.client.post("/v1/records/calls", content=b"  ", headers={**h, "content-type": "text/csv"})
    assert empty.status_code == 422
    no_header = world.client.post(
        "/v1/records/calls", content=b"a,b\n1,2\n", headers={**h, "content-type": "text/csv"}
    )
    assert no_header.status_code == 422
    assert "required column" in no_header.json()["detail"]
    big = world.client.post(
        "/v1/records/calls", content=b"x" * (1024 * 1024 + 1), headers={**h, "content-type": "text/csv"}
    )
    assert big.status_code == 413
    assert "over the limit" in big.json()["detail"]
