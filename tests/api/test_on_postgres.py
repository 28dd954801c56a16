"""The whole app on PostgreSQL: auth, tenancy, ingest dedupe and the audit log behave as on SQLite."""

from __future__ import annotations

from pathlib import Path

from tests.support.postgres import PostgresServer
from tests.support.runs import calls_csv
from tests.support.world import A_NUMBERS, make_world


def test_the_app_on_postgresql(tmp_path: Path, pg_server: PostgresServer) -> None:
    with make_world(tmp_path, pg_server.url_for(pg_server.create())) as world:
        c = world.client
        assert world.platform.store.backend == "postgresql"
        assert c.get("/v1/alerts").status_code == 401
        assert c.get("/v1/alerts", headers=world.as_("op-a/partner")).status_code == 403
        a = c.get("/v1/alerts", headers=world.as_("op-a/analyst")).json()
        assert sorted(x["number"] for x in a) == sorted(A_NUMBERS)
        assert c.get(f"/v1/alerts/{a[0]['id']}", headers=world.as_("op-b/analyst")).status_code == 404
        body = calls_csv([("c1", "13800000001", "13900000002", "2026-11-02T08:00:00+08:00", 30)] * 2)
        h = {**world.as_("op-a/member-operator"), "content-type": "text/csv"}
        first = c.post("/v1/records/calls", content=body, headers=h).json()
        again = c.post("/v1/records/calls", content=body, headers=h).json()
        assert (first["stored"], first["quarantined"], again["stored"], again["already_stored"]) == (
            1,
            1,
            0,
            1,
        )
        c.post(
            f"/v1/numbers/{A_NUMBERS[0]}/actions", json={"action": "label"}, headers=world.as_("op-a/analyst")
        )
        log = c.get("/v1/audit", headers=world.as_("op-a/admin")).json()
        assert log[0]["action"] == "number.label"
        timeline = c.get(f"/console/numbers/{A_NUMBERS[0]}")  # not logged in: redirected
        assert timeline.history[0].status_code == 303
