from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringfence.screening import BurstTracker


def test_counts_distinct_callees_within_the_window() -> None:
    t = BurstTracker(window_s=60)
    assert t.observe("+2341", "a", 0) == 1
    assert t.observe("+2341", "a", 1) == 1  # the same callee twice is not breadth
    assert t.observe("+2341", "b", 2) == 2
    assert t.observe("+2341", "c", 59) == 3
    assert t.observe("+2341", "d", 61) == 3  # a (t=0, 1) has left the window
    assert t.observe("+9991", "a", 61) == 1  # callers are independent
    assert t.distinct("+2341") == 3
    assert t.distinct("+0") == 0


def test_memory_is_bounded_by_evicting_least_recent_callers() -> None:
    t = BurstTracker(window_s=60, max_callers=3)
    for i in range(10):
        t.observe(f"+{i}", "x", float(i))
    assert len(t) == 3
    assert t.distinct("+0") == 0
    assert t.distinct("+9") == 1


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.floats(0, 1_000)), max_size=60), st.floats(1, 300))
def test_matches_a_brute_force_count(events: list[tuple[str, float]], window: float) -> None:
    events = sorted(events, key=lambda e: e[1])
    t = BurstTracker(window_s=window)
    for i, (callee, at) in enumerate(events):
        got = t.observe("+44", callee, at)
        expected = {c for c, s in events[: i + 1] if s > at - window}
        assert got == len(expected)
