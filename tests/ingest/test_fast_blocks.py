"""The direct read of a regular block (``FastBlocks._regular``, Polars' CSV reader) gives exactly what
the line split (``FastBlocks._parse``) gives: the same fields, line numbers, raw texts, blank lines and
rejected rows, whatever mix of line ends, empty fields, carriage returns, blank and ragged lines a
block holds (an irregular block must fall back to the split, not be read differently)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ringfence.ingest.fastcsv import FastBlock, FastBlocks, _line_ends_and_commas

HEADER = ["call_id", "caller", "callee", "extra"]
FIELD = st.text(alphabet=st.sampled_from(["1", "a", " ", "\r", "成", "\ufeff", "+"]), max_size=4)
REGULAR = st.lists(st.text(alphabet="1a成+", max_size=3), min_size=4, max_size=4)  # mostly direct


def _blocks(data: bytes, wanted: list[str], regular: bool) -> tuple[list[FastBlock], int]:
    fast = FastBlocks(io.BytesIO(data), HEADER, wanted, first_line=2)
    if not regular:
        fast._regular = lambda chunk: None  # type: ignore[method-assign]
    return list(fast), fast.next_line


def _same(data: bytes, wanted: list[str]) -> None:
    direct, next_direct = _blocks(data, wanted, True)
    split, next_split = _blocks(data, wanted, False)
    assert next_direct == next_split
    assert len(direct) == len(split)
    for a, b in zip(direct, split, strict=True):
        assert_frame_equal(a.frame, b.frame)
        assert (a.raw is None) == (b.raw is None)
        if a.raw is not None and b.raw is not None:
            assert_frame_equal(a.raw, b.raw)
        assert (a.blank_lines, a.bytes_read) == (b.blank_lines, b.bytes_read)
        assert [(r.line, r.reason, r.raw) for r in a.rejects] == [
            (r.line, r.reason, r.raw) for r in b.rejects
        ]


ENDS = st.sampled_from(["\n", "\r\n", "\r\r\n"])
ROWS = st.lists(st.tuples(REGULAR, st.sampled_from(["\n", "\r\n"])), max_size=12) | st.lists(
    st.tuples(REGULAR | st.lists(FIELD, min_size=4, max_size=4) | st.lists(FIELD, max_size=6), ENDS),
    max_size=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, last_end=st.booleans(), subset=st.booleans())
def test_direct_read_is_the_split(rows: list[tuple[list[str], str]], last_end: bool, subset: bool) -> None:
    text = "".join(",".join(fields) + end for fields, end in rows)
    if rows and not last_end:
        text = text.rstrip("\n")
    _same(text.encode(), HEADER[:2] if subset else HEADER)


def test_regular_block_is_read_directly() -> None:
    """The common case takes the direct read (else this file tests nothing)."""
    data = b"1,+8613800000000,139,\r\n2,,139,x\n"
    fast = FastBlocks(io.BytesIO(data), HEADER, HEADER, first_line=2)
    block = fast._regular(data)
    assert block is not None
    assert block.frame.rows() == [("1", "+8613800000000", "139", "", 2), ("2", "", "139", "x", 3)]
    assert fast._regular(b"1,2,3\n") is None  # a short row: the split rejects it with its line
    assert fast._regular(b"1,2,3,4\r5\n") is None  # a carriage return inside a line stays in the field


def test_many_lines_with_a_long_and_a_short_one() -> None:
    """The commas add up, but one line has a field more and another one fewer: both rejected, as
    the split rejects them (Polars reads large blocks in parallel pieces)."""
    lines = [f"{i},+86138{i:08d},139{i:08d},x" for i in range(200_000)]
    lines[1_000] += ",extra"
    lines[150_000] = lines[150_000].rsplit(",", 1)[0]
    data = ("\n".join(lines) + "\n").encode()
    assert FastBlocks(io.BytesIO(data), HEADER, HEADER, first_line=2)._regular(data) is None
    _same(data, HEADER)
    blocks, _ = _blocks(data, HEADER, True)
    assert [r.line for b in blocks for r in b.rejects] == [1_002, 150_002]


def test_a_plain_file_read_in_one_call_per_block_gives_what_the_pieces_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file on disk is read a block per call, a stream in pieces; with blocks that end mid-line
    (many small ones) both give the same blocks, lines and byte counts."""
    from ringfence.ingest import fastcsv

    monkeypatch.setattr(fastcsv, "BLOCK_BYTES", 100)
    lines = [f"{i},+86130{i:08d},+86131{i:08d},成{i}" for i in range(60)]
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / "calls.csv"
    path.write_bytes(data)
    with path.open("rb") as fh:
        assert fastcsv._plain_file(fh)
        on_disk = FastBlocks(fh, HEADER, HEADER, first_line=2)
        blocks = list(on_disk)
    stream = FastBlocks(io.BytesIO(data), HEADER, HEADER, first_line=2)
    assert not fastcsv._plain_file(io.BytesIO(data))
    streamed = list(stream)
    assert len(blocks) == len(streamed) > 10
    for a, b in zip(blocks, streamed, strict=True):
        assert_frame_equal(a.frame, b.frame)
        assert a.bytes_read == b.bytes_read
    assert on_disk.next_line == stream.next_line == 62
    assert on_disk.rest is None


def test_a_fault_reading_a_plain_file_hands_the_rest_to_the_careful_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An I/O error on a plain file stops the fast path where it happened; the careful reader gets
    what was not yet read and the fault, to report it with the last line read."""
    from ringfence.ingest import fastcsv

    monkeypatch.setattr(fastcsv, "BLOCK_BYTES", 64)
    path = tmp_path / "calls.csv"
    path.write_bytes(b"".join(f"{i},+8613000000{i:03d},x,y\n".encode() for i in range(20)))
    calls = 0

    class Failing(io.BufferedReader):
        def read(self, size: int | None = -1) -> bytes:
            nonlocal calls
            calls += 1
            if calls == 3:
                raise OSError(5, "Input/output error")
            return super().read(size)

    with Failing(io.FileIO(path, "rb")) as fh:
        monkeypatch.setattr(fastcsv, "_plain_file", lambda _fh: True)
        fast = FastBlocks(fh, HEADER, HEADER, first_line=2)
        blocks = list(fast)
        assert len(blocks) == 2
        assert fast.rest is not None
        with pytest.raises(OSError, match="Input/output"):
            fast.rest.read()


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 3 << 20), st.floats(0.0, 1.0))
def test_line_ends_and_commas_are_counted_across_slices(seed: int, size: int, density: float) -> None:
    """The counts the regular-block check rests on, whatever the size (slice edges included) and
    however dense the line ends and commas."""
    rng = np.random.default_rng(seed)
    kinds = rng.random(size)
    data = np.where(kinds < density / 2, ord("\n"), np.where(kinds < density, ord(","), ord("a")))
    chunk = data.astype(np.uint8).tobytes()
    assert _line_ends_and_commas(chunk) == (chunk.count(b"\n"), chunk.count(b","))
