from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from ringfence.adapters.snapshot_files import FileSnapshotSource
from ringfence.screening import Action, CallSetup, FailMode, Origin, Policy, SnapshotBuilder
from ringfence.services.screen_call import ScreeningService, screen_call


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def snapshot_file(path: Path, version: str, built_at: str, blacklist: list[str]) -> None:
    path.write_text(json.dumps({"version": version, "built_at": built_at, "blacklist": blacklist}))


T0 = 1_795_485_600.0  # 2026-11-24T10:00:00+08:00


def test_no_source_means_the_cold_snapshot() -> None:
    service = ScreeningService()
    assert screen_call(service, CallSetup("13812345678", "13900000000")).action is Action.ALLOW
    assert (
        screen_call(service, CallSetup("95588", "13900000000", Origin.INTERNATIONAL)).action is Action.BLOCK
    )
    assert service.degraded is None


def test_reloads_when_the_file_changes_and_swaps_atomically(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    snapshot_file(path, "v1", "2026-11-24T10:00:00+08:00", ["13812345678"])
    clock = Clock(T0 + 10)
    service = ScreeningService(source=FileSnapshotSource(path), refresh_every_s=5, clock=clock)
    call = CallSetup("13812345678", "13900000000")
    assert service.screen(call).reasons == ("blacklisted",)
    snapshot_file(path, "v2", "2026-11-24T10:00:05+08:00", [])
    import os

    os.utime(path, ns=(1, path.stat().st_mtime_ns + 10**9))
    assert service.screen(call).reasons == ("blacklisted",)  # not yet time to look
    clock.now += 6
    assert service.screen(call).action is Action.ALLOW
    snap = service.snapshot()
    assert snap is not None
    assert snap.version == "v2"


def test_broken_reload_keeps_the_previous_snapshot(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "snap.json"
    snapshot_file(path, "v1", "2026-11-24T10:00:00+08:00", ["13812345678"])
    clock = Clock(T0)
    service = ScreeningService(source=FileSnapshotSource(path), refresh_every_s=1, clock=clock)
    path.write_text("{ truncated")
    import os

    os.utime(path, ns=(1, path.stat().st_mtime_ns + 10**9))
    clock.now += 2
    with caplog.at_level(logging.WARNING, logger="ringfence.screening"):
        assert service.screen(CallSetup("13812345678", "1")).reasons == ("blacklisted",)
    assert "reload failed" in caplog.text


@pytest.mark.parametrize(("mode", "action"), [(FailMode.OPEN, Action.ALLOW), (FailMode.CLOSED, Action.BLOCK)])
def test_configured_but_missing_snapshot_follows_the_fail_mode(
    tmp_path: Path, mode: FailMode, action: Action, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ringfence.screening"):
        service = ScreeningService(
            Policy(fail_mode=mode), source=FileSnapshotSource(tmp_path / "absent.json")
        )
        for _ in range(3):
            v = service.screen(CallSetup("13812345678", "13900000000"))
            assert (v.action, v.reasons, v.label) == (action, ("unscreened",), "unscreened")
    assert len(caplog.records) == 1  # logged once, not per call
    assert f"fails {mode.value}" in caplog.text


def test_stale_snapshot_is_unavailable_until_refreshed(tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    snapshot_file(path, "v1", "2026-11-24T10:00:00+08:00", ["13812345678"])
    clock = Clock(T0 + 3_600)
    service = ScreeningService(
        Policy(max_snapshot_age_s=600), source=FileSnapshotSource(path), clock=clock, refresh_every_s=1
    )
    v = service.screen(CallSetup("13812345678", "13900000000"))
    assert v.reasons == ("unscreened",)
    assert service.degraded is not None
    snapshot_file(path, "v2", "2026-11-24T11:00:00+08:00", ["13812345678"])
    import os

    os.utime(path, ns=(1, path.stat().st_mtime_ns + 10**9))
    clock.now += 2
    assert service.screen(CallSetup("13812345678", "13900000000")).reasons == ("blacklisted",)
    assert service.degraded is None


def test_batch_feeds_the_burst_tracker_in_event_time_order() -> None:
    service = ScreeningService(Policy(wangiri_callees=3, wangiri_window_s=60))
    # listed out of order: the third distinct callee (t=20) is listed first
    calls = [
        CallSetup("+2348012345678", "13900000003", Origin.INTERNATIONAL, at=20.0),
        CallSetup("+2348012345678", "13900000001", Origin.INTERNATIONAL, at=0.0),
        CallSetup("+2348012345678", "13900000002", Origin.INTERNATIONAL, at=10.0),
        CallSetup("+2348012345678", "13900000004", Origin.INTERNATIONAL, at=200.0),
    ]
    reasons = [v.reasons for v in service.screen_many(calls)]
    assert reasons == [("wangiri",), ("international",), ("international",), ("international",)]


def test_explicit_snapshot_is_used_as_given() -> None:
    b = SnapshotBuilder("fixed")
    b.tag("13812345678", "快递外卖")
    service = ScreeningService(snapshot=b.build())
    assert service.screen(CallSetup("13812345678", "1")).label == "快递外卖"


def test_a_refreshing_service_never_loads_on_the_calling_thread() -> None:
    """Regression: a changed snapshot was loaded inside ``snapshot()``, i.e. on the event loop that
    answers call setups; with the background refresh, loading happens on its own thread only."""
    import threading
    import time as _time

    from ringfence.screening import RiskSnapshot

    loaders: list[str] = []
    version = {"n": 0}

    class Source:
        def token(self) -> object:
            return version["n"]

        def load(self) -> RiskSnapshot:
            loaders.append(threading.current_thread().name)
            return RiskSnapshot(version=f"v{version['n']}")

    service = ScreeningService(source=Source(), refresh_every_s=0.05)  # loads once at start
    service.start_refreshing()
    try:
        version["n"] = 1
        deadline = _time.monotonic() + 5
        while service.holder.current is None or service.holder.current.version != "v1":
            service.snapshot(_time.time())  # a call setup meanwhile: must not load
            assert _time.monotonic() < deadline, "the background refresh never swapped the snapshot in"
            _time.sleep(0.01)
    finally:
        service.stop_refreshing()
    assert loaders[0] == threading.current_thread().name  # the load at construction
    assert loaders[1:]
    assert all(name == "screening-refresh" for name in loaders[1:])
