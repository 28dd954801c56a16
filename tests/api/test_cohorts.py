"""``GET /v1/cohorts``: abnormal-card cohorts over the calls an organisation posted, on every backend."""

from __future__ import annotations

from datetime import timedelta

from tests.support.world import World

GATEWAY_IMEI = "861234560000017"


def _post(world: World, path: str, body: str) -> None:
    r = world.client.post(
        path, content=body.encode(), headers={**world.as_("op-a/analyst"), "content-type": "text/csv"}
    )
    assert r.status_code == 200, r.text


def test_a_gateway_in_posted_calls_is_listed_as_one_cohort_with_its_evidence(world: World) -> None:
    now = world.platform.clock()
    sims = [f"+861660000{i:04d}" for i in range(7)]
    people = [f"+861380000{i:04d}" for i in range(5)]
    rows = ["call_id,caller,callee,start_time,duration_s,caller_imei,caller_cell"]
    for k in range(42):  # seven SIMs take turns on one gateway port, each calling strangers
        at = now - timedelta(hours=30) + timedelta(minutes=20 * k)
        rows.append(f"g{k},{sims[k % 7]},+86159{k:08d},{at.isoformat()},0,{GATEWAY_IMEI},CELL-9")
    for k, n in enumerate(people * 3):  # people on their own phones
        at = now - timedelta(hours=20) + timedelta(minutes=37 * k)
        rows.append(
            f"p{k},{n},{people[(k + 1) % 5]},{at.isoformat()},120,86000000000{people.index(n):04d},CELL-1"
        )
    _post(world, "/v1/records/calls", "\n".join(rows) + "\n")
    r = world.client.get("/v1/cohorts?days=3", headers=world.as_("op-a/analyst"))
    assert r.status_code == 200, r.text
    found = r.json()
    pools = [c for c in found if c["finding"] == "multi_sim_handset"]
    assert len(pools) == 1
    assert (pools[0]["cohort"], pools[0]["cards"], sorted(pools[0]["numbers"])) == (
        f"imei:{GATEWAY_IMEI}",
        7,
        sims,
    )
    assert "placed 42 calls from 7 SIMs" in pools[0]["evidence"]
    assert not {n for c in found for n in c["numbers"]} & set(people)
    assert world.client.get("/v1/cohorts", headers=world.as_("op-b/analyst")).json() == []  # op-a's calls
    assert world.client.get("/v1/cohorts?days=99", headers=world.as_("op-a/analyst")).status_code == 422
    assert world.client.get("/v1/cohorts", headers=world.as_("op-a/screen-only")).status_code == 403
