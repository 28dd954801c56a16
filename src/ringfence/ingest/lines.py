"""Numbered physical lines of a text input, each with the problems that make it unusable as text.

Readers of line-based formats (CSV, JSON lines) parse ``Line.text`` and quarantine ``Line.raw``. A line
that is not valid UTF-8 or holds a NUL byte is still handed on (so that a quoted field around it keeps
its place) but marked; a line over ``MAX_LINE_BYTES`` is never held whole: the parser sees an empty
line in its place and the quarantine keeps its first ``KEEP_BYTES``. A damaged stream raises
``InputReadError`` with the number of the last line read.
"""

from __future__ import annotations

from collections import deque
from typing import BinaryIO, NamedTuple

from ringfence.ingest import reasons
from ringfence.ingest.source import READ_ERRORS, InputReadError

__all__ = ["KEEP_BYTES", "MAX_LINE_BYTES", "Line", "LineReader"]

#: No record of the contract comes near this; a longer line is not held in memory.
MAX_LINE_BYTES = 1 << 20
#: What the quarantine keeps of a longer line.
KEEP_BYTES = 1 << 12


class Line(NamedTuple):  # a tuple: millions are made, and a tuple is the cheapest to make
    number: int
    text: str  # what the parser reads, line end included
    raw: str  # what the quarantine keeps
    problem: str | None = None


_new_line = tuple.__new__  # a Line without NamedTuple's Python-level ``__new__``


class LineReader:
    """Iterates over the ``text`` of each line (what ``csv.reader`` wants) and keeps the ``Line``s
    taken since the last ``take()``; lines given to ``push_back`` are read again first."""

    def __init__(self, stream: BinaryIO, name: str, first_number: int = 1) -> None:
        """``first_number``: the number of the stream's first line (a stream handed on part-way)."""
        self._readline = stream.readline
        self.name = name
        self.bytes_read = 0
        self.number = first_number - 1
        self._taken: list[Line] = []
        self._again: deque[Line] = deque()

    def __iter__(self) -> LineReader:
        return self

    def __next__(self) -> str:
        # Called once per line of the input by ``csv.reader``: kept to one call, the common case first.
        if self._again:
            line = self._again.popleft()
        else:
            try:
                data = self._readline(MAX_LINE_BYTES + 1)
            except READ_ERRORS as exc:
                raise InputReadError(self.name, self.number, exc) from exc
            if not data:
                raise StopIteration
            self.number += 1
            self.bytes_read += len(data)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            if text and len(data) <= MAX_LINE_BYTES and "\x00" not in text and self.number > 1:
                line = _new_line(Line, (self.number, text, text, None))
            else:
                line = self._unusual(data)
        self._taken.append(line)
        return line.text

    def next_line(self) -> Line | None:
        try:
            next(self)
        except StopIteration:
            return None
        return self._taken[-1]

    def take(self) -> list[Line]:
        """The lines read since the last call (those of one record)."""
        taken, self._taken = self._taken, []
        return taken

    def push_back(self, lines: list[Line]) -> None:
        """Read these lines again, before any other."""
        self._again.extendleft(reversed(lines))

    def _unusual(self, data: bytes) -> Line:
        """The first line (which may start with a BOM), and lines that are too long, not UTF-8 or
        hold a NUL byte."""
        if len(data) > MAX_LINE_BYTES and not data.endswith(b"\n"):
            return self._too_long(data)
        problem = None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "backslashreplace")
            problem = f"{reasons.INVALID_ENCODING}: line is not valid UTF-8"
        if self.number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if "\x00" in text:
            text = text.replace("\x00", "\\x00")
            problem = problem or f"{reasons.NUL_BYTE}: line contains a NUL byte"
        return Line(self.number, text, text, problem)

    def _too_long(self, head: bytes) -> Line:
        size = len(head)
        while True:
            try:
                more = self._readline(MAX_LINE_BYTES)
            except READ_ERRORS as exc:
                raise InputReadError(self.name, self.number, exc) from exc
            self.bytes_read += len(more)
            size += len(more)
            if not more or more.endswith(b"\n"):
                break
        kept = head[:KEEP_BYTES].decode("utf-8", "replace")
        raw = f"{kept}… [line of {size:,} bytes; the rest is not kept]"
        problem = f"{reasons.LINE_TOO_LONG}: line of {size:,} bytes, over the limit of {MAX_LINE_BYTES:,}"
        return Line(self.number, "\n", raw, problem)
