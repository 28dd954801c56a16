"""Records sent over HTTP: the same validation, quarantine and dedupe as files, then into the store.

A body (CSV or JSON lines, as bytes or a binary stream) is read by the very ``RecordReader`` files go
through, from memory: no temporary file. So a stray quote, a bad byte, a message text with lines that
look like records, a JSON line nested too deeply or holding an object where text belongs are all
handled identically to files. Duplicates within a body are quarantined as in files; ids already stored
are counted, not stored twice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO, Protocol

from ringfence.domain.access import Permission, Principal, require
from ringfence.domain.holders import Reissue
from ringfence.errors import DataContractError, InputFileError
from ringfence.ingest import Format, QuarantineList, RecordKind, RecordReader, StreamInput
from ringfence.ingest.reasons import code_of
from ringfence.ports.store import AuditLog, HolderStore, ListStore, RecordStore, TagStore
from ringfence.services.recycling import recycle_tags

__all__ = ["IngestResult", "ingest_records"]

_SAMPLE = 50


@dataclass
class IngestResult:
    kind: str
    received: int = 0
    stored: int = 0
    already_stored: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    quarantine_sample: list[dict[str, object]] = field(default_factory=list)
    reissued: list[Reissue] = field(default_factory=list)  # subscriber feeds: numbers given a new holder
    recycled_tags: int = 0  # tags removed from those numbers (``services.recycling``)


def _format(content_type: str) -> Format:
    return Format.JSONL if "json" in content_type.lower() else Format.CSV


def _over(size: int | None, max_bytes: int) -> InputFileError:
    what = f"body of {size:,} bytes" if size is not None else "body"
    return InputFileError(f"{what} is over the limit of {max_bytes:,} bytes")


def _source(body: bytes | BinaryIO, fmt: Format, max_bytes: int) -> StreamInput:
    """The body as a reader input, refused when over ``max_bytes``. A seekable stream is read in
    place (rewound for each pass); any other is read into memory, never past the limit."""
    name = "body"
    if isinstance(body, bytes | bytearray | memoryview):
        data = bytes(body)
    elif body.seekable():
        start = body.tell()
        size = body.seek(0, io.SEEK_END) - start
        if size > max_bytes:
            raise _over(size, max_bytes)
        stream = body

        def rewound() -> BinaryIO:
            stream.seek(start)
            return _Borrowed(stream)  # type: ignore[return-value]

        return StreamInput(name, rewound, fmt, size)
    else:
        data = body.read(max_bytes + 1)  # never more than the limit and one byte
        if len(data) > max_bytes:
            raise _over(None, max_bytes)
    if len(data) > max_bytes:
        raise _over(len(data), max_bytes)
    if not data.strip():
        raise DataContractError("empty body")
    return StreamInput.of_bytes(name, data, fmt)


class _Borrowed(io.BufferedIOBase):
    """The caller's stream, which the reader may close without closing it."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._stream = stream

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int | None = -1) -> bytes:
        return self._stream.read(-1 if size is None else size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._stream.readline(-1 if size is None else size)


class _Store(RecordStore, HolderStore, ListStore, TagStore, AuditLog, Protocol):
    pass


def ingest_records(
    store: _Store,
    principal: Principal,
    kind: RecordKind,
    body: bytes | BinaryIO,
    content_type: str,
    now: datetime,
    max_bytes: int,
) -> IngestResult:
    require(principal, Permission.SUBMIT_RECORDS)
    source = _source(body, _format(content_type), max_bytes)
    sink = QuarantineList()
    result = IngestResult(kind=kind.value)
    add = store.add_calls if kind is RecordKind.CALLS else store.add_messages
    for frame in RecordReader([source], kind=kind, quarantine=sink):
        if kind is RecordKind.SUBSCRIBERS:  # a feed states each card's latest state: replace by number
            written = store.add_subscribers(principal.org, frame, principal.actor, now)
            stored, already = written.inserted + written.updated, written.unchanged
            result.reissued.extend(written.reissued)
        else:
            stored, already = add(principal.org, frame)
        result.stored += stored
        result.already_stored += already
    if result.reissued:
        result.recycled_tags = recycle_tags(store, principal.actor, result.reissued, now)
    rejected = sink.rows
    rejected.sort()
    result.quarantined = len(rejected)
    result.received = result.stored + result.already_stored + result.quarantined
    for _line, reason, _raw in rejected:
        code = code_of(reason)
        result.reasons[code] = result.reasons.get(code, 0) + 1
    result.quarantine_sample = [
        {"line": line, "reason": reason, "raw": raw} for line, reason, raw in rejected[:_SAMPLE]
    ]
    store.add_quarantine(principal.org, kind.value, f"http:{principal.actor}", rejected, now)
    store.audit(
        principal.org,
        principal.actor,
        f"records.{kind.value}",
        f"{result.received} rows",
        {"stored": result.stored, "already_stored": result.already_stored, "quarantined": result.quarantined},
        now,
    )
    return result
