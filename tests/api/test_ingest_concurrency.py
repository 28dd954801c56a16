"""An upload never holds up call screening on the same server, and bodies over the limit are refused
before they are read.

The first test runs a real server (uvicorn on 127.0.0.1) and makes an upload block inside its worker
(the ingest service replaced by one that waits on an event): a screening request must be answered
while that upload is still running. Before uploads left the event loop, the screening request waited
for the upload, i.e. forever here, and timed out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest

from ringfence.api.app import create_app
from ringfence.api.v1 import records
from ringfence.services.ingest_records import IngestResult
from tests.support.live import serve_in_thread
from tests.support.runs import calls_csv
from tests.support.world import World

ROW = ("c1", "13800000001", "+8613900000002", "2026-11-02T08:00:00+08:00", 30)


@pytest.fixture
def site(world: World) -> Iterator[str]:
    with serve_in_thread(create_app(world.platform)) as url:
        yield url


def test_screening_is_answered_while_an_upload_is_being_processed(
    world: World, site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()

    def blocking_ingest(*args: Any, **kwargs: Any) -> IngestResult:
        started.set()
        release.wait(timeout=60)
        return IngestResult(kind="calls", received=1, stored=1)

    monkeypatch.setattr(records, "ingest_records", blocking_ingest)
    upload: dict[str, httpx.Response] = {}

    def post_upload() -> None:
        upload["response"] = httpx.post(
            f"{site}/v1/records/calls",
            content=calls_csv([ROW]),
            headers={**world.as_("op-a/member-operator"), "content-type": "text/csv"},
            timeout=90,
        )

    uploader = threading.Thread(target=post_upload, daemon=True)
    uploader.start()
    try:
        assert started.wait(timeout=30), "the upload never reached the ingest service"
        screened = httpx.post(
            f"{site}/v1/screen/call",
            json={"caller": "+8613800000099", "callee": "13900000002"},  # not flagged: allowed
            headers=world.as_("op-a/screen-only"),
            timeout=10,  # the upload is blocked for up to 60 s: only an unblocked loop answers in time
        )
        assert screened.status_code == 200
        assert screened.json()["verdict"] == "allow"
        assert uploader.is_alive()  # the upload really was still running
    finally:
        release.set()
        uploader.join(timeout=30)
    assert upload["response"].status_code == 200
    assert upload["response"].json()["stored"] == 1


def test_uploads_are_processed_a_bounded_number_at_a_time(
    world: World, site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``RINGFENCE_INGEST_WORKERS`` (2 by default) uploads at once; the third waits for a slot."""
    running, peak, lock = [0], [0], threading.Lock()
    release = threading.Event()

    def counting_ingest(*args: Any, **kwargs: Any) -> IngestResult:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        release.wait(timeout=60)
        with lock:
            running[0] -= 1
        return IngestResult(kind="calls")

    monkeypatch.setattr(records, "ingest_records", counting_ingest)
    headers = {**world.as_("op-a/member-operator"), "content-type": "text/csv"}
    threads = [
        threading.Thread(
            target=httpx.post,
            args=(f"{site}/v1/records/calls",),
            kwargs={"content": calls_csv([ROW]), "headers": headers, "timeout": 90},
            daemon=True,
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    try:
        deadline = threading.Event()
        for _ in range(100):  # wait until two are running (and give the others the chance to start)
            with lock:
                if running[0] >= 2:
                    break
            deadline.wait(0.05)
        deadline.wait(0.5)
        with lock:
            assert running[0] == 2
        screened = httpx.post(
            f"{site}/v1/screen/call",
            json={"caller": "+8613800000099", "callee": "13900000002"},  # not flagged: allowed
            headers=world.as_("op-a/screen-only"),
            timeout=10,
        )
        assert screened.status_code == 200
    finally:
        release.set()
        for t in threads:
            t.join(timeout=30)
    assert peak[0] == 2


def _asgi_post(app: Any, headers: dict[str, str], chunks: Iterator[bytes]) -> tuple[int, bytes, int]:
    """POST to the app over raw ASGI; (status, body, how many body chunks the app pulled)."""
    pulled = [0]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled[0] += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/records/calls",
        "raw_path": b"/v1/records/calls",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    anyio.run(app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, pulled[0]


def _endless_csv() -> Iterator[bytes]:
    """About 5.6 MiB in 56 KiB chunks, far past the 1 MiB limit of the test world."""
    yield calls_csv([ROW])
    for _ in range(100):
        yield b"c9,13800000001,13900000002,2026-11-02T08:00:00+08:00,1\n" * 1024  # ~56 KiB


def test_a_declared_length_over_the_limit_is_refused_before_reading(world: World) -> None:
    app = create_app(world.platform)
    headers = {**world.as_("op-a/member-operator"), "content-type": "text/csv"}
    status, body, pulled = _asgi_post(
        app, {**headers, "content-length": str(2 * 1024 * 1024)}, _endless_csv()
    )
    assert status == 413
    assert b"over the limit" in body
    assert pulled == 0  # not one byte of the body was read
    assert world.platform.store.record_counts("op-a")["calls"] == 0


def test_a_chunked_body_is_cut_off_as_soon_as_it_passes_the_limit(world: World) -> None:
    app = create_app(world.platform)
    headers = {**world.as_("op-a/member-operator"), "content-type": "text/csv"}
    status, body, pulled = _asgi_post(app, headers, _endless_csv())  # no length
    assert status == 413
    assert b"over the limit" in body
    assert pulled <= 1 + (1024 * 1024) // (56 * 1024) + 1  # the limit (1 MiB here) and one chunk more
    counts = world.platform.store.record_counts("op-a")
    assert (counts["calls"], counts["quarantined"]) == (0, 0)  # nothing stored, nothing quarantined


def test_an_oversized_upload_over_http_gets_413(world: World, site: str) -> None:
    big = calls_csv([ROW]) + b"c9,13800000001,13900000002,2026-11-02T08:00:00+08:00,1\n" * 40_000
    response = httpx.post(
        f"{site}/v1/records/calls",
        content=big,
        headers={**world.as_("op-a/member-operator"), "content-type": "text/csv"},
        timeout=30,
    )
    assert response.status_code == 413
    assert world.platform.store.record_counts("op-a")["calls"] == 0


def test_a_partner_is_refused_before_its_body_is_read(world: World) -> None:
    app = create_app(world.platform)
    headers = {**world.as_("op-a/partner"), "content-type": "text/csv"}
    status, _body, pulled = _asgi_post(app, headers, _endless_csv())
    assert (status, pulled) == (403, 0)
