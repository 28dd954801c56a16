"""Where records come from one at a time: a broker (NATS JetStream, Kafka: ``ringfence.adapters``).

The consumer (``ringfence.services.stream_watch``) fetches a batch, validates and feeds it, commits its
checkpoint, dead-letters the malformed records and only then acknowledges the batch: delivery is at
least once, and redelivered records are recognised by their id, so each is counted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ringfence.ingest.contract import RecordKind

__all__ = ["RecordStream", "StreamRecord"]


@dataclass(frozen=True, slots=True)
class StreamRecord:
    """One record as delivered: its kind (from where it was published), its bytes (a JSON object)
    and the broker's handle for acknowledging it."""

    kind: RecordKind
    data: bytes
    handle: object


class RecordStream(Protocol):
    def fetch(self, max_records: int, timeout_s: float) -> list[StreamRecord]:
        """Up to ``max_records`` records, waiting at most ``timeout_s`` for the first (none: [])."""

    def ack(self, records: Sequence[StreamRecord]) -> None:
        """The records are committed: never deliver them again."""

    def dead_letter(self, record: StreamRecord, reason: str) -> None:
        """Keep a malformed record aside with the reason (durably, before it is acknowledged)."""

    def drained(self) -> bool:
        """Nothing is waiting to be delivered or awaiting an acknowledgement."""

    def await_redelivery(self) -> None:
        """After a crash: wait until records a dead consumer fetched but never acknowledged are due
        again, so they are delivered before newer ones (else they would arrive late in event time)."""

    def close(self) -> None: ...
