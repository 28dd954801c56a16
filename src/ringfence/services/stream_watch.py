"""Continuous detection over a broker: ``ringfence watch-nats``.

The same state, engine and outputs as ``ringfence watch`` (``Watcher``), fed from a ``RecordStream``
instead of files. One batch is one transaction:

1. fetch up to ``batch`` records; validate them as JSON lines with the ingest reader (the rules every
   input is held to); the malformed ones are set aside with their reasons;
2. feed the rest (``Watcher.accept``): records whose id was already counted are redeliveries and are
   dropped silently (the broker delivers at least once); late records go to ``STATE/quarantine/``;
3. checkpoint the state (fsync, rename);
4. publish the malformed records to the dead-letter subject, each with its reason;
5. acknowledge the batch.

A SIGKILL before 3 loses nothing: the batch is delivered again and read as if for the first time. After
3, the redelivered records are known by their ids and not counted again; a malformed record may reach
the dead-letter subject twice (at least once there too).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

from ringfence.detect.columnar import CODED
from ringfence.detect.presentation import PresentedForms
from ringfence.ingest import QuarantineList, RecordKind, RecordReader, reasons
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.source import Format, StreamInput
from ringfence.ports.record_stream import RecordStream, StreamRecord
from ringfence.services.watch import Watcher

__all__ = ["StreamConsumer"]

Progress = Callable[[str], None]


class StreamConsumer:
    def __init__(
        self,
        watcher: Watcher,
        stream: RecordStream,
        batch: int = 5_000,
        publish_s: float = 5.0,
        progress: Progress | None = None,
    ) -> None:
        self.watcher, self.stream = watcher, stream
        self.batch, self.publish_s = batch, publish_s
        self.progress = progress
        self.dead = 0
        self.redelivered = 0
        self._published = 0.0

    def take(self, records: list[StreamRecord]) -> None:
        """One batch, validated, fed, committed, dead-lettered, acknowledged (in that order)."""
        dead: list[tuple[StreamRecord, str]] = []
        quarantine: list[tuple[int, str, str]] = []
        for kind in (RecordKind.CALLS, RecordKind.MESSAGES):
            mine = [r for r in records if r.kind is kind]
            if not mine:
                continue
            if kind is RecordKind.MESSAGES and not self.watcher.config.sms:
                dead.extend((r, "an SMS record, and the consumer was not started with --sms") for r in mine)
                continue
            dead.extend(self._feed(kind, mine, quarantine))
        if quarantine:
            self.watcher.write_quarantine("stream", "records", quarantine)
        self.watcher.state.files += 1  # batches, for the stream
        self.watcher.checkpoint()
        for record, reason in dead:
            self.stream.dead_letter(record, reason)
        self.stream.ack(records)
        self.dead += len(dead)

    def _feed(
        self, kind: RecordKind, records: list[StreamRecord], quarantine: list[tuple[int, str, str]]
    ) -> list[tuple[StreamRecord, str]]:
        """Validate and feed one kind's records; returns the malformed ones with their reasons."""
        dead: list[tuple[StreamRecord, str]] = []
        lines: list[bytes] = []
        kept: list[StreamRecord] = []
        for r in records:
            text = r.data.strip()
            if not text:
                dead.append((r, f"{reasons.BAD_JSON}: empty message"))
            elif b"\n" in text or b"\r" in text:
                dead.append((r, f"{reasons.BAD_JSON}: one record per message, on one line"))
            elif self._counted(kind, text):
                self.redelivered += 1  # delivered again after a crash: counted already
            else:
                lines.append(text)
                kept.append(r)
        if not kept:
            return dead
        sink = QuarantineList()
        body = b"\n".join(lines) + b"\n"
        reader = RecordReader(
            [StreamInput.of_bytes(f"stream:{kind.value}", body, Format.JSONL)],
            kind,
            sink,
            digit_codes=CODED[kind],
            keep_raw=True,
        )
        presented = PresentedForms()
        presented.observe(reader)
        frames = list(reader)
        for line, reason, _ in sink.rows:
            if reasons.code_of(reason) == reasons.DUPLICATE_ID:
                self.redelivered += 1  # the same record twice in one batch: delivered again
            else:
                dead.append((kept[line - 1], reason))
        rejected: list[tuple[int, str, str]] = []
        self.watcher.accept(kind, frames, rejected, count_duplicates=False)
        self.redelivered += self.watcher.last_duplicates
        quarantine.extend(rejected)
        self.watcher.state.presented.merge(presented)
        return dead

    def _counted(self, kind: RecordKind, text: bytes) -> bool:
        """The record's id was counted already (a redelivery). Dropped before the reader so that
        nothing it observes (the presentations of numbers) counts the record twice; ids this misses
        (written differently from their canonical form) are still dropped by ``Watcher.accept``."""
        seen = self.watcher.state.seen_ids.get(kind.value)
        if not seen:
            return False
        try:
            record = json.loads(text)
        except ValueError:
            return False
        column = CONTRACTS[kind].id_column
        value = record.get(column) if isinstance(record, dict) and column is not None else None
        return isinstance(value, str) and value in seen

    def run(self, once: bool = False, stop: threading.Event | None = None, timeout_s: float = 1.0) -> None:
        """Consume until ``stop`` is set (or, with ``once``, until nothing is left to deliver)."""
        stop = stop or threading.Event()
        self.stream.await_redelivery()
        while not stop.is_set():
            records = self.stream.fetch(self.batch, timeout_s)
            if records:
                self.take(records)
                if self.progress is not None:
                    self.progress(f"batch of {len(records):,} records; {self.dead:,} dead-lettered in all")
            now = time.monotonic()
            if self.watcher.state.changed and (not records or now - self._published >= self.publish_s):
                self.watcher.publish()
                self._published = now
            if once and not records and self.stream.drained():
                break
        if self.watcher.state.changed:
            self.watcher.publish()
