"""People hooked by a scam SMS: they follow the link, then call the sender and are talked through
the scam; some call their bank soon after (the transfer, or its reversal).

Drawn from a random stream of its own and appended after everything else, so the records that the
rest of the simulation writes for a seed stay exactly what they were (same call ids, same content):
the new calls get the next ids and take their place in time order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from ringfence.simulate.assemble import local_iso

if TYPE_CHECKING:
    from ringfence.simulate.scenario import Simulation

__all__ = ["LINK", "add_link_victims"]

#: A message carries a link (with or without a scheme): what a person could follow.
LINK = r"(?i)(https?://|www\.|[a-z0-9-]+\.[a-z]{2,6}(/|\b))"
BANKS = ("95588", "95533", "95599", "95555", "95566")


def add_link_victims(sim: Simulation, share: float) -> pl.DataFrame:
    """Append the hooked people's calls to ``sim.calls``; return their truth rows (the victims
    frame's columns, typology ``sms_link``)."""
    cols = [
        "number",
        "fraud_number",
        "presented",
        "typology",
        "call_id",
        "start_time",
        "duration_s",
        "elderly",
    ]
    empty = pl.DataFrame(schema=dict.fromkeys(cols, pl.String)).with_columns(
        pl.col("duration_s").cast(pl.Int64), pl.col("elderly").cast(pl.Boolean)
    )
    if sim.messages is None or sim.messages.is_empty() or share <= 0:
        return empty
    rng = np.random.default_rng([sim.config.seed, 13])
    pop = sim.population
    links = sim.messages.filter(
        (pl.col("_tag") == "fraud_sms") & pl.col("text").str.contains(LINK).fill_null(False)
    ).unique("_receiver_id", keep="first", maintain_order=True)
    if links.is_empty():
        return empty
    by = pop.birth_year
    receiver = links["_receiver_id"].to_numpy()
    elderly = by[receiver] < 1961
    hooked = rng.random(len(links)) < np.where(elderly, 2.0 * share, share)
    links = links.filter(pl.Series(hooked))
    n = links.height
    if n == 0:
        return empty
    victim = links["_receiver_id"].to_numpy()
    fraud = links["_sender_id"].to_numpy()
    t_call = links["_t"].to_numpy() + rng.integers(300, 7200, size=n)
    duration = rng.integers(420, 2400, size=n)
    banker = rng.random(n) < 0.5
    t_bank = t_call + duration + rng.integers(300, 3600, size=n)
    bank_ids_all = sim.table.add(list(BANKS))
    numbers = sim.table.array()
    pick = rng.integers(0, len(BANKS), size=n)
    bank = np.array(BANKS)[pick]
    start = sim.calls.height
    ids = [f"c{start + i + 1:09d}" for i in range(n)]
    bank_ids = [f"c{start + n + i + 1:09d}" for i in range(int(banker.sum()))]

    def handset(v: int) -> tuple[str, str, str, str]:
        return pop.imeis[v][0], pop.imsi[v], pop.cells[v][0], pop.op_city[v]

    kit = [handset(int(v)) for v in victim.tolist()]
    rows = pl.DataFrame(
        {
            "call_id": ids + bank_ids,
            "caller": numbers[np.concatenate([victim, victim[banker]])].tolist(),
            "callee": numbers[fraud].tolist() + bank[banker].tolist(),
            "_t": np.concatenate([t_call, t_bank[banker]]),
            "duration_s": np.concatenate([duration, rng.integers(60, 400, size=int(banker.sum()))]),
            "origin": ["intra"] * (n + int(banker.sum())),
            "caller_imei": [k[0] for k in kit] + [k[0] for k, b in zip(kit, banker, strict=True) if b],
            "caller_imsi": [k[1] for k in kit] + [k[1] for k, b in zip(kit, banker, strict=True) if b],
            "caller_cell": [k[2] for k in kit] + [k[2] for k, b in zip(kit, banker, strict=True) if b],
            "caller_region": [k[3] for k in kit] + [k[3] for k, b in zip(kit, banker, strict=True) if b],
            "call_type": ["moc"] * (n + int(banker.sum())),
            "_tag": ["sms_link_victim"] * n + ["bank_call"] * int(banker.sum()),
            "_caller_id": np.concatenate([victim, victim[banker]]),
            "_callee_id": np.concatenate([fraud, np.asarray(bank_ids_all)[pick][banker]]),
            "_sub": np.concatenate([victim, victim[banker]]),
        }
    ).with_columns(local_iso(pl.col("_t")).alias("start_time"))
    calls = sim.calls
    rows = rows.select([pl.col(c).cast(calls.schema[c]) for c in calls.columns])
    sim.calls = pl.concat([calls, rows]).sort("_t", maintain_order=True)
    return rows.head(n).select(
        pl.col("caller").alias("number"),
        pl.col("callee").alias("fraud_number"),
        pl.lit(None, pl.String).alias("presented"),
        pl.lit("sms_link").alias("typology"),
        "call_id",
        "start_time",
        "duration_s",
        pl.Series("elderly", elderly[hooked]),
    )
