"""/v1/tags: evidence from several organisations on one tag, the views with confidences now, delisting,
appeals and overrides; role checks and masking; every change audited. On every backend."""

from __future__ import annotations

from typing import Any

from tests.support.world import World

N = "+8613700000011"
FRAUD = "诈骗电话"


def _post(world: World, path: str, body: dict[str, Any], who: str, status: int = 201) -> dict[str, Any]:
    r = world.client.post(path, json=body, headers=world.as_(who))
    assert r.status_code == status, r.text
    out: dict[str, Any] = r.json()
    return out


def _get(world: World, path: str, who: str, **params: Any) -> Any:
    r = world.client.get(path, params=params, headers=world.as_(who))
    assert r.status_code == 200, r.text
    return r.json()


def _evidence(stance: str = "confirms", kind: str = "operator", number: str = N) -> dict[str, Any]:
    return {"number": number, "category": FRAUD, "kind": kind, "stance": stance, "note": "dialer"}


def test_evidence_from_several_organisations_builds_one_tag_and_its_confidence(world: World) -> None:
    first = _post(world, "/v1/tags", _evidence(number="13700000011"), "op-a/analyst")
    assert (first["started"], first["owner"], first["number"], first["state"]) == (True, "op-a", N, "active")
    assert 0 < first["confidence"] == first["seen"] < 0.2
    more = _post(world, "/v1/tags", _evidence(kind="confirmed_case"), "op-b/analyst")
    assert (more["id"], more["started"], more["owner"]) == (first["id"], False, "op-a")
    assert more["confidence"] > first["confidence"]
    assert [e["source"] for e in more["evidence"]] == ["op-a", "op-b"]
    disputed = _post(world, "/v1/tags", _evidence("disputes", "tagging_company"), "op-b/member-operator")
    assert disputed["confidence"] < more["confidence"]
    # a member operator may add evidence to a tag but not start one (that shares it with everyone)
    r = world.client.post(
        "/v1/tags", json=_evidence(number="+8613700000012"), headers=world.as_("op-b/member-operator")
    )
    assert r.status_code == 403
    # nothing to dispute; a number that is none
    assert (
        world.client.post(
            "/v1/tags", json=_evidence("disputes", number="+8613700000013"), headers=world.as_("op-a/analyst")
        ).status_code
        == 409
    )
    bad = world.client.post(
        "/v1/tags", json=_evidence(number="not a number"), headers=world.as_("op-a/analyst")
    )
    assert bad.status_code == 422
    # the views: full number for analysts, masked for another organisation's member operator
    listed = _get(world, "/v1/tags", "op-b/analyst")
    assert [(t["id"], t["number"]) for t in listed] == [(first["id"], N)]
    masked = _get(world, f"/v1/tags/{first['id']}", "op-b/member-operator")
    assert masked["number"] != N
    assert masked["holder"] is None or isinstance(masked["holder"], str)
    assert _get(world, f"/v1/tags/{first['id']}", "op-a/member-operator")["number"] == N
    for who in ("op-a/partner", "op-a/screen-only"):
        assert world.client.get("/v1/tags", headers=world.as_(who)).status_code == 403
    assert world.client.get("/v1/tags/999999", headers=world.as_("op-a/analyst")).status_code == 404
    assert _get(world, "/v1/tags", "op-a/analyst", min_confidence=0.99) == []
    audit_a = [e.action for e in world.platform.store.audit_entries("op-a", targets=[f"tag:{N}"])]
    audit_b = [e.action for e in world.platform.store.audit_entries("op-b", targets=[f"tag:{N}"])]
    assert audit_a == ["tag.evidence", "tag.evidence", "tag.create"]
    assert audit_b == ["tag.evidence", "tag.evidence"]


def test_only_the_owner_delists_and_decides_appeals_anyone_may_appeal(world: World) -> None:
    tag = _post(world, "/v1/tags", _evidence(kind="confirmed_case"), "op-a/analyst")
    path = f"/v1/tags/{tag['id']}"
    appealed = _post(world, f"{path}/appeals", {"by": "holder", "grounds": "re-issued to me"}, "op-b/analyst")
    assert [(a["by"], a["outcome"]) for a in appealed["appeals"]] == [("holder", "pending")]
    _post(world, f"{path}/appeals", {"grounds": "again"}, "op-b/analyst", 409)  # one pending at a time
    _post(world, f"{path}/appeals/decision", {"outcome": "overturned"}, "op-b/analyst", 403)
    upheld = _post(
        world, f"{path}/appeals/decision", {"outcome": "upheld", "note": "ok"}, "op-a/analyst", 200
    )
    assert (upheld["state"], upheld["appeals"][0]["outcome"]) == ("active", "upheld")
    assert upheld["confidence"] == tag["confidence"]
    _post(world, f"{path}/appeals/decision", {"outcome": "upheld"}, "op-a/analyst", 409)  # none pending
    _post(world, f"{path}/appeals", {"grounds": "new evidence"}, "op-b/analyst")
    overturned = _post(world, f"{path}/appeals/decision", {"outcome": "overturned"}, "op-a/analyst", 200)
    assert (overturned["state"], overturned["confidence"]) == ("delisted", 0.0)
    assert _get(world, "/v1/tags", "op-b/analyst") == []
    assert [t["id"] for t in _get(world, "/v1/tags/global", "op-b/analyst", state="delisted")] == [tag["id"]]
    # the number can be tagged again: a new tag
    again = _post(world, "/v1/tags", _evidence(), "op-b/analyst")
    assert (again["started"], again["owner"]) == (True, "op-b")
    _post(world, f"/v1/tags/{again['id']}/delist", {"reason": "mine"}, "op-a/analyst", 403)
    gone = _post(world, f"/v1/tags/{again['id']}/delist", {"reason": "mistake"}, "op-b/analyst", 200)
    assert gone["state"] == "delisted"
    _post(world, f"/v1/tags/{again['id']}/delist", {}, "op-b/analyst", 409)
    actions = [e.action for e in world.platform.store.audit_entries("op-a", targets=[f"tag:{N}"])]
    assert actions == ["tag.decide", "tag.appeal", "tag.decide", "tag.appeal", "tag.create"]


def test_an_organisation_overrides_a_tag_for_its_own_view_only(world: World) -> None:
    tag = _post(world, "/v1/tags", _evidence(), "op-a/analyst")
    hide = {"number": N, "category": FRAUD, "hide": True, "reason": "our customer, verified"}
    r = world.client.put("/v1/tags/overrides", json=hide, headers=world.as_("op-b/analyst"))
    assert r.status_code == 200, r.text
    assert _get(world, "/v1/tags", "op-b/analyst") == []
    assert [t["id"] for t in _get(world, "/v1/tags", "op-a/analyst")] == [tag["id"]]
    seen = _get(world, "/v1/tags/global", "op-b/analyst")
    assert (seen[0]["seen"], seen[0]["override"]["hide"]) == (None, True)
    pin = {"number": N, "category": FRAUD, "pinned": 1.0}
    assert (
        world.client.put("/v1/tags/overrides", json=pin, headers=world.as_("op-b/analyst")).status_code == 200
    )
    assert _get(world, "/v1/tags", "op-b/analyst")[0]["seen"] == 1.0
    assert _get(world, "/v1/tags/overrides", "op-b/analyst")[0]["pinned"] == 1.0
    both = {"number": N, "category": FRAUD, "hide": True, "pinned": 0.5}
    assert (
        world.client.put("/v1/tags/overrides", json=both, headers=world.as_("op-b/analyst")).status_code
        == 422
    )
    q = {"number": N, "category": FRAUD}
    assert (
        world.client.delete("/v1/tags/overrides", params=q, headers=world.as_("op-b/analyst")).status_code
        == 204
    )
    assert (
        world.client.delete("/v1/tags/overrides", params=q, headers=world.as_("op-b/analyst")).status_code
        == 404
    )
    assert _get(world, "/v1/tags", "op-b/analyst")[0]["seen"] == tag["confidence"]
    actions = [e.action for e in world.platform.store.audit_entries("op-b", targets=[f"tag:{N}"])]
    assert actions == ["tag.override.clear", "tag.override", "tag.override"]
