"""The windowed sums' memory of earlier batches: runs of events, each summed once, searched per event.

A windowed sum at an event of a released batch (``number.sum(out)@1d``) counts the key's events in
``(t - window, t]``: the batch's own and those of earlier batches within the longest window (a day).
The columnar engine used to keep those earlier events as one frame and merge the whole frame with
every batch to take one prefix sum over both: a day of a province's calls touched per batch, so a
batch cost grew with the day's traffic, not with the batch.

Here each batch's events (those with a windowed measure) become a *segment*, in ``(key, t)`` order,
whose per-measure prefix sums are taken once when it is made. A window's sum over a segment is then
the difference of two prefix values found by binary searches of the batch's asked events — the
key's run in the segment, and the window's first event within it — so a batch reads its own events
and ``O(log)`` of each segment per event, never the segments' rows. Segments are merged as a binary
counter carries (the newest with the one before while that is not larger: at most ``log2`` of the
rows many segments, each row merged ``log2`` times over its life), rows older than
the longest window are dropped whenever a segment is merged, and a segment whose newest row is
outside the window is dropped whole.

Every event of a batch is later than every event of the segments before it (the engine releases
whole seconds in order), so segments are disjoint in time, and two are merged by key alone: each of
the newer's rows goes after the older's rows of its key (``sorting.merge_sorted``, a stable merge of
the two runs of keys).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from ringfence.detect.batch import Array, _prefix
from ringfence.sorting import merge_sorted

__all__ = ["Segment", "WindowTail"]

#: A segment's search axis: the key's run in the segment times this, plus seconds since its first
#: event (136 years of seconds; a run index below 2**31 keeps the product in 63 bits).
_SPREAD = 1 << 32


class Segment:
    """One run of events in ``(key, t)`` order (``frame``: ``key``, ``t`` and the measures), with
    what a search needs worked out once: its distinct keys and their runs, the search axis and each
    measure's prefix sums (None where the measure is zero throughout: such a sum is zero)."""

    __slots__ = ("axis", "begin", "end", "frame", "keys", "newest", "prefixes", "t0")

    def __init__(self, frame: pl.DataFrame, measures: Sequence[str]) -> None:
        self.frame = frame
        key, t = frame["key"].to_numpy(), frame["t"].to_numpy()
        n = len(key)
        starts = np.ones(n, dtype=bool)
        starts[1:] = key[1:] != key[:-1]
        self.begin = np.flatnonzero(starts)
        self.end = np.append(self.begin[1:], n)
        self.keys = key[self.begin]
        self.t0 = int(t.min()) if n else 0
        self.newest = int(t.max()) if n else 0
        run = np.cumsum(starts, dtype=np.int64) - 1
        self.axis = run * _SPREAD + (t - self.t0)
        self.prefixes: dict[str, Array | None] = {}
        for m in measures:
            values = frame[m].to_numpy()
            self.prefixes[m] = _prefix(values) if values.any() else None

    @property
    def height(self) -> int:
        return self.frame.height

    def sums(
        self,
        distinct: Array,
        counts: Array,
        t: Array,
        windows: Mapping[int, Sequence[str]],
        out: dict[tuple[int, str], Array],
    ) -> None:
        """Adds to ``out[(window, measure)]`` each event's sum over this segment's rows of its key
        with time in ``(t - window, ...]`` (the events' keys ascending, as ``distinct`` keys each
        repeated ``counts`` times; every row is earlier than the events). Each distinct key is
        searched once; a window is searched only at the events for which it starts inside the
        segment's time span (at the others it holds the key's rows all or none: a day's window most
        of the earlier batches, ten minutes none of them)."""
        if not len(self.keys) or not len(distinct):
            return
        r = np.minimum(np.searchsorted(self.keys, distinct), len(self.keys) - 1)
        hit = self.keys[r] == distinct
        if not hit.any():
            return
        present = np.flatnonzero(np.repeat(hit, counts))
        r = np.repeat(r, counts)[present]
        lo, hi = self.begin[r], self.end[r]
        tq = t[present]
        for window, measures in windows.items():
            wanted = [m for m in measures if self.prefixes.get(m) is not None]
            if not wanted:
                continue
            bound = tq - window  # rows later than it count
            first = np.where(bound < self.t0, lo, hi)
            inside = np.flatnonzero((bound >= self.t0) & (bound < self.newest))
            if len(inside):
                found = np.searchsorted(
                    self.axis, r[inside] * _SPREAD - self.t0 + bound[inside], side="right"
                )
                first[inside] = np.clip(found, lo[inside], hi[inside])
            for m in wanted:
                p = self.prefixes[m]
                assert p is not None
                out[(window, m)][present] += p[hi] - p[first]


class WindowTail:
    """The events within the longest window before the release point, as segments (oldest first)."""

    def __init__(self, schema: Mapping[str, pl.DataType], longest: int) -> None:
        self.schema: dict[str, pl.DataType] = dict(schema)
        self.measures = [c for c in self.schema if c not in ("key", "t")]
        self.longest = longest
        self.segments: list[Segment] = []

    def copy(self) -> WindowTail:
        """A copy that changes apart (segments are never changed, so it shares them)."""
        other = WindowTail(self.schema, self.longest)
        other.segments = list(self.segments)
        return other

    # -- reading ------------------------------------------------------------------------------------
    def sums(
        self, key: Array, t: Array, windows: Mapping[int, Sequence[str]]
    ) -> dict[tuple[int, str], Array]:
        """Per ``(window, measure)``: each event's sum over the tail's rows of its key within the
        window before it (``key`` ascending; ``windows``: the measures summed over each window)."""
        out = {(w, m): np.zeros(len(key), dtype=np.int64) for w, ms in windows.items() for m in ms}
        if not len(key):
            return out
        starts = np.ones(len(key), dtype=bool)
        starts[1:] = key[1:] != key[:-1]
        heads = np.flatnonzero(starts)  # the events' keys as runs: the same for every segment
        counts = np.diff(np.append(heads, len(key)))
        for segment in self.segments:
            segment.sums(key[heads], counts, t, windows, out)
        return out

    def frames(self, released: int | None) -> list[pl.DataFrame]:
        """Each segment's rows a window can still reach from ``released`` on (what a checkpoint
        holds: rows past the window are never written)."""
        if released is None:
            return [s.frame for s in self.segments]
        return [s.frame.filter(pl.col("t") > released - self.longest) for s in self.segments]

    def frame(self, released: int | None) -> pl.DataFrame:
        """The rows a window can still reach from ``released`` on, in ``(key, t)`` order (what the
        state *is*, however it happens to be segmented)."""
        frames = self.frames(released)
        if not frames:
            return pl.DataFrame(schema=self.schema)
        out = pl.concat(frames)
        return out.sort("key", maintain_order=True) if len(frames) > 1 else out

    @property
    def rows(self) -> int:
        return sum(s.height for s in self.segments)

    # -- changing -----------------------------------------------------------------------------------
    def push(self, rows: pl.DataFrame, released: int) -> None:
        """A batch's rows (in ``(key, t)`` order, each later than every row kept) after ``released``
        became the release point: added as a segment, segments the window no longer reaches dropped,
        and the newest merged with the one before while that is not larger (a binary counter)."""
        horizon = released - self.longest  # rows at or before it are outside every window to come
        self.segments = [s for s in self.segments if s.newest > horizon]
        if rows.height:
            self.segments.append(Segment(self._typed(rows), self.measures))
        while len(self.segments) >= 2 and self.segments[-2].height <= self.segments[-1].height:
            newer = self.segments.pop()
            older = self.segments.pop()
            self.segments.append(Segment(_merged(older.frame, newer.frame, horizon), self.measures))

    def without(self, keys: pl.Series, before: int, released: int | None) -> None:
        """Forgets ``keys`` (expired: no event at or after ``before``). Their rows are all before
        ``before``; when that is outside every window to come, no sum can reach them and they are
        left to leave with their segments."""
        if released is not None and before <= released - self.longest + 1:
            return
        gone = keys.unique().implode()
        kept = []
        for s in self.segments:
            frame = s.frame.filter(~pl.col("key").is_in(gone))
            if frame.height:
                kept.append(s if frame.height == s.height else Segment(frame, self.measures))
        self.segments = kept

    def _typed(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select(list(self.schema)).cast(self.schema)  # type: ignore[arg-type]

    def load(self, frames: Sequence[pl.DataFrame]) -> None:
        """Segments from a checkpoint's frames (oldest first, each in ``(key, t)`` order)."""
        self.segments = [Segment(self._typed(f), self.measures) for f in frames if f.height]


def _merged(older: pl.DataFrame, newer: pl.DataFrame, horizon: int) -> pl.DataFrame:
    """Two segments' rows as one in ``(key, t)`` order (``newer``'s all later), without the rows at
    or before ``horizon``: ``sorting.merge_sorted`` puts each of the newer's rows after the older's
    rows of its key (a stable merge), and the rows are gathered in that order."""
    older = older.filter(pl.col("t") > horizon)
    newer = newer.filter(pl.col("t") > horizon)
    if not older.height or not newer.height:
        return newer if not older.height else older
    size = older.height + newer.height
    _, order = merge_sorted(
        older["key"].to_numpy(),
        newer["key"].to_numpy(),
        np.arange(older.height, dtype=np.int64),
        np.arange(older.height, size, dtype=np.int64),
    )
    return pl.concat([older, newer]).gather(order)
