"""From per-user behaviour targets to timed, directed, answered-or-not contact events.

A group of users shares one set of mechanics (ordinary users spread calls over active days and hours;
dialers work in bursts of back-to-back calls); each user has its own parameters. Output is a set of
parallel arrays, one entry per call attempt, that ``scenario`` turns into records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ringfence.simulate.vector import crp_contacts, group_starts, pick_from_rows, ranks_within

__all__ = ["Drafts", "GroupSpec", "Window", "lognormal_params", "realise"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

DAY = 86_400
LOCAL_OFFSET = 8 * 3600  # records are generated in local time (UTC+08:00) and stored in UTC

# Relative call volume by local hour of day.
# fmt: off
ORDINARY_HOURS = np.array([
    0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 1.0, 2.2, 3.5, 4.2, 4.2,
    3.2, 2.8, 3.3, 3.6, 3.8, 4.0, 4.2, 3.8, 3.2, 2.5, 1.6, 0.8,
])
# fmt: on
# fmt: off
WORK_HOURS = np.array([
    0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 2.5, 4.0, 4.5, 4.0,
    2.0, 2.5, 4.0, 4.5, 4.5, 4.0, 2.5, 1.5, 1.0, 0.6, 0.3, 0.1,
])
# fmt: on
NIGHT_SHIFT_HOURS = np.roll(ORDINARY_HOURS, 8)  # e.g. overseas call centres working another clock


@dataclass(frozen=True)
class Window:
    """The simulated period: ``days`` local days from ``start_utc`` (epoch seconds of local midnight)."""

    start_utc: int
    days: int


@dataclass
class GroupSpec:
    """Per-user parameters of one behaviour group (all arrays have one entry per user)."""

    attempts: F64  # expected call attempts in the window
    day_mask: B  # users x days: on which days the user is active
    hour_weights: F64  # users x 24
    alpha: F64  # contact dispersion (Chinese-restaurant concentration)
    p_out: F64  # share of records where the user is the caller
    p_answer: F64
    dur_mu: F64
    dur_sigma: F64
    session_size: F64 | None = None  # dialers: calls per burst; None = calls spread over the day
    session_gap_s: F64 | None = None  # dialers: mean seconds between call starts in a burst
    p_callback: F64 | None = None  # share of received calls that come from someone this user called


@dataclass
class Drafts:
    user: I64  # index into the group
    time: I64  # UTC epoch seconds
    contact: I64  # local contact id within the user (0 = first contact met)
    outgoing: B
    answered: B
    duration: I64
    distinct: I64  # per user: contacts met

    def __len__(self) -> int:
        return len(self.user)


def lognormal_params(mean: F64, median: F64) -> tuple[F64, F64]:
    """(mu, sigma) of a lognormal with the given mean and median (sigma floor 0.3)."""
    ratio = np.maximum(mean / np.maximum(median, 1.0), 1.0)
    sigma = np.sqrt(np.maximum(2.0 * np.log(ratio), 0.09))
    return np.log(np.maximum(median, 1.0)), sigma


def _spread_times(rng: np.random.Generator, spec: GroupSpec, user: I64, window: Window) -> I64:
    day = pick_from_rows(rng, spec.day_mask.astype(np.float64), user)
    hour = pick_from_rows(rng, spec.hour_weights, user)
    second = rng.integers(0, 3600, size=len(user))
    return window.start_utc + day * DAY + hour * 3600 + second


def _burst_times(rng: np.random.Generator, spec: GroupSpec, user: I64, window: Window) -> I64:
    """Dialers: each active day's calls come in bursts that start at a drawn hour and proceed call
    after call, ``session_gap_s`` apart on average."""
    assert spec.session_size is not None
    assert spec.session_gap_s is not None
    day = pick_from_rows(rng, spec.day_mask.astype(np.float64), user)
    order = np.lexsort((day, user))
    user, day = user[order], day[order]
    group = user * (window.days + 1) + day
    rank = ranks_within(group)
    session = group * 10_000 + rank // np.maximum(spec.session_size[user], 1.0).astype(np.int64)
    first = group_starts(session)
    is_first = np.arange(len(session)) == first
    start_hour = pick_from_rows(rng, spec.hour_weights, user[is_first])
    start = np.zeros(len(session), dtype=np.int64)
    start[is_first] = start_hour * 3600 + rng.integers(0, 3600, size=int(is_first.sum()))
    start = start[first]
    gaps = rng.exponential(spec.session_gap_s[user]).astype(np.int64) + 3
    gaps[is_first] = 0
    csum = np.cumsum(gaps)
    offset = csum - csum[first]
    local = start + offset  # a late burst may run past midnight
    times = window.start_utc + day * DAY + local
    out = np.empty_like(times)
    out[order] = times
    return out


def realise(rng: np.random.Generator, spec: GroupSpec, window: Window) -> Drafts:
    """Draw every call attempt of a group: when, with which (local) contact, which way, answered."""
    n_users = len(spec.attempts)
    active = spec.day_mask.any(axis=1)
    counts = np.where(active, rng.poisson(np.maximum(spec.attempts, 0.0)), 0)
    user = np.repeat(np.arange(n_users, dtype=np.int64), counts)
    times = (
        _burst_times(rng, spec, user, window)
        if spec.session_size is not None
        else _spread_times(rng, spec, user, window)
    )
    order = np.lexsort((times, user))
    user, times = user[order], times[order]
    contact, distinct = crp_contacts(rng, user, spec.alpha)
    n = len(user)
    outgoing = rng.random(n) < spec.p_out[user]
    if spec.p_callback is not None and n:
        # Customers and recipients ring back: a received call repeats an earlier contact.
        start = group_starts(user)
        rank = np.arange(n) - start
        back = ~outgoing & (rank > 0) & (rng.random(n) < spec.p_callback[user])
        idx = np.flatnonzero(back)
        contact[idx] = contact[start[idx] + (rng.random(len(idx)) * rank[idx]).astype(np.int64)]
        distinct[:] = 0
        np.maximum.at(distinct, user, contact + 1)
    answered = rng.random(n) < spec.p_answer[user]
    dur = np.exp(rng.normal(spec.dur_mu[user], spec.dur_sigma[user]))
    duration = np.where(answered, np.clip(np.round(dur), 1, 7200), 0).astype(np.int64)
    return Drafts(user, times.astype(np.int64), contact, outgoing, answered, duration, distinct)


def hour_weights(rng: np.random.Generator, base: F64, n_hours: F64, flatten: float = 1.0) -> F64:
    """Per user: a random set of ``n_hours`` active hours (likelier where ``base`` is high), weighted
    by ``base ** flatten`` (below 1, a user's unusual hours still get a fair share of its calls)."""
    from ringfence.simulate.vector import top_k_mask

    n = len(n_hours)
    logw = np.log(np.broadcast_to(base, (n, 24)))
    mask = top_k_mask(rng, logw, np.clip(np.round(n_hours), 1, 24).astype(np.int64))
    return np.where(mask, np.broadcast_to(base**flatten, (n, 24)), 0.0)
