"""Write a simulation to disk in exactly the data contract, with the truth in ``truth/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ringfence.ingest.contract import CALLS, MESSAGES, SUBSCRIBERS
from ringfence.simulate.assemble import local_iso
from ringfence.simulate.population import FRAUD_ROLES, LEGIT_HEAVY_ROLES
from ringfence.simulate.scenario import Simulation

__all__ = ["WrittenFiles", "subscribers_frame", "truth_numbers", "write_simulation"]

OPERATOR = "sim-op"


@dataclass(frozen=True)
class WrittenFiles:
    calls: Path
    messages: Path | None
    subscribers: Path
    truth: Path
    rows: dict[str, int]


def subscribers_frame(sim: Simulation) -> pl.DataFrame:
    pop = sim.population
    return (
        pl.DataFrame(
            {
                "number": pop.number,
                "id_hash": pop.id_hash,
                "operator": [OPERATOR] * len(pop),
                "card_type": pop.card_type,
                "_activated": pop.activated_at,
                "home_region": pop.city,
                "birth_year": pop.birth_year,
                "guardians": [g or None for g in pop.guardians],
            }
        )
        .with_columns(local_iso(pl.col("_activated")).alias("activated_at"))
        .select(SUBSCRIBERS.names[: SUBSCRIBERS.names.index("guardians") + 1])  # no channel/province
    )


def truth_numbers(sim: Simulation) -> pl.DataFrame:
    """Every number whose role matters for evaluation: fraud numbers by typology and the legitimate
    heavy callers a naive rule would flag, with the event time each was first seen."""
    pop = sim.population
    roles = np.array(pop.role)
    keep = np.flatnonzero(np.isin(roles, [*FRAUD_ROLES, *LEGIT_HEAVY_ROLES]))
    frame = pl.DataFrame(
        {
            "number": np.array(pop.number)[keep],
            "role": roles[keep],
            "cohort": pop.farm[keep],
            "card_type": np.array(pop.card_type)[keep],
            "home_region": np.array(pop.city)[keep],
            "op_region": np.array(pop.op_city)[keep],
        }
    )
    wangiri = pl.DataFrame({"number": sim.wangiri_numbers, "role": ["wangiri"] * len(sim.wangiri_numbers)})
    frame = pl.concat([frame, wangiri], how="diagonal")
    ids = pl.DataFrame({"number": sim.table.numbers}).with_row_index("_id")
    calls = sim.calls
    # First seen: the first call at either end or the first SMS sent (what detection reports as a
    # number's first record; a message merely received does not start a number's activity).
    ends = [
        calls.select(pl.col("_caller_id").cast(pl.Int64).alias("_id"), "_t"),
        calls.select(pl.col("_callee_id").cast(pl.Int64).alias("_id"), "_t"),
    ]
    if sim.messages is not None and sim.messages.height:
        ends.append(sim.messages.select(pl.col("_sender_id").cast(pl.Int64).alias("_id"), "_t"))
    first = pl.concat(ends).group_by("_id").agg(pl.col("_t").min())
    frame = frame.join(ids.with_columns(pl.col("_id").cast(pl.Int64)), on="number", how="left").join(
        first, on="_id", how="left"
    )
    return (
        frame.with_columns(
            pl.col("role").is_in(["dialer", "sim_farm", "wangiri"]).alias("is_fraud"),
            pl.when(pl.col("role").is_in(["dialer", "sim_farm", "wangiri"]))
            .then(pl.col("role"))
            .alias("typology"),
            local_iso(pl.col("_t")).alias("first_seen"),
        )
        .select(
            "number",
            "role",
            "is_fraud",
            "typology",
            "cohort",
            "card_type",
            "home_region",
            "op_region",
            "first_seen",
        )
        .sort("role", "number")
    )


def write_simulation(sim: Simulation, out: Path, parquet: bool = False) -> WrittenFiles:
    out.mkdir(parents=True, exist_ok=True)
    truth = out / "truth"
    truth.mkdir(exist_ok=True)
    ext = "parquet" if parquet else "csv"

    def write(frame: pl.DataFrame, path: Path) -> None:
        if parquet and path.parent == out:
            frame.write_parquet(path)
        else:
            frame.write_csv(path)

    calls_path = out / f"calls.{ext}"
    write(sim.calls.select(CALLS.names), calls_path)
    rows = {"calls": sim.calls.height}
    messages_path = None
    if sim.messages is not None and sim.messages.height:
        messages_path = out / f"messages.{ext}"
        write(sim.messages.select(MESSAGES.names), messages_path)
        rows["messages"] = sim.messages.height
        sim.messages.select(
            "sms_id",
            pl.col("_tag").alias("kind"),
            pl.col("_tag").is_in(["fraud_sms", "fbs"]).alias("is_fraud"),
        ).write_csv(truth / "messages.csv")
    subs = subscribers_frame(sim)
    subs_path = out / f"subscribers.{ext}"
    write(subs, subs_path)
    rows["subscribers"] = subs.height
    numbers = truth_numbers(sim)
    numbers.write_csv(truth / "numbers.csv")
    numbers.filter(pl.col("is_fraud")).select("number", "typology", "cohort", "first_seen").write_csv(
        truth / "fraud_numbers.csv"
    )
    numbers.filter(pl.col("role").is_in(list(LEGIT_HEAVY_ROLES))).select("number", "role").write_csv(
        truth / "legit_heavy.csv"
    )
    if sim.victims is not None:
        sim.victims.write_csv(truth / "victims.csv")
    if sim.spoofed is not None:
        sim.spoofed.write_csv(truth / "spoofed_calls.csv")
    pop = sim.population
    pl.DataFrame(
        {
            "number": [pop.number[r] for r, _, _ in sim.roaming],
            "_from": [a for _, a, _ in sim.roaming],
            "_to": [b for _, _, b in sim.roaming],
        },
        schema={"number": pl.String, "_from": pl.Int64, "_to": pl.Int64},
    ).select(
        "number", local_iso(pl.col("_from")).alias("from"), local_iso(pl.col("_to")).alias("to")
    ).write_csv(truth / "roaming.csv")
    if sim.fbs_events is not None and sim.fbs_events.height:
        sim.fbs_events.write_csv(truth / "fbs_events.csv")
    return WrittenFiles(calls_path, messages_path, subs_path, truth, rows)
