"""``RecordStream`` over NATS JetStream (``nats-py``, an optional dependency: ``pip install nats-py``).

Records are published as JSON objects on ``<prefix>.calls`` and ``<prefix>.messages`` into a stream
(``<STREAM>``, created if missing); one durable pull consumer reads both in publication order.
Malformed records are republished on ``<prefix>.dead.<kind>`` (a stream of their own,
``<STREAM>_DEAD``) with the reason in the ``Ringfence-Reason`` header. Back-pressure: the consumer
pulls a batch only when the previous one is committed, and at most ``max_ack_pending`` records are
ever in flight; the stream's own limits (``max_bytes`` with ``discard: new``) make publishers wait or
fail instead of the broker's disk filling while detection is behind.

The client is asyncio; this adapter runs it on a private event loop so that the consumer stays a plain
loop (no event loop of a server to block).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

from ringfence.errors import RingfenceError
from ringfence.ingest.contract import RecordKind
from ringfence.ports.record_stream import StreamRecord

__all__ = ["NatsRecordStream"]

T = TypeVar("T")

REASON_HEADER = "Ringfence-Reason"
_KINDS = {"calls": RecordKind.CALLS, "messages": RecordKind.MESSAGES}


class NatsRecordStream:
    def __init__(
        self,
        url: str,
        stream: str = "CDR",
        prefix: str = "cdr",
        durable: str = "ringfence-watch",
        ack_wait_s: float = 60.0,
        max_ack_pending: int = 20_000,
        max_bytes: int = -1,
        new_state: bool = False,
    ) -> None:
        """``new_state``: the watcher's state directory holds nothing yet; the durable consumer must
        then not have acknowledged anything either (checked before binding to it)."""
        try:
            import nats
            from nats.js import api
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise RingfenceError("the NATS consumer needs nats-py: pip install nats-py") from exc
        self.prefix, self.stream = prefix, stream
        self._loop = asyncio.new_event_loop()
        try:
            self._nc: Any = self._run(nats.connect(url, connect_timeout=5, max_reconnect_attempts=3))
        except Exception as exc:
            self._loop.close()
            raise RingfenceError(f"cannot reach NATS at {url}: {exc}") from exc
        self._js: Any = self._nc.jetstream()
        self._ensure_stream(
            api.StreamConfig(
                name=stream,
                subjects=[f"{prefix}.calls", f"{prefix}.messages"],
                max_bytes=max_bytes,
                discard=api.DiscardPolicy.NEW,
            )
        )
        self._ensure_stream(api.StreamConfig(name=f"{stream}_DEAD", subjects=[f"{prefix}.dead.>"]))
        config = api.ConsumerConfig(
            durable_name=durable,
            ack_policy=api.AckPolicy.EXPLICIT,
            ack_wait=ack_wait_s,
            max_ack_pending=max_ack_pending,
            deliver_policy=api.DeliverPolicy.ALL,
            filter_subject=f"{prefix}.*",
        )
        self.durable = durable
        self.ack_wait_s = ack_wait_s
        if new_state:
            self._unused_durable()
        self._sub: Any = self._run(
            self._js.pull_subscribe(f"{prefix}.*", durable=durable, stream=stream, config=config)
        )

    def _run(self, coro: Awaitable[T]) -> T:
        return self._loop.run_until_complete(coro)

    def _unused_durable(self) -> None:
        """A new state bound to a durable that has acknowledged records would start after records no
        state of its own has counted (they are in the state of the watcher that acknowledged them)."""
        from nats.js.errors import NotFoundError

        try:
            info = self._run(self._js.consumer_info(self.stream, self.durable))
        except NotFoundError:
            return
        acked = int(info.ack_floor.stream_seq or 0) if info.ack_floor is not None else 0
        if acked > 0:
            self.close()
            raise RingfenceError(
                f"the durable consumer {self.durable!r} has acknowledged the stream up to sequence {acked} "
                "but the state directory is new: those records would be missing from its numbers' "
                "history (they are in the state of the watcher that acknowledged them). Start with that "
                "state directory, or give this watcher a durable of its own (--durable; a new durable "
                "reads the stream from the beginning)"
            )

    def _ensure_stream(self, config: Any) -> None:
        from nats.js.errors import NotFoundError

        try:
            self._run(self._js.stream_info(config.name))
        except NotFoundError:
            self._run(self._js.add_stream(config))

    def fetch(self, max_records: int, timeout_s: float) -> list[StreamRecord]:
        from nats.errors import TimeoutError as NatsTimeout

        try:
            msgs = self._run(self._sub.fetch(max_records, timeout=timeout_s))
        except (TimeoutError, NatsTimeout):
            return []
        out = []
        for m in msgs:
            kind = _KINDS.get(m.subject.rsplit(".", 1)[-1])
            if kind is None:  # pragma: no cover - the stream only holds the two subjects
                continue
            out.append(StreamRecord(kind, bytes(m.data), m))
        return out

    def ack(self, records: Sequence[StreamRecord]) -> None:
        async def ack_all() -> None:
            for r in records:
                await r.handle.ack()  # type: ignore[attr-defined]
            await self._nc.flush()

        self._run(ack_all())

    def dead_letter(self, record: StreamRecord, reason: str) -> None:
        headers = {REASON_HEADER: reason.replace("\r", " ").replace("\n", " ")[:4000]}
        self._run(self._js.publish(f"{self.prefix}.dead.{record.kind.value}", record.data, headers=headers))

    def drained(self) -> bool:
        info = self._run(self._js.consumer_info(self.stream, self.durable))
        return int(info.num_pending) == 0 and int(info.num_ack_pending) == 0

    def await_redelivery(self) -> None:
        info = self._run(self._js.consumer_info(self.stream, self.durable))
        if int(info.num_ack_pending) > 0:
            # Their redelivery timers run from when the dead process fetched them: at most ack_wait
            # from now. Once due, the server delivers them ahead of records never delivered.
            time.sleep(self.ack_wait_s + 0.5)

    def close(self) -> None:
        try:
            self._run(self._nc.close())
        finally:
            self._loop.close()
