"""Sorting arrays of 64-bit integers by value, the step under detection's grouping and the record-id
sets: Polars' sort, which on the machines measured sorts 160k–1M random ``uint64`` 3.4× faster than
``np.sort`` (1M: 15 ms against 51 ms, one thread each) and gives the same array (a value sort has one
answer). Small arrays stay with NumPy, where the round trip would cost more than it saves.

Finding values in a table of distinct ones (``positions``) likewise: Polars' hashing, not a binary
search of the sorted table, for as long as the table is not much larger than what is asked of it."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = ["merge_sorted", "positions", "sorted_u64"]

_SMALL = 4096

#: ``positions`` hashes the table for every call: past this many table values per value asked, a
#: binary search of the (sorted) table costs less (a million subscribers asked about by a chunk).
_HASHED_TABLE_PER_ASKED = 4


def sorted_u64(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """``np.sort(values)``, as a new array (read-only when it comes from Polars)."""
    if len(values) < _SMALL:
        return np.sort(values)
    out: npt.NDArray[np.uint64] = pl.Series(values=values, dtype=pl.UInt64).sort().to_numpy()
    return out


def positions(table: npt.NDArray[np.uint64], asked: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """Where each of ``asked`` is in ``table`` (distinct values, ascending), -1 where it is not.

    A binary search per value asked, in random order, mispredicts its way down the table: 250k
    values asked of 20k took NumPy 20 ms, Polars' hash lookup 3 ms (200k: 30 against 7 ms)."""
    if not len(table):
        return np.full(len(asked), -1, dtype=np.int64)
    if not len(asked) or len(table) > _HASHED_TABLE_PER_ASKED * len(asked):
        at = np.minimum(np.searchsorted(table, asked), len(table) - 1).astype(np.int64)
        return np.where(table[at] == asked, at, -1)
    index = pl.Series(values=np.arange(len(table), dtype=np.int64))
    found = pl.Series(values=asked, dtype=pl.UInt64).replace_strict(
        pl.Series(values=table, dtype=pl.UInt64), index, default=-1, return_dtype=pl.Int64
    )
    out: npt.NDArray[np.int64] = found.to_numpy()
    return out


def merge_sorted(
    below: npt.NDArray[np.uint64],
    top: npt.NDArray[np.uint64],
    below_rows: npt.NDArray[np.int64],
    top_rows: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Two ascending arrays as one (``top``'s values after ``below``'s equal ones: the sort is
    stable), each value's row laid out with it: the merge of two sorted runs of hashes
    (record ids, pairs). NumPy's stable sort finds the two runs and merges them in one pass: half
    the time of a binary search of the smaller into the larger and placing both through masks
    (625k values: 4 against 8 ms)."""
    values = np.concatenate([below, top])
    order = np.argsort(values, kind="stable")
    rows = np.concatenate([below_rows, top_rows])
    return values[order], rows[order].astype(np.int64, copy=False)
