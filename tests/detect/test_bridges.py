"""``features.bridged`` and the column-wise search for it (``detect.bridges``): the definition's
edges, the search against the definition pair by pair, and the streaming engine's minute of received
calls (the conformance suite holds every engine to the reference on random scenarios)."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.detect.bridges import REACH_SCHEMA, bridged_calls
from ringfence.detect.events import IN, OUT, Event
from ringfence.detect.features import BRIDGE_END_S, BRIDGE_MIN_S, BRIDGE_WINDOW_S, bridged
from ringfence.detect.stream import StreamingFeatures

RELAY = "+8613800000001"
UPSTREAM = "+85560000001"


def test_a_relay_leg_is_bridged_and_the_edges_are_not() -> None:
    # Received at 100 for 120 s (ends 220); placed 5 s later for 112 s (ends 217): a relay's leg.
    assert bridged(105, 112, 100, 120)
    assert bridged(100 + BRIDGE_WINDOW_S, 120 - BRIDGE_WINDOW_S + BRIDGE_END_S, 100, 120)
    assert not bridged(100, 120, 100, 120)  # the same second: a call to itself, or no bridge
    assert not bridged(100 + BRIDGE_WINDOW_S + 1, 120, 100, 120)  # too late after the answer
    assert not bridged(105, 115 + BRIDGE_END_S + 1, 100, 120)  # ends 11 s after
    assert not bridged(105, 115 - BRIDGE_END_S - 1, 100, 120)  # ends 11 s before
    assert not bridged(105, BRIDGE_MIN_S - 1, 100, BRIDGE_MIN_S - 1 + 5)  # both too short to be talk
    assert bridged(105, BRIDGE_MIN_S, 100, BRIDGE_MIN_S + 5)


calls = st.lists(
    st.tuples(
        st.integers(0, 3), st.integers(0, 200), st.sampled_from([0, 10, 29, 30, 45, 90]), st.booleans()
    ),
    max_size=30,
)


@given(calls, calls)
def test_the_search_finds_exactly_the_pairs_the_definition_holds_for(
    placed: list[tuple[int, int, int, bool]], received: list[tuple[int, int, int, bool]]
) -> None:
    """Any keys, times and durations, in any order: a placed call is bridged when some received call
    of its key is, by ``bridged`` pair by pair, and from abroad when such a call came from abroad."""
    code = pl.UInt64
    calls = pl.DataFrame(
        {
            "key": [c[0] for c in placed],
            "t": [c[1] for c in placed],
            "duration": [c[2] for c in placed],
            "imei": [None] * len(placed),  # on no handset: the number's own received calls only
            "other": [0] * len(placed),
        },
        schema={"key": code, "t": pl.Int64, "duration": pl.Int64, "imei": code, "other": code},
    )
    halves = pl.DataFrame(
        {
            "key": [c[0] for c in received],
            "t": [c[1] for c in received],
            "duration": [c[2] for c in received],
            "intl": [c[3] for c in received],
            "other": [9] * len(received),
        },
        schema={"key": code, "t": pl.Int64, "duration": pl.Int64, "intl": pl.Boolean, "other": code},
    )
    found = bridged_calls(calls, halves, pl.DataFrame(schema=REACH_SCHEMA))
    some, abroad = found.bridged, found.bridged_intl
    for i, (key, t, d, _) in enumerate(placed):
        pairs = [(rk == key and bridged(t, d, rt, rd), ri) for rk, rt, rd, ri in received]
        assert some[i] == any(hit for hit, _ in pairs)
        assert abroad[i] == any(hit and ri for hit, ri in pairs)


def _relayed(t: int, seq: str, victim: str) -> list[Event]:
    """A call from abroad answered by the relay at ``t``, and its leg to ``victim`` 5 s later."""
    return [
        Event(RELAY, t, f"{seq}-in", IN, UPSTREAM, 120, "international"),
        Event(UPSTREAM, t, f"{seq}-in", OUT, RELAY, 120, "international"),
        Event(RELAY, t + 5, f"{seq}-out", OUT, victim, 117, "intra"),
        Event(victim, t + 5, f"{seq}-out", IN, RELAY, 117, "intra"),
    ]


def test_the_streaming_engine_counts_a_relays_legs_and_keeps_a_minute_of_received_calls() -> None:
    engine = StreamingFeatures(allowed_lateness=0)
    for i in range(3):
        engine.add(_relayed(1_000 + 600 * i, f"r{i}", f"+861390000000{i}"))
    # Then it only receives, for hours: what it keeps is the last minute's calls.
    for i in range(500):
        engine.add([Event(RELAY, 10_000 + 30 * i, f"q{i}", IN, UPSTREAM, 60, "international")])
    seen = [ev for ev in engine.release(None) if ev.event.key == RELAY and ev.event.role == OUT]
    assert [ev.features["number.sum(bridged)@all"] for ev in seen] == [1.0, 2.0, 3.0]
    assert [ev.features["number.distinct(bridged_intl:other)@all"] for ev in seen] == [1.0, 2.0, 3.0]
    assert len(engine._keys[RELAY].received) <= BRIDGE_WINDOW_S // 30 + 1


def test_a_number_kept_by_a_build_before_bridged_calls_loads_with_none_received() -> None:
    engine = StreamingFeatures(allowed_lateness=0)
    engine.add(_relayed(1_000, "r0", "+8613900000000"))
    engine.release(None)
    state = engine._keys[RELAY]
    kept = dict(state.__dict__)
    del kept["received"]
    older = type(state).__new__(type(state))
    older.__setstate__(kept)
    assert list(older.received) == []
    assert older.clone().received == older.received


def test_a_call_bridged_on_another_card_of_the_handset_counts_once_that_card_used_it() -> None:
    """A desk: card A takes the call from abroad, card B places the leg from a handset A had placed a
    call from. Before A used that handset, the same leg is no bridge (links count as of the call)."""
    a, b, desk = "+8613800000011", "+8613800000012", "861234567890123"
    engine = StreamingFeatures(allowed_lateness=0)
    first = [
        Event(a, 1_000, "in0", IN, UPSTREAM, 120, "international"),
        Event(b, 1_005, "leg0", OUT, "+8613900000001", 117, "intra", desk),
    ]
    used = [Event(a, 2_000, "own", OUT, "+8613900000009", 40, "intra", desk)]
    later = [
        Event(a, 3_000, "in1", IN, UPSTREAM, 120, "international"),
        Event(b, 3_005, "leg1", OUT, "+8613900000002", 117, "intra", desk),
    ]
    for events in (first, used, later):
        engine.add(events)
    legs = {ev.event.seq: ev.features for ev in engine.release(None) if ev.event.key == b}
    assert legs["leg0"]["number.sum(bridged)@all"] == 0.0
    assert legs["leg1"]["number.sum(bridged)@all"] == 1.0
    assert legs["leg1"]["number.distinct(bridged_intl:other)@all"] == 1.0


def test_the_line_behind_a_relay_reaches_the_people_its_calls_were_bridged_to() -> None:
    """``relayed.reach`` at the upstream's calls: the victims of the bridged calls, each from the
    second after its bridged call started (a call in that same second does not see it yet)."""
    engine = StreamingFeatures(allowed_lateness=0)
    for i in range(3):
        engine.add(_relayed(1_000 + 600 * i, f"r{i}", f"+861390000000{i}"))
    # The upstream calls again: in the second the third leg started (2,205), and a second later.
    engine.add([Event(UPSTREAM, 2_205, "again0", OUT, "+8613800000077", 0, "international")])
    engine.add([Event(UPSTREAM, 2_206, "again1", OUT, "+8613800000077", 0, "international")])
    seen = {
        ev.event.seq: ev.features["relayed.reach"]
        for ev in engine.release(None)
        if ev.event.key == UPSTREAM and ev.event.role == OUT
    }
    assert seen == {"r0-in": 0.0, "r1-in": 1.0, "r2-in": 2.0, "again0": 2.0, "again1": 3.0}


def test_a_checkpoint_from_before_the_reach_loads_forks_and_counts_it_from_the_restart() -> None:
    engine = StreamingFeatures(allowed_lateness=0)
    engine.add(_relayed(1_000, "r0", "+8613900000000"))
    engine.release(None)
    state = dict(engine.__dict__)
    del state["_reach"]
    older = StreamingFeatures.__new__(StreamingFeatures)
    older.__setstate__(state)
    assert older._reach == {}
    older.add(_relayed(2_000, "r1", "+8613900000001"))
    assert older.fork()._reach == {}  # a fork of it copies the (empty) reach
    older.release(None)
    assert older._reach == {UPSTREAM: {"+8613900000001": 2_006}}
