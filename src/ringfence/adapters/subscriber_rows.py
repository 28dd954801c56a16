"""What both stores do to a subscriber feed before writing it: the contract's columns, one row per
number (the last one of a feed wins: a feed lists a number's latest state), and how rows compare."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from ringfence.ingest import SUBSCRIBERS
from ringfence.ingest.validate import canonical_schema

__all__ = ["FIELDS", "SCHEMA", "feed_rows", "same_card"]

#: Stored columns besides the organisation, in contract order.
FIELDS: tuple[str, ...] = SUBSCRIBERS.names
#: The frame holder reads return: the organisation, then the subscriber columns.
SCHEMA: dict[str, pl.DataType] = {"org": pl.String(), **canonical_schema(SUBSCRIBERS)}


def feed_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The feed's rows as dicts of every stored column, last row per number; refuses rows without a
    number as the records stores do (a database would skip them silently)."""
    if "number" not in frame.columns or frame["number"].null_count() > 0:
        raise ValueError("subscriber records without number cannot be stored")
    schema = canonical_schema(SUBSCRIBERS)
    columns = [pl.col(c) if c in frame.columns else pl.lit(None).alias(c) for c in FIELDS]
    clean = (
        frame.select(columns)
        .cast(schema)  # type: ignore[arg-type]
        .unique(subset="number", keep="last", maintain_order=True)
    )
    return list(clean.iter_rows(named=True))


def same_card(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return all(old.get(c) == new.get(c) for c in FIELDS)
