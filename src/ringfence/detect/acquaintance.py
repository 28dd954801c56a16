"""Whether a new card calls its holder's own people: the two measures that look across numbers.

A dialer on a new card calls strangers; an ordinary person on a new card calls the people they have
always called. Two facts in the data tell them apart, declared here once for every engine:

* ``known`` — a placed call to someone who had called one of the holder's *previous numbers*
  strictly before the call (someone who calls the holder: a dialer's earlier card is rarely called
  by its victims, so a replacement card redialling the same list gains nothing from it). A
  previous number of K is a number with the same ``id_hash`` in the subscriber feed activated
  strictly before K (both activation times known), or a number that had placed calls from a
  handset (IMEI) before K first did, once K has used it.
* ``tied`` — a placed call to Y where some other callee Z of the caller (called strictly before)
  had been in contact with Y strictly before the call: the callees know each other (a triangle).

Both are measured only on calls placed by a new card (``NEW_CARD_DAYS``): that is where the question
is asked, and it keeps the cross-number work proportional to new cards' callees.

In the vectorised engine both become, per (caller, callee) pair, the first second from which a call
on that pair counts (``known_from``, ``tied_from``); a placed call at ``t`` is known / tied when
that second is ``<= t``. The streaming engine keeps each number's contacts and answers the same
question per event (``ringfence.detect.stream``).
"""

from __future__ import annotations

import polars as pl

__all__ = ["acquaintance_from", "previous_by_identity", "previous_numbers"]

_NEVER = -(2**62)  # "since forever": a previous number by identity counts from the start


def previous_by_identity(subscribers: pl.DataFrame, number: str = "number") -> pl.DataFrame:
    """Pairs (``key``, ``previous``): numbers whose holder (same ``id_hash``) had an earlier card.

    ``subscribers`` has ``number`` (or the column named), ``id_hash`` and ``activated`` (epoch
    seconds); rows without either are ignored, and a number's first row is its record."""
    empty = pl.DataFrame(schema={"key": subscribers.schema.get(number, pl.String), "previous": pl.String})
    if "id_hash" not in subscribers.columns or not subscribers.height:
        return empty.cast({"previous": empty.schema["key"]})
    subs = (
        subscribers.unique(number, keep="first", maintain_order=True)
        .select(pl.col(number).alias("key"), "id_hash", "activated")
        .drop_nulls(["id_hash", "activated"])
    )
    pairs = subs.join(subs, on="id_hash", suffix="_p")
    return pairs.filter(pl.col("activated_p") < pl.col("activated")).select(
        "key", pl.col("key_p").alias("previous")
    )


def previous_numbers(subscribers: pl.DataFrame | None) -> list[tuple[str, str]]:
    """``previous_by_identity`` of subscriber records as read (``activated_at`` a timestamp)."""
    if subscribers is None or not subscribers.height or "id_hash" not in subscribers.columns:
        return []
    frame = subscribers.select("number", "id_hash", pl.col("activated_at").dt.epoch("s").alias("activated"))
    pairs = previous_by_identity(frame)
    return list(zip(pairs["key"].to_list(), pairs["previous"].to_list(), strict=True))


def acquaintance_from(
    calls: pl.DataFrame,
    callers: pl.Series,
    previous: pl.DataFrame,
    handset_uses: pl.DataFrame,
) -> pl.DataFrame:
    """For every (``key``, ``other``) pair a caller in ``callers`` placed calls on: ``known_from``
    and ``tied_from`` (epoch seconds, null: never).

    ``calls``: every on-time call as ``caller``, ``callee``, ``t``; ``previous``: (``key``,
    ``previous``) by identity; ``handset_uses``: the first use of each handset by each number
    (``group``, ``key``, ``first``). Keys may be strings or integer codes, the same in all four."""
    schema = {"key": calls.schema["caller"], "other": calls.schema["callee"]}
    if not len(callers) or not calls.height:  # no new card: nothing to measure (no pass over calls)
        return pl.DataFrame(schema={**schema, "known_from": pl.Int64, "tied_from": pl.Int64})
    lazy = calls.lazy().select("caller", "callee", "t")
    wanted = callers.implode()
    first_out = (
        lazy.filter(pl.col("caller").is_in(wanted))
        .group_by(pl.col("caller").alias("key"), pl.col("callee").alias("other"))
        .agg(pl.col("t").min().alias("first"))
        .collect()
        .lazy()
    )
    # Only the contacts of the new cards' callees are read (not every pair in the run).
    callees = first_out.select(pl.col("other").unique().alias("a"))
    contacts = (
        pl.concat(
            [
                lazy.select(pl.col("caller").alias("a"), pl.col("callee").alias("b"), "t"),
                lazy.select(pl.col("callee").alias("a"), pl.col("caller").alias("b"), "t"),
            ]
        )
        .join(callees, on="a", how="semi")
        .filter(pl.col("a") != pl.col("b"))
        .group_by("a", "b")
        .agg(pl.col("t").min().alias("tb"))
    )
    # Triangles: K called Z, Z and Y were in contact; counts from when both had happened.
    tied = (
        first_out.filter(pl.col("other") != pl.col("key"))
        .join(contacts, left_on="other", right_on="a")
        .filter(pl.col("b") != pl.col("key"))
        .group_by("key", pl.col("b").alias("other"))
        .agg((pl.max_horizontal("first", "tb") + 1).min().alias("tied_from"))
    )
    # Previous numbers: by identity (always), by handset (once K uses the handset P used before).
    uses = handset_uses.lazy().select("group", "key", "first")
    by_handset = (
        uses.filter(pl.col("key").is_in(wanted))
        .join(uses, on="group", suffix="_p")
        .filter((pl.col("key_p") != pl.col("key")) & (pl.col("first_p") < pl.col("first")))
        .select("key", pl.col("key_p").alias("previous"), pl.col("first").alias("since"))
    )
    by_identity = (
        previous.lazy()
        .filter(pl.col("key").is_in(wanted))
        .select("key", "previous", pl.lit(_NEVER, pl.Int64).alias("since"))
    )
    prev = (
        pl.concat([by_identity, by_handset.with_columns(pl.col("since").cast(pl.Int64))])
        .group_by("key", "previous")
        .agg(pl.col("since").min())
    )
    callers_of = (
        lazy.filter(pl.col("caller") != pl.col("callee"))
        .join(prev.select(pl.col("previous").unique().alias("callee")), on="callee", how="semi")
        .group_by(pl.col("callee").alias("a"), pl.col("caller").alias("b"))
        .agg(pl.col("t").min().alias("tb"))
    )
    known = (
        prev.join(callers_of, left_on="previous", right_on="a")
        .filter(pl.col("b") != pl.col("key"))
        .group_by("key", pl.col("b").alias("other"))
        .agg(pl.max_horizontal("since", pl.col("tb") + 1).min().alias("known_from"))
    )
    return (
        first_out.select("key", "other")
        .join(known, on=["key", "other"], how="left")
        .join(tied, on=["key", "other"], how="left")
        .collect()
    )
