"""The index of pairs answers as a join does, whatever the hash (pairs forced to collide included),
across appends, divergent extensions (a fork's), and inside the watch engine across expiries, forks
and checkpoints."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect import pair_index
from ringfence.detect.columnar_stream import INPUT_SCHEMA, ColumnarFeatures
from ringfence.detect.events import IN, OUT
from ringfence.detect.pair_index import U64, PairIndex, pair_hashes


def _constant(key: U64, other: U64) -> U64:
    """Every pair collides."""
    return np.zeros(len(key), dtype=np.uint64)


def _low_bits(key: U64, other: U64) -> U64:
    """Four hashes: long runs of collisions among distinct hashes."""
    return (key ^ other) & np.uint64(3)


HASHERS = {"splitmix": pair_hashes, "constant": _constant, "low_bits": _low_bits}

# Small codes (many repeats, so lookups hit) and a few near the top of the range.
_CODES = st.one_of(st.integers(0, 6), st.integers(2**64 - 3, 2**64 - 1))
_PAIR = st.tuples(_CODES, st.one_of(st.none(), _CODES))


def _table(pairs: list[tuple[int, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "key": pl.Series([k for k, _ in pairs], dtype=pl.UInt64),
            "other": pl.Series([o for _, o in pairs], dtype=pl.UInt64),
        }
    )


def _joined(table: pl.DataFrame, asked: pl.DataFrame) -> list[int]:
    """The row of ``table`` of each asked pair by a join (-1: none; nulls match nothing)."""
    rows = table.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    found = asked.join(rows, on=["key", "other"], how="left", maintain_order="left")
    return found["row"].fill_null(-1).to_list()


def _chunks(pairs: list[tuple[int, int | None]], cuts: list[int]) -> list[pl.DataFrame]:
    """The growing tables of ``pairs`` appended in pieces (cut at ``cuts``), a chunk per append."""
    tables, table = [], _table([])
    ends = sorted({min(c, len(pairs)) for c in cuts} | {len(pairs)})
    start = 0
    for end in ends:
        table = pl.concat([table, _table(pairs[start:end])], rechunk=False)
        tables.append(table)
        start = end
    return tables


def _distinct(pairs: list[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """A table holds each non-null pair once (null pairs may repeat: they are never found)."""
    seen: set[tuple[int, int | None]] = set()
    out = []
    for p in pairs:
        if p[1] is None or p not in seen:
            seen.add(p)
            out.append(p)
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_PAIR, max_size=60),
    st.lists(st.integers(0, 60), max_size=6),
    st.lists(_PAIR, max_size=30),
    st.sampled_from(sorted(HASHERS)),
)
def test_find_is_a_join_through_every_append(
    pairs: list[tuple[int, int | None]], cuts: list[int], asked: list[tuple[int, int | None]], hasher: str
) -> None:
    pairs = _distinct(pairs)
    question = _table(asked + pairs[::2])  # absent pairs, pairs held (some twice), nulls
    index = PairIndex.of(_table([]), hasher=HASHERS[hasher])
    for table in _chunks(pairs, cuts):
        index = index.extended(table)
        assert index.rows == table.height
        assert index.find(question["key"], question["other"]).tolist() == _joined(table, question)
    rebuilt = PairIndex.of(index.table, hasher=HASHERS[hasher])
    assert rebuilt.find(question["key"], question["other"]).tolist() == _joined(index.table, question)
    # Pairs made ready once serve every index, one of another hash included (hashed again).
    for other_hash in HASHERS.values():
        needles = PairIndex.of(_table([]), hasher=other_hash).needles(question["key"], question["other"])
        assert index.locate(needles).tolist() == _joined(index.table, question)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_PAIR, max_size=40),
    st.lists(_PAIR, max_size=20),
    st.lists(_PAIR, max_size=20),
    st.sampled_from(sorted(HASHERS)),
)
def test_two_extensions_of_one_index_never_see_each_other(
    common: list[tuple[int, int | None]],
    mine: list[tuple[int, int | None]],
    theirs: list[tuple[int, int | None]],
    hasher: str,
) -> None:
    """An engine and its fork extend the same index with different rows (runs merge in both)."""
    base = _table(_distinct(common))
    index = PairIndex.of(base, hasher=HASHERS[hasher])
    ours = [p for p in _distinct(mine) if p[1] is None or p not in set(common)]
    others = [p for p in _distinct(theirs) if p[1] is None or p not in set(common)]
    a_table = pl.concat([base, _table(ours)], rechunk=False)
    b_table = pl.concat([base, _table(others)], rechunk=False)
    a, b = index.extended(a_table), index.extended(b_table)
    question = _table(common + mine + theirs)
    assert index.find(question["key"], question["other"]).tolist() == _joined(base, question)
    assert a.find(question["key"], question["other"]).tolist() == _joined(a_table, question)
    assert b.find(question["key"], question["other"]).tolist() == _joined(b_table, question)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_PAIR, max_size=60),
    st.lists(st.integers(0, 60), max_size=6),
    st.lists(st.booleans(), min_size=60, max_size=60),
    st.lists(_PAIR, max_size=20),
    st.sampled_from(sorted(HASHERS)),
)
def test_an_index_filtered_by_a_mask_is_a_join_on_the_rows_kept(
    pairs: list[tuple[int, int | None]],
    cuts: list[int],
    keep: list[bool],
    later: list[tuple[int, int | None]],
    hasher: str,
) -> None:
    """An expiry's filter renumbers the rows of every run; the index then grows as before."""
    pairs = _distinct(pairs)
    index = PairIndex.of(_table([]), hasher=HASHERS[hasher])
    for table in _chunks(pairs, cuts):
        index = index.extended(table)
    mask = np.array(keep[: len(pairs)], dtype=bool)
    table = index.table.filter(pl.Series(mask))
    index = index.kept(mask, table)
    question = _table(pairs + later)
    assert index.find(question["key"], question["other"]).tolist() == _joined(table, question)
    held = set(table.select("key", "other").rows())
    grown = pl.concat([table, _table([p for p in _distinct(later) if p not in held])], rechunk=False)
    index = index.extended(grown)
    assert index.find(question["key"], question["other"]).tolist() == _joined(grown, question)


def test_an_index_only_grows() -> None:
    index = PairIndex.of(_table([(1, 2), (3, 4)]))
    with pytest.raises(ValueError, match="extended"):
        index.extended(_table([(1, 2)]))


def test_the_hash_is_fixed_arithmetic() -> None:
    """Not Polars' hash (which may change between versions): the same value in every build."""
    key = np.array([0, 1, 2**64 - 1], dtype=np.uint64)
    other = np.array([0, 0, 13800000001], dtype=np.uint64)
    hashes = pair_hashes(key, other)
    assert len(set(hashes.tolist())) == 3
    assert hashes.tolist() == pair_hashes(key.copy(), other.copy()).tolist()  # inputs left as they were
    assert hashes[0] != pair_hashes(other[:1], key[:1] + np.uint64(1))[0]


# -- inside the engine --------------------------------------------------------------------------------

NUMBERS = [f"+86138000000{i:02d}" for i in range(6)]


@contextmanager
def _hashed_by(name: str) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pair_index, "pair_hashes", HASHERS[name])
        yield


def _events(calls: list[tuple[int, int, int]], batch: int) -> pl.DataFrame:
    """Both events of each call (caller, callee, second within the batch's hour)."""
    rows = []
    for n, (caller, callee, t) in enumerate(calls):
        base = {"t": batch * 3600 + t, "seq": f"b{batch}c{n}", "duration": 30, "origin": "intra"}
        base |= {"fraud_text": False, "local_hour": 12, "imei": None, "cell": None}
        base |= {"off_site": None, "card_age_days": None}
        imei = f"8600000000000{(caller + t) % 3}"  # a few handsets: sightings of (number, handset)
        rows.append(base | {"key": NUMBERS[caller], "role": OUT, "other": NUMBERS[callee], "imei": imei})
        rows.append(base | {"key": NUMBERS[callee], "role": IN, "other": NUMBERS[caller]})
    return pl.DataFrame(rows, schema=INPUT_SCHEMA)


def _check_index(engine: ColumnarFeatures) -> None:
    """Each index (built now if missing) finds every row of its frame, and nothing else."""
    codes = engine._codes.encode(pl.Series(NUMBERS))
    grid = pl.DataFrame({"key": codes}).join(pl.DataFrame({"other": codes}), how="cross")
    for name in ("_pairs", "_called"):
        table = getattr(engine, name)
        found = engine._index(name).find(grid["key"], grid["other"]).tolist()
        assert found == _joined(table.select("key", "other"), grid)
    handsets = engine._codes.encode(pl.Series([f"8600000000000{i}" for i in range(3)]))
    sightings = pl.DataFrame({"key": codes}).join(pl.DataFrame({"other": handsets}), how="cross")
    for feature, index in engine._seen_index.items():  # the indexes of the pairs sighted, once built
        table = engine._seen[feature]
        if index.table is table:
            found = index.find(sightings["key"], sightings["other"]).tolist()
            assert found == _joined(table.select("key", pl.col("value").alias("other")), sightings)


_BATCHES = st.lists(
    st.tuples(
        st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 1800)), max_size=12),
        st.sampled_from(["go on", "expire", "fork", "checkpoint"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(_BATCHES, st.sampled_from(["constant", "low_bits"]))
def test_the_engine_gives_the_same_values_whatever_the_hash(
    batches: list[tuple[list[tuple[int, int, int]], str]], hasher: str
) -> None:
    """Batches of calls among a few numbers, each followed by an expiry of numbers idle for half an
    hour, a fork (released instead of the engine, which goes on from the fork's state), or a
    checkpoint round trip: with pairs forced to collide, every value at every event and every frame
    of the state is the splitmix hash's, and each index agrees with a join of its frame."""
    plain, odd = ColumnarFeatures(), ColumnarFeatures()
    for b, (calls, then) in enumerate(batches):
        events = _events([c for c in calls if c[0] != c[1]], b)
        expected = plain.add(events), plain.release(None)
        if then == "expire":
            plain.expire(b * 3600 + 1800)
        with _hashed_by(hasher):
            late = odd.add(events)
            if then == "fork":
                view = odd.fork()
                got = view.release(None)
                _check_index(odd)  # the original's index still answers for its own frames
                odd = view
            else:
                got = odd.release(None)
            if then == "expire":
                odd.expire(b * 3600 + 1800)
            elif then == "checkpoint":
                state = odd.__getstate__()
                assert "_pairs_index" not in state
                assert "_called_index" not in state
                assert "_seen_index" not in state
                odd = pickle.loads(pickle.dumps(odd))
            _check_index(odd)
        assert late.equals(expected[0])
        assert got.equals(expected[1])
        frames, odd_frames = plain.state_frames(), odd.state_frames()
        for name, frame in frames.items():
            assert frame.sort(frame.columns).equals(odd_frames[name].sort(frame.columns)), name
