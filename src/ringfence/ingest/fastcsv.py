"""The fast path for clean CSV: whole blocks of lines split into columns by Polars.

A block of complete lines qualifies when it is valid UTF-8 with no NUL byte, no quote character and
no line over ``lines.MAX_LINE_BYTES``: then every physical line is one record and a field is everything
between commas, so the block can be split vectorised. Rows with the wrong number of fields are still
rejected with their line numbers. The input is read once: ``FastBlocks`` reads it block by block after
the header, and at the first block that does not qualify (quotes, bad bytes, a long line, a read
fault) it stops and hands that block and the rest of the stream (``FastBlocks.rest``) to the careful
path in ``rawcsv``, which numbers lines on from where the fast path stopped. Without a quote no field
can hold a line break, so a line is always exactly one record here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import BinaryIO

import numpy as np
import polars as pl

from ringfence.ingest import reasons
from ringfence.ingest.lines import MAX_LINE_BYTES
from ringfence.ingest.rawcsv import RawReject
from ringfence.ingest.source import READ_ERRORS, prepended

__all__ = ["FastBlock", "FastBlocks"]

#: 16 MiB: the reader, validation and compaction work on successive blocks at once (``RecordReader``),
#: and smaller blocks fill that pipeline sooner; smaller still, the per-block costs win (measured at 1M
#: rows: 2–8–16–32 MiB read in 1.2–0.85–0.80–0.85 s).
BLOCK_BYTES = 16 << 20
_PIECE_BYTES = 1 << 16
LINE = "_line"
RAW = "_raw"


def _clean(chunk: bytes) -> bool:
    """Whether ``chunk`` (complete lines) can take the fast path."""
    if b'"' in chunk or b"\x00" in chunk or not _utf8(chunk):
        return False
    return not _has_long_line(chunk, len(chunk))


def _utf8(chunk: bytes) -> bool:
    """Whether ``chunk`` is valid UTF-8 (as strict as ``bytes.decode``: no surrogates, no overlong
    forms), checked by Polars without making a Python string of it."""
    if chunk.isascii():
        return True
    try:
        pl.Series([chunk], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        return False
    return True


def _has_long_line(data: bytes, end: int) -> bool:
    """Whether a line of ``data[:end]`` is over ``MAX_LINE_BYTES``. If every window of half that size
    holds a line end, no line can be that long: a few ``find`` calls per block, each stopping at the
    first line end; only otherwise are the lines measured."""
    half = MAX_LINE_BYTES // 2
    for start in range(0, end, half):
        if data.find(b"\n", start, min(start + half, end)) < 0:
            return _longest_line(data[:end]) > MAX_LINE_BYTES
    return False


def _longest_line(data: bytes) -> int:
    if len(data) <= MAX_LINE_BYTES:
        return len(data)
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    starts = np.concatenate(([-1], ends))
    return int(np.diff(np.concatenate((starts, [len(data)]))).max())


_COUNT_BYTES = 1 << 20


def _line_ends_and_commas(chunk: bytes) -> tuple[int, int]:
    """How many ``\\n`` and ``,`` bytes ``chunk`` holds, counted by NumPy a MiB at a time (slices
    that stay in the cache). Two ``bytes.count`` over a 16 MiB block took 30-60 ms, all of it holding
    the GIL, which stalled every other stage of the read; this takes 2-3 ms, mostly without it."""
    data = np.frombuffer(chunk, dtype=np.uint8)
    ends = commas = 0
    for start in range(0, len(data), _COUNT_BYTES):
        part = data[start : start + _COUNT_BYTES]
        ends += int(np.count_nonzero(part == ord("\n")))
        commas += int(np.count_nonzero(part == ord(",")))
    return ends, commas


class FastBlock:
    """Accepted rows of one block as a frame of strings (plus ``_line``), their lines as read
    (``_line``, ``_raw``; None when the frame's columns joined by commas are the line) and the rows
    rejected."""

    def __init__(
        self,
        frame: pl.DataFrame,
        raw: pl.DataFrame | None,
        rejects: list[RawReject],
        blank_lines: int,
        bytes_read: int,
    ) -> None:
        self.frame = frame
        self.raw = raw
        self.rejects = rejects
        self.blank_lines = blank_lines
        self.bytes_read = bytes_read


def _plain_file(fh: BinaryIO) -> bool:
    """A file on disk read as it is stored (not a decompressor, not bytes put back in front)."""
    return type(fh) is io.BufferedReader and isinstance(fh.raw, io.FileIO)


def _read_block(fh: BinaryIO) -> tuple[bytes, BaseException | None]:
    """Up to ``BLOCK_BYTES``, read in pieces so that a damaged stream (a truncated gzip) gives up
    what it held before the fault rather than losing the whole block with it. A plain file is read
    in one call: a disk gives up nothing useful past an I/O error, and the pieces (a copy each, then
    joined) cost as much as the read itself."""
    if _plain_file(fh):
        try:
            return fh.read(BLOCK_BYTES), None
        except READ_ERRORS as exc:
            return b"", exc
    pieces: list[bytes] = []
    size = 0
    while size < BLOCK_BYTES:
        try:
            piece = fh.read(min(_PIECE_BYTES, BLOCK_BYTES - size))
        except READ_ERRORS as exc:
            return b"".join(pieces), exc
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces), None


class FastBlocks:
    """The records of ``fh`` after the header (line ``first_line`` on), block by block, for as long as
    the blocks are clean; then ``rest`` is the unread remainder (from the first block that is not)
    and ``next_line`` its first line number, for the careful reader. ``rest`` is None when the fast
    path read the whole input."""

    def __init__(
        self, fh: BinaryIO, header: Sequence[str], wanted: Sequence[str], first_line: int, done: int = 0
    ) -> None:
        self._fh = fh
        self._width = len(header)
        self._whole = sorted(wanted) == sorted(header)
        self._positions = {name: header.index(name) for name in wanted}
        self.next_line = first_line
        self.bytes_read = done
        self.rest: BinaryIO | None = None

    def __iter__(self) -> Iterator[FastBlock]:
        tail = b""
        while True:
            block, fault = _read_block(self._fh)
            if fault is not None:
                # The careful path reads up to the fault (what was read before it comes first) and
                # reports it with the number of the last line read.
                self.rest = prepended(tail + block, self._fh, fault=fault)
                return
            data = tail + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            chunk, tail = data[:cut], data[cut:]
            if not _clean(chunk) or len(tail) > MAX_LINE_BYTES:
                self.rest = prepended(data, self._fh)
                return
            if chunk:
                self.bytes_read += len(chunk)
                yield self._regular(chunk) or self._parse(chunk.decode("utf-8"))
            if not block:
                return

    def _regular(self, chunk: bytes) -> FastBlock | None:
        """The block read by Polars' CSV reader straight into columns, when that is certain to give
        what ``_parse`` gives: every line has exactly the header's number of fields, so that no line
        is blank or rejected and lines are numbered consecutively (the block holds just the commas
        that needs, and Polars refuses a line with more, so no line can have fewer); every carriage
        return comes right before a line feed (Polars drops it there, as ``_parse`` does); and the
        block does not start with a byte-order mark (which Polars would skip). None otherwise.
        Without a quote character a field is everything between two commas, as ``_parse`` splits it."""
        width = self._width
        if width < 2 or chunk.startswith(b"\xef\xbb\xbf"):
            return None
        if b"\r" in chunk:
            data = np.frombuffer(chunk, dtype=np.uint8)
            returns = np.flatnonzero(data == ord("\r")) + 1
            if returns[-1] >= len(data) or (data[returns] != ord("\n")).any():
                return None
        line_ends, commas = _line_ends_and_commas(chunk)
        lines = line_ends + (not chunk.endswith(b"\n"))
        if commas != lines * (width - 1):
            return None
        names = [f"_{i}" for i in range(width)]
        try:
            frame = pl.read_csv(
                chunk,
                has_header=False,
                new_columns=names,
                schema=dict.fromkeys(names, pl.String),
                quote_char=None,
                empty_string_is_null=False,
                raise_if_empty=False,
            )
        except pl.exceptions.PolarsError:  # a line with more fields: the split rejects it
            return None
        if frame.height != lines:
            return None
        first = self.next_line
        self.next_line += frame.height
        frame = frame.with_columns(pl.int_range(first, first + frame.height, dtype=pl.Int64).alias(LINE))
        split = frame.select(*(pl.col(names[i]).alias(name) for name, i in self._positions.items()), LINE)
        raw = None if self._whole else frame.select(LINE, pl.concat_str(names, separator=",").alias(RAW))
        return FastBlock(split, raw, [], 0, self.bytes_read)

    def _parse(self, text: str) -> FastBlock:
        width = self._width
        lines = pl.Series("s", text.split("\n"))
        if text.endswith("\n"):
            lines = lines.head(len(lines) - 1)
        frame = pl.DataFrame({"s": lines}).with_row_index(LINE, offset=self.next_line)
        self.next_line += frame.height
        frame = frame.with_columns(pl.col("s").str.strip_suffix("\r"), pl.col(LINE).cast(pl.Int64))
        blank = frame["s"].str.strip_chars() == ""
        blank_lines = int(blank.sum())
        frame = frame.filter(~blank)
        counts = frame["s"].str.count_matches(",", literal=True) + 1
        bad = frame.filter(counts != width)
        rejects = [
            RawReject(line, f"{reasons.WRONG_COLUMN_COUNT}: {n} fields, header has {width}", s)
            for line, s, n in zip(
                bad[LINE].to_list(),
                bad["s"].to_list(),
                counts.filter(counts != width).to_list(),
                strict=True,
            )
        ]
        good = frame.filter(counts == width)
        split = (
            good.select(LINE, pl.col("s").str.split_exact(",", width - 1).alias("r"))
            .unnest("r")
            .select(*(pl.col(f"field_{i}").alias(name) for name, i in self._positions.items()), LINE)
        )
        raw = None if self._whole else good.select(LINE, pl.col("s").alias(RAW))
        return FastBlock(split, raw, rejects, blank_lines, self.bytes_read)
