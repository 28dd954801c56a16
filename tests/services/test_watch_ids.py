"""``RecordIds`` answers exactly as the dict of id -> hour ``watch`` kept before it, hash collisions,
repeated ids, expiry sweeps and checkpoints included."""

from __future__ import annotations

import pickle

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.services import watch_ids
from ringfence.services.watch_ids import RecordIds

_ID = st.text(alphabet="abc01", min_size=1, max_size=4)
_BATCH = st.lists(st.tuples(_ID, st.integers(0, 30)), max_size=40)
_STEP = st.one_of(
    st.tuples(st.just("batch"), _BATCH),
    st.tuples(st.just("prepared"), _BATCH),  # hashed and sorted beforehand, as the reading thread does
    st.tuples(st.just("expire"), st.integers(0, 30)),
    st.tuples(st.just("checkpoint"), st.none()),
)


def _weak(ids: pl.Series) -> np.ndarray:
    """A hash with four values: nearly every id shares its hash with others."""
    return (ids.str.len_bytes().cast(pl.UInt64) % 4).to_numpy().astype(np.uint64)


@pytest.mark.parametrize("weak", [False, True])
@settings(max_examples=150, deadline=None)
@given(steps=st.lists(_STEP, max_size=12))
def test_record_ids_match_a_dict(weak: bool, steps: list[tuple[str, object]]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        if weak:
            mp.setattr(watch_ids, "_hashes", _weak)
        ids, model = RecordIds(), dict[str, int]()
        for op, arg in steps:
            if op in ("batch", "prepared"):
                assert isinstance(arg, list)
                batch = [i for i, _ in arg]
                hours = np.array([h for _, h in arg], dtype=np.int64)
                expected = [i in model for i in batch]
                model.update(zip(batch, hours.tolist(), strict=True))
                series = pl.Series(batch, dtype=pl.String)
                got = ids.observe(series, hours, RecordIds.prepare(series) if op == "prepared" else None)
                assert got.tolist() == expected
            elif op == "expire":
                assert isinstance(arg, int)
                model = {i: h for i, h in model.items() if h >= arg}
                ids.expire(arg)
            else:
                ids = pickle.loads(pickle.dumps(ids))
            assert len(ids) == len(model)
            for probe in ("a", "b0", "abc", "1", "zz"):
                assert (probe in ids) == (probe in model)
        # What is kept, and with which hour.
        kept = dict(ids.frame().iter_rows())
        assert kept == model


def test_ids_prepared_for_another_batch_are_refused() -> None:
    ids = RecordIds()
    with pytest.raises(ValueError, match="another batch"):
        ids.observe(pl.Series(["a", "b"]), np.array([1, 2]), RecordIds.prepare(pl.Series(["a"])))


def test_an_earlier_checkpoints_dict_is_read() -> None:
    ids = RecordIds.from_dict({"x": 5, "y": 7})
    assert "x" in ids
    assert "z" not in ids
    assert ids.observe(pl.Series(["y", "z"]), np.array([9, 9])).tolist() == [True, False]


def test_a_watch_state_with_the_earlier_dict_loads() -> None:
    from ringfence.detect.incremental import ColumnarDetection
    from ringfence.detect.policy import load_policy
    from ringfence.services.watch import WatchState

    state = WatchState(ColumnarDetection(load_policy()), seen_ids={"calls": {"c1": 3}})  # type: ignore[dict-item]
    loaded = pickle.loads(pickle.dumps(state))
    assert isinstance(loaded.seen_ids["calls"], RecordIds)
    assert "c1" in loaded.seen_ids["calls"]
    assert "c2" not in loaded.seen_ids["calls"]
