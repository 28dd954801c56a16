"""Warnings through the API: queued when a number is suspended, listed with filters and per tenant,
delivery reports by signed callback, statistics; refused inputs are 4xx."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from ringfence.adapters.channels.kannel import dlr_signature
from tests.support.world import World

FRAUD = "+8617000000001"
PEOPLE = ["+8613800000001", "+8613800000002"]
T0 = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)  # noon in Beijing


@pytest.fixture
def warned(world: World) -> World:
    return _suspend(world)


def _suspend(world: World) -> World:
    world.platform.clock = lambda: T0
    n = len(PEOPLE) + 1
    calls = pl.DataFrame(
        {
            "call_id": [f"w{i}" for i in range(n)],
            "caller": [FRAUD] * n,
            "callee": [*PEOPLE, "+8613800000003"],
            "start_time": [T0 - timedelta(hours=3)] * n,
            "duration_s": [900, 1200, 10],
            "origin": ["intra"] * n,
            "caller_imei": [None] * n,
            "caller_imsi": [None] * n,
            "caller_cell": [None] * n,
            "caller_region": [None] * n,
            "call_type": ["moc"] * n,
        },
        schema_overrides={"start_time": pl.Datetime("us", "UTC")},
    )
    world.platform.store.add_calls("op-a", calls)
    r = world.client.post(
        f"/v1/numbers/{FRAUD}/actions",
        json={"action": "suspend", "reason": "dialer confirmed"},
        headers=world.as_("op-a/analyst"),
    )
    assert r.status_code == 201, r.text
    return world


def _get(world: World, path: str, who: str = "op-a/analyst", **params: object) -> tuple[int, object]:
    r = world.client.get(path, params=params, headers=world.as_(who))
    return r.status_code, r.json()


def test_suspension_queues_warnings_for_the_people_reached(warned: World) -> None:
    status, body = _get(warned, "/v1/warnings")
    assert status == 200
    assert isinstance(body, list)
    assert {w["number"] for w in body} == set(PEOPLE)
    assert {w["status"] for w in body} == {"queued"}
    assert all(w["fraud_number"] == FRAUD for w in body)
    # suspending again (restrict) does not warn twice
    warned.client.post(
        f"/v1/numbers/{FRAUD}/actions",
        json={"action": "label", "reason": "x"},
        headers=warned.as_("op-a/analyst"),
    )
    assert len(_get(warned, "/v1/warnings")[1]) == len(PEOPLE)  # type: ignore[arg-type]


def test_filters_and_tenancy(warned: World) -> None:
    status, body = _get(warned, "/v1/warnings", number="13800000001")
    assert status == 200
    assert [w["number"] for w in body] == [PEOPLE[0]]  # type: ignore[union-attr]
    assert _get(warned, "/v1/warnings", fraud_number=FRAUD)[1]
    assert _get(warned, "/v1/warnings", status="delivered")[1] == []
    assert _get(warned, "/v1/warnings", who="op-b/analyst")[1] == []
    assert _get(warned, "/v1/warnings", who="op-a/partner")[0] == 403


def test_delivery_reports_move_warnings_and_show_in_statistics(warned: World) -> None:
    _, body = _get(warned, "/v1/warnings", number=PEOPLE[0])
    key = body[0]["key"]  # type: ignore[index]
    secret = warned.platform.secret
    for dlr_type, expect in ((8, "recorded"), (1, "recorded"), (8, "ignored")):
        r = warned.client.get(
            "/v1/warnings/dlr",
            params={"org": "op-a", "key": key, "sig": dlr_signature(secret, "op-a", key), "type": dlr_type},
        )
        assert r.status_code == 200
        assert r.text == expect
    _, delivered = _get(warned, "/v1/warnings", status="delivered")
    assert [w["number"] for w in delivered] == [PEOPLE[0]]  # type: ignore[union-attr]
    status, stats = _get(warned, "/v1/stats/warnings")
    assert status == 200
    assert stats["total"] == len(PEOPLE)  # type: ignore[index]
    assert stats["by_status"] == {"delivered": 1, "queued": 1}  # type: ignore[index]
    assert sum(stats["by_channel"].values()) == len(PEOPLE)  # type: ignore[index]


def test_refused_inputs_are_4xx(warned: World) -> None:
    assert _get(warned, "/v1/warnings", status="lost")[0] == 422
    assert _get(warned, "/v1/warnings", since="2026-11-03T00:00:00")[0] == 422
    assert _get(warned, "/v1/warnings", limit=0)[0] == 422
    r = warned.client.get("/v1/warnings/dlr", params={"org": "op-a", "key": "k", "sig": "0" * 32, "type": 1})
    assert r.status_code == 403
    key = "warn-unknown"
    sig = dlr_signature(warned.platform.secret, "op-a", key)
    r = warned.client.get("/v1/warnings/dlr", params={"org": "op-a", "key": key, "sig": sig, "type": 3})
    assert r.status_code == 422
    assert warned.client.get("/v1/warnings").status_code == 401


def test_guardians_are_alerted_when_the_platform_knows_the_subscribers(world: World, tmp_path: Path) -> None:
    subs = tmp_path / "subscribers.csv"
    subs.write_text(
        f"number,birth_year,guardians\n{PEOPLE[0]},1948,+8613900000101;+8613900000102\n{PEOPLE[1]},1990,\n",
        encoding="utf-8",
    )
    world.platform.settings.warn_subscribers = subs
    _suspend(world)
    _, body = _get(world, "/v1/warnings", channel="guardian")
    assert {w["notify"] for w in body} == {"+8613900000101", "+8613900000102"}  # type: ignore[index]
    assert {w["number"] for w in body} == {PEOPLE[0]}  # type: ignore[index]


def test_bulk_suspension_warns_too(world: World) -> None:
    world.platform.clock = lambda: T0
    n = len(PEOPLE)
    world.platform.store.add_calls(
        "op-a",
        pl.DataFrame(
            {
                "call_id": [f"b{i}" for i in range(n)],
                "caller": [FRAUD] * n,
                "callee": PEOPLE,
                "start_time": [T0 - timedelta(hours=1)] * n,
                "duration_s": [800] * n,
                "origin": ["intra"] * n,
                "caller_imei": [None] * n,
                "caller_imsi": [None] * n,
                "caller_cell": [None] * n,
                "caller_region": [None] * n,
                "call_type": ["moc"] * n,
            },
            schema_overrides={"start_time": pl.Datetime("us", "UTC")},
        ),
    )
    r = world.client.post(
        "/v1/dispositions/bulk",
        json={"action": "suspend", "numbers": [FRAUD], "reason": "ring"},
        headers=world.as_("op-a/analyst"),
    )
    assert r.status_code == 200, r.text
    assert {w["number"] for w in _get(world, "/v1/warnings")[1]} == set(PEOPLE)  # type: ignore[union-attr,index]
