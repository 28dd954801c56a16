"""The write-ahead log of ``ringfence watch``: one entry per committed file, appended and fsynced.

An entry is ``length (8 bytes) | sequence number (8) | CRC-32 of the payload (4) | payload``. A crash
while appending leaves a torn last entry (short, or with a checksum that does not match): it was never
committed (the append had not returned), so reading stops there and the log is cut back to its last
whole entry before anything is appended again.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Log", "entries"]

_HEAD = struct.Struct("<QQI")


def _scan(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(end offset, sequence number, payload) of each whole entry, in order."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        offset = 0
        while True:
            head = fh.read(_HEAD.size)
            if len(head) < _HEAD.size:
                return
            length, seq, crc = _HEAD.unpack(head)
            if seq == 0:  # no entry has sequence number 0: zeros where a power loss left the file longer
                return
            payload = fh.read(length)
            if len(payload) < length or zlib.crc32(payload) != crc:
                return
            offset += _HEAD.size + length
            yield offset, seq, payload


def entries(path: Path) -> int:
    """How many whole entries the log at ``path`` holds."""
    return sum(1 for _ in _scan(path))


class Log:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.last = 0  # sequence number of the last whole entry
        end = 0
        for offset, seq, _ in _scan(path):
            end, self.last = offset, seq
        if path.exists() and path.stat().st_size != end:
            with path.open("r+b") as fh:  # cut off a torn entry
                fh.truncate(end)
                os.fsync(fh.fileno())
        self.size = end

    def read(self) -> Iterator[tuple[int, bytes]]:
        """(sequence number, payload) of every whole entry."""
        for _, seq, payload in _scan(self.path):
            yield seq, payload

    def append(self, payload: bytes, seq: int | None = None) -> int:
        """Append an entry durably (on disk when this returns); returns its sequence number."""
        if seq is not None and seq < 1:
            raise ValueError(f"log sequence numbers start at 1, not {seq}")
        self.last = self.last + 1 if seq is None else seq
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            # Header and payload written one after the other (joining them would copy the payload,
            # tens of megabytes per file); a crash between the writes leaves a torn entry like any other.
            for part in (_HEAD.pack(len(payload), self.last, zlib.crc32(payload)), payload):
                data = memoryview(part)
                while data:
                    data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if self.size == 0:
            _fsync_dir(self.path.parent)  # the file's name is durable too
        self.size += _HEAD.size + len(payload)
        return self.last

    def clear(self) -> None:
        """Empty the log (its entries are in a snapshot that names the last of them). The sequence
        numbers go on, so a snapshot never mistakes a later entry for one it holds."""
        if self.size or self.path.exists():
            with self.path.open("wb") as fh:
                os.fsync(fh.fileno())
        self.size = 0


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
