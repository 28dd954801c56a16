"""``KafkaRecordStream`` over an in-memory Kafka (``tests/support/fake_kafka``): offsets committed only
after the checkpoint and the dead letters, a crash re-reads from the committed offset and counts every
record once, ``detect``'s verdicts. Not a real broker: none is installable from the registries used."""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl
import pytest

pytest.importorskip("confluent_kafka")

from ringfence.adapters.kafka_stream import REASON_HEADER, KafkaRecordStream, close_within
from ringfence.errors import RingfenceError
from ringfence.ingest.contract import RecordKind
from ringfence.services.stream_watch import StreamConsumer
from ringfence.services.watch import Watcher
from tests.services.test_watch import config, counted_once, expected, scenario, split, verdicts
from tests.support.fake_kafka import FakeBroker, FakeConsumer, FakeMessage, FakeProducer

__all__ = ["expected", "scenario"]  # fixtures shared with test_watch

MALFORMED = [b"this is not JSON", b'{"call_id": "bad-1", "caller": "13800000000"}', b"[1, 2, 3]"]


def _publish(broker: FakeBroker, files: list[Path]) -> None:
    """Every record of the files on its topic, in the files' order (keyed by the calling number, as a
    mediation system would partition them), with malformed records among the first calls."""
    first = True
    for f in files:
        topic = "cdr.calls" if f.name.startswith("calls") else "cdr.messages"
        frame = pl.read_csv(f, infer_schema=False)
        key = "caller" if topic == "cdr.calls" else "sender"
        for i, row in enumerate(frame.iter_rows(named=True)):
            broker.append(topic, json.dumps(row, ensure_ascii=False).encode(), row[key].encode())
            if first and i == 10:
                for m in MALFORMED:
                    broker.append("cdr.calls", m, b"bad")
                first = False


def _stream(broker: FakeBroker, refuse: bool = False) -> KafkaRecordStream:
    return KafkaRecordStream(FakeConsumer(broker, "ringfence"), FakeProducer(broker, refuse=refuse))


def _watch_config(state: Path, scenario: Path) -> object:
    c = config(state / "unused", state, scenario)
    c.landing = None
    c.source = "kafka:cdr"
    return c


class _CrashError(Exception):
    pass


class _CrashingStream(KafkaRecordStream):
    """Dies (as a SIGKILL would) at its ``at``-th acknowledgement: before committing the offsets, after
    the checkpoint is on disk — the batch comes again and is already counted."""

    def __init__(self, broker: FakeBroker, at: int) -> None:
        super().__init__(FakeConsumer(broker, "ringfence"), FakeProducer(broker))
        self.at = at

    def ack(self, records: object) -> None:
        self.at -= 1
        if self.at == 0:
            raise _CrashError
        super().ack(records)  # type: ignore[arg-type]


def _run(
    stream: KafkaRecordStream, state: Path, scenario: Path, batch: int = 700
) -> tuple[Watcher, StreamConsumer]:
    watcher = Watcher(_watch_config(state, scenario))  # type: ignore[arg-type]
    consumer = StreamConsumer(watcher, stream, batch=batch)
    try:
        consumer.run(once=True, timeout_s=0.0)
    finally:
        watcher.close()
    return watcher, consumer


def _dead(broker: FakeBroker) -> dict[bytes, str]:
    return {
        m.value(): dict(m.headers() or [])[REASON_HEADER].decode() for m in broker.messages("cdr.dead.calls")
    }


@pytest.mark.parametrize("partitions", [1, 3])
def test_kafka_consumer_gives_detects_verdicts_and_dead_letters_the_malformed(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path, partitions: int
) -> None:
    flagged, run = expected
    broker = FakeBroker(partitions=partitions)
    _publish(broker, split(scenario, tmp_path / "files"))
    watcher, consumer = _run(_stream(broker), tmp_path / "state", scenario)
    written = pl.read_csv(tmp_path / "state" / "flagged.csv", infer_schema=False)
    assert verdicts(written) == verdicts(flagged)
    if partitions == 1:  # publication order: the very file detect writes
        assert written.equals(flagged)
    dead = _dead(broker)
    assert sorted(dead) == sorted(MALFORMED)
    assert dead[MALFORMED[0]].startswith("bad_json")
    assert "bad_json" in dead[MALFORMED[2]]
    assert dead[MALFORMED[1]]
    assert not dead[MALFORMED[1]].startswith("bad_json")
    assert consumer.dead == len(MALFORMED)
    # every partition committed to its end: nothing left to deliver
    assert _stream(broker).drained()
    if partitions == 1:
        assert watcher.state.records == counted_once(run)


@pytest.mark.parametrize("at", [1, 3, 6])
def test_kafka_crash_between_checkpoint_and_commit_counts_every_record_once(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path, at: int
) -> None:
    flagged, run = expected
    broker = FakeBroker()
    _publish(broker, split(scenario, tmp_path / "files"))
    state = tmp_path / "state"
    with pytest.raises(_CrashError):
        _run(_CrashingStream(broker, at), state, scenario)
    assert not _stream(broker).drained()
    watcher, consumer = _run(_stream(broker), state, scenario)  # a new process: from the committed offsets
    assert consumer.redelivered >= 700 - len(MALFORMED)  # the crashed batch came again, dropped by id
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert written.equals(flagged)
    assert watcher.state.records == counted_once(run)
    assert sorted(set(_dead(broker))) == sorted(MALFORMED)  # at least once there too


class _RebalancingConsumer(FakeConsumer):
    """Its ``at``-th commit is refused with ``code`` as a group that rebalanced meanwhile refuses it:
    the member's positions go back to the group's committed offsets (what it reads after rejoining)."""

    def __init__(self, broker: FakeBroker, at: int, code: int) -> None:
        super().__init__(broker, "ringfence")
        self.at, self.code = at, code

    def commit(self, offsets: list[Any] | None = None, asynchronous: bool = True) -> Any:
        import confluent_kafka as ck

        self.at -= 1
        if self.at == 0:
            mine = self.broker.committed.get(self.group, {})
            for key in list(self.position):
                self.position[key] = max(mine.get(key, 0), 0)
            raise ck.KafkaException(ck.KafkaError(self.code))
        return super().commit(offsets, asynchronous)


@pytest.mark.parametrize("code", [27, 22, 25])  # REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID
def test_a_commit_refused_after_a_rebalance_is_not_fatal_and_counts_every_record_once(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path, code: int
) -> None:
    """The batch was checkpointed, then the group refused its offsets: the consumer goes on, the
    batch comes again and is dropped by its ids, and the run ends with detect's file."""
    flagged, run = expected
    broker = FakeBroker()
    _publish(broker, split(scenario, tmp_path / "files"))
    notices: list[str] = []
    stream = KafkaRecordStream(
        _RebalancingConsumer(broker, 2, code), FakeProducer(broker), notice=notices.append
    )
    watcher, consumer = _run(stream, tmp_path / "state", scenario)
    assert stream.refused == 1
    assert any("refused the commit" in n and "cdr.calls[0]@" in n for n in notices)
    assert consumer.redelivered >= 700 - len(MALFORMED)  # the refused batch came again, dropped by id
    written = pl.read_csv(tmp_path / "state" / "flagged.csv", infer_schema=False)
    assert written.equals(flagged)
    assert watcher.state.records == counted_once(run)
    assert _stream(broker).drained()


def test_a_commit_refused_for_another_reason_stops_the_consumer(scenario: Path, tmp_path: Path) -> None:
    import confluent_kafka as ck

    broker = FakeBroker()
    _publish(broker, split(scenario, tmp_path / "files"))
    stream = KafkaRecordStream(
        _RebalancingConsumer(broker, 1, ck.KafkaError._TRANSPORT), FakeProducer(broker)
    )
    with pytest.raises(ck.KafkaException):
        _run(stream, tmp_path / "state", scenario)
    assert stream.refused == 0


def test_ack_commits_the_offset_after_each_partitions_last_record(tmp_path: Path) -> None:
    broker = FakeBroker(partitions=2)
    for _i in range(6):
        broker.append("cdr.calls", b"{}")  # unkeyed: round robin over the partitions
    stream = _stream(broker)
    records = stream.fetch(10, 0.0)
    assert len(records) == 6
    assert not stream.drained()
    stream.ack(records[:4])
    ends: dict[tuple[str, int], int] = {}
    for r in records[:4]:
        key = (r.handle.topic(), r.handle.partition())
        ends[key] = max(ends.get(key, -1), r.handle.offset())
    assert len({p for _, p in ends}) == 2  # both partitions in the batch
    assert broker.committed["ringfence"] == {k: o + 1 for k, o in ends.items()}
    stream.ack(records)
    assert stream.drained()


def test_a_dead_letter_the_broker_refuses_keeps_the_batch_unacknowledged(tmp_path: Path) -> None:
    broker = FakeBroker()
    broker.append("cdr.calls", b"not json")
    stream = _stream(broker, refuse=True)
    records = stream.fetch(10, 0.0)
    stream.dead_letter(records[0], "bad_json: not an object")
    with pytest.raises(RingfenceError, match="not acknowledged"):
        stream.ack(records)
    assert broker.commits == 0
    assert not stream.drained()


def test_fetch_skips_partition_ends_and_raises_on_errors() -> None:
    class _Err:
        def __init__(self, code: int) -> None:
            self._code = code

        def code(self) -> int:
            return self._code

        def __str__(self) -> str:
            return f"error {self._code}"

    class _Consumer(FakeConsumer):
        def __init__(self, messages: list[FakeMessage]) -> None:
            super().__init__(FakeBroker(), "g")
            self.messages = messages

        def consume(self, num_messages: int = 1, timeout: float = -1) -> list[object]:
            return list(self.messages)

    eof = FakeMessage("cdr.calls", 0, 3, None, b"", _error=_Err(-191))
    good = FakeMessage("cdr.messages", 0, 0, None, b"{}")
    stream = KafkaRecordStream(_Consumer([eof, good]), FakeProducer(FakeBroker()))
    assert [(r.kind, r.data) for r in stream.fetch(5, 0.0)] == [(RecordKind.MESSAGES, b"{}")]
    broken = KafkaRecordStream(
        _Consumer([FakeMessage("cdr.calls", 0, 0, None, b"", _error=_Err(-195))]), FakeProducer(FakeBroker())
    )
    with pytest.raises(RingfenceError, match="error -195"):
        broken.fetch(5, 0.0)


def test_a_topic_not_created_yet_is_drained() -> None:
    assert _stream(FakeBroker()).drained()


def test_a_subscribed_topic_not_created_yet_is_not_an_error() -> None:
    class _Err:
        def code(self) -> int:
            return 3  # UNKNOWN_TOPIC_OR_PART: librdkafka keeps the subscription

    class _Consumer(FakeConsumer):
        def consume(self, num_messages: int = 1, timeout: float = -1) -> list[object]:
            return [FakeMessage("cdr.messages", 0, 0, None, b"", _error=_Err())]

    stream = KafkaRecordStream(_Consumer(FakeBroker(), "g"), FakeProducer(FakeBroker()))
    assert stream.fetch(5, 0.0) == []


def test_an_offset_fetch_that_times_out_is_not_drained_yet_and_other_errors_raise() -> None:
    class _Err:
        def __init__(self, code: int) -> None:
            self._code = code

        def code(self) -> int:
            return self._code

    class _Consumer(FakeConsumer):
        code = -185  # _TIMED_OUT: the coordinator waits out a dead member's session

        def committed(self, partitions: list[object], timeout: float = -1) -> list[object]:
            raise RuntimeError(_Err(self.code))

    broker = FakeBroker()
    broker.append("cdr.calls", b"{}")
    consumer = _Consumer(broker, "g")
    assert not KafkaRecordStream(consumer, FakeProducer(broker)).drained()
    consumer.code = -195
    with pytest.raises(RuntimeError):
        KafkaRecordStream(consumer, FakeProducer(broker)).drained()


def test_a_partial_assignment_is_refused_before_a_record_counts() -> None:
    """A second consumer in the group takes partitions from this one: its next fetch refuses (the
    state must see every record), and nothing of the batch is handed on or acknowledged."""
    from confluent_kafka import TopicPartition

    broker = FakeBroker(partitions=2)
    for _ in range(4):
        broker.append("cdr.calls", b"{}")
    stream = _stream(broker)
    stream._on_assign(None, [TopicPartition("cdr.calls", 0), TopicPartition("cdr.calls", 1)])
    assert len(stream.fetch(10, 0.0)) == 4  # every partition: fine
    stream._on_revoke(None, [TopicPartition("cdr.calls", 0), TopicPartition("cdr.calls", 1)])
    stream._on_assign(None, [TopicPartition("cdr.calls", 1)])
    with pytest.raises(RingfenceError, match=r"1 of 2 partitions \(not cdr.calls\[0\]\).*another consumer"):
        stream.fetch(10, 0.0)
    assert broker.committed.get("ringfence", {}) == {}


def test_a_new_state_is_refused_a_group_that_has_committed() -> None:
    broker = FakeBroker(partitions=2)
    for _ in range(4):
        broker.append("cdr.calls", b"{}")
    KafkaRecordStream(FakeConsumer(broker, "ringfence"), FakeProducer(broker), new_state=True)  # nothing yet
    stream = _stream(broker)
    stream.ack(stream.fetch(10, 0.0))
    with pytest.raises(RingfenceError, match=r"committed offsets \(cdr.calls\[0\]@2.*state directory is new"):
        KafkaRecordStream(FakeConsumer(broker, "ringfence"), FakeProducer(broker), new_state=True)
    # asked with a probe that never joins the group, which is closed either way
    probe = FakeConsumer(broker, "ringfence")
    joining = FakeConsumer(broker, "ringfence")
    with pytest.raises(RingfenceError, match="state directory is new"):
        KafkaRecordStream(joining, FakeProducer(broker), new_state=True, probe=probe)
    assert probe.closed
    assert not joining.topics
    KafkaRecordStream(FakeConsumer(broker, "ringfence"), FakeProducer(broker))  # its own state: goes on
    # a group of its own reads from the beginning: fine with a new state
    probe = FakeConsumer(broker, "other")
    KafkaRecordStream(FakeConsumer(broker, "other"), FakeProducer(broker), new_state=True, probe=probe)
    assert probe.closed


class _UnansweredJoin(FakeConsumer):
    """A consumer whose JoinGroup is never answered (librdkafka's mock broker drops the response when
    its process is starved of CPU): no assignment, no records, nothing committed as far as it knows."""

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
        return []


def _rejoining(
    lost: FakeConsumer, broker: FakeBroker, **options: float
) -> tuple[KafkaRecordStream, list[FakeConsumer], list[str]]:
    """A stream on ``lost`` that replaces it with a fresh consumer of ``broker`` (kept in the list
    returned) after 22 s of a clock that steps 7 s per look; its notices kept in the other list."""
    fresh: list[FakeConsumer] = []

    def reopen() -> FakeConsumer:
        fresh.append(FakeConsumer(broker, "ringfence"))
        return fresh[-1]

    ticks = itertools.count(step=7.0)  # seconds, one step per look at the clock
    notices: list[str] = []
    stream = KafkaRecordStream(
        lost,
        FakeProducer(broker),
        reopen=reopen,
        rejoin_s=22.0,
        clock=lambda: next(ticks),
        notice=notices.append,
        **options,  # type: ignore[arg-type]
    )
    return stream, fresh, notices


def test_a_consumer_whose_join_is_never_answered_is_replaced_and_once_ends(
    tmp_path: Path, scenario: Path
) -> None:
    """Without a new consumer ``--once`` loops on "not drained" until librdkafka gives up on the
    join (here: never, the fake has no timeout); it is stopped after 20 s instead, and fails."""
    broker = FakeBroker(partitions=2)
    for i in range(3):
        broker.append("cdr.calls", b"not json %d" % i)
    lost = _UnansweredJoin(broker, "ringfence")
    notices = _replaced_once(lost, broker, tmp_path, scenario)
    assert "no assignment in" in notices[0]


def _replaced_once(replaced: FakeConsumer, broker: FakeBroker, tmp_path: Path, scenario: Path) -> list[str]:
    """A ``--once`` run on ``replaced`` (``_rejoining``), stopped after 20 s if it does not end by
    itself: it must end drained, ``replaced`` closed and replaced once, every record of the three on
    two partitions committed. Returns the notices."""
    stream, fresh, notices = _rejoining(replaced, broker)
    watcher = Watcher(_watch_config(tmp_path / "state", scenario))  # type: ignore[arg-type]
    stop = threading.Event()
    timer = threading.Timer(20.0, stop.set)
    timer.start()
    try:
        StreamConsumer(watcher, stream, batch=10).run(once=True, stop=stop, timeout_s=0.0)
    finally:
        timer.cancel()
    assert not stop.is_set()  # ended by itself: drained
    assert stream.rejoins == 1
    assert replaced.closed
    assert len(fresh) == 1
    assert broker.committed["ringfence"] == {("cdr.calls", 0): 2, ("cdr.calls", 1): 1}  # every record
    return notices


class _FetchesUnanswered(FakeConsumer):
    """A consumer in the group (assigned every partition) whose offset fetches time out, one after
    another: its connection to the coordinator is stuck."""

    def committed(self, partitions: list[Any], timeout: float = -1) -> list[Any]:
        raise RuntimeError(SimpleNamespace(code=lambda: -185))  # KafkaError._TIMED_OUT


def test_offset_fetches_unanswered_past_rejoin_s_replace_the_consumer_and_once_ends(
    tmp_path: Path, scenario: Path
) -> None:
    """``--once`` asks the group's committed offsets to know it is done. A consumer that holds its
    assignment but whose fetches go unanswered (what the lost join does to the coordinator's
    connection, after the join) is not a lost join: ``_rejoin_if_stuck`` never replaces it, and
    the run would ask forever. After ``rejoin_s`` of unanswered fetches it is replaced, and the run
    ends with every record committed."""
    broker = FakeBroker(partitions=2)
    for i in range(3):
        broker.append("cdr.calls", b"not json %d" % i)
    notices = _replaced_once(_FetchesUnanswered(broker, "ringfence"), broker, tmp_path, scenario)
    assert "no answer to the group's offset fetches in" in notices[0]
    assert "joining again with a new consumer" in notices[0]


def test_offset_fetches_unanswered_for_less_than_rejoin_s_keep_the_consumer() -> None:
    """The fetches of a group waiting out a dead member's session time out for up to that session:
    within ``rejoin_s`` (the session and a margin) the consumer is kept, and an answer starts the
    count again."""
    broker = FakeBroker()
    broker.append("cdr.calls", b"{}")
    stuck = _FetchesUnanswered(broker, "ringfence")
    stream, fresh, _ = _rejoining(stuck, broker)
    assert stream.fetch(10, 0.0)  # assigned, the record handed on
    for _ in range(3):  # 0, 7 and 14 s of unanswered fetches: under rejoin_s (22 s)
        assert not stream.drained()
    stuck.committed = FakeConsumer.committed.__get__(stuck)  # type: ignore[method-assign]
    assert not stream.drained()  # answered: the record is not committed yet
    stuck.committed = _FetchesUnanswered.committed.__get__(stuck)  # type: ignore[method-assign]
    for _ in range(3):  # the count starts again
        assert not stream.drained()
    assert stream.rejoins == 0
    assert not fresh


def test_an_assignment_of_nothing_is_an_answer_not_a_lost_join() -> None:
    """No topic created yet: the group assigns nothing, and the consumer stays (no rejoin every
    ``rejoin_s`` while the topics are empty)."""
    broker = FakeBroker()
    ticks = itertools.count(step=50.0)
    stream = KafkaRecordStream(
        FakeConsumer(broker, "ringfence"),
        FakeProducer(broker),
        reopen=lambda: pytest.fail("replaced"),
        rejoin_s=22.0,
        clock=lambda: next(ticks),
    )
    for _ in range(5):
        assert stream.fetch(10, 0.0) == []
    assert stream.rejoins == 0


class _CloseNeverReturns(FakeConsumer):
    """librdkafka's consumer close stuck (seen against the mock broker after a run's work was done):
    ``close`` blocks until the test releases it."""

    def __init__(self, broker: FakeBroker, group: str) -> None:
        super().__init__(broker, group)
        self.entered, self.release = threading.Event(), threading.Event()
        self.revoke: Any = None

    def subscribe(self, topics: list[str], on_assign: Any = None, on_revoke: Any = None) -> None:
        super().subscribe(topics, on_assign, on_revoke)
        self.revoke = on_revoke

    def close(self) -> None:
        self.entered.set()
        self.release.wait()
        super().close()


def _close_in_time(stream: KafkaRecordStream, limit_s: float = 10.0) -> float:
    """Seconds ``stream.close()`` took; fails (instead of hanging the suite) if it takes ``limit_s``."""
    took: list[float] = []

    def run() -> None:
        start = time.monotonic()
        stream.close()
        took.append(time.monotonic() - start)

    closer = threading.Thread(target=run, daemon=True)
    closer.start()
    closer.join(limit_s)
    assert not closer.is_alive(), f"close() had not returned after {limit_s} s"
    return took[0]


def test_a_consumer_close_that_never_returns_is_left_behind_at_its_deadline_with_a_warning() -> None:
    broker = FakeBroker()
    for i in range(5):
        broker.append("cdr.calls", b"not json %d" % i)
    consumer = _CloseNeverReturns(broker, "ringfence")
    notices: list[str] = []
    stream = KafkaRecordStream(consumer, FakeProducer(broker), notice=notices.append, close_timeout_s=0.3)
    records = stream.fetch(10, 0.0)
    stream.ack(records[:3])
    stream.dead_letter(records[3], "bad_json: not an object")  # of a batch not acknowledged
    try:
        took = _close_in_time(stream)
        assert 0.3 <= took < 5.0  # waited for the close, up to its deadline, not longer
        assert consumer.entered.is_set()
        assert not consumer.closed  # still in its close: left to the daemon thread
        warning = " ".join(notices)
        assert "did not close within 0.3 s" in warning
        assert "this run: cdr.calls[0]@3" in warning  # what was committed before the close
        assert "session.timeout.ms" in warning
        assert [m.value() for m in broker.messages("cdr.dead.calls")] == [b"not json 3"]  # flushed
        assert broker.committed["ringfence"] == {("cdr.calls", 0): 3}  # the close committed nothing
    finally:
        consumer.release.set()
    deadline = time.monotonic() + 10
    while not consumer.closed and time.monotonic() < deadline:  # the close ends in the background
        time.sleep(0.01)
    assert consumer.closed


def test_a_consumer_close_that_returns_is_waited_for_after_the_dead_letters_are_flushed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broker = FakeBroker()
    broker.append("cdr.calls", b"not json")
    events: list[str] = []

    class _Producer(FakeProducer):
        def flush(self, timeout: float = -1) -> int:
            events.append("flush")
            return super().flush(timeout)

    class _Consumer(FakeConsumer):
        def close(self) -> None:
            time.sleep(0.2)  # within the deadline: waited for
            events.append("close")
            super().close()

    consumer = _Consumer(broker, "ringfence")
    stream = KafkaRecordStream(consumer, _Producer(broker), close_timeout_s=5.0)
    stream.dead_letter(stream.fetch(10, 0.0)[0], "bad_json: not an object")
    with caplog.at_level("WARNING", logger="ringfence.kafka"):
        assert _close_in_time(stream) >= 0.2
    assert events == ["flush", "close"]
    assert consumer.closed
    assert [m.value() for m in broker.messages("cdr.dead.calls")] == [b"not json"]
    assert not caplog.records  # nothing to warn of


def test_a_close_that_fails_raises_and_one_that_hangs_warns_on_the_logger_by_default(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class _Failing(FakeConsumer):
        def close(self) -> None:
            raise RuntimeError("KafkaError{code=_DESTROY}")

    with pytest.raises(RuntimeError, match="_DESTROY"):
        KafkaRecordStream(_Failing(FakeBroker(), "g"), FakeProducer(FakeBroker())).close()
    assert close_within(lambda: None, 0.1)
    hung = _CloseNeverReturns(FakeBroker(), "g")
    try:
        with caplog.at_level("WARNING", logger="ringfence.kafka"):
            _close_in_time(KafkaRecordStream(hung, FakeProducer(FakeBroker()), close_timeout_s=0.05))
        assert [r.levelname for r in caplog.records] == ["WARNING"]
        assert "did not close within 0.05 s" in caplog.records[0].getMessage()
        assert "this run: no batch" in caplog.records[0].getMessage()
    finally:
        hung.release.set()


def test_a_replaced_consumer_that_does_not_close_holds_up_neither_the_rejoin_nor_the_assignment() -> None:
    """The consumer replaced after a join never answered may not close either; the watcher goes on
    with the new one after ``close_timeout_s``, and a revocation its close serves later (librdkafka
    calls the rebalance callback from close) says nothing of the new consumer's assignment."""
    broker = FakeBroker()  # no topic yet: the new consumer's assignment is of nothing

    class _Lost(_CloseNeverReturns):
        def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
            return []  # its join is never answered

    lost = _Lost(broker, "ringfence")
    stream, fresh, notices = _rejoining(lost, broker, close_timeout_s=0.2)
    try:
        for _ in range(4):
            stream.fetch(10, 0.0)
        assert stream.rejoins == 1
        assert lost.entered.is_set()
        assert not lost.closed
        assert "replaced consumer did not close within 0.2 s" in notices[-1]
        stream.fetch(10, 0.0)  # the new consumer's assignment: of nothing, an answer
        lost.revoke(lost, [])  # served late by the old consumer's close
        for _ in range(10):  # 70 s of the clock: far past rejoin_s
            stream.fetch(10, 0.0)
        assert stream.rejoins == 1
        assert len(fresh) == 1
    finally:
        lost.release.set()
