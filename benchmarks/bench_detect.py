"""``ringfence detect`` at operator scale, beside two baselines measured in the same run.

* scan: the time Polars takes merely to read the same Parquet file (the floor for any engine);
* per-row: the streaming engine (plain Python, one record at a time) on a sample, as rows/s.

Each size runs in a fresh subprocess so that its peak memory (max RSS) is its own. Targets (issue 3):
detect ≥ 20× the per-row rate, within 20× of the scan time, < 4 GB at 10M rows, linear from 1M to 10M.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

OUT = Path(os.environ.get("RINGFENCE_BENCH_DIR", "bench-out")) / "detect"
SIZES = [
    int(s) for s in os.environ.get("RINGFENCE_BENCH_DETECT_SIZES", "1000000,3000000,10000000").split(",")
]
T0 = 1_793_548_800  # 2026-11-02 00:00 +08:00


def make_calls(rows: int, path: Path, seed: int = 1) -> None:
    """Synthetic calls in the data contract: a few busy callers, many ordinary ones, 7 days."""
    rng = np.random.default_rng(seed)
    n_callers = max(1000, rows // 50)
    callers = 13_000_000_000 + rng.choice(10**9, size=n_callers, replace=False)
    callees = 13_000_000_000 + rng.integers(0, 10**9, size=max(1000, rows // 10))
    weights = 1.0 / np.arange(1, n_callers + 1) ** 0.8
    who = rng.choice(n_callers, size=rows, p=weights / weights.sum())
    start = np.sort(T0 + rng.integers(0, 7 * 86_400, size=rows))
    duration = np.where(rng.random(rows) < 0.25, 0, rng.lognormal(3.6, 1.0, size=rows).astype(np.int64) + 1)
    imei_pool = np.array([f"86123456{i:07d}" for i in range(n_callers)])
    frame = pl.DataFrame(
        {
            "call_id": pl.int_range(0, rows, eager=True).cast(pl.String),
            "caller": pl.Series("+86" + pl.Series(callers[who]).cast(pl.String)),
            "callee": pl.Series(
                "+86" + pl.Series(callees[rng.integers(0, len(callees), size=rows)]).cast(pl.String)
            ),
            "start_time": pl.Series(start * 1_000_000).cast(pl.Datetime("us", "UTC")),
            "duration_s": duration,
            "origin": pl.Series(rng.choice(["intra", "inter"], size=rows)),
            "caller_imei": imei_pool[who],
            "caller_cell": pl.Series(rng.integers(0, 3000, size=rows)).cast(pl.String),
            "caller_region": pl.Series(["成都"] * rows),
            "call_type": pl.Series(["moc"] * rows),
        }
    )
    frame.write_parquet(path)


def _child(kind: str, path: str) -> None:
    """Run one measurement and print JSON (executed in a subprocess)."""
    import resource

    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection

    t = time.perf_counter()
    if kind == "scan":
        frame = pl.read_parquet(path)
        rows = frame.height
    elif kind == "detect":
        result, _ = run_detection([Path(path)], load_policy())
        rows = sum(s.accepted for s in result.summaries.values())
    else:  # per-row baseline on a sample
        from tests.detect.oracle import event_objects, events_frame  # records to events: the reference's

        from ringfence.detect.stream import StreamingFeatures
        from ringfence.ingest import read_frame

        calls, _ = read_frame([Path(path)])
        events = event_objects(events_frame(calls).sort("t", "seq"))  # arrival in event time
        t = time.perf_counter()
        engine = StreamingFeatures()
        done, late = engine.push(events)
        done += engine.flush()
        assert not late
        assert len(done) == len(events)
        rows = calls.height
    seconds = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def _measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_detect", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run() -> list[dict[str, object]]:
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    sample = OUT / "calls_200k.parquet"
    if not sample.exists():
        make_calls(200_000, sample)
    per_row = _measure("per_row", sample)
    per_row_rate = per_row["rows"] / per_row["seconds"]
    print(f"per-row Python baseline: {per_row_rate:,.0f} rows/s on a 200k sample")
    for rows in SIZES:
        path = OUT / f"calls_{rows}.parquet"
        if not path.exists():
            make_calls(rows, path)
        scan = _measure("scan", path)
        det = _measure("detect", path)
        rate = det["rows"] / det["seconds"]
        row = {
            "rows": rows,
            "scan_s": round(scan["seconds"], 2),
            "detect_s": round(det["seconds"], 2),
            "detect_rows_per_s": round(rate),
            "x_scan_time": round(det["seconds"] / scan["seconds"], 1),
            "x_per_row_rate": round(rate / per_row_rate, 1),
            "peak_mb": round(det["peak_mb"]),
        }
        print(row, flush=True)
        results.append(row)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = (b["detect_s"] / a["detect_s"]) / (b["rows"] / a["rows"])  # type: ignore[operator]
        print(f"time growth {a['rows']:,} → {b['rows']:,} rows, relative to linear: {growth:.2f}")
        results.append({"linearity": round(growth, 2)})
    results.append({"per_row_rows_per_s": round(per_row_rate)})
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], sys.argv[2])
    else:
        run()
