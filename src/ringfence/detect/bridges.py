"""Bridged calls (``features.bridged``) found column-wise: the batch (``columnar``) and the columnar
incremental engine (``columnar_stream``) share this; the streaming engine keeps a minute of received
calls per number instead.

A placed call is bridged when an answered call it could be the other half of started 1-60 s before
it and ends with it: a call received by the same number, or by a number that had placed calls from
this call's handset before it (a relay desk's phones take the ring's call on one card and place the
victim's on another, and swap cards and handsets between days). A received call can be bridged only
by a call placed in the minute after it, so each received call is put in its own minute's bucket and
the next one's (minutes of ``BRIDGE_WINDOW_S``), each placed call in its own, and one hash join on
(number or handset, bucket) pairs them; every such pair is checked with ``features.bridged``. A
bucket holds a minute of one number's or one handset's received calls, so the pairs stay few even
for a busy line (a privacy number answering a call every few seconds has tens in a minute, not
thousands). A search per placed call over the sorted received calls took five times as long (two
binary searches per call, each a cache miss)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.detect.features import BRIDGE_MIN_S, BRIDGE_WINDOW_S, bridged

__all__ = ["REACH_SCHEMA", "Bridges", "bridge_pairs", "bridged_calls"]

Bools = npt.NDArray[np.bool_]

#: A relay's *reach* for the caller of a call from abroad it bridged: (``group``: that caller,
#: ``key``: the callee of the bridged call, ``first``: the second after the bridged call started, from
#: which it counts) — how many people relays put a number's calls through to by a second
#: (``relayed.reach``: ``FirstUses`` counts pairs first at or before a second).
REACH_SCHEMA: dict[str, pl.DataType] = {"group": pl.UInt64(), "key": pl.UInt64(), "first": pl.Int64()}

_ALWAYS = -(2**62)  # ``since`` of a number's own received calls: linked to itself from the start


def _pairs(placed: pl.DataFrame, received: pl.DataFrame) -> pl.DataFrame:
    """``placed``: ``row``, ``key``, ``t``, ``d``, ``to`` (the callee); ``received``: ``key``, ``s``,
    ``rd``, ``intl``, ``since``, ``up`` (the caller), ``at`` (the callee); both already calls of
    ``BRIDGE_MIN_S`` or longer. Each placed call with each received call of its key it bridges:
    ``row``, ``to``, ``t``, ``intl``, ``up``, ``at``, ``s``."""
    bucket = pl.col("s") // BRIDGE_WINDOW_S
    halves = pl.concat(
        [received.with_columns(bucket.alias("bucket")), received.with_columns((bucket + 1).alias("bucket"))]
    )
    return (
        placed.with_columns((pl.col("t") // BRIDGE_WINDOW_S).alias("bucket"))
        .join(halves, on=["key", "bucket"], how="inner")
        .filter(
            bridged(pl.col("t"), pl.col("d"), pl.col("s"), pl.col("rd")) & (pl.col("since") < pl.col("t"))
        )
        .select("row", "to", "t", "intl", "up", "at", "s")
    )


def bridge_pairs(placed: pl.DataFrame, received: pl.DataFrame, uses: pl.DataFrame) -> pl.DataFrame:
    """Each placed call (``key``, ``t``, ``duration``, ``imei``, ``other``: the callee; any order) with each
    received call it bridges (``features.bridged``) — one of ``received`` (``key``, ``t``, ``duration``,
    ``intl``, ``other``: the caller) received by the same number, or by a number that had placed a call from
    the call's handset in an earlier second (``uses``: ``group`` the handset, ``key`` the number, ``first``
    the second of its first use, as ``handset.numbers``' uses; a use after a placed call's second does not
    count for it). One row per pair: ``row`` (the placed call's position), ``to`` (its callee), ``t``,
    ``intl`` (the call in came from abroad), ``up`` (its caller: the number the relay put through), ``at``
    (the number that answered it), ``s`` (when it started). Numbers and handsets are of one type on both
    sides. Detection reads the pairs as features (``bridged_calls``); ``ringfence warn`` as the people a fraud
    number reached through relays."""
    long = pl.col("duration") >= BRIDGE_MIN_S
    legs = placed.with_row_index("row").filter(long)
    halves = received.filter(long).select(
        "key",
        pl.col("t").cast(pl.Int64).alias("s"),
        pl.col("duration").cast(pl.Int64).alias("rd"),
        pl.col("intl").fill_null(False),
        pl.col("other").alias("up"),
        pl.col("key").alias("at"),
    )
    calls = legs.select(
        pl.col("row").cast(pl.Int64),
        "key",
        pl.col("t").cast(pl.Int64),
        pl.col("duration").cast(pl.Int64).alias("d"),
        pl.col("other").alias("to"),
    )
    same = _pairs(calls, halves.with_columns(pl.lit(_ALWAYS, pl.Int64).alias("since")))
    # The received calls of every number on each handset, for the calls placed from it.
    linked = halves.join(uses.select("group", "key", pl.col("first").cast(pl.Int64).alias("since")), on="key")
    on_handset = _pairs(
        calls.with_columns(legs["imei"].alias("key")).filter(pl.col("key").is_not_null()),
        linked.select(pl.col("group").alias("key"), "s", "rd", "intl", "since", "up", "at"),
    )
    return pl.concat([same, on_handset])


@dataclass(frozen=True)
class Bridges:
    """What ``bridged_calls`` finds: per placed call, bridged and bridged from abroad; and the
    ``REACH`` pairs."""

    bridged: Bools
    bridged_intl: Bools
    reach: pl.DataFrame


def bridged_calls(placed: pl.DataFrame, received: pl.DataFrame, uses: pl.DataFrame) -> Bridges:
    """``features.bridged`` at each placed call and where the received half came from abroad; and
    the ``REACH`` pairs of the calls from abroad bridged (arguments as ``bridge_pairs``)."""
    pairs = bridge_pairs(placed, received, uses)
    found = np.zeros(placed.height, dtype=np.bool_)
    found_intl = np.zeros(placed.height, dtype=np.bool_)
    hits = pairs.group_by("row").agg(pl.col("intl").any())
    if hits.height:
        rows = hits["row"].to_numpy()
        found[rows] = True
        found_intl[rows[hits["intl"].to_numpy()]] = True
    reach = (
        pairs.filter(pl.col("intl") & pl.col("up").is_not_null())  # (a caller not kept: none)
        .group_by(pl.col("up").alias("group"), pl.col("to").alias("key"))
        .agg((pl.col("t").min() + 1).alias("first"))
    )
    return Bridges(found, found_intl, reach)
