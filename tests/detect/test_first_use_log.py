"""``FirstUseLog`` (first and second use of each handset by each number, kept batch by batch and
merged now and then) gives exactly the first and second use of every (handset, number) pair over all
calls, a call to a service code using no handset."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from ringfence.detect.codes import Codes
from ringfence.detect.columnar import FirstUseLog
from ringfence.detect.features import HANDSET_CELLS_CAP


@pytest.mark.parametrize("in_order", [False, True], ids=["any-order", "time-ordered-batches"])
@pytest.mark.parametrize(("handsets_per_number", "cells_drawn"), [(1, 5), (3, 5), (1, 24), (3, 24)])
def test_first_use_log_is_the_first_use_of_every_pair(
    monkeypatch: pytest.MonkeyPatch, handsets_per_number: int, cells_drawn: int, in_order: bool
) -> None:
    """Batches in time order (each; ties within, and the batches overlapping in time) are read by
    their first rows, any other by a search: the same uses either way."""
    monkeypatch.setattr(FirstUseLog, "MERGE_ROWS", 50)  # merge often
    monkeypatch.setattr(FirstUseLog, "CELL_PARTS", 3)
    monkeypatch.setattr(FirstUseLog, "CELL_MERGE_ROWS", 40)
    rng = np.random.default_rng(11)
    codes = Codes()
    callees = codes.encode(pl.Series(["+8613800000001", "+8613900000050", "10086"]))
    log = FirstUseLog(codes)
    batches = []
    for _ in range(12):
        n = int(rng.integers(0, 200))
        caller = rng.integers(0, 60, n)
        imei = caller * 10 + rng.integers(0, handsets_per_number, n)
        times = rng.integers(0, 10_000, n)
        batch = pl.DataFrame(
            {
                "caller": pl.Series(caller, dtype=pl.UInt64),
                "imei": pl.Series([None if v % 7 == 0 else v for v in imei.tolist()], dtype=pl.UInt64),
                "t": pl.Series(np.sort(times) if in_order else times, dtype=pl.Int64),
                "callee": callees.gather(rng.integers(0, 3, n)),
                # Up to 24 cells: more than a handset's cells are counted to (``HANDSET_CELLS_CAP``).
                "cell": pl.Series(
                    [None if v == 0 else int(v) for v in rng.integers(0, cells_drawn, n)], dtype=pl.UInt64
                ),
            }
        )
        log.add(batch)
        batches.append(batch)
    calls = pl.concat(batches)
    expected = (
        calls.filter(pl.col("callee") != callees[2])  # the service code's calls use no handset
        .drop_nulls("imei")
        .group_by("imei", "caller")
        .agg(pl.col("t").min().alias("first"))
        .rename({"imei": "group", "caller": "key"})
    )
    got, repeats = log.first_and_second()
    assert got.schema == expected.schema
    assert got.sort("group", "key").equals(expected.sort("group", "key"))
    # The second use: the second time in (time) order, the first's when a pair used it twice at once.
    seconds = (
        calls.filter(pl.col("callee") != callees[2])
        .drop_nulls("imei")
        .sort("t")
        .group_by("imei", "caller")
        .agg(pl.col("t").get(1, null_on_oob=True).alias("first"))
        .drop_nulls("first")
        .rename({"imei": "group", "caller": "key"})
    )
    assert repeats.height > 10  # the draw reaches pairs used twice
    assert repeats.schema == seconds.schema
    assert repeats.sort("group", "key").equals(seconds.sort("group", "key"))
    # The cells of each handset (``handset.cells``): the first use of every (handset, cell) pair,
    # each handset's HANDSET_CELLS_CAP earliest only (which of several at one second: any).
    places = (
        calls.filter(pl.col("callee") != callees[2])
        .drop_nulls(["imei", "cell"])
        .group_by("imei", "cell")
        .agg(pl.col("t").min().alias("first"))
        .rename({"imei": "group", "cell": "key"})
    )
    cells = log.handset_cells()
    assert places.height > 50
    assert cells.schema == places.schema
    kept = cells.join(places, on=["group", "key"], how="left", suffix="_all")
    assert kept["first"].equals(kept["first_all"], check_names=False)  # true pairs, true first use
    firsts = places.sort("first").group_by("group").agg(pl.col("first").head(HANDSET_CELLS_CAP))
    got = cells.sort("first").group_by("group").agg(pl.col("first"))
    assert got.sort("group").equals(firsts.sort("group"))  # the earliest first uses of each handset
    if cells_drawn > HANDSET_CELLS_CAP:  # the draw reaches handsets in more cells than are counted
        assert (places.group_by("group").len()["len"] > HANDSET_CELLS_CAP).any()
        assert cells.height < places.height
    assert log.t_min == calls["t"].min()
    assert log.t_max == calls["t"].max()


def test_the_cells_log_merges_a_logarithmic_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch brings new (cell, handset) pairs: the log merges its parts when the pairs taken in
    since the last merge are as many as it kept, not at every batch once it keeps more than the
    threshold (stop 48 did, and merged 10M calls' pairs 62 times: 13 s)."""
    monkeypatch.setattr(FirstUseLog, "CELL_MERGE_ROWS", 100)
    monkeypatch.setattr(FirstUseLog, "CELL_PARTS", 1000)
    merges = 0
    merged_cells = FirstUseLog._merged_cells

    def counted(self: FirstUseLog) -> pl.DataFrame:
        nonlocal merges
        merges += 1
        return merged_cells(self)

    monkeypatch.setattr(FirstUseLog, "_merged_cells", counted)
    codes = Codes()
    callee = codes.encode(pl.Series(["+8613800000001"]))
    log = FirstUseLog(codes)
    for b in range(200):  # 50 new handsets a batch, each in 3 cells: 150 new pairs
        handsets = np.repeat(np.arange(b * 50, (b + 1) * 50), 3)
        log.add(
            pl.DataFrame(
                {
                    "caller": pl.Series(handsets, dtype=pl.UInt64),
                    "imei": pl.Series(handsets, dtype=pl.UInt64),
                    "t": pl.Series(np.full(len(handsets), b), dtype=pl.Int64),
                    "callee": callee.gather(np.zeros(len(handsets), dtype=np.int64)),
                    "cell": pl.Series(np.tile([1, 2, 3], 50), dtype=pl.UInt64),
                }
            )
        )
    assert merges <= 10  # log2(30,000 pairs / 100) + 1 or so; every batch would be 199
    assert log.handset_cells().height == 200 * 150
