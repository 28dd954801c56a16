"""Turn record chunks (ints) into the contract's call table (strings), and derive the truth tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.simulate.records import ORIGINS, TYPES, CallChunk

if TYPE_CHECKING:
    from ringfence.simulate.scenario import Simulation

__all__ = ["assemble_calls", "local_iso", "spoofed_frame", "victims_frame"]

I64 = npt.NDArray[np.int64]

#: A hooked call runs at least this long (``scenario._victims``); so does any victim's call.
LONG_FRAUD_CALL_S = 420


def local_iso(epoch: pl.Expr) -> pl.Expr:
    """UTC epoch seconds as the contract's local ISO-8601 text (``2026-11-24T08:15:02+08:00``)."""
    return (
        pl.from_epoch(epoch, time_unit="s")
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone("Asia/Shanghai")
        .dt.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    )


def _presentations(numbers: npt.NDArray[np.str_]) -> npt.NDArray[np.str_]:
    """The national (or 00-prefixed international) way of writing each canonical number."""
    out = numbers.astype(object)
    for i, n in enumerate(numbers.tolist()):
        if n.startswith("+86"):
            rest = n[3:]
            out[i] = rest if rest.startswith("1") else "0" + rest
        elif n.startswith("+"):
            out[i] = "00" + n[1:]
    return out.astype(str)


def _flat(lists: list[list[str]]) -> tuple[npt.NDArray[np.str_], I64, I64]:
    lengths = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    flat = np.array([v for x in lists for v in x] or [""])
    return flat, offsets, lengths


def assemble_calls(rng: np.random.Generator, sim: Simulation, chunks: list[CallChunk]) -> pl.DataFrame:
    pop = sim.population
    sim.chunk_offsets = {}
    offset = 0
    for c in chunks:
        sim.chunk_offsets.setdefault(c.tag, []).append(offset)
        offset += len(c)

    def cat(name: str) -> I64:
        return np.concatenate([getattr(c, name) for c in chunks])

    caller, callee, time = cat("caller"), cat("callee"), cat("time")
    duration, origin, ctype = cat("duration"), cat("origin"), cat("call_type")
    sub, slot = cat("caller_sub"), cat("imei_slot")
    tags = np.concatenate([np.full(len(c), c.tag, dtype=object) for c in chunks])
    presented = np.concatenate(
        [c.presented if c.presented is not None else np.full(len(c), None, dtype=object) for c in chunks]
    )
    order = np.argsort(time, kind="stable")
    sim.record_order = order

    numbers = sim.table.array()
    national = _presentations(numbers)
    use_national = rng.random(len(caller)) < 0.65
    caller_text = np.where(use_national, national[caller], numbers[caller]).astype(object)
    has_presented = presented != None  # noqa: E711
    caller_text[has_presented] = presented[has_presented]
    callee_text = np.where(rng.random(len(caller)) < 0.65, national[callee], numbers[callee])

    # Handset, SIM, cell and place of the caller, for records the operator has them for.
    flat_imei, imei_off, imei_len = _flat(pop.imeis)
    flat_cell, cell_off, cell_len = _flat(pop.cells)
    has = sub >= 0
    s = np.where(has, sub, 0)
    k = np.minimum(sim.handsets_used[s], imei_len[s])
    t0, t1 = sim.active_from[s], sim.active_to[s]
    by_time = np.clip(((time - t0) * k // np.maximum(t1 - t0, 1)), 0, np.maximum(k - 1, 0))
    use_slot = np.where(slot >= 0, np.minimum(slot, imei_len[s] - 1), by_time)

    def only_with_handset(values: npt.NDArray[np.str_]) -> npt.NDArray[np.object_]:
        out = values.astype(object)
        out[~has] = None
        return out

    imei = only_with_handset(flat_imei[imei_off[s] + use_slot])
    cell = only_with_handset(flat_cell[cell_off[s] + (rng.random(len(s)) * cell_len[s]).astype(np.int64)])
    region = only_with_handset(np.array(pop.op_city)[s])
    imsi = only_with_handset(np.array(pop.imsi)[s])

    def text(values: npt.NDArray[np.object_] | npt.NDArray[np.str_]) -> pl.Series:
        return pl.Series(values[order].tolist(), dtype=pl.String)

    frame = pl.DataFrame(
        {
            "caller": text(caller_text),
            "callee": text(callee_text),
            "_t": time[order],
            "duration_s": duration[order],
            "origin": np.array(ORIGINS)[origin[order]],
            "caller_imei": text(imei),
            "caller_imsi": text(imsi),
            "caller_cell": text(cell),
            "caller_region": text(region),
            "call_type": np.array(TYPES)[ctype[order]],
            "_tag": text(tags),
            "_caller_id": caller[order],
            "_callee_id": callee[order],
            "_sub": sub[order],
        },
    )
    frame = frame.with_columns(
        ("c" + pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(9)).alias("call_id"),
    )
    return frame.select(
        "call_id",
        "caller",
        "callee",
        local_iso(pl.col("_t")).alias("start_time"),
        "duration_s",
        "origin",
        "caller_imei",
        "caller_imsi",
        "caller_cell",
        "caller_region",
        "call_type",
        "_t",
        "_tag",
        "_caller_id",
        "_callee_id",
        "_sub",
    )


def _positions(sim: Simulation, tag: str, local: I64, which: int = 0) -> I64:
    """Rows of the assembled table for positions of the ``which``-th chunk with ``tag``."""
    order = sim.record_order
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    base = sim.chunk_offsets[tag][which]
    return inverse[base + local]


def victims_frame(
    sim: Simulation, victim_rows: list[tuple[str, I64]], chunks: list[CallChunk]
) -> pl.DataFrame:
    calls = sim.calls
    numbers = sim.table.array()
    parts = []
    for tag, local in victim_rows:
        if tag in sim.chunk_offsets and len(local):
            rows = _positions(sim, tag, local)
            parts.append(
                calls[rows.tolist()].select(
                    pl.col("_callee_id").alias("_victim"),
                    pl.col("_caller_id").alias("_fraud"),
                    "call_id",
                    "_t",
                    "duration_s",
                    pl.lit(tag).alias("typology"),
                )
            )
    # Every long answered call from a fraud card to an ordinary subscriber is a victim's, hooked or
    # not: a person who stayed that long on the line heard the script.
    pop = sim.population
    ordinary = np.flatnonzero(np.array(pop.role) == "ordinary")
    tags = [tag for tag, _ in victim_rows]
    long_calls = calls.filter(
        pl.col("_tag").is_in(tags)
        & (pl.col("duration_s") >= LONG_FRAUD_CALL_S)
        & pl.col("_callee_id").is_in(ordinary.tolist())
    )
    parts.append(
        long_calls.select(
            pl.col("_callee_id").alias("_victim"),
            pl.col("_caller_id").alias("_fraud"),
            "call_id",
            "_t",
            "duration_s",
            pl.col("_tag").alias("typology"),
        )
    )
    spoof = calls.filter((pl.col("_tag") == "spoofed") & (pl.col("duration_s") >= 120))
    parts.append(
        spoof.select(
            pl.col("_callee_id").alias("_victim"),
            pl.col("_caller_id").alias("_fraud"),
            "call_id",
            "_t",
            "duration_s",
            pl.lit("spoofed").alias("typology"),
        )
    )
    back = calls.filter(pl.col("_tag") == "wangiri_callback")
    parts.append(
        back.select(
            pl.col("_caller_id").alias("_victim"),
            pl.col("_callee_id").alias("_fraud"),
            "call_id",
            "_t",
            "duration_s",
            pl.lit("wangiri").alias("typology"),
        )
    )
    frame: pl.DataFrame = pl.concat(parts).unique("call_id", keep="first", maintain_order=True)
    by = sim.population.birth_year
    victim = frame["_victim"].to_numpy()
    elderly = np.where(victim < len(by), by[np.minimum(victim, len(by) - 1)] < 1961, False)
    spoof_presented = calls.filter(pl.col("_tag") == "spoofed").select(
        "call_id", pl.col("caller").alias("presented")
    )
    frame = frame.with_columns(
        pl.Series("number", numbers[victim]),
        pl.Series("fraud_number", numbers[frame["_fraud"].to_numpy()]),
        pl.Series("elderly", elderly),
        local_iso(pl.col("_t")).alias("start_time"),
    ).join(spoof_presented, on="call_id", how="left")
    return frame.select(
        "number", "fraud_number", "presented", "typology", "call_id", "start_time", "duration_s", "elderly"
    ).sort("start_time")


def spoofed_frame(sim: Simulation, kinds: list[str]) -> pl.DataFrame:
    calls = sim.calls
    if "spoofed" not in sim.chunk_offsets:
        return pl.DataFrame(schema={"call_id": pl.String, "presented": pl.String, "spoof_kind": pl.String})
    rows = _positions(sim, "spoofed", np.arange(len(kinds)))
    picked: pl.DataFrame = calls[rows.tolist()].select(
        "call_id", pl.col("caller").alias("presented"), "callee"
    )
    return picked.with_columns(pl.Series("spoof_kind", kinds)).sort("call_id")
