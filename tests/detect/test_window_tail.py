"""The windowed sums' tail: whatever the batches, segments and merges, a window's sum over the tail is
the brute-force sum of the earlier events of the key within it."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.window_tail import WindowTail

SCHEMA: dict[str, pl.DataType] = {"key": pl.UInt64(), "t": pl.Int64(), "a": pl.Int64(), "b": pl.Int64()}
LONGEST = 100
WINDOWS = {10: ["a"], 100: ["a", "b"]}


def _batch(rows: list[tuple[int, int, int, int]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=list(SCHEMA), orient="row").cast(SCHEMA)  # type: ignore[arg-type]
    return frame.sort("key", "t", maintain_order=True)


def _brute(kept: list[tuple[int, int, int, int]], key: int, t: int, window: int, column: int) -> int:
    return sum(r[column] for r in kept if r[0] == key and t - window < r[1] < t)


batches = st.lists(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 29), st.integers(0, 3), st.integers(0, 2)), max_size=25
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(batches=batches, gaps=st.lists(st.integers(1, 80), min_size=12, max_size=12))
def test_sums_equal_brute_force_over_any_batches(
    batches: list[list[tuple[int, int, int, int]]], gaps: list[int]
) -> None:
    tail = WindowTail(SCHEMA, LONGEST)
    kept: list[tuple[int, int, int, int]] = []
    start = 0
    for rows, gap in zip(batches, gaps, strict=False):
        # Each batch later than every row before it: its events sit in [start, start + 30).
        batch = [(k, start + dt, a, b) for k, dt, a, b in rows]
        released = start + 30
        if batch:
            keys = np.array([r[0] for r in batch], dtype=np.uint64)
            times = np.array([r[1] for r in batch], dtype=np.int64)
            order = np.lexsort((times, keys))
            keys, times = keys[order], times[order]
            got = tail.sums(keys, times, WINDOWS)
            for i, (k, t) in enumerate(zip(keys.tolist(), times.tolist(), strict=True)):
                assert got[(10, "a")][i] == _brute(kept, k, t, 10, 2)
                assert got[(100, "a")][i] == _brute(kept, k, t, 100, 2)
                assert got[(100, "b")][i] == _brute(kept, k, t, 100, 3)
        tail.push(_batch(batch) if batch else pl.DataFrame(schema=SCHEMA), released)
        kept += batch
        live = sorted((r for r in kept if r[1] > released - LONGEST), key=lambda r: (r[0], r[1]))
        frame = tail.frame(released)
        assert [tuple(r) for r in frame.sort("key", "t", maintain_order=True).iter_rows()] == live
        assert frame.equals(frame.sort("key", "t", maintain_order=True))
        # A binary counter: never more segments than bits in the rows kept, plus the newest.
        assert len(tail.segments) <= max(1, tail.rows).bit_length() + 1
        start = released + gap


def test_a_segment_the_window_no_longer_reaches_is_dropped_whole() -> None:
    tail = WindowTail(SCHEMA, LONGEST)
    tail.push(_batch([(1, 0, 1, 0), (2, 5, 1, 0)]), released=10)
    tail.push(_batch([(1, 50, 1, 0)]), released=60)
    assert tail.rows == 3
    tail.push(_batch([(1, 200, 1, 0)]), released=210)  # 0, 5 and 50 are all before 110
    assert tail.rows == 1
    assert tail.frame(210)["t"].to_list() == [200]


def test_forgetting_keys_removes_their_rows_only_where_a_window_can_reach_them() -> None:
    tail = WindowTail(SCHEMA, LONGEST)
    tail.push(_batch([(1, 10, 1, 0), (2, 5, 1, 0), (2, 95, 1, 0)]), released=100)
    # Key 2 idle since 96: its rows could still be summed from 100 on, so they go.
    tail.without(pl.Series([2], dtype=pl.UInt64), before=96, released=100)
    assert tail.frame(100)["key"].to_list() == [1]
    got = tail.sums(np.array([2], dtype=np.uint64), np.array([150], dtype=np.int64), WINDOWS)
    assert got[(100, "a")].tolist() == [0]


def test_a_copy_changes_apart() -> None:
    tail = WindowTail(SCHEMA, LONGEST)
    tail.push(_batch([(1, 0, 1, 0)]), released=10)
    other = tail.copy()
    other.push(_batch([(1, 20, 1, 0)]), released=30)
    assert tail.rows == 1
    assert other.rows == 2
    query = (np.array([1], dtype=np.uint64), np.array([40], dtype=np.int64))
    assert tail.sums(*query, WINDOWS)[(100, "a")].tolist() == [1]
    assert other.sums(*query, WINDOWS)[(100, "a")].tolist() == [2]
