"""Which record ids have been seen, in a few bytes per id.

Ids are reduced to 64-bit hashes kept in sorted NumPy runs that are merged like a binary counter (an
LSM tree in miniature): membership is a vectorised binary search per run, memory is 8 bytes per id, so
10M call ids cost 80 MB instead of the ~1 GB a Python set of strings would. A 64-bit hash collision
between two distinct ids among 10M is a ~3e-6 chance.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.sorting import sorted_u64

__all__ = ["SeenIds"]

U64 = npt.NDArray[np.uint64]


class SeenIds:
    #: A bitmap of hash prefixes seen (one bit per 2^36 hash values, packed eight to a byte: 32 MB,
    #: allocated lazily by the OS): an id whose prefix is unmarked is certainly new, so only the few
    #: others are searched (~4% of new ids after 10M, against ~26% with one byte per prefix).
    PREFIX_BITS = 28
    #: Ids remembered before the bitmap is made. Below this the runs are few and short and searching
    #: them all is cheap; the bitmap's 32 MB cost page faults wherever it is written, about 10 ms a
    #: reader even for a file of 4,000 rows — and ``watch`` reads every file with a reader of its own
    #: (80 files of a simulated week: 1 s of CPU).
    BITMAP_AFTER = 1 << 20

    def __init__(self) -> None:
        self._runs: list[U64] = []
        self.count = 0
        self._prefixes: npt.NDArray[np.uint8] | None = None

    def _prefix(self, values: U64) -> npt.NDArray[np.int64]:
        return (values >> np.uint64(64 - self.PREFIX_BITS)).astype(np.int64)

    @staticmethod
    def _bit(prefix: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
        return np.left_shift(np.uint8(1), (prefix & 7).astype(np.uint8))

    def _marked(self, values: U64) -> npt.NDArray[np.bool_]:
        if self._prefixes is None:  # no bitmap yet: every id may have been seen
            return np.ones(len(values), dtype=bool)
        prefix = self._prefix(values)
        marked: npt.NDArray[np.bool_] = (self._prefixes[prefix >> 3] & self._bit(prefix)) != 0
        return marked

    def _mark(self, values: U64) -> None:
        """Mark the prefixes of sorted ``values`` (so equal bytes are neighbours: one OR per byte)."""
        if self._prefixes is None:
            if self.count + len(values) < self.BITMAP_AFTER:
                return
            self._prefixes = np.zeros(1 << (self.PREFIX_BITS - 3), dtype=np.uint8)
            for run in self._runs:  # sorted, as ``values`` must be
                self._mark(run)
        prefix = self._prefix(values)
        byte = prefix >> 3
        bits = self._bit(prefix)
        starts = np.flatnonzero(np.concatenate(([True], byte[1:] != byte[:-1])))
        self._prefixes[byte[starts]] |= np.bitwise_or.reduceat(bits, starts)

    @staticmethod
    def hashes(ids: pl.Series) -> U64:
        return ids.cast(pl.String).hash(seed=0x5EED).to_numpy().astype(np.uint64, copy=False)

    def _seen(self, values: U64) -> npt.NDArray[np.bool_]:
        found = np.zeros(len(values), dtype=bool)
        maybe = np.flatnonzero(self._marked(values))
        if not len(maybe):
            return found
        candidates = values[maybe]
        hit = np.zeros(len(maybe), dtype=bool)
        for run in self._runs:
            pos = np.searchsorted(run, candidates)
            pos[pos == len(run)] = 0
            hit |= run[pos] == candidates
        found[maybe] = hit
        return found

    def first_occurrences(self, ids: pl.Series) -> npt.NDArray[np.bool_]:
        """Mark rows whose id was never seen before (in earlier calls or earlier in this batch),
        and remember them."""
        hashed = self.hashes(ids)
        if len(hashed) == 0:
            return np.zeros(0, dtype=bool)
        # Usually no id repeats within a batch: then sorting the hashes (several times faster than
        # finding each one's first row) is all the batch needs.
        ordered = sorted_u64(hashed)
        if not (ordered[1:] == ordered[:-1]).any():
            seen = self._seen(ordered)
            if not seen.any():
                self._add(ordered)
                return np.ones(len(hashed), dtype=bool)
            keep = ~np.isin(hashed, ordered[seen])
            self._add(ordered[~seen])
            return keep
        # Distinct hashes (sorted) and where each first occurs: a quicksort and a minimum per run,
        # several times faster than np.unique(return_index=True), which needs a stable sort.
        order = np.argsort(hashed)
        ordered = hashed[order]
        starts = np.ones(len(ordered), dtype=bool)
        starts[1:] = ordered[1:] != ordered[:-1]
        runs = np.flatnonzero(starts)
        uniq = ordered[runs]
        first_index = np.minimum.reduceat(order, runs)
        new_uniq = ~self._seen(uniq)
        keep = np.zeros(len(hashed), dtype=bool)
        keep[first_index[new_uniq]] = True
        self._add(uniq[new_uniq])
        return keep

    def _add(self, values: U64) -> None:
        if len(values) == 0:
            return
        self._mark(values)
        self.count += len(values)
        self._runs.append(values)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            top = self._runs.pop()
            below = self._runs.pop()
            merged = np.concatenate([below, top])
            merged.sort(kind="stable")
            self._runs.append(merged)
