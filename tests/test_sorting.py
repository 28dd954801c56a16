from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.sorting import sorted_u64


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 20_000), st.integers(0, 2**32 - 1), st.sampled_from([2, 2**16, 2**63, 2**64]))
def test_the_same_array_as_numpys_sort(n: int, seed: int, high: int) -> None:
    """Small and large arrays, few or many distinct values, up to the top bit: NumPy's answer."""
    values = np.random.default_rng(seed).integers(0, high, n, dtype=np.uint64, endpoint=False)
    out = sorted_u64(values)
    assert out.dtype == np.uint64
    np.testing.assert_array_equal(out, np.sort(values))
