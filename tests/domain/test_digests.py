from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.digests import digest, prefix_range, valid_prefix


def test_digest_is_plain_sha256_of_the_canonical_form() -> None:
    assert digest("+8613800000001") == hashlib.sha256(b"+8613800000001").hexdigest()
    assert valid_prefix("abcde")
    assert not valid_prefix("abcd")  # too short: the bucket would be too small to hide in
    assert not valid_prefix("ABCDE")
    assert not valid_prefix("abcdg")


@given(st.text(min_size=1, max_size=20), st.integers(5, 64))
def test_a_digest_lies_in_the_range_of_each_of_its_prefixes(value: str, n: int) -> None:
    d = digest(value)
    low, high = prefix_range(d[:n])
    assert low <= d < high
