"""``RecordStream`` over Kafka (``confluent-kafka``, optional: ``pip install ringfence[kafka]``).

Records are JSON objects on the topics ``<prefix>.calls`` and ``<prefix>.messages``; one consumer
group reads both. Kafka's at-least-once contract is the committed offset: offsets are never
committed automatically (``enable.auto.commit=false``), only by ``ack`` once the batch's checkpoint
is on disk, so a consumer that dies re-reads from the last committed offset of each partition, in
partition order (nothing to wait for on restart: ``await_redelivery`` does nothing). Records counted
before the crash come again and are recognised by their id (``Watcher.accept``).

Malformed records are produced to ``<prefix>.dead.<kind>`` with the reason in the
``Ringfence-Reason`` header; ``ack`` flushes the producer (every dead letter acknowledged by the
broker) before it commits the offsets, so a dead letter is never lost, at worst written twice.

A consumer that has had no assignment for ``rejoin_s`` (its join of the group was never answered) is
replaced by a new one. librdkafka waits for a JoinGroup response for ``max.poll.interval.ms`` + 3 s
(5 min by default) and sends nothing else to the coordinator meanwhile; the join is made again only
when a request queued behind it on that connection times out (``socket.timeout.ms``, 60 s: the
offset fetches of ``drained``). librdkafka's mock broker drops the response when its process is
starved of CPU for a few seconds during the join (its session timer runs before its rebalance timer;
``docs/operation.md``). A new consumer joins on new connections; the old one is closed (it holds no
partition, so nothing of its is lost). The same is done when the group's offset fetches (``drained``,
which ``--once`` asks between batches) have gone unanswered for ``rejoin_s`` while the consumer is in
the group: a coordinator waiting out a dead member's session answers within that session, so a longer
silence is a stuck connection (the mock broker leaves a connection blocked when it drops a response
it owes), and asking again on it would never end.

The group must be this watcher's alone (its state holds every number's history): a new state does
not join a group that has committed offsets (checked with a probe consumer that never joins, so a
running watcher of the group is not disturbed), and a consumer given part of the partitions stops
before a record of the batch counts.

Back-pressure: a batch is consumed only after the previous one is committed, and the client's
prefetch queue is bounded (``queued.max.messages.kbytes``), so a consumer that is behind lets records
wait in the broker's log (retention decides how long), not in memory.

Closing is bounded (``close_timeout_s``, ``CLOSE_TIMEOUT_S`` by default): ``Consumer.close()`` has no
timeout and was seen, rarely, not to return against librdkafka's mock broker after a ``--once`` run's
work was done. A close that has not returned by then is left to a daemon thread and the process goes
on to exit (``close``).

Only the subset of ``confluent_kafka.Consumer``/``Producer`` used here is needed: the tests run it
over the wire against librdkafka's own broker (``tests/adapters/test_kafka_wire.py``) and, for
faults a broker cannot be made to produce on demand, against an in-memory fake.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, cast

from ringfence.errors import RingfenceError
from ringfence.ingest.contract import RecordKind
from ringfence.ports.record_stream import StreamRecord

__all__ = [
    "CLOSE_TIMEOUT_S",
    "KafkaConsumer",
    "KafkaProducer",
    "KafkaRecordStream",
    "close_within",
    "kafka_clients",
    "kafka_consumer",
    "rejoin_after",
]

log = logging.getLogger("ringfence.kafka")

REASON_HEADER = "Ringfence-Reason"
_KINDS = {"calls": RecordKind.CALLS, "messages": RecordKind.MESSAGES}
_PARTITION_EOF = -191  # KafkaError._PARTITION_EOF: the end of a partition, not an error
#: KafkaError.UNKNOWN_TOPIC_OR_PART on a subscribed topic: not created yet (no SMS produced so far, say).
#: librdkafka keeps the subscription and picks the topic up once it exists, so it is not fatal.
_UNKNOWN_TOPIC = 3
_TIMED_OUT = -185  # KafkaError._TIMED_OUT
#: Commit errors that mean the group has moved on since the batch was fetched (ILLEGAL_GENERATION,
#: UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID, _ASSIGNMENT_LOST, _MAX_POLL_EXCEEDED).
_REFUSED = frozenset({22, 25, 27, 82, -142, -147})
_TIMEOUT_S = 10.0
_SESSION_TIMEOUT_MS = 45_000  # librdkafka's default session.timeout.ms
#: Seconds a consumer's close may take before the watcher goes on without it. A close that works takes
#: milliseconds, or up to 5 s when the coordinator does not answer the LeaveGroup (librdkafka's timeout
#: for it); 20 s more than covers that, and with the producer's flush (``_TIMEOUT_S``) keeps a stop
#: well inside systemd's default 90 s before SIGKILL.
CLOSE_TIMEOUT_S = 20.0


class KafkaConsumer(Protocol):
    """The part of ``confluent_kafka.Consumer`` this adapter uses."""

    def subscribe(self, topics: list[str], on_assign: Any = None, on_revoke: Any = None) -> None: ...
    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]: ...
    def commit(self, offsets: list[Any] | None = None, asynchronous: bool = True) -> Any: ...
    def committed(self, partitions: list[Any], timeout: float = -1) -> list[Any]: ...
    def get_watermark_offsets(
        self, partition: Any, timeout: float | None = None, cached: bool = False
    ) -> tuple[int, int]: ...
    def list_topics(self, topic: str | None = None, timeout: float = -1) -> Any: ...
    def close(self) -> None: ...


class KafkaProducer(Protocol):
    """The part of ``confluent_kafka.Producer`` this adapter uses."""

    def produce(
        self,
        topic: str,
        value: bytes | None = None,
        key: bytes | None = None,
        headers: list[tuple[str, bytes]] | None = None,
        on_delivery: Any = None,
    ) -> None: ...
    def poll(self, timeout: float = 0) -> int: ...
    def flush(self, timeout: float = -1) -> int: ...


def _topic_partition(topic: str, partition: int, offset: int = -1001) -> Any:
    from confluent_kafka import TopicPartition

    return TopicPartition(topic, partition, offset)


def _library() -> Any:
    try:
        import confluent_kafka
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RingfenceError(
            "the Kafka consumer needs confluent-kafka: pip install 'ringfence[kafka]'"
        ) from exc
    return confluent_kafka


def kafka_consumer(
    servers: str, group: str, settings: Mapping[str, str | int] | None = None, prefetch_kb: int = 65_536
) -> KafkaConsumer:
    """A consumer of ``group``: manual commits, from the earliest offset for a new group, a bounded
    prefetch queue. ``settings`` (security: ``security.protocol``, ``sasl.*``, ``ssl.*``) cannot
    change those."""
    consumer = _library().Consumer(
        {
            "bootstrap.servers": servers,
            **(settings or {}),
            "group.id": group,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            "enable.partition.eof": False,
            "queued.max.messages.kbytes": prefetch_kb,
            "isolation.level": "read_committed",
        }
    )
    # The library's stubs name parameters differently from the documented API the protocol follows.
    return cast(KafkaConsumer, consumer)


def kafka_clients(
    servers: str, group: str, settings: Mapping[str, str | int] | None = None, prefetch_kb: int = 65_536
) -> tuple[KafkaConsumer, KafkaProducer]:
    """A consumer (``kafka_consumer``) and an idempotent producer for the dead letters. ``settings``
    are passed to both."""
    consumer = kafka_consumer(servers, group, settings, prefetch_kb)
    common: dict[str, str | int] = {"bootstrap.servers": servers, **(settings or {})}
    producer = _library().Producer({**common, "enable.idempotence": True, "acks": "all"})
    return consumer, cast(KafkaProducer, producer)


def close_within(close: Callable[[], None], timeout_s: float) -> bool:
    """Run ``close`` for at most ``timeout_s``: True if it returned (its exception is raised here),
    False if it is still running. ``confluent_kafka.Consumer.close()`` blocks in C with no timeout of
    its own and cannot be interrupted, so it runs in a daemon thread: a thread that never returns then
    does not keep the interpreter from exiting (a non-daemon one would be joined at exit, forever)."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            close()
        except BaseException as exc:  # handed to the caller, as if close had run in its thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="kafka-consumer-close", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        return False
    if failed:
        raise failed[0]
    return True


def rejoin_after(settings: Mapping[str, str | int] | None = None) -> float:
    """Seconds without an assignment after which the consumer is replaced: the session timeout plus
    10 s. A join may rightly wait for a crashed consumer's session to time out before the group is
    rebalanced (plus the coordinator's initial rebalance delay, 3 s), not longer; 55 s by default,
    sooner than the 60 s after which librdkafka itself would give up on the join."""
    session_ms = float((settings or {}).get("session.timeout.ms", _SESSION_TIMEOUT_MS))
    return session_ms / 1000 + 10


class KafkaRecordStream:
    def __init__(
        self,
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        prefix: str = "cdr",
        kinds: Sequence[RecordKind] = (RecordKind.CALLS, RecordKind.MESSAGES),
        new_state: bool = False,
        probe: KafkaConsumer | None = None,
        reopen: Callable[[], KafkaConsumer] | None = None,
        rejoin_s: float = _SESSION_TIMEOUT_MS / 1000 + 10,
        clock: Callable[[], float] = time.monotonic,
        notice: Callable[[str], None] | None = None,
        close_timeout_s: float = CLOSE_TIMEOUT_S,
    ) -> None:
        """``new_state``: the watcher's state directory holds nothing yet; the group must then not
        have committed anything either, which is asked with ``probe`` (a consumer of the group that
        never subscribes, closed after; by default ``consumer`` itself, before it subscribes) so that
        a running watcher of the group is not disturbed. ``reopen``: a new consumer of the group, to
        replace one that has had no assignment for ``rejoin_s`` (a join never answered); without it
        the consumer is kept however long it waits. ``notice`` is told of each replacement and of a
        consumer that did not close within ``close_timeout_s`` (by default the ``ringfence.kafka``
        logger's warnings)."""
        self.prefix = prefix
        self._consumer, self._producer = consumer, producer
        self.topics = [f"{prefix}.{k.value}" for k in kinds]
        self._kinds = {f"{prefix}.{k.value}": k for k in kinds}
        self._failed: list[str] = []  # dead letters the broker refused since the last ack
        self._reopen, self.rejoin_s, self._clock = reopen, rejoin_s, clock
        self._notice = notice if notice is not None else log.warning
        self.close_timeout_s = close_timeout_s
        self.rejoins = 0
        self._unanswered: float | None = None  # since when offset fetches have timed out, one after another
        self.committed: dict[tuple[str, int], int] = {}  # the offsets this stream's acks committed
        self.refused = 0  # commits the group refused (rebalanced meanwhile): their records come again
        if new_state:
            try:
                self._unused_group(probe if probe is not None else consumer)
            finally:
                if probe is not None:
                    probe.close()
        self._subscribe()

    def _subscribe(self) -> None:
        self._assigned: set[tuple[str, int]] = set()  # the partitions the group gives this consumer
        self._check = False  # the assignment changed since it was last checked
        self._joined = False  # the group has given this consumer an assignment (maybe of nothing)
        self._held = self._clock()  # when this consumer was last in the group (or subscribed)
        current = self._consumer

        # A replaced consumer may still be closing in the background (``close_within``), and its
        # close serves its revocation: only the current consumer's callbacks describe the assignment.
        def on_assign(consumer: Any, partitions: list[Any]) -> None:
            if self._consumer is current:
                self._on_assign(consumer, partitions)

        def on_revoke(consumer: Any, partitions: list[Any]) -> None:
            if self._consumer is current:
                self._on_revoke(consumer, partitions)

        current.subscribe(self.topics, on_assign=on_assign, on_revoke=on_revoke)

    def _partitions(self, consumer: KafkaConsumer | None = None) -> list[Any]:
        """Every partition of the topics that exist."""
        consumer = consumer if consumer is not None else self._consumer
        parts: list[Any] = []
        for topic in self.topics:
            meta = consumer.list_topics(topic, timeout=_TIMEOUT_S).topics.get(topic)
            if meta is not None and meta.error is None:
                parts.extend(_topic_partition(topic, p) for p in sorted(meta.partitions))
        return parts

    def _unused_group(self, probe: KafkaConsumer) -> None:
        """A new state with a group that has committed offsets would start after records no state of
        its own has counted (those are in another watcher's state): its verdicts would miss them."""
        parts = self._partitions(probe)
        committed = probe.committed(parts, timeout=_TIMEOUT_S) if parts else []
        done = [tp for tp in committed if tp.offset >= 0]
        if done:
            shown = ", ".join(f"{tp.topic}[{tp.partition}]@{tp.offset}" for tp in done[:4])
            raise RingfenceError(
                f"the consumer group has committed offsets ({shown}) but the state directory is new: "
                "the records before them would be missing from its numbers' history (they are in the "
                "state of the watcher that committed them). Start with that state directory, or give "
                "this watcher a group of its own (a new group reads the topics from the beginning)"
            )

    def _on_assign(self, consumer: Any, partitions: list[Any]) -> None:
        self._assigned |= {(p.topic, p.partition) for p in partitions}
        self._joined, self._check = True, True

    def _on_revoke(self, consumer: Any, partitions: list[Any]) -> None:
        self._assigned -= {(p.topic, p.partition) for p in partitions}
        self._joined = bool(self._assigned)  # rejoining: the group answers with a new assignment

    def _whole(self) -> None:
        """Refuse to go on with part of the topics: the state must see every record of every number
        (a call touches two numbers; a partition holds some callers' records, and the callees' side
        of them). A second consumer in the group (a second watcher started by mistake) takes
        partitions from this one, which from then on would decide on part of the traffic."""
        self._check = False
        if not self._assigned:
            return  # between a revocation and the next assignment, or nothing to read yet
        existing = {(tp.topic, tp.partition) for tp in self._partitions()}
        missing = existing - self._assigned
        if missing:
            shown = ", ".join(f"{t}[{p}]" for t, p in sorted(missing)[:6])
            raise RingfenceError(
                f"the consumer group gave this watcher {len(existing) - len(missing)} of "
                f"{len(existing)} partitions (not {shown}): another consumer is in the group. One "
                "watcher per group: its state holds every number's history. Stop the other consumer "
                "or give it a group of its own, then start this watcher again (nothing is lost: "
                "offsets are committed only for what the state counted)"
            )

    def _rejoin_if_stuck(self) -> None:
        """Replace a consumer that has been out of the group for ``rejoin_s``: its JoinGroup went
        unanswered, and librdkafka would ask again only once a request behind it times out (module
        docstring). An
        assignment of nothing (no topic created yet) is an answer: that consumer is in the group."""
        now = self._clock()
        if self._joined:
            self._held = now
        elif self._reopen is not None and now - self._held >= self.rejoin_s:
            self._replace(
                f"no assignment in {now - self._held:.0f} s (the group's coordinator did not answer the join)"
            )

    def _replace(self, why: str) -> None:
        """A new consumer of the group in place of the current one, which is closed (within
        ``close_timeout_s``). Called only between batches: every record the old one handed on was
        acknowledged, and what it fetched beyond is read again by the new one from the committed
        offsets; its close commits nothing."""
        assert self._reopen is not None
        stuck, self._consumer = self._consumer, self._reopen()
        self.rejoins += 1
        self._unanswered = None
        self._notice(f"{why}: joining again with a new consumer")
        if not close_within(stuck.close, self.close_timeout_s):
            self._notice(
                f"the replaced consumer did not close within {self.close_timeout_s:g} s: left to "
                "close in the background (nothing of it is lost: its close commits nothing)"
            )
        self._subscribe()

    def fetch(self, max_records: int, timeout_s: float) -> list[StreamRecord]:
        out = []
        messages = self._consumer.consume(num_messages=max_records, timeout=timeout_s)
        if self._check:  # checked before any record of the batch counts (none is acknowledged)
            self._whole()
        if not messages:
            self._rejoin_if_stuck()
        else:
            self._held = self._clock()
        for m in messages:
            error = m.error()
            if error is not None:
                if error.code() in (_PARTITION_EOF, _UNKNOWN_TOPIC):
                    continue
                raise RingfenceError(f"Kafka consumer: {error}")
            kind = self._kinds.get(m.topic())
            if kind is None:  # pragma: no cover - subscribed to these topics only
                continue
            out.append(StreamRecord(kind, bytes(m.value() or b""), m))
        return out

    def ack(self, records: Sequence[StreamRecord]) -> None:
        """Dead letters flushed first, then for each partition the offset after the batch's last."""
        left = self._producer.flush(_TIMEOUT_S)
        if left or self._failed:
            failed, self._failed = self._failed, []
            raise RingfenceError(
                f"dead letters not written ({left} pending, {len(failed)} refused: {failed[:3]}): "
                "the batch is not acknowledged and will be delivered again"
            )
        nxt: dict[tuple[str, int], int] = {}
        for r in records:
            m: Any = r.handle
            key = (m.topic(), m.partition())
            nxt[key] = max(nxt.get(key, 0), m.offset() + 1)
        if nxt:
            offsets = [_topic_partition(t, p, o) for (t, p), o in sorted(nxt.items())]
            try:
                self._consumer.commit(offsets=offsets, asynchronous=False)
            except Exception as exc:  # confluent_kafka.KafkaException, imported only with the library
                error = exc.args[0] if exc.args else None
                if getattr(error, "code", lambda: None)() not in _REFUSED:
                    raise
                # The group moved on while the batch was processed (a rebalance, or this member
                # timed out): the partitions are read again from their last committed offsets by this
                # consumer once it rejoins (one watcher per group). The state has counted the batch,
                # so its records come back as redeliveries, known by their ids and not counted again:
                # nothing to stop for.
                self.refused += 1
                shown = ", ".join(f"{t}[{p}]@{o}" for (t, p), o in sorted(nxt.items())[:6])
                self._notice(
                    f"Kafka refused the commit of {shown} ({error}): the group was "
                    "rebalanced; those records will be delivered again and dropped as already counted"
                )
                return
            self.committed.update(nxt)

    def dead_letter(self, record: StreamRecord, reason: str) -> None:
        m: Any = record.handle
        clean = reason.replace("\r", " ").replace("\n", " ")[:4000]

        def delivered(err: Any, msg: Any) -> None:
            if err is not None:
                self._failed.append(str(err))

        self._producer.produce(
            f"{self.prefix}.dead.{record.kind.value}",
            value=record.data,
            key=m.key(),
            headers=[(REASON_HEADER, clean.encode())],
            on_delivery=delivered,
        )
        self._producer.poll(0)

    def drained(self) -> bool:
        """Every partition of the topics has its committed offset at its end (a group that never
        committed starts at the partition's low watermark)."""
        parts = self._partitions()  # a topic not created yet has nothing in it
        if not parts:
            return True
        try:
            committed = self._consumer.committed(parts, timeout=_TIMEOUT_S)
        except Exception as exc:  # confluent_kafka.KafkaException, imported only with the library
            error = exc.args[0] if exc.args else None
            if getattr(error, "code", lambda: None)() == _TIMED_OUT:
                # The group is rebalancing: after a consumer of the group died (SIGKILL), the
                # coordinator answers offset fetches only once its session has timed out
                # (``session.timeout.ms``). Not drained yet; the caller asks again. Fetches that go
                # unanswered for longer than a session and the rejoin margin (``rejoin_s``) while this
                # consumer is in the group are not that: its connection to the coordinator is stuck
                # (as after a join whose response was lost), and a new consumer asks on new ones.
                now = self._clock()
                if self._unanswered is None:
                    self._unanswered = now
                elif self._reopen is not None and now - self._unanswered >= self.rejoin_s:
                    self._replace(
                        f"no answer to the group's offset fetches in {now - self._unanswered:.0f} s "
                        "(the coordinator's connection is stuck)"
                    )
                return False
            raise
        self._unanswered = None
        for tp in committed:
            low, high = self._consumer.get_watermark_offsets(tp, timeout=_TIMEOUT_S, cached=False)
            at = tp.offset if tp.offset >= 0 else low
            if at < high:
                return False
        return True

    def await_redelivery(self) -> None:
        """Nothing to wait for: a restarted consumer reads every partition again from its committed
        offset, so the records a dead one fetched come first, in their order."""

    def close(self) -> None:
        """Flush the dead letters, then close the consumer, waiting ``close_timeout_s`` at most.

        A close that does not return in time is left running in a daemon thread (``close_within``),
        which the interpreter does not wait for at exit, and a warning says so. Nothing is lost or
        counted twice by that: the consumer loop stops only between batches, and a batch's offsets
        are committed by ``ack`` only after its checkpoint is on disk and its dead letters are
        acknowledged, so every record the state counted is committed before ``close``; the close
        itself commits nothing (``enable.auto.commit=false``), it leaves the group. A batch that was
        not committed (an error stopped it) is delivered again and its counted records known by id.
        What an unfinished close costs is the group: the coordinator keeps this member's partitions
        until its session times out (``session.timeout.ms``), so the next watcher waits that long."""
        try:
            self._producer.flush(_TIMEOUT_S)
        finally:
            if not close_within(self._consumer.close, self.close_timeout_s):
                done = sorted(self.committed.items())
                shown = ", ".join(f"{t}[{p}]@{o}" for (t, p), o in done[:6]) + (", ..." if done[6:] else "")
                self._notice(
                    f"the Kafka consumer did not close within {self.close_timeout_s:g} s; going on "
                    "without it. Nothing is lost: offsets are committed only after their batch's "
                    f"checkpoint (this run: {shown or 'no batch'}), the close commits nothing, and a "
                    "batch not committed is delivered again. The group's coordinator gives the "
                    "partitions to the next consumer once this one's session times out "
                    f"(session.timeout.ms, {_SESSION_TIMEOUT_MS // 1000} s by default)"
                )
