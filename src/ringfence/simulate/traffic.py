"""Voice traffic of subscribers: each role's behaviour as a ``GroupSpec``, realised into records.

Ordinary users and fraud dialers take their targets from the Sichuan profiles (so their per-user
statistics match the real ones); the legitimate heavy callers and SIM-farm cards follow documented
operating patterns (couriers ring each recipient, call centres work through customer lists, farms keep
every card under per-number thresholds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ringfence.simulate.behaviour import (
    NIGHT_SHIFT_HOURS,
    ORDINARY_HOURS,
    WORK_HOURS,
    Drafts,
    GroupSpec,
    Window,
    hour_weights,
    lognormal_params,
    realise,
)
from ringfence.simulate.numbering import NumberFactory
from ringfence.simulate.numbertable import NumberTable
from ringfence.simulate.population import Population
from ringfence.simulate.profiles import OBSERVATION_DAYS, Profiles
from ringfence.simulate.records import CallChunk

__all__ = ["Lifetimes", "VoiceGroup", "fraud_dialer_spec", "heavy_spec", "ordinary_spec", "voice_records"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

#: Ordinary users' contacts who are subscribers of the same operator (the rest are other operators').
ON_NET_SHARE = 0.3


@dataclass
class Lifetimes:
    """First and last active day of each user in the window (fraud cards live briefly)."""

    first_day: I64
    last_day: I64


@dataclass
class VoiceGroup:
    """A realised group: its users (population indices), their drafts and the records they made."""

    users: I64
    drafts: Drafts
    contacts: I64  # number id per draft
    chunk: CallChunk


def _day_mask_from_rate(rng: np.random.Generator, q: F64, days: int) -> B:
    return rng.random((len(q), days)) < q[:, None]


def ordinary_spec(rng: np.random.Generator, prof: Profiles, window: Window) -> GroupSpec:
    """Ordinary people: active on a share of days (from their distinct days of month in the real
    data), at their own set of hours, calling a few close contacts often and a tail rarely."""
    n = len(prof)
    p_answer = rng.uniform(0.82, 0.94, size=n)
    periods = OBSERVATION_DAYS / 31.0
    q = np.where(prof.days >= 31, rng.uniform(0.45, 1.0, size=n), 1 - (1 - prof.days / 31.0) ** (1 / periods))
    mu, sigma = lognormal_params(prof.dur_mean, prof.dur_median)
    from ringfence.simulate.vector import solve_crp_alpha

    answered = prof.records * window.days / OBSERVATION_DAYS
    return GroupSpec(
        attempts=answered / p_answer,
        day_mask=_day_mask_from_rate(rng, np.clip(q, 0.01, 1.0), window.days),
        # Calls from on-net friends arrive at the friends' hours: aim one hour lower.
        hour_weights=hour_weights(rng, ORDINARY_HOURS, np.maximum(prof.hours - 1, 1)),
        alpha=solve_crp_alpha(prof.records, prof.contacts),
        p_out=prof.out_share,
        p_answer=p_answer,
        dur_mu=mu,
        dur_sigma=sigma,
    )


def fraud_lifetimes(rng: np.random.Generator, prof: Profiles, window: Window, calibration: bool) -> Lifetimes:
    """A fraud card is used for a few days until it is cut off: as many days as the real card was
    seen on (distinct days of month, when under a month)."""
    n = len(prof)
    life = np.where(prof.days < 31, prof.days, rng.integers(31, 121, size=n)).astype(np.int64)
    if calibration:
        first = (rng.random(n) * np.maximum(window.days - life, 1)).astype(np.int64)
    else:
        first = rng.integers(0, window.days, size=n)
    return Lifetimes(first, first + life - 1)


def fraud_dialer_spec(rng: np.random.Generator, prof: Profiles, window: Window, life: Lifetimes) -> GroupSpec:
    """Dialers work through target lists in bursts: many distinct callees, few answers, mostly
    outgoing, at office hours (some rings keep another clock)."""
    n = len(prof)
    days = np.arange(window.days)
    mask = (days[None, :] >= life.first_day[:, None]) & (days[None, :] <= life.last_day[:, None])
    life_days = (life.last_day - life.first_day + 1).astype(np.float64)
    p_answer = rng.uniform(0.3, 0.6, size=n)
    base = np.where(rng.random(n)[:, None] < 0.15, NIGHT_SHIFT_HOURS[None, :], WORK_HOURS[None, :])
    hw = (
        np.vstack([hour_weights(rng, base[i], prof.hours[i : i + 1], flatten=0.3) for i in range(n)])
        if n
        else np.zeros((0, 24))
    )
    mu, sigma = lognormal_params(prof.dur_mean, prof.dur_median)
    from ringfence.simulate.vector import solve_crp_alpha

    per_day = prof.records / life_days
    return GroupSpec(
        attempts=per_day * mask.sum(axis=1) / p_answer,
        day_mask=mask,
        hour_weights=hw,
        alpha=solve_crp_alpha(prof.records, prof.contacts),
        p_out=prof.out_share,
        p_answer=p_answer,
        dur_mu=mu,
        dur_sigma=sigma,
        session_size=rng.uniform(10, 40, size=n),
        session_gap_s=rng.uniform(30, 120, size=n),
    )


def heavy_spec(rng: np.random.Generator, role: str, n: int, window: Window) -> GroupSpec:
    """Legitimate heavy callers, by documented operating pattern."""
    days = np.arange(window.days)
    weekday = ((days + 0) % 7) < 5  # the window starts on a Monday
    params = {
        #              calls/day     answer       dur mean/median  p_out  alpha   callbacks
        "courier": ((50, 140), (0.80, 0.92), (38, 25), 0.85, 400.0, 0.6),
        "call_centre": ((80, 200), (0.50, 0.75), (150, 80), 0.93, 5000.0, 0.5),
        "ride_hailing": ((12, 35), (0.85, 0.95), (30, 20), 0.65, 200.0, 0.6),
        "school": ((4, 12), (0.85, 0.95), (120, 60), 0.6, 15.0, 0.3),
    }[role]
    (lo, hi), (alo, ahi), (dmean, dmed), p_out, alpha, p_back = params
    per_day = rng.uniform(lo, hi, size=n)
    active_days = weekday if role in ("call_centre", "school") else np.ones(window.days, dtype=bool)
    mask = np.broadcast_to(active_days, (n, window.days)) & (rng.random((n, window.days)) < 0.95)
    hours = ORDINARY_HOURS if role == "ride_hailing" else WORK_HOURS
    mu, sigma = lognormal_params(np.full(n, float(dmean)), np.full(n, float(dmed)))
    session = role in ("courier", "call_centre")
    return GroupSpec(
        attempts=per_day * mask.sum(axis=1),
        day_mask=mask,
        hour_weights=hour_weights(rng, hours, np.full(n, 12.0 if session else 16.0)),
        alpha=np.full(n, alpha) * rng.uniform(0.7, 1.3, size=n),
        p_out=np.full(n, p_out),
        p_answer=rng.uniform(alo, ahi, size=n),
        dur_mu=mu,
        dur_sigma=sigma,
        session_size=rng.uniform(15, 40, size=n) if session else None,
        session_gap_s=rng.uniform(60, 150, size=n) if session else None,
        p_callback=np.full(n, p_back),
    )


def _pair_up(rng: np.random.Generator, users: I64, slots_per_user: I64) -> list[I64]:
    """A random symmetric friendship graph with (about) the given degrees: a configuration model
    with self-pairs dropped. Returns each user's friends (population indices)."""
    stubs = np.repeat(np.arange(len(users), dtype=np.int64), slots_per_user)
    rng.shuffle(stubs)
    if len(stubs) % 2:
        stubs = stubs[:-1]
    a, b = stubs[0::2], stubs[1::2]
    keep = a != b
    a, b = a[keep], b[keep]
    ends = np.concatenate([a, b])
    other = users[np.concatenate([b, a])]
    order = np.argsort(ends, kind="stable")
    bounds = np.searchsorted(ends[order], np.arange(len(users) + 1))
    friends = other[order]
    return [friends[bounds[i] : bounds[i + 1]] for i in range(len(users))]


def _map_contacts(
    rng: np.random.Generator,
    users: I64,
    drafts: Drafts,
    table: NumberTable,
    factory: NumberFactory,
    on_net: F64,
    on_net_pool: I64,
    sequential: B | None = None,
    first_contacts: dict[int, list[int]] | None = None,
    symmetric: bool = False,
) -> tuple[I64, B]:
    """Give every (user, local contact) a real number: a subscriber of the operator or an outside
    number; sequential dialers' outside targets are consecutive numbers from a list.

    With ``symmetric`` the on-net contacts form a friendship graph inside the group: each side
    generates only its own outgoing calls to the other (the returned mask marks records to keep), so
    a pair's calls are counted once and both see each other as a contact.
    """
    distinct = drafts.distinct
    offsets = np.concatenate([[0], np.cumsum(distinct)]).astype(np.int64)
    total = int(offsets[-1])
    owner = np.repeat(np.arange(len(users), dtype=np.int64), distinct)
    is_on_net = rng.random(total) < on_net[owner]
    ids = np.empty(total, dtype=np.int64)
    if symmetric:
        slots = np.bincount(owner[is_on_net], minlength=len(users)).astype(np.int64)
        friends = _pair_up(rng, users, slots)
        on_pos = np.flatnonzero(is_on_net)  # sorted, so grouped by owner
        bounds = np.searchsorted(owner[on_pos], np.arange(len(users) + 1))
        filled = np.zeros(total, dtype=bool)
        for u in range(len(users)):
            pos = on_pos[bounds[u] : bounds[u + 1]]
            f = friends[u][: len(pos)]
            ids[pos[: len(f)]] = f
            filled[pos[: len(f)]] = True
        is_on_net = filled
    else:
        picks = on_net_pool[rng.integers(0, len(on_net_pool), size=int(is_on_net.sum()))]
        same = picks == users[owner[is_on_net]]
        picks[same] = on_net_pool[(np.searchsorted(on_net_pool, picks[same]) + 1) % len(on_net_pool)]
        ids[is_on_net] = picks
    off_pos = np.flatnonzero(~is_on_net)
    if sequential is not None and sequential.any():
        seq_owner = sequential[owner[off_pos]]
        for u in np.unique(owner[off_pos][seq_owner]).tolist():
            pos = off_pos[seq_owner][owner[off_pos][seq_owner] == u]
            block = (
                factory.sequential_block("成都", len(pos))
                if len(pos) < 10_000
                else factory.other_mobiles(len(pos))
            )
            ids[pos] = table.add(block)
        off_pos = off_pos[~seq_owner]
    n_fixed = round(len(off_pos) * 0.12)
    outside = factory.other_mobiles(len(off_pos) - n_fixed) + factory.fixed("成都", n_fixed)
    order = rng.permutation(len(outside))
    ids[off_pos] = table.add([outside[i] for i in order.tolist()])
    owned = np.zeros(total, dtype=bool)  # slots whose calls this side generates in both directions
    if first_contacts:
        for local_user, contacts in first_contacts.items():
            for j, c in enumerate(contacts[: distinct[local_user]]):
                ids[offsets[local_user] + j] = c
                owned[offsets[local_user] + j] = True
    slot = offsets[drafts.user] + drafts.contact
    keep = np.ones(len(slot), dtype=bool)
    if symmetric:
        keep = drafts.outgoing | ~is_on_net[slot] | owned[slot]
    return ids[slot], keep


def voice_records(
    rng: np.random.Generator,
    tag: str,
    users: I64,
    spec: GroupSpec,
    window: Window,
    table: NumberTable,
    factory: NumberFactory,
    pop: Population,
    on_net: F64,
    on_net_pool: I64,
    sequential: B | None = None,
    first_contacts: dict[int, list[int]] | None = None,
    symmetric: bool = False,
) -> VoiceGroup:
    drafts = realise(rng, spec, window)
    contacts, keep = _map_contacts(
        rng, users, drafts, table, factory, on_net, on_net_pool, sequential, first_contacts, symmetric
    )
    if not keep.all():
        drafts = Drafts(
            drafts.user[keep],
            drafts.time[keep],
            drafts.contact[keep],
            drafts.outgoing[keep],
            drafts.answered[keep],
            drafts.duration[keep],
            drafts.distinct,
        )
        contacts = contacts[keep]
    me = users[drafts.user]
    out = drafts.outgoing
    contact_is_sub = contacts < table.subscribers
    caller = np.where(out, me, contacts)
    callee = np.where(out, contacts, me)
    # Incoming calls from outside numbers arrive from another operator: terminating (mtc) records.
    from_outside = ~out & ~contact_is_sub
    origin = np.where(from_outside, 1, 0).astype(np.int8)
    ctype = np.where(from_outside, 1, 0).astype(np.int8)
    caller_sub = np.where(from_outside, -1, caller)
    chunk = CallChunk.build(tag, caller, callee, drafts.time, drafts.duration, origin, ctype, caller_sub)
    return VoiceGroup(users, drafts, contacts, chunk)
