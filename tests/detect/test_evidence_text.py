"""The evidence of a rule's first firing is written as ``json.dumps`` of the feature values would
write it, byte for byte, whatever the values (counts, shares, NaN, infinities, absent)."""

from __future__ import annotations

import json

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.incremental import _evidence, _evidence_writer, _plain

_VALUE = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**18), 10**18))
_NAME = st.text(min_size=0, max_size=8)


@given(st.lists(st.tuples(_NAME, _VALUE), max_size=5))
def test_evidence_is_what_json_writes(pairs: list[tuple[str, float | int | None]]) -> None:
    names = [n for n, _ in pairs]
    row = [v for _, v in pairs]
    expected = json.dumps({f: _plain(v) for f, v in zip(names, row, strict=True)})
    assert _evidence_writer(names)(row) == expected


_FLOATS = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
_COLUMN = st.one_of(
    st.tuples(st.just(pl.Float64), st.lists(_FLOATS, min_size=3, max_size=3)),
    st.tuples(
        st.just(pl.Int64),
        st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)), min_size=3, max_size=3),
    ),
    st.tuples(st.just(pl.Boolean), st.lists(st.one_of(st.none(), st.booleans()), min_size=3, max_size=3)),
)


@given(st.lists(st.tuples(_NAME, _COLUMN), max_size=4, unique_by=lambda c: c[0]))
def test_evidence_written_column_wise_is_what_json_writes(
    columns: list[tuple[str, tuple[pl.DataType, list[object]]]],
) -> None:
    frame = pl.DataFrame([pl.Series(name, values, dtype=dtype) for name, (dtype, values) in columns])
    if not frame.width:
        return
    expected = [_evidence_writer(frame.columns)(row) for row in frame.rows()]
    assert _evidence(frame).to_list() == expected


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=50))
def test_plain_floats_are_cast_to_text_as_repr_writes_them(values: list[float]) -> None:
    frame = pl.DataFrame({"x": values}, schema={"x": pl.Float64})
    assert _evidence(frame).to_list() == ["{" + f'"x": {v!r}' + "}" for v in values]


def test_names_polars_reads_as_patterns_are_names() -> None:
    """A feature named ``*`` or ``^x$`` is one column (``pl.col`` would read every column, or a
    pattern) — found by Hypothesis."""
    frame = pl.DataFrame({"a": [None, 1.0], "*": [None, 2.0], "^a$": [3.0, None]})
    assert _evidence(frame).to_list() == [_evidence_writer(frame.columns)(row) for row in frame.rows()]
