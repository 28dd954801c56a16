"""Complaints, cases and dispatches through the public API: the fast path, the queue, case updates,
evidence checks, dispatch to a second organisation and its answer closing the case; roles, tenancy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support.world import A_NUMBERS, World

N = A_NUMBERS[0]  # op-a's detection flagged it: verdict block, score 0.9
T0 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock(world: World) -> None:
    world.platform.clock = lambda: T0


def _post(world: World, path: str, body: dict[str, Any], who: str = "op-a/analyst") -> tuple[int, Any]:
    r = world.client.post(path, json=body, headers=world.as_(who))
    return r.status_code, r.json()


def _get(world: World, path: str, who: str = "op-a/analyst") -> tuple[int, Any]:
    r = world.client.get(path, headers=world.as_(who))
    return r.status_code, r.json()


def _complain(
    world: World, reporter: str, number: str = N, category: str = "loan", who: str = "op-a/analyst"
) -> Any:
    status, body = _post(
        world,
        "/v1/complaints",
        {"number": number, "category": category, "reporter": reporter, "channel": "sms", "sms_text": "贷款"},
        who,
    )
    assert status == 201, body
    return body


def test_three_reporters_and_a_verdict_restrict_the_number_through_the_fast_path(world: World) -> None:
    first = _complain(world, "13911112222")
    assert first["fast_path"] is None
    assert first["reporter"] == "+86139****2222"  # masked; never the reporter in the clear
    assert "13911112222" not in str(first)
    assert {p["name"] for p in first["triage_parts"]} == {"reporters", "organisations", "verdict", "model"}
    again = _complain(world, "+86 139 1111 2222")  # the same reporter, number and category
    assert (again["duplicate"], again["id"]) == (True, first["id"])
    second = _complain(world, "13911113333")
    assert second["triage_score"] > first["triage_score"]
    assert second["case_id"] == first["case_id"]  # one case per number
    third = _complain(world, "13911114444")
    assert third["fast_path"] == "restricted"
    _, looked = _get(world, f"/v1/numbers/{N}")
    assert looked["disposition"]["state"] == "restricted"
    restrict = [e for e in world.platform.store.audit_entries("op-a") if e.action == "number.restrict"]
    assert [(e.actor, e.target) for e in restrict] == [("fast-path", N)]
    assert any(e.action == "complaint.fast_path" for e in world.platform.store.audit_entries("op-a"))
    fourth = _complain(world, "13911115555")
    assert fourth["fast_path"] is None  # already restricted: nothing more happens
    _, queue = _get(world, "/v1/complaints")
    assert [c["id"] for c in queue] == [fourth["id"], third["id"], second["id"], first["id"]]
    _, case = _get(world, f"/v1/cases/{first['case_id']}")
    assert case["status"] == "investigating"
    assert sorted(case["complaints"]) == [first["id"], second["id"], third["id"], fourth["id"]]
    assert [c["author"] for c in case["comments"]] == ["fast-path"]


def test_without_a_detection_verdict_complaints_only_queue(world: World) -> None:
    unknown = "+8613012345678"
    for r in ("13911112222", "13911113333", "13911114444"):
        body = _complain(world, r, unknown)
    assert body["fast_path"] is None
    _, queue = _get(world, "/v1/complaints")
    assert {c["number"] for c in queue} == {unknown}
    _, looked = _get(world, f"/v1/numbers/{unknown}")
    assert looked["disposition"]["state"] == "active"


def test_complaints_are_refused_clearly(world: World) -> None:
    bad = {"number": N, "category": "nonsense", "reporter": "x"}
    assert _post(world, "/v1/complaints", bad)[0] == 422
    assert _post(world, "/v1/complaints", {"number": N, "category": "loan", "reporter": " "})[0] == 422
    future = {"number": N, "category": "loan", "reporter": "r", "reported_at": "2030-01-01T00:00:00Z"}
    assert _post(world, "/v1/complaints", future)[0] == 422
    assert (
        _post(world, "/v1/complaints", {"number": N, "category": "loan", "reporter": "r"}, "op-a/partner")[0]
        == 403
    )
    assert _get(world, "/v1/complaints/999")[0] == 404


def test_cases_list_filter_patch_comment_evidence_and_bulk(world: World) -> None:
    status, made = _post(world, f"/v1/numbers/{N}/cases", {"title": "dialer", "note": ""})
    assert status == 201
    case_id = made["id"]
    _, other = _post(world, f"/v1/numbers/{A_NUMBERS[1]}/cases", {"title": "", "note": ""})
    _, case = _get(world, f"/v1/cases/{case_id}")
    assert (case["status"], case["sla"], case["due_at"]) == ("open", "on_time", "2026-11-06T09:00:00Z")
    alert_id = world.platform.store.decisions("op-a", number=N)[0].id
    r = world.client.patch(
        f"/v1/cases/{case_id}",
        json={
            "status": "investigating",
            "assignee": "alice",
            "evidence": [{"kind": "alert", "ref": str(alert_id)}, {"kind": "number", "ref": "13900000003"}],
        },
        headers=world.as_("op-a/analyst"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["assignee"]) == ("investigating", "alice")
    assert [(e["kind"], e["ref"]) for e in body["evidence"]] == [
        ("alert", str(alert_id)),
        ("number", A_NUMBERS[2]),
    ]
    for bad in ({"kind": "alert", "ref": "99999"}, {"kind": "record", "ref": "no-such-call"}):
        r = world.client.patch(
            f"/v1/cases/{case_id}",
            json={"status": "closed", "evidence": [bad]},
            headers=world.as_("op-a/analyst"),
        )
        assert r.status_code == 404
    assert _get(world, f"/v1/cases/{case_id}")[1]["status"] == "investigating"  # nothing changed
    assert _post(world, f"/v1/cases/{case_id}/comments", {"body": "called the victim"})[0] == 201
    _, listed = _get(world, "/v1/cases?assignee=alice")
    assert [c["id"] for c in listed] == [case_id]
    _, listed = _get(world, "/v1/cases?status=open")
    assert [c["id"] for c in listed] == [other["id"]]
    r = world.client.patch(
        "/v1/cases",
        json={"ids": [case_id, other["id"], 9999], "status": "closed"},
        headers=world.as_("op-a/analyst"),
    )
    assert [(i["id"], i["ok"]) for i in r.json()] == [(case_id, True), (other["id"], True), (9999, False)]
    _, closed = _get(world, f"/v1/cases/{case_id}")
    assert (closed["status"], closed["sla"], closed["closed_at"]) == ("closed", None, "2026-11-03T09:00:00Z")
    actions = [e.action for e in world.platform.store.audit_entries("op-a") if e.target == f"case#{case_id}"]
    assert sorted(actions) == sorted(
        [
            "case.open",
            "case.status",
            "case.assign",
            "case.evidence",
            "case.evidence",
            "case.comment",
            "case.status",
        ]
    )
    assert _get(world, f"/v1/cases/{case_id}", "op-b/analyst")[0] == 404  # another tenant's case
    assert (
        world.client.patch(
            f"/v1/cases/{case_id}", json={"status": "bogus"}, headers=world.as_("op-a/analyst")
        ).status_code
        == 422
    )


def test_a_case_dispatched_to_a_second_organisation_is_answered_there_and_closes(world: World) -> None:
    complaint = _complain(world, "13911112222")
    case_id = complaint["case_id"]
    status, sent = _post(
        world, f"/v1/cases/{case_id}/dispatch", {"to_org": "op-b", "question": "Victim at your bank?"}
    )
    assert status == 201
    assert _post(world, f"/v1/cases/{case_id}/dispatch", {"to_org": "op-a"})[0] == 422
    assert _post(world, f"/v1/cases/{case_id}/dispatch", {"to_org": "nobody"})[0] == 404
    assert _get(world, f"/v1/cases/{case_id}")[1]["status"] == "waiting"
    _, inbox = _get(world, "/v1/dispatches?pending=true", "op-b/analyst")
    assert [(d["id"], d["number"], d["from_org"]) for d in inbox] == [(sent["id"], N, "op-a")]
    _, masked = _get(world, "/v1/dispatches", "op-b/member-operator")
    assert masked[0]["number"] != N  # another operator's number, masked for a member operator
    assert _get(world, "/v1/dispatches", "op-a/analyst")[1] == []  # nothing was asked of op-a
    assert (
        _post(world, f"/v1/dispatches/{sent['id']}/answer", {"answer": "confirmed_fraud"}, "op-a/analyst")[0]
        == 404
    )
    status, answered = _post(
        world,
        f"/v1/dispatches/{sent['id']}/answer",
        {"answer": "confirmed_fraud", "note": "victim reported"},
        "op-b/analyst",
    )
    assert status == 200
    assert answered["case_outcome"] == "confirmed_fraud"
    status, _again = _post(
        world, f"/v1/dispatches/{sent['id']}/answer", {"answer": "not_fraud"}, "op-b/analyst"
    )
    assert status == 409
    _, case = _get(world, f"/v1/cases/{case_id}")
    assert (case["status"], case["outcome"]) == ("closed", "confirmed_fraud")
    assert case["dispatches"][0]["answer"] == "confirmed_fraud"
    (label,) = world.platform.store.case_labels("op-a")
    assert (label.number, label.label, label.case_id) == (N, "fraud", case_id)
    a_log = [(e.action, e.actor) for e in world.platform.store.audit_entries("op-a")]
    assert ("case.status", "system/aggregate") in a_log
    assert ("case.label", "system/aggregate") in a_log
    b_log = [e.action for e in world.platform.store.audit_entries("op-b")]
    assert "dispatch.receive" in b_log
    assert "dispatch.answer" in b_log
    assert _post(world, f"/v1/cases/{case_id}/dispatch", {"to_org": "op-b"})[0] == 409  # closed


def test_casework_statistics_count_complaints_cases_answers_and_detection_precision(world: World) -> None:
    for r in ("13911112222", "13911113333", "13911114444"):
        complaint = _complain(world, r)
    _, sent = _post(world, f"/v1/cases/{complaint['case_id']}/dispatch", {"to_org": "op-b"})
    _post(world, f"/v1/dispatches/{sent['id']}/answer", {"answer": "confirmed_fraud"}, "op-b/analyst")
    status, stats = _get(world, "/v1/stats/casework/day")
    assert status == 200
    (row,) = stats["periods"]
    assert row["period"] == "2026-11-03"
    assert (row["complaints"], row["fast_pathed"], row["cases_opened"], row["cases_closed"]) == (3, 3, 1, 1)
    assert (row["dispatched"], row["answered_confirmed"], row["labelled_fraud"]) == (1, 1, 1)
    assert (row["detected_confirmed"], row["precision"]) == (1, 1.0)
    assert stats["precision"] == {"confirmed": 1, "refuted": 0, "value": 1.0}
    assert _get(world, "/v1/stats/casework/day?period=2026-11-04")[1]["periods"] == []
    assert _get(world, "/v1/stats/casework/week")[0] == 422
    assert _get(world, "/v1/stats/casework/day?period=bogus")[0] == 422


def test_concurrent_complaints_fire_the_fast_path_once(world: World) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _complain(world, "13911112222")
    _complain(world, "13911113333")
    reporters = [f"139111144{i:02d}" for i in range(6)]
    with ThreadPoolExecutor(6) as pool:
        bodies = list(pool.map(lambda r: _complain(world, r), reporters))
    assert sum(b["fast_path"] == "restricted" for b in bodies) == 1  # the others: already restricted
    history = world.platform.store.disposition_history("op-a", N)
    assert [(t.action.value, t.actor) for t in history] == [("restrict", "fast-path")]
