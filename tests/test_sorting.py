from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.sorting import merge_sorted, positions, sorted_u64


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 20_000), st.integers(0, 2**32 - 1), st.sampled_from([2, 2**16, 2**63, 2**64]))
def test_the_same_array_as_numpys_sort(n: int, seed: int, high: int) -> None:
    """Small and large arrays, few or many distinct values, up to the top bit: NumPy's answer."""
    values = np.random.default_rng(seed).integers(0, high, n, dtype=np.uint64, endpoint=False)
    out = sorted_u64(values)
    assert out.dtype == np.uint64
    np.testing.assert_array_equal(out, np.sort(values))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 3000), st.integers(0, 3000), st.integers(0, 2**32 - 1), st.sampled_from([4, 2**20, 2**64])
)
def test_positions_find_each_value_or_none(size: int, asked: int, seed: int, high: int) -> None:
    """Hashed (a table up to a few times what is asked) or searched (a larger one), the same answer:
    each value's index in the table, -1 for a value the table does not hold."""
    rng = np.random.default_rng(seed)
    table = np.unique(rng.integers(0, high, size, dtype=np.uint64, endpoint=False))
    values = rng.integers(0, high, asked, dtype=np.uint64, endpoint=False)
    if len(table):
        values[::2] = table[rng.integers(0, len(table), len(values[::2]))]
    at = {int(v): i for i, v in enumerate(table.tolist())}
    assert positions(table, values).tolist() == [at.get(int(v), -1) for v in values.tolist()]


@given(
    st.lists(st.integers(0, 20), max_size=30),
    st.lists(st.integers(0, 20), max_size=30),
)
def test_merge_sorted_is_a_stable_sort_of_the_two_runs(below: list[int], top: list[int]) -> None:
    """Equal values keep ``below``'s first, each value carries its row."""
    b, t = np.sort(np.array(below, dtype=np.uint64)), np.sort(np.array(top, dtype=np.uint64))
    b_rows, t_rows = np.arange(len(b), dtype=np.int64), np.arange(len(t), dtype=np.int64) + 100
    values, rows = merge_sorted(b, t, b_rows, t_rows)
    both = np.concatenate([b, t])
    order = np.argsort(both, kind="stable")
    assert values.tolist() == both[order].tolist()
    assert rows.tolist() == np.concatenate([b_rows, t_rows])[order].tolist()
