"""One-ID lookup, card-opening checks and restricted holders over HTTP, on every store backend."""

from __future__ import annotations

from tests.support.world import A_NUMBERS, World

HOLDER = "h-0123456789abcdef"
HEADER = "number,id_hash,operator,channel,activated_at,province\n"


def _feed(world: World, who: str, rows: list[tuple[str, str, str, str, str]]) -> dict[str, object]:
    body = HEADER + "".join(
        f"{n},{h},{op},{ch},2026-0{i % 9 + 1}-01T10:00:00+08:00,GD\n"
        for i, (n, h, op, ch, _) in enumerate(rows)
    )
    r = world.client.post(
        "/v1/records/subscribers",
        content=body.encode(),
        headers={**world.as_(who), "content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    out: dict[str, object] = r.json()
    return out


def _check(world: World, who: str, **body: object) -> dict[str, object]:
    r = world.client.post("/v1/activation/check", json=body, headers=world.as_(who))
    assert r.status_code == 200, r.text
    out: dict[str, object] = r.json()
    return out


def test_holders_are_looked_up_across_operators_with_numbers_masked_by_role(world: World) -> None:
    a_cards = [(A_NUMBERS[0], HOLDER, "cmcc", "shop-1", "")] + [
        (f"+861380000100{i}", HOLDER, "cmcc", f"shop-{i}", "") for i in range(4)
    ]
    assert _feed(world, "op-a/member-operator", a_cards)["stored"] == 5
    _feed(world, "op-b/member-operator", [("+8615500000001", HOLDER, "cucc", "online", "")])
    as_b = world.client.get(f"/v1/holders/{HOLDER}", headers=world.as_("op-b/member-operator")).json()
    numbers = [c["number"] for c in as_b["cards"]]
    assert "+8615500000001" in numbers  # its own subscriber in full
    assert A_NUMBERS[0] not in numbers  # another operator's number masked
    assert len(numbers) == 6
    assert as_b["operators"] == "cmcc:5;cucc:1"
    assert as_b["flags"] == []
    full = world.client.get(f"/v1/holders/{HOLDER}", headers=world.as_("op-b/analyst")).json()
    assert A_NUMBERS[0] in [c["number"] for c in full["cards"]]
    assert world.client.get(f"/v1/holders/{HOLDER}", headers=world.as_("op-a/partner")).status_code == 403
    assert (
        world.client.get("/v1/holders/h-nobody-at-all", headers=world.as_("op-a/analyst")).status_code == 404
    )
    plain = world.client.get("/v1/holders/110101199003078888", headers=world.as_("op-a/analyst"))
    assert plain.status_code == 422
    audit = world.platform.store.audit_entries("op-b")
    assert ("holder.lookup", HOLDER) in [(e.action, e.target) for e in audit]


def test_the_counter_check_refuses_over_the_limit_and_restricted_holders_and_reviews_fraud_cards(
    world: World,
) -> None:
    a_cards = [(A_NUMBERS[0], HOLDER, "cmcc", "shop-1", "")] + [
        (f"+861380000100{i}", HOLDER, "cmcc", f"shop-{i}", "") for i in range(4)
    ]
    _feed(world, "op-a/member-operator", a_cards)
    who = "op-b/member-operator"
    over = _check(world, who, id_hash=HOLDER, operator="cmcc", channel="shop-9")
    assert over["decision"] == "refuse"
    assert [r["code"] for r in over["reasons"]] == ["over_limit", "fraud_cards"]  # type: ignore[index]
    elsewhere = _check(world, who, id_hash=HOLDER, operator="cucc")
    assert elsewhere["decision"] == "review"  # A_NUMBERS[0] was blocked by op-a's detection
    assert A_NUMBERS[0] not in str(elsewhere)
    assert _check(world, who, id_hash="h-stranger-000", operator="cucc") == {
        "decision": "allow",
        "reasons": [],
    }
    url = "/v1/holders/h-stranger-000/restriction"
    r = world.client.post(url, json={"reason": "fraud case 2026-17"}, headers=world.as_("op-b/analyst"))
    assert r.status_code == 200
    refused = _check(world, "op-a/member-operator", id_hash="h-stranger-000", operator="ctcc")
    assert refused["decision"] == "refuse"
    assert refused["reasons"] == [
        {"code": "restricted_holder", "detail": "restricted by op-b: fraud case 2026-17"}
    ]
    assert world.client.delete(url, headers=world.as_("op-a/analyst")).status_code == 404  # not op-a's
    assert world.client.delete(url, headers=world.as_("op-b/analyst")).status_code == 200
    assert _check(world, who, id_hash="h-stranger-000", operator="ctcc")["decision"] == "allow"
    actions = [e.action for e in world.platform.store.audit_entries("op-b")]
    assert {"holder.restrict", "holder.lift"} <= set(actions)
    screen_only = world.client.post(
        "/v1/activation/check",
        json={"id_hash": HOLDER, "operator": "x"},
        headers=world.as_("op-a/screen-only"),
    )
    assert screen_only.status_code == 403
    plain = world.client.post(
        "/v1/activation/check",
        json={"id_hash": "110101199003078888", "operator": "x"},
        headers=world.as_("op-a/analyst"),
    )
    assert plain.status_code == 422


def test_a_feed_that_gives_a_number_to_another_holder_reports_the_reissue(world: World) -> None:
    who = "op-a/member-operator"
    _feed(world, who, [("+8613800000777", HOLDER, "cmcc", "shop-1", "")])
    again = _feed(world, who, [("+8613800000777", HOLDER, "cmcc", "shop-1", "")])
    assert (again["stored"], again["already_stored"], again["reissued"]) == (0, 1, 0)
    tag = {
        "list_name": "tag",
        "kind": "number",
        "value": "+8613800000777",
        "label": "fraud",
        "sharing": "shared",
    }
    assert world.client.post("/v1/lists", json=tag, headers=world.as_("op-b/analyst")).status_code == 201
    moved = _feed(world, who, [("+8613800000777", "h-newholder-01", "cmcc", "shop-1", "")])
    assert (moved["stored"], moved["reissued"], moved["recycled_tags"]) == (1, 1, 1)
    left = world.client.get("/v1/numbers/+8613800000777", headers=world.as_("op-b/analyst")).json()
    assert left["tags"] == []
    removed = [e for e in world.platform.store.audit_entries("op-b") if e.action == "list.remove"]
    assert removed[0].actor.endswith("(re-issued)")
