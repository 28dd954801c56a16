"""Streams a CSV input as batches of string columns, rejecting records that are broken as *text*.

Where a record ends is decided by the quote state, as CSV defines it, and nothing else: a line break
inside a quoted field belongs to that field. So the text of a message can never become records, however
many of its lines look like records, and a record that is broken (wrong number of fields, a line break
in a column that cannot hold one, more than ``MAX_RECORD_LINES`` lines, a bad byte in any of its lines)
is quarantined *whole*: one row with its first line number, a reason, and the raw text of all its lines.

The one thing the quote state cannot be trusted for is a *stray* quote (``...,"成都,moc``): it opens a
field that swallows the lines after it. A writer that quotes correctly always closes a quoted field
with a quote followed by a comma or the line end, and keeps a field under the ``csv`` module's field
limit (131,072 characters; the longest concatenated SMS is about 39,000). So a quoted field that is
*not* closed that way — the parser meets a quote followed by anything else, the input ends inside it,
or it runs past the field limit — is proof that the record's first line held a stray quote: that line
alone is quarantined (``csv_syntax: unbalanced quote``) and reading restarts, quote-aware, on the line
after it. The good rows it swallowed are read again; a correctly quoted field after them is still one
field. The recovery never re-reads the inside of a field that was closed properly.

What this cannot tell apart: a stray quote whose swallowed lines happen to end in a quote followed by a
comma or line end (``5'11",``) reads as one long record and is quarantined whole; an input cut off inside
a quoted field reads as a stray quote (a truncated gzip stream is detected and reported instead).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ringfence.errors import InputFileError
from ringfence.ingest import reasons
from ringfence.ingest.lines import Line, LineReader
from ringfence.ingest.source import Input, InputReadError, name_of, open_input

__all__ = ["CsvSource", "RawBatch", "RawReject", "read_csv_header"]


@dataclass(frozen=True, slots=True)
class RawReject:
    line: int
    reason: str
    raw: str


@dataclass(slots=True)
class RawBatch:
    """Records that are well-formed CSV with the header's field count (as rows of strings), with the
    raw text of each."""

    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    rejects: list[RawReject] = field(default_factory=list)
    blank_lines: int = 0

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, index: int) -> list[str]:
        return [row[index] for row in self.rows]


def _raw_text(lines: list[Line]) -> str:
    return "".join(line.raw for line in lines).removesuffix("\n").removesuffix("\r")


def _header(reader: Iterator[list[str]], lines: LineReader) -> tuple[str, ...]:
    name = lines.name
    try:
        row = next(reader)
    except StopIteration:
        raise InputFileError(f"{name}: empty file (no header row)") from None
    except csv.Error as exc:
        raise InputFileError(f"{name}: unreadable header: {exc}") from exc
    taken = lines.take()
    if any(line.problem for line in taken):
        raise InputFileError(f"{name}: header row is not valid UTF-8 text")
    if len(taken) > 1:
        raise InputFileError(f"{name}: header row has a line break inside a quoted name")
    return tuple(col.strip() for col in row)


def read_csv_header(source: Input) -> tuple[str, ...]:
    """The column names of a CSV input (its first record)."""
    with open_input(source) as fh:
        return header_of(LineReader(fh, name_of(source)))


def header_of(lines: LineReader) -> tuple[str, ...]:
    """The column names from the first record of ``lines`` (which then stands after the header)."""
    return _header(csv.reader(lines, strict=True), lines)


class CsvSource:
    """One CSV input (optionally gzipped), read in bounded memory."""

    #: A record may span at most this many lines, and only through a line break in one of the
    #: ``multiline_columns`` (message texts).
    MAX_RECORD_LINES = 20

    def __init__(
        self, source: Input, batch_rows: int = 200_000, multiline_columns: frozenset[str] = frozenset()
    ) -> None:
        self.source = source
        self.name = name_of(source)
        self.batch_rows = batch_rows
        self.multiline_columns = multiline_columns
        self._lines: LineReader | None = None

    @property
    def bytes_read(self) -> int:
        """Bytes of text (decompressed) read so far."""
        return self._lines.bytes_read if self._lines is not None else 0

    def batches(self) -> Iterator[RawBatch]:
        """Batches of records; on a read fault, the batch read so far and then the ``InputReadError``."""
        with open_input(self.source) as fh:
            yield from self.batches_from(fh)

    def batches_from(
        self, fh: BinaryIO, header: tuple[str, ...] | None = None, first_line: int = 1
    ) -> Iterator[RawBatch]:
        """Batches of the records of ``fh``: a whole input, or (``header`` known) the rest of one
        whose line ``first_line`` comes next (what the fast path hands on)."""
        lines = self._lines = LineReader(fh, self.name, first_line)
        reader = csv.reader(lines, strict=True)
        if header is None:
            header = _header(reader, lines)
        batch = self._new_batch(header)
        fault: InputReadError | None = None
        try:
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    self._unparsable(batch, lines, str(exc))
                else:
                    self._record(batch, row, lines.take())
                if len(batch) >= self.batch_rows:
                    yield batch
                    batch = self._new_batch(header)
        except InputReadError as exc:
            fault = exc
            cut = lines.take()
            if cut:
                self._reject(batch, cut, f"{reasons.CSV_SYNTAX}: record cut off by the read error")
        yield batch
        if fault is not None:
            raise fault

    def _unparsable(self, batch: RawBatch, lines: LineReader, error: str) -> None:
        """A parser error. On one line: that line is broken. Over several: a quoted field opened on
        the first line was never closed properly, so its quote was a stray one: that line goes, the
        lines after it are read again (see the module docstring)."""
        taken = lines.take()
        if len(taken) <= 1:
            self._reject(batch, taken, f"{reasons.CSV_SYNTAX}: {error}")
            return
        first, rest = taken[0], taken[1:]
        reason = first.problem or (
            f"{reasons.CSV_SYNTAX}: unbalanced quote (a quoted field opened on this line is never "
            f"closed: {error})"
        )
        self._reject(batch, [first], reason)
        lines.push_back(rest)

    def _record(self, batch: RawBatch, row: list[str], taken: list[Line]) -> None:
        width = len(batch.header)
        if len(taken) == 1:  # the common case, first
            line = taken[0]
            if line.problem is None and len(row) == width:
                batch.rows.append(tuple(row))  # a tuple of str leaves the GC alone, a list does not
                batch.lines.append(line.number)
                batch.raws.append(line.raw.removesuffix("\n").removesuffix("\r"))
                return
        problem = next((line.problem for line in taken if line.problem), None)
        if problem is None and (not row or (len(row) == 1 and not row[0].strip() and width > 1)):
            batch.blank_lines += len(taken)
            return
        if problem is None:
            problem = self._shape_problem(batch.header, row, taken)
        if problem is not None:
            self._reject(batch, taken, problem)
            return
        batch.rows.append(tuple(row))
        batch.lines.append(taken[0].number)
        batch.raws.append(_raw_text(taken))

    def _shape_problem(self, header: tuple[str, ...], row: list[str], taken: list[Line]) -> str | None:
        width = len(header)
        span = f" (one record on lines {taken[0].number}-{taken[-1].number})" if len(taken) > 1 else ""
        if len(row) != width:
            return f"{reasons.WRONG_COLUMN_COUNT}: {len(row)} fields, header has {width}{span}"
        if len(taken) == 1:
            return None
        if len(taken) > self.MAX_RECORD_LINES:
            return (
                f"{reasons.CSV_SYNTAX}: one record over {len(taken)} lines, more than "
                f"{self.MAX_RECORD_LINES}{span}"
            )
        for name, value in zip(header, row, strict=True):
            if name not in self.multiline_columns and ("\n" in value or "\r" in value):
                return f"{reasons.CSV_SYNTAX}: line break inside {name or 'an unnamed column'}{span}"
        return None

    @staticmethod
    def _new_batch(header: tuple[str, ...]) -> RawBatch:
        return RawBatch(header)

    @staticmethod
    def _reject(batch: RawBatch, lines: list[Line], reason: str) -> None:
        if lines:
            batch.rejects.append(RawReject(lines[0].number, reason, _raw_text(lines)))
