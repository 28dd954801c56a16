"""Shadow runs: what a draft policy would change against the live one, number by number."""

from __future__ import annotations

import polars as pl

from ringfence.detect.policy import VERDICTS

__all__ = ["compare"]


def compare(live: pl.DataFrame, draft: pl.DataFrame) -> pl.DataFrame:
    """One row per number whose verdict differs: ``added``, ``removed``, ``raised`` or ``lowered``."""
    order = {v: i + 1 for i, v in enumerate(VERDICTS)}
    a = live.select("number", pl.col("verdict").alias("live_verdict"), pl.col("score").alias("live_score"))
    b = draft.select("number", pl.col("verdict").alias("draft_verdict"), pl.col("score").alias("draft_score"))
    joined = a.join(b, on="number", how="full", coalesce=True)
    lv = pl.col("live_verdict").replace_strict(order, default=0, return_dtype=pl.Int8)
    dv = pl.col("draft_verdict").replace_strict(order, default=0, return_dtype=pl.Int8)
    change = (
        pl.when(lv == 0)
        .then(pl.lit("added"))
        .when(dv == 0)
        .then(pl.lit("removed"))
        .when(dv > lv)
        .then(pl.lit("raised"))
        .when(dv < lv)
        .then(pl.lit("lowered"))
    )
    return (
        joined.with_columns(change.alias("change"))
        .filter(pl.col("change").is_not_null())
        .sort("change", "number")
    )
