"""``StreamingFeatures.expire``: idle numbers, handsets and cells are forgotten by event time, so the
state is bounded by what was active recently (the conformance suite covers the features)."""

from __future__ import annotations

import pickle

from ringfence.detect.events import IN, OUT, Event
from ringfence.detect.features import HANDSET_CELLS_CAP
from ringfence.detect.stream import StreamingFeatures

DAY = 86_400


def _call(t: int, seq: str, caller: str, callee: str, imei: str, cell: str) -> list[Event]:
    return [
        Event(caller, t, seq, OUT, callee, 30, "intra", imei, cell, None, 1.0, 10),
        Event(callee, t, seq, IN, caller, 30, "intra"),
    ]


def _engine() -> StreamingFeatures:
    engine = StreamingFeatures(allowed_lateness=0)
    for i in range(20):  # day 0: 20 numbers, each on a handset and a cell of its own, new cards
        engine.add(_call(100 + i, f"a{i}", f"+86138000000{i:02d}", "+8613900000000", f"imei{i}", f"cell{i}"))
    engine.add(_call(40 * DAY, "b", "+8613700000000", "+8613900000001", "imei-new", "cell-new"))
    engine.release(None)
    return engine


def test_idle_numbers_handsets_and_cells_are_forgotten_by_event_time() -> None:
    engine = _engine()
    assert engine.active_keys == 22 + 1
    assert len(engine._handsets) == 21
    assert len(engine._cells) == 21
    assert engine.expire(30 * DAY) == 21  # the 20 callers and their callee, idle since day 0
    assert engine.active_keys == 2
    assert set(engine._handsets) == {"imei-new"}
    assert set(engine._cells) == {"cell-new"}
    assert set(engine._places) == {"imei-new"}  # a handset's cells go with it
    assert set(engine._owners) == {"imei-new"}  # and its numbers' holders
    size = len(pickle.dumps(engine))
    for i in range(20):  # the same numbers again: the state grows back by them only
        engine.add(
            _call(41 * DAY + i, f"c{i}", f"+86138000000{i:02d}", "+8613900000000", f"imei{i}", f"cell{i}")
        )
    engine.release(None)
    assert engine.expire(40 * DAY) == 0  # nothing idle before day 40: nothing forgotten
    assert len(engine._handsets) == 21
    assert len(pickle.dumps(engine)) > size


def test_a_returning_handset_counts_its_numbers_afresh() -> None:
    engine = _engine()
    engine.expire(30 * DAY)
    out = engine.add(_call(42 * DAY, "d", "+8613600000000", "+8613900000002", "imei0", "cell0"))
    assert out == []
    done = engine.release(None)
    caller = next(ev for ev in done if ev.event.role == OUT)
    assert caller.features["handset.numbers"] == 1.0  # +8613800000000 used imei0 before it was forgotten


def test_expiry_keeps_what_a_fork_copies_apart() -> None:
    engine = _engine()
    fork = engine.fork()
    engine.expire(30 * DAY)
    assert len(fork._handsets) == 21  # the fork is untouched
    assert len(engine._handsets) == 1


def test_a_handset_seen_in_another_cell_counts_it_and_an_older_checkpoint_loads() -> None:
    """``handset.cells`` (rules 2026.12.9): the cells a handset had placed calls in by a call. A
    checkpoint from before they were kept loads, and counts them from the restart."""
    engine = _engine()
    older = {k: v for k, v in engine.__dict__.items() if k != "_places"}
    restarted = StreamingFeatures.__new__(StreamingFeatures)
    restarted.__setstate__(pickle.loads(pickle.dumps(older)))
    for e in (engine, restarted):
        e.add(_call(41 * DAY, "e", "+8613600000000", "+8613900000003", "imei-new", "cell-other"))
    (went_on,) = [ev for ev in engine.release(None) if ev.event.role == OUT]
    (counted,) = [ev for ev in restarted.release(None) if ev.event.role == OUT]
    assert went_on.features["handset.cells"] == 2.0  # cell-new and cell-other
    assert went_on.features["number.max(handset.cells)@all"] == 2.0
    assert counted.features["handset.cells"] == 1.0  # cell-new was not kept


def test_a_handsets_cells_are_counted_up_to_the_cap() -> None:
    engine = StreamingFeatures(allowed_lateness=0)
    values = []
    for i in range(14):
        engine.add(_call(100 * i, f"c{i}", "+8613600000000", "+8613900000004", "imei-moving", f"cell{i}"))
        values += [ev.features["handset.cells"] for ev in engine.release(None) if ev.event.role == OUT]
    assert values == [float(min(i + 1, HANDSET_CELLS_CAP)) for i in range(14)]
    assert len(engine._places["imei-moving"]) == HANDSET_CELLS_CAP


def test_a_handsets_holders_count_a_persons_own_cards_once() -> None:
    """``handset.holders``: one person's three cards in one dual-SIM phone are one holder; a card of
    another identity, or of none, is another. A checkpoint from before they were kept counts them
    from the restart."""
    engine = StreamingFeatures(allowed_lateness=0)

    def placed(t: int, caller: str, holder: str | None) -> Event:
        return Event(caller, t, f"s{t}", OUT, "+8613900000009", 30, "intra", "imei-dual", "cell0", None, 1.0,
                     10, holder=holder)  # fmt: skip

    older = b""
    seen = []
    for t, caller, holder in (
        (100, "+8613600000001", "id:p"),
        (200, "+8613600000002", "id:p"),  # the same person's second card
        (300, "+8613600000003", "id:p"),  # and third
        (400, "+8613600000004", None),  # a card without an identity: its own holder
        (500, "+8613600000005", "id:q"),
    ):
        if t == 400:
            older = pickle.dumps({k: v for k, v in engine.__dict__.items() if k != "_owners"})
        engine.add([placed(t, caller, holder)])
        seen += [
            (ev.features["handset.numbers"], ev.features["handset.holders"]) for ev in engine.release(None)
        ]
    assert seen == [(1.0, 1.0), (2.0, 1.0), (3.0, 1.0), (4.0, 2.0), (5.0, 3.0)]
    restarted = StreamingFeatures.__new__(StreamingFeatures)
    restarted.__setstate__(pickle.loads(older))
    restarted.add([placed(600, "+8613600000001", "id:p")])
    (again,) = restarted.release(None)
    assert again.features["handset.numbers"] == 3.0
    assert again.features["handset.holders"] == 1.0  # the holders before the restart were not kept
