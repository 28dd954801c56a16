"""``SeenIds`` marks exactly the first occurrence of every id, within a batch and across batches, before
its prefix bitmap is made, after, and across the batch that makes it."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.ingest.seen import SeenIds


def _check_batch(seen: SeenIds, known: set[str], batch: list[str]) -> None:
    """``first_occurrences`` against a set of the ids seen so far (updated)."""
    expected = []
    for value in batch:
        expected.append(value not in known)
        known.add(value)
    assert seen.first_occurrences(pl.Series(batch, dtype=pl.String)).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 60).map(str), max_size=40), max_size=8),
    st.sampled_from([0, 1, 25, SeenIds.BITMAP_AFTER]),
)
def test_first_occurrences_across_batches(batches: list[list[str]], bitmap_after: int) -> None:
    seen = SeenIds()
    seen.BITMAP_AFTER = bitmap_after
    known: set[str] = set()
    for batch in batches:
        _check_batch(seen, known, batch)
    assert seen.count == len(known)


@pytest.mark.parametrize("bitmap_after", [0, 60_000, SeenIds.BITMAP_AFTER])
def test_large_batches_with_and_without_repeats(bitmap_after: int) -> None:
    rng = np.random.default_rng(3)
    seen = SeenIds()
    seen.BITMAP_AFTER = bitmap_after
    known: set[str] = set()
    for size, high in [(50_000, 10**12), (50_000, 10**12), (20_000, 60_000), (30_000, 10**12)]:
        batch = [str(v) for v in rng.integers(0, high, size=size)] + sorted(known)[:10]
        _check_batch(seen, known, batch)
    assert (seen._prefixes is not None) == (seen.count >= bitmap_after)  # made exactly when due
