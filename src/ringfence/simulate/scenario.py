"""A whole simulated network: population, voice traffic of every role, gateway traffic, victims,
assembled into contract-shaped frames with the truth beside them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.simulate.behaviour import DAY, WORK_HOURS, GroupSpec, Window, hour_weights, lognormal_params
from ringfence.simulate.international import gateway_traffic
from ringfence.simulate.numbering import NumberFactory
from ringfence.simulate.numbertable import NumberTable
from ringfence.simulate.population import LEGIT_HEAVY_ROLES, Population, PopulationConfig, build_population
from ringfence.simulate.profiles import OBSERVATION_DAYS, Profiles, sample_profiles
from ringfence.simulate.records import CallChunk
from ringfence.simulate.traffic import (
    ON_NET_SHARE,
    Lifetimes,
    VoiceGroup,
    fraud_dialer_spec,
    fraud_lifetimes,
    heavy_spec,
    ordinary_spec,
    voice_records,
)

__all__ = ["SimConfig", "Simulation", "simulate"]

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class SimConfig:
    seed: int = 7
    subscribers: int = 5000
    days: int = 7
    start: datetime = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday; local midnight is 16:00 UTC before
    wangiri_per_10k: float = 6.0
    spoofed_per_1k_per_day: float = 4.0
    population: PopulationConfig | None = None
    calibration: bool = False  # place fraud lifetimes anywhere in the window (observation-style)
    with_messages: bool = True
    # Share of people sent a scam link who follow it and call the sender (twice that for the elderly).
    link_victim_share: float = 0.015


@dataclass
class Simulation:
    config: SimConfig
    window: Window
    population: Population
    table: NumberTable
    calls: pl.DataFrame
    groups: dict[str, VoiceGroup] = field(default_factory=dict)
    profiles: dict[str, Profiles] = field(default_factory=dict)
    victims: pl.DataFrame | None = None
    spoofed: pl.DataFrame | None = None
    wangiri_numbers: list[str] = field(default_factory=list)
    roaming: list[tuple[int, int, int]] = field(default_factory=list)
    messages: pl.DataFrame | None = None
    fbs_events: pl.DataFrame | None = None
    # Per subscriber: how many handsets it uses in the window, and when it is active.
    handsets_used: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    active_from: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    active_to: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Where each chunk's records landed in the assembled table.
    chunk_offsets: dict[str, list[int]] = field(default_factory=dict)
    record_order: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _sim_farm_spec(rng: np.random.Generator, pop: Population, users: I64, window: Window) -> GroupSpec:
    """A GoIP farm's cards all start together and each stays under per-number thresholds: a dozen
    calls a day, in short bursts, every callee new."""
    n = len(users)
    farm_ids = pop.farm[users]
    start_of_farm = {f: int(rng.integers(0, max(1, window.days - 1))) for f in np.unique(farm_ids).tolist()}
    first = np.array([start_of_farm[f] for f in farm_ids.tolist()])
    days = np.arange(window.days)
    mask = days[None, :] >= first[:, None]
    mu, sigma = lognormal_params(np.full(n, 70.0), np.full(n, 35.0))
    p_answer = rng.uniform(0.3, 0.5, size=n)
    return GroupSpec(
        attempts=rng.uniform(6, 14, size=n) * mask.sum(axis=1) / p_answer * 0.45,
        day_mask=mask,
        hour_weights=hour_weights(rng, WORK_HOURS, np.full(n, 9.0)),
        alpha=np.full(n, 1e4),
        p_out=np.full(n, 0.98),
        p_answer=p_answer,
        dur_mu=mu,
        dur_sigma=sigma,
        session_size=rng.uniform(3, 6, size=n),
        session_gap_s=rng.uniform(40, 120, size=n),
    )


def _victims(rng: np.random.Generator, pop: Population, group: VoiceGroup, chunk_tag: str) -> I64:
    """Some answered targets are hooked: the call runs long (the script, the transfer instructions).
    Returns the record positions turned into victim calls."""
    c = group.chunk
    on_net_ordinary = (c.callee < len(pop)) & (c.duration > 0) & (c.caller_sub >= 0)
    callee_ok = np.zeros(len(c), dtype=bool)
    idx = np.flatnonzero(on_net_ordinary)
    roles = np.array(pop.role)
    callee_ok[idx] = roles[c.callee[idx]] == "ordinary"
    elderly = np.zeros(len(c), dtype=bool)
    elderly[callee_ok] = pop.birth_year[c.callee[callee_ok]] < 1961
    p = np.where(elderly, 0.08, 0.025)
    hooked = callee_ok & (rng.random(len(c)) < p) & np.isin(c.caller, group.users)
    c.duration[hooked] = rng.integers(420, 3000, size=int(hooked.sum()))
    return np.flatnonzero(hooked)


def simulate(cfg: SimConfig) -> Simulation:
    rng = np.random.default_rng(cfg.seed)
    local_midnight = int(cfg.start.timestamp()) - 8 * 3600
    window = Window(local_midnight, cfg.days)
    factory = NumberFactory(rng)
    pop_cfg = cfg.population or PopulationConfig(subscribers=cfg.subscribers)
    pop = build_population(pop_cfg, rng, factory, local_midnight, id_key=f"sim-{cfg.seed}".encode())
    table = NumberTable(pop.number)
    sim = Simulation(cfg, window, pop, table, pl.DataFrame())
    n_pop = len(pop)
    sim.handsets_used = np.ones(n_pop, dtype=np.int64)
    sim.active_from = np.full(n_pop, window.start_utc, dtype=np.int64)
    sim.active_to = np.full(n_pop, window.start_utc + window.days * DAY, dtype=np.int64)
    ordinary = pop.of("ordinary")
    legit = pop.of("ordinary", *LEGIT_HEAVY_ROLES)
    elderly = ordinary[pop.birth_year[ordinary] < 1961]
    chunks: list[CallChunk] = []

    # Ordinary people (guardians are their elderly relatives' closest contacts).
    prof = sample_profiles(rng, len(ordinary), fraud=False)
    sim.profiles["ordinary"] = prof
    local = {int(u): i for i, u in enumerate(ordinary.tolist())}
    guardians = {
        local[int(u)]: [int(table.add([g])[0]) for g in pop.guardians[int(u)].split(";")]
        for u in elderly.tolist()
    }
    group = voice_records(
        rng,
        "ordinary",
        ordinary,
        ordinary_spec(rng, prof, window),
        window,
        table,
        factory,
        pop,
        np.full(len(ordinary), ON_NET_SHARE),
        legit,
        first_contacts=guardians,
        symmetric=True,
    )
    sim.groups["ordinary"] = group
    chunks.append(group.chunk)
    # Handset changes over the observation window: in a shorter window only some of them fall.
    share = min(1.0, window.days / OBSERVATION_DAYS)
    extra = rng.binomial(np.maximum(prof.imeis.astype(np.int64) - 1, 0), share)
    _use_handsets(sim, factory, ordinary, 1 + extra)

    for role in LEGIT_HEAVY_ROLES:
        users = pop.of(role)
        if len(users) == 0:
            continue
        spec = heavy_spec(rng, role, len(users), window)
        group = voice_records(
            rng, role, users, spec, window, table, factory, pop, np.full(len(users), 0.35), legit
        )
        sim.groups[role] = group
        chunks.append(group.chunk)

    # Fraud dialers: behaviour from real fraud numbers; targets favour the elderly.
    targets = np.sort(np.concatenate([ordinary, elderly, elderly]))
    dialers = pop.of("dialer")
    fprof = sample_profiles(rng, len(dialers), fraud=True)
    sim.profiles["dialer"] = fprof
    life = fraud_lifetimes(rng, fprof, window, cfg.calibration)
    sequential = rng.random(len(dialers)) < 0.3
    group = voice_records(
        rng,
        "dialer",
        dialers,
        fraud_dialer_spec(rng, fprof, window, life),
        window,
        table,
        factory,
        pop,
        np.where(sequential | cfg.calibration, 0.0, 0.6),
        targets,
        sequential=sequential,
    )
    sim.groups["dialer"] = group
    chunks.append(group.chunk)
    victim_rows = [("dialer", _victims(rng, pop, group, "dialer"))]
    _record_lifetimes(sim, dialers, life, window)
    _use_handsets(sim, factory, dialers, fprof.imeis.astype(np.int64))

    farm_cards = pop.of("sim_farm")
    if len(farm_cards):
        spec = _sim_farm_spec(rng, pop, farm_cards, window)
        group = voice_records(
            rng,
            "sim_farm",
            farm_cards,
            spec,
            window,
            table,
            factory,
            pop,
            np.full(len(farm_cards), 0.6),
            targets,
        )
        caller_is_card = group.chunk.caller_sub >= 0
        ports = np.array([len(pop.imeis[int(u)]) for u in group.chunk.caller_sub.clip(0).tolist()])
        group.chunk.imei_slot = np.where(
            caller_is_card, (rng.random(len(group.chunk)) * ports).astype(np.int64), -1
        )
        sim.groups["sim_farm"] = group
        chunks.append(group.chunk)
        victim_rows.append(("sim_farm", _victims(rng, pop, group, "sim_farm")))
        first_day = spec.day_mask.argmax(axis=1).astype(np.int64)
        farm_life = Lifetimes(first_day, np.full(len(farm_cards), window.days - 1, dtype=np.int64))
        _record_lifetimes(sim, farm_cards, farm_life, window)

    gateway = gateway_traffic(
        rng,
        pop,
        table,
        factory,
        window,
        wangiri_numbers=max(2, round(cfg.wangiri_per_10k * len(pop) / 10_000)),
        spoofed_per_day=cfg.spoofed_per_1k_per_day * len(pop) / 1000,
    )
    chunks.extend(gateway.chunks)
    sim.wangiri_numbers = gateway.wangiri_numbers
    sim.roaming = gateway.roaming

    from ringfence.simulate.assemble import assemble_calls, spoofed_frame, victims_frame

    sim.calls = assemble_calls(rng, sim, chunks)
    sim.victims = victims_frame(sim, victim_rows, chunks)
    sim.spoofed = spoofed_frame(sim, gateway.spoof_kind)
    if cfg.with_messages:
        from ringfence.simulate.messages import simulate_messages

        sim.messages, sim.fbs_events = simulate_messages(rng, sim, factory)
        if cfg.link_victim_share > 0 and not cfg.calibration:
            from ringfence.simulate.link_victims import add_link_victims

            hooked = add_link_victims(sim, cfg.link_victim_share)
            if hooked.height:
                sim.victims = pl.concat([sim.victims, hooked]).sort("start_time", maintain_order=True)
    return sim


def _record_lifetimes(sim: Simulation, users: I64, life: Lifetimes, window: Window) -> None:
    sim.active_from[users] = window.start_utc + life.first_day * DAY
    sim.active_to[users] = window.start_utc + (life.last_day + 1) * DAY


def _use_handsets(sim: Simulation, factory: NumberFactory, users: I64, k: I64) -> None:
    """Give each user at least ``k`` handsets and use them in turn over its active time."""
    sim.handsets_used[users] = np.maximum(k, 1)
    for u, need in zip(users.tolist(), k.tolist(), strict=True):
        have = sim.population.imeis[u]
        if len(have) < need:
            have.extend(factory.imeis(need - len(have)))
