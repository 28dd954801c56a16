"""A write-ahead log entry holds a text file's bytes (read again on replay) or, for Parquet, its frames
as Arrow IPC, and gives them back whole; entries logged by earlier builds (frames pickled as such)
still replay."""

from __future__ import annotations

import io
import pickle
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from ringfence.detect.policy import load_policy
from ringfence.detect.presentation import PresentedForms
from ringfence.ingest import RecordKind
from ringfence.services.watch import WatchConfig, Watcher, _Entry


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "call_id": ["a", "b", None],
            "start_time": [datetime(2026, 1, 1, tzinfo=UTC)] * 3,
            "duration_s": [1, None, 3],
            "_code": pl.Series([1, 2, 3], dtype=pl.UInt64),
            "origin": pl.Series(["intra", "inter", "intra"], dtype=pl.Categorical),
        }
    )


def _entry() -> _Entry:
    return _Entry(
        "f.csv",
        (10, 20),
        RecordKind.CALLS,
        [_frame(), _frame().head(1)],
        [(2, "why", "raw")],
        PresentedForms(),
    )


def test_an_entry_round_trips() -> None:
    back = pickle.loads(pickle.dumps(_entry(), protocol=pickle.HIGHEST_PROTOCOL))
    assert [f.schema for f in back.frames] == [_frame().schema] * 2
    assert back.frames[0].equals(_frame())
    assert back.frames[1].equals(_frame().head(1))
    assert (back.name, back.stat, back.kind, back.rejected) == (
        "f.csv",
        (10, 20),
        RecordKind.CALLS,
        [(2, "why", "raw")],
    )


def test_an_entry_of_an_earlier_build_replays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_Entry, "__getstate__", lambda self: dict(self.__dict__))
    blob = pickle.dumps(_entry(), protocol=pickle.HIGHEST_PROTOCOL)
    monkeypatch.undo()
    back = pickle.loads(blob)
    assert back.frames[0].equals(_frame())


_CSV = (
    "call_id,caller,callee,start_time,duration_s\n"
    "c1,+8613800000001,+8613900000002,2026-11-02T08:00:00+08:00,30\n"
    "c2,+8613800000001,+8613900000002,yesterday,12\n"  # rejected: no time
    "c3,13800000003,+8613900000002,2026-11-02T08:01:00+08:00,-4\n"  # rejected: negative duration
    "c4,138 0000 0003,+8613900000004,2026-11-02T08:02:00+08:00,60\n"
)


def _read_entry(path: Path) -> _Entry:
    watcher = Watcher.__new__(Watcher)  # ``_read`` reads only the configuration's --sms
    watcher.config = WatchConfig(
        landing=path.parent, state=path.parent / "state", policy=load_policy(), zone="UTC"
    )
    read = watcher._read(path)
    return _Entry(path.name, (1, 2), read.kind, read.frames, read.rejected, read.presented, read.source)


def test_a_text_file_is_logged_as_its_bytes_and_replays_to_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "calls-1.csv"
    path.write_text(_CSV, encoding="utf-8")
    entry = _read_entry(path)
    assert entry.source is not None
    assert len(entry.rejected) == 2  # both bad rows, with their reasons and text
    blob = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(blob) < len(_CSV) + 500  # the bytes, not the parsed frames beside them
    path.write_text("call_id\n", encoding="utf-8")  # the landing file no longer matters to a replay
    back = pickle.loads(blob)
    assert (back.name, back.stat, back.kind) == ("calls-1.csv", (1, 2), RecordKind.CALLS)
    assert back.rejected == entry.rejected
    assert len(back.frames) == len(entry.frames)
    for a, b in zip(back.frames, entry.frames, strict=True):
        assert a.equals(b)
    numbers = {"+8613800000001", "+8613800000003", "+8613900000002", "+8613900000004"}
    assert back.presented.forms(numbers) == entry.presented.forms(numbers)
    assert back.presented.forms(numbers)["+8613800000003"] == "138 0000 0003"  # the accepted row's form


def test_a_parquet_file_is_logged_as_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "calls-1.parquet"
    pl.read_csv(io.StringIO(_CSV), infer_schema=False).head(1).write_parquet(path)
    entry = _read_entry(path)
    assert entry.source is None
    back = pickle.loads(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.frames[0].equals(entry.frames[0])
    assert back.source is None
