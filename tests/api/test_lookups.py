"""Lookups, screening and statistics."""

from __future__ import annotations

from pathlib import Path

from tests.support.world import A_NUMBERS, World


def test_lookup_normalises_and_reports_what_the_org_knows(world: World) -> None:
    h = world.as_("op-a/analyst")
    out = world.client.get("/v1/numbers/13800000001", headers=h).json()
    assert out["value"] == A_NUMBERS[0]
    assert (out["verdict"], out["typology"], out["number_kind"]) == ("block", "dialer", "mobile")
    world.client.post("/v1/reports", json={"value": "13800000001", "category": "impersonation"}, headers=h)
    world.client.post(
        "/v1/reports", json={"value": "+8613800000001"}, headers=world.as_("op-b/member-operator")
    )
    assert (
        world.client.get("/v1/numbers/13800000001", headers=world.as_("op-b/partner")).json()["reports"] == 2
    )
    official = world.client.get("/v1/numbers/95588", headers=h).json()
    assert official["official"] is True
    assert official["number_kind"] == "service"


def test_screening_and_sms_routers_are_behind_keys_and_roles(world: World) -> None:
    call = {"caller": "+8695588", "callee": "13900000000", "origin": "international"}
    assert world.client.post("/v1/screen/call", json=call).status_code == 401
    assert (
        world.client.post("/v1/screen/call", json=call, headers=world.as_("op-a/partner")).status_code == 403
    )
    screened = world.client.post("/v1/screen/call", json=call, headers=world.as_("op-a/screen-only"))
    assert screened.status_code == 200
    assert screened.json()["verdict"] == "block"  # the screening capability's spoofed-official rule
    url = {"url": "http://paypa1.com/signin"}
    assert world.client.post("/v1/lookup/url", json=url).status_code == 401
    assert world.client.post("/v1/lookup/url", json=url, headers=world.as_("op-a/partner")).status_code == 200
    sms = {"text": "您的快递已到", "sender": "95338"}
    assert (
        world.client.post("/v1/screen/message", json=sms, headers=world.as_("op-a/screen-only")).status_code
        == 200
    )


def test_daily_and_monthly_statistics(world: World) -> None:
    h = world.as_("op-a/analyst")
    day = world.client.get("/v1/stats/day", headers=h).json()
    assert [p["alerts"] for p in day["periods"]] == [3]
    assert day["period"] == "2026-11-02"
    assert {b["key"]: b["alerts"] for b in day["by_typology"]} == {"dialer": 1, "sim_farm": 1, "wangiri": 1}
    month = world.client.get("/v1/stats/month", headers=h).json()
    assert month["periods"][0]["period"] == "2026-11"
    assert world.client.get("/v1/stats/week", headers=h).status_code == 422
    assert world.client.get("/v1/stats/day", headers=world.as_("op-a/partner")).status_code == 403


def test_openapi_publishes_the_v1_api_and_not_the_console(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    assert "/v1/records/calls" in paths
    assert "/v1/screen/call" in paths
    assert not any(p.startswith("/console") for p in paths)


def test_partners_look_up_by_digest_prefix_without_revealing_the_number(world: World) -> None:
    import hashlib

    number = A_NUMBERS[1]
    world.client.post(
        "/v1/lists",
        json={"list_name": "blacklist", "value": number, "sharing": "shared"},
        headers=world.as_("op-a/analyst"),
    )
    full = hashlib.sha256(number.encode()).hexdigest()
    out = world.client.get(f"/v1/hashed/{full[:5]}", headers=world.as_("op-b/partner")).json()
    match = [m for m in out if m["digest"] == full]
    assert match == [{"digest": full, "lists": ["blacklist"], "tags": [], "verdict": None}]
    assert number not in str(out)
    own = world.client.get(f"/v1/hashed/{full[:8]}", headers=world.as_("op-a/partner")).json()
    assert own[0]["verdict"] == "block"  # op-a's own decision on the number
    assert world.client.get("/v1/hashed/abc", headers=world.as_("op-b/partner")).status_code == 422
    assert (
        world.client.get(f"/v1/hashed/{full[:5]}", headers=world.as_("op-b/screen-only")).status_code == 403
    )


def test_lookups_are_metered_per_key_and_answered_429_past_the_limit(tmp_path: Path) -> None:
    """Partner lookups by digest prefix (and number, URL, holder lookups) count against the key's own
    limit: one key past it gets 429 with Retry-After, another key of the same organisation does not."""
    import hashlib

    from tests.support.world import make_world  # its own limits, not the shared world's

    with make_world(tmp_path, lookup_limit=3, lookup_window_s=600) as w:
        prefix = hashlib.sha256(b"+8613800000001").hexdigest()[:5]
        partner = w.as_("op-b/partner")
        for _ in range(3):
            ok = w.client.get(f"/v1/hashed/{prefix}", headers=partner)
            assert ok.status_code == 200
            assert "+8613800000001" not in ok.text  # digests only, never the number
        refused = w.client.get(f"/v1/hashed/{prefix}", headers=partner)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert "lookups" in refused.text
        assert w.client.get(f"/v1/hashed/{prefix}", headers=w.as_("op-b/analyst")).status_code == 200
        number = w.client.get("/v1/numbers/+8613800000001", headers=w.as_("op-b/analyst"))
        assert number.status_code == 200  # the analyst's own second lookup
