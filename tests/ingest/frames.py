"""Call records as text, the way a reader hands them to validation: one call repeated, with the columns
a test varies."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ringfence.ingest.validate import LINE


def call_rows(n: int, **columns: Sequence[str] | pl.Series) -> pl.DataFrame:
    """``n`` text rows of the same call (distinct ids, line numbers from 1) with ``columns`` added or
    replaced (each ``n`` values)."""
    base: dict[str, Sequence[str] | pl.Series] = {
        "call_id": pl.int_range(0, n, eager=True).cast(pl.String),
        "caller": ["+8613812345678"] * n,
        "callee": ["+8613912345678"] * n,
        "start_time": ["2026-11-24T08:15:02+08:00"] * n,
        "duration_s": ["5"] * n,
    }
    return pl.DataFrame(base | columns).with_columns(pl.int_range(1, n + 1, dtype=pl.Int64).alias(LINE))
