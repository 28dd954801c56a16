"""The evidence of a rule's first firing is written as ``json.dumps`` of the feature values would
write it, byte for byte, whatever the values (counts, shares, NaN, infinities, absent)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.incremental import _evidence_writer, _plain

_VALUE = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**18), 10**18))
_NAME = st.text(min_size=0, max_size=8)


@given(st.lists(st.tuples(_NAME, _VALUE), max_size=5))
def test_evidence_is_what_json_writes(pairs: list[tuple[str, float | int | None]]) -> None:
    names = [n for n, _ in pairs]
    row = [v for _, v in pairs]
    expected = json.dumps({f: _plain(v) for f, v in zip(names, row, strict=True)})
    assert _evidence_writer(names)(row) == expected
