"""The sorted-array lookups that replaced per-chunk joins in ``detect`` answer exactly as a left join."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.batch import FirstUses
from ringfence.detect.columnar import _lookup

codes = st.integers(min_value=0, max_value=40)


@settings(max_examples=150, deadline=None)
@given(
    table=st.dictionaries(codes, st.one_of(st.none(), st.integers(-5, 5)), max_size=20),
    asked=st.lists(codes, max_size=30),
)
def test_lookup_is_a_left_join(table: dict[int, int | None], asked: list[int]) -> None:
    frame = pl.DataFrame(
        {"key": list(table), "v": list(table.values())}, schema={"key": pl.UInt64, "v": pl.Int32}
    ).sort("key")
    keys = pl.Series("key", asked, dtype=pl.UInt64)
    joined = keys.to_frame().join(frame, on="key", how="left", maintain_order="left")["v"]
    assert _lookup(frame, keys, "v").to_list() == joined.to_list()


@settings(max_examples=150, deadline=None)
@given(
    uses=st.lists(st.tuples(codes, codes, st.integers(0, 100)), max_size=30),
    asked=st.lists(st.tuples(codes, st.integers(0, 100)), max_size=30),
    shift=st.sampled_from([0, 1 << 32, (1 << 40) + 3]),
    t0=st.sampled_from([0, 1_700_000_000]),
)
def test_first_uses_count_the_keys_a_group_had_by_then(
    uses: list[tuple[int, int, int]], asked: list[tuple[int, int]], shift: int, t0: int
) -> None:
    """As many keys as had a first use by then, whether codes and times pack into 64 bits or codes
    past 32 bits take the two-column sort."""
    first: dict[tuple[int, int], int] = {}
    for group, key, t in uses:
        first[(group, key)] = min(t, first.get((group, key), t))

    def counts(offset: int) -> list[int]:
        pairs = pl.DataFrame(
            {
                "group": [g + offset for g, _ in first],
                "key": [k for _, k in first],
                "first": [f + t0 for f in first.values()],
            },
            schema={"group": pl.UInt64, "key": pl.UInt64, "first": pl.Int64},
        )
        asked_groups = pl.Series([g + offset for g, _ in asked], dtype=pl.UInt64)
        asked_t = pl.Series([t + t0 for _, t in asked], dtype=pl.Int64).to_numpy()
        return FirstUses(pairs, t0, t0 + 100).count(asked_groups, asked_t).tolist()

    expected = [sum(1 for (g2, _), f in first.items() if g2 == g and f <= t) for g, t in asked]
    assert counts(0) == expected
    assert counts(shift) == expected
