"""``ringfence watch-nats`` against a NATS JetStream server of its own: detect's verdicts, each record
counted once across SIGKILLs, malformed records dead-lettered with their reasons.

Needs Debian's ``nats-server`` (``RINGFENCE_REQUIRE_NATS=1``: fail instead of skipping without it)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from tests.services.test_watch import counted_once, expected, scenario, split, verdicts
from tests.support.kill import kill_after_commits, run_once
from tests.support.postgres import require_or_skip

nats = pytest.importorskip("nats")

__all__ = ["expected", "scenario"]  # fixtures shared with test_watch

MALFORMED = [b"this is not JSON", b'{"call_id": "bad-1", "caller": "13800000000"}', b"[1, 2, 3]"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def nats_url(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("nats-server") or (
        "/usr/sbin/nats-server" if Path("/usr/sbin/nats-server").exists() else None
    )
    if binary is None:
        require_or_skip("nats-server", "RINGFENCE_REQUIRE_NATS", "no nats-server binary (Debian nats-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [str(binary), "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(tmp_path / "js")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"nats://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _records(files: list[Path]) -> list[tuple[str, bytes]]:
    """Every record of the files as a JSON message on its subject, in the files' order."""
    out = []
    for f in files:
        subject = "cdr.calls" if f.name.startswith("calls") else "cdr.messages"
        frame = pl.read_csv(f, infer_schema=False)
        out.extend(
            (subject, json.dumps(row, ensure_ascii=False).encode()) for row in frame.iter_rows(named=True)
        )
    return out


def publish(url: str, messages: list[tuple[str, bytes]]) -> None:
    from nats.js import api

    async def go() -> None:
        nc = await nats.connect(url)
        js = nc.jetstream()
        try:
            await js.stream_info("CDR")
        except nats.js.errors.NotFoundError:
            await js.add_stream(api.StreamConfig(name="CDR", subjects=["cdr.calls", "cdr.messages"]))
        for subject, data in messages:
            await js.publish(subject, data)
        await nc.close()

    asyncio.run(go())


def dead_letters(url: str) -> list[tuple[bytes, str]]:
    async def go() -> list[tuple[bytes, str]]:
        nc = await nats.connect(url)
        js = nc.jetstream()
        sub = await js.pull_subscribe("cdr.dead.>", durable="test-reader", stream="CDR_DEAD")
        out: list[tuple[bytes, str]] = []
        while True:
            try:
                msgs = await sub.fetch(100, timeout=1)
            except (nats.errors.TimeoutError, TimeoutError):  # nats-py raises either when the wait runs out
                break
            for m in msgs:
                out.append((bytes(m.data), (m.headers or {}).get("Ringfence-Reason", "")))
                await m.ack()
        await nc.close()
        return out

    return asyncio.run(go())


def _cmd(url: str, state: Path, scenario: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from ringfence.cli.main import run; run()",
        "watch-nats",
        "--server",
        url,
        "--state",
        str(state),
        "--sms",
        "--subscribers",
        str(scenario / "subscribers.csv"),
        "--batch",
        "700",
        "--ack-wait",
        "2",
        *extra,
    ]


def test_nats_consumer_gives_detects_verdicts_and_dead_letters_the_malformed(
    nats_url: str, scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    flagged, _ = expected
    files = split(scenario, tmp_path / "files")
    messages = _records(files)
    messages[10:10] = [("cdr.calls", m) for m in MALFORMED]
    publish(nats_url, messages)
    state = tmp_path / "state"
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    run_once(_cmd(nats_url, state, scenario, "--once"), env)
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert written.equals(flagged)
    dead = dead_letters(nats_url)
    assert sorted(d for d, _ in dead) == sorted(MALFORMED)
    reasons = dict(dead)
    assert reasons[MALFORMED[0]].startswith("bad_json")
    assert "bad_json" in reasons[MALFORMED[2]]
    assert reasons[MALFORMED[1]]
    assert not reasons[MALFORMED[1]].startswith("bad_json")


def test_nats_kill_9_then_restart_counts_every_record_once(
    nats_url: str, scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    flagged, run = expected
    files = split(scenario, tmp_path / "files")
    messages = _records(files)
    messages[10:10] = [("cdr.calls", m) for m in MALFORMED]
    publish(nats_url, messages)
    state = tmp_path / "state"
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    kills = kill_after_commits(_cmd(nats_url, state, scenario), state, env)
    assert kills == 2
    run_once(_cmd(nats_url, state, scenario, "--once"), env)
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert verdicts(written) == verdicts(flagged)
    assert written.equals(flagged)
    status = json.loads((state / "status.json").read_text())
    # each record once (the 3 ids published twice were dropped as seen)
    assert status["records"] == counted_once(run)
    assert sorted({d for d, _ in dead_letters(nats_url)}) == sorted(MALFORMED)


def test_a_new_state_is_refused_a_durable_that_has_acknowledged(
    nats_url: str, scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    """A second watcher started with a new state on a durable another watcher has consumed: refused
    (exit 2, the reason said), the durable untouched; with a durable of its own it reads everything."""
    flagged, _ = expected
    publish(nats_url, _records(split(scenario, tmp_path / "files")))
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    run_once(_cmd(nats_url, tmp_path / "first", scenario, "--once"), env)
    second = subprocess.run(
        _cmd(nats_url, tmp_path / "second", scenario, "--once"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert second.returncode == 2
    assert "the state directory is new" in " ".join(second.stderr.split())
    assert not (tmp_path / "second" / "checkpoint.pkl").exists()
    run_once(_cmd(nats_url, tmp_path / "first", scenario, "--once"), env)  # its own state goes on
    own = tmp_path / "own"
    run_once(_cmd(nats_url, own, scenario, "--once", "--durable", "second-watch"), env)
    assert pl.read_csv(own / "flagged.csv", infer_schema=False).equals(flagged)
