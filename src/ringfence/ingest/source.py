"""What a reader reads: a file path or a body in memory / a stream, with a display name and a format.

Files are named by path and their format judged from the name; an HTTP body (or any other stream)
arrives as a ``StreamInput`` that says its format. Both are opened the same way here: decompressed
when gzipped, and with old-Mac line ends (CR only) read as LF, so that every reader sees lines ending
in ``\\n``. Faults while reading (a truncated or corrupt gzip stream, an I/O error) are raised as
``InputReadError`` so that readers can account for what they read before it.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from ringfence.errors import InputFileError

__all__ = [
    "READ_ERRORS",
    "Format",
    "Input",
    "InputReadError",
    "StreamInput",
    "format_of",
    "name_of",
    "open_input",
    "size_of",
]


class Format(StrEnum):
    CSV = "csv"
    CSV_GZ = "csv.gz"
    JSONL = "jsonl"
    PARQUET = "parquet"


@dataclass(frozen=True, slots=True)
class StreamInput:
    """A body to read that is not a file: ``open()`` returns a fresh binary stream from its start
    each time it is called (readers may look at the header first and read the rows after)."""

    name: str
    open: Callable[[], BinaryIO]
    format: Format
    size: int = 0  # bytes, for progress; 0 when unknown

    @classmethod
    def of_bytes(cls, name: str, data: bytes, format: Format) -> StreamInput:
        return cls(name, lambda: io.BytesIO(data), format, len(data))


Input = Path | StreamInput

#: What reading a damaged stream raises: I/O errors (``gzip.BadGzipFile`` is one), a gzip stream that
#: ends early (``EOFError``), a corrupt deflate stream (``zlib.error``).
READ_ERRORS = (OSError, EOFError, zlib.error)


class InputReadError(InputFileError):
    """The input could not be read to its end; what was read before ``line`` still counts."""

    def __init__(self, name: str, line: int, cause: BaseException | str) -> None:
        detail = cause if isinstance(cause, str) else _describe(cause)
        where = f" (after line {line:,})" if line else ""
        super().__init__(f"{name}: {detail}{where}")
        self.name = name
        self.line = line


def _describe(exc: BaseException) -> str:
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a gzip file ({exc})"
    if isinstance(exc, EOFError):
        return "the gzip stream is truncated (it ends before its end marker)"
    if isinstance(exc, zlib.error):
        return f"the gzip stream is corrupt ({exc})"
    if isinstance(exc, OSError):
        return f"read error: {exc.strerror or exc}"
    return str(exc)


def format_of(source: Input) -> Format:
    if isinstance(source, StreamInput):
        return source.format
    name = source.name.lower()
    if name.endswith((".parquet", ".pq")):
        return Format.PARQUET
    if name.endswith((".jsonl", ".ndjson")):
        return Format.JSONL
    if name.endswith(".gz"):
        return Format.CSV_GZ
    return Format.CSV


def name_of(source: Input) -> str:
    return source.name if isinstance(source, StreamInput) else str(source)


def size_of(source: Input) -> int:
    if isinstance(source, StreamInput):
        return source.size
    try:
        return source.stat().st_size if source.is_file() else 0
    except OSError:
        return 0


def open_raw(source: Input) -> BinaryIO:
    """The input's bytes as stored (not decompressed); clear errors for what cannot be opened."""
    if isinstance(source, StreamInput):
        return source.open()
    if not source.exists():
        raise InputFileError(f"{source}: no such file")
    if source.is_dir():
        raise InputFileError(f"{source}: is a directory, not a file")
    try:
        return source.open("rb")
    except OSError as exc:
        raise InputFileError(f"cannot open {source}: {exc.strerror or exc}") from exc


#: Bytes looked at to tell CR-only line ends from LF / CRLF.
_SNIFF = 1 << 16


def open_input(source: Input) -> BinaryIO:
    """The input's text bytes: decompressed, with CR-only line ends turned into LF. Reading it may
    raise ``READ_ERRORS`` (a damaged stream); the caller turns them into a ``InputReadError``."""
    raw = open_raw(source)
    stream: BinaryIO = raw
    if format_of(source) is Format.CSV_GZ:
        stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    try:
        head = stream.read(_SNIFF)
        cr_only = b"\r" in head and b"\n" not in head
        if not cr_only and stream.seekable():
            stream.seek(0)  # the common case: the stream itself, no copy on the way
            return _Owning(stream, raw) if stream is not raw else stream  # type: ignore[return-value]
    except READ_ERRORS as exc:
        raw.close()
        raise InputReadError(name_of(source), 0, exc) from exc
    rest = _Rest(head, stream, cr_only, (stream, raw))
    return io.BufferedReader(rest, buffer_size=1 << 16)


class _Owning(io.BufferedIOBase):
    """A decompressing stream that also closes the file under it."""

    def __init__(self, stream: BinaryIO, under: BinaryIO) -> None:
        super().__init__()
        self._stream = stream
        self._under = under

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return self._stream.read(-1 if size is None else size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._stream.readline(-1 if size is None else size)

    def close(self) -> None:
        self._stream.close()
        self._under.close()
        super().close()


class _Rest(io.RawIOBase):
    """``head`` followed by the rest of ``stream``; CRs read as LFs when ``cr_only``."""

    def __init__(self, head: bytes, stream: BinaryIO, cr_only: bool, owned: tuple[BinaryIO, ...]) -> None:
        super().__init__()
        self._head = head
        self._stream = stream
        self._cr_only = cr_only
        self._owned = owned

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._head:
            data, self._head = self._head[: len(view)], self._head[len(view) :]
        else:
            data = self._stream.read(len(view))
        if self._cr_only:
            data = data.replace(b"\r", b"\n")
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        for stream in self._owned:
            stream.close()
        super().close()


class _Prepended(io.RawIOBase):
    """``head``, then the rest of ``stream`` (or ``fault`` raised where ``stream`` failed before)."""

    def __init__(self, head: bytes, stream: BinaryIO, fault: BaseException | None) -> None:
        super().__init__()
        self._head = head
        self._stream = stream
        self._fault = fault

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._head:
            data, self._head = self._head[: len(view)], self._head[len(view) :]
        elif self._fault is not None:
            raise self._fault
        else:
            data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)


def prepended(head: bytes, stream: BinaryIO, fault: BaseException | None = None) -> BinaryIO:
    """Bytes already read from ``stream`` put back in front of it: how a reader that looked ahead
    hands the input on without opening it again. Closing it leaves ``stream`` open (its owner closes
    it)."""
    return io.BufferedReader(_Prepended(head, stream, fault), buffer_size=1 << 16)
