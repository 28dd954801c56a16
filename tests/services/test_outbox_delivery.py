"""The outbox delivered to a real HTTP server on 127.0.0.1 that fails on purpose: retries with
back-off, the same Idempotency-Key on every attempt, per-number order, and the final status."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ringfence.adapters.channels import FileExportChannel, WebhookChannel
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.access import Principal, Role
from ringfence.domain.outbox import RetryPolicy, Status, Topic
from ringfence.domain.sla import Sla
from ringfence.services import disposal
from ringfence.services.disposal import DisposalPolicy
from ringfence.services.outbox import Routing, dispatch

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
N1, N2 = "+8613800000001", "+8613800000002"
ANALYST = Principal("op-a", Role.ANALYST, 1, "alice")
ADMIN = Principal("op-a", Role.ADMIN, 2, "root")
RETRY = RetryPolicy(max_attempts=4, base=timedelta(seconds=10), cap=timedelta(minutes=10))
POLICY = DisposalPolicy(Sla(), True, Routing({Topic.PROVISIONING: ("hook",)}))


@dataclass
class Receiver:
    """Answers ``plan`` (a status per attempt, then 200) and records every request it gets."""

    plan: list[int] = field(default_factory=list)
    delay_s: float = 0.0
    requests: list[tuple[str, dict[str, str], dict[str, object]]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                state.requests.append((self.path, dict(self.headers), body))
                status = state.plan.pop(0) if state.plan else 200
            if state.delay_s:
                time.sleep(state.delay_s)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/provision"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[SqlStore]:
    engine = make_engine(f"sqlite:///{tmp_path / 'o.db'}")
    upgrade(engine)
    store = SqlStore(engine)
    store.ensure_org("op-a", "A", T0)
    yield store
    store.close()


def _status(db: SqlStore, key_part: str) -> tuple[Status, int, str | None]:
    (m,) = [m for m in db.outbox("op-a") if key_part in m.key]
    return m.status, m.attempts, m.last_error


def test_retries_with_back_off_then_delivered_with_one_idempotency_key(
    db: SqlStore, receiver: Receiver
) -> None:
    receiver.plan = [503, 502]
    hook = WebhookChannel("hook", receiver.url, timeout_s=5)
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0, "dialer")
    first = dispatch(db, {"hook": hook}, RETRY, T0)
    assert first.by_status == {"queued": 1}
    assert _status(db, N1) == (Status.QUEUED, 1, "HTTP 503: ok")
    assert dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=9)).attempted == 0  # backing off
    assert dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=10)).by_status == {"queued": 1}
    assert dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=29)).attempted == 0  # 20 s now
    assert dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=30)).by_status == {"delivered": 1}
    status, attempts, error = _status(db, N1)
    assert (status, attempts, error) == (Status.DELIVERED, 3, None)
    assert dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(hours=1)).attempted == 0  # delivered once
    keys = {headers["Idempotency-Key"] for _, headers, _ in receiver.requests}
    assert keys == {f"op-a/{N1}/v1@hook"}
    assert len(receiver.requests) == 3
    path, headers, body = receiver.requests[-1]
    assert path == "/provision"
    assert headers["Content-Type"] == "application/json"
    assert (body["command"], body["number"], body["event_id"], body["version"]) == (
        "suspend",
        N1,
        f"op-a/{N1}/v1",
        1,
    )
    hook.close()


def test_gives_up_after_the_last_attempt(db: SqlStore, receiver: Receiver) -> None:
    receiver.plan = [503] * 10
    hook = WebhookChannel("hook", receiver.url)
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    at = T0
    for _ in range(RETRY.max_attempts):
        dispatch(db, {"hook": hook}, RETRY, at)
        at += RETRY.cap
    assert _status(db, N1) == (Status.FAILED, 4, "HTTP 503: ok")
    assert dispatch(db, {"hook": hook}, RETRY, at + timedelta(days=1)).attempted == 0
    assert len(receiver.requests) == 4
    hook.close()


def test_a_client_error_is_final_at_once(db: SqlStore, receiver: Receiver) -> None:
    receiver.plan = [422]
    hook = WebhookChannel("hook", receiver.url)
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    assert dispatch(db, {"hook": hook}, RETRY, T0).by_status == {"failed": 1}
    assert _status(db, N1)[:2] == (Status.FAILED, 1)
    hook.close()


def test_timeouts_and_refused_connections_are_retried(db: SqlStore, receiver: Receiver) -> None:
    receiver.delay_s = 1.0
    slow = WebhookChannel("hook", receiver.url, timeout_s=0.2)
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    dispatch(db, {"hook": slow}, RETRY, T0)
    status, attempts, error = _status(db, N1)
    assert (status, attempts) == (Status.QUEUED, 1)
    assert error is not None
    assert error.startswith("timeout")
    slow.close()
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    closed = WebhookChannel("hook", f"http://127.0.0.1:{port}/nothing-listens", timeout_s=1)
    dispatch(db, {"hook": closed}, RETRY, T0 + timedelta(seconds=10))
    status, attempts, error = _status(db, N1)
    assert (status, attempts) == (Status.QUEUED, 2)
    assert error is not None
    assert "Connect" in error
    closed.close()
    dispatch(db, {}, RETRY, T0 + timedelta(seconds=30))  # channel no longer configured: retried later
    assert _status(db, N1) == (Status.QUEUED, 3, "channel 'hook' is not configured")


def test_a_restore_never_overtakes_its_suspension(db: SqlStore, receiver: Receiver) -> None:
    receiver.plan = [503]
    hook = WebhookChannel("hook", receiver.url)
    disposal.act(db, POLICY, ANALYST, N1, "suspend", T0)
    disposal.override(db, POLICY, ADMIN, N1, T0 + timedelta(seconds=1), "keyed in wrong")
    disposal.act(db, POLICY, ANALYST, N2, "suspend", T0)  # another number is not held up
    dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=2))
    assert [(b["number"], b["command"]) for _, _, b in receiver.requests] == [
        (N1, "suspend"),
        (N2, "suspend"),
    ]
    dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=12))  # suspend again, delivered
    dispatch(db, {"hook": hook}, RETRY, T0 + timedelta(seconds=13))  # now the restore
    assert [(b["number"], b["command"]) for _, _, b in receiver.requests] == [
        (N1, "suspend"),
        (N2, "suspend"),
        (N1, "suspend"),
        (N1, "restore"),
    ]
    assert {m.status for m in db.outbox("op-a")} == {Status.DELIVERED}
    hook.close()


def test_file_export_writes_whole_files_only(db: SqlStore, tmp_path: Path) -> None:
    policy = DisposalPolicy(Sla(), True, Routing({Topic.PROVISIONING: ("file",)}))
    export = FileExportChannel("file", tmp_path / "boss")
    disposal.act(db, policy, ANALYST, N1, "suspend", T0)
    disposal.act(db, policy, ANALYST, N2, "restrict", T0)
    assert dispatch(db, {"file": export}, RETRY, T0).by_status == {"delivered": 2}
    (written,) = list((tmp_path / "boss").iterdir())
    assert written.name.startswith("file-")
    assert written.suffix == ".jsonl"
    lines = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
    assert [(x["key"], x["payload"]["command"]) for x in lines] == [
        (f"op-a/{N1}/v1@file", "suspend"),
        (f"op-a/{N2}/v1@file", "restrict"),
    ]
    blocked = FileExportChannel("file", written / "not-a-dir")  # a file where the directory should be
    disposal.override(db, policy, ADMIN, N1, T0, "ok")
    assert dispatch(db, {"file": blocked}, RETRY, T0).by_status == {"queued": 1}
    assert not [p for p in (tmp_path / "boss").iterdir() if p.name.startswith(".")]  # no temp file left
