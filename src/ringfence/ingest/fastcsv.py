"""The fast path for clean CSV files: whole blocks of lines split into columns by Polars.

A file qualifies when a pre-scan finds valid UTF-8, no NUL byte and no quote character: then every
physical line is one record and a field is everything between commas, so a block of lines can be split
vectorised. Rows with the wrong number of fields are still rejected with their line numbers. Anything
else (quotes, bad bytes, a line over ``lines.MAX_LINE_BYTES``, a stream that cannot be read to its end)
takes the careful path in ``rawcsv``. Without a quote no field can hold a line break, so a line is
always exactly one record here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

import numpy as np
import polars as pl

from ringfence.ingest import reasons
from ringfence.ingest.lines import MAX_LINE_BYTES
from ringfence.ingest.rawcsv import RawReject
from ringfence.ingest.source import READ_ERRORS, Input, InputReadError, open_input

__all__ = ["FastBlock", "clean_for_fast_path", "fast_blocks"]

BLOCK_BYTES = 32 << 20
LINE = "_line"
RAW = "_raw"


def clean_for_fast_path(source: Input) -> bool:
    """Whether every line of the input is a complete, unquoted UTF-8 record of bounded length (one
    cheap pass)."""
    try:
        with open_input(source) as fh:
            return _clean(fh)
    except (InputReadError, *READ_ERRORS):
        return False  # the careful path reads up to the fault and reports it


def _clean(fh: BinaryIO) -> bool:
    tail = b""
    while True:
        block = fh.read(BLOCK_BYTES)
        if not block:
            break
        if b'"' in block or b"\x00" in block:
            return False
        data = tail + block
        cut = data.rfind(b"\n") + 1
        try:
            data[:cut].decode("utf-8")
        except UnicodeDecodeError:
            return False
        if _has_long_line(data, cut):
            return False
        tail = data[cut:]
        if len(tail) > MAX_LINE_BYTES:
            return False
    try:
        tail.decode("utf-8")
    except UnicodeDecodeError:
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


def _lines(fh: BinaryIO) -> Iterator[tuple[str, int]]:
    """Blocks of complete lines as text, with the byte count read so far."""
    tail = b""
    done = 0
    while True:
        block = fh.read(BLOCK_BYTES)
        if not block:
            if tail:
                yield tail.decode("utf-8"), done + len(tail)
            return
        data = tail + block
        cut = data.rfind(b"\n") + 1
        tail = data[cut:]
        done += len(block)
        if cut:
            yield data[:cut].decode("utf-8"), done - len(tail)


def fast_blocks(source: Input, header: Sequence[str], wanted: Sequence[str]) -> Iterator[FastBlock]:
    """Blocks of accepted rows with the ``wanted`` columns of ``header`` (as text) and ``_line``.

    Without quotes a line is its fields joined by commas: when ``wanted`` is the whole header (in
    any order), the lines are not kept beside the fields (``FastBlock.raw`` is None)."""
    width = len(header)
    whole = sorted(wanted) == sorted(header)
    positions = {name: header.index(name) for name in wanted}
    next_line = 1
    with open_input(source) as fh:
        for text, bytes_read in _lines(fh):
            lines = pl.Series("s", text.split("\n"))
            if text.endswith("\n"):
                lines = lines.head(len(lines) - 1)
            frame = pl.DataFrame({"s": lines}).with_row_index(LINE, offset=next_line)
            next_line += frame.height
            frame = frame.with_columns(pl.col("s").str.strip_suffix("\r"), pl.col(LINE).cast(pl.Int64))
            if frame[LINE][0] == 1:  # the header line
                frame = frame.slice(1)
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
                .select(*(pl.col(f"field_{i}").alias(name) for name, i in positions.items()), LINE)
            )
            raw = None if whole else good.select(LINE, pl.col("s").alias(RAW))
            yield FastBlock(split, raw, rejects, blank_lines, bytes_read)
