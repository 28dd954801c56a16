"""How many numbers a card's holder has with the operator in the card's city: the subscriber feed's
numbers that share the card's ``id_hash`` (and its ``operator`` and home city, where the feed gives
them).

Since 2016 an identity may hold at most five cards with each operator (MIIT's real-name rules, "一证
五号"). An identity with many more is a unit account: a company's lines, registered with a business
licence and a responsible person, and issued in bulk (an office of telesales agents or debt
collectors, all new on the same day and all in one cell). A ring's cards are bought under borrowed or
black-market identities, a handful each, or sit in a SIM box sharing its ports; ``X-CORPORATE`` is
written so that neither is exempted (``rules.toml``).

A company's lines are issued by the branch of its city, so they share a home region. Cards a ring
registered under one identity through a dealer (实名不实人) come from wherever the dealer had them: our
simulator's rings held 15 and 18 cards under one identity in one seed, from six and seven cities, and
X-CORPORATE held seven of their dialers at ``watch`` (up to 513 calls to 469 strangers, numbers in
sequence). Counted per city, no ring's identity reaches eleven there, and an office's cards all do.
Regions are compared as cities (``region_city``: "青岛", "青岛市" and "0532" are one city), so a feed
that writes them two ways still counts an office whole; a card with no home region counts with the
holder's others that have none.

Every engine reads the same counts (the batch engines as a column of their subscriber table, the
streaming engines as a mapping): one function, so that a feed with repeated numbers or no identities
counts alike everywhere."""

from __future__ import annotations

import polars as pl

from ringfence.detect.numbering import region_cities

__all__ = ["PERSONAL_LIMIT", "holder_cards", "holder_of"]

#: Cards one identity may hold with one operator (一证五号).
PERSONAL_LIMIT = 5


def holder_cards(
    subscribers: pl.DataFrame, number: str = "number", region: str = "home_region"
) -> pl.DataFrame:
    """``number`` (or the column named: each number once, as first listed) and ``holder_cards``
    (Int64): the numbers of the feed whose holder has the same ``id_hash`` with the same ``operator``
    in the same home city (the column ``region`` as a city where it names one, else as written; nulls
    of either together); null where the record has no ``id_hash`` or the feed has no such column. A
    number listed twice is counted once, with its first record's holder."""
    subs = subscribers.unique(number, keep="first", maintain_order=True)
    if "id_hash" not in subs.columns:
        return subs.select(number, pl.lit(None, pl.Int64).alias("holder_cards"))
    groups = ["id_hash", *(["operator"] if "operator" in subs.columns else [])]
    if region in subs.columns:
        written = subs[region].cast(pl.String)
        subs = subs.with_columns(region_cities(written).fill_null(written).alias("_city"))
        groups.append("_city")
    count = pl.len().over(groups).cast(pl.Int64)
    return subs.select(
        number, pl.when(pl.col("id_hash").is_not_null()).then(count).otherwise(None).alias("holder_cards")
    )


def holder_of(subscribers: pl.DataFrame, number: str = "number") -> pl.DataFrame:
    """``number`` (or the column named: each number once, as first listed) and ``holder`` (String):
    ``id:`` and the record's ``id_hash``, so that a handset's holders are counted as distinct values
    of it (``handset.holders``) in every engine; null where the record has no ``id_hash`` or the feed
    has no such column (the number is its own holder). The identity itself, not one of its numbers: a
    feed given again at a restart with a card added keeps every holder as it was. The prefix keeps it
    apart from every number (engines code both in one space).

    A person's identity, not the operator or the city: one phone carries its owner's cards whatever
    the branch that issued them."""
    subs = subscribers.unique(number, keep="first", maintain_order=True)
    if "id_hash" not in subs.columns:
        return subs.select(number, pl.lit(None, pl.String).alias("holder"))
    return subs.select(number, (pl.lit("id:") + pl.col("id_hash").cast(pl.String)).alias("holder"))
