"""The record ids ``ringfence watch`` has seen, per kind, each with the hour (event time) of its last
record: what finds a record delivered twice across files, and what a checkpoint keeps of it.

A Python dict of id strings cost a dictionary probe per record and a comprehension over every id at
each expiry sweep. Here the ids sit in a few runs sorted by a 64-bit hash of the id (merged like a
binary counter, as ``ingest.seen.SeenIds`` does for ``detect``), beside the exact id and its hour: a
batch is looked up with one vectorised binary search per run, and a sweep is a mask per run.

The hash only finds where to look. A hit counts only if the exact id is the one stored there, and
ids that share a hash are compared one by one (``_slow``), so a collision costs time, never a wrong
answer. A checkpoint holds the exact ids and hours only; the hashes are worked out again when it is
loaded, so a different hash function in another Polars version cannot make a checkpoint lie.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.columnar_stream import Packed
from ringfence.sorting import merge_sorted

__all__ = ["Prepared", "RecordIds"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
#: A batch's id hashes ascending and the row of each (``RecordIds.prepare``).
Prepared = tuple[U64, I64]

_SEED = 0x5EED


def _hashes(ids: pl.Series) -> U64:
    return ids.hash(seed=_SEED).to_numpy().astype(np.uint64, copy=False)


class _Run:
    """Ids (and the hour of each, changed in place when the id is seen again) in the order they came,
    and their hashes sorted, each with the position (``slots``) of its id: runs are merged by merging
    hashes and concatenating ids, never by moving strings into hash order."""

    __slots__ = ("hashes", "hours", "ids", "slots")

    def __init__(self, hashes: U64, slots: I64, ids: pl.Series, hours: I64) -> None:
        self.hashes, self.slots, self.ids, self.hours = hashes, slots, ids, hours

    @classmethod
    def of(cls, ids: pl.Series, hours: I64) -> _Run:
        hashed = _hashes(ids)
        order = np.argsort(hashed, kind="stable")
        return cls(hashed[order], order.astype(np.int64), ids, np.array(hours, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.hashes)

    def find(self, hashed: U64, ids: pl.Series, rows_of: I64) -> I64:
        """The slot of each id in this run (-1: not here): ``hashed`` ascending (a binary search of
        sorted needles walks the run in order, several times faster than of scattered ones), the
        id of ``hashed[i]`` being ``ids[rows_of[i]]``."""
        out = np.full(len(hashed), -1, dtype=np.int64)
        n = len(self.hashes)
        if not n or not len(hashed):
            return out
        pos = np.searchsorted(self.hashes, hashed)
        at = np.minimum(pos, n - 1)
        rows = np.flatnonzero(self.hashes[at] == hashed)
        if not len(rows):
            return out
        at = at[rows]
        # One stored id with that hash (the rule): compared column-wise. Several (a collision in
        # the run): compared one by one.
        shared = np.zeros(len(rows), dtype=bool)
        inside = at + 1 < n
        shared[inside] = self.hashes[at[inside] + 1] == hashed[rows[inside]]
        plain = ~shared
        slots = self.slots[at[plain]]
        same = (self.ids.gather(slots) == ids.gather(rows_of[rows[plain]])).fill_null(False).to_numpy()
        out[rows[plain][same]] = slots[same]
        for row, start in zip(rows[shared].tolist(), at[shared].tolist(), strict=True):
            out[row] = self._slow(int(hashed[row]), ids[int(rows_of[row])], start)
        return out

    def _slow(self, hashed: int, value: str, start: int) -> int:
        i = start
        while i < len(self.hashes) and int(self.hashes[i]) == hashed:
            slot = int(self.slots[i])
            if self.ids[slot] == value:
                return slot
            i += 1
        return -1

    def keep(self, mask: Bools) -> _Run:
        """The ids where ``mask`` (by slot)."""
        renumber = np.cumsum(mask) - 1
        kept = mask[self.slots]
        return _Run(
            self.hashes[kept], renumber[self.slots[kept]], self.ids.filter(pl.Series(mask)), self.hours[mask]
        )


def _merge(below: _Run, top: _Run) -> _Run:
    """One run of two: ``top``'s hashes go after ``below``'s equal ones (``merge_sorted``), its ids
    after ``below``'s."""
    hashes, slots = merge_sorted(below.hashes, top.hashes, below.slots, top.slots + len(below.ids))
    ids = pl.concat([below.ids, top.ids], rechunk=True)
    return _Run(hashes, slots, ids, np.concatenate([below.hours, top.hours]))


class RecordIds:
    """The ids of one kind seen within the retention, each with the hour of its last record."""

    def __init__(self) -> None:
        self._runs: list[_Run] = []

    @classmethod
    def of(cls, ids: pl.Series, hours: I64) -> RecordIds:
        """From distinct ids and their hours."""
        out = cls()
        if len(ids):
            out._runs = [_Run.of(ids.cast(pl.String), np.asarray(hours, dtype=np.int64))]
        return out

    @classmethod
    def from_dict(cls, seen: Mapping[str, int]) -> RecordIds:
        """From the dict of id → hour earlier checkpoints kept."""
        return cls.of(pl.Series(list(seen), dtype=pl.String), np.fromiter(seen.values(), np.int64, len(seen)))

    def __len__(self) -> int:
        return sum(len(r) for r in self._runs)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        return bool(self._find(pl.Series([value], dtype=pl.String))[2][0] >= 0)

    @staticmethod
    def prepare(ids: pl.Series) -> Prepared:
        """The hashes of ``ids`` ascending and the row of each: what ``observe`` looks up, a pure
        function of the ids, so ``watch`` works it out in the thread that reads the next file."""
        hashed = _hashes(ids.cast(pl.String))
        order = np.argsort(hashed)
        return hashed[order], order

    def _find(self, ids: pl.Series, prepared: Prepared | None = None) -> tuple[U64, I64, I64, I64]:
        """The hashes of ``ids`` ascending, the row of each, and the run and position of each
        (-1, -1: not seen), in that order (``prepared``: the first two, from ``prepare``)."""
        hashed, order = self.prepare(ids) if prepared is None else prepared
        run = np.full(len(ids), -1, dtype=np.int64)
        pos = np.full(len(ids), -1, dtype=np.int64)
        for r, table in enumerate(self._runs):
            left = np.flatnonzero(run < 0) if r else np.arange(len(ids))
            if not len(left):
                break
            at = table.find(hashed[left], ids, order[left])
            hit = at >= 0
            run[left[hit]], pos[left[hit]] = r, at[hit]
        return hashed, order, run, pos

    def observe(self, ids: pl.Series, hours: I64, prepared: Prepared | None = None) -> Bools:
        """Which of ``ids`` were seen before this batch; every id of the batch is then kept with the
        hour of its last record in the batch (as ``dict.update`` over the rows in order would).
        ``prepared``: ``prepare(ids)``, if already worked out."""
        ids = ids.cast(pl.String)
        hours = np.asarray(hours, dtype=np.int64)
        if prepared is not None and len(prepared[0]) != len(ids):
            raise ValueError("prepared ids of another batch")
        hashed, order, run, pos = self._find(ids, prepared)
        found = run >= 0
        seen = np.zeros(len(ids), dtype=bool)
        seen[order[found]] = True
        if found.any():
            # The last row of each id seen before sets its hour (rows in reverse: unique keeps the
            # first of each).
            rows = np.flatnonzero(seen)[::-1]
            where = np.empty(len(ids), dtype=np.int64)
            where[order] = np.arange(len(ids))
            slot = run[where[rows]] * (1 << 40) + pos[where[rows]]
            _, first = np.unique(slot, return_index=True)
            rows, slot = rows[first], slot[first]
            for r, table in enumerate(self._runs):
                mine = (slot >> 40) == r
                table.hours[slot[mine] & ((1 << 40) - 1)] = hours[rows[mine]]
        fresh = np.flatnonzero(~found)
        if len(fresh):
            ahead = hashed[fresh]
            if (ahead[1:] != ahead[:-1]).all():  # distinct hashes, so distinct ids: sorted already
                new = ~seen
                renumber = np.cumsum(new) - 1
                self._add(_Run(ahead, renumber[order[fresh]], ids.filter(pl.Series(new)), hours[new]))
            else:  # an id twice in the batch (or two sharing a hash): its last row's hour
                rows = np.sort(order[fresh])
                frame = pl.DataFrame({"id": ids.gather(rows), "hour": hours[rows]})
                last = frame.unique("id", keep="last", maintain_order=True)
                self._add(_Run.of(last["id"], last["hour"].to_numpy()))
        return seen

    def _add(self, run: _Run) -> None:
        self._runs.append(run)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            top = self._runs.pop()
            self._runs.append(_merge(self._runs.pop(), top))

    def expire(self, oldest: int) -> None:
        """Forget the ids whose last record is of an hour before ``oldest``."""
        runs = []
        for table in self._runs:
            kept = table.hours >= oldest
            if kept.all():
                runs.append(table)
            elif kept.any():
                runs.append(table.keep(kept))
        self._runs = []
        for table in sorted(runs, key=len, reverse=True):
            self._add(table)

    def frame(self) -> pl.DataFrame:
        """Every id kept (``id``) and the hour of its last record (``hour``)."""
        if not self._runs:
            return pl.DataFrame(schema={"id": pl.String, "hour": pl.Int64})
        return pl.DataFrame(
            {
                "id": pl.concat([r.ids for r in self._runs]),
                "hour": np.concatenate([r.hours for r in self._runs]),
            }
        )

    def __getstate__(self) -> dict[str, object]:
        """The exact ids and hours only (the hashes are the process's own), as one compressed Arrow
        frame: ids repeat their digits, so it is smaller than the dict earlier checkpoints held."""
        return {"seen": Packed(self.frame())}

    def __setstate__(self, state: dict[str, object]) -> None:
        packed = state["seen"]
        assert isinstance(packed, Packed)
        frame = packed.frame()
        self._runs = [_Run.of(frame["id"], frame["hour"].to_numpy())] if frame.height else []
