"""Authentication (401), roles (403) and tenant isolation across the public API."""

from __future__ import annotations

import pytest

from tests.support.world import A_NUMBERS, World


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/v1/alerts"),
        ("get", f"/v1/numbers/{A_NUMBERS[0]}"),
        ("get", "/v1/urls?url=http://x.cn"),
        ("post", "/v1/records/calls"),
        ("post", "/v1/screen/call"),
        ("get", "/v1/lists"),
        ("get", "/v1/audit"),
        ("get", "/v1/stats/day"),
    ],
)
def test_every_v1_endpoint_needs_a_key(world: World, method: str, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"X-API-Key": "rf_AAAAAAAA_" + "x" * 32}):
        response = getattr(world.client, method)(path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_revoked_key_stops_working(world: World) -> None:
    headers = world.as_("op-a/analyst")
    assert world.client.get("/v1/alerts", headers=headers).status_code == 200
    key = world.platform.store.key_by_lookup(world.keys["op-a/analyst"].split("_")[1])
    assert key is not None
    world.platform.store.revoke_key(key.id, "test", world.platform.clock())
    assert world.client.get("/v1/alerts", headers=headers).status_code == 401


def test_x_api_key_header_works_too(world: World) -> None:
    response = world.client.get("/v1/alerts", headers={"X-API-Key": world.keys["op-a/analyst"]})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "method", "path", "body"),
    [
        ("partner", "get", "/v1/alerts", None),
        ("partner", "post", "/v1/reports", {"value": "+8613800000001"}),
        ("partner", "post", "/v1/lists", {"list_name": "blacklist", "value": "+8613800000001"}),
        ("screen-only", "get", f"/v1/numbers/{A_NUMBERS[0]}", None),
        ("screen-only", "get", "/v1/alerts", None),
        ("member-operator", "get", "/v1/audit", None),
        ("analyst", "get", "/v1/audit", None),
        (
            "member-operator",
            "post",
            "/v1/lists",
            {"list_name": "blacklist", "value": "1", "sharing": "shared"},
        ),
        ("partner", "post", "/v1/screen/call", {"caller": "+8613800000001", "callee": "+8613800000002"}),
    ],
)
def test_roles_are_enforced(world: World, role: str, method: str, path: str, body: object) -> None:
    kwargs = {"json": body} if body is not None else {}
    response = getattr(world.client, method)(path, headers=world.as_(f"op-a/{role}"), **kwargs)
    assert response.status_code == 403, response.text


def test_partner_upload_is_forbidden(world: World) -> None:
    response = world.client.post(
        "/v1/records/calls",
        content=b"call_id\n1\n",
        headers={**world.as_("op-a/partner"), "content-type": "text/csv"},
    )
    assert response.status_code == 403


def test_an_operator_sees_only_its_own_alerts(world: World) -> None:
    a = world.client.get("/v1/alerts", headers=world.as_("op-a/member-operator")).json()
    b = world.client.get("/v1/alerts", headers=world.as_("op-b/member-operator")).json()
    assert sorted(x["number"] for x in a) == sorted(A_NUMBERS)
    assert [x["number"] for x in b] == ["+8615000000009"]
    alert_of_a = a[0]["id"]
    headers_b = world.as_("op-b/admin")
    assert world.client.get(f"/v1/alerts/{alert_of_a}", headers=headers_b).status_code == 404
    r = world.client.post(
        f"/v1/alerts/{alert_of_a}/outcome", json={"outcome": "dismissed"}, headers=headers_b
    )
    assert r.status_code == 404
    assert world.platform.store.decision("op-a", alert_of_a).outcome == "open"  # type: ignore[union-attr]
    # a lookup shows op-b nothing of op-a's decision on the number
    seen_by_b = world.client.get(f"/v1/numbers/{A_NUMBERS[0]}", headers=world.as_("op-b/analyst")).json()
    assert seen_by_b["verdict"] is None
    assert seen_by_b["score"] is None


def test_shared_list_entries_cross_tenants_masked_for_operators_and_partners(world: World) -> None:
    c, n = world.client, A_NUMBERS[1]
    for sharing in ("private", "shared"):
        body = {
            "list_name": "blacklist",
            "value": n if sharing == "shared" else A_NUMBERS[2],
            "sharing": sharing,
        }
        assert c.post("/v1/lists", json=body, headers=world.as_("op-a/analyst")).status_code == 201
    own = c.get("/v1/lists", headers=world.as_("op-a/member-operator")).json()
    assert sorted(e["value"] for e in own) == sorted([n, A_NUMBERS[2]])
    other_analyst = c.get("/v1/lists", headers=world.as_("op-b/analyst")).json()
    assert [e["value"] for e in other_analyst] == [n]  # the private entry stays with op-a
    other_operator = c.get("/v1/lists", headers=world.as_("op-b/member-operator")).json()
    assert [e["value"] for e in other_operator] == ["+86170****0002"]
    partner = c.get(f"/v1/numbers/{n}", headers=world.as_("op-b/partner")).json()
    assert partner["listed"] == "blacklist"
    assert partner["lists"][0]["value"] == "+86170****0002"
    assert partner["score"] is None
    entry_id = own[0]["id"]
    assert c.delete(f"/v1/lists/{entry_id}", headers=world.as_("op-b/admin")).status_code == 404
    assert c.delete(f"/v1/lists/{entry_id}", headers=world.as_("op-a/analyst")).status_code == 204


def test_every_write_is_in_the_audit_log(world: World) -> None:
    c, h = world.client, world.as_("op-a/analyst")
    alert = c.get("/v1/alerts", headers=h).json()[0]
    assert (
        c.post(f"/v1/alerts/{alert['id']}/outcome", json={"outcome": "confirmed"}, headers=h).status_code
        == 204
    )
    assert (
        c.post(f"/v1/numbers/{alert['number']}/actions", json={"action": "suspend"}, headers=h).status_code
        == 201
    )
    assert c.post(f"/v1/numbers/{alert['number']}/cases", json={"title": "t"}, headers=h).status_code == 201
    assert (
        c.post(
            "/v1/lists", json={"list_name": "tag", "value": alert["number"], "label": "dialer"}, headers=h
        ).status_code
        == 201
    )
    assert (
        c.post("/v1/reports", json={"kind": "url", "value": "http://bad.cn/x"}, headers=h).status_code == 201
    )
    log = c.get("/v1/audit", headers=world.as_("op-a/admin")).json()
    actions = [e["action"] for e in log]
    for expected in (
        "alert.outcome",
        "number.suspend",
        "case.open",
        "list.add",
        "report.fraud",
        "run.load",
        "key.create",
    ):
        assert expected in actions
    assert all(e["actor"].startswith("op-a/") for e in log if e["action"] == "number.suspend")
    other = c.get("/v1/audit", headers=world.as_("op-b/admin")).json()
    assert "alert.outcome" not in [e["action"] for e in other]
