"""The triage score, dedupe and the fast-path rule: properties that must hold for any input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.adapters.memory import MemoryStore
from ringfence.domain.complaints import (
    Category,
    Channel,
    FastPathRule,
    NewComplaint,
    Signals,
    dedupe_key,
    fast_path_reason,
    triage,
)
from ringfence.errors import ConfigError

T0 = datetime(2026, 11, 2, tzinfo=UTC)
verdicts = st.sampled_from([None, "watch", "warn", "block"])
scores = st.none() | st.floats(0, 1)
counts = st.integers(0, 10_000)
_STRENGTH = {None: 0, "watch": 1, "warn": 2, "block": 3}


@given(counts, counts, st.integers(1, 50), verdicts, scores)
def test_triage_is_monotone_in_distinct_reporters_and_bounded(
    reporters: int, orgs: int, more: int, verdict: str | None, score: float | None
) -> None:
    low = triage(Signals(reporters, orgs, verdict, score))
    high = triage(Signals(reporters + more, orgs, verdict, score))
    assert 0 <= low.score <= high.score <= 1
    assert sum(p.points for p in low.parts) == pytest.approx(low.score, abs=1e-3)


@given(counts, counts, verdicts, verdicts, scores, scores)
def test_triage_never_drops_with_stronger_evidence(
    reporters: int, orgs: int, v1: str | None, v2: str | None, s1: float | None, s2: float | None
) -> None:
    weak_v, strong_v = sorted((v1, v2), key=lambda v: _STRENGTH[v])
    weak_s, strong_s = sorted((s1 or 0.0, s2 or 0.0))
    weak = triage(Signals(reporters, orgs, weak_v, weak_s))
    assert weak.score <= triage(Signals(reporters, orgs + 1, weak_v, weak_s)).score
    assert weak.score <= triage(Signals(reporters, orgs, strong_v, strong_s)).score


def test_each_part_explains_itself() -> None:
    t = triage(Signals(3, 2, "block", 0.9))
    assert [p.name for p in t.parts] == ["reporters", "organisations", "verdict", "model"]
    assert t.parts[0].why == "3 distinct reporter(s)"
    assert t.parts[2].points == 0.2
    assert t.score == pytest.approx(0.45 * (1 - 0.6**3) + 0.075 + 0.2 + 0.18, abs=1e-3)
    with pytest.raises(ConfigError):
        triage(Signals(-1))


def test_the_fast_path_needs_enough_reporters_and_a_corroborating_verdict() -> None:
    rule = FastPathRule()
    assert fast_path_reason(rule, Signals(3, 1, "block")) is not None
    assert fast_path_reason(rule, Signals(2, 1, "block")) is None
    assert fast_path_reason(rule, Signals(30, 5, None)) is None
    assert fast_path_reason(rule, Signals(30, 5, "watch")) is None
    assert fast_path_reason(FastPathRule(0), Signals(30, 5, "block")) is None  # switched off
    with pytest.raises(ConfigError):
        FastPathRule(3, frozenset({"block"}), "delete")


def test_the_dedupe_key_separates_categories_and_numbers() -> None:
    k = dedupe_key("h", "+861", "loan")
    assert k == dedupe_key("h", "+861", "loan")
    assert (
        len(
            {
                k,
                dedupe_key("h", "+861", "investment"),
                dedupe_key("h", "+862", "loan"),
                dedupe_key("g", "+861", "loan"),
            }
        )
        == 4
    )


complaints = st.builds(
    lambda r, n, c: NewComplaint("a", n, Channel.CALL, c, T0, r, "masked"),
    st.sampled_from(["r1", "r2", "r3"]),
    st.sampled_from(["+8613800000001", "+8613800000002"]),
    st.sampled_from([Category.LOAN, Category.OTHER]),
)


@given(st.lists(complaints, max_size=30))
def test_dedupe_is_idempotent(sequence: list[NewComplaint]) -> None:
    """Any sequence with repeats stores each distinct complaint once; a repeat returns the first id."""
    store = MemoryStore()
    store.ensure_org("a", "A", T0)
    first_ids: dict[str, int] = {}
    for c in sequence:
        complaint_id, created = store.add_complaint(c, None, 0.1, "a/x#1", T0)
        assert created == (c.key not in first_ids)
        assert first_ids.setdefault(c.key, complaint_id) == complaint_id
    assert len(store.complaints("a")) == len(first_ids)
    reporters = {(c.number, c.reporter_hash) for c in sequence}
    for number in ("+8613800000001", "+8613800000002"):
        assert store.complaint_signals(number)[0] == len({r for n, r in reporters if n == number})
