"""The declarations of the two measures that need state (``sequential``, ``callback``) mean the same
per event (integers: the streaming engine) and per column (Polars, NumPy: the vectorised engines)."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.features import (
    SEQUENTIAL_BAND,
    SHARED_HANDSET_NUMBERS,
    callback,
    dialled_value,
    dialled_value_expr,
    sequential,
    shared_handset,
)

# Numbers as records write them, near neighbours, and what a number column should never hold.
NUMBERS = st.one_of(
    st.from_regex(r"\+{0,2}-?[0-9]{1,20}", fullmatch=True),
    st.integers(13_800_000_000 - 120, 13_800_000_000 + 120).map(lambda n: f"+86{n}"),
    st.text(max_size=6),
    st.sampled_from(["", "+", "-", "--1", "-+1", " 1", "1_0", "١٢٣", "９", "9223372036854775808"]),
)


@given(st.lists(NUMBERS, min_size=1, max_size=30))
def test_dialled_values_per_event_are_those_of_the_column(numbers: list[str]) -> None:
    column = pl.DataFrame({"n": numbers}, schema={"n": pl.String}).select(dialled_value_expr(pl.col("n")))
    assert column.to_series().to_list() == [dialled_value(n) for n in numbers]


@given(st.lists(st.tuples(NUMBERS, NUMBERS), min_size=1, max_size=30))
def test_sequential_per_event_is_sequential_per_column(pairs: list[tuple[str, str]]) -> None:
    def per_event(previous: str, callee: str) -> bool:
        value, before = dialled_value(callee), dialled_value(previous)
        return (
            value is not None and before is not None and sequential(value, len(callee), before, len(previous))
        )

    frame = pl.DataFrame(pairs, schema={"previous": pl.String, "callee": pl.String}, orient="row")
    value, before = dialled_value_expr(pl.col("callee")), dialled_value_expr(pl.col("previous"))
    hit = sequential(value, pl.col("callee").str.len_chars(), before, pl.col("previous").str.len_chars())
    assert frame.select(hit.fill_null(False)).to_series().to_list() == [per_event(p, c) for p, c in pairs]


def test_sequential_is_within_the_band_of_a_different_number_of_the_same_length() -> None:
    assert sequential(100 + SEQUENTIAL_BAND, 3, 100, 3)
    assert sequential(100 - SEQUENTIAL_BAND, 3, 100, 3)
    assert not sequential(100 + SEQUENTIAL_BAND + 1, 3, 100, 3)
    assert not sequential(100, 3, 100, 3)  # the same number again works no list
    assert not sequential(101, 4, 100, 3)  # "+101" after "100": written differently


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=30))
def test_callback_is_the_same_on_integers_arrays_and_columns(times: list[tuple[int, int]]) -> None:
    t, first = (np.array(c, dtype=np.int64) for c in zip(*times, strict=True))
    per_event = [callback(a, b) for a, b in times]
    assert callback(t, first).tolist() == per_event
    frame = pl.DataFrame({"t": t, "first": first})
    assert frame.select(callback(pl.col("t"), pl.col("first"))).to_series().to_list() == per_event
    assert not callback(5, 5)  # calls in the same second cross: neither calls the other back


def test_shared_handset_counts_from_the_third_number() -> None:
    """A dual-SIM phone carries two numbers; the same test on integers, arrays and expressions."""
    assert not shared_handset(2)
    assert shared_handset(3)
    assert shared_handset(np.array([0, 2, 3, 9])).tolist() == [False, False, True, True]
    frame = pl.DataFrame({"n": [0, 2, 3, 9]})
    assert frame.select(shared_handset(pl.col("n")))["n"].to_list() == [False, False, True, True]
    assert SHARED_HANDSET_NUMBERS == 3
