"""The columnar incremental engine: ``ringfence watch``'s features, a released batch at a time.

The streaming engine (``detect/stream.py``) keeps every number's state as Python objects and updates
it event by event; this one keeps the same state as a few Polars frames and computes the features of
every event released together (all seconds before the release point) with vectorised operations, as
the batch engine does over a whole run (``detect/batch.py``, whose index helpers it reuses). Events
are released in event time exactly as before: a second once no on-time record can still arrive for
it, in ``(key, t, seq, role)`` order, so every event of a key at one second sees the same values.

What a batch needs from the events before it, per key (``_keys``, one row per active number; where
only acting events are featured, as in ``watch``, a number that has not acted yet has only its last
event and received calls answered, in ``_listeners``, until it does: ``ColumnarFeatures._quiet``):

* all-time sums, maxima and distinct counts: the values at the key's last event so far — the value
  at an event of the batch is the carried value plus the batch's own prefix up to that second;
* windowed sums (10 min, 1 h, 1 day): the events within the longest window (``_tail``, a
  ``WindowTail``: time and the four windowed measures, in segments of earlier batches each in
  ``(key, t)`` order with its prefix sums): the value at an event is the batch's own prefix sum plus
  each segment's, found by binary searches — a batch never reads the day's rows;
* distinct counts: the (key, value) pairs sighted (``_seen``, one frame per feature; counterparts
  called are the pairs of calls below): a pair of the batch counts where it is first sighted in the
  batch and was not sighted before;
* sequential dialling: the callee of the key's last placed call (``last_callee``);
* callbacks and acquaintance: the first placed call of every (caller, callee) pair (``_pairs``) and
  the pairs whose callee has called back (``_called``), both only appended to: the first calls are
  also all ``acquaintance_from`` reads of calls, so it runs over them and the batch's calls and
  gives the batch engine's answer;
* numbers per handset, new cards per cell: the first and last use of every (handset, number) and
  (cell, new card) pair (``_handsets``, ``_cells``), counted with the batch engine's ``FirstUses``;
  a handset's cells and its numbers' holders: the first use of each (``_places``, ``_owners``).

Numbers, counterparts, handsets and cells are ``detect``'s exact integer codes (``detect/codes.py``)
inside the engine, decoded only on the way out. A batch reads only the carried rows of its own keys
(``is_in`` filters: a hash set of the batch's values probed by the carried rows). The pairs of calls,
callbacks and sightings, the largest frames, are looked up through an index of each
(``detect/pair_index.py``:
sorted runs of their hashes, a binary search per pair of the batch), not pickled and built again
from the frame after a load (an expiry only filters it). Frames and indexes are never changed in
place (a batch replaces them), so a ``fork`` shares them, and a checkpoint pickles a handful of
LZ4-compressed Arrow frames (``Packed``), not an object per number.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import polars as pl

from ringfence.detect.acquaintance import acquaintance_from
from ringfence.detect.batch import (
    ACTING,
    ROLE,
    Array,
    FirstUses,
    _ends,
    _first_index,
    _last_index,
    _Pairs,
    _prefix,
    _run_max,
    _starts,
    acting_only,
    first_cells,
    second_uses,
    settled_handsets,
    unsettled,
)
from ringfence.detect.bridges import REACH_SCHEMA, bridged_calls
from ringfence.detect.codes import Codes
from ringfence.detect.events import IN, OUT
from ringfence.detect.features import (
    BASE_FEATURES,
    BRIDGE_MIN_S,
    BRIDGE_WINDOW_S,
    CROSS_FEATURES,
    FEATURE_NAMES,
    MEASURES,
    NEW_CARD_DAYS,
    Feature,
    callback,
    derive_exprs,
    sequential,
    shared_handset,
)
from ringfence.detect.numbering import key_attribute_frame
from ringfence.detect.pair_index import PairIndex
from ringfence.detect.window_tail import WindowTail
from ringfence.ingest.validate import code_column
from ringfence.sorting import sorted_u64

__all__ = ["INPUT_SCHEMA", "ColumnarFeatures"]

#: The events pushed (``IncrementalDetection._facts``'s frame).
INPUT_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.String(),
    "t": pl.Int64(),
    "seq": pl.String(),
    "role": pl.String(),
    "other": pl.String(),
    "duration": pl.Int64(),
    "origin": pl.String(),
    "imei": pl.String(),
    "cell": pl.String(),
    "off_site": pl.Boolean(),
    "fraud_text": pl.Boolean(),
    "card_age_days": pl.Float64(),
    "local_hour": pl.Int64(),
    "holder_cards": pl.Int64(),
    "day": pl.Int64(),
    "holder": pl.String(),  # ``holders.holder_of`` (null: the number is its own holder)
}

#: Columns held as exact integer codes (``detect/codes.py``, as ``detect`` does): sorting, joining and
#: filtering them is several times cheaper than strings, and they pickle smaller.
_CODED = ("key", "other", "imei", "cell", "holder")
_BUFFER_SCHEMA: dict[str, pl.DataType] = INPUT_SCHEMA | {c: pl.UInt64() for c in _CODED}
_PREVIOUS_SCHEMA: dict[str, pl.DataType] = {"key": pl.UInt64(), "previous": pl.UInt64()}

_WINDOWED = [f for f in BASE_FEATURES if f.agg == "sum" and f.window is not None]
_WINDOW_MEASURES = sorted({f.measure for f in _WINDOWED})
_LONGEST = max(f.window or 0 for f in _WINDOWED)
#: The measures summed over each window (the tail answers them all in one search per window).
_WINDOWS: dict[int, list[str]] = {}
for _f in _WINDOWED:
    assert _f.window is not None
    _WINDOWS.setdefault(_f.window, []).append(_f.measure)
_CARRIED = [f for f in BASE_FEATURES if f.window is None]  # all-time sums, maxima, distinct counts
#: The measures an event where its number does not act can make nonzero: a received call answered.
#: (A received call is a callback only after the number's first call out to the caller; every other
#: measure is of a call placed or an SMS sent. ``tests/detect/test_columnar_stream.py`` holds the
#: declared measures to this.) So the events of a number that has not acted change nothing of its
#: state but these all-time sums and its last event (``ColumnarFeatures._quiet``).
QUIET_MEASURES = ("in_answered",)
_QUIET = [f for f in _CARRIED if f.measure in QUIET_MEASURES]
assert all(f.agg == "sum" for f in _QUIET)
assert not {f.measure for f in _WINDOWED} & set(QUIET_MEASURES)
#: A number that has not acted: all it has (every other carried value is zero).
_LISTENERS_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.UInt64(),
    "last_t": pl.Int64(),
    **{f.name: pl.Float64() for f in _QUIET},
}
#: The columns the fold reads.
_QUIET_READS = sorted(
    {"key", "t"} | {c for f in _QUIET for c in MEASURES[f.measure].expr.meta.root_names()}  # type: ignore[union-attr]
)
_CROSS_MAX = {name: f"number.max({name})@all" for name in CROSS_FEATURES}
_SIMPLE = {name: m.expr for name, m in MEASURES.items() if m.expr is not None}

#: The carried feature values of a key, in the order ``_process`` reads them.
_CARRIED_NAMES = [f.name for f in _CARRIED] + list(_CROSS_MAX.values())
_KEYS_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.UInt64(),
    "last_t": pl.Int64(),  # the key's latest event (idle keys expire by it)
    "first_act": pl.Int64(),  # when it first acted (null: not yet, or not since its verdict was reset)
    "last_act": pl.Int64(),  # when it last acted
    "last_callee": pl.UInt64(),
    **{f.name: pl.Float64() for f in _CARRIED},
    **{name: pl.Float64() for name in _CROSS_MAX.values()},
}
_TAIL_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.UInt64(),
    "t": pl.Int64(),
    **{m: pl.Int64() for m in _WINDOW_MEASURES},
}
_PAIRS_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.UInt64(),
    "other": pl.UInt64(),
    "first_out": pl.Int64(),
}
_CALLED_SCHEMA: dict[str, pl.DataType] = {"key": pl.UInt64(), "other": pl.UInt64()}
#: An append-only frame is rechunked once it has this many chunks (one per batch that added rows).
_MAX_CHUNKS = 64
_USES_SCHEMA: dict[str, pl.DataType] = {
    "group": pl.UInt64(),
    "key": pl.UInt64(),
    "first": pl.Int64(),
    "last": pl.Int64(),
}
#: A handset's uses also keep each number's second use (``handset.repeat_numbers``; null: used once).
_HANDSET_USES_SCHEMA: dict[str, pl.DataType] = _USES_SCHEMA | {"second": pl.Int64()}
#: The cells (``key``) of each handset (``group``) and the first use of each: a handset's cells go
#: with the handset (``expire``), so no last use is kept (a state kept before stop 48 has one: dropped).
_PLACES_SCHEMA: dict[str, pl.DataType] = {"group": pl.UInt64(), "key": pl.UInt64(), "first": pl.Int64()}
#: The holders (``key``) of each handset's (``group``) numbers and the first use by each: they go with
#: the handset too.
_OWNERS_SCHEMA = _PLACES_SCHEMA
#: Answered calls received long enough to be bridged (``features.bridged``), kept a minute of event
#: time past the release point: the calls a placed call of a later batch can still bridge. Taken
#: before the quiet numbers' events are set aside (a relay's first received call comes before it acts).
_INBOUND_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.UInt64(),
    "t": pl.Int64(),
    "duration": pl.Int64(),
    "intl": pl.Boolean(),
    "other": pl.UInt64(),  # the caller: the relays' reach is its (``_reach``, ``bridges.REACH_SCHEMA``)
}
_SEEN_SCHEMA: dict[str, pl.DataType] = {"key": pl.UInt64(), "value": pl.UInt64()}
#: Distinct counterparts called: the pairs sighted are the pairs of calls (``_pairs``), kept once.
_PAIRED = next(f.name for f in BASE_FEATURES if (f.agg, f.measure, f.value) == ("distinct", OUT, "other"))


T = TypeVar("T")


def _shallow(obj: T) -> T:
    """A shallow copy that shares every attribute (``copy.copy`` would go through ``__getstate__``,
    which packs the frames for a checkpoint)."""
    other = object.__new__(type(obj))
    other.__dict__.update(obj.__dict__)
    return other


class Packed:
    """A frame as a checkpoint holds it: Arrow IPC compressed with LZ4 (numbers, counterparts and
    handsets repeat across rows and frames: about a third of the bytes, for a few milliseconds per
    megabyte)."""

    __slots__ = ("data",)

    def __init__(self, frame: pl.DataFrame) -> None:
        buffer = io.BytesIO()
        frame.write_ipc(buffer, compression="lz4")
        self.data = buffer.getvalue()

    def __getstate__(self) -> bytes:
        return self.data

    def __setstate__(self, data: bytes) -> None:
        self.data = data

    def frame(self) -> pl.DataFrame:
        return pl.read_ipc(io.BytesIO(self.data))


def _empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def _near(column: str, values: pl.Series) -> pl.Expr:
    """Rows whose ``column`` is one of ``values`` (as a filter): a hash set of the batch's few values
    probed by the carried rows, much cheaper than a join that hashes the whole carried frame."""
    return pl.col(column).is_in(values.unique().implode())


def _narrow(table: pl.DataFrame, column: str, values: pl.Series) -> pl.DataFrame:
    """The rows of ``table`` a batch can touch (``column`` among the batch's ``values``)."""
    return table.filter(_near(column, values))


def _append(table: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """``table`` with ``rows`` after its rows (a chunk per call; rechunked once there are many)."""
    if not rows.height:
        return table
    out = pl.concat([table, rows.select(table.columns).cast(table.schema)], rechunk=False)
    return out.rechunk() if out.n_chunks() > _MAX_CHUNKS else out


def _upsert(table: pl.DataFrame, rows: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """``table`` with ``rows`` replacing the rows of the same ``on`` values (added if new)."""
    if not rows.height:
        return table
    near = _near(on[0], rows[on[0]])
    if len(on) == 1:
        kept = table.filter(~near)
    else:  # only the rows of the batch's first-column values are joined
        hit = table.filter(near)
        kept = pl.concat([table.filter(~near), hit.join(rows.select(on), on=on, how="anti")], rechunk=False)
    return pl.concat([kept, rows.select(table.columns).cast(table.schema)], rechunk=False)


def _index_of(table: pl.DataFrame, index: PairIndex | None, other: str) -> PairIndex:
    """``index`` if it is ``table``'s, else ``table`` indexed by (``key``, ``other``) anew (a new
    engine, one loaded from a checkpoint: indexes are never pickled)."""
    return index if index is not None and index.table is table else PairIndex.of(table, "key", other)


def _without(
    table: pl.DataFrame, index: PairIndex | None, keys: pl.Series
) -> tuple[pl.DataFrame, PairIndex | None]:
    """``table`` without the rows of ``keys`` (an expiry), and its index with them (None if it was
    not ``table``'s). Filtered, as an anti join would, so the index keeps its hashes and only
    renumbers its rows."""
    kept = ~table.select(_near("key", keys)).to_series().to_numpy()
    out = table.filter(pl.Series(kept))
    if index is None or index.table is not table:
        return out, None
    return out, index.kept(kept, out)


_ASIDE: dict[str, ThreadPoolExecutor] = {}


def _used(pairs: pl.DataFrame, uses: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (``group``, ``key`` with their ``first`` and ``last`` use, and ``second`` where
    the frame keeps it), then the pairs new in ``uses`` (``group``, ``key``, ``t``), brought up to date
    with ``uses``, in that order. ``uses`` is a released batch's, in ``(key, t)`` order, so a pair's
    uses in it are in time order and all later than its uses in ``pairs``: a pair's first two rows
    are its first two uses in the batch, and one already kept keeps its first use (and its second,
    or takes the batch's first as its second). This replaced a group-by of the kept rows with the
    batch's rows and a sort per pair for the second use (``watch`` at 10M calls −3 %, one pair of runs)."""
    times = [pl.col("t").first().alias("first"), pl.col("t").last().alias("last")]
    twice = "second" in pairs.columns
    if twice:
        times.append(pl.col("t").get(1, null_on_oob=True).alias("second"))
    batch = uses.group_by("group", "key", maintain_order=True).agg(times).cast(pairs.schema)
    kept = pairs.join(
        batch.select("group", "key", pl.col("first").alias("_first"), pl.col("last").alias("_last")),
        on=["group", "key"],
        how="left",
        maintain_order="left",
    )
    updated = [pl.coalesce("_last", "last").alias("last")]  # a kept pair keeps its first use
    if twice:
        updated.append(pl.coalesce("second", "_first").alias("second"))
    kept = kept.with_columns(updated).select(pairs.columns)
    new = batch.join(pairs.select("group", "key"), on=["group", "key"], how="anti", maintain_order="left")
    return pl.concat([kept, new.select(pairs.columns)])


def _aside(name: str = "aside") -> ThreadPoolExecutor:
    """A thread the engines of a process run a step beside their own in (started on first use; one
    per name: ``aside`` for the sums and the output, ``pairs`` for the callbacks, which touch nothing
    the handsets' and cells' steps do). A single worker each: engines releasing at once take turns
    there, and a step run there never waits for another, so none can deadlock."""
    if name not in _ASIDE:
        _ASIDE[name] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ringfence-{name}")
    return _ASIDE[name]


@dataclass(frozen=True)
class _Spans:
    """Where a batch's events sit in their keys' runs (``_process``), and the same at the events
    ``at`` whose features are worked out: what every all-time feature reads, in either thread."""

    starts: Array  # an event starts its key's run
    run: Array  # the run (key) of each event
    first: Array  # the first event of each event's key
    end: Array  # one past the last event of each event's second
    last: Array  # the last event of each event's second
    at: Array
    run_at: Array = field(init=False)
    first_at: Array = field(init=False)
    end_at: Array = field(init=False)
    last_at: Array = field(init=False)

    def __post_init__(self) -> None:
        for name in ("run", "first", "end", "last"):
            object.__setattr__(self, f"{name}_at", getattr(self, name)[self.at])


def _event_ordered(rows: Array, n: int) -> Array:
    """The order that sorts ``rows`` (distinct rows of a batch of ``n`` events): through a mask of
    the batch rather than a stable sort (a pass over ``n`` booleans against a merge sort)."""
    rank = np.full(n, -1, dtype=np.int64)
    rank[rows] = np.arange(len(rows), dtype=np.int64)
    return rank[rank >= 0]


def _key_time_sorted(tail: pl.DataFrame) -> pl.DataFrame:
    """``tail`` in ``(key, t)`` order, the order the engine keeps it in (``_windowed`` merges by it):
    as it is, or sorted (a checkpoint of an earlier build, which kept the tail in no order; checked
    when a checkpoint is loaded, not on every batch)."""
    key, t = tail["key"].to_numpy(), tail["t"].to_numpy()
    if len(key) < 2:
        return tail
    ordered = (key[1:] > key[:-1]) | ((key[1:] == key[:-1]) & (t[1:] >= t[:-1]))
    return tail if ordered.all() else tail.sort("key", "t", maintain_order=True)


def _event_order(ev: pl.DataFrame) -> pl.DataFrame:
    """``ev`` sorted by ``(key, t, seq, role)``: by the two integers, then only the runs of events of
    one key at one second (few: a number rarely acts twice in a second) by the id text and role.
    Sorting every row by the text as well took twice as long. The frame is made one buffer per
    column first: the buffer holds a chunk per push, and gathering 500k events from five chunks took
    100 ms where rechunking and gathering took 27."""
    ev = ev.rechunk()
    key, t = ev["key"].to_numpy(), ev["t"].to_numpy()
    perm = _packed_order(key, t)
    if perm is None:
        perm = ev.select(pl.arg_sort_by("key", "t", maintain_order=True)).to_series().to_numpy().copy()
    key, t = key[perm], t[perm]
    same = (key[1:] == key[:-1]) & (t[1:] == t[:-1])
    tied = np.zeros(len(perm), dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    if tied.any():
        rows = perm[tied]
        sub = ev.select("key", "t", "seq", "role").gather(rows)
        order = sub.select(pl.arg_sort_by("key", "t", "seq", "role", maintain_order=True)).to_series()
        perm[tied] = rows[order.to_numpy()]
    return ev.gather(perm)


def _packed_order(key: Array, t: Array) -> Array | None:
    """The stable order of rows by ``(key, t)``, from one sort of 64-bit values: each row's key rank,
    time and row number packed into one word (a value sort of 500k words, where a two-column
    argsort compared rows: a third of ``_event_order``'s time). None when the three do not fit in
    64 bits (a batch spanning decades, or billions of rows)."""
    n = len(key)
    if n < 2:
        return None
    # Each key's rank among the batch's distinct keys, ascending: Polars' dense rank (one sort),
    # where the distinct keys sorted and then looked up (a hash of every event) took twice as long.
    rank = pl.Series(values=key, dtype=pl.UInt64).rank("dense").to_numpy().astype(np.uint64) - np.uint64(1)
    t0 = int(t.min())
    key_bits = max(1, int(rank.max()).bit_length())
    time_bits = max(1, (int(t.max()) - t0).bit_length())
    row_bits = max(1, (n - 1).bit_length())
    if key_bits + time_bits + row_bits > 64:
        return None
    since = (t - t0).astype(np.uint64)
    packed = (rank << np.uint64(time_bits + row_bits)) | (since << np.uint64(row_bits))
    packed |= np.arange(n, dtype=np.uint64)
    return (sorted_u64(packed) & np.uint64((1 << row_bits) - 1)).astype(np.int64)


class ColumnarFeatures:
    """Every declared feature at every released event, from batches of events (``INPUT_SCHEMA``)."""

    def __init__(self, roles: Collection[str] | None = None) -> None:
        """``roles``: the events whose feature values are returned (None: every event); the others
        still update the state."""
        self.roles = None if roles is None else sorted(roles)
        self._codes = Codes()  # the code space of every coded column of the state
        self._buffer = _empty(_BUFFER_SCHEMA)
        self._released: int | None = None  # every second before this one has been processed
        self._max_t: int | None = None
        self._keys = _empty(_KEYS_SCHEMA)
        self._listeners = _empty(_LISTENERS_SCHEMA)  # numbers that have not acted (``_quiet``)
        self._tail = WindowTail(_TAIL_SCHEMA, _LONGEST)
        self._seen = {
            f.name: _empty(_SEEN_SCHEMA) for f in BASE_FEATURES if f.agg == "distinct" and f.name != _PAIRED
        }
        self._pairs = _empty(_PAIRS_SCHEMA)
        self._called = _empty(_CALLED_SCHEMA)
        # Where each pair of ``_pairs`` and ``_called`` sits (``_index``): worked out again when
        # missing or of another frame, never pickled.
        self._pairs_index: PairIndex | None = None
        self._called_index: PairIndex | None = None
        self._seen_index: dict[str, PairIndex] = {}  # the same, of each frame of pairs sighted
        self._handsets = _empty(_HANDSET_USES_SCHEMA)
        self._cells = _empty(_USES_SCHEMA)
        self._places = _empty(_PLACES_SCHEMA)
        self._owners = _empty(_OWNERS_SCHEMA)
        self._inbound = _empty(_INBOUND_SCHEMA)
        self._reach = _empty(REACH_SCHEMA)
        self.previous = _empty(_PREVIOUS_SCHEMA)

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["previous"] = None  # subscriber facts: given again at every start
        for index in ("_pairs_index", "_called_index", "_seen_index"):  # the process's own, rebuilt on use
            state.pop(index, None)
        for name, value in state.items():
            if isinstance(value, pl.DataFrame):
                state[name] = Packed(value)
        state["_seen"] = {k: Packed(v) for k, v in self._seen.items()}
        # The tail's segments as they are (their rows a window can still reach): a load rebuilds
        # their sums and searches.
        state["_tail"] = [Packed(f) for f in self._tail.frames(self._released)]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            if isinstance(value, Packed):
                state[name] = value.frame()
        pairs = state["_pairs"]
        assert isinstance(pairs, pl.DataFrame)
        if "called_back" in pairs.columns:  # earlier builds marked the pairs called back in place
            state["_called"] = pairs.filter(pl.col("called_back")).select(list(_CALLED_SCHEMA))
            state["_pairs"] = pairs.select(list(_PAIRS_SCHEMA))
        tail = state["_tail"]
        window_tail = WindowTail(_TAIL_SCHEMA, _LONGEST)
        if isinstance(tail, pl.DataFrame):  # earlier builds kept one frame, and before that in no order
            window_tail.load([_key_time_sorted(tail)])
        else:
            assert isinstance(tail, list)
            window_tail.load([p.frame() for p in tail])
        state["_tail"] = window_tail
        seen = state["_seen"]
        assert isinstance(seen, dict)
        # Earlier builds kept the counterparts called twice (as pairs of calls and as pairs sighted).
        sighted = {k: v.frame() if isinstance(v, Packed) else v for k, v in seen.items() if k != _PAIRED}
        # A feature declared after the checkpoint was written (the cells and the calls relayed from
        # abroad, 2026.12.6) counts from the restart: what it would have counted was not kept.
        for f in BASE_FEATURES:
            if f.agg == "distinct" and f.name != _PAIRED:
                sighted.setdefault(f.name, _empty(_SEEN_SCHEMA))
        state["_seen"] = sighted
        buffer = state["_buffer"]
        assert isinstance(buffer, pl.DataFrame)
        # Buffered by a build before the holders' numbers or the days: unknown (a day unknown is not
        # counted: the days, like every feature declared after a checkpoint, count from the restart).
        absent = [name for name in ("holder_cards", "day") if name not in buffer.columns]
        if absent:
            buffer = buffer.with_columns(pl.lit(None, pl.Int64).alias(name) for name in absent)
        if "holder" not in buffer.columns:  # buffered before the holders of handsets: each its own
            buffer = buffer.with_columns(pl.lit(None, pl.UInt64).alias("holder"))
        state["_buffer"] = buffer.select(list(_BUFFER_SCHEMA))
        handsets = state["_handsets"]
        assert isinstance(handsets, pl.DataFrame)
        if "second" not in handsets.columns:  # kept by a build before the numbers that used one twice
            state["_handsets"] = handsets.with_columns(pl.lit(None, pl.Int64).alias("second"))
        # Kept by a build before the cells of handsets: they count from the restart.
        places = state.setdefault("_places", _empty(_PLACES_SCHEMA))
        assert isinstance(places, pl.DataFrame)
        state["_places"] = places.select(list(_PLACES_SCHEMA))  # a last use kept before stop 48
        state.setdefault("_owners", _empty(_OWNERS_SCHEMA))  # and before their holders: the same
        inbound = state.setdefault("_inbound", _empty(_INBOUND_SCHEMA))  # and before bridged calls: the same
        assert isinstance(inbound, pl.DataFrame)
        if "other" not in inbound.columns:  # kept before the relays' reach: their callers unknown
            state["_inbound"] = inbound.with_columns(pl.lit(None, pl.UInt64).alias("other"))
        state.setdefault("_reach", _empty(REACH_SCHEMA))  # and the reach counts from the restart
        keys = state["_keys"]
        assert isinstance(keys, pl.DataFrame)
        missing = [name for name in _KEYS_SCHEMA if name not in keys.columns]
        if missing:
            keys = keys.with_columns(pl.lit(0.0, pl.Float64).alias(name) for name in missing)
            state["_keys"] = keys.select(list(_KEYS_SCHEMA))
        if "_listeners" not in state:  # an earlier build kept the numbers that had not acted in ``_keys``
            keys = state["_keys"]
            assert isinstance(keys, pl.DataFrame)
            listeners = _empty(_LISTENERS_SCHEMA)
            roles = state.get("roles")
            if acting_only(roles):  # type: ignore[arg-type]
                quiet = keys["last_act"].is_null()
                listeners = keys.filter(quiet).select(list(_LISTENERS_SCHEMA))
                state["_keys"] = keys.filter(~quiet)
            state["_listeners"] = listeners
        self.__dict__.update(state)
        self.previous = _empty(_PREVIOUS_SCHEMA)
        self._pairs_index = self._called_index = None
        self._seen_index = {}

    def set_previous(self, pairs: list[tuple[str, str]]) -> None:
        """The holder's earlier numbers by identity (``acquaintance.previous_numbers``)."""
        strings = pl.DataFrame(
            {"key": [k for k, _ in pairs], "previous": [p for _, p in pairs]},
            schema={"key": pl.String, "previous": pl.String},
        )
        self.previous = strings.select(self._codes.encode(strings[c]).alias(c) for c in ("key", "previous"))

    # -- bookkeeping ------------------------------------------------------------------------------
    @property
    def buffered(self) -> int:
        return self._buffer.height

    @property
    def active_keys(self) -> int:
        return self._keys.height + self._listeners.height

    def buffered_keys(self) -> set[str]:
        return set(self._codes.decode(self._buffer["key"].unique()).to_list())

    def state_frames(self) -> dict[str, pl.DataFrame]:
        """Every frame of the state (for its size)."""
        frames = {
            "keys": self._keys,
            "listeners": self._listeners,
            "tail": self._tail.frame(self._released),
            "pairs": self._pairs,
            "called": self._called,
            "handsets": self._handsets,
            "cells": self._cells,
            "places": self._places,
            "owners": self._owners,
            "inbound": self._inbound,
            "reach": self._reach,
            "buffer": self._buffer,
        }
        return frames | {f"seen {k}": v for k, v in self._seen.items()}

    def fork(self) -> ColumnarFeatures:
        """A copy to release without touching this engine: frames are replaced, never changed, so
        the copy shares them."""
        other = _shallow(self)
        other._seen = dict(self._seen)
        other._tail = self._tail.copy()
        other._seen_index = dict(self._seen_index)  # indexes are replaced, never changed, too
        return other

    def add(self, events: pl.DataFrame) -> pl.DataFrame:
        """Buffer events the caller found on time; returns those older than a second already
        processed (they can no longer be merged in event order)."""
        # Codes found for some values already (``code_column``: validation's, null where not found).
        known = {c: code_column(c) for c in _CODED if code_column(c) in events.columns}
        events = events.select(*INPUT_SCHEMA, *known.values()).cast(INPUT_SCHEMA)  # type: ignore[arg-type]
        behind = events.clear()
        if self._released is not None:
            old = events["t"] < self._released
            if old.any():
                behind, events = events.filter(old), events.filter(~old)
        behind = behind.drop(known.values())  # still as given (text): never coded
        if events.height:
            events = events.with_columns(
                self._codes.encode(events[c], events[known[c]] if c in known else None) for c in _CODED
            ).drop(known.values())
            top = int(events["t"].max())  # type: ignore[arg-type]
            self._max_t = top if self._max_t is None else max(self._max_t, top)
            self._buffer = pl.concat([self._buffer, events], rechunk=False)
        return behind

    def release(self, before: int | None) -> pl.DataFrame:
        """Process every buffered second before ``before`` (None: all of them). Returns the events
        of the wanted roles with their feature values (``FEATURE_NAMES``) and ``first_t`` (when the
        key first acted), in ``(key, t, seq, role)`` order."""
        if before is None:
            ready, self._buffer = self._buffer, self._buffer.clear()
            mark = None if self._max_t is None else self._max_t + 1
        else:
            now = self._buffer["t"] < before
            ready, self._buffer = self._buffer.filter(now), self._buffer.filter(~now)
            mark = before
        if mark is not None:
            self._released = mark if self._released is None else max(self._released, mark)
        self._receive(ready)
        if acting_only(self.roles):
            ready = self._quiet(ready)
        out = self._process(ready, self._released if self._released is not None else 0)
        if self._released is not None and self._inbound.height:  # what no later batch can bridge
            self._inbound = self._inbound.filter(pl.col("t") >= self._released - BRIDGE_WINDOW_S)
        return out

    def _receive(self, ready: pl.DataFrame) -> None:
        """Adds the released received calls a placed call could bridge to ``_inbound``."""
        long_in = ready.filter((pl.col("role") == IN) & (pl.col("duration") >= BRIDGE_MIN_S))
        if long_in.height:
            rows = long_in.select(
                "key", "t", "duration", (pl.col("origin") == "international").alias("intl"), "other"
            )
            self._inbound = pl.concat([self._inbound, rows.cast(_INBOUND_SCHEMA)])  # type: ignore[arg-type]

    def _bridges(self, ev: pl.DataFrame, placed: Array) -> tuple[Array, Array]:
        """``features.bridged`` at every placed call of the batch, against the received calls of
        this batch and the minute before (``_inbound``), on the same number or on the numbers seen
        on the call's handset (``_handsets``, already up to date with the batch's uses: a use counts
        only for a later call); and where the received half came from abroad. Adds the relays'
        reach it finds to ``_reach``."""
        found = np.zeros(ev.height, dtype=np.bool_)
        found_intl = np.zeros(ev.height, dtype=np.bool_)
        inbound = self._inbound
        if not inbound.height or not placed.any():
            return found, found_intl
        rows = np.flatnonzero(placed)
        calls = ev.select("key", "t", "duration", "imei", "other").gather(rows)
        uses = self._handsets.filter(_near("key", inbound["key"])).select("group", "key", "first")
        bridges = bridged_calls(calls, inbound, uses)
        found[rows], found_intl[rows] = bridges.bridged, bridges.bridged_intl
        if bridges.reach.height:  # a pair's first time is never earlier than one kept: appended
            fresh = bridges.reach.join(self._reach, on=["group", "key"], how="anti")
            self._reach = _append(self._reach, fresh.cast(REACH_SCHEMA))  # type: ignore[arg-type]
        return found, found_intl

    def _reach_at(self, ev: pl.DataFrame, placed: Array) -> Array:
        """``relayed.reach`` at every placed call of the batch: the pairs of ``_reach`` of its number
        that count by its second (``FirstUses``: first at or before it)."""
        values = np.zeros(ev.height, dtype=np.int64)
        if not self._reach.height or not placed.any():
            return values
        rows = np.flatnonzero(placed)
        keys = ev["key"].gather(rows)
        pairs = self._reach.filter(_near("group", keys))
        if pairs.height:
            t = ev["t"].to_numpy()[rows]
            first = pairs["first"]
            t_min = min(int(first.min()), int(t.min()))  # type: ignore[arg-type]
            t_max = max(int(first.max()), int(t.max()))  # type: ignore[arg-type]
            values[rows] = FirstUses(pairs, t_min, t_max).count(keys, t)
        return values

    def _quiet(self, ready: pl.DataFrame) -> pl.DataFrame:
        """The released events to process: those of numbers that have acted (a row in ``_keys``) or
        act in them. The others' (calls and SMS received by numbers that have not acted yet: on a
        network, those to other operators' numbers, to services, to people who never call) change
        only their numbers' last event and received calls answered (``QUIET_MEASURES``), folded here
        into ``_listeners`` without the batch's sorts and searches. A number's row moves to ``_keys``
        when it first acts (``_process``). Only where the values returned are of acting events (the
        others' would be the quiet events')."""
        if not ready.height:
            return ready
        acting = ready["key"].filter(ready["role"].is_in(list(ACTING))).unique()
        loud = ready.select(
            pl.col("key").is_in(acting.implode()) | pl.col("key").is_in(self._keys["key"].implode())
        ).to_series()
        if loud.all():
            return ready
        quiet = ready.select(_QUIET_READS).filter(~loud)
        rows = quiet.group_by("key").agg(
            pl.col("t").max().alias("last_t"),
            *(MEASURES[f.measure].expr.cast(pl.Float64).sum().alias(f.name) for f in _QUIET),  # type: ignore[union-attr]
        )
        before = _narrow(self._listeners, "key", rows["key"])
        rows = rows.join(before, on="key", how="left", suffix="_before").select(
            "key",
            pl.max_horizontal("last_t", "last_t_before").alias("last_t"),
            *((pl.col(f"{f.name}_before").fill_null(0.0) + pl.col(f.name)).alias(f.name) for f in _QUIET),
        )
        self._listeners = _upsert(self._listeners, rows, ["key"])
        return ready.filter(loud)

    def _woken(self, keys: pl.Series) -> pl.DataFrame:
        """The ``_keys`` rows of the numbers among ``keys`` that act for the first time, out of
        ``_listeners``: what they received so far, every other value zero."""
        woken = _narrow(self._listeners, "key", keys)
        if not woken.height:
            return _empty(_KEYS_SCHEMA)
        self._listeners = self._listeners.filter(~_near("key", woken["key"]))
        quiet = {f.name for f in _QUIET}
        return woken.select(
            "key",
            "last_t",
            pl.lit(None, pl.Int64).alias("first_act"),
            pl.lit(None, pl.Int64).alias("last_act"),
            pl.lit(None, pl.UInt64).alias("last_callee"),
            *(
                pl.col(name) if name in quiet else pl.lit(0.0, pl.Float64).alias(name)
                for name in _CARRIED_NAMES
            ),
        ).cast(_KEYS_SCHEMA)  # type: ignore[arg-type]

    def expire(self, before: int) -> pl.Series:
        """Forget keys with no event at or after ``before`` (event time), handsets and cells not used
        since, and the pairs whose caller is forgotten. Returns the keys forgotten; a key that comes
        back starts afresh."""
        idle = self._keys.filter(pl.col("last_t") < before)
        idle_quiet = self._listeners["last_t"] < before
        quiet = self._listeners["key"].filter(idle_quiet)  # nothing else holds them
        if quiet.len():
            self._listeners = self._listeners.filter(~idle_quiet)
        if idle.height:
            gone = idle.select("key")
            self._keys = self._keys.join(gone, on="key", how="anti")
            self._tail.without(gone["key"], before, self._released)
            self._reach = self._reach.filter(~_near("group", gone["key"]))  # a caller forgotten starts afresh
            for name in ("_pairs", "_called"):
                table, index = _without(getattr(self, name), getattr(self, f"{name}_index"), gone["key"])
                setattr(self, name, table)
                setattr(self, f"{name}_index", index)
            for name, table in list(self._seen.items()):
                self._seen[name], sighted = _without(table, self._seen_index.pop(name, None), gone["key"])
                if sighted is not None:
                    self._seen_index[name] = sighted
        used = pl.col("last").max().over("group") >= before
        handsets = self._handsets.height
        for attr in ("_handsets", "_cells"):
            uses: pl.DataFrame = getattr(self, attr)
            oldest = uses["last"].min()
            if oldest is not None and oldest < before:  # type: ignore[operator]  # else all in use
                setattr(self, attr, uses.filter(used))
        if self._handsets.height < handsets:  # a sweep that forgot no handset leaves their cells be
            # A handset's cells go with the handset (its last use, whatever the cell), as in ``stream``.
            self._places = self._places.filter(_near("group", self._handsets["group"]))
            self._owners = self._owners.filter(_near("group", self._handsets["group"]))
        return self._codes.decode(pl.concat([idle["key"], quiet]))

    def acted_before(self, before: int) -> bool:
        """Whether a key last acted before ``before`` (one ``reset_acting`` would change)."""
        return bool((self._keys["last_act"] < before).any())

    def last_acts(self) -> pl.DataFrame:
        """``key`` and ``last_act`` (when it last acted) of every active key."""
        return self._keys.select(self._codes.decode(self._keys["key"]), "last_act")

    def reset_acting(self, before: int) -> None:
        """Keys that have not acted since ``before`` are first seen again when they next act (their
        verdict state, if nothing was flagged, is forgotten with it)."""
        stale = pl.col("last_act").is_not_null() & (pl.col("last_act") < before)
        self._keys = self._keys.with_columns(
            pl.when(stale).then(None).otherwise(pl.col("first_act")).alias("first_act")
        )

    # -- one released batch -----------------------------------------------------------------------
    def _process(self, ev: pl.DataFrame, released: int) -> pl.DataFrame:
        ev = _event_order(ev.with_columns(pl.col("role").cast(ROLE)))
        n = ev.height
        if not n:
            return self._output(
                ev, {}, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            )
        starts = _starts(ev, ["key"])
        first = _first_index(starts)
        run = np.cumsum(starts) - 1
        t = ev["t"].to_numpy()
        second = starts.copy()
        second[1:] |= t[1:] != t[:-1]
        last = _last_index(_ends(second))
        end = last + 1
        role = ev["role"]
        placed, received = (role == OUT).to_numpy(), (role == IN).to_numpy()
        measures = {
            s.name: s.fill_null(0).to_numpy() for s in ev.select(*(e.alias(k) for k, e in _SIMPLE.items()))
        }
        # Feature values are worked out only where they are read: at the events returned (a number
        # acting) and at each key's last event (carried to the next batch); every event still
        # updates the state. About half the events of a batch are received calls and SMS.
        key_ends = _ends(starts)
        wanted = np.ones(n, dtype=bool) if self.roles is None else ev["role"].is_in(self.roles).to_numpy()
        at = np.flatnonzero(wanted | key_ends)
        # Windowed sums over the tail and the batch, one key/time axis: they read only the simple
        # measures and the tail, which no other step touches, so they are worked out in a thread
        # beside the steps below (sorts, searches and Polars release the GIL): the batch engine
        # uses both cores the same way, over chunks of keys. So are the all-time features of the
        # simple measures and their sightings (distinct handsets, SMS recipients), which read only
        # the measures, the keys' carried values and their own sighted pairs. The sums go first,
        # before the keys' carried state is looked up here.
        # The windowed sums are read only where they are returned (the tail, not the keys' rows,
        # carries them on): not at a key's last event that is not wanted (most are a callee's).
        rows, picked = at[wanted[at]], np.flatnonzero(wanted[at])
        windowing = _aside().submit(
            self._windowed_at, ev, {m: measures[m] for m in _WINDOW_MEASURES}, released, rows, picked, len(at)
        )
        early_values: Future[dict[str, pl.Series]] | None = None
        calling_back: Future[tuple[Array, Array]] | None = None
        try:
            # The batch's keys' carried state, a row per key (in batch order; ``run`` spreads it to
            # the events): joining the keys rather than every event, and spreading in NumPy, is cheaper.
            keys = _narrow(self._keys, "key", ev["key"])
            if self._listeners.height:  # numbers acting for the first time, called before
                keys = pl.concat([keys, self._woken(ev["key"])])
            carried = ev.select("key").gather(np.flatnonzero(starts))
            carried = carried.join(keys, on="key", how="left", maintain_order="left")
            carried_all = carried.select(pl.col(_CARRIED_NAMES).fill_null(0.0)).to_numpy(order="fortran")
            spans = _Spans(starts, run, first, end, last, at)
            early = [f for f in _CARRIED if f.measure in measures and f.name != _PAIRED]
            early_values = _aside().submit(self._early, ev, dict(measures), early, carried_all, spans)
            measures["sequential"] = self._sequential(ev, carried, run, placed)
            new_card = (ev["card_age_days"].fill_null(np.inf) < NEW_CARD_DAYS).to_numpy()
            # The callbacks update the pairs beside the handsets' and cells' steps; acquaintance reads
            # the pairs as they were before the batch (frames are replaced, never changed in place).
            pairs = self._pairs
            calling_back = _aside("pairs").submit(self._callbacks, ev, placed, received, run)
            cross = self._cross(ev, placed, new_card)  # first: acquaintance reads the batch's handsets
            measures["shared_handset"] = placed & shared_handset(cross["handset.numbers"])
            measures["bridged"], measures["bridged_intl"] = self._bridges(ev, placed)
            cross["relayed.reach"] = self._reach_at(ev, placed)
            measures["known"], measures["tied"] = self._acquaintance(ev, placed & new_card, placed, pairs)
        finally:  # waited for even on an error: the sums replace the tail
            if calling_back is not None:
                measures["callback"], first_calls = calling_back.result()
            cols = windowing.result()
            if early_values is not None:
                cols |= early_values.result()
        # The rest of the all-time features, from the measures the steps above made.
        for f in _CARRIED:
            if f.name not in cols:
                cols[f.name] = self._carried(f, ev, measures[f.measure], carried_all, spans, first_calls)
        for name, values in cross.items():
            cols[name] = pl.Series(name, values[at], dtype=pl.Int64)
            before = carried_all[:, _CARRIED_NAMES.index(_CROSS_MAX[name])][spans.run_at]
            top = np.maximum(before, _run_max(values, starts, run)[spans.last_at].astype(np.float64))
            cols[_CROSS_MAX[name]] = pl.Series(_CROSS_MAX[name], top, dtype=pl.Float64)
        acting = ev["role"].is_in(["out", "sms_out"]).to_numpy()
        act_t = np.where(acting, t, np.iinfo(np.int64).max)
        first_act_batch = np.minimum.reduceat(act_t, np.flatnonzero(starts))[run]
        carried_first = carried["first_act"].fill_null(np.iinfo(np.int64).max).to_numpy()[run]
        first_act = np.minimum(carried_first, first_act_batch)
        # The events' values decoded (numbers, attributes) beside the keys' state carried on.
        output = _aside().submit(self._output, ev, cols, first_act, rows, picked)
        try:
            self._carry(ev, cols, starts, first_act, acting, placed, carried, np.flatnonzero(key_ends[at]))
        finally:
            out = output.result()
        return out

    def _windowed_at(
        self, ev: pl.DataFrame, measures: dict[str, Array], released: int, rows: Array, picked: Array, n: int
    ) -> dict[str, pl.Series]:
        """The windowed sums at the ``n`` events whose features are worked out, from their values at
        ``rows`` (``picked`` among the ``n``; zero at the others, whose sums nothing reads)."""
        windowed = self._windowed(ev, measures, released, rows)
        cols: dict[str, pl.Series] = {}
        for f in _WINDOWED:
            values = windowed[f.name]
            if len(picked) < n:
                values = np.zeros(n, dtype=np.float64)
                values[picked] = windowed[f.name]
            cols[f.name] = pl.Series(f.name, values, dtype=pl.Float64)
        return cols

    def _early(
        self,
        ev: pl.DataFrame,
        measures: dict[str, Array],
        early: list[Feature],
        carried_all: Array,
        spans: _Spans,
    ) -> dict[str, pl.Series]:
        """The all-time features ``early``, of measures known before the batch's own steps."""
        return {f.name: self._carried(f, ev, measures[f.measure], carried_all, spans, None) for f in early}

    def _carried(
        self,
        f: Feature,
        ev: pl.DataFrame,
        m: Array,
        carried_all: Array,
        spans: _Spans,
        first_calls: Array | None,
    ) -> pl.Series:
        """An all-time feature at the events ``spans.at``: its carried value plus the batch's up to
        each event (the carried values of every feature read at once, one frame operation, not two
        per feature: with small batches those were a seventh of the batch's cost; each column
        gathered at the events on its own: gathering rows of the whole matrix reads it across its
        columns, four times slower at 250k calls a batch)."""
        before = carried_all[:, _CARRIED_NAMES.index(f.name)][spans.run_at]
        if f.agg == "sum" and not m.any():  # zero at every event (SMS in a run of calls)
            value = before + 0.0
        elif f.agg == "sum":
            p = _prefix(m.astype(np.float64))
            value = before + (p[spans.end_at] - p[spans.first_at])
        elif f.agg == "max":
            # Whole non-negative measures (talk seconds) keep their integers: ``_run_max`` lifts
            # runs apart in NumPy then, where floats take a Polars window per key.
            whole = m.dtype.kind in "iub"
            top = _run_max(m if whole else m.astype(np.float64), spans.starts, spans.run)[spans.last_at]
            value = np.maximum(before, top.astype(np.float64))
        else:
            assert f.value is not None
            if f.name == _PAIRED:  # the batch's first call of each pair new to ``_pairs``
                assert first_calls is not None
                sighted = np.zeros(ev.height, dtype=np.int64)
                sighted[first_calls] = 1
            else:
                sighted = self._sightings(f.name, ev, f.value, m > 0)
            p = _prefix(sighted)
            value = before + (p[spans.end_at] - p[spans.first_at])
        return pl.Series(f.name, value, dtype=pl.Float64)

    def _output(
        self, ev: pl.DataFrame, cols: dict[str, pl.Series], first_act: Array, rows: Array, picked: Array
    ) -> pl.DataFrame:
        """The events ``rows`` with their features (``cols`` at ``picked``)."""
        if not len(rows):
            empty = dict.fromkeys(FEATURE_NAMES, pl.Float64) | dict.fromkeys(CROSS_FEATURES, pl.Int64)
            schema = {"key": pl.String, "t": pl.Int64, "seq": pl.String, "role": pl.String}
            return pl.DataFrame(schema=schema | empty | {"first_t": pl.Int64})
        big = np.iinfo(np.int64).max
        values = pl.DataFrame(list(cols.values()))
        if len(picked) < values.height:
            values = values[picked]
        events = ev.select(
            "key",
            "t",
            "seq",
            "role",
            pl.col("card_age_days").alias("number.card_age_days"),
            pl.col("holder_cards").cast(pl.Float64).alias("number.holder_cards"),
        )[rows]
        first_t = np.where(first_act[rows] == big, events["t"].to_numpy(), first_act[rows])
        out = pl.concat([values, events], how="horizontal").with_columns(
            pl.col("role").cast(pl.String), pl.Series("first_t", first_t, dtype=pl.Int64)
        )
        keys = out["key"].unique()
        attributes = key_attribute_frame(keys, self._codes.decode(keys))
        out = out.join(attributes, on="key", how="left", maintain_order="left")
        out = out.with_columns(self._codes.decode(out["key"]), *derive_exprs())
        return out.select("key", "t", "seq", "role", *FEATURE_NAMES, "first_t")

    def _sequential(self, ev: pl.DataFrame, carried: pl.DataFrame, run: Array, placed: Array) -> Array:
        """``features.sequential`` at every placed call, the key's previous placed call being the
        batch's or, for its first one in the batch, the carried ``last_callee``."""
        out = np.zeros(ev.height, dtype=bool)
        rows = np.flatnonzero(placed)
        if not len(rows):
            return out
        sub = pl.DataFrame(
            {
                "key": ev["key"].gather(rows),
                "other": ev["other"].gather(rows),
                "carried": carried["last_callee"].gather(run[rows]),
            }
        )
        same = pl.col("key") == pl.col("key").shift(1)
        prev = pl.when(same).then(pl.col("other").shift(1)).otherwise(pl.col("carried"))
        sub = sub.select(prev.alias("prev"), "other")
        now, before = self._codes.digits(sub["other"]), self._codes.digits(sub["prev"])
        sub = pl.concat(
            [now, before.rename({"other_val": "prev_val", "other_len": "prev_len"})], how="horizontal"
        )
        hit = sequential(pl.col("other_val"), pl.col("other_len"), pl.col("prev_val"), pl.col("prev_len"))
        out[rows] = sub.select(hit.fill_null(False)).to_series().to_numpy()
        return out

    def _callbacks(self, ev: pl.DataFrame, placed: Array, received: Array, run: Array) -> tuple[Array, Array]:
        """``features.callback``: the first call from Y to X after X's first call to Y, unless Y has
        called back before; updates ``_pairs`` and ``_called``.

        Both only grow between expiries: a pair's first call is never replaced (every event of a batch
        is later than every event before it), and a pair called back stays so. So a batch appends its
        new pairs and its callbacks, and the carried rows are only read (for the batch's pairs).

        The batch's calls are grouped by (key, counterpart) as the batch engine groups them
        (``batch._Pairs``: a hash sort, in NumPy), and each pair is looked up once in the carried
        pairs' indexes, not each of its calls (two group-bys and a join on both columns were a
        quarter of a batch's time).

        Also returns the rows of the batch's first call of every pair not called before (the
        sightings of ``_PAIRED``, a counterpart called for the first time)."""
        n = ev.height
        out = np.zeros(n, dtype=bool)
        big = np.iinfo(np.int64).max
        calls = placed | received
        other = ev["other"]
        grouped = _Pairs(run, pl.select(pl.when(pl.Series(calls)).then(other)).to_series())
        first_calls = np.zeros(0, dtype=np.int64)
        if grouped.n:
            rows, seg = grouped.rows, grouped.seg
            t = ev["t"].to_numpy()
            first_placed = np.minimum.reduceat(np.where(placed[rows], rows, big), seg)
            any_received = np.maximum.reduceat(received[rows], seg)
            lead = rows[seg]  # a row of each pair: its key and counterpart
            pair_key, pair_other = ev["key"].gather(lead), other.gather(lead)
            # The carried pairs are looked up by their index (``PairIndex``): a binary search per
            # pair of the batch, where a join hashed every carried pair on every batch.
            pairs_index = self._index("_pairs")
            needles = pairs_index.needles(pair_key, pair_other)  # hashed once for both indexes
            found = pairs_index.locate(needles)
            carried = np.full(len(seg), big, dtype=np.int64)
            if (found >= 0).any():
                known = np.flatnonzero(found >= 0)
                before = self._pairs["first_out"].gather(found[known])
                carried[known] = before.fill_null(big).to_numpy()
            batch_out = np.where(first_placed < big, t[np.minimum(first_placed, n - 1)], big)
            first_out = np.minimum(carried, batch_out)
            if any_received.any():
                called_index = self._index("_called")
                called_back = called_index.locate(needles) >= 0
                # A pair's calls back: received after its first call out, while not called back.
                open_out = np.where(called_back, big, first_out)
                answer = received[rows] & callback(t[rows], grouped.broadcast(open_out))
                first = np.minimum.reduceat(np.where(answer, rows, big), seg)
                back = np.flatnonzero(first < big)
                if len(back):
                    back = back[_event_ordered(first[back], n)]
                    out[first[back]] = True
                    self._called = _append(
                        self._called,
                        pl.DataFrame({"key": pair_key.gather(back), "other": pair_other.gather(back)}),
                    )
                    self._called_index = called_index.extended(self._called)
            new = np.flatnonzero((first_placed < big) & (found < 0))
            if len(new):
                new = new[_event_ordered(first_placed[new], n)]
                first_calls = first_placed[new]
                self._pairs = _append(
                    self._pairs,
                    pl.DataFrame(
                        {
                            "key": pair_key.gather(new),
                            "other": pair_other.gather(new),
                            "first_out": batch_out[new],
                        }
                    ),
                )
                self._pairs_index = pairs_index.extended(self._pairs)
        self._pairs_without_other(ev, placed & other.is_null().to_numpy(), run)
        return out, first_calls

    def _pairs_without_other(self, ev: pl.DataFrame, rows: Array, run: Array) -> None:
        """Placed calls without a counterpart: a pair (key, null) per key and batch, as a group-by
        of the calls kept them (no index finds them, and no rule reads them; acquaintance sees
        their time)."""
        at = np.flatnonzero(rows)
        if not len(at):
            return
        firsts = at[np.concatenate(([True], run[at][1:] != run[at][:-1]))]
        self._pairs = _append(
            self._pairs,
            pl.DataFrame(
                {
                    "key": ev["key"].gather(firsts),
                    "other": pl.Series([None] * len(firsts), dtype=pl.UInt64),
                    "first_out": ev["t"].gather(firsts),
                }
            ),
        )
        self._pairs_index = self._index("_pairs").extended(self._pairs)

    def _index(self, name: str) -> PairIndex:
        """The index of the frame ``name`` (``_pairs`` or ``_called``), built if it has none (a
        new engine, one loaded from a checkpoint)."""
        index = _index_of(getattr(self, name), getattr(self, f"{name}_index"), "other")
        setattr(self, f"{name}_index", index)
        return index

    def _acquaintance(
        self, ev: pl.DataFrame, asked: Array, placed: Array, pairs: pl.DataFrame
    ) -> tuple[Array, Array]:
        """``known`` and ``tied`` at placed calls of new cards (``asked``): ``acquaintance_from``
        over the first call of every pair before the batch (``pairs``, ``_pairs`` as the batch
        found it) and the batch's calls (it reads nothing of calls but the first of each pair), with
        the handsets' first uses including the batch's."""
        n = ev.height
        known, tied = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        rows = np.flatnonzero(asked)
        if not len(rows):
            return known, tied
        every = pl.concat(
            [
                pairs.select(
                    pl.col("key").alias("caller"),
                    pl.col("other").alias("callee"),
                    pl.col("first_out").alias("t"),
                ).drop_nulls("t"),
                ev.filter(pl.Series(placed)).select(
                    pl.col("key").alias("caller"), pl.col("other").alias("callee"), "t"
                ),
            ]
        )
        asked_calls = pl.DataFrame(
            {"key": ev["key"].gather(rows), "other": ev["other"].gather(rows), "t": ev["t"].gather(rows)}
        )
        # Only the calls acquaintance_from can read: of the new cards and their callees (first calls,
        # contacts of the callees), and to their previous numbers (by identity, or any number of a
        # handset they used).
        cards = asked_calls["key"].unique()
        callees = _narrow(every, "caller", cards)["callee"]
        groups = _narrow(self._handsets, "key", cards)["group"]
        uses = _narrow(self._handsets, "group", groups)
        earlier = pl.concat([_narrow(self.previous, "key", cards)["previous"], uses["key"]])
        calls = every.filter(
            _near("caller", pl.concat([cards, callees])) | _near("callee", pl.concat([callees, earlier]))
        )
        table = acquaintance_from(calls, cards, self.previous, uses.select("group", "key", "first"))
        found = asked_calls.join(table, on=["key", "other"], how="left", maintain_order="left")
        known[rows] = (
            found.select((pl.col("known_from") <= pl.col("t")).fill_null(False)).to_series().to_numpy()
        )
        tied[rows] = (
            found.select((pl.col("tied_from") <= pl.col("t")).fill_null(False)).to_series().to_numpy()
        )
        return known, tied

    def _cross(self, ev: pl.DataFrame, placed: Array, new_card: Array) -> dict[str, Array]:
        """Numbers per handset (and those that used it twice) and new cards per cell at placed calls;
        updates the first (and second) uses."""
        t = ev["t"].to_numpy()
        out: dict[str, Array] = {}
        uses_handset = placed.copy()  # a call to a service or short code is no use of its handset
        at = np.flatnonzero(placed)
        uses_handset[at] = self._codes.plus(ev["other"].gather(at)).to_numpy()
        for name, column, mask, attr in (
            ("handset.numbers", "imei", uses_handset, "_handsets"),
            ("cell.new_cards", "cell", placed & new_card, "_cells"),
        ):
            values = np.zeros(ev.height, dtype=np.int64)
            rows = np.flatnonzero(mask & ev[column].is_not_null().to_numpy())
            table: pl.DataFrame = getattr(self, attr)
            if len(rows):
                groups = ev[column].gather(rows)
                uses = pl.DataFrame({"group": groups, "key": ev["key"].gather(rows), "t": t[rows]})
                # The rows of the batch's groups, brought up to date with its uses, and the rest,
                # which the batch cannot touch: one pass over the table (a mask), where narrowing,
                # a semi join and an upsert made three. In their order, so a state is the same
                # whoever replays it.
                near = table.select(_near("group", groups)).to_series()
                asked = _used(table.filter(near), uses)
                table = pl.concat([table.filter(~near), asked], rechunk=False)
                if table.n_chunks() > _MAX_CHUNKS:
                    table = table.rechunk()
                setattr(self, attr, table)
                t_min, t_max = int(asked["first"].min()), int(t.max())  # type: ignore[arg-type]
                values[rows] = FirstUses(asked, t_min, t_max).count(groups, t[rows])
                if "second" in asked.columns:
                    repeats = second_uses(asked)
                    out["handset.repeat_numbers"] = np.zeros(ev.height, dtype=np.int64)
                    if repeats.height:
                        out["handset.repeat_numbers"][rows] = FirstUses(repeats, t_min, t_max).count(
                            groups, t[rows]
                        )
            out[name] = values
        out.setdefault("handset.repeat_numbers", np.zeros(ev.height, dtype=np.int64))
        on_handset = uses_handset & ev["imei"].is_not_null().to_numpy()
        out["handset.cells"] = self._places_at(ev, on_handset)
        out["handset.holders"] = self._owners_at(ev, on_handset)
        return out

    def _owners_at(self, ev: pl.DataFrame, asked: Array) -> Array:
        """``handset.holders`` at the calls ``asked`` (placed calls that use a known handset); updates
        the first use of every (handset, holder) pair with the batch's (a number without a holder is
        its own: ``holders.holder_of``)."""
        t = ev["t"].to_numpy()
        values = np.zeros(ev.height, dtype=np.int64)
        rows = np.flatnonzero(asked)
        if not len(rows):
            return values
        groups = ev["imei"].gather(rows)
        holders = ev["holder"].gather(rows).fill_null(ev["key"].gather(rows))
        batch = pl.DataFrame({"group": groups, "key": holders, "first": t[rows]}).cast(self._owners.schema)
        table = self._owners
        near = table.select(_near("group", groups)).to_series()
        # Kept rows first, then the batch's new pairs, in their order: a state is the same whoever
        # replays it (every released batch is later than what is kept, so a kept pair keeps its first).
        uses = (
            pl.concat([table.filter(near), batch])
            .group_by("group", "key", maintain_order=True)
            .agg(pl.col("first").min())
        )
        table = pl.concat([table.filter(~near), uses], rechunk=False)
        self._owners = table.rechunk() if table.n_chunks() > _MAX_CHUNKS else table
        t_min = min(int(uses["first"].min()), int(t[rows].min()))  # type: ignore[arg-type]
        values[rows] = FirstUses(uses, t_min, int(t.max())).count(groups, t[rows])
        return values

    def _places_at(self, ev: pl.DataFrame, asked: Array) -> Array:
        """``handset.cells`` at the calls ``asked`` (placed calls that use a known handset); updates
        the first use of every (handset, cell) pair with the batch's, ties included."""
        t = ev["t"].to_numpy()
        values = np.zeros(ev.height, dtype=np.int64)
        rows = np.flatnonzero(asked)
        if not len(rows):
            return values
        adds = np.flatnonzero(asked & ev["cell"].is_not_null().to_numpy())
        groups = ev["imei"].gather(rows)
        table = self._places
        near = table.select(_near("group", groups)).to_series()
        mine = table.filter(near)
        batch = pl.DataFrame(
            {"group": ev["imei"].gather(adds), "key": ev["cell"].gather(adds), "first": t[adds]}
        ).cast(table.schema)
        # A handset's first cells only (``first_cells``). Once a handset has them, a released batch
        # (all later than its cells' first uses) changes none of them, so only the handsets the
        # batch can change are worked out again: on a busy network most calls of a batch touch none.
        batch = unsettled(batch, settled_handsets(mine, "group"), "group", "first")
        if batch.height:
            touched = mine.select(_near("group", batch["group"])).to_series()
            pairs = (
                pl.concat([mine.filter(touched), batch])
                .group_by("group", "key", maintain_order=True)
                .agg(pl.col("first").min())
            )
            changed = first_cells(pairs, "group", "key")
            uses = pl.concat([mine.filter(~touched), changed])
            table = pl.concat([table.filter(~near), uses], rechunk=False)
            self._places = table.rechunk() if table.n_chunks() > _MAX_CHUNKS else table
        else:
            uses = mine
        if uses.height:
            # A call without a cell asks too: the axis starts at the earliest of pairs and calls.
            t_min = min(int(uses["first"].min()), int(t[rows].min()))  # type: ignore[arg-type]
            values[rows] = FirstUses(uses, t_min, int(t.max())).count(groups, t[rows])
        return values

    def _windowed(
        self, ev: pl.DataFrame, measures: dict[str, Array], released: int, at: Array
    ) -> dict[str, Array]:
        """Windowed sums at the events ``at`` of the batch (ascending): the batch's own, from one
        prefix sum over it, plus the tail's (``WindowTail``: binary searches in the earlier
        batches' segments, whose rows are never read); the batch's rows then join the tail.

        The tail used to be one frame merged with every batch: a day of a province's calls
        touched per batch (10 of a 10M-call run's 52 s), where a search touches a few rows."""
        n = ev.height
        values = {m: np.asarray(measures[m], dtype=np.int64) for m in _WINDOW_MEASURES}
        key, t = ev["key"].to_numpy(), ev["t"].to_numpy()
        starts = np.ones(n, dtype=bool)
        starts[1:] = key[1:] != key[:-1]
        second = starts.copy()
        second[1:] |= t[1:] != t[:-1]
        key_starts, second_starts = np.flatnonzero(starts), np.flatnonzero(second)
        first = key_starts[np.searchsorted(key_starts, at, side="right") - 1]
        ends = np.append(second_starts[1:], n)  # each second's end: ties see each other
        end = ends[np.searchsorted(second_starts, at, side="right") - 1]
        from_tail = self._tail.sums(key[at], t[at], _WINDOWS)
        # A measure that is zero at every event (SMS in a run of calls) adds nothing from the batch:
        # neither its prefix sums nor, if no other measure needs it, a window's search are made.
        prefixes = {m: _prefix(v) for m, v in values.items() if v.any()}
        begins: dict[int, Array] = {}  # one binary search per window, shared by its measures
        axis = np.zeros(0, dtype=np.int64)
        if prefixes and n:
            t0 = int(t.min())
            spread = int(t.max()) - t0 + _LONGEST + 1
            axis = (np.cumsum(starts) - 1) * spread + (t - t0)
        out: dict[str, Array] = {}
        for f in _WINDOWED:
            assert f.window is not None
            total = from_tail[(f.window, f.measure)]
            if f.measure in prefixes:
                p = prefixes[f.measure]
                if f.window not in begins:
                    found = np.searchsorted(axis, axis[at] - f.window, side="right")
                    begins[f.window] = np.maximum(found, first)
                total = total + (p[end] - p[begins[f.window]])
            out[f.name] = total.astype(np.float64)
        nonzero = np.zeros(n, dtype=bool)
        for v in values.values():
            nonzero |= v != 0
        rows = np.flatnonzero(nonzero)
        self._tail.push(
            pl.DataFrame(
                {"key": key[rows], "t": t[rows], **{m: v[rows] for m, v in values.items()}},
                schema=_TAIL_SCHEMA,
            ),
            released,
        )
        return out

    def _sightings(self, name: str, ev: pl.DataFrame, value: str, mask: Array) -> Array:
        """1 at the batch's first sighting of every (key, value) pair not sighted before; updates
        the pairs sighted."""
        out = np.zeros(ev.height, dtype=np.int64)
        rows = np.flatnonzero(mask & ev[value].is_not_null().to_numpy())
        if not len(rows):
            return out
        pairs = pl.DataFrame(
            {"key": ev["key"].gather(rows), "value": ev[value].gather(rows).cast(pl.UInt64), "_i": rows}
        ).unique(["key", "value"], keep="first", maintain_order=True)
        # Looked up by the frame's index (``PairIndex``): narrowing the frame to the batch's numbers
        # first read every pair sighted, on every batch.
        seen = self._seen[name]
        index = _index_of(seen, self._seen_index.get(name), "value")
        new = pairs.filter(pl.Series(index.find(pairs["key"], pairs["value"]) < 0))
        out[new["_i"].to_numpy()] = 1
        self._seen[name] = _append(seen, new.select("key", "value"))
        self._seen_index[name] = index.extended(self._seen[name])
        return out

    def _carry(
        self,
        ev: pl.DataFrame,
        cols: dict[str, pl.Series],
        starts: Array,
        first_act: Array,
        acting: Array,
        placed: Array,
        carried: pl.DataFrame,
        at_ends: Array,
    ) -> None:
        """The keys' state after the batch: the values at each key's last event (``carried``: the
        state before it, a row per key in batch order; ``at_ends``: where those events' values are
        in ``cols``)."""
        n = ev.height
        ends = np.flatnonzero(_ends(starts))
        t = ev["t"].to_numpy()
        big = np.iinfo(np.int64).max
        seg = np.flatnonzero(starts)
        idx = np.arange(n, dtype=np.int64)
        last_act_row = np.maximum.reduceat(np.where(acting, idx, -1), seg)
        last_placed_row = np.maximum.reduceat(np.where(placed, idx, -1), seg)
        keys = ev["key"].gather(ends)
        act = np.where(last_act_row >= 0, t[np.maximum(last_act_row, 0)], -1)
        callee = ev["other"].gather(np.maximum(last_placed_row, 0))
        rows = pl.DataFrame(
            {
                "key": keys,
                "last_t": t[ends],
                "first_act": np.where(first_act[ends] == big, -1, first_act[ends]),
                "last_act": act,
                "last_callee": callee,
            }
        ).with_columns(
            pl.when(pl.col("first_act") >= 0).then(pl.col("first_act")).alias("first_act"),
            pl.when(pl.Series(last_act_row >= 0))
            .then(pl.col("last_act"))
            .otherwise(carried["last_act"])
            .alias("last_act"),
            pl.when(pl.Series(last_placed_row >= 0))
            .then(pl.col("last_callee"))
            .otherwise(carried["last_callee"])
            .alias("last_callee"),
            *(cols[f.name].gather(at_ends) for f in _CARRIED),
            *(cols[name].gather(at_ends) for name in _CROSS_MAX.values()),
        )
        self._keys = _upsert(self._keys, rows, ["key"])
