"""The outbox's retry schedule: exponential, capped, and giving up after the last attempt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.outbox import Delivery, Outcome, RetryPolicy, Status
from ringfence.errors import ConfigError

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def test_back_off_doubles_up_to_the_cap() -> None:
    policy = RetryPolicy(max_attempts=10, base=timedelta(seconds=10), cap=timedelta(minutes=1))
    assert [policy.delay(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 60, 60]


@given(st.integers(min_value=1, max_value=10_000), st.floats(min_value=0.001, max_value=86_400))
def test_back_off_never_overflows_and_never_exceeds_the_cap(attempts: int, base_s: float) -> None:
    policy = RetryPolicy(
        max_attempts=10**6, base=timedelta(seconds=base_s), cap=timedelta(days=1, seconds=base_s)
    )
    assert timedelta(0) < policy.delay(attempts) <= policy.cap


def test_outcomes_to_statuses() -> None:
    policy = RetryPolicy(max_attempts=3, base=timedelta(seconds=5), cap=timedelta(minutes=5))
    assert policy.after(1, Delivery(Outcome.DELIVERED), T0) == (Status.DELIVERED, T0)
    assert policy.after(1, Delivery(Outcome.SENT), T0) == (Status.SENT, T0)
    assert policy.after(1, Delivery(Outcome.RETRY, "503"), T0) == (Status.QUEUED, T0 + timedelta(seconds=5))
    assert policy.after(2, Delivery(Outcome.RETRY, "503"), T0) == (Status.QUEUED, T0 + timedelta(seconds=10))
    assert policy.after(3, Delivery(Outcome.RETRY, "503"), T0)[0] is Status.FAILED  # the last attempt
    assert policy.after(1, Delivery(Outcome.FAILED, "400"), T0)[0] is Status.FAILED  # permanent


def test_invalid_policies_are_refused() -> None:
    with pytest.raises(ConfigError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ConfigError):
        RetryPolicy(base=timedelta(seconds=10), cap=timedelta(seconds=1))
