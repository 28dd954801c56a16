"""The pieces the fast batch path stands on: exact integer codes, pairs grouped by hash (and what
happens on a collision), first uses of handsets/cells, numbering facts for whole columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect import batch, columnar
from ringfence.detect.codes import Codes
from ringfence.detect.features import KEY_ATTRIBUTES, dialled_value_expr, key_attributes
from ringfence.detect.numbering import key_attribute_frame, kinds, plan_homes
from ringfence.domain.numbers import classify

STRINGS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.from_regex(r"\+?[0-9]{1,20}", fullmatch=True),
    st.sampled_from(["", "+", "++1", "+-1", "007", "0", "成都", "CD-0001", "١٢٣"]),
)


@given(st.lists(STRINGS, max_size=40), st.lists(STRINGS, max_size=10))
def test_codes_are_exact_and_decode_back(first: list[str | None], second: list[str | None]) -> None:
    codes = Codes()
    a, b = codes.encode(pl.Series("a", first)), codes.encode(pl.Series("b", second))
    assert a.dtype == pl.UInt64
    assert codes.decode(a).to_list() == first
    assert codes.decode(b).to_list() == second
    by_code: dict[int, str] = {}
    for value, code in zip(first + second, a.to_list() + b.to_list(), strict=True):
        assert (value is None) == (code is None)
        if value is not None:
            assert by_code.setdefault(code, value) == value  # one string per code
    assert len(set(by_code.values())) == len(by_code)  # one code per string


@given(st.lists(STRINGS, min_size=1, max_size=40))
def test_code_digits_are_what_the_strings_say(values: list[str | None]) -> None:
    codes = Codes()
    got = codes.digits(codes.encode(pl.Series(values, dtype=pl.String)))
    s = pl.col("s")
    expected = pl.DataFrame({"s": values}, schema={"s": pl.String}).select(
        dialled_value_expr(s).alias("other_val"),
        s.str.len_chars().alias("other_len"),
    )
    assert got.to_dicts() == expected.to_dicts()


def _assert_first_sightings(run: np.ndarray, values: pl.Series) -> None:
    """``_Pairs.first`` marks the first row of every (run, value) pair, nulls never: checked by a dict."""
    firsts = set(batch._Pairs(run, values).first(np.ones(len(run), dtype=bool)).tolist())
    expected: dict[tuple[int, Any], int] = {}
    for i, (r, v) in enumerate(zip(run.tolist(), values.to_list(), strict=True)):
        if v is not None:
            expected.setdefault((r, v), i)
    assert firsts == set(expected.values())


@pytest.mark.parametrize("collide", [False, True])
def test_pairs_group_exactly_even_when_hashes_collide(monkeypatch: pytest.MonkeyPatch, collide: bool) -> None:
    if collide:  # integer pairs are hashed in NumPy: every pair alike
        monkeypatch.setattr(batch, "mix64", np.zeros_like)
    rng = np.random.default_rng(4)
    run = np.sort(rng.integers(0, 20, 400))
    values = pl.Series([None if v == 0 else int(v) * 2**40 for v in rng.integers(0, 6, 400)], dtype=pl.UInt64)
    _assert_first_sightings(run, values)


@pytest.mark.parametrize("collide", [False, True])
def test_chunk_events_sort_by_key_then_time_and_ids(monkeypatch: pytest.MonkeyPatch, collide: bool) -> None:
    if collide:  # every key hashes alike: the exact sort must take over
        monkeypatch.setattr(columnar, "mix64", np.zeros_like)
    rng = np.random.default_rng(6)
    n = 500
    ev = pl.DataFrame(
        {
            "key": pl.Series(rng.integers(0, 12, n) * 2**40, dtype=pl.UInt64),
            "t": rng.integers(0, 30, n),
            "seq": [f"s{v}" for v in rng.integers(0, 40, n)],
            "role": pl.Series(rng.choice(["out", "in", "sms_out"], n), dtype=batch.ROLE),
        }
    ).with_row_index("i")
    got = columnar._sorted(ev)
    # Keys together (in any order), each key's events as the full sort orders them.
    expected = ev.sort("key", "t", "seq", "role", "i")
    assert got["key"].rle_id().max() + 1 == got["key"].n_unique()  # type: ignore[operator]
    assert got.sort("key", maintain_order=True).equals(expected)


@pytest.mark.parametrize("keys_drawn", [1, 4, 12, 30])  # one key, groups read in place, searched
def test_first_uses_count_keys_by_then(keys_drawn: int) -> None:
    rng = np.random.default_rng(5)
    groups = pl.Series(rng.integers(0, 5, 300), dtype=pl.UInt64)
    keys = pl.Series(rng.integers(0, keys_drawn, 300), dtype=pl.UInt64)
    t = pl.Series(rng.integers(0, 50, 300), dtype=pl.Int64)
    pairs = (
        pl.DataFrame({"group": groups, "key": keys, "t": t})
        .group_by("group", "key")
        .agg(pl.col("t").min().alias("first"))
    )
    uses = batch.FirstUses(pairs, 0, 49)  # times drawn from [0, 50)
    got = uses.count(groups, t.to_numpy())
    rows = list(zip(groups.to_list(), keys.to_list(), t.to_list(), strict=True))
    for (g, _, when), n in zip(rows, got.tolist(), strict=True):
        assert n == len({k for gg, k, tt in rows if gg == g and tt <= when})


def test_numbering_facts_for_columns_match_classify() -> None:
    numbers = ["+8613812345678", "+8617012345678", "+8614012345678", "+8612012345678", "95588"]
    numbers += ["10690000123", "+21620179993", "+862862345678", "abc", "+8619912345678"]
    numbers += ["+8551234567890", "+85512345678", "+861234"]  # foreign, invalid or valid; Chinese, too short
    series = pl.Series([*numbers, None])
    assert kinds(series).to_list() == [classify(n).kind.value for n in numbers] + [None]
    assert plan_homes(series).to_list() == [classify(n).home_region for n in numbers] + [None]
    attrs = key_attribute_frame(pl.Series(numbers), pl.Series(numbers))
    for row in attrs.iter_rows(named=True):
        assert {a: row[a] for a in KEY_ATTRIBUTES} == key_attributes(row["key"])
    foreign = dict(attrs.select("key", "number.is_international").iter_rows())
    assert (foreign["+8551234567890"], foreign["+85512345678"], foreign["+861234"]) == (1.0, 1.0, 0.0)


def test_columns_of_few_values_are_coded_alike() -> None:
    rng = np.random.default_rng(8)
    pool = ["成都", None, "028", "+8613800000000", "广州", "", " x", "007", "7"]
    values = [pool[i] for i in rng.integers(0, len(pool), 5000)]
    codes = Codes()
    few = codes.encode(pl.Series("r", values))  # coded once per distinct value
    each = codes.encode(pl.Series("r", values[:200]))  # short: value by value
    assert few.name == "r"
    assert few.dtype == pl.UInt64
    assert few.head(200).to_list() == each.to_list()
    assert codes.decode(few).to_list() == values
    many = ["成都"] * 2000 + [f"c{i}" for i in range(3000)]  # its first rows look like few values
    assert codes.decode(codes.encode(pl.Series("r", many))).to_list() == many


@given(st.lists(STRINGS, max_size=40), st.integers(0, 2**32))
def test_codes_known_beforehand_are_used_and_the_rest_encoded(values: list[str | None], mask: int) -> None:
    series = pl.Series("v", values, dtype=pl.String)
    exact = Codes().encode(series).to_list()
    # What validation can know beforehand: codes of digit strings (not of dictionary values).
    known = pl.Series(
        [c if c is not None and c < 2**63 and (mask >> (i % 32)) & 1 else None for i, c in enumerate(exact)],
        dtype=pl.UInt64,
    )
    codes = Codes()
    got = codes.encode(series, known)
    assert got.name == "v"
    assert codes.decode(got).to_list() == values
    assert got.filter(known.is_not_null()).to_list() == known.drop_nulls().to_list()


_PATTERNS = st.lists(st.sampled_from([None, 1, 2, 3]), min_size=1, max_size=6)


@given(st.lists(st.tuples(st.integers(1, 6), _PATTERNS)), st.booleans())
def test_pairs_group_every_pair_once_with_runs_of_one_value(
    runs: list[tuple[int, list[int | None]]], shuffled: bool
) -> None:
    """Runs holding one value are grouped as they stand, the others by hash: every group holds one
    (run, value) pair, every pair one group, every row with a value exactly once (runs in order, or
    not: then all by hash)."""
    run_of, values = [], []
    for i, (repeat, pattern) in enumerate(runs):
        for v in pattern * repeat:
            run_of.append(i)
            values.append(None if v is None else v * 2**40)
    run = np.array(run_of, dtype=np.int64)
    series = pl.Series(values, dtype=pl.UInt64)
    if shuffled:
        perm = np.random.default_rng(len(run)).permutation(len(run))
        run, series = run[perm], series.gather(perm)
    pairs = batch._Pairs(run, series)
    present = [i for i, v in enumerate(series.to_list()) if v is not None]
    assert sorted(pairs.rows.tolist()) == present
    groups = np.split(pairs.rows, pairs.seg[1:]) if pairs.n else []
    keys = [{(int(run[i]), series[int(i)]) for i in g} for g in groups]
    assert all(len(k) == 1 for k in keys)
    assert len({next(iter(k)) for k in keys}) == len(keys)
    _assert_first_sightings(run, series)
