"""A write-ahead log entry holds its frames as Arrow IPC and gives them back whole; entries logged by
earlier builds (frames pickled as such) still replay."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

import polars as pl
import pytest

from ringfence.detect.presentation import PresentedForms
from ringfence.ingest import RecordKind
from ringfence.services.watch import _Entry


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
