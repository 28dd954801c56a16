"""Setting aside a call's second switch record (``ingest.twins``) as records are split by lateness.

Since stop 47 every on-time ``moc`` and ``mtc`` record's key is kept for the allowed lateness and every
batch is searched for twins, in every feed, including feeds with no ``mtc`` at all. Baseline, in the same
process: the same records split by lateness without a ``call_type`` column (no twin can be found, no key
kept). Reported: seconds per million records and the ratio to the baseline for all-``moc`` records, 30 %
``mtc`` records with no twin, and 30 % twins (each an ``mtc`` a few rows after its ``moc``; most of that
time is the twins' text for the quarantine, here made from their fields, as for stored records).
"""

from __future__ import annotations

import os
import time

import numpy as np
import polars as pl

from ringfence.detect.columnar import _LateSplit
from ringfence.ingest import RecordKind
from ringfence.ingest.contract import CONTRACTS
from ringfence.ingest.validate import canonical_schema

ROWS = int(os.environ.get("RINGFENCE_BENCH_TWINS_ROWS", "1000000"))
BATCH = 100_000  # about a reader's batch
REPEATS = 5
NAMES = CONTRACTS[RecordKind.CALLS].names


def _records(rng: np.random.Generator) -> pl.DataFrame:
    """A week of calls between 100k callers and 100k callees, in event-time order."""
    t = np.sort(rng.integers(1_790_000_000, 1_790_000_000 + 7 * 86_400, ROWS))
    return pl.DataFrame(
        {
            "call_id": pl.int_range(0, ROWS, eager=True).cast(pl.String),
            "caller": pl.Series(rng.integers(13_800_000_000, 13_800_100_000, ROWS)).cast(pl.String),
            "callee": pl.Series(rng.integers(13_900_000_000, 13_900_100_000, ROWS)).cast(pl.String),
            "start_time": pl.Series(t * 1_000_000).cast(pl.Datetime("us", "UTC")),
            "duration_s": rng.integers(0, 300, ROWS),
        }
    ).with_columns(("+86" + pl.col(c)).alias(c) for c in ("caller", "callee"))


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column of the contract, as validation hands records on (the absent ones null)."""
    schema = canonical_schema(CONTRACTS[RecordKind.CALLS])
    return frame.with_columns(pl.lit(None, t).alias(c) for c, t in schema.items() if c not in frame.columns)


def _best(frame: pl.DataFrame) -> tuple[float, int]:
    times, twins = [], 0
    for _ in range(REPEATS):
        split = _LateSplit(3600)
        started = time.perf_counter()
        for at in range(0, frame.height, BATCH):
            split.split(frame.slice(at, BATCH), "start_time", NAMES)
        times.append(time.perf_counter() - started)
        twins = len(split.twins)
    return min(times), twins


def run() -> list[dict[str, object]]:
    rng = np.random.default_rng(1)
    plain = _records(rng)
    some = rng.random(ROWS) < 0.3
    moc = plain.with_columns(pl.lit("moc").alias("call_type"))
    mtc = pl.when(pl.Series(some)).then(pl.lit("mtc")).otherwise(pl.lit("moc"))
    feeds = {
        "no call_type (baseline)": plain,
        "all moc": moc,
        "30% mtc, no twin": plain.with_columns(mtc.alias("call_type")),
        "30% twins": _twins(moc, some),
    }
    base = None
    results: list[dict[str, object]] = []
    for name, frame in feeds.items():
        canonical = _canonical(frame)
        seconds, twins = _best(canonical if "call_type" in frame.columns else canonical.drop("call_type"))
        base = base or seconds
        row = {
            "records": name,
            "rows": frame.height,
            "seconds": round(seconds, 3),
            "x_baseline": round(seconds / base, 2),
            "twins": twins,
        }
        print(row, flush=True)
        results.append(row)
    return results


def _twins(frame: pl.DataFrame, some: np.ndarray) -> pl.DataFrame:
    """``frame`` with an ``mtc`` copy (new id) of the rows of ``some``, two rows after each."""
    copies = frame.filter(pl.Series(some)).with_columns(
        pl.col("call_id") + "-mtc", pl.lit("mtc").alias("call_type")
    )
    order = np.concatenate([np.arange(frame.height) * 4, np.flatnonzero(some) * 4 + 9])
    both = pl.concat([frame, copies]).with_columns(pl.Series("_order", order))
    return both.sort("_order").drop("_order")


if __name__ == "__main__":
    run()
