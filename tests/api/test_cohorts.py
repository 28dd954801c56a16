"""``GET /v1/cohorts``: abnormal-card cohorts over the calls an organisation posted, on every backend."""

from __future__ import annotations

from tests.intel.planted_cohorts import GATEWAY_IMEI, GATEWAY_PEOPLE, GATEWAY_SIMS, gateway_calls_csv
from tests.support.world import World


def _post(world: World, path: str, body: str) -> None:
    r = world.client.post(
        path, content=body.encode(), headers={**world.as_("op-a/analyst"), "content-type": "text/csv"}
    )
    assert r.status_code == 200, r.text


def test_a_gateway_in_posted_calls_is_listed_as_one_cohort_with_its_evidence(world: World) -> None:
    sims, people = GATEWAY_SIMS, GATEWAY_PEOPLE
    _post(world, "/v1/records/calls", gateway_calls_csv(world.platform.clock()))
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
