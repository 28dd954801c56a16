"""End to end: a flagged number → warnings queued → delivered through a real Kannel (bearerbox, smsbox,
fake SMSC) → delivery reports back through the API → stored. Never twice for the same fraud number.

Skips when Kannel is absent, unless RINGFENCE_REQUIRE_KANNEL=1 (CI), where absence is a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
import uvicorn

from ringfence.api.app import create_app
from ringfence.bootstrap import Platform, build_platform
from ringfence.domain.outbox import Topic
from ringfence.domain.warnings import WarningStatus
from ringfence.services.outbox import dispatch
from ringfence.services.warnings import warn_numbers
from ringfence.settings import Settings
from tests.deploy.kannel_lab import REQUIRE_ENV, KannelLab, kannel_lab, missing_binaries

pytestmark = pytest.mark.kannel

ORG = "op-kannel"
FRAUD = "+8617000000001"
PEOPLE = ["+8613800000001", "+8613800000002", "+8613800000003"]
AT = datetime(2026, 11, 10, 4, 0, tzinfo=UTC)  # 12:00 in Beijing: no quiet hours


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KannelLab]:
    missing = missing_binaries()
    if missing:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {', '.join(missing)} not installed (apt: see .ci/apt-packages)")
        pytest.skip(
            f"{', '.join(missing)} not installed (Debian kannel, kannel-extras); set {REQUIRE_ENV}=1 to fail"
        )
    with kannel_lab(tmp_path_factory.mktemp("kannel")) as running:
        yield running


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def platform(lab: KannelLab, tmp_path: Path) -> Iterator[Platform]:
    port = _free_port()
    settings = Settings(
        database_url="memory://",
        data_dir=tmp_path,
        secret_key="kannel-lab-secret",
        worker_interval_s=0,
        kannel_sendsms_url=lab.sendsms_url,
        kannel_username=lab.username,
        kannel_password=lab.password,
        warning_dlr_url=f"http://127.0.0.1:{port}/v1/warnings/dlr",
    )
    plat = build_platform(settings)
    plat.clock = lambda: AT
    app = create_app(plat)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield plat
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        plat.close()


def _calls() -> pl.DataFrame:
    rows = [(FRAUD, p, AT - timedelta(hours=2, minutes=i), 900 + 60 * i) for i, p in enumerate(PEOPLE)]
    rows.append((FRAUD, "+8613800000009", AT - timedelta(hours=1), 20))  # short: nobody to warn
    return pl.DataFrame(
        {
            "call_id": [f"k{i}" for i in range(len(rows))],
            "caller": [r[0] for r in rows],
            "callee": [r[1] for r in rows],
            "start_time": [r[2] for r in rows],
            "duration_s": [r[3] for r in rows],
            "origin": ["intra"] * len(rows),
            "caller_imei": [None] * len(rows),
            "caller_imsi": [None] * len(rows),
            "caller_cell": [None] * len(rows),
            "caller_region": [None] * len(rows),
            "call_type": ["moc"] * len(rows),
        },
        schema_overrides={"start_time": pl.Datetime("us", "UTC")},
    )


def _wait_for(predicate, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_flagged_number_warnings_delivered_through_kannel_with_reports(
    lab: KannelLab, platform: Platform
) -> None:
    store = platform.store
    store.ensure_org(ORG, "Kannel lab", AT)
    store.add_calls(ORG, _calls())
    report = warn_numbers(store, ORG, [FRAUD], AT)
    assert report.queued == len(PEOPLE)
    assert {w.number for w in store.warnings(ORG)} == set(PEOPLE)
    assert {w.status for w in store.warnings(ORG)} == {WarningStatus.QUEUED}

    sent = dispatch(store, platform.channels, platform.retry, AT)
    assert sent.by_status == {"sent": len(PEOPLE)}

    def all_delivered() -> bool:
        return {w.status for w in store.warnings(ORG)} == {WarningStatus.DELIVERED}

    assert _wait_for(all_delivered), [(w.number, w.status, w.report) for w in store.warnings(ORG)]
    assert all(w.report == "dlr 1" for w in store.warnings(ORG))
    got = lab.received()
    for person in PEOPLE:
        assert any(person in line for line in got), got

    # Never twice: warning again about the same number queues and sends nothing.
    again = warn_numbers(store, ORG, [FRAUD], AT + timedelta(hours=1))
    assert again.queued == 0
    assert dispatch(store, platform.channels, platform.retry, AT + timedelta(hours=1)).attempted == 0
    assert len(store.outbox(ORG, topic=Topic.WARNING.value)) == len(PEOPLE)
    assert len([line for line in lab.received() if any(p in line for p in PEOPLE)]) == len(PEOPLE)


def test_forged_delivery_reports_are_refused(lab: KannelLab, platform: Platform) -> None:
    from fastapi.testclient import TestClient

    with TestClient(create_app(platform)) as client:
        r = client.get("/v1/warnings/dlr", params={"org": ORG, "key": "warn-x", "sig": "0" * 32, "type": 1})
        assert r.status_code == 403
