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

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.detect.features import FEATURE_NAMES
from tests.detect.conformance import ENGINES, Engine, Scenario, Values, reference, scenarios

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
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_every_feature_at_every_event_is_the_reference_value(
    engine: Engine, messages: bool, subscribers: bool, data: st.DataObject
) -> None:
    sc = data.draw(scenarios(messages=messages, subscribers=subscribers), label="scenario")
    want = reference(sc)
    got = want if engine is reference else engine(sc)
    assert got.late == want.late == sc.late  # exactly the late records returned as late
    assert_same_values(got.values, want.values)


@pytest.mark.parametrize("engine", ENGINES.values(), ids=list(ENGINES))
@settings(max_examples=20, deadline=None)
@given(sc=scenarios())
def test_late_records_and_arrival_order_change_nothing(engine: Engine, sc: Scenario) -> None:
    got, alone = engine(sc), engine(sc.on_time())
    assert alone.late == set()
    assert_same_values(got.values, alone.values)
