"""An in-memory Kafka for the consumer's tests: the subset of ``confluent_kafka.Consumer`` and
``Producer`` that ``KafkaRecordStream`` uses, with Kafka's semantics where they matter (per-partition
logs, offsets committed per group, a new consumer reading from the committed offset). No real broker
is installable from the registries this project uses (see docs/operation.md)."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from confluent_kafka import TopicPartition


@dataclass
class FakeMessage:
    _topic: str
    _partition: int
    _offset: int
    _key: bytes | None
    _value: bytes
    _headers: list[tuple[str, bytes]] | None = None
    _error: Any = None

    def topic(self) -> str:
        return self._topic

    def partition(self) -> int:
        return self._partition

    def offset(self) -> int:
        return self._offset

    def key(self) -> bytes | None:
        return self._key

    def value(self) -> bytes:
        return self._value

    def headers(self) -> list[tuple[str, bytes]] | None:
        return self._headers

    def error(self) -> Any:
        return self._error


@dataclass
class FakeBroker:
    """Topics of partitions of messages, and each group's committed offsets."""

    partitions: int = 1
    logs: dict[tuple[str, int], list[FakeMessage]] = field(default_factory=dict)
    order: list[tuple[str, int, int]] = field(default_factory=list)  # publication order, for consume
    committed: dict[str, dict[tuple[str, int], int]] = field(default_factory=dict)
    commits: int = 0

    def append(
        self,
        topic: str,
        value: bytes,
        key: bytes | None = None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> None:
        part = (zlib.crc32(key) if key is not None else len(self.order)) % self.partitions
        log = self.logs.setdefault((topic, part), [])
        log.append(FakeMessage(topic, part, len(log), key, value, headers))
        for p in range(self.partitions):
            self.logs.setdefault((topic, p), [])
        self.order.append((topic, part, len(log) - 1))

    def messages(self, topic: str) -> list[FakeMessage]:
        return [self.logs[(t, p)][o] for t, p, o in self.order if t == topic]


class FakeConsumer:
    def __init__(self, broker: FakeBroker, group: str) -> None:
        self.broker, self.group = broker, group
        self.topics: list[str] = []
        self.position: dict[tuple[str, int], int] = dict(broker.committed.get(group, {}))
        self.closed = False
        self._on_assign: Any = None

    def subscribe(self, topics: list[str], on_assign: Any = None, on_revoke: Any = None) -> None:
        self.topics = list(topics)  # one consumer per group here: it holds every partition
        self._on_assign = on_assign

    def consume(self, num_messages: int = 1, timeout: float = -1) -> list[Any]:
        if self._on_assign is not None:  # the group's answer, served in the first consume as by librdkafka
            on_assign, self._on_assign = self._on_assign, None
            on_assign(self, [TopicPartition(t, p) for t, p in sorted(self.broker.logs) if t in self.topics])
        out: list[Any] = []
        for t, p, o in self.broker.order:
            if len(out) >= num_messages:
                break
            if t in self.topics and o >= self.position.get((t, p), 0):
                out.append(self.broker.logs[(t, p)][o])
        for m in out:  # the position moves on whether or not the batch is committed
            self.position[(m.topic(), m.partition())] = m.offset() + 1
        return out

    def commit(self, offsets: list[Any] | None = None, asynchronous: bool = True) -> Any:
        assert offsets is not None
        assert not asynchronous
        mine = self.broker.committed.setdefault(self.group, {})
        for tp in offsets:
            mine[(tp.topic, tp.partition)] = tp.offset
        self.broker.commits += 1
        return offsets

    def committed(self, partitions: list[Any], timeout: float = -1) -> list[Any]:
        mine = self.broker.committed.get(self.group, {})
        return [
            TopicPartition(tp.topic, tp.partition, mine.get((tp.topic, tp.partition), -1001))
            for tp in partitions
        ]

    def get_watermark_offsets(
        self, partition: Any, timeout: float | None = None, cached: bool = False
    ) -> tuple[int, int]:
        return 0, len(self.broker.logs.get((partition.topic, partition.partition), []))

    def list_topics(self, topic: str | None = None, timeout: float = -1) -> Any:
        parts = {p for (t, p) in self.broker.logs if t == topic}
        found = {topic: SimpleNamespace(partitions=dict.fromkeys(parts), error=None)} if parts else {}
        return SimpleNamespace(topics=found)

    def close(self) -> None:
        self.closed = True


class FakeProducer:
    def __init__(self, broker: FakeBroker, refuse: bool = False) -> None:
        self.broker, self.refuse = broker, refuse
        self.pending: list[
            tuple[str, bytes, bytes | None, list[tuple[str, bytes]] | None, Callable[..., None]]
        ] = []

    def produce(
        self,
        topic: str,
        value: bytes | None = None,
        key: bytes | None = None,
        headers: list[tuple[str, bytes]] | None = None,
        on_delivery: Any = None,
    ) -> None:
        self.pending.append((topic, value or b"", key, headers, on_delivery))

    def poll(self, timeout: float = 0) -> int:
        return 0

    def flush(self, timeout: float = -1) -> int:
        for topic, value, key, headers, callback in self.pending:
            if self.refuse:
                callback("KafkaError{code=MSG_SIZE_TOO_LARGE}", None)
            else:
                self.broker.append(topic, value, key, headers)
                callback(None, None)
        self.pending = []
        return 0
