"""The investigation pages, search, the alert page and the working queue over TestClient."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from tests.support.console import login
from tests.support.world import A_NUMBERS, World

pytestmark = pytest.mark.parametrize("world", ["memory", "sqlite"], indirect=True)


def _client(world: World, who: str = "op-a/analyst") -> TestClient:
    client = TestClient(create_app(world.platform))
    assert login(client, world.keys[who]).status_code == 303
    return client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match is not None
    return match.group(1)


def _location(client: TestClient, url: str) -> str:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    return str(response.headers["location"])


def test_search_goes_to_each_kind_of_page(world: World) -> None:
    client = _client(world)
    assert (
        _location(client, "/console/search?q=13800000001")
        == f"/console/numbers/{quote(A_NUMBERS[0], safe='')}"
    )
    assert _location(client, "/console/search?q=358754090595455") == "/console/handsets/358754090595455"
    assert _location(client, "/console/search?q=CELL-9&kind=cell") == "/console/cells/CELL-9"
    assert _location(client, "/console/search?q=bank-verify.cn") == "/console/urls?u=bank-verify.cn"
    assert _location(client, "/console/search?q=abcdef0123456789&kind=id_hash") == (
        "/console/holders?id_hash=abcdef0123456789"
    )
    assert client.get("/console/search?q=x&kind=email").status_code == 422
    page = client.get("/console/search").text
    assert 'value="id_hash"' in page  # analysts hold the one-ID lookup
    for url in (
        "/console/handsets/358754090595455",
        "/console/cells/CELL-9",
        "/console/urls?u=bank-verify.cn",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert 'id="pivot-title"' in response.text
    assert client.get("/console/cells/" + "x" * 65).status_code == 422


def test_the_alert_page_shows_its_rule_trace(world: World) -> None:
    client = _client(world)
    alert = world.platform.store.decisions("op-a", number=A_NUMBERS[0])[0]
    page = client.get(f"/console/alerts/{alert.id}").text
    assert 'id="trace-rules"' in page
    assert 'id="score-path"' in page
    assert 'id="thresholds"' in page
    assert all(rule in page for rule in alert.rules)
    other_org = world.platform.store.decisions("op-b")[0].id
    assert client.get(f"/console/alerts/{other_org}").status_code == 404  # another tenant's
    queue = client.get("/console/alerts").text
    assert f'href="/console/alerts/{alert.id}"' in queue


def test_the_investigate_page_draws_and_tabulates_the_ring(world: World) -> None:
    client = _client(world)
    page = client.get(f"/console/numbers/{A_NUMBERS[0]}/investigate").text
    assert '<svg class="ring"' in page
    assert '<title id="ring-title">' in page
    assert "<desc" in page
    assert 'id="ring-nodes"' in page
    assert 'id="ring-edges"' in page
    assert 'id="counterparts"' in page
    assert A_NUMBERS[0] in page
    number_page = client.get(f"/console/numbers/{A_NUMBERS[0]}").text
    assert f'href="/console/numbers/{quote(A_NUMBERS[0], safe="")}/investigate"' in number_page


def test_queue_counts_sorts_filters_and_works_in_bulk(world: World) -> None:
    client = _client(world)
    page = client.get("/console/alerts?outcome=&sort=score&order=asc").text
    assert "3 alerts match" in page
    numbers = re.findall(r'<a class="num" href="/console/numbers/[^"]+">([^<]+)</a>', page)
    assert numbers == list(reversed(A_NUMBERS))  # the world's scores fall with the index
    assert "1 alert matches" in client.get("/console/alerts?outcome=&typology=wangiri").text
    assert client.get("/console/alerts?sort=number").status_code == 422
    assert client.get("/console/alerts?start=yesterday").status_code == 422

    ids = [d.id for d in world.platform.store.decisions("op-a")]
    csrf = _csrf(page)
    forged = client.post(
        "/console/alerts/bulk", data={"ids": ids, "do": "assign", "assignee": "x", "csrf": "0" * 32}
    )
    assert forged.status_code == 403
    done = client.post(
        "/console/alerts/bulk",
        data={
            "ids": ids[:2],
            "do": "assign",
            "assignee": "小王",
            "csrf": csrf,
            "back": "/console/alerts?outcome=",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"].startswith("/console/alerts?outcome=&done=")
    mine = client.get("/console/alerts?outcome=&assignee=" + quote("小王")).text
    assert "2 alerts match" in mine
    entries = world.platform.store.audit_entries("op-a", actions=["alert.assign"])
    assert sorted(e.target for e in entries) == sorted(f"alert#{i}" for i in ids[:2])
    assert all(e.detail["to"] == "小王" for e in entries)
    client.post(
        "/console/alerts/bulk",
        data={"ids": ids, "do": "outcome", "outcome": "dismissed", "reason": "test", "csrf": csrf},
    )
    assert {d.outcome for d in world.platform.store.decisions("op-a")} == {"dismissed"}
    assert len(world.platform.store.audit_entries("op-a", actions=["alert.outcome"])) == 3
    assert client.post("/console/alerts/bulk", data={"do": "assign", "csrf": csrf}).status_code == 422


def test_dashboard_range_and_charts_that_link_to_the_queue(world: World) -> None:
    client = _client(world)
    page = client.get("/console/").text
    assert 'href="/console/alerts?outcome=&amp;typology=dialer"' in page
    assert 'class="legend"' in page
    ranged = client.get("/console/?start=2000-01-01&end=2000-01-02").text
    assert 'id="kpi-alerts">0<' in ranged
    assert client.get("/console/?start=2000-13-01").status_code == 422
    assert client.get("/console/?start=2000-01-02&end=2000-01-01").status_code == 422
