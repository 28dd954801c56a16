"""How many numbers a card's holder has with the operator: the subscriber feed's numbers that share the
card's ``id_hash`` (and its ``operator``, when the feed names one).

Since 2016 an identity may hold at most five cards with each operator (MIIT's real-name rules, "一证
五号"). An identity with many more is a unit account: a company's lines, registered with a business
licence and a responsible person, and issued in bulk (an office of telesales agents or debt
collectors, all new on the same day and all in one cell). A ring's cards are bought under borrowed or
black-market identities, a handful each, or sit in a SIM box sharing its ports; ``X-CORPORATE`` is
written so that neither is exempted (``rules.toml``).

Every engine reads the same counts (the batch engines as a column of their subscriber table, the
streaming engines as a mapping): one function, so that a feed with repeated numbers or no identities
counts alike everywhere."""

from __future__ import annotations

import polars as pl

__all__ = ["PERSONAL_LIMIT", "holder_cards"]

#: Cards one identity may hold with one operator (一证五号).
PERSONAL_LIMIT = 5


def holder_cards(subscribers: pl.DataFrame, number: str = "number") -> pl.DataFrame:
    """``number`` (or the column named: each number once, as first listed) and ``holder_cards``
    (Int64): the numbers of the feed whose holder has the same ``id_hash`` with the same ``operator``
    (null ``operator``s together); null where the record has no ``id_hash`` or the feed has no such
    column. A number listed twice is counted once, with its first record's holder."""
    subs = subscribers.unique(number, keep="first", maintain_order=True)
    if "id_hash" not in subs.columns:
        return subs.select(number, pl.lit(None, pl.Int64).alias("holder_cards"))
    groups = ["id_hash", *(["operator"] if "operator" in subs.columns else [])]
    count = pl.len().over(groups).cast(pl.Int64)
    return subs.select(
        number, pl.when(pl.col("id_hash").is_not_null()).then(count).otherwise(None).alias("holder_cards")
    )
