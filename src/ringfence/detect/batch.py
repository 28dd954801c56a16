"""The batch engine: every feature at every event, vectorised.

Events are sorted so that each key's events are contiguous and in ``(t, seq)`` order. A running sum of
a measure over that order gives every windowed or cumulative sum as a difference of two prefix sums:
the end of the range is the *last* event of the key at the same second (which makes every value
tie-inclusive: all events of a key at the same second see the same value) and its start is the key's
first event or, for a window, the first event after ``t - window`` (a binary search on a combined
key/time axis). ``distinct`` counts first occurrences of (key, value) pairs, found by sorting; ``max``
is a running maximum within the key. This is the shared semantics of ``ringfence.detect.features``.

The engine works on any column types for keys and counterparts (strings, or the integer codes of
``ringfence.detect.codes``, which are much faster to sort and join).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.events import IN, OUT, ROLES, SMS_IN, SMS_OUT
from ringfence.detect.features import (
    BASE_FEATURES,
    CROSS_FEATURES,
    FEATURE_NAMES,
    MEASURES,
    NEW_CARD_DAYS,
    derive_exprs,
)
from ringfence.detect.numbering import key_attribute_frame, plan_homes
from ringfence.domain.numbers import same_city

__all__ = [
    "ACTING",
    "ROLE",
    "compute_features",
    "cross_features",
    "events_frame",
    "features_at",
    "off_site_pairs",
]

I64 = npt.NDArray[np.int64]
Array = npt.NDArray[Any]
Bools = npt.NDArray[np.bool_]

ROLE = pl.Enum(list(ROLES))  # sorts in the order of ROLES: a call's events before an SMS's
ACTING = (OUT, SMS_OUT)  # rules are evaluated where a number acts

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "key": pl.String(),
    "t": pl.Int64(),
    "seq": pl.String(),
    "role": pl.String(),
    "other": pl.String(),
    "duration": pl.Int64(),
    "origin": pl.String(),
    "imei": pl.String(),
    "cell": pl.String(),
    "region": pl.String(),
}


def _epoch(col: str) -> pl.Expr:
    return pl.col(col).dt.epoch("s")


def local_hour(t: pl.Expr) -> pl.Expr:
    """Hour of day at UTC+08:00 of epoch seconds."""
    return ((t + 8 * 3600) // 3600 % 24).cast(pl.Int32)


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


def _run_max(values: Array, starts: Bools) -> Array:
    """Running maximum restarting at every run start."""
    if len(values) == 0:
        return values
    if values.dtype.kind in "iub" and values.min() >= 0:
        # Runs are lifted above each other, so one global running maximum never crosses a run.
        v = values.astype(np.int64)
        lift = (np.cumsum(starts) - 1) * (int(v.max()) + 1)
        lifted: Array = np.maximum.accumulate(v + lift) - lift
        return lifted
    frame = pl.DataFrame({"v": values, "run": np.cumsum(starts)})
    out: Array = frame.select(pl.col("v").cum_max().over("run")).to_series().to_numpy()
    return out


def _first_of_pairs(frame: pl.DataFrame, key: str, value: str, counted: Bools) -> Bools:
    """True on the first counted row (in frame order) of every (key, value) pair."""
    out = np.zeros(frame.height, dtype=bool)
    rows = np.flatnonzero(counted)
    if not len(rows):
        return out
    sub = (
        frame.select(key, value)[rows]
        .with_columns(pl.Series("_i", rows))
        .sort(key, value, "_i")  # the earliest row of each pair first
    )
    first = _starts(sub, [key, value])
    out[sub["_i"].to_numpy()[first]] = True
    return out


# -- per-event measures that need state --------------------------------------------------------------
def _sequential(ev: pl.DataFrame, starts: Bools) -> Bools:
    """A placed call to a number within ±50 of the key's previous placed call's callee (same length)."""
    placed = (ev["role"] == OUT).to_numpy()
    rows = np.flatnonzero(placed)
    out = np.zeros(ev.height, dtype=bool)
    if not len(rows):
        return out
    run = np.cumsum(starts)[rows]
    sub = ev.select("other_val", "other_len")[rows].with_columns(pl.Series("_run", run))
    cur, prev = pl.col("other_val"), pl.col("other_val").shift(1)
    same_key = pl.col("_run") == pl.col("_run").shift(1)
    same_len = pl.col("other_len") == pl.col("other_len").shift(1)
    hit = (same_key & same_len & ((cur - prev).abs() <= 50) & (cur != prev)).fill_null(False)
    out[rows] = sub.select(hit).to_series().to_numpy()
    return out


def _callbacks(ev: pl.DataFrame) -> Bools:
    """The first call from Y to X (by ``(t, seq)``) after X first called Y."""
    role = ev["role"]
    talk = (role == OUT) | (role == IN)
    rows = np.flatnonzero(talk.to_numpy())
    out = np.zeros(ev.height, dtype=bool)
    if not len(rows):
        return out
    # Rows of each (key, counterpart) pair together, in event order (the frame's order).
    sub = ev.select("key", "other", "t", (pl.col("role") == OUT).alias("_out"))[rows]
    sub = sub.with_columns(pl.Series("_i", rows)).sort("key", "other", "_i")
    starts = _starts(sub, ["key", "other"])
    seg = np.flatnonzero(starts)
    t = sub["t"].to_numpy()
    is_out = sub["_out"].to_numpy()
    big = np.iinfo(np.int64).max
    first_out = np.minimum.reduceat(np.where(is_out, t, big), seg)
    after = (~is_out) & (t > np.repeat(first_out, np.diff(np.append(seg, len(t)))))
    pos = np.arange(len(t))
    first = np.minimum.reduceat(np.where(after, pos, len(t)), seg)
    first = first[first < len(t)]
    out[sub["_i"].to_numpy()[first]] = True
    return out


# -- cross-key features -------------------------------------------------------------------------------
def cross_features(placed: pl.DataFrame) -> pl.DataFrame:
    """Numbers per handset and new cards per cell, seen at each placed call.

    ``placed``: one row per placed call with ``key``, ``t``, ``imei``, ``cell`` and ``new_card``
    (activated less than ``NEW_CARD_DAYS`` before the call). Returns ``handset.numbers`` and
    ``cell.new_cards`` (Int64, 0 where unknown) in the same row order: how many different keys have
    used the handset / (as new cards) the cell up to that second, that second included.
    """
    out = {}
    for name, group, extra in (
        ("handset.numbers", "imei", pl.lit(True)),
        ("cell.new_cards", "cell", pl.col("new_card").fill_null(False)),
    ):
        values = np.zeros(placed.height, dtype=np.int64)
        mask = placed.select((pl.col(group).is_not_null() & extra).alias("m")).to_series().to_numpy()
        rows = np.flatnonzero(mask)
        if len(rows):
            sub = placed.select(group, "t", "key")[rows].with_columns(pl.Series("_i", rows))
            # A key is new on a handset at its first call from it.
            sub = sub.sort(group, "key", "t")
            new = _starts(sub, [group, "key"])
            sub = sub.with_columns(pl.Series("_new", new)).sort(group, "t")
            gstart = _starts(sub, [group])
            p = _prefix(sub["_new"].to_numpy().astype(np.int64))
            last = _last_index(_ends(_starts(sub, [group, "t"])))
            counted = p[last + 1] - p[_first_index(gstart)]
            values[sub["_i"].to_numpy()] = counted
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
    for sequential dialling), ``duration``, ``origin``, ``imei``, ``off_site``, ``card_age_days``,
    ``local_hour``, ``handset.numbers`` and ``cell.new_cards``. ``numbers`` turns keys into number
    strings (identity when keys are strings). Returns the feature columns (``FEATURE_NAMES``) and
    ``first_t`` (the key's first event time), one row per selected row.
    """
    n = ev.height
    sel = np.arange(n, dtype=np.int64) if rows is None else rows
    starts = _starts(ev, ["key"])
    first = _first_index(starts)[sel]
    last = _last_index(_ends(_starts(ev, ["key", "t"])))[sel]
    t = ev["t"].to_numpy()

    measures: dict[str, Array] = {}
    exprs = [m.expr.alias(name) for name, m in MEASURES.items() if m.expr is not None]
    for s in ev.select(exprs):
        measures[s.name] = s.to_numpy() if s.dtype.is_float() else s.cast(pl.Int64).to_numpy()
    measures["sequential"] = _sequential(ev, starts).astype(np.int64)
    measures["callback"] = _callbacks(ev).astype(np.int64)

    # Windows: the first row of the key after t - window, by binary search on a key/time axis.
    windows = sorted({f.window for f in BASE_FEATURES if f.window is not None})
    window_start: dict[int, I64] = {}
    if windows and n:
        t0 = int(t.min())
        spread = int(t.max()) - t0 + max(windows) + 1
        axis = (np.cumsum(starts) - 1) * spread + (t - t0)
        for w in windows:
            found = np.searchsorted(axis, axis[sel] - w, side="right").astype(np.int64)
            window_start[w] = np.maximum(found, first)

    cols: dict[str, pl.Series] = {}
    prefixes: dict[str, Array] = {}
    for f in BASE_FEATURES:
        m = measures[f.measure]
        if f.agg == "sum":
            p = prefixes.get(f.measure)
            if p is None:
                p = prefixes[f.measure] = _prefix(m)
            begin = first if f.window is None else window_start[f.window]
            value = p[last + 1] - p[begin]
        elif f.agg == "max":
            value = _run_max(m, starts)[last]
        elif f.agg == "distinct":
            assert f.value is not None
            counted = ev[f.value].is_not_null().to_numpy() & (m > 0)
            p = _prefix(_first_of_pairs(ev, "key", f.value, counted).astype(np.int64))
            value = p[last + 1] - p[first]
        else:  # pragma: no cover - declarations are validated by tests
            raise ValueError(f.agg)
        cols[f.name] = pl.Series(f.name, value, dtype=pl.Float64)
    for name in CROSS_FEATURES:
        per_event = ev[name].fill_null(0).to_numpy()
        cols[name] = pl.Series(name, per_event[sel], dtype=pl.Int64)
        cols[f"number.max({name})@all"] = pl.Series(
            f"number.max({name})@all", _run_max(per_event, starts)[last], dtype=pl.Float64
        )
    cols["number.card_age_days"] = ev["card_age_days"].gather(sel).alias("number.card_age_days")
    keys = ev["key"].gather(sel)
    out = pl.DataFrame(cols).with_columns(keys.alias("key"), pl.Series("first_t", t[first], dtype=pl.Int64))
    distinct_keys = keys.unique()
    attrs = key_attribute_frame(distinct_keys, numbers(distinct_keys) if numbers else distinct_keys)
    out = out.join(attrs, on="key", how="left", maintain_order="left")
    out = out.with_columns(derive_exprs())
    return out.select(*FEATURE_NAMES, "first_t")


# -- subscriber facts ----------------------------------------------------------------------------------
def off_site_pairs(pairs: pl.DataFrame, region_names: Callable[[pl.Series], pl.Series]) -> pl.DataFrame:
    """``off`` for distinct (region, home) pairs: the region is known and not the home city."""
    names = region_names(pairs["region"])
    verdicts = [same_city(r, h) for r, h in zip(names.to_list(), pairs["home"].to_list(), strict=True)]
    return pairs.with_columns(
        pl.Series("off", [None if v is None else not v for v in verdicts], dtype=pl.Boolean)
    )


# -- the event frame of canonical records (the readable form, for tests and the per-row engine) --------
def events_frame(
    calls: pl.DataFrame, messages: pl.DataFrame | None = None, subscribers: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Canonical records (see ``ringfence.ingest``) to the event frame, sorted by (key, t, seq)."""
    parts = [
        calls.select(
            pl.col("caller").alias("key"),
            _epoch("start_time").alias("t"),
            pl.col("call_id").alias("seq"),
            pl.lit(OUT).alias("role"),
            pl.col("callee").alias("other"),
            pl.col("duration_s").alias("duration"),
            "origin",
            pl.col("caller_imei").alias("imei"),
            pl.col("caller_cell").alias("cell"),
            pl.col("caller_region").alias("region"),
        ),
        calls.select(
            pl.col("callee").alias("key"),
            _epoch("start_time").alias("t"),
            pl.col("call_id").alias("seq"),
            pl.lit(IN).alias("role"),
            pl.col("caller").alias("other"),
            pl.col("duration_s").alias("duration"),
            "origin",
            pl.lit(None, pl.String).alias("imei"),
            pl.lit(None, pl.String).alias("cell"),
            pl.lit(None, pl.String).alias("region"),
        ),
    ]
    if messages is not None and messages.height:
        for role, key, other in ((SMS_OUT, "sender", "receiver"), (SMS_IN, "receiver", "sender")):
            parts.append(
                messages.select(
                    pl.col(key).alias("key"),
                    _epoch("send_time").alias("t"),
                    pl.col("sms_id").alias("seq"),
                    pl.lit(role).alias("role"),
                    pl.col(other).alias("other"),
                    pl.lit(0, pl.Int64).alias("duration"),
                    "origin",
                    pl.lit(None, pl.String).alias("imei"),
                    pl.col("sender_cell").alias("cell")
                    if role == SMS_OUT
                    else pl.lit(None, pl.String).alias("cell"),
                    pl.lit(None, pl.String).alias("region"),
                )
            )
    events = pl.concat([p.cast(EVENT_SCHEMA) for p in parts])  # type: ignore[arg-type]
    events = _attach_subscriber_facts(events, subscribers)
    return events.with_columns(local_hour(pl.col("t")).alias("local_hour")).sort("key", "t", "seq")


def _attach_subscriber_facts(events: pl.DataFrame, subscribers: pl.DataFrame | None) -> pl.DataFrame:
    """Card age at the event and whether the caller is away from the number's home city."""
    keys = events.filter(pl.col("role") == OUT).select("key", "region").unique()
    distinct = keys["key"].unique()
    homes = pl.DataFrame({"key": distinct, "plan_home": plan_homes(distinct)})
    if subscribers is not None and subscribers.height:
        subs = subscribers.select(
            pl.col("number").alias("key"),
            pl.col("home_region").alias("sub_home"),
            pl.col("activated_at").dt.epoch("s").alias("activated"),
        ).unique("key")
        homes = homes.join(subs.select("key", "sub_home"), on="key", how="left")
        events = events.join(subs.select("key", "activated"), on="key", how="left")
    else:
        homes = homes.with_columns(pl.lit(None, pl.String).alias("sub_home"))
        events = events.with_columns(pl.lit(None, pl.Int64).alias("activated"))
    homes = homes.select("key", pl.coalesce("sub_home", "plan_home").alias("home"))
    pairs = (
        keys.join(homes, on="key", how="left")
        .drop_nulls(["region", "home"])
        .select("region", "home")
        .unique()
    )
    pairs = off_site_pairs(pairs, lambda r: r)
    events = events.join(homes, on="key", how="left").join(
        pairs, left_on=["region", "home"], right_on=["region", "home"], how="left"
    )
    return events.with_columns(
        pl.when(pl.col("role") == OUT).then(pl.col("off")).alias("off_site"),
        ((pl.col("t") - pl.col("activated")) / 86_400).alias("card_age_days"),
    ).drop("off", "home", "activated", "region")


def _counterpart_digits(ev: pl.DataFrame) -> pl.DataFrame:
    """``other_val`` / ``other_len`` from string counterparts (for sequential dialling)."""
    return ev.with_columns(
        pl.col("other").str.strip_chars_start("+").cast(pl.Int64, strict=False).alias("other_val"),
        pl.col("other").str.len_chars().alias("other_len"),
    )


def compute_features(events: pl.DataFrame) -> pl.DataFrame:
    """Every declared feature at every event of the frame ``events_frame`` returns (its columns plus
    one per feature)."""
    ev = _counterpart_digits(events)
    new_card = pl.col("card_age_days").is_not_null() & (pl.col("card_age_days") < NEW_CARD_DAYS)
    placed_rows = np.flatnonzero((ev["role"] == OUT).to_numpy())
    placed = ev.select("key", "t", "imei", "cell", new_card.alias("new_card"))[placed_rows]
    cross = cross_features(placed)
    for name in CROSS_FEATURES:
        values = np.zeros(ev.height, dtype=np.int64)
        values[placed_rows] = cross[name].to_numpy()
        ev = ev.with_columns(pl.Series(name, values))
    feats = features_at(ev)
    return events.with_columns(feats.drop("first_t"))
