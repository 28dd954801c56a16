"""The batch engine: every feature at every event, vectorised.

Events are sorted so that each key's events are contiguous and in ``(t, seq)`` order. A running sum of
a measure over that order gives every windowed or cumulative sum as a difference of two prefix sums:
the end of the range is the *last* event of the key at the same second (which makes every value
tie-inclusive: all events of a key at the same second see the same value) and its start is the key's
first event or, for a window, the first event after ``t - window`` (a binary search on a combined
key/time axis). ``distinct`` counts first occurrences of (key, value) pairs, found by sorting; ``max``
is a running maximum within the key. This is the shared semantics of ``ringfence.detect.features``.

Keys, counterparts and handsets are the integer codes of ``ringfence.detect.codes`` (much faster to
sort, hash and join than the strings); ``ringfence.detect.columnar`` builds the event frames.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.events import IN, OUT, ROLES, SMS_OUT
from ringfence.detect.features import (
    BASE_FEATURES,
    CROSS_FEATURES,
    FEATURE_NAMES,
    HANDSET_CELLS_CAP,
    MEASURES,
    callback,
    derive_exprs,
    sequential,
    shared_handset,
)
from ringfence.detect.numbering import key_attribute_frame
from ringfence.sorting import positions, sorted_u64

__all__ = [
    "ACTING",
    "ROLE",
    "FirstUses",
    "acting_only",
    "card_age_days",
    "cross_counts",
    "features_at",
    "first_cells",
    "hash_order",
    "mix64",
    "second_uses",
    "settled_handsets",
    "unsettled",
]

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
Array = npt.NDArray[Any]
Bools = npt.NDArray[np.bool_]

ROLE = pl.Enum(list(ROLES))  # sorts in the order of ROLES: a call's events before an SMS's
ACTING = (OUT, SMS_OUT)  # rules are evaluated where a number acts


def acting_only(roles: Collection[str] | None) -> bool:
    """Whether only the events where a number acts are featured (``roles``; None: every event): then
    what a number received before it acts is read by no feature but its received calls answered
    (``detect`` leaves it out of its chunks, ``watch`` folds it in apart)."""
    return roles is not None and set(roles) <= set(ACTING)


def card_age_days(t: pl.Expr, activated: pl.Expr) -> pl.Expr:
    """Days from activation to the event, as Polars computes ``(t - activated) / 86_400`` on a
    column: times the reciprocal. (On a single value it divides, which can differ in the last bit;
    written out, the value no longer depends on how many events a frame or chunk holds.)"""
    return (t - activated).cast(pl.Float64) * (1.0 / 86_400)


# -- index arithmetic on sorted frames --------------------------------------------------------------
def _starts(frame: pl.DataFrame, cols: Sequence[str]) -> Bools:
    """True on the first row of every run of equal ``cols`` values."""
    if frame.height == 0:
        return np.zeros(0, dtype=bool)
    change = pl.lit(False)
    for c in cols:
        change = change | (pl.col(c) != pl.col(c).shift(1)).fill_null(True)
    return frame.select(change.alias("s")).to_series().to_numpy().astype(bool, copy=False)


def _ends(starts: Bools) -> Bools:
    """True on the last row of every run, from the run starts."""
    ends = np.ones(len(starts), dtype=bool)
    ends[:-1] = starts[1:]
    return ends


def _first_index(starts: Bools) -> I64:
    """For every row, the index of the first row of its run."""
    idx = np.arange(len(starts), dtype=np.int64)
    return np.maximum.accumulate(np.where(starts, idx, 0)) if len(idx) else idx


def _first_acting(ev: pl.DataFrame, starts: Bools, sel: I64, run: I64, first: I64) -> I64:
    """For the rows ``sel``, the index of its key's first acting event (a placed call or a sent SMS),
    or of its key's first event (``first``, per selected row) when the key never acts (``run``: the
    key's run of every row). A number is first seen when it first acts: what it received before (a
    stray SMS, a call from a victim) says nothing of when it started."""
    n = ev.height
    if not n:
        return np.zeros(0, dtype=np.int64)
    seg = np.flatnonzero(starts)
    acting = ev["role"].is_in(list(ACTING)).to_numpy()
    per_key = np.minimum.reduceat(np.where(acting, np.arange(n, dtype=np.int64), n), seg)
    per_row = per_key[run[sel]]
    return np.where(per_row < n, per_row, first)


def _last_index(ends: Bools) -> I64:
    """For every row, the index of the last row of its run."""
    n = len(ends)
    idx = np.arange(n, dtype=np.int64)
    if not n:
        return idx
    return np.minimum.accumulate(np.where(ends, idx, n - 1)[::-1])[::-1].copy()


def _prefix(values: Array) -> Array:
    """Prefix sums with a leading 0: sum of rows [a, b) is ``p[b] - p[a]``."""
    dtype = np.float64 if values.dtype.kind == "f" else np.int64
    out = np.zeros(len(values) + 1, dtype=dtype)
    np.cumsum(values, dtype=dtype, out=out[1:])
    return out


def _run_max(values: Array, starts: Bools, run: I64 | None = None) -> Array:
    """Running maximum restarting at every run start (``run``: the run of every row, if known)."""
    if len(values) == 0:
        return values
    if values.dtype.kind in "iub" and values.min() >= 0:
        top = int(values.max())
        if top == 0:
            return np.zeros(len(values), dtype=np.int64)
        # Runs are lifted above each other, so one global running maximum never crosses a run.
        v = values.astype(np.int64)
        lift = (np.cumsum(starts) - 1 if run is None else run) * (top + 1)
        lifted: Array = np.maximum.accumulate(v + lift) - lift
        return lifted
    frame = pl.DataFrame({"v": values, "run": np.cumsum(starts)})
    out: Array = frame.select(pl.col("v").cum_max().over("run")).to_series().to_numpy()
    return out


def mix64(x: U64) -> U64:
    """The splitmix64 finaliser: every output bit depends on every input bit (in NumPy, without
    a round trip through Polars)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def hash_order(hashed: U64) -> tuple[I64, U64]:
    """Positions ordered by the top bits of ``hashed`` and, within equal top bits, by position (and
    those top bits, in that order): rows and hash share one 64-bit word, so that a plain value sort
    (much faster than an argsort) does the work. Equal top bits of different values are the
    caller's to check for."""
    n = len(hashed)
    bits = max(1, (n - 1).bit_length())
    low = np.uint64((1 << bits) - 1)
    packed = sorted_u64((hashed & ~low) | np.arange(n, dtype=np.uint64))
    return (packed & low).astype(np.int64), packed >> np.uint64(bits)


class _Pairs:
    """The rows of a frame grouped by (key, value) pair: ``rows`` (those with a value) ordered so
    that each pair's rows are together, and where each pair's group starts. Order *within* a group
    is arbitrary: callers reduce groups with minima over row numbers (= event order).

    Rows are ordered by a 64-bit hash of the pair (``hash_order``); a hash prefix shared by two
    different pairs would merge their groups, so it is checked for, and the exact two-column sort
    used then.
    """

    def __init__(self, run: I64, values: pl.Series) -> None:
        """``run``: the key's run of every row; ``values``: integers (the codes of
        ``ringfence.detect.codes``), null where a row has none."""
        assert values.dtype.is_integer(), values.dtype
        present = values.is_not_null()
        rows = np.flatnonzero(present.to_numpy())
        r, v = run[rows], values.filter(present).to_numpy()
        self.n = len(rows)
        # A run with one value (a number's one handset) is one group as its rows stand: when most
        # rows are in such runs, only the others are hashed and sorted (else setting them apart
        # costs more than it saves: a number's counterparts are mostly several).
        single = _single_valued(r, v)
        if single is None or 2 * np.count_nonzero(single) < len(single):
            order, new = _grouped(r, v)
            self.rows, self.seg = rows[order], np.flatnonzero(new)
            return
        alone, several = np.flatnonzero(single), np.flatnonzero(~single)
        starts = np.ones(len(alone), dtype=bool)
        starts[1:] = r[alone][1:] != r[alone][:-1]
        order, new = _grouped(r[several], v[several])
        self.rows = rows[np.concatenate([alone, several[order]])]
        self.seg = np.concatenate([np.flatnonzero(starts), np.flatnonzero(new) + len(alone)])

    def first(self, mask: Bools) -> I64:
        """Per pair, the first row (in frame order) where ``mask`` holds, if any."""
        if not self.n:
            return np.zeros(0, dtype=np.int64)
        big = np.iinfo(np.int64).max
        first = np.minimum.reduceat(np.where(mask[self.rows], self.rows, big), self.seg)
        return first[first < big]

    def broadcast(self, per_pair: Array) -> Array:
        """A value per pair, repeated for each of its rows (in ``rows`` order)."""
        return np.repeat(per_pair, np.diff(np.append(self.seg, self.n)))


def _single_valued(r: I64, v: Array) -> Bools | None:
    """Which rows belong to a run holding one value, when ``r`` (each row's run) is in run order and
    some runs do; None otherwise."""
    if not len(r) or (r[1:] < r[:-1]).any():
        return None
    starts = np.flatnonzero(np.concatenate(([True], r[1:] != r[:-1])))
    one = np.minimum.reduceat(v, starts) == np.maximum.reduceat(v, starts)
    if not one.any():
        return None
    return np.repeat(one, np.diff(np.append(starts, len(r))))


def _grouped(r: I64, v: Array) -> tuple[I64, Bools]:
    """An order of the rows that puts each (``r``, ``v``) pair's rows together, and where each
    pair's group starts in it (by a hash of the pair; the exact sort on a collision)."""
    if not len(r):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    order, h = hash_order(mix64(mix64(r.astype(np.uint64)) ^ v.astype(np.uint64)))
    new = np.ones(len(order), dtype=bool)
    new[1:] = h[1:] != h[:-1]
    # Rows sharing a hash must share the pair; if not (a collision), sort by the pairs themselves.
    if not new.all() and not _grouped_exactly(r, v, order, new):
        order = np.lexsort((v, r))
        ro, vo = r[order], v[order]
        new[1:] = (ro[1:] != ro[:-1]) | (vo[1:] != vo[:-1])
    return order, new


def _grouped_exactly(r: I64, v: Array, order: I64, new: Bools) -> bool:
    """Whether each group of ``order`` (starting where ``new``) holds one pair: each row the same
    pair as the row before it, unless it starts a group."""
    ro, vo = r[order], v[order]
    return bool((((ro[1:] == ro[:-1]) & (vo[1:] == vo[:-1])) | new[1:]).all())


# -- per-event measures that need state --------------------------------------------------------------
def _sequential(ev: pl.DataFrame, starts: Bools) -> Bools:
    """``features.sequential`` at every placed call: its callee (``other_val`` / ``other_len``)
    against the key's previous placed call's."""
    placed = (ev["role"] == OUT).to_numpy()
    rows = np.flatnonzero(placed)
    out = np.zeros(ev.height, dtype=bool)
    if not len(rows):
        return out
    run = np.cumsum(starts)[rows]
    sub = ev.select("other_val", "other_len")[rows].with_columns(pl.Series("_run", run))
    value, length = pl.col("other_val"), pl.col("other_len")
    same_key = pl.col("_run") == pl.col("_run").shift(1)
    hit = same_key & sequential(value, length, value.shift(1), length.shift(1))
    out[rows] = sub.select(hit.fill_null(False)).to_series().to_numpy()
    return out


def _callbacks(pairs: _Pairs, placed: Bools, received: Bools, t: I64) -> Bools:
    """``features.callback``: the first call from Y to X (by ``(t, seq)``) that calls back X's first
    call to Y (``pairs``: (X, Y))."""
    out = np.zeros(len(t), dtype=bool)
    if not pairs.n:
        return out
    big = np.iinfo(np.int64).max
    rows, t_rows = pairs.rows, t[pairs.rows]
    first_out = np.minimum.reduceat(np.where(placed[rows], t_rows, big), pairs.seg)
    after = received[rows] & callback(t_rows, pairs.broadcast(first_out))
    first = np.minimum.reduceat(np.where(after, rows, big), pairs.seg)
    out[first[first < big]] = True
    return out


# -- cross-key features -------------------------------------------------------------------------------
_LOW = np.uint64(32)
_LOW_MASK = np.uint64((1 << 32) - 1)


def _by_group_and_time(pairs: pl.DataFrame, t_min: int) -> tuple[U64, I64]:
    """``pairs``' ``group`` codes and ``first`` times (as seconds after ``t_min``), sorted by both.
    Packed into one 64-bit value each (a code in the high half, the time in the low) and sorted as
    numbers (``sorted_u64``) where both fit in 32 bits, which they do for codes of one process's
    ``Codes`` and any span of event time under 136 years: a Polars sort by the two columns took 30 ms
    a call at 250k pairs (on one thread), four-fifths of ``FirstUses``' cost in ``watch`` at 10M
    calls. Otherwise (a code past 32 bits, a time before ``t_min``) the two columns are sorted."""
    group = pairs["group"].cast(pl.UInt64).to_numpy()
    offset = pairs["first"].to_numpy().astype(np.int64, copy=False) - t_min
    if not len(group) or int(group.max()) >> 32 or int(offset.min()) < 0 or int(offset.max()) >> 32:
        table = pairs.select("group", "first").sort("group", "first")
        return table["group"].cast(pl.UInt64).to_numpy(), table["first"].to_numpy() - t_min
    packed = sorted_u64((group << _LOW) | offset.astype(np.uint64))
    return packed >> _LOW, (packed & _LOW_MASK).astype(np.int64)


class FirstUses:
    """How many different keys had used a group (a handset, a cell) by a given second, that second
    included: built from the first time of every (group, key) pair, asked for (group, t) at once."""

    def __init__(self, pairs: pl.DataFrame, t_min: int, t_max: int) -> None:
        """``pairs``: distinct (``group``, ``key``) with ``first`` (epoch seconds within
        ``[t_min, t_max]``)."""
        self.spread = t_max - t_min + 1
        self.t_min = t_min
        group, offset = _by_group_and_time(pairs, t_min)
        starts = np.ones(len(group), dtype=bool)
        starts[1:] = group[1:] != group[:-1]
        #: the distinct groups, ascending: a group's rank is found by ``positions``
        self.groups = group[starts]
        rank = np.cumsum(starts) - 1
        self.axis = rank * self.spread + offset
        self.group_start = np.flatnonzero(starts)
        self.sizes = np.diff(np.append(self.group_start, len(self.axis)))

    #: Groups of up to this many keys are counted by comparing each key's first use in turn
    SCAN = 16

    def count(self, groups: pl.Series, t: I64) -> I64:
        """For every (group, t) asked (the group had a use by then): the number of keys."""
        out = np.zeros(len(t), dtype=np.int64)
        rank = positions(self.groups, groups.to_numpy())
        asked = rank >= 0
        r = rank[asked]
        q = r * self.spread + (t[asked] - self.t_min)
        # A group one key ever used (most handsets) needs no search: that key by then, or none.
        start = self.group_start[r]
        counts = (self.axis[start] <= q).astype(np.int64)
        size = self.sizes[r]
        several = np.flatnonzero(size > 1)
        # A small group (a handset's first cells) is read in place, where a binary search of the
        # whole axis misses the cache at every step: all its keys by then (a group's last first use
        # is the most often passed), else a key at a time while they are.
        few = several[size[several] <= self.SCAN]
        if len(few):
            last = start[few] + size[few] - 1
            every = self.axis[last] <= q[few]
            counts[few[every]] = size[few[every]]
            rows = few[~every & (counts[few] > 0)]
            for j in range(1, self.SCAN):
                if not len(rows):
                    break
                passed = self.axis[start[rows] + j] <= q[rows]  # j < size - 1: the last is not passed
                counts[rows[passed]] += 1
                rows = rows[passed & (size[rows] > j + 1)]
        many = several[size[several] > self.SCAN]
        counts[many] = np.searchsorted(self.axis, q[many], side="right") - start[many]
        out[asked] = counts
        return out


def first_cells(pairs: pl.DataFrame, handset: str, cell: str) -> pl.DataFrame:
    """Of distinct (handset, cell) pairs with their ``first`` use, each handset's
    ``HANDSET_CELLS_CAP`` cells of the earliest first uses (ties by cell), in (handset, first use,
    cell) order whoever replays them: every ``handset.cells`` count, which stops there, reads only
    these, so the engines keep no more (a phone on the move passes through many)."""
    return pairs.sort(handset, "first", cell).group_by(handset, maintain_order=True).head(HANDSET_CELLS_CAP)


def settled_handsets(pairs: pl.DataFrame, handset: str) -> pl.DataFrame:
    """Of pairs cut by ``first_cells``, the handsets with all their cells (``handset``) and the latest
    first use among them (``_last``): a use of one at or after it changes none of its counts."""
    return (
        pairs.group_by(handset)
        .agg(pl.len().alias("_n"), pl.col("first").max().alias("_last"))
        .filter(pl.col("_n") >= HANDSET_CELLS_CAP)
        .select(handset, "_last")
    )


def unsettled(uses: pl.DataFrame, settled: pl.DataFrame, handset: str, t: str) -> pl.DataFrame:
    """The ``uses`` (a handset in a cell at ``t``) that can still change a handset's first cells:
    all of a handset not in ``settled`` (``settled_handsets``), and of one there only those before the
    latest first use of its cells (a late record)."""
    if not settled.height:
        return uses
    return (
        uses.join(settled, on=handset, how="left")
        .filter(pl.col("_last").is_null() | (pl.col(t) < pl.col("_last")))
        .select(uses.columns)
    )


def second_uses(pairs: pl.DataFrame) -> pl.DataFrame:
    """The (``group``, ``key``) pairs of ``pairs`` used twice or more, with their ``second`` use as
    ``first``: ``FirstUses`` of these counts the keys that had used a group twice by a second."""
    return pairs.filter(pl.col("second").is_not_null()).select(
        "group", "key", pl.col("second").alias("first")
    )


def cross_counts(
    placed: pl.DataFrame,
    handsets: FirstUses,
    cells: FirstUses,
    repeats: FirstUses,
    places: FirstUses,
    holders: FirstUses,
) -> pl.DataFrame:
    """Numbers per handset, new cards per cell, numbers that used a handset twice, its cells and its
    numbers' holders, seen at placed calls (``key``, ``t``, ``imei``, ``cell``, ``new_card``,
    ``handset_use``): ``handset.numbers``, ``cell.new_cards``, ``handset.repeat_numbers``,
    ``handset.cells`` and ``handset.holders`` (Int64; 0 where the handset is unknown or the call no
    use of it (``features.handset_use``), or the card is not new or the cell unknown). ``repeats`` is
    built from the second use of every (handset, number) pair, ``holders`` from the first use of every
    (handset, holder)."""
    t = placed["t"].to_numpy()
    out = {}
    for name, group, mask, uses in (
        ("handset.numbers", "imei", placed["imei"].is_not_null() & placed["handset_use"], handsets),
        ("cell.new_cards", "cell", placed["cell"].is_not_null() & placed["new_card"].fill_null(False), cells),
        ("handset.repeat_numbers", "imei", placed["imei"].is_not_null() & placed["handset_use"], repeats),
        ("handset.cells", "imei", placed["imei"].is_not_null() & placed["handset_use"], places),
        ("handset.holders", "imei", placed["imei"].is_not_null() & placed["handset_use"], holders),
    ):
        values = np.zeros(placed.height, dtype=np.int64)
        rows = np.flatnonzero(mask.to_numpy())
        if len(rows):  # a handset's cells are its first ``HANDSET_CELLS_CAP`` (``first_cells``)
            values[rows] = uses.count(placed[group].gather(rows), t[rows])
        out[name] = pl.Series(name, values, dtype=pl.Int64)
    return pl.DataFrame(out)


# -- every feature -------------------------------------------------------------------------------------
def features_at(
    ev: pl.DataFrame,
    rows: npt.NDArray[np.int64] | None = None,
    numbers: Callable[[pl.Series], pl.Series] | None = None,
) -> pl.DataFrame:
    """Every declared feature at ``rows`` of an event frame (all rows when None).

    ``ev`` holds each key's events together, in ``(t, seq)`` order, with the columns ``key``, ``t``,
    ``role``, ``other``, ``other_val`` / ``other_len`` (the counterpart as an integer and its length,
    for sequential dialling), ``duration``, ``origin``, ``imei``, ``cell``, ``off_site``, ``card_age_days``,
    ``holder_cards``, ``local_hour``, ``handset.numbers`` and
    ``cell.new_cards`` (and, when given, ``known`` and
    ``tied``: booleans of ``ringfence.detect.acquaintance``; ``bridged`` and ``bridged_intl``: of
    ``ringfence.detect.bridges``, which needs the calls of other keys). ``numbers`` turns keys into number
    strings (identity when keys are strings). Returns the feature columns (``FEATURE_NAMES``) and
    ``first_t`` (the time the key first acted), one row per selected row.
    """
    n = ev.height
    sel = np.arange(n, dtype=np.int64) if rows is None else rows
    starts = _starts(ev, ["key"])
    first = _first_index(starts)[sel]
    t = ev["t"].to_numpy()
    second = starts.copy()  # runs of one key at one second
    second[1:] |= t[1:] != t[:-1]
    last = _last_index(_ends(second))[sel]

    measures: dict[str, Array] = {}
    exprs = [m.expr.alias(name) for name, m in MEASURES.items() if m.expr is not None]
    for s in ev.select(exprs):
        measures[s.name] = s.fill_null(0).to_numpy()  # bool or numbers: summed in 64 bits
    run = np.cumsum(starts) - 1
    role = ev["role"]
    placed, received = (role == OUT).to_numpy(), (role == IN).to_numpy()
    pairs = {"other": _Pairs(run, ev["other"])}
    measures["sequential"] = _sequential(ev, starts)
    measures["callback"] = _callbacks(pairs["other"], placed, received, t)
    measures["shared_handset"] = placed & shared_handset(ev["handset.numbers"].fill_null(0).to_numpy())
    # Per placed call, from ``detect.acquaintance`` and ``detect.bridges`` (absent: none).
    for name in ("known", "tied", "bridged", "bridged_intl"):
        flags = ev[name].fill_null(False).to_numpy() if name in ev.columns else np.zeros(n, dtype=bool)
        measures[name] = flags & placed

    # Windows: the first row of the key after t - window, by binary search on a key/time axis
    # (searched only for a window that some non-zero measure is summed over).
    windows = sorted({f.window for f in BASE_FEATURES if f.window is not None})
    window_start: dict[int, I64] = {}
    axis = np.zeros(0, dtype=np.int64)
    if windows:
        t0 = int(t.min()) if n else 0
        spread = (int(t.max()) if n else 0) - t0 + max(windows) + 1
        axis = run * spread + (t - t0)

    def since(w: int) -> I64:
        if w not in window_start:
            found = np.searchsorted(axis, axis[sel] - w, side="right").astype(np.int64)
            window_start[w] = np.maximum(found, first)
        return window_start[w]

    # Sums: prefix sums of all summed measures at once (rows x measures), read at the end of each
    # row's range and at its start. A measure that is zero at every event sums to zero everywhere
    # (SMS in a run without messages, calls from abroad in a domestic one).
    cols: dict[str, pl.Series] = {}
    end = last + 1
    prefix: tuple[str, Array, Array] = ("", np.zeros(0), np.zeros(0))  # a measure's prefix sums
    for f in sorted(BASE_FEATURES, key=lambda f: f.measure):
        m = measures[f.measure]
        if f.agg in ("sum", "distinct") and not m.any():
            value = np.zeros(len(sel), dtype=np.int64)
        elif f.agg == "sum":
            if prefix[0] != f.measure:
                p = _prefix(m)
                prefix = (f.measure, p, p[end])
            _, p, at_end = prefix
            begin = first if f.window is None else since(f.window)
            value = at_end - p[begin]
        elif f.agg == "max":
            value = _run_max(m, starts, run)[last]
        elif f.agg == "distinct":
            assert f.value is not None
            if f.value not in pairs:
                pairs[f.value] = _Pairs(run, ev[f.value])
            # Pairs first seen within the range: a running count of first sightings.
            seen = np.zeros(n, dtype=np.int64)
            seen[pairs[f.value].first(m > 0)] = 1
            p = _prefix(seen)
            value = p[end] - p[first]
        else:  # pragma: no cover - declarations are validated by tests
            raise ValueError(f.agg)
        cols[f.name] = pl.Series(f.name, value.astype(np.float64))
    del prefix
    cols = {f.name: cols[f.name] for f in BASE_FEATURES}
    for name in CROSS_FEATURES:
        per_event = ev[name].fill_null(0).to_numpy()
        cols[name] = pl.Series(name, per_event[sel], dtype=pl.Int64)
        cols[f"number.max({name})@all"] = pl.Series(
            f"number.max({name})@all", _run_max(per_event, starts, run)[last], dtype=pl.Float64
        )
    cols["number.card_age_days"] = ev["card_age_days"].gather(sel).alias("number.card_age_days")
    cols["number.holder_cards"] = ev["holder_cards"].gather(sel).cast(pl.Float64).alias("number.holder_cards")
    keys = ev["key"].gather(sel)
    first_t = pl.Series("first_t", t[_first_acting(ev, starts, sel, run, first)], dtype=pl.Int64)
    out = pl.DataFrame(cols).with_columns(keys.alias("key"), first_t)
    distinct_keys = keys.unique()
    attrs = key_attribute_frame(distinct_keys, numbers(distinct_keys) if numbers else distinct_keys)
    out = out.join(attrs, on="key", how="left", maintain_order="left")
    out = out.with_columns(derive_exprs())
    return out.select(*FEATURE_NAMES, "first_t")
