"""Validation's shortcuts (``validate.FAST_PATHS``) change nothing: on batches mixing clean digit
strings with every kind of irregular value, typed or as text, the accepted and rejected rows are
exactly those of the full checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ringfence.detect.codes import Codes
from ringfence.ingest import validate
from ringfence.ingest.contract import CALLS, MESSAGES, SUBSCRIBERS, ColumnType, Contract
from ringfence.ingest.fields import parse_timestamp_series
from ringfence.ingest.validate import LINE, code_column, validate_frame
from tests.ingest.frames import call_rows

# Values that pass a shortcut, values that almost do, and values that must go the long way.
DIGITS = [
    "0",
    "7",
    "00012",
    "1234567890123",
    "12345678901234567",
    "861234567890123",
    "8612345678901234",
    "12345678901234",
    "18446744073709551615",
    "000000000000000",  # IMEI placeholders: no handset
    "8888888888888888",
    "00000000000000",
    "999999999999990",
]
IRREGULAR = [
    None,
    "",
    "   ",
    " 123",
    "123 ",
    "\t861234567890123",
    "861234567890123\n",
    "+861234567890123",
    "+123",
    "-1",
    "1.0",
    "12AB",
    "18446744073709551616",
    "١٢٣٤٥٦٧٨٩٠١٢٣٤",  # Arabic-Indic digits: \\d in a Rust pattern
    "８６１２３４５６７８９０１２３",  # full-width digits
    "CD-0231",
    "成都",
    "\u00a0861234567890123",
    "861234567890123\u3000",
    "110101199003074514",  # an identity number in the clear
    "110101900307451",
]
NUMBERS = [
    "+8613812345678",
    "+8617012345678",
    "+8614012345678",
    "13812345678",
    "10690000123",
    "+21620179993",
    "008613812345678",
    "+86138123456789",
    "+861381234567",
    "+8623812345678",
    " +8613812345678",
    "+8613812345678 ",
    "95588",
]
T0 = datetime(2026, 11, 24, tzinfo=UTC)


def _value(draw: st.DrawFn, kind: ColumnType, clean: bool) -> object:
    if kind is ColumnType.NUMBER:
        pool = NUMBERS[:1] if clean else NUMBERS + IRREGULAR
    elif kind is ColumnType.TIMESTAMP:
        return T0 + timedelta(seconds=draw(st.integers(-10, 10)) * 3600)
    elif kind is ColumnType.DURATION:
        return draw(st.sampled_from([0, 5, 95, -1, 200_000]))
    elif kind is ColumnType.YEAR:
        pool = ["1990", "1850", "2101", "", "x", "1990.0"]
    else:
        pool = DIGITS if clean else [*DIGITS, *IRREGULAR, *NUMBERS]
    return draw(st.sampled_from(pool))


@st.composite
def batches(draw: st.DrawFn) -> tuple[Contract, pl.DataFrame]:
    contract = draw(st.sampled_from([CALLS, MESSAGES, SUBSCRIBERS]))
    n = draw(st.integers(1, 40))
    dirty_share = draw(st.sampled_from([0, 0, 1, 5, 20]))  # percent-ish: most batches nearly clean
    typed = draw(st.booleans())
    data: dict[str, list[object]] = {}
    for col in contract.columns:
        if col.choices:
            data[col.name] = [draw(st.sampled_from([*col.choices, "Intra ", "mars", None])) for _ in range(n)]
            continue
        data[col.name] = [_value(draw, col.type, draw(st.integers(0, 99)) >= dirty_share) for _ in range(n)]
    schema: dict[str, pl.DataType] = {}
    for col in contract.columns:
        if col.type is ColumnType.TIMESTAMP:
            schema[col.name] = pl.Datetime("us", "UTC")
        elif col.type is ColumnType.DURATION:
            schema[col.name] = pl.Int64()
        else:
            schema[col.name] = pl.String()
    frame = pl.DataFrame(data, schema=schema)
    if not typed:
        frame = frame.with_columns(pl.all().cast(pl.String))
    return contract, frame.with_columns(pl.int_range(1, n + 1, dtype=pl.Int64).alias(LINE))


def _both(contract: Contract, frame: pl.DataFrame) -> None:
    fast_good, fast_bad = validate_frame(frame, contract)
    validate.FAST_PATHS = False
    try:
        full_good, full_bad = validate_frame(frame, contract)
    finally:
        validate.FAST_PATHS = True
    assert_frame_equal(fast_good, full_good)
    assert_frame_equal(fast_bad, full_bad)
    # With the codes of digit strings: the same records, and every code known is the exact one.
    coded_good, coded_bad = validate_frame(frame, contract, digit_codes=contract.names)
    known = [c for c in coded_good.columns if c not in full_good.columns]
    assert_frame_equal(coded_good.drop(known), full_good)
    assert_frame_equal(coded_bad, full_bad)
    for column in known:
        name = column.removeprefix("_code_")
        assert column == code_column(name)
        exact = Codes().encode(coded_good[name])
        got = coded_good[column]
        assert got.dtype == pl.UInt64
        assert (got.is_null() | (got == exact)).all()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_shortcuts_agree_with_the_full_checks(batch: tuple[Contract, pl.DataFrame]) -> None:
    _both(*batch)


@pytest.mark.parametrize("first_clean", [True, False])
def test_a_column_whose_first_rows_fail_is_checked_in_full(first_clean: bool) -> None:
    ids = [f"{i}" for i in range(600)]
    ids[0 if not first_clean else 599] = " x"
    frame = pl.DataFrame(
        {
            "call_id": ids,
            "caller": ["+8613812345678"] * 600,
            "callee": ["13812345678"] * 300 + ["+8613812345678"] * 300,
            "start_time": ["2026-11-24T08:15:02+08:00"] * 600,
            "duration_s": ["5"] * 600,
        }
    ).with_columns(pl.int_range(1, 601, dtype=pl.Int64).alias(LINE))
    _both(CALLS, frame)
    good, _ = validate_frame(frame, CALLS, digit_codes=("caller", "callee"))
    assert good[code_column("caller")].null_count() == 0
    assert code_column("callee") not in good.columns  # its first rows are written bare: coded later
    assert set(good["callee"]) == {"+8613812345678"}
    assert "x" in set(good["call_id"])


# Integers in range (the shortcut), irregular values and values out of range (the full checks).
WHOLE = ["0", "5", "05", "+5", "-0", "172800", "00000000000000000000001"]
DURATIONS = ["-1", "172801", " 5", "5 ", "5.0", "5.5", "1e3", "x", "", "٥", "+", "NaN", "inf", "0x5", None]
DURATIONS += ["9223372036854775807", "9223372036854775808"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WHOLE) | st.sampled_from(DURATIONS), min_size=1, max_size=30))
def test_whole_seconds_agree_with_the_full_checks(durations: list[str | None]) -> None:
    """Text durations: integers in range take a shortcut, everything else the full checks."""
    n = len(durations)
    text = ["call_id", "caller", "callee", "start_time", "duration_s"]
    frame = pl.DataFrame(
        {
            "call_id": [str(i) for i in range(n)],
            "caller": ["+8613812345678"] * n,
            "callee": ["+8613912345678"] * n,
            "start_time": ["2026-11-24T08:15:02+08:00"] * n,
            "duration_s": durations,
        },
        schema=dict.fromkeys(text, pl.String),
    ).with_columns(pl.int_range(1, n + 1, dtype=pl.Int64).alias(LINE))
    _both(CALLS, frame)
    good, _ = validate_frame(frame, CALLS)
    assert good["duration_s"].dtype == pl.Int64


_TIME_PART = st.sampled_from(
    ["2026-11-24", "2026-02-30", "2026-1-05", "2026-11-24T08:15:02", "2026-11-24 08:15:02", "2026-11-24 8:15"]
)
_TIME_TAIL = st.sampled_from(["", "+08:00", "Z", "-05:30", "+99:99", ".5+08:00", " ", "  x"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_TIME_PART, _TIME_TAIL, st.sampled_from(["", " "])), min_size=1, max_size=12))
def test_a_timestamp_parses_the_same_alone_and_among_others(parts: list[tuple[str, str, str]]) -> None:
    """``parse_timestamp_series`` skips work a batch does not need (no value with a space: no space
    to replace by ``T``); each value parsed alone, with its own shortcuts, gives what the batch gave."""
    values = pl.Series("t", [pad + day + tail for day, tail, pad in parts], dtype=pl.String)
    together = parse_timestamp_series(values)
    alone = pl.concat([parse_timestamp_series(values.slice(i, 1)) for i in range(len(values))])
    assert together.to_list() == alone.to_list()


@pytest.mark.parametrize(
    ("imeis", "uncoded"),
    [
        (["4901542032375103"] * 300, 0),  # every row rewritten by the shortcut
        # a placeholder (no handset) and a value with a space (the full checks) have no code
        (
            ["4901542032375103", "490154203237518", "01015420323751", "000000000000000", " 490154203237518"]
            * 60,
            120,
        ),
    ],
)
def test_imeis_rewritten_by_the_shortcut_are_the_full_checks_values(imeis: list[str], uncoded: int) -> None:
    """An IMEISV or a bare 14-digit body is valid but not kept as written: the shortcut gives the
    15-digit IMEI, and its code, as the full checks do (a leading zero kept)."""
    frame = call_rows(len(imeis), caller_imei=imeis)
    _both(CALLS, frame)
    good, _ = validate_frame(frame, CALLS, digit_codes=("caller_imei",))
    assert set(good["caller_imei"].drop_nulls()) <= {"490154203237518", "010154203237519"}
    assert good[code_column("caller_imei")].null_count() == uncoded
