"""``ringfence watch-kafka`` over the Kafka wire protocol: librdkafka's own broker (the mock cluster
its test suite runs against: brokers on 127.0.0.1 speaking the Kafka protocol, consumer groups,
committed offsets, idempotent producers), started inside this test process, with the watcher in a
separate process connecting to it over TCP as it would to Kafka — detect's verdicts, malformed
records on the dead-letter topic with their reasons, and SIGKILLs that lose nothing and count nothing
twice.

It is the closest to a real Kafka broker installable from the registries this project uses (no
Kafka, Redpanda or other broker is packaged in Debian, PyPI or npm); what it does not show is a real
cluster's rebalances across several consumers, its retention and its security settings
(docs/operation.md)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.services.test_watch import counted_once, expected, scenario, split, verdicts
from tests.support.kill import kill_after_commits, run_once

ck = pytest.importorskip("confluent_kafka")
# A mock cluster, watcher processes and consumer-group timeouts: in the slow set (make test-slow, CI).
pytestmark = pytest.mark.slow

__all__ = ["expected", "scenario"]  # fixtures shared with test_watch

MALFORMED = [b"this is not JSON", b'{"call_id": "bad-1", "caller": "13800000000"}', b"[1, 2, 3]"]
QUIET = {"log_level": 0}  # the brokers log every connection the watcher opens and closes


@pytest.fixture
def brokers() -> Iterator[str]:
    """Three brokers of a librdkafka mock cluster, alive as long as the client that owns them."""
    owner = ck.Producer({"test.mock.num.brokers": 3, **QUIET})
    meta = owner.list_topics(timeout=10)
    servers = ",".join(f"{b.host}:{b.port}" for b in sorted(meta.brokers.values(), key=lambda b: b.id))
    assert servers.count("127.0.0.1:") == 3
    yield servers
    owner.flush(5)


@pytest.fixture
def stoppable_brokers(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    """A mock cluster owned by a process of its own, which the test can stop (SIGSTOP) as the CPU
    scheduler may stop a loaded machine's process; its ``mock`` debug log is in the returned file."""
    log = tmp_path / "mock.log"
    script = (
        "import sys, time, confluent_kafka as ck\n"
        "owner = ck.Producer({'test.mock.num.brokers': 3, 'debug': 'mock', 'log_level': 7})\n"
        "meta = owner.list_topics(timeout=10)\n"
        "print(','.join(f'{b.host}:{b.port}' for b in meta.brokers.values()), flush=True)\n"
        "time.sleep(600)\n"
    )
    with log.open("w") as err:
        owner = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=err, text=True
        )
    try:
        assert owner.stdout is not None
        yield owner.stdout.readline().strip(), owner, log
    finally:
        owner.kill()
        owner.wait(timeout=30)


def _publish(servers: str, files: list[Path]) -> int:
    """Every record of the files on its topic in the files' order, malformed records among the first
    calls, each keyed by the calling number as a mediation system would; returns how many."""
    producer = ck.Producer({"bootstrap.servers": servers, "enable.idempotence": True, **QUIET})
    count, first = 0, True
    for f in files:
        topic = "cdr.calls" if f.name.startswith("calls") else "cdr.messages"
        key = "caller" if topic == "cdr.calls" else "sender"
        for i, row in enumerate(pl.read_csv(f, infer_schema=False).iter_rows(named=True)):
            # one partition: the order detect reads the files in, so flagged.csv is byte for byte its
            value = json.dumps(row, ensure_ascii=False).encode()
            producer.produce(topic, value, row[key].encode(), partition=0)
            count += 1
            if first and i == 10:
                for m in MALFORMED:
                    producer.produce("cdr.calls", m, b"bad", partition=0)
                    count += 1
                first = False
            if count % 10_000 == 0:
                producer.flush(30)
    assert producer.flush(30) == 0
    return count


def _dead_letters(servers: str) -> list[tuple[bytes, str]]:
    consumer: Any = ck.Consumer(
        {
            "bootstrap.servers": servers,
            "group.id": "test-reader",
            "auto.offset.reset": "earliest",
            **QUIET,
        }
    )
    consumer.subscribe(["cdr.dead.calls"])
    out: list[tuple[bytes, str]] = []
    deadline = time.monotonic() + 30
    quiet_until = time.monotonic() + 10  # the topic's partitions are read until 2 s pass with nothing new
    while time.monotonic() < min(deadline, quiet_until):
        m = consumer.poll(0.2)
        if m is None or m.error() is not None:
            continue
        out.append((m.value(), dict(m.headers() or [])["Ringfence-Reason"].decode()))
        quiet_until = time.monotonic() + 2
    consumer.close()
    return out


def _cmd(servers: str, state: Path, scenario: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from ringfence.cli.main import run; run()",
        "watch-kafka",
        "--servers",
        servers,
        "--state",
        str(state),
        "--sms",
        "--subscribers",
        str(scenario / "subscribers.csv"),
        "--batch",
        "700",
        "-X",
        "log_level=0",
        "-X",  # a killed consumer's partitions go to the next one after this (default 45 s)
        "session.timeout.ms=6000",
        *extra,
    ]


def _once_logged(cmd: list[str], env: dict[str, str], log: Path) -> None:
    """A ``--once`` run, given 60 s (a whole run takes a few seconds). Runs that had not ended were
    seen, rarely, when the tests ran beside others on a loaded machine: first and second runs of a
    group, and a run after a SIGTERM'd watcher of the same group (that one sat 300 s, 2026-12-05).
    Each is allowed for here as a crash the watcher must survive anyway: the run is stopped with
    SIGABRT, which makes Python's fault handler write every thread's stack into ``log`` beside
    librdkafka's group debug log, and the run is made again, so every check after it still applies;
    a warning names the log. The lost join the mock broker causes is handled by the watcher itself
    (``test_a_join_the_mock_broker_never_answers_...``); one hang sat in librdkafka's consumer close,
    now bounded (``CLOSE_TIMEOUT_S``), which ends the run by itself with a warning passed on here. The
    cause of the others is not found (docs/operation.md)."""
    import warnings

    with log.open("wb") as out:
        run = subprocess.Popen(
            [*cmd, "-X", "debug=cgrp,consumer,protocol,fetch", "-X", "log_level=7"],
            env={**env, "PYTHONFAULTHANDLER": "1"},
            stdout=out,
            stderr=out,
        )
        try:
            code = run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            run.send_signal(signal.SIGABRT)  # the fault handler dumps every thread's stack first
            run.wait(timeout=30)
            warnings.warn(
                f"a --once run had not ended after 60 s: librdkafka's log and the threads' stacks in {log}",
                stacklevel=2,
            )
            run_once(cmd, env)
            return
    assert code == 0, log.read_text(errors="replace")[-3000:]
    if "did not close within" in " ".join(log.read_text(errors="replace").split()):
        warnings.warn(
            f"a --once run's consumer did not close in time: librdkafka's log in {log}", stacklevel=2
        )


def _counts(state: Path) -> dict[str, int]:
    return dict(json.loads((state / "status.json").read_text())["records"])


def test_watch_kafka_over_the_wire_gives_detects_verdicts_and_dead_letters_the_malformed(
    brokers: str, scenario: Path, expected: tuple[pl.DataFrame, dict[str, Any]], tmp_path: Path
) -> None:
    flagged, run = expected
    _publish(brokers, split(scenario, tmp_path / "files"))
    state = tmp_path / "state"
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    _once_logged(_cmd(brokers, state, scenario, "--once"), env, tmp_path / "first-run.log")
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert written.equals(flagged)
    assert _counts(state) == counted_once(run)
    dead = dict(_dead_letters(brokers))
    assert sorted(dead) == sorted(MALFORMED)
    assert dead[MALFORMED[0]].startswith("bad_json")
    assert "bad_json" in dead[MALFORMED[2]]
    assert dead[MALFORMED[1]]
    assert not dead[MALFORMED[1]].startswith("bad_json")
    # the group's offsets are committed to the end: a second run finds nothing to do and changes nothing
    _once_logged(_cmd(brokers, state, scenario, "--once"), env, tmp_path / "second-run.log")
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)


def test_watch_kafka_kill_9_then_restart_counts_every_record_once(
    brokers: str, scenario: Path, expected: tuple[pl.DataFrame, dict[str, Any]], tmp_path: Path
) -> None:
    flagged, run = expected
    _publish(brokers, split(scenario, tmp_path / "files"))
    state = tmp_path / "state"
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    kills = kill_after_commits(_cmd(brokers, state, scenario), state, env)
    assert kills == 2
    _once_logged(_cmd(brokers, state, scenario, "--once"), env, tmp_path / "after-kills.log")
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert verdicts(written) == verdicts(flagged)
    assert written.equals(flagged)
    # each record once: what came again after a kill was known by its id
    assert _counts(state) == counted_once(run)
    assert sorted({d for d, _ in _dead_letters(brokers)}) == sorted(MALFORMED)  # at least once


def test_a_join_the_mock_broker_never_answers_is_made_again_and_once_ends(
    stoppable_brokers: tuple[str, subprocess.Popen[str], Path],
    scenario: Path,
    expected: tuple[pl.DataFrame, dict[str, Any]],
    tmp_path: Path,
) -> None:
    """The mock broker's process, starved of CPU, runs its session timer (6 s here) before the
    rebalance timer that answers the watcher's JoinGroup (3 s for a new group): the member is dropped
    with its response and the connection is never read again. librdkafka would join again only once
    a request behind the join times out (60 s; 72 s measured before the first record, against 33 s
    with the rejoin). Stopping the mock's process for 7 s during the join does it every time; the
    watcher joins again with a new consumer, says so, and ends with detect's verdicts."""
    flagged, run = expected
    servers, owner, log = stoppable_brokers
    _publish(servers, split(scenario, tmp_path / "files"))
    state = tmp_path / "state"
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    started = time.monotonic()
    watcher = subprocess.Popen(
        _cmd(servers, state, scenario, "--once"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "Received JoinGroupRequest" not in log.read_text():
            time.sleep(0.02)
        owner.send_signal(signal.SIGSTOP)
        time.sleep(7)
        owner.send_signal(signal.SIGCONT)
        _, err = watcher.communicate(timeout=200)
    finally:
        if watcher.poll() is None:
            watcher.kill()
    assert watcher.returncode == 0, err[-3000:]
    assert "session timed out" in log.read_text()  # the join was lost: what is tested did happen
    assert "joining again with a new consumer" in " ".join(err.split())
    assert time.monotonic() - started < 200
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)
    assert _counts(state) == counted_once(run)


def test_a_second_watcher_on_the_group_with_a_new_state_is_refused_without_disturbing_the_first(
    brokers: str, scenario: Path, expected: tuple[pl.DataFrame, dict[str, Any]], tmp_path: Path
) -> None:
    """A second watcher started by mistake on a running watcher's group, with a state of its own:
    refused before it joins the group (exit 2, the reason said; its probe consumer never joins), so
    the first goes on undisturbed and ends with detect's verdicts, every record counted once."""
    flagged, run = expected
    _publish(brokers, split(scenario, tmp_path / "files"))
    first_state, second_state = tmp_path / "first", tmp_path / "second"
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    first = subprocess.Popen(_cmd(brokers, first_state, scenario), env=env, stderr=subprocess.PIPE)
    try:
        # the first has committed a batch (asked as the second will: by a consumer that never joins)
        probe: Any = ck.Consumer({"bootstrap.servers": brokers, "group.id": "ringfence-watch", **QUIET})
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if probe.committed([ck.TopicPartition("cdr.calls", 0)], timeout=10)[0].offset >= 0:
                break
            time.sleep(0.05)
        probe.close()
        second = subprocess.run(
            _cmd(brokers, second_state, scenario),
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 2  # the CLI's exit code for an error it explains
        assert "the state directory is new" in " ".join(second.stderr.split())
        assert first.poll() is None  # still running: the second never joined the group
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
    _once_logged(_cmd(brokers, first_state, scenario, "--once"), env, tmp_path / "after-stop.log")
    assert pl.read_csv(first_state / "flagged.csv", infer_schema=False).equals(flagged)
    assert _counts(first_state) == counted_once(run)


_STUCK_CLOSE = """
import sys, threading, time
from ringfence.adapters.kafka_stream import KafkaRecordStream, kafka_clients

class Stuck(KafkaRecordStream):
    closing = False

    def _on_revoke(self, consumer, partitions):
        if self.closing:  # librdkafka's close serves this callback: the close never returns
            threading.Event().wait()
        super()._on_revoke(consumer, partitions)

settings = {"log_level": 0, "session.timeout.ms": 6000}
consumer, producer = kafka_clients(sys.argv[1], "stuck-close", settings)
stream = Stuck(consumer, producer, notice=lambda text: print(text, file=sys.stderr), close_timeout_s=1.0)
records, deadline = [], time.monotonic() + 60
while not records and time.monotonic() < deadline:
    records = stream.fetch(10, 0.5)
stream.ack(records)
started, stream.closing = time.monotonic(), True
stream.close()
print(f"{len(records)} records; closed after {time.monotonic() - started:.2f} s", flush=True)
"""


def test_a_consumer_close_that_never_returns_does_not_keep_the_process_from_exiting(brokers: str) -> None:
    """A real librdkafka consumer, assigned and committed, whose close never returns: ``close`` gives
    up after its deadline with the warning, and the process exits by itself: the close's thread, stuck
    inside ``Consumer.close()`` (in the revocation callback it serves), does not hold up the
    interpreter's exit, as a non-daemon thread would (the run then never ends)."""
    producer = ck.Producer({"bootstrap.servers": brokers, **QUIET})
    for i in range(3):
        producer.produce("cdr.calls", b'{"n": %d}' % i, partition=0)
    assert producer.flush(30) == 0
    done = subprocess.run(
        [sys.executable, "-c", _STUCK_CLOSE, brokers],
        capture_output=True,
        text=True,
        timeout=60,  # a run takes 5-6 s; one whose close's thread kept it alive never ends
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "3 records; closed after" in done.stdout
    took = float(done.stdout.split("closed after ")[1].split()[0])
    assert 1.0 <= took < 10.0
    warning = " ".join(done.stderr.split())
    assert "did not close within 1 s" in warning
    assert "this run: cdr.calls[0]@3" in warning
    probe: Any = ck.Consumer({"bootstrap.servers": brokers, "group.id": "stuck-close", **QUIET})
    assert probe.committed([ck.TopicPartition("cdr.calls", 0)], timeout=10)[0].offset == 3
    probe.close()
