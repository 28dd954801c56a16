"""The disposal API end to end: every route, the 409s with their allowed actions, roles, tenancy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ringfence.domain.outbox import Topic
from ringfence.domain.sla import Sla
from ringfence.services.disposal import DisposalPolicy
from ringfence.services.outbox import Routing
from tests.support.world import A_NUMBERS, B_NUMBERS, World

N = A_NUMBERS[0]
T0 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(world: World) -> Clock:
    c = Clock()
    world.platform.clock = c
    return c


def _post(world: World, path: str, body: dict[str, object], who: str = "op-a/analyst") -> tuple[int, dict]:  # type: ignore[type-arg]
    r = world.client.post(path, json=body, headers=world.as_(who))
    return r.status_code, r.json()


def test_suspend_then_lookup_shows_the_state_its_clock_and_history(world: World, clock: Clock) -> None:
    status, body = _post(
        world,
        f"/v1/numbers/{N}/actions",
        {
            "action": "suspend",
            "reason": "burst dialer",
            "evidence": {"alerts": [], "rules": ["R01"], "note": "x"},
        },
    )
    assert status == 201
    d = body["disposition"]
    assert (d["state"], d["effect"], d["grade"], d["sla"]) == ("suspended", "block", "high", "on_time")
    assert d["deadline"] == "2026-11-04T09:00:00Z"
    assert d["allowed"] == ["request_verification", "override"]
    assert body["id"] == body["transitions"][0]["id"]
    looked = world.client.get(f"/v1/numbers/{N}", headers=world.as_("op-a/analyst")).json()
    assert {k: looked["disposition"][k] for k in ("state", "since", "deadline", "reason", "sla")} == {
        "state": "suspended",
        "since": "2026-11-03T09:00:00Z",
        "deadline": "2026-11-04T09:00:00Z",
        "reason": "burst dialer",
        "sla": "on_time",
    }
    assert [(h["from_state"], h["to_state"], h["action"]) for h in looked["history"]] == [
        ("active", "suspended", "suspend")
    ]
    assert looked["history"][0]["actor"] == "op-a/analyst#2"
    assert looked["history"][0]["evidence"]["rules"] == ["R01"]
    clock.now = T0 + timedelta(hours=19)
    assert (
        world.client.get(f"/v1/numbers/{N}", headers=world.as_("op-a/analyst")).json()["disposition"]["sla"]
        == "due_soon"
    )
    partner = world.client.get(f"/v1/numbers/{N}", headers=world.as_("op-a/partner")).json()
    assert partner["disposition"]["state"] == "suspended"
    assert partner["history"] == []  # partners look up, they do not read the casework


def test_restore_without_verification_is_409_naming_the_allowed_actions(world: World, clock: Clock) -> None:
    _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend"})
    status, body = _post(world, f"/v1/numbers/{N}/actions", {"action": "restore"})
    assert status == 409
    assert body["state"] == "suspended"
    assert body["action"] == "restore"
    assert body["allowed"] == ["request_verification", "override"]
    assert "passed verification" in body["detail"]
    status, body = _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend"})
    assert status == 409  # already suspended
    status, body = _post(world, f"/v1/numbers/{A_NUMBERS[1]}/actions", {"action": "restore"})
    assert (status, body["allowed"]) == (409, ["suspend", "restrict", "label"])


def test_verification_passed_restores_and_failed_leads_to_an_appeal(world: World, clock: Clock) -> None:
    _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "note": "older clients send a note"})
    status, body = _post(world, f"/v1/numbers/{N}/verification", {"outcome": "passed", "note": "face match"})
    assert status == 200
    assert body["disposition"]["state"] == "restored"
    assert body["disposition"]["effect"] == "none"
    assert [t["action"] for t in body["transitions"]] == [
        "request_verification",
        "pass_verification",
        "restore",
    ]
    history = world.client.get(f"/v1/numbers/{N}", headers=world.as_("op-a/analyst")).json()["history"]
    assert history[0]["reason"] == "older clients send a note"
    assert len(history) == 4

    n2 = A_NUMBERS[1]
    _post(world, f"/v1/numbers/{n2}/actions", {"action": "restrict"})
    status, body = _post(world, f"/v1/numbers/{n2}/verification/request", {"note": "holder called"})
    assert (status, body["disposition"]["state"]) == (200, "verification_pending")
    status, body = _post(world, f"/v1/numbers/{n2}/verification", {"outcome": "failed"})
    assert (status, body["disposition"]["state"]) == (200, "verification_failed")
    status, body = _post(
        world, f"/v1/numbers/{n2}/appeal", {"reason": "my SIM was stolen"}, "op-a/member-operator"
    )
    assert (status, body["disposition"]["state"], body["disposition"]["sla"]) == (201, "appealed", "on_time")
    status, body = _post(world, f"/v1/numbers/{n2}/appeal/decision", {"decision": "upheld", "reason": "no"})
    assert (status, body["disposition"]["state"], body["disposition"]["effect"]) == (200, "upheld", "block")
    status, body = _post(world, f"/v1/numbers/{n2}/appeal", {"reason": "again"})
    assert (status, body["allowed"]) == (409, ["override"])


def test_override_is_admin_only_with_a_reason_and_audited(world: World, clock: Clock) -> None:
    _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend"})
    assert _post(world, f"/v1/numbers/{N}/override", {"reason": "x"})[0] == 403
    assert _post(world, f"/v1/numbers/{N}/override", {"reason": ""}, "op-a/admin")[0] == 422
    assert _post(world, f"/v1/numbers/{N}/override", {}, "op-a/admin")[0] == 422
    status, body = _post(world, f"/v1/numbers/{N}/override", {"reason": "court order 17"}, "op-a/admin")
    assert (status, body["disposition"]["state"]) == (200, "restored")
    log = world.client.get("/v1/audit", headers=world.as_("op-a/admin")).json()
    entry = next(e for e in log if e["action"] == "number.override")
    assert entry["detail"]["reason"] == "court order 17"
    assert entry["actor"] == "op-a/admin#1"
    assert entry["target"] == N


def test_roles_and_authentication(world: World, clock: Clock) -> None:
    assert world.client.post(f"/v1/numbers/{N}/actions", json={"action": "suspend"}).status_code == 401
    for who in ("op-a/partner", "op-a/screen-only"):
        assert _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend"}, who)[0] == 403
        assert _post(world, f"/v1/numbers/{N}/verification", {"outcome": "passed"}, who)[0] == 403
        assert _post(world, f"/v1/numbers/{N}/appeal", {}, who)[0] == 403
        assert _post(world, "/v1/dispositions/bulk", {"action": "label", "numbers": [N]}, who)[0] == 403
        assert world.client.get("/v1/dispositions", headers=world.as_(who)).status_code == 403
        assert world.client.get("/v1/outbox", headers=world.as_(who)).status_code == 403
    assert _post(world, f"/v1/numbers/{N}/actions", {"action": "label"}, "op-a/member-operator")[0] == 201


def test_tenants_are_isolated(world: World, clock: Clock) -> None:
    _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "reason": "op-a's business"})
    b = "op-b/analyst"
    seen = world.client.get(f"/v1/numbers/{N}", headers=world.as_(b)).json()
    assert seen["disposition"]["state"] == "active"
    assert seen["history"] == []
    assert world.client.get("/v1/dispositions", headers=world.as_(b)).json() == []
    a_alert = world.client.get("/v1/alerts", headers=world.as_("op-a/analyst")).json()[0]["id"]
    assert _post(world, "/v1/dispositions/bulk", {"action": "label", "alerts": [a_alert]}, b)[0] == 404
    body = {"action": "label", "evidence": {"alerts": [a_alert]}}
    assert _post(world, f"/v1/numbers/{B_NUMBERS[0]}/actions", body, b)[0] == 404
    assert _post(world, f"/v1/numbers/{N}/verification", {"outcome": "passed"}, b)[0] == 409  # active there
    assert _post(world, f"/v1/numbers/{N}/override", {"reason": "x"}, "op-b/admin")[0] == 409
    mine = world.client.get("/v1/dispositions", headers=world.as_("op-a/analyst")).json()
    assert [(d["number"], d["state"]) for d in mine] == [(N, "suspended")]


def test_bulk_by_numbers_and_alerts(world: World, clock: Clock) -> None:
    alerts = world.client.get("/v1/alerts", headers=world.as_("op-a/analyst")).json()
    by_number = {a["number"]: a["id"] for a in alerts}
    _post(world, f"/v1/numbers/{A_NUMBERS[2]}/actions", {"action": "suspend"})
    status, body = _post(
        world,
        "/v1/dispositions/bulk",
        {
            "action": "suspend",
            "numbers": ["13800000001"],
            "alerts": [by_number[A_NUMBERS[1]], by_number[A_NUMBERS[2]]],
            "reason": "campaign 11-03",
        },
    )
    assert status == 200
    assert (body["done"], body["refused"]) == (2, 1)
    assert [(r["number"], r["ok"]) for r in body["results"]] == [
        (A_NUMBERS[0], True),
        (A_NUMBERS[1], True),
        (A_NUMBERS[2], False),
    ]
    assert body["results"][2]["allowed"] == ["request_verification", "override"]
    looked = world.client.get(f"/v1/numbers/{A_NUMBERS[1]}", headers=world.as_("op-a/analyst")).json()
    assert looked["disposition"]["evidence"]["alerts"] == [by_number[A_NUMBERS[1]]]
    assert _post(world, "/v1/dispositions/bulk", {"action": "suspend"})[0] == 422
    assert _post(world, "/v1/dispositions/bulk", {"action": "suspend", "numbers": ["1"] * 1001})[0] == 422


def test_list_by_state_and_overdue(world: World, clock: Clock) -> None:
    _post(world, f"/v1/numbers/{A_NUMBERS[0]}/actions", {"action": "suspend"})  # high: 24 h
    _post(world, f"/v1/numbers/{A_NUMBERS[1]}/actions", {"action": "restrict", "grade": "low"})  # 168 h
    _post(world, f"/v1/numbers/{A_NUMBERS[2]}/actions", {"action": "label"})
    h = world.as_("op-a/analyst")
    states = world.client.get("/v1/dispositions?state=suspended&state=restricted", headers=h).json()
    assert sorted(d["number"] for d in states) == sorted(A_NUMBERS[:2])
    clock.now = T0 + timedelta(hours=25)
    overdue = world.client.get("/v1/dispositions?overdue=true", headers=h).json()
    assert [(d["number"], d["sla"]) for d in overdue] == [(A_NUMBERS[0], "overdue")]
    assert world.client.get("/v1/dispositions?state=sleeping", headers=h).status_code == 422


def test_outbox_status_is_visible(world: World, clock: Clock) -> None:
    routes = {Topic.PROVISIONING: ("provisioning-webhook",), Topic.NOTIFICATION: ("notification-webhook",)}
    world.platform.disposal = DisposalPolicy(Sla(), True, Routing(routes))
    _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend"})
    h = world.as_("op-a/analyst")
    provisioning = world.client.get("/v1/outbox?topic=provisioning&status=queued", headers=h).json()
    assert [(m["channel"], m["status"], m["attempts"]) for m in provisioning] == [
        ("provisioning-webhook", "queued", 0)
    ]
    assert provisioning[0]["payload"]["command"] == "suspend"
    assert provisioning[0]["key"] == f"op-a/{N}/v1@provisioning-webhook"
    notices = world.client.get("/v1/outbox?topic=notification", headers=h).json()
    assert notices[0]["payload"]["type"] == "verification_notice"
    assert world.client.get("/v1/outbox", headers=world.as_("op-b/analyst")).json() == []
    assert world.client.get("/v1/outbox?status=lost", headers=h).status_code == 422
    assert world.client.get("/v1/outbox?topic=fax", headers=h).status_code == 422


def test_disposal_statistics(world: World, clock: Clock) -> None:
    _post(world, f"/v1/numbers/{A_NUMBERS[0]}/actions", {"action": "suspend"})
    _post(world, f"/v1/numbers/{A_NUMBERS[1]}/actions", {"action": "suspend"})
    clock.now = T0 + timedelta(days=1)
    _post(world, f"/v1/numbers/{A_NUMBERS[0]}/verification", {"outcome": "passed"})
    _post(world, f"/v1/numbers/{A_NUMBERS[1]}/verification", {"outcome": "failed"})
    _post(world, f"/v1/numbers/{A_NUMBERS[1]}/appeal", {})
    _post(world, f"/v1/numbers/{A_NUMBERS[1]}/appeal/decision", {"decision": "overturned"})
    h = world.as_("op-a/analyst")
    days = world.client.get("/v1/stats/dispositions?granularity=day", headers=h).json()
    assert days["granularity"] == "day"
    first, second = days["periods"]
    assert (first["period"], first["suspended"], first["disposals_timed"]) == ("2026-11-03", 2, 2)
    assert first["time_to_dispose_median_h"] is not None
    assert (second["restored"], second["verification_passed"], second["verification_failed"]) == (1, 1, 1)
    assert (second["appealed"], second["overturned"]) == (1, 1)
    month = world.client.get("/v1/stats/dispositions?granularity=month&period=2026-11", headers=h).json()
    assert [p["period"] for p in month["periods"]] == ["2026-11"]
    assert month["periods"][0]["suspended"] == 2
    assert (
        world.client.get("/v1/stats/dispositions?granularity=day&period=2026-13-01", headers=h).status_code
        == 422
    )
    assert world.client.get("/v1/stats/dispositions?granularity=week", headers=h).status_code == 422
    for edge in ("0001-01-01", "9999-12-31", "2026-11"):  # no date arithmetic out of range: 422, not 500
        answer = world.client.get(f"/v1/stats/dispositions?granularity=day&period={edge}", headers=h)
        assert answer.status_code == 422, edge
    assert (
        world.client.get("/v1/stats/dispositions?granularity=month&period=0001-01", headers=h).status_code
        == 422
    )
    assert world.client.get("/v1/stats/day", headers=h).status_code == 200  # the detection report still
    assert (
        world.client.get("/v1/stats/dispositions", headers=world.as_("op-b/analyst")).json()["periods"] == []
    )


def test_bad_requests_are_422_not_500(world: World, clock: Clock) -> None:
    assert _post(world, f"/v1/numbers/{N}/actions", {"action": "delete"})[0] == 422
    assert _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "grade": "extreme"})[0] == 422
    assert (
        _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "evidence": {"alerts": [0]}})[0] == 422
    )
    assert (
        _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "evidence": {"alerts": [2**40]}})[0]
        == 422
    )
    assert _post(world, f"/v1/numbers/{'9' * 80}/actions", {"action": "suspend"})[0] == 422
    assert _post(world, f"/v1/numbers/{N}/verification", {"outcome": "maybe"})[0] == 422
    assert _post(world, f"/v1/numbers/{N}/appeal/decision", {"decision": "perhaps"})[0] == 422
