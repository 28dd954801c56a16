"""The cohorts page: a GoIP gateway in posted calls is one row, linked to its handset and members."""

from __future__ import annotations

from pathlib import Path

from ringfence.adapters.memory import MEMORY_URL
from ringfence.services.cohorts import _pivot
from tests.intel.planted_cohorts import GATEWAY_IMEI, GATEWAY_PEOPLE, GATEWAY_SIMS, gateway_calls_csv
from tests.support.console import console_client
from tests.support.world import World, make_world

SIMS, PEOPLE = GATEWAY_SIMS, GATEWAY_PEOPLE


def _post_calls(world: World) -> None:
    r = world.client.post(
        "/v1/records/calls",
        content=gateway_calls_csv(world.platform.clock()).encode(),
        headers={**world.as_("op-a/analyst"), "content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text


def test_a_gateway_is_one_cohort_with_links_to_its_handset_and_cards(tmp_path: Path) -> None:
    with make_world(tmp_path, MEMORY_URL) as world:
        _post_calls(world)
        client, _ = console_client(world, "op-a/analyst")
        page = client.get("/console/cohorts?days=3")
        assert page.status_code == 200
        html = page.text
        assert html.count(f'href="/console/handsets/{GATEWAY_IMEI}"') == 1
        for sim in SIMS:
            assert f'href="/console/numbers/%2B{sim[1:]}"' in html
        assert not any(p in html for p in PEOPLE)  # people on their own phones are in no cohort
        assert "placed 42 calls from 7 SIMs" in html
        zh = client.get("/console/cohorts?days=3", headers={"accept-language": "zh-CN"}).text
        assert "一机多卡" in zh
        other, _ = console_client(world, "op-b/analyst")  # op-a's calls are op-a's
        assert "No cohort in these days." in other.get("/console/cohorts").text
        assert client.get("/console/cohorts?days=99").status_code == 422


def test_the_pivot_of_each_kind_of_cohort() -> None:
    assert _pivot("imei:8612+2") == "/console/handsets/8612"
    assert _pivot("cell:C/1@2026-12-01T10:00Z") == "/console/cells/C%2F1"
    assert _pivot("holder:abc") == ""
    assert _pivot("day:2026-12-01") == ""
