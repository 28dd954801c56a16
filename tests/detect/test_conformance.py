"""One conformance suite, run over every feature engine (``conformance.ENGINES``): the production
engine ``ringfence detect`` runs, the streaming engine and the reference engine.

Each engine is held to the reference's value of every declared feature at every event, on random
record streams (out of event-time order within the allowed lateness, ties, events on window edges,
with and without SMS and subscriber records), must return exactly the records that are later than the
allowed lateness as late, and must come to the same values whatever the arrival order, with or without
those late records (they are never merged).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from ringfence.detect.batch import ACTING
from ringfence.detect.features import FEATURE_NAMES
from ringfence.ingest import RecordKind
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.validate import canonical_schema
from tests.detect.conformance import (
    ENGINES,
    NUMBERS,
    T0,
    Engine,
    Scenario,
    Values,
    columnar_acting,
    columnar_stream_acting,
    reference,
    scenario_of,
    scenarios,
)

# Each example runs two or three engines: a fifth of the profile's examples (20 by default, 200 with
# ``--hypothesis-profile=thorough``).
EXAMPLES = settings.default.max_examples // 5
INPUTS = {
    "calls": (False, False),
    "calls+sms": (True, False),
    "calls+subscribers": (False, True),
    "calls+sms+subscribers": (True, True),
}


def _same(a: float | None, b: float | None) -> bool:
    """Equal values; ratios and card ages to the last bits (engines divide in different orders)."""
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return (a is None or math.isnan(a)) == (b is None or math.isnan(b))
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def assert_same_values(got: Values, want: Values) -> None:
    assert got.keys() == want.keys(), (sorted(got.keys() - want.keys()), sorted(want.keys() - got.keys()))
    for event, values in want.items():
        assert values.keys() == got[event].keys() == set(FEATURE_NAMES)
        for name in FEATURE_NAMES:
            assert _same(got[event][name], values[name]), (event, name, got[event][name], values[name])


@pytest.mark.parametrize("engine", ENGINES.values(), ids=list(ENGINES))
@pytest.mark.parametrize(("messages", "subscribers"), INPUTS.values(), ids=list(INPUTS))
@settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_every_feature_at_every_event_is_the_reference_value(
    engine: Engine, messages: bool, subscribers: bool, data: st.DataObject
) -> None:
    sc = data.draw(scenarios(messages=messages, subscribers=subscribers), label="scenario")
    want = reference(sc)
    got = want if engine is reference else engine(sc)
    assert got.late == want.late == sc.late  # exactly the late records returned as late
    assert_same_values(got.values, want.values)


ACTING_ENGINES = {"columnar": columnar_acting, "columnar_stream": columnar_stream_acting}


@pytest.mark.parametrize("engine", ACTING_ENGINES.values(), ids=list(ACTING_ENGINES))
@settings(max_examples=EXAMPLES)
@given(sc=scenarios())
def test_acting_events_alone_are_the_reference_values(engine: Engine, sc: Scenario) -> None:
    """Where only the events at which a number acts are featured (every ``detect`` and ``watch``),
    what numbers that never act received is left out of ``detect``'s chunks, and ``watch`` folds what
    a number received before it first acts into its state without the batch's steps: no feature at an
    acting event reads more of it than that."""
    want = reference(sc)
    got = engine(sc)
    assert got.late == want.late
    assert_same_values(got.values, {e: v for e, v in want.values.items() if e[2] in ACTING})
    assert not _never_acting(want.values) & {e[0] for e in got.values}  # nothing featured of them


@pytest.mark.parametrize("engine", ENGINES.values(), ids=list(ENGINES))
@settings(max_examples=EXAMPLES)
@given(sc=scenarios())
def test_late_records_and_arrival_order_change_nothing(engine: Engine, sc: Scenario) -> None:
    got, alone = engine(sc), engine(sc.on_time())
    assert alone.late == set()
    assert_same_values(got.values, alone.values)


def _sms(i: int, text: str | None) -> dict[str, object]:
    return {
        "sms_id": f"m{i}",
        "sender": NUMBERS[0],
        "receiver": NUMBERS[1],
        "send_time": T0 + i,
        "text": text,
    }


@pytest.mark.parametrize("engine", ENGINES.values(), ids=list(ENGINES))
def test_messages_none_of_which_has_a_text(engine: Engine) -> None:
    """Records keep their contract's column types whatever their values: SMS records without a single
    text once made a ``text`` column of type Null (a Polars SchemaError for half the seeds)."""
    call = {"call_id": "c0", "caller": NUMBERS[0], "callee": NUMBERS[2], "start_time": T0, "duration_s": 5}
    sc = scenario_of([call], [_sms(1, None), _sms(2, None)])
    assert sc.messages.schema == canonical_schema(CONTRACTS[RecordKind.MESSAGES])
    got, want = engine(sc), reference(sc)
    assert len(want.values) == 6  # a call and two messages: two events each
    assert_same_values(got.values, want.values)


def _placed_gaps(sc: Scenario, other_than_itself: bool = False) -> set[int]:
    """Seconds between two on-time calls placed by the same number (a call and itself: 0 too, unless
    ``other_than_itself``)."""
    calls = sc.calls.filter(~sc.calls["call_id"].is_in(list(sc.late)))
    gaps: set[int] = set()
    for _, group in calls.group_by("caller"):
        times = [int(t.timestamp()) for t in group["start_time"]]
        gaps |= {
            abs(a - b)
            for i, a in enumerate(times)
            for j, b in enumerate(times)
            if i != j or not other_than_itself
        }
    return gaps


def _somewhere(name: str, above: float = 0) -> Callable[[Scenario], bool]:
    return lambda sc: any((v[name] or 0) > above for v in reference(sc).values.values())


# What the scenarios must reach for the suite to mean something (found within a few hundred examples).
REACHED: dict[str, Callable[[Scenario], bool]] = {
    "sequential dialling": _somewhere("number.sum(sequential)@all"),
    "a callback": _somewhere("number.sum(callback)@all"),
    "a late record": lambda sc: bool(reference(sc).late),
    "a tie": lambda sc: 0 in _placed_gaps(sc, other_than_itself=True),
    "a 10-minute window edge": lambda sc: 600 in _placed_gaps(sc),
    "a 1-hour window edge": lambda sc: 3600 in _placed_gaps(sc),
    "a 1-day window edge": lambda sc: 86_400 in _placed_gaps(sc),
    "a new card": _somewhere("cell.new_cards"),
    "a shared handset": _somewhere("handset.numbers", above=1),
    "calls from a handset of three numbers": _somewhere("number.sum(shared_handset)@all", above=1),
    "numbers that used a handset twice": _somewhere("handset.repeat_numbers", above=1),
    "a handset used in several cells": _somewhere("handset.cells", above=1),
    "a call away from home": _somewhere("number.sum(off_site)@all"),
    "a scam text": _somewhere("number.sum(sms_fraud)@1d"),
    "a call at night": _somewhere("number.sum(night)@all"),
    "a callee known to the holder's previous number": _somewhere("number.distinct(known:other)@all"),
    "callees who know each other": _somewhere("number.distinct(tied:other)@all"),
    "a bridged call": _somewhere("number.sum(bridged)@all"),
    "two bridged calls": _somewhere("number.sum(bridged)@all", above=1),
    "a call from abroad bridged": _somewhere("number.distinct(bridged_intl:other)@all"),
    "a caller from abroad whose call a relay bridged, calling again": _somewhere("relayed.reach"),
    "a call bridged on a number that shares the handset": lambda sc: any(
        (v["number.sum(bridged)@all"] or 0) > 0 and not v["number.sum(in_answered)@all"]
        for v in reference(sc).values.values()
    ),
    "a zone with daylight saving": lambda sc: sc.zone in ("Atlantic/Azores", "America/New_York"),
    "a number that is called and never acts": lambda sc: bool(_never_acting(reference(sc).values)),
    "an answered call received before the number first calls": lambda sc: any(
        e[2] in ACTING and v["number.sum(out)@all"] == 1 and v["number.sum(in_answered)@all"]
        for e, v in reference(sc).values.items()
    ),
}


def _never_acting(values: Values) -> set[str]:
    """Numbers with events, none of which is a call placed or an SMS sent."""
    return {e[0] for e in values} - {e[0] for e in values if e[2] in ACTING}


@pytest.mark.parametrize("case", REACHED)
def test_scenarios_reach(case: str) -> None:
    reached = REACHED[case]
    once = settings(max_examples=500, database=None, phases=[Phase.generate])  # found is enough: no shrinking
    find(scenarios(), reached, settings=once)
