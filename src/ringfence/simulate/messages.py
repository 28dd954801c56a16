"""SMS traffic: what ordinary people receive and send, what fraud cards blast, and fake base stations.

Counts and counterparts per user come from the Sichuan profiles (most SMS an ordinary person gets are
notifications from service ports); fraud cards that blast send scam texts of one category with
phishing links; a fake base station (a car with an IMSI catcher) pushes messages with a spoofed bank or
operator sender to everyone near a few cells for an hour, and those messages have no SMS-centre record
(``origin=unknown``). Texts come from ``ringfence.simulate.sms_texts``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.simulate.behaviour import (
    DAY,
    ORDINARY_HOURS,
    WORK_HOURS,
    GroupSpec,
    hour_weights,
    realise,
)
from ringfence.simulate.numbering import CITIES, NumberFactory
from ringfence.simulate.profiles import OBSERVATION_DAYS
from ringfence.simulate.sms_texts import FRAUD_CATEGORIES, NORMAL, synth_messages
from ringfence.simulate.vector import solve_crp_alpha

if TYPE_CHECKING:
    from ringfence.simulate.scenario import Simulation

__all__ = ["simulate_messages"]

I64 = npt.NDArray[np.int64]
FBS_SENDERS = ("95588", "95533", "95599", "10086", "10010", "95555", "95566")
FBS_CATEGORIES = ("account_freeze", "points_redemption", "prize", "subsidy_refund")
ORIGINS = ("intra", "inter", "international", "unknown")


class _Texts:
    """Draws texts per category from a pool (real SMS repeat templates; pools keep this fast)."""

    def __init__(self, seed: int, pool: int = 4000) -> None:
        self.seed = seed
        self.pool = pool
        self._cache: dict[str, list[str]] = {}

    def draw(self, rng: np.random.Generator, category: str, n: int) -> list[str]:
        if n == 0:
            return []
        texts = self._cache.get(category)
        if texts is None:
            size = self.pool if category == NORMAL else self.pool // 8
            texts = [m.text for m in synth_messages(self.seed + len(self._cache), size, category)]
            self._cache[category] = texts
        return [texts[i] for i in rng.integers(0, len(texts), size=n).tolist()]


def _service_ports(factory: NumberFactory, rng: np.random.Generator, n: int) -> list[str]:
    ports = [f"1069{int(x):09d}" for x in rng.integers(0, 10**9, size=n)]
    return [*ports, "95588", "95533", "95599", "95555", "10086", "10010", "10000", "95516", "95188", "12306"]


def simulate_messages(
    rng: np.random.Generator, sim: Simulation, factory: NumberFactory
) -> tuple[pl.DataFrame, pl.DataFrame]:
    pop = sim.population
    window = sim.window
    table = sim.table
    with_text = not sim.config.calibration
    texts = _Texts(sim.config.seed)
    senders: list[I64] = []
    receivers: list[I64] = []
    times: list[I64] = []
    origins: list[npt.NDArray[np.int8]] = []
    text_parts: list[list[str | None]] = []
    cells: list[list[str | None]] = []
    tags: list[str] = []

    def add(
        tag: str,
        s: I64,
        r: I64,
        t: I64,
        origin: npt.NDArray[np.int8],
        txt: list[str | None],
        cell: list[str | None] | None = None,
    ) -> None:
        senders.append(s)
        receivers.append(r)
        times.append(t)
        origins.append(origin)
        text_parts.append(txt)
        cells.append(cell if cell is not None else [None] * len(s))
        tags.extend([tag] * len(s))

    ports = table.add(_service_ports(factory, rng, 1500))
    legit = pop.of("ordinary", "courier", "call_centre", "ride_hailing", "school")

    # Profile-driven SMS of ordinary people and fraud cards.
    for role in ("ordinary", "dialer"):
        users = pop.of(role)
        prof = sim.profiles.get(role)
        if prof is None or len(users) == 0:
            continue
        if role == "ordinary":
            days = sim.groups[role].drafts  # activity pattern is not needed: SMS arrive every day
            del days
            mask = np.ones((len(users), window.days), dtype=bool)
            scale = window.days / OBSERVATION_DAYS
        else:
            first = (sim.active_from[users] - window.start_utc) // DAY
            last = (sim.active_to[users] - window.start_utc) // DAY - 1
            d = np.arange(window.days)
            mask = (d[None, :] >= first[:, None]) & (d[None, :] <= last[:, None])
            life = np.maximum(last - first + 1, 1)
            scale = mask.sum(axis=1) / life * np.minimum(1.0, life / np.maximum(prof.days, 1))
        spec = GroupSpec(
            attempts=prof.sms * scale,
            day_mask=mask,
            hour_weights=hour_weights(rng, ORDINARY_HOURS, np.full(len(users), 20.0)),
            alpha=solve_crp_alpha(np.maximum(prof.sms, 1.0), np.maximum(prof.sms_contacts, 1.0)),
            p_out=1.0 - prof.sms_in_share,
            p_answer=np.ones(len(users)),
            dur_mu=np.zeros(len(users)),
            dur_sigma=np.full(len(users), 0.3),
        )
        drafts = realise(rng, spec, window)
        # Counterparts: incoming mostly from service ports, the rest people (on-net or not).
        offsets = np.concatenate([[0], np.cumsum(drafts.distinct)]).astype(np.int64)
        total = int(offsets[-1])
        kind = rng.random(total)
        ids = np.empty(total, dtype=np.int64)
        # In a calibration run fraud cards make up a large share of the network: keep them off-net so
        # they do not inflate ordinary users' counts.
        net_share = 0.0 if (sim.config.calibration and role == "dialer") else 0.1
        is_port = kind < 0.55
        is_net = (kind >= 0.55) & (kind < 0.55 + net_share)
        ids[is_port] = ports[rng.integers(0, len(ports), size=int(is_port.sum()))]
        ids[is_net] = legit[rng.integers(0, len(legit), size=int(is_net.sum()))]
        outside = ~is_port & ~is_net
        ids[outside] = table.add(factory.other_mobiles(int(outside.sum())))
        slot = offsets[drafts.user] + drafts.contact
        other = ids[slot]
        me = users[drafts.user]
        out = drafts.outgoing
        # An on-net person's messages to this user are that person's own outgoing records, made on
        # their side; what this user receives "from" an on-net slot is a notification from a port.
        from_net = ~out & (other < table.subscribers) & ~np.isin(other, ports)
        other = np.where(from_net, ports[slot % len(ports)], other)
        s = np.where(out, me, other)
        r = np.where(out, other, me)
        origin = np.where(~out & (other >= table.subscribers) & ~np.isin(other, ports), 1, 0).astype(np.int8)
        when = drafts.time
        if role != "ordinary":
            # Active days were drawn whole: a fraud card's own SMS start no earlier than its first
            # placed call (the card is not in use before), so the first thing it does is call.
            live = when >= _first_placed(sim, len(table.numbers))[me]
            s, r, when, origin = s[live], r[live], when[live], origin[live]
        txt: list[str | None] = [None] * len(s)
        if with_text:
            txt = list(texts.draw(rng, NORMAL, len(s)))
        add(f"{role}_sms", s, r, when, origin, txt)

    if with_text:
        _blasts(rng, sim, texts, add)
        fbs = _fake_base_stations(rng, sim, texts, add)
    else:
        fbs = pl.DataFrame()

    if not senders:
        return pl.DataFrame(), fbs
    s_all, r_all, t_all = np.concatenate(senders), np.concatenate(receivers), np.concatenate(times)
    o_all = np.concatenate(origins)
    order = np.argsort(t_all, kind="stable")
    numbers = table.array()
    flat_text = [x for part in text_parts for x in part]
    flat_cell = [x for part in cells for x in part]
    national = np.where(
        np.char.startswith(numbers, "+86") & np.char.startswith(np.char.lstrip(numbers, "+86"), "1"),
        np.char.replace(numbers, "+86", "", count=1),
        numbers,
    )
    sender_text = np.where(rng.random(len(s_all)) < 0.7, national[s_all], numbers[s_all])
    frame = pl.DataFrame(
        {
            "sender": sender_text[order],
            "receiver": numbers[r_all][order],
            "_t": t_all[order],
            "text": pl.Series([flat_text[i] for i in order.tolist()], dtype=pl.String),
            "origin": np.array(ORIGINS)[o_all[order]],
            "sender_cell": pl.Series([flat_cell[i] for i in order.tolist()], dtype=pl.String),
            "_tag": np.array(tags)[order],
            "_sender_id": s_all[order],
            "_receiver_id": r_all[order],
        }
    )
    from ringfence.simulate.assemble import local_iso

    frame = frame.with_columns(
        ("m" + pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(9)).alias("sms_id")
    )
    frame = frame.select(
        "sms_id",
        "sender",
        "receiver",
        local_iso(pl.col("_t")).alias("send_time"),
        "text",
        "origin",
        "sender_cell",
        "_t",
        "_tag",
        "_sender_id",
        "_receiver_id",
    )
    return frame, fbs


def _first_placed(sim: Simulation, n: int) -> npt.NDArray[np.int64]:
    """Per number id, the time of the first call it placed; ids that never call get 0."""
    first = np.zeros(n, dtype=np.int64)
    if sim.calls.height:
        ends = sim.calls.select(pl.col("_caller_id").cast(pl.Int64).alias("_id"), "_t")
        per_id = ends.group_by("_id").agg(pl.col("_t").min())
        ids = per_id["_id"].to_numpy()
        keep = ids < n  # ids are table ids, all known by now; a bound check costs nothing
        first[ids[keep]] = per_id["_t"].to_numpy()[keep]
    return first


def _blasts(rng: np.random.Generator, sim: Simulation, texts: _Texts, add) -> None:  # type: ignore[no-untyped-def]
    """Some fraud cards blast scam SMS of their ring's category to many targets in bursts."""
    pop = sim.population
    window = sim.window
    dialers = pop.of("dialer")
    targets = pop.of("ordinary")
    for u in dialers.tolist():
        if rng.random() > 0.4:
            continue
        category = str(rng.choice(FRAUD_CATEGORIES))
        t0, t1 = int(sim.active_from[u]), int(sim.active_to[u])
        t1 = min(t1, window.start_utc + window.days * DAY)
        days = max(1, (t1 - t0) // DAY)
        n = int(rng.integers(40, 160)) * days
        base = (
            t0
            + rng.integers(0, days, size=n) * DAY
            + rng.choice(24, size=n, p=WORK_HOURS / WORK_HOURS.sum()) * 3600
        )
        t = base + rng.integers(0, 3600, size=n)
        r = targets[rng.integers(0, len(targets), size=n)]
        cell = pop.cells[u][0]
        add(
            "fraud_sms",
            np.full(n, u),
            r,
            np.sort(t),
            np.zeros(n, dtype=np.int8),
            list(texts.draw(rng, category, n)),
            [cell] * n,
        )


def _fake_base_stations(rng: np.random.Generator, sim: Simulation, texts: _Texts, add) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    pop = sim.population
    window = sim.window
    table = sim.table
    targets = pop.of("ordinary")
    events = []
    for e in range(max(1, window.days // 2)):
        city = str(rng.choice(list(CITIES)))
        code = CITIES[city][1]
        base_cell = int(rng.integers(100, 2900))
        cells = [f"{code}-{base_cell + k:04d}" for k in range(int(rng.integers(2, 5)))]
        start = window.start_utc + int(rng.integers(0, window.days)) * DAY + int(rng.integers(9, 20)) * 3600
        span = int(rng.integers(30, 90)) * 60
        n = int(rng.integers(80, 300))
        sender = str(rng.choice(FBS_SENDERS))
        sid = table.add([sender])[0]
        t = start + np.sort(rng.integers(0, span, size=n))
        cell_idx = np.minimum((np.arange(n) * len(cells)) // n, len(cells) - 1)  # the car drives on
        category = str(rng.choice(FBS_CATEGORIES))
        r = targets[rng.integers(0, len(targets), size=n)]
        add(
            "fbs",
            np.full(n, sid),
            r,
            t,
            np.full(n, 3, dtype=np.int8),
            list(texts.draw(rng, category, n)),
            [cells[i] for i in cell_idx.tolist()],
        )
        events.append(
            {
                "event": e,
                "city": city,
                "cells": ";".join(cells),
                "sender": sender,
                "messages": n,
                "start_utc": start,
                "end_utc": int(t[-1]),
                "category": category,
            }
        )
    from ringfence.simulate.assemble import local_iso

    return (
        pl.DataFrame(events)
        .with_columns(
            local_iso(pl.col("start_utc")).alias("start_time"), local_iso(pl.col("end_utc")).alias("end_time")
        )
        .drop("start_utc", "end_utc")
    )
