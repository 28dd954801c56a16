"""The server's background housekeeping: a periodic thread off the event loop that escalates and
delivers, started and stopped with the app."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from ringfence.adapters.periodic import PeriodicThread
from ringfence.api.app import create_app
from ringfence.bootstrap import build_platform
from ringfence.services.keys import create_key
from ringfence.settings import Settings


def test_periodic_work_survives_a_failure_and_stops_at_once() -> None:
    calls: list[float] = []
    ran_twice = threading.Event()

    def work() -> None:
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RuntimeError("the database is away")
        ran_twice.set()

    worker = PeriodicThread(0.01, work).start()
    assert ran_twice.wait(5)
    started = time.monotonic()
    worker.stop()
    assert time.monotonic() - started < 2
    assert not worker.alive


def test_the_app_delivers_provisioning_events_in_the_background(tmp_path: Path) -> None:
    platform = build_platform(
        Settings(
            data_dir=tmp_path / "data",
            secret_key="s",
            worker_interval_s=0.05,
            provisioning_export_dir=tmp_path / "boss",
        )
    )
    key = create_key(platform.store, platform.secret, "op-a", "bot", "analyst", platform.clock()).key
    headers = {"Authorization": f"Bearer {key}"}
    with TestClient(create_app(platform)) as client:
        worker = platform.housekeeping  # started by create_app (bootstrap.serving)
        assert worker is not None
        assert worker.alive
        made = client.post("/v1/numbers/13800000001/actions", json={"action": "suspend"}, headers=headers)
        assert made.status_code == 201
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            delivered = client.get("/v1/outbox?status=delivered", headers=headers).json()
            if delivered:
                break
            time.sleep(0.05)
        assert [m["payload"]["command"] for m in delivered] == ["suspend"]
        assert len(list((tmp_path / "boss").glob("*.jsonl"))) == 1
    platform.close()
    assert not worker.alive  # stopped with the platform


def test_no_background_thread_when_the_interval_is_zero(tmp_path: Path) -> None:
    platform = build_platform(Settings(data_dir=tmp_path / "data", secret_key="s", worker_interval_s=0))
    create_app(platform)
    assert platform.housekeeping is None
    platform.close()
