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

Back-pressure: a batch is consumed only after the previous one is committed, and the client's
prefetch queue is bounded (``queued.max.messages.kbytes``), so a consumer that is behind lets records
wait in the broker's log (retention decides how long), not in memory.

Only the subset of ``confluent_kafka.Consumer``/``Producer`` used here is needed: the tests run it
over the wire against librdkafka's own broker (``tests/adapters/test_kafka_wire.py``) and, for
faults a broker cannot be made to produce on demand, against an in-memory fake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, cast

from ringfence.errors import RingfenceError
from ringfence.ingest.contract import RecordKind
from ringfence.ports.record_stream import StreamRecord

__all__ = ["KafkaConsumer", "KafkaProducer", "KafkaRecordStream", "kafka_clients"]

REASON_HEADER = "Ringfence-Reason"
_KINDS = {"calls": RecordKind.CALLS, "messages": RecordKind.MESSAGES}
_PARTITION_EOF = -191  # KafkaError._PARTITION_EOF: the end of a partition, not an error
#: KafkaError.UNKNOWN_TOPIC_OR_PART on a subscribed topic: not created yet (no SMS produced so far, say).
#: librdkafka keeps the subscription and picks the topic up once it exists, so it is not fatal.
_UNKNOWN_TOPIC = 3
_TIMED_OUT = -185  # KafkaError._TIMED_OUT
_TIMEOUT_S = 10.0


class KafkaConsumer(Protocol):
    """The part of ``confluent_kafka.Consumer`` this adapter uses."""

    def subscribe(self, topics: list[str]) -> None: ...
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


def kafka_clients(
    servers: str, group: str, settings: Mapping[str, str | int] | None = None, prefetch_kb: int = 65_536
) -> tuple[KafkaConsumer, KafkaProducer]:
    """A consumer (manual commits, from the earliest offset for a new group, a bounded prefetch
    queue) and an idempotent producer for the dead letters. ``settings`` are passed to both (security:
    ``security.protocol``, ``sasl.*``, ``ssl.*``)."""
    try:
        from confluent_kafka import Consumer, Producer
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RingfenceError(
            "the Kafka consumer needs confluent-kafka: pip install 'ringfence[kafka]'"
        ) from exc
    common: dict[str, str | int] = {"bootstrap.servers": servers, **(settings or {})}
    consumer = Consumer(
        {
            **common,
            "group.id": group,
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "auto.offset.reset": "earliest",
            "enable.partition.eof": False,
            "queued.max.messages.kbytes": prefetch_kb,
            "isolation.level": "read_committed",
        }
    )
    producer = Producer({**common, "enable.idempotence": True, "acks": "all"})
    # The library's stubs name parameters differently from the documented API the protocols follow.
    return cast(KafkaConsumer, consumer), cast(KafkaProducer, producer)


class KafkaRecordStream:
    def __init__(
        self,
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        prefix: str = "cdr",
        kinds: Sequence[RecordKind] = (RecordKind.CALLS, RecordKind.MESSAGES),
    ) -> None:
        self.prefix = prefix
        self._consumer, self._producer = consumer, producer
        self.topics = [f"{prefix}.{k.value}" for k in kinds]
        self._kinds = {f"{prefix}.{k.value}": k for k in kinds}
        self._failed: list[str] = []  # dead letters the broker refused since the last ack
        consumer.subscribe(self.topics)

    def fetch(self, max_records: int, timeout_s: float) -> list[StreamRecord]:
        out = []
        for m in self._consumer.consume(num_messages=max_records, timeout=timeout_s):
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
            self._consumer.commit(offsets=offsets, asynchronous=False)

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
        parts: list[Any] = []
        for topic in self.topics:
            meta = self._consumer.list_topics(topic, timeout=_TIMEOUT_S).topics.get(topic)
            if meta is None or meta.error is not None:
                continue  # not created yet: nothing in it
            parts.extend(_topic_partition(topic, p) for p in sorted(meta.partitions))
        if not parts:
            return True
        try:
            committed = self._consumer.committed(parts, timeout=_TIMEOUT_S)
        except Exception as exc:  # confluent_kafka.KafkaException, imported only with the library
            error = exc.args[0] if exc.args else None
            if getattr(error, "code", lambda: None)() == _TIMED_OUT:
                # The group is rebalancing: after a consumer of the group died (SIGKILL), the
                # coordinator answers offset fetches only once its session has timed out
                # (``session.timeout.ms``). Not drained yet; the caller asks again.
                return False
            raise
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
        try:
            self._producer.flush(_TIMEOUT_S)
        finally:
            self._consumer.close()
