"""The number page lists the people a number reached and the warnings sent, with delivery status;
a person's page the warnings they received."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.domain.outbox import NewMessage, Topic
from ringfence.domain.warnings import NewWarning, WarningStatus
from tests.support.console import login
from tests.support.world import World

FRAUD, PERSON, GUARDIAN = "+8617000000001", "+8613800000001", "+8613900000001"
T0 = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)


def _queue(world: World) -> None:
    pairs = []
    for key, channel, notify in (("k1", "flash_sms", PERSON), ("k2", "guardian", GUARDIAN)):
        w = NewWarning(
            key, PERSON, FRAUD, channel, notify, "police_impersonation", 0.93, "long_call", "【反诈提醒】"
        )
        pairs.append((w, NewMessage(Topic.WARNING, "kannel", key, {"to": notify, "text": w.text})))
    world.platform.store.add_warnings("op-a", pairs, T0)
    world.platform.store.warning_report("op-a", "k1", WarningStatus.DELIVERED, T0, "dlr 1")


def test_number_page_shows_people_reached_and_warnings_received(world: World) -> None:
    _queue(world)
    client = TestClient(create_app(world.platform))
    assert login(client, world.keys["op-a/analyst"]).status_code == 303
    html = client.get(f"/console/numbers/{FRAUD}").text
    assert "People reached and warned" in html
    assert PERSON in html
    assert GUARDIAN in html
    assert "delivered" in html
    assert "queued" in html
    person = client.get(f"/console/numbers/{PERSON}").text
    assert "Warnings this number received" in person
    assert FRAUD in person


def test_other_organisations_see_no_warnings(world: World) -> None:
    _queue(world)
    client = TestClient(create_app(world.platform))
    assert login(client, world.keys["op-b/analyst"]).status_code == 303
    html = client.get(f"/console/numbers/{FRAUD}").text
    assert "No one warned about this number." in html
    assert PERSON not in html
