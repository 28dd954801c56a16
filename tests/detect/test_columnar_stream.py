"""The columnar incremental engine's own state handling (its features are the conformance suite's):
expiry by event time, forks that share nothing they change, checkpoints that give the same state."""

from __future__ import annotations

import pickle

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.batch import ACTING, ROLE
from ringfence.detect.columnar_stream import (
    INPUT_SCHEMA,
    QUIET_MEASURES,
    ColumnarFeatures,
    Packed,
    _event_order,
)
from ringfence.detect.events import IN, OUT, ROLES, SMS_IN
from ringfence.detect.features import BASE_FEATURES, HANDSET_CELLS_CAP, MEASURES

A, B, C = "+8613800000001", "+8613800000002", "+8613800000003"
D = "+8613800000004"
OUT_ALL = "number.sum(out)@all"


def _calls(*calls: tuple[str, str, int, str]) -> pl.DataFrame:
    """Both events of each call (caller, callee, t, id), with a handset."""
    rows = []
    for caller, callee, t, seq in calls:
        base = {"t": t, "seq": seq, "duration": 30, "origin": "intra", "fraud_text": False, "local_hour": 12}
        rows.append({**base, "key": caller, "role": OUT, "other": callee, "imei": "861234567890123"})
        rows.append({**base, "key": callee, "role": IN, "other": caller})
    frame = pl.DataFrame(rows).with_columns(
        pl.lit(None, pl.String).alias("cell"),
        pl.lit(None, pl.Boolean).alias("off_site"),
        pl.lit(None, pl.Float64).alias("card_age_days"),
        pl.lit(None, pl.Int64).alias("holder_cards"),
        (pl.col("t") // 86_400).alias("day"),
        pl.lit(None, pl.String).alias("holder"),
    )
    return frame.select(list(INPUT_SCHEMA)).cast(INPUT_SCHEMA)  # type: ignore[arg-type]


def _value(out: pl.DataFrame, key: str, seq: str, name: str) -> float:
    return float(out.filter((pl.col("key") == key) & (pl.col("seq") == seq))[name].item())


def test_an_expired_number_starts_afresh_and_the_others_go_on() -> None:
    engine = ColumnarFeatures()
    engine.add(_calls((A, B, 0, "c1"), (A, C, 10, "c2"), (C, B, 500, "c3")))
    engine.release(1000)
    assert engine.active_keys == 3
    assert set(engine.expire(400).to_list()) == {A}  # A's last event was at 10; B and C acted at 500
    assert engine.active_keys == 2
    engine.add(_calls((A, B, 2000, "c4"), (C, A, 2000, "c5")))
    out = engine.release(None)
    assert _value(out, A, "c4", OUT_ALL) == 1.0  # afresh: its two earlier calls are forgotten
    assert _value(out, C, "c5", OUT_ALL) == 2.0  # kept
    assert _value(out, A, "c4", "handset.numbers") == 2.0  # the handset (used at 500) kept both numbers


def test_a_fork_released_to_the_end_leaves_the_engine_as_it_was() -> None:
    engine = ColumnarFeatures()
    engine.add(_calls((A, B, 0, "c1"), (A, C, 100, "c2")))
    engine.release(50)
    before = {k: v.clone() for k, v in engine.state_frames().items()}
    view = engine.fork()
    view.release(None)
    assert view.buffered == 0
    after = engine.state_frames()
    assert all(after[k].equals(before[k]) for k in before)
    assert engine.buffered == 2


def test_a_checkpoint_gives_the_same_state_and_the_same_values() -> None:
    first = _calls((A, B, 0, "c1"), (B, A, 60, "c2"), (A, C, 120, "c3"))
    then = _calls((A, B, 3000, "c4"), (C, A, 3000, "c5"))
    engine = ColumnarFeatures()
    engine.add(first)
    engine.release(200)
    restored = pickle.loads(pickle.dumps(engine))
    assert all(restored.state_frames()[k].equals(v) for k, v in engine.state_frames().items())
    for e in (engine, restored):
        e.add(then)
    assert engine.release(None).equals(restored.release(None))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # key
            st.integers(0, 4),  # t: few values, so many ties
            st.one_of(st.none(), st.text("ab19", max_size=3)),  # seq
            st.sampled_from(ROLES),
        ),
        max_size=40,
        unique=True,  # an event is never there twice (ids are deduplicated before)
    )
)
def test_event_order_is_the_sort_by_key_time_id_and_role(
    rows: list[tuple[int, int, str | None, str]],
) -> None:
    frame = pl.DataFrame(
        {
            "key": pl.Series([r[0] for r in rows], dtype=pl.UInt64),
            "t": pl.Series([r[1] for r in rows], dtype=pl.Int64),
            "seq": pl.Series([r[2] for r in rows], dtype=pl.String),
            "role": pl.Series([r[3] for r in rows], dtype=ROLE),
            "_i": pl.Series(range(len(rows)), dtype=pl.Int64),
        }
    )
    assert _event_order(frame).equals(frame.sort("key", "t", "seq", "role"))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2**64 - 1),  # key: any code
            st.sampled_from([0, 1, 7, 2**31, 2**40, 2**61]),  # t: a few seconds, or decades apart
            st.text("ab", max_size=2),  # seq
            st.sampled_from(ROLES),
        ),
        max_size=30,
        unique=True,
    )
)
def test_event_order_packed_or_not_is_the_sort(rows: list[tuple[int, int, str, str]]) -> None:
    """Keys of any code, and times so far apart that key rank, time and row no longer fit in one word
    (then the two-column sort orders the rows): the order is still the sort."""
    frame = pl.DataFrame(
        {
            "key": pl.Series([r[0] for r in rows], dtype=pl.UInt64),
            "t": pl.Series([r[1] for r in rows], dtype=pl.Int64),
            "seq": pl.Series([r[2] for r in rows], dtype=pl.String),
            "role": pl.Series([r[3] for r in rows], dtype=ROLE),
        }
    )
    assert _event_order(frame).equals(frame.sort("key", "t", "seq", "role"))


def _every_six_hours(calls: int) -> list[tuple[str, str, int, str]]:
    """A's calls, one every 6 hours (so a day's window holds the call and the three before it,
    never the one a day earlier: the window is (t - 1 day, t])."""
    return [(A, B, i * 6 * 3600, f"c{i}") for i in range(calls)]


def test_windowed_sums_stay_exact_as_rows_leave_the_tail() -> None:
    """Released a call at a time over three days: rows leave the day's tail and every window still
    counts exactly the calls within it."""
    engine = ColumnarFeatures()
    calls = _every_six_hours(12)
    for i, call in enumerate(calls):
        engine.add(_calls(call))
        out = engine.release(call[2] + 1)
        seq = call[3]
        assert _value(out, A, seq, "number.sum(out)@1d") == min(i + 1, 4)
        assert _value(out, A, seq, "number.sum(out)@1h") == 1
        assert _value(out, A, seq, OUT_ALL) == i + 1
    assert engine.state_frames()["tail"].height == 4  # A's calls of the last day


def test_the_tail_is_kept_in_key_time_order_and_an_unordered_one_is_sorted_once() -> None:
    """The windowed sums merge the tail and the batch in one pass, which needs the tail in
    ``(key, t)`` order: the engine keeps it so, and a tail in another order (a checkpoint of an
    earlier build) is sorted when it is loaded and gives the same values."""
    first = _calls((C, A, 0, "c1"), (A, B, 60, "c2"), (B, A, 120, "c3"), (A, C, 180, "c4"), (C, B, 200, "c5"))
    then = _calls((A, B, 3000, "c6"), (C, A, 3000, "c7"), (B, C, 3100, "c8"))
    engine = ColumnarFeatures()
    engine.add(first)
    engine.release(1000)
    tail = engine.state_frames()["tail"]
    assert tail.height == 5
    assert tail.equals(tail.sort("key", "t"))
    state = engine.__getstate__()
    state["_tail"] = Packed(tail.reverse())  # as an earlier build's checkpoint holds it
    shuffled = ColumnarFeatures.__new__(ColumnarFeatures)
    shuffled.__setstate__(pickle.loads(pickle.dumps(state)))
    assert shuffled.state_frames()["tail"].equals(tail)
    for e in (engine, shuffled):
        e.add(then)
    assert engine.release(None).equals(shuffled.release(None))
    assert shuffled.state_frames()["tail"].equals(engine.state_frames()["tail"])


def _restarted_unsighted(state: dict[str, object], feature: str) -> ColumnarFeatures:
    """An engine restarted from ``state`` with no pairs sighted for the distinct ``feature``, as a build
    before it was declared wrote the checkpoint."""
    seen = state["_seen"]
    assert isinstance(seen, dict)
    state["_seen"] = {name: frame for name, frame in seen.items() if name != feature}
    restarted = ColumnarFeatures.__new__(ColumnarFeatures)
    restarted.__setstate__(pickle.loads(pickle.dumps(state)))
    return restarted


def test_a_checkpoint_from_before_a_feature_was_declared_loads_and_counts_it_from_the_restart() -> None:
    """Rules 2026.12.6 declared the distinct cells of placed calls and the calls relayed from abroad.
    A checkpoint written by an earlier build has no column or pairs for them: it loads, every other
    feature goes on exactly, and the new ones count what came after the restart."""
    cells = "number.distinct(out:cell)@all"
    first = _calls((A, B, 0, "c1"), (A, C, 60, "c2")).with_columns(pl.lit("CELL-1").alias("cell"))
    then = _calls((A, B, 3000, "c3"), (A, C, 3100, "c4")).with_columns(pl.lit("CELL-2").alias("cell"))
    engine = ColumnarFeatures()
    engine.add(first)
    engine.release(1000)
    state = engine.__getstate__()
    keys = state["_keys"]
    assert isinstance(keys, Packed)
    # As an earlier build wrote it: no column for either feature.
    state["_keys"] = Packed(keys.frame().drop(cells, "number.sum(intl_out)@all"))
    restarted = _restarted_unsighted(state, cells)
    for e in (engine, restarted):
        e.add(then)
    went_on, out = engine.release(None), restarted.release(None)
    assert _value(went_on, A, "c4", cells) == 2.0
    assert _value(out, A, "c4", cells) == 1.0  # CELL-1 was sighted before the restart, and not kept
    others = [c for c in went_on.columns if c not in (cells, "cell_spread")]
    assert out.select(others).equals(went_on.select(others))


def test_a_checkpoint_buffered_before_the_holders_numbers_loads_and_reads_them_as_unknown() -> None:
    """Rules 2026.12.7 read the holder's numbers at every event (``holder_cards``). Events an earlier
    build buffered have no such column: they load, have no value for it, and every event after the
    restart has the one it was given."""
    holder = "number.holder_cards"
    first = _calls((A, B, 0, "c1"), (A, C, 5000, "c2")).with_columns(
        pl.lit(12, pl.Int64).alias("holder_cards")
    )
    engine = ColumnarFeatures()
    engine.add(first)
    engine.release(1000)  # c2 stays buffered
    state = engine.__getstate__()
    buffer = state["_buffer"]
    assert isinstance(buffer, Packed)
    assert buffer.frame().height == 2
    state["_buffer"] = Packed(buffer.frame().drop("holder_cards"))  # as an earlier build wrote it
    restarted = ColumnarFeatures.__new__(ColumnarFeatures)
    restarted.__setstate__(pickle.loads(pickle.dumps(state)))
    then = _calls((A, B, 6000, "c3")).with_columns(pl.lit(12, pl.Int64).alias("holder_cards"))
    for e in (engine, restarted):
        e.add(then)
    went_on, out = engine.release(None), restarted.release(None)
    assert _value(went_on, A, "c2", holder) == 12.0
    assert out.filter((pl.col("key") == A) & (pl.col("seq") == "c2"))[holder].item() is None
    assert _value(out, A, "c3", holder) == 12.0
    others = [c for c in went_on.columns if c != holder]
    assert out.select(others).equals(went_on.select(others))


def test_a_checkpoint_from_before_calls_from_shared_handsets_were_counted_loads() -> None:
    """Rules 2026.12.8 count a number's calls from a handset of three numbers or more
    (``number.sum(shared_handset)@all``) and the numbers that used a handset twice
    (``handset.repeat_numbers``, from each pair's second use). A checkpoint written before has
    neither: it loads, both count from the restart, and every other feature goes on exactly."""
    shared = "number.sum(shared_handset)@all"
    # One handset (``_calls``): A, B and C place calls from it, A once more after C.
    first = _calls((A, B, 0, "c1"), (B, C, 60, "c2"), (C, A, 120, "c3"), (A, B, 180, "c4"))
    engine = ColumnarFeatures()
    engine.add(first)
    out = engine.release(1000)
    assert _value(out, C, "c3", shared) == 1.0
    assert _value(out, A, "c1", shared) == 0.0  # the handset's first number
    assert _value(out, A, "c4", shared) == 1.0
    state = engine.__getstate__()
    keys = state["_keys"]
    assert isinstance(keys, Packed)
    state["_keys"] = Packed(keys.frame().drop(shared))  # as an earlier build wrote it
    handsets = state["_handsets"]
    assert isinstance(handsets, Packed)
    assert handsets.frame()["second"].to_list() == [180, None, None]  # A used it twice
    state["_handsets"] = Packed(handsets.frame().drop("second"))  # and without second uses
    restarted = ColumnarFeatures.__new__(ColumnarFeatures)
    restarted.__setstate__(pickle.loads(pickle.dumps(state)))
    then = _calls((A, C, 3000, "c5"))
    for e in (engine, restarted):
        e.add(then)
    went_on, out = engine.release(None), restarted.release(None)
    assert _value(went_on, A, "c5", shared) == 2.0
    assert _value(out, A, "c5", shared) == 1.0  # the call before the restart was not kept
    # A's second use before the restart was not kept: its call after it is taken as the second.
    assert _value(went_on, A, "c5", "handset.repeat_numbers") == 1.0
    assert _value(out, A, "c5", "handset.repeat_numbers") == 1.0
    others = [c for c in went_on.columns if c != shared]
    assert out.select(others).equals(went_on.select(others))


def _in_cells(frame: pl.DataFrame, cells: dict[str, str]) -> pl.DataFrame:
    """``frame`` with the placed calls' serving cells (by call id; the rest none)."""
    cell = pl.col("seq").replace_strict(cells, default=None, return_dtype=pl.String)
    return frame.with_columns(pl.when(pl.col("role") == OUT).then(cell).alias("cell"))


def test_the_cells_of_a_handset_go_on_across_a_checkpoint_and_expire_with_it() -> None:
    """Rules 2026.12.9 read ``handset.cells``: the cells a handset had placed calls in by a call (a
    SIM box stays in a few; one IMEI cloned onto phones all over a city is seen in many). A call
    without a cell adds none but is asked; a checkpoint carries the cells, one written before them
    counts from the restart, one that kept their last use too (stop 47) loads without it, and the
    cells go when their handset expires."""
    name = "handset.cells"
    first = _in_cells(_calls((A, B, 0, "c1"), (B, C, 60, "c2"), (C, A, 120, "c3")), {"c1": "X", "c2": "Y"})
    engine = ColumnarFeatures()
    engine.add(first)
    out = engine.release(1000)
    assert [_value(out, k, c, name) for k, c in ((A, "c1"), (B, "c2"), (C, "c3"))] == [1.0, 2.0, 2.0]
    assert _value(out, C, "c3", f"number.max({name})@all") == 2.0
    state = engine.__getstate__()
    kept = ColumnarFeatures.__new__(ColumnarFeatures)
    kept.__setstate__(pickle.loads(pickle.dumps(state)))
    older = dict(state)
    del older["_places"]  # as a build before the cells of handsets wrote it
    restarted = ColumnarFeatures.__new__(ColumnarFeatures)
    restarted.__setstate__(pickle.loads(pickle.dumps(older)))
    places = state["_places"]
    assert isinstance(places, Packed)
    with_last = dict(state, _places=Packed(places.frame().with_columns(pl.col("first").alias("last"))))
    stop47 = ColumnarFeatures.__new__(ColumnarFeatures)
    stop47.__setstate__(pickle.loads(pickle.dumps(with_last)))
    assert stop47.state_frames()["places"].columns == ["group", "key", "first"]
    then = _in_cells(_calls((A, C, 3000, "c4")), {"c4": "Z"})
    for e in (engine, kept, restarted, stop47):
        e.add(then)
    went_on, carried, out = engine.release(None), kept.release(None), restarted.release(None)
    assert _value(went_on, A, "c4", name) == 3.0
    assert went_on.equals(carried)
    assert went_on.equals(stop47.release(None))
    assert _value(out, A, "c4", name) == 1.0  # the cells before the restart were not kept
    others = [c for c in went_on.columns if name not in c]
    assert out.select(others).equals(went_on.select(others))
    _goes_with_its_handset(engine, "places", 3)
    assert engine.state_frames()["handsets"].height == 0


def _goes_with_its_handset(engine: ColumnarFeatures, frame: str, rows: int) -> None:
    """The engine's ``frame`` of a handset last used at 3000 (``rows`` rows) is kept by an expiry
    before then, and goes with the handset by one after."""
    assert engine.state_frames()[frame].height == rows
    engine.expire(2000)  # the handset was used at 3000: kept
    assert engine.state_frames()[frame].height == rows
    engine.expire(5000)
    assert engine.state_frames()[frame].height == 0


def _held(frame: pl.DataFrame, holders: dict[str, str]) -> pl.DataFrame:
    """``frame`` with its numbers' holders (as ``holders.holder_of`` names them; the rest their own)."""
    return frame.with_columns(
        pl.col("key").replace_strict(holders, default=None, return_dtype=pl.String).alias("holder")
    )


def test_the_holders_of_a_handset_go_on_across_a_checkpoint_and_expire_with_it() -> None:
    """``handset.holders``: the identities behind a handset's numbers by a call (one person's own
    cards in a dual-SIM phone are one; a SIM box's, bought under many identities, many). A number
    with no identity is its own holder; a checkpoint carries them, one written before them counts
    from the restart, and they go when their handset expires."""
    name = "handset.holders"
    person = {A: "id:p", B: "id:p"}  # A and B: one person's cards; C has no identity; D another's
    first = _held(_calls((A, B, 0, "c1"), (B, C, 60, "c2"), (C, A, 120, "c3")), person)
    engine = ColumnarFeatures()
    engine.add(first)
    out = engine.release(1000)
    assert [_value(out, k, c, name) for k, c in ((A, "c1"), (B, "c2"), (C, "c3"))] == [1.0, 1.0, 2.0]
    assert [_value(out, k, c, "handset.numbers") for k, c in ((A, "c1"), (B, "c2"), (C, "c3"))] == [
        1.0,
        2.0,
        3.0,
    ]
    assert _value(out, B, "c2", f"number.max({name})@all") == 1.0
    state = engine.__getstate__()
    kept = ColumnarFeatures.__new__(ColumnarFeatures)
    kept.__setstate__(pickle.loads(pickle.dumps(state)))
    older = dict(state)
    del older["_owners"]  # as a build before the holders of handsets wrote it
    buffer = older["_buffer"]
    assert isinstance(buffer, Packed)
    older["_buffer"] = Packed(buffer.frame().drop("holder"))
    restarted = ColumnarFeatures.__new__(ColumnarFeatures)
    restarted.__setstate__(pickle.loads(pickle.dumps(older)))
    then = _held(_calls((D, C, 3000, "c4"), (A, C, 3000, "c5")), {D: "id:q", **person})
    for e in (engine, kept, restarted):
        e.add(then)
    went_on, carried, out = engine.release(None), kept.release(None), restarted.release(None)
    assert _value(went_on, D, "c4", name) == 3.0  # A's, C and D's: ties see each other
    assert went_on.equals(carried)
    assert _value(out, D, "c4", name) == 2.0  # the holders before the restart were not kept
    others = [c for c in went_on.columns if name not in c]
    assert out.select(others).equals(went_on.select(others))
    _goes_with_its_handset(engine, "owners", 3)


def test_events_behind_the_release_point_come_back_as_given() -> None:
    """An event older than a second already released cannot be merged in event order: ``add`` hands
    it back, as it was given (the caller quarantines it), and keeps the others."""
    engine = ColumnarFeatures()
    engine.add(_calls((A, B, 0, "c1"), (B, C, 100, "c2")))
    assert set(engine.release(50)["seq"]) == {"c1"}
    behind = engine.add(_calls((C, A, 10, "c3"), (A, C, 200, "c4")))
    assert sorted(zip(behind["key"], behind["role"], strict=True)) == [(A, IN), (C, OUT)]
    assert behind["seq"].to_list() == ["c3", "c3"]
    assert set(engine.release(None)["seq"]) == {"c2", "c4"}


def test_the_cells_of_a_handset_are_counted_up_to_the_cap() -> None:
    """``handset.cells`` is counted up to ``HANDSET_CELLS_CAP`` (the rules ask whether a handset stayed
    in fewer than ten cells): a phone on the move keeps only its first cells in the state, whatever the
    batches, and the count stops at the cap."""
    engine = ColumnarFeatures()
    values = []
    for i in range(14):  # a cell a call, a batch a call or two
        engine.add(_in_cells(_calls((A, B, 100 * i, f"c{i}")), {f"c{i}": f"cell{i}"}))
        if i % 2:
            out = engine.release(100 * i + 1)
            values += [_value(out, A, f"c{j}", "handset.cells") for j in (i - 1, i)]
    assert values == [float(min(i + 1, HANDSET_CELLS_CAP)) for i in range(14)]
    assert engine.state_frames()["places"].height == HANDSET_CELLS_CAP


@settings(max_examples=60)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([IN, SMS_IN]),
            st.integers(0, 4000),
            st.integers(0, 23),
            st.sampled_from([True, False, None]),
            st.sampled_from(["intra", "international", None]),
            st.sampled_from([True, False, None]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_only_the_quiet_measures_are_made_where_a_number_does_not_act(
    rows: list[tuple[str, int, int, bool | None, str | None, bool | None]],
) -> None:
    """What ``_quiet`` folds in for a number that has not acted: every measure a feature reads is zero
    at an event where its number does not act, but ``QUIET_MEASURES`` (a feature declared over another
    such measure would make the fold wrong, and this fails first)."""
    frame = pl.DataFrame(
        [
            {"role": r, "duration": d, "local_hour": h, "off_site": o, "origin": g, "fraud_text": f}
            for r, d, h, o, g, f in rows
        ],
        schema={
            "role": pl.String,
            "duration": pl.Int64,
            "local_hour": pl.Int64,
            "off_site": pl.Boolean,
            "origin": pl.String,
            "fraud_text": pl.Boolean,
        },
    )
    read = {f.measure for f in BASE_FEATURES}  # what features read (``in`` itself is read by none)
    for name, measure in MEASURES.items():
        if measure.expr is None or name in QUIET_MEASURES or name not in read:
            continue
        values = frame.select(measure.expr.cast(pl.Float64).fill_null(0.0)).to_series()
        assert not (values != 0).any(), name
    windowed = {f.measure for f in BASE_FEATURES if f.window is not None}
    assert not windowed & set(QUIET_MEASURES)
    # The measures worked out in the batch's own steps: a received call is a callback only after a
    # call out to its caller, and the others are of calls placed (a bridged call is the call placed;
    # the received calls it bridges are kept apart from ``_quiet``, in ``_inbound``).
    assert {m for m, v in MEASURES.items() if v.expr is None} == {
        "sequential",
        "callback",
        "known",
        "shared_handset",
        "tied",
        "bridged",
        "bridged_intl",
    }


def _every_key(engine: ColumnarFeatures) -> pl.DataFrame:
    """Every number's carried state, whether it has acted or not, in one frame (a number that has
    not acted has every value zero but its last event and received calls answered)."""
    frames = engine.state_frames()
    keys = frames["keys"]
    listeners = frames["listeners"].select(
        pl.col(c).cast(keys.schema[c])
        if c in frames["listeners"].columns
        else pl.lit(None, keys.schema[c]).alias(c)
        for c in keys.columns
    )
    zero = [c for c in keys.columns if c.startswith(("number.", "handset.", "cell."))]
    listeners = listeners.with_columns(pl.col(zero).fill_null(0.0))
    return pl.concat([keys, listeners]).sort("key")


def test_what_a_number_received_before_it_acts_is_what_the_full_steps_make() -> None:
    """A number called (answered and not) in earlier batches, then acting: its state before it acts,
    and its values when it does, are those of an engine that featured every event."""
    first = _calls((A, B, 0, "c1"), (C, B, 100, "c2"), (A, C, 200, "c3"))
    first = first.with_columns(
        pl.when(pl.col("seq") == "c2").then(0).otherwise(pl.col("duration")).alias("duration")
    )
    then = _calls((B, A, 5000, "c4"), (A, B, 6000, "c5"), (B, C, 7000, "c6"))
    quiet, full = ColumnarFeatures(roles=ACTING), ColumnarFeatures()
    for engine in (quiet, full):
        engine.add(first)
        engine.release(1000)
    state = {e: _every_key(e) for e in (quiet, full)}
    assert state[quiet].equals(state[full])
    assert state[quiet].height == 3
    assert quiet.state_frames()["listeners"]["key"].len() == 1  # B, not in the full rows
    assert full.state_frames()["listeners"].height == 0
    for engine in (quiet, full):
        engine.add(then)
    got, want = quiet.release(None), full.release(None)
    want = want.filter(pl.col("role").is_in(list(ACTING)))
    assert got.equals(want)
    assert _value(got, B, "c4", "number.sum(in_answered)@all") == 1.0  # c1 answered, c2 not
    # A's call at 6000 answers B's at 5000 (a callback); A's at 0, before B ever called, does not.
    assert _value(got, B, "c6", "number.sum(callback)@all") == 1.0
    assert _value(got, A, "c5", "number.sum(callback)@all") == 1.0  # B's call at 5000 answers A's at 0
    assert _value(got, B, "c4", OUT_ALL) == 1.0


def test_a_checkpoint_that_kept_quiet_numbers_among_the_others_loads_them_apart() -> None:
    """A checkpoint of an earlier build holds the numbers that had not acted in ``_keys``: they load
    into ``_listeners``, and the values go on as if the engine had never stopped."""
    first = _calls((A, B, 0, "c1"), (A, C, 200, "c2"))
    then = _calls((B, A, 5000, "c3"), (C, B, 6000, "c4"))
    engine, going = ColumnarFeatures(roles=ACTING), ColumnarFeatures(roles=ACTING)
    for e in (engine, going):
        e.add(first)
        e.release(1000)
    state = engine.__getstate__()
    keys = state["_keys"].frame()  # type: ignore[attr-defined]
    wide = _every_key(engine).select(keys.columns)
    state["_keys"] = Packed(wide)  # as an earlier build kept them: every number in one frame
    del state["_listeners"]
    loaded = ColumnarFeatures.__new__(ColumnarFeatures)
    loaded.__setstate__(pickle.loads(pickle.dumps(state)))
    assert set(loaded.state_frames()["keys"]["key"].to_list()) == set(
        engine.state_frames()["keys"]["key"].to_list()
    )
    assert loaded.state_frames()["listeners"].height == 2  # B and C
    assert _every_key(loaded).equals(_every_key(going))
    for e in (loaded, going):
        e.add(then)
    assert loaded.release(None).equals(going.release(None))


def test_a_checkpoint_from_before_days_were_counted_loads_and_counts_them_from_the_restart() -> None:
    """Rules 2026.12.12 declared the local days on which a number placed calls. A checkpoint written by
    an earlier build has no column, no pairs sighted and buffered events without a day: it loads, every
    other feature goes on exactly, and the days count what was placed after the restart (a buffered
    event's day is unknown, and not counted)."""
    days = "number.distinct(out:day)@all"
    first = _calls((A, B, 0, "c1"), (A, C, 60, "c2"), (A, B, 1500, "c3"))
    then = _calls((A, B, 86_400 + 3000, "c4"), (A, C, 2 * 86_400, "c5"))
    engine = ColumnarFeatures(roles=[OUT])
    engine.add(first)
    engine.release(1000)  # c3 stays buffered
    state = engine.__getstate__()
    keys, buffer = state["_keys"], state["_buffer"]
    assert isinstance(keys, Packed)
    assert isinstance(buffer, Packed)
    assert buffer.frame().height == 2  # both events of c3
    # As an earlier build wrote it: no column, no pairs, no day on the buffered events.
    state["_keys"] = Packed(keys.frame().drop(days, "calls_per_day", strict=False))
    state["_buffer"] = Packed(buffer.frame().drop("day"))
    restarted = _restarted_unsighted(state, days)
    for e in (engine, restarted):
        e.add(then)
    went_on, out = engine.release(None), restarted.release(None)
    assert [_value(went_on, A, c, days) for c in ("c3", "c4", "c5")] == [1.0, 2.0, 3.0]
    assert [_value(out, A, c, days) for c in ("c3", "c4", "c5")] == [0.0, 1.0, 2.0]
    others = [c for c in went_on.columns if c not in (days, "calls_per_day")]
    assert out.select(others).equals(went_on.select(others))


def _relay_call(caller: str, callee: str, t: int, seq: str, duration: int, origin: str) -> pl.DataFrame:
    return _calls((caller, callee, t, seq)).with_columns(
        pl.lit(duration, pl.Int64).alias("duration"), pl.lit(origin).alias("origin")
    )


def test_a_call_received_before_the_number_acts_is_bridged_across_batches_and_then_forgotten() -> None:
    """A relay's first received call is released while the relay has not acted (``_quiet`` sets its
    events aside); its leg, in the next batch, still bridges it. A minute past the release point the
    received calls are gone (``_inbound`` holds a minute)."""
    engine = ColumnarFeatures(roles=ACTING)
    engine.add(_relay_call(D, A, 1_000, "in1", 120, "international"))
    engine.release(1_003)
    assert engine._inbound.height == 1
    engine.add(_relay_call(A, B, 1_005, "leg1", 117, "intra"))
    out = engine.release(1_010)
    assert _value(out, A, "leg1", "number.sum(bridged)@all") == 1.0
    assert _value(out, A, "leg1", "number.distinct(bridged_intl:other)@all") == 1.0
    engine.add(_relay_call(A, C, 1_200, "later", 117, "intra"))
    out = engine.release(1_201)
    assert _value(out, A, "later", "number.sum(bridged)@all") == 1.0  # nothing received to bridge
    assert engine._inbound["t"].to_list() == [1_200]  # the calls of 1,000 and 1,005 are gone, C's kept
    restored = pickle.loads(pickle.dumps(engine))
    assert restored._inbound.equals(engine._inbound)
    # A checkpoint of a build before bridged calls loads with none kept (they count from the restart).
    state = engine.__getstate__()
    # One of a build that kept received calls without their callers, and no reach: callers unknown.
    before_reach = {k: v for k, v in state.items() if k != "_reach"}
    kept_before_reach = ColumnarFeatures.__new__(ColumnarFeatures)
    kept_before_reach.__setstate__({**before_reach, "_inbound": Packed(engine._inbound.drop("other"))})
    assert kept_before_reach._inbound["other"].null_count() == kept_before_reach._inbound.height == 1
    assert kept_before_reach._reach.height == 0
    state = engine.__getstate__()
    del state["_inbound"], state["_reach"]
    older = ColumnarFeatures.__new__(ColumnarFeatures)
    older.__setstate__(state)
    assert older._inbound.height == 0
    assert older._reach.height == 0
    assert older._inbound.schema == engine._inbound.schema
