"""The write-ahead log of ``watch``: whole entries back in order, a torn tail cut off, sequence numbers
that go on after the log is emptied."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.services.watch_log import Log, entries


def test_entries_come_back_in_order_with_their_sequence_numbers(tmp_path: Path) -> None:
    log = Log(tmp_path / "log.bin")
    assert [log.append(b"a"), log.append(b"bb"), log.append(b"", 7)] == [1, 2, 7]
    assert list(Log(tmp_path / "log.bin").read()) == [(1, b"a"), (2, b"bb"), (7, b"")]
    assert Log(tmp_path / "log.bin").last == 7


def test_clear_empties_and_numbers_go_on(tmp_path: Path) -> None:
    log = Log(tmp_path / "log.bin")
    log.append(b"x")
    log.clear()
    assert entries(tmp_path / "log.bin") == 0
    assert log.size == 0
    assert log.append(b"y", 2) == 2
    assert list(Log(tmp_path / "log.bin").read()) == [(2, b"y")]


@settings(max_examples=60, deadline=None)
@given(
    payloads=st.lists(st.binary(max_size=40), min_size=1, max_size=6),
    cut=st.integers(min_value=1, max_value=60),
    flip=st.booleans(),
)
def test_a_torn_last_entry_is_cut_off_and_the_rest_kept(payloads: list[bytes], cut: int, flip: bool) -> None:
    """Whatever a crash leaves of the last append (a prefix, or damaged bytes), the entries before
    it are read whole and the next append follows them."""
    with tempfile.TemporaryDirectory(prefix="ringfence-torn-log-") as tmp:  # one per example, removed
        _torn_last_entry(Path(tmp) / "log.bin", payloads, cut, flip)


def _torn_last_entry(path: Path, payloads: list[bytes], cut: int, flip: bool) -> None:
    log = Log(path)
    for p in payloads:
        log.append(p)
    whole = path.read_bytes()
    last = 20 + len(payloads[-1])
    torn = whole[: len(whole) - last] + whole[len(whole) - last :][: min(cut, last - 1)]
    if flip and len(payloads[-1]) > 0:
        full = bytearray(whole)
        full[-1] ^= 0xFF
        torn = bytes(full)
    path.write_bytes(torn)
    again = Log(path)
    assert [p for _, p in again.read()] == payloads[:-1]
    assert path.stat().st_size == len(whole) - last
    assert again.append(b"next") == len(payloads)
    assert [p for _, p in Log(path).read()] == [*payloads[:-1], b"next"]


def test_zeros_after_the_last_entry_are_not_an_entry(tmp_path: Path) -> None:
    """A power loss can leave a file longer than what was written, the rest zeros: a zero header reads
    as an empty entry with a matching checksum, so sequence number 0 (never handed out) marks it torn."""
    path = tmp_path / "log.bin"
    log = Log(path)
    log.append(b"kept")
    size = path.stat().st_size
    with path.open("ab") as fh:
        fh.write(bytes(20 + 64))
    again = Log(path)
    assert list(again.read()) == [(1, b"kept")]
    assert path.stat().st_size == size
    assert again.append(b"next") == 2


def test_sequence_numbers_start_at_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="start at 1"):
        Log(tmp_path / "log.bin").append(b"x", 0)
