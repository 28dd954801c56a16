"""Live screening through the public API, on SQLite and on PostgreSQL: a disposal, a verification and a
shared blacklist entry reach call screening within seconds (the server refreshes its snapshot from the
store's change feed in the background; nothing here refreshes it by hand)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.world import A_NUMBERS, World, make_world

N = "+8613700000007"  # no alert, no list entry in the world: allowed until something happens to it
M = "+8613700000008"
CALL = {"callee": "13900000000", "origin": "intra"}


@pytest.fixture(params=["sqlite", "postgres"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    url = ""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        url = server.url_for(server.create(template=request.getfixturevalue("pg_template")))
    with make_world(tmp_path, url) as made:
        yield made


def _screen(world: World, org: str, caller: str) -> dict[str, Any]:
    r = world.client.post(
        "/v1/screen/call", json={**CALL, "caller": caller}, headers=world.as_(f"{org}/screen-only")
    )
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def _within(
    world: World, org: str, caller: str, verdict: str, seconds: float
) -> tuple[float, dict[str, Any]]:
    """Screen until the verdict is ``verdict``; how long it took (fails after ``seconds``)."""
    start = time.monotonic()
    while True:
        body = _screen(world, org, caller)
        elapsed = time.monotonic() - start
        if body["verdict"] == verdict:
            return elapsed, body
        assert elapsed < seconds, f"{caller} still {body['verdict']} for {org} after {seconds} s: {body}"
        time.sleep(0.05)


def _post(world: World, path: str, body: dict[str, Any], who: str = "op-a/analyst") -> dict[str, Any]:
    r = world.client.post(path, json=body, headers=world.as_(who))
    assert r.status_code in (200, 201), r.text
    out: dict[str, Any] = r.json()
    return out


def test_suspension_blocks_and_a_passed_verification_allows_within_5_s(world: World) -> None:
    before = _screen(world, "op-a", N)
    assert (before["verdict"], before["snapshot_version"]) == ("allow", before["snapshot"])
    assert before["snapshot_version"].startswith("store:")

    _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "reason": "dialer"})
    took, blocked = _within(world, "op-a", N, "block", 5.0)
    assert blocked["reasons"] == ["disposed"]
    assert blocked["hits"][0]["detail"] == "suspended"
    assert blocked["snapshot_version"] != before["snapshot_version"]
    assert took < 5.0
    assert _screen(world, "op-b", N)["verdict"] == "allow"  # a disposition binds its own organisation

    _post(world, f"/v1/numbers/{N}/verification", {"outcome": "passed", "note": "face match"})
    took, allowed = _within(world, "op-a", N, "allow", 5.0)
    assert allowed["reasons"] == []
    assert took < 5.0


def test_an_alerted_number_suspended_then_verified_is_allowed_again(world: World) -> None:
    """The realistic flow: detection flagged the number (blocked by its score), an analyst suspends it,
    the holder passes verification: the restore outweighs the detection it was suspended for."""
    flagged = A_NUMBERS[0]  # op-a's detection: block, score 0.9
    assert _screen(world, "op-a", flagged)["reasons"] == ["high_risk"]
    _post(world, f"/v1/numbers/{flagged}/actions", {"action": "suspend", "reason": "alert"})
    _took, blocked = _within(world, "op-a", flagged, "block", 5.0)
    deadline = time.monotonic() + 5.0
    while "disposed" not in blocked["reasons"]:
        assert time.monotonic() < deadline, blocked
        blocked = _screen(world, "op-a", flagged)
    assert blocked["reasons"] == ["disposed", "high_risk"]
    _post(world, f"/v1/numbers/{flagged}/verification", {"outcome": "passed"})
    took, allowed = _within(world, "op-a", flagged, "allow", 5.0)
    assert (allowed["reasons"], took < 5.0) == ([], True)


def test_a_shared_blacklist_entry_restricts_in_every_member_within_10_s(world: World) -> None:
    shared = _post(
        world,
        "/v1/lists",
        {"list_name": "blacklist", "value": N, "sharing": "shared", "reason": "fraud ring"},
    )
    _post(world, "/v1/lists", {"list_name": "blacklist", "value": M, "sharing": "private", "reason": "mine"})
    took, blocked = _within(world, "op-b", N, "block", 10.0)
    assert took < 10.0
    assert blocked["reasons"] == ["shared_blacklisted"]
    assert "op-a" in blocked["hits"][0]["detail"]
    assert _screen(world, "op-a", N)["reasons"] == ["blacklisted"]
    _within(world, "op-a", M, "block", 5.0)
    assert _screen(world, "op-b", M)["verdict"] == "allow"  # private to op-a
    assert (
        world.client.delete(f"/v1/lists/{shared['id']}", headers=world.as_("op-a/analyst")).status_code == 204
    )
    _within(world, "op-b", N, "allow", 10.0)
    _post(world, "/v1/lists", {"list_name": "tag", "value": M, "label": "诈骗电话", "sharing": "shared"})
    _took, labelled = _within(world, "op-b", M, "label", 10.0)
    assert (labelled["label"], labelled["reasons"]) == ("诈骗电话", ["tagged"])


def test_the_published_switch_snapshot_follows_a_suspension(tmp_path: Path) -> None:
    """With RINGFENCE_SCREEN_PUBLISH, the file Kamailio's in-switch screening maps follows the store."""
    from ringfence.adapters.snapshot_mmap import MappedSnapshotReader
    from ringfence.screening import CallSetup, screen

    published = tmp_path / "switch" / "risk.rfsnap"
    with make_world(tmp_path, screen_publish=published, screen_publish_org="op-a") as world:
        _screen(world, "op-a", N)  # the server is up and screening
        reader = MappedSnapshotReader(published, check_s=0.0)
        _post(world, f"/v1/numbers/{N}/actions", {"action": "suspend", "reason": "dialer"})
        _within(world, "op-a", N, "block", 5.0)
        deadline = time.monotonic() + 5.0
        while True:
            snap = reader.current()
            verdict = screen(CallSetup(N, "13900000000"), snap)
            if verdict.action.value == "block":
                break
            assert time.monotonic() < deadline, f"published snapshot still {verdict} ({reader.error})"
            time.sleep(0.05)
        assert verdict.reasons == ("disposed",)
        assert snap is not None
        assert snap.version.startswith("store:")


def test_registries_managed_through_the_api_reach_screening(world: World) -> None:
    """Trusted enterprise and inbound-only numbers: list entries (audited, change-fed), not CSV files."""
    bank, hotline = "+8675512345678", "+861065529988"
    _post(world, "/v1/lists", {"list_name": "trusted", "value": bank, "label": "bank-sh-1;bank-bj-2"})
    _post(world, "/v1/lists", {"list_name": "inbound_only", "value": hotline, "reason": "hotline"})
    r = world.client.post(
        "/v1/lists",
        json={"list_name": "trusted", "value": "+8675500000000"},
        headers=world.as_("op-a/analyst"),
    )
    assert r.status_code == 422  # a trusted number needs its trunks
    start = time.monotonic()
    while True:
        wrong = world.client.post(
            "/v1/screen/call",
            json={**CALL, "caller": bank, "trunk": "grey-route-9"},
            headers=world.as_("op-a/screen-only"),
        ).json()
        if wrong["verdict"] == "block":
            break
        assert time.monotonic() - start < 5.0, wrong
        time.sleep(0.05)
    right = world.client.post(
        "/v1/screen/call",
        json={**CALL, "caller": bank, "trunk": "bank-sh-1"},
        headers=world.as_("op-a/screen-only"),
    ).json()
    assert right["verdict"] == "allow"
    _, blocked = _within(world, "op-a", hotline, "block", 5.0)
    assert blocked["reasons"]
    audit = world.client.get("/v1/audit", headers=world.as_("op-a/admin")).json()
    assert sum(1 for e in audit if e["action"].startswith("list")) >= 2


def test_a_holder_restricted_by_one_member_is_flagged_in_another_members_screening_within_10_s(
    world: World,
) -> None:
    """涉诈失信: op-a's subscriber feed registers N to a holder; op-b restricts the holder; op-a's
    screening labels calls from N (its policy's default) within 10 s, and stops when op-b lifts it."""
    holder = "h-restricted-0001"
    body = f"number,id_hash,operator\n{N},{holder},cucc\n{M},h-ordinary-0002,cucc\n"
    r = world.client.post(
        "/v1/records/subscribers",
        content=body.encode(),
        headers={**world.as_("op-a/member-operator"), "content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    assert _screen(world, "op-a", N)["verdict"] == "allow"
    url = f"/v1/holders/{holder}/restriction"
    restrict = world.client.post(url, json={"reason": "case 17"}, headers=world.as_("op-b/analyst"))
    assert restrict.status_code == 200
    took, labelled = _within(world, "op-a", N, "label", 10.0)
    assert took < 10.0
    assert (labelled["reasons"], labelled["label"]) == (["restricted_holder"], "涉诈失信")
    assert labelled["hits"][0]["detail"] == "holder restricted for fraud by op-b: case 17"
    assert _screen(world, "op-b", N)["reasons"] == ["restricted_holder"]
    assert _screen(world, "op-a", M)["verdict"] == "allow"  # another holder's card
    assert world.client.delete(url, headers=world.as_("op-b/analyst")).status_code == 200
    _within(world, "op-a", N, "allow", 10.0)


def test_registries_carry_display_names_and_a_do_not_call_register_into_screening(world: World) -> None:
    """/v1/registries: a trusted bank number shows its name on its own trunk and is a spoof on another;
    a marketing caller is blocked towards a callee on the do-not-call register and allowed elsewhere."""
    bank, marketer, callee = "+8675512345679", "+8613700000009", "+8613900000011"
    r = world.client.post(
        "/v1/registries/trusted",
        json={"number": bank, "trunks": ["cmb-sz-1", "cmb-sh-2"], "display_name": "招商银行"},
        headers=world.as_("op-a/analyst"),
    )
    assert r.status_code == 201, r.text
    named = world.client.post(
        "/v1/registries/inbound_only",
        json={"number": marketer, "display_name": "not for this registry"},
        headers=world.as_("op-a/analyst"),
    )
    assert named.status_code == 422  # only trusted numbers have a display name
    _post(world, "/v1/registries/marketing", {"number": marketer, "reason": "telemarketing firm"})
    dnc = _post(world, "/v1/registries/do_not_call", {"number": callee, "reason": "callee opted out"})

    def call(caller: str, to: str, trunk: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"caller": caller, "callee": to, "origin": "intra"}
        if trunk:
            body["trunk"] = trunk
        out: dict[str, Any] = world.client.post(
            "/v1/screen/call", json=body, headers=world.as_("op-a/screen-only")
        ).json()
        return out

    deadline = time.monotonic() + 10.0
    while call(marketer, callee)["verdict"] != "block":
        assert time.monotonic() < deadline, call(marketer, callee)
        time.sleep(0.05)
    assert call(marketer, callee)["reasons"] == ["do_not_call"]
    assert call(marketer, "+8613900000012")["verdict"] == "allow"
    own = call(bank, callee, "cmb-sz-1")
    assert (own["verdict"], own["display_name"]) == ("allow", "招商银行")
    spoof = call(bank, callee, "grey-route-3")
    assert (spoof["verdict"], spoof["reasons"], spoof["display_name"]) == (
        "block",
        ["trusted_wrong_trunk"],
        None,
    )
    # op-b's register is its own: the entry is private to op-a
    other = world.client.post(
        "/v1/screen/call",
        json={"caller": marketer, "callee": callee, "origin": "intra"},
        headers=world.as_("op-b/screen-only"),
    ).json()
    assert other["verdict"] == "allow"
    listing = world.client.get("/v1/registries", headers=world.as_("op-a/analyst")).json()
    assert [e["display_name"] for e in listing["trusted"]] == ["招商银行"]
    assert [e["value"] for e in listing["do_not_call"]] == [callee]
    gone = world.client.delete(f"/v1/registries/do_not_call/{dnc['id']}", headers=world.as_("op-a/analyst"))
    assert gone.status_code == 204
    deadline = time.monotonic() + 10.0
    while call(marketer, callee)["verdict"] != "allow":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    actions = [e["action"] for e in world.client.get("/v1/audit", headers=world.as_("op-a/admin")).json()]
    assert actions.count("list.add") >= 3
    assert "list.remove" in actions


@pytest.fixture(params=["sqlite", "postgres"])
def policy_world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """The world with op-b's own screening policy: a tag counts from confidence 0.3 and blocks."""
    import json

    url = ""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        url = server.url_for(server.create(template=request.getfixturevalue("pg_template")))
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "op-b.json").write_text(json.dumps({"tag_min_confidence": 0.3, "tagged": "block"}))
    with make_world(tmp_path, url, screen_org_policies=policies) as made:
        yield made


def test_a_tag_of_one_member_reaches_every_members_screening_within_10_s_by_its_policy(
    policy_world: World,
) -> None:
    """一处违规、处处受限 for tags: op-a tags N through the API; op-a (default policy: label from 0.15)
    labels it and op-b (its own policy: block from 0.3) blocks it once the confidence is high enough;
    op-b's override hides it in op-b only; a subscriber feed re-issuing N recycles the tag."""
    world = policy_world
    tag = {"number": N, "category": "诈骗电话", "kind": "confirmed_case", "note": "case 42"}
    first = _post(world, "/v1/tags", tag)
    assert 0.15 <= first["confidence"] < 0.3
    took, labelled = _within(world, "op-a", N, "label", 10.0)
    assert (labelled["label"], labelled["reasons"], took < 10.0) == ("诈骗电话", ["tagged"], True)
    assert "confidence 0.2" in labelled["hits"][0]["detail"]
    assert _screen(world, "op-b", N)["verdict"] == "allow"  # below op-b's threshold (same snapshot)
    second = _post(world, "/v1/tags", tag, "op-b/analyst")  # op-b confirms: one tag, more evidence
    assert (second["id"], second["confidence"] >= 0.3) == (first["id"], True)
    took, blocked = _within(world, "op-b", N, "block", 10.0)
    assert (blocked["reasons"], took < 10.0) == (["tagged"], True)
    assert _screen(world, "op-a", N)["verdict"] == "label"
    hide = {"number": N, "category": "诈骗电话", "hide": True, "reason": "verified customer"}
    assert (
        world.client.put("/v1/tags/overrides", json=hide, headers=world.as_("op-b/analyst")).status_code
        == 200
    )
    _within(world, "op-b", N, "allow", 10.0)
    assert _screen(world, "op-a", N)["verdict"] == "label"  # op-b's override is op-b's own
    # the number goes to a new holder: the subscriber feed recycles the old holder's tag everywhere
    for holder in ("h-old-0001", "h-new-0002"):
        r = world.client.post(
            "/v1/records/subscribers",
            content=f"number,id_hash,operator\n{N},{holder},cmcc\n".encode(),
            headers={**world.as_("op-a/member-operator"), "content-type": "text/csv"},
        )
        assert r.status_code == 200, r.text
    assert r.json()["reissued"] == 1
    _within(world, "op-a", N, "allow", 10.0)
    stored = world.client.get(f"/v1/tags/{first['id']}", headers=world.as_("op-a/analyst")).json()
    assert (stored["state"], stored["confidence"]) == ("recycled", 0.0)
