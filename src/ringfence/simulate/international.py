"""Traffic through the international gateway: one-ring (wangiri) sweeps, calls presenting spoofed
+86 and official numbers, ordinary calls from abroad, and subscribers calling home while roaming."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ringfence.simulate.behaviour import DAY, ORDINARY_HOURS, WORK_HOURS, Window
from ringfence.simulate.numbering import ABROAD_REGIONS, WANGIRI_REGIONS, NumberFactory
from ringfence.simulate.numbertable import NumberTable
from ringfence.simulate.population import Population
from ringfence.simulate.records import CallChunk

__all__ = ["GatewayTraffic", "gateway_traffic"]

I64 = npt.NDArray[np.int64]
OFFICIAL = ("95588", "95533", "95555", "95599", "95566", "10086", "10010", "10000", "110", "12345", "12315")


@dataclass
class GatewayTraffic:
    chunks: list[CallChunk] = field(default_factory=list)
    wangiri_numbers: list[str] = field(default_factory=list)
    spoof_kind: list[str] = field(default_factory=list)  # per record of the spoof chunk
    roaming: list[tuple[int, int, int]] = field(default_factory=list)  # (subscriber, from, to) UTC


def _times(rng: np.random.Generator, window: Window, n: int, hours: npt.NDArray[np.float64]) -> I64:
    day = rng.integers(0, window.days, size=n)
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    return window.start_utc + day * DAY + hour * 3600 + rng.integers(0, 3600, size=n)


def _wangiri(
    rng: np.random.Generator,
    pop: Population,
    table: NumberTable,
    factory: NumberFactory,
    window: Window,
    n_numbers: int,
    out: GatewayTraffic,
) -> None:
    """Auto-dialers sweep subscriber ranges with calls dropped after one ring, hoping for call-backs
    to a premium-rate number."""
    numbers = factory.foreign(WANGIRI_REGIONS, n_numbers)
    out.wangiri_numbers = numbers
    ids = table.add(numbers)
    targets = np.sort(pop.of("ordinary", "courier", "ride_hailing", "school"))
    by_number = targets[np.argsort(np.array(pop.number)[targets])]
    callers, callees, times = [], [], []
    for wid in ids.tolist():
        for _ in range(int(rng.integers(1, 4))):
            size = int(rng.integers(60, 250))
            start = int(_times(rng, window, 1, ORDINARY_HOURS)[0])
            if rng.random() < 0.5:
                first = int(rng.integers(0, max(1, len(by_number) - size)))
                victims = by_number[first : first + size]
            else:
                victims = rng.choice(targets, size=min(size, len(targets)), replace=False)
            gaps = np.cumsum(rng.exponential(6.0, size=len(victims)).astype(np.int64) + 1)
            callers.append(np.full(len(victims), wid))
            callees.append(victims)
            times.append(start + gaps)
    if not callers:
        return
    caller, callee, time = np.concatenate(callers), np.concatenate(callees), np.concatenate(times)
    zero = np.zeros(len(caller), dtype=np.int64)
    out.chunks.append(CallChunk.build("wangiri", caller, callee, time, zero, 2, 1))
    # A few people ring back the missed international number.
    back = rng.random(len(caller)) < 0.04
    delay = rng.exponential(2 * 3600, size=int(back.sum())).astype(np.int64) + 60
    dur = rng.integers(20, 180, size=int(back.sum()))
    out.chunks.append(
        CallChunk.build(
            "wangiri_callback", callee[back], caller[back], time[back] + delay, dur, 0, 0, callee[back]
        )
    )


def _present(rng: np.random.Generator, national: str, kind: str) -> str:
    """How a spoofed number shows up in the gateway's signalling."""
    r = rng.random()
    if kind == "official":
        return national if r < 0.6 else ("+86" + national if r < 0.85 else "0086" + national)
    if kind == "fixed":
        return "+86" + national[1:] if r < 0.5 else national
    return (
        ("+86" + national)
        if r < 0.45
        else ("0086" + national if r < 0.7 else (national if r < 0.9 else "86" + national))
    )


def _spoofed(
    rng: np.random.Generator,
    pop: Population,
    table: NumberTable,
    factory: NumberFactory,
    window: Window,
    per_day: float,
    out: GatewayTraffic,
) -> None:
    """Overseas call centres present domestic numbers: a random or real subscriber's mobile, a local
    fixed line, or an official number of a bank, operator or the police."""
    n = int(rng.poisson(per_day * window.days))
    if n == 0:
        return
    ordinary = pop.of("ordinary")
    elderly = ordinary[pop.birth_year[ordinary] < 1961]
    pool = np.concatenate([ordinary, elderly, elderly])
    callee = pool[rng.integers(0, len(pool), size=n)]
    kinds = rng.choice(["mobile", "fixed", "official"], size=n, p=[0.5, 0.15, 0.35])
    presented: list[str] = []
    subs = np.array(pop.number)
    for kind in kinds.tolist():
        if kind == "official":
            national = str(rng.choice(OFFICIAL))
        elif kind == "fixed":
            national = "0" + factory.fixed("成都", 1)[0][3:]
        elif rng.random() < 0.4:
            national = str(subs[int(rng.integers(0, len(subs)))])[3:]
        else:
            national = factory.other_mobiles(1)[0][3:]
        presented.append(_present(rng, national, kind))
    from ringfence.domain.numbers import normalize

    caller = table.add([normalize(p) for p in presented])
    r = rng.random(n)
    duration = np.where(
        r < 0.4, 0, np.where(r < 0.8, rng.integers(2, 40, size=n), rng.integers(120, 2400, size=n))
    )
    time = _times(rng, window, n, WORK_HOURS)
    out.chunks.append(
        CallChunk.build(
            "spoofed", caller, callee, time, duration, 2, 1, presented=np.array(presented, dtype=object)
        )
    )
    out.spoof_kind = kinds.tolist()


def _foreign(
    rng: np.random.Generator,
    pop: Population,
    table: NumberTable,
    factory: NumberFactory,
    window: Window,
    out: GatewayTraffic,
) -> None:
    """Family and business abroad: ordinary international calls, both ways."""
    subs = pop.of("ordinary", "courier", "ride_hailing", "school", "call_centre")
    n_callers = max(3, len(pop) // 150)
    callers = table.add(factory.foreign(ABROAD_REGIONS, n_callers))
    pairs = subs[rng.integers(0, len(subs), size=n_callers)]
    n = int(rng.poisson(len(pop) * 0.004 * window.days))
    k = rng.integers(0, n_callers, size=n)
    inbound = rng.random(n) < 0.7
    a, b = callers[k], pairs[k]
    dur = np.where(rng.random(n) < 0.85, np.clip(rng.lognormal(5.0, 1.0, size=n), 5, 5400), 0).astype(
        np.int64
    )
    time = _times(rng, window, n, ORDINARY_HOURS)
    out.chunks.append(CallChunk.build("abroad", a[inbound], b[inbound], time[inbound], dur[inbound], 2, 1))
    out.chunks.append(
        CallChunk.build("abroad", b[~inbound], a[~inbound], time[~inbound], dur[~inbound], 0, 0, b[~inbound])
    )


def _roamers(rng: np.random.Generator, pop: Population, window: Window, out: GatewayTraffic) -> None:
    """Subscribers abroad calling home: their own +86 number arrives through the international
    gateway. Legitimate, and only distinguishable from spoofing with the operator's roaming list."""
    roamers = pop.of("roamer")
    home = pop.of("ordinary")
    for r in roamers.tolist():
        first = int(rng.integers(0, max(1, window.days - 1)))
        last = int(rng.integers(first, window.days))
        t0, t1 = window.start_utc + first * DAY, window.start_utc + (last + 1) * DAY
        out.roaming.append((r, t0, t1))
        n = int(rng.integers(2, 7)) * (last - first + 1)
        time = rng.integers(t0, t1, size=n)
        callee = home[rng.integers(0, len(home), size=min(3, len(home)))][
            rng.integers(0, min(3, len(home)), size=n)
        ]
        dur = rng.integers(15, 900, size=n)
        out.chunks.append(CallChunk.build("roaming", np.full(n, r), callee, time, dur, 2, 1))


def gateway_traffic(
    rng: np.random.Generator,
    pop: Population,
    table: NumberTable,
    factory: NumberFactory,
    window: Window,
    wangiri_numbers: int,
    spoofed_per_day: float,
) -> GatewayTraffic:
    out = GatewayTraffic()
    _wangiri(rng, pop, table, factory, window, wangiri_numbers, out)
    _spoofed(rng, pop, table, factory, window, spoofed_per_day, out)
    _foreign(rng, pop, table, factory, window, out)
    _roamers(rng, pop, window, out)
    return out
