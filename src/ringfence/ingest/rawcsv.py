"""Streams a CSV file as batches of string columns, rejecting rows that are broken as *text*.

The CSV module is fed one physical line at a time so that every record is known by the lines it came
from: a row with invalid UTF-8, a NUL byte or the wrong number of fields is rejected with its line
number and its raw text. A stray quote makes the CSV parser swallow the following lines into one
field; when a multi-line record has the wrong shape, its lines are re-read one by one so that only the
broken line is lost, not the good rows it swallowed.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ringfence.errors import InputFileError
from ringfence.ingest import reasons

__all__ = ["CsvSource", "RawBatch", "RawReject", "open_binary"]

csv.field_size_limit(1 << 20)


@dataclass(frozen=True, slots=True)
class RawReject:
    line: int
    reason: str
    raw: str


@dataclass(slots=True)
class RawBatch:
    """Rows that are well-formed CSV with the header's field count, as columns of strings."""

    header: tuple[str, ...]
    columns: list[list[str]]
    lines: list[int]
    rejects: list[RawReject] = field(default_factory=list)
    blank_lines: int = 0

    def __len__(self) -> int:
        return len(self.lines)


@dataclass(slots=True)
class _LineState:
    pending: list[tuple[int, str]] = field(default_factory=list)
    bad_encoding: set[int] = field(default_factory=set)
    nul: set[int] = field(default_factory=set)
    bytes_read: int = 0


def open_binary(path: Path) -> BinaryIO:
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise InputFileError(f"cannot open {path}: {exc.strerror or exc}") from exc


def _decoded_lines(fh: BinaryIO, state: _LineState) -> Iterator[str]:
    for lineno, raw in enumerate(fh, start=1):
        state.bytes_read += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "backslashreplace")
            state.bad_encoding.add(lineno)
        if lineno == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if "\x00" in text:
            text = text.replace("\x00", "\\x00")
            state.nul.add(lineno)
        state.pending.append((lineno, text))
        yield text


class CsvSource:
    """One CSV (optionally gzipped) file, read in bounded memory."""

    #: A quoted field may span lines only in these columns, and only this many lines: beyond that a
    #: stray quote is swallowing the records that follow it.
    MAX_RECORD_LINES = 20

    def __init__(
        self, path: Path, batch_rows: int = 200_000, multiline_columns: frozenset[str] = frozenset()
    ) -> None:
        self.path = path
        self.batch_rows = batch_rows
        self.multiline_columns = multiline_columns
        self.total_bytes = path.stat().st_size if path.exists() else 0
        self._state = _LineState()

    @property
    def bytes_read(self) -> int:
        return self._state.bytes_read

    def batches(self) -> Iterator[RawBatch]:
        state = self._state
        with open_binary(self.path) as fh:
            reader = csv.reader(_decoded_lines(fh, state))
            try:
                header = tuple(name.strip() for name in next(reader))
            except StopIteration:
                raise InputFileError(f"{self.path}: empty file (no header row)") from None
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputFileError(f"{self.path}: unreadable header: {exc}") from exc
            if state.bad_encoding or state.nul:
                raise InputFileError(f"{self.path}: header row is not valid UTF-8 text")
            state.pending = []
            width = len(header)
            batch = self._new_batch(header)
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    self._reject_lines(batch, state.pending, f"{reasons.CSV_SYNTAX}: {exc}")
                    state.pending = []
                    continue
                lines, state.pending = state.pending, []
                if not row or (len(row) == 1 and not row[0].strip() and width > 1):
                    batch.blank_lines += len(lines)
                    continue
                problem = self._line_problem(lines, state)
                if problem is None and len(row) == width and self._shape_ok(header, row, len(lines)):
                    self._accept(batch, row, lines[0][0])
                elif len(lines) > 1:
                    self._reparse_lines(batch, lines, width, state)
                else:
                    reason = problem or f"{reasons.WRONG_COLUMN_COUNT}: {len(row)} fields, header has {width}"
                    self._reject_lines(batch, lines, reason)
                if len(batch) >= self.batch_rows:
                    yield batch
                    batch = self._new_batch(header)
            if state.pending:  # unterminated quoted field at end of file
                self._reparse_lines(batch, state.pending, width, state)
            yield batch

    def _shape_ok(self, header: tuple[str, ...], row: list[str], n_lines: int) -> bool:
        if n_lines == 1:
            return True
        if n_lines > self.MAX_RECORD_LINES:
            return False
        return all(
            name in self.multiline_columns for name, value in zip(header, row, strict=True) if "\n" in value
        )

    @staticmethod
    def _new_batch(header: tuple[str, ...]) -> RawBatch:
        return RawBatch(header, [[] for _ in header], [])

    @staticmethod
    def _accept(batch: RawBatch, row: list[str], line: int) -> None:
        for column, value in zip(batch.columns, row, strict=True):
            column.append(value)
        batch.lines.append(line)

    @staticmethod
    def _line_problem(lines: list[tuple[int, str]], state: _LineState) -> str | None:
        if not state.bad_encoding and not state.nul:
            return None
        for lineno, _ in lines:
            if lineno in state.bad_encoding:
                return f"{reasons.INVALID_ENCODING}: line is not valid UTF-8"
            if lineno in state.nul:
                return f"{reasons.NUL_BYTE}: line contains a NUL byte"
        return None

    @staticmethod
    def _reject_lines(batch: RawBatch, lines: list[tuple[int, str]], reason: str) -> None:
        if not lines:
            return
        raw = "".join(text for _, text in lines).rstrip("\r\n")
        batch.rejects.append(RawReject(lines[0][0], reason, raw))

    def _reparse_lines(
        self, batch: RawBatch, lines: list[tuple[int, str]], width: int, state: _LineState
    ) -> None:
        """A multi-line record of the wrong shape: judge each physical line on its own."""
        for lineno, text in lines:
            if not text.strip():
                batch.blank_lines += 1
                continue
            problem = self._line_problem([(lineno, text)], state)
            try:
                rows = list(csv.reader(io.StringIO(text)))
            except csv.Error as exc:
                problem = problem or f"{reasons.CSV_SYNTAX}: {exc}"
                rows = []
            row = rows[0] if len(rows) == 1 else []
            if problem is None and len(row) == width:
                self._accept(batch, row, lineno)
                continue
            if problem is None:
                quotes = text.count('"') % 2 == 1
                problem = (
                    f"{reasons.CSV_SYNTAX}: unbalanced quote"
                    if quotes
                    else f"{reasons.WRONG_COLUMN_COUNT}: {len(row)} fields, header has {width}"
                )
            batch.rejects.append(RawReject(lineno, problem, text.rstrip("\r\n")))
