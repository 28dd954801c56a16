"""One-ID lookup and card-opening check benchmarks, ratios against baselines in the same run.

* ``ringfence cards`` over 1M and 10M subscriber rows (Parquet, generated here): rows/s, peak memory
  (max RSS of a fresh subprocess) and the ratio to a Polars scan of the same file (``read_parquet``),
  scanned in the same process just before and after.
* the card-opening check: p50/p99 latency of ``check`` on an index of 1M cards against a bare dict
  lookup of the holder, interleaved so that noise hits both alike.

``RINGFENCE_BENCH_CARDS_SIZES=1000000`` for a quick run.
"""

from __future__ import annotations

import gc
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

OUT = Path(os.environ.get("RINGFENCE_BENCH_DIR", "bench-out")) / "cards"
#: Skip the card-opening check (``RINGFENCE_BENCH_CARDS_CHECK=0``), to time the lookup alone.
CHECK = os.environ.get("RINGFENCE_BENCH_CARDS_CHECK", "1") != "0"
SIZES = [int(s) for s in os.environ.get("RINGFENCE_BENCH_CARDS_SIZES", "1000000,10000000").split(",")]
T0 = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_S = 3 * 365 * 86_400
OPERATORS = np.array(["cmcc", "cucc", "ctcc", "cbn"])
PROVINCES = np.array(["GD", "BJ", "SH", "SC", "ZJ", "HB", "HN", "JS", "FJ", "SD"])


def make_subscribers(rows: int, path: Path, seed: int = 1) -> None:
    """Subscriber records in the data contract: holders with one to a few cards (a skewed count, a few
    with many), activations over three years, 5,000 shops and an online store."""
    rng = np.random.default_rng(seed)
    holders = max(1000, int(rows / 1.8))
    who = np.minimum(rng.zipf(2.5, size=rows) - 1, 50)  # cards per holder skewed
    holder = (rng.integers(0, holders, size=rows) + who) % holders
    channel = np.where(
        rng.random(rows) < 0.3, "online", np.char.add("shop-", rng.integers(0, 5000, size=rows).astype(str))
    )
    frame = pl.DataFrame(
        {
            "number": pl.Series(
                "+86"
                + pl.Series(13_000_000_000 + rng.choice(10**9, size=rows, replace=False)).cast(pl.String)
            ),
            "id_hash": pl.Series(holder).cast(pl.String).str.zfill(12).str.pad_start(16, "h"),
            "operator": OPERATORS[rng.integers(0, 4, size=rows)],
            "card_type": ["mobile"] * rows,
            "activated_at": pl.Series((T0.timestamp() + rng.integers(0, SPAN_S, size=rows)) * 1_000_000).cast(
                pl.Datetime("us", "UTC")
            ),
            "channel": channel,
            "province": PROVINCES[rng.integers(0, 3, size=rows)],
        }
    )
    frame.write_parquet(path)


def _timed(work: Callable[[], int]) -> dict[str, float]:
    t = time.perf_counter()
    cpu0 = time.process_time()
    rows = work()
    return {
        "rows": rows,
        "seconds": time.perf_counter() - t,
        "cpu_s": time.process_time() - cpu0,  # all threads: steadier than wall time on a shared machine
    }


def _child(path: str) -> None:
    """Scan, ``cards``, scan again, in this one (fresh) process: the ratio takes the scans' mean, so
    load that changes during the run hits both sides; peak memory is this process's (the lookup's)."""
    import resource

    from ringfence.services.cards import run_cards

    def scan() -> int:
        return pl.read_parquet(path).height

    def cards() -> int:
        return run_cards([Path(path)], Path(path).with_suffix(".cards.csv")).subscribers

    before, lookup, after = _timed(scan), _timed(cards), _timed(scan)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"scans": [before, after], "cards": lookup, "peak_mb": peak_mb}))


def _measure(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_cards", "child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _pct(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def activation_latency(cards: int = 1_000_000, checks: int = 100_000) -> dict[str, object]:
    from ringfence.domain.holders import RestrictedHolder
    from ringfence.intel.activation import Request, build_index, check

    path = OUT / f"subscribers_{cards}.parquet"
    if not path.exists():
        make_subscribers(cards, path)
    subs = pl.read_parquet(path)
    ids = subs["id_hash"].unique().to_list()
    restricted = [RestrictedHolder(i, "op-a", h, "case", "bench", T0) for i, h in enumerate(ids[:1000])]
    fraud = dict.fromkeys(subs["number"].head(5000).to_list(), "dialer (block) by op-a")
    t = time.perf_counter()
    index = build_index(subs, restricted, fraud)
    build_s = time.perf_counter() - t
    rng = random.Random(7)
    channels = [f"shop-{i}" for i in range(5000)] + ["online"]
    asks = [
        Request(
            rng.choice(ids) if rng.random() < 0.7 else f"new-{rng.randrange(10**9)}",
            rng.choice(["cmcc", "cucc", "ctcc"]),
            T0 + timedelta(seconds=rng.randrange(SPAN_S)),
            rng.choice(channels),
        )
        for _ in range(checks)
    ]
    plain = dict.fromkeys(ids, 1)
    get = plain.get
    clock = time.perf_counter_ns
    base_ns, check_ns = [], []
    gc.collect()
    gc.disable()
    try:
        for q in asks:
            a = clock()
            get(q.id_hash)
            b = clock()
            check(index, q)
            c = clock()
            base_ns.append(b - a)
            check_ns.append(c - b)
    finally:
        gc.enable()
    decisions: dict[str, int] = {}
    for q in asks[:20_000]:
        d = check(index, q).decision.value
        decisions[d] = decisions.get(d, 0) + 1
    p99, base99 = _pct(check_ns, 0.99), _pct(base_ns, 0.99)
    return {
        "name": f"card-opening check on an index of {cards:,} cards vs dict lookup of the holder",
        "index_build_s": round(build_s, 2),
        "p50_ns": _pct(check_ns, 0.5),
        "p99_ns": p99,
        "baseline_p50_ns": _pct(base_ns, 0.5),
        "baseline_p99_ns": base99,
        "ratio_p99": round(p99 / base99, 1),
        "decisions_of_20k": decisions,
    }


def run() -> list[dict[str, object]]:
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    for rows in SIZES:
        path = OUT / f"subscribers_{rows}.parquet"
        if not path.exists():
            make_subscribers(rows, path)
        got = _measure(path)
        cards = got["cards"]
        scan_s = sum(x["seconds"] for x in got["scans"]) / 2
        scan_cpu = sum(x["cpu_s"] for x in got["scans"]) / 2
        row = {
            "rows": rows,
            "scan_s": round(scan_s, 2),
            "cards_s": round(cards["seconds"], 2),
            "cards_rows_per_s": round(cards["rows"] / cards["seconds"]),
            "x_scan_time": round(cards["seconds"] / scan_s, 1),
            "scan_cpu_s": round(scan_cpu, 2),
            "cards_cpu_s": round(cards["cpu_s"], 2),
            "x_scan_cpu": round(cards["cpu_s"] / max(scan_cpu, 1e-3), 1),
            "peak_mb": round(got["peak_mb"]),
        }
        print(row, flush=True)
        results.append(row)
    if CHECK:
        latency = activation_latency()
        print(latency, flush=True)
        results.append(latency)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "child":
        _child(sys.argv[2])
    else:
        print(json.dumps(run(), indent=2))
