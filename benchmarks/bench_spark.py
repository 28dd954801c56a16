"""``detect --engine spark`` (PySpark, local mode) beside the local engine and a Polars scan of the
same CSV, in the same run, reported as ratios (issue 16 items 4 and 5).

* scan: Polars reading the CSV (multi-threaded): the floor for any engine;
* local: ``run_detection`` with the local (chunked Polars) engine;
* spark: ``run_detection(engine="spark")``: the same read, then Spark on ``RINGFENCE_BENCH_SPARK_CORES``
  local threads (default 2); the session start (JVM) is timed apart and not counted.

Each measurement runs in a fresh subprocess. Sizes: ``RINGFENCE_BENCH_SPARK_SIZES`` (default 1M).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from benchmarks.bench_detect import make_calls

OUT = Path(os.environ.get("RINGFENCE_BENCH_DIR", "bench-out")) / "spark"
SIZES = [int(s) for s in os.environ.get("RINGFENCE_BENCH_SPARK_SIZES", "1000000").split(",")]
CORES = int(os.environ.get("RINGFENCE_BENCH_SPARK_CORES", "2"))


def _child(kind: str, path: str) -> None:
    """One measurement, printed as JSON (in a subprocess)."""
    import resource

    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection

    startup = 0.0
    if kind == "spark":
        from ringfence.detect.spark.session import local_session

        t = time.perf_counter()
        local_session(cores=CORES, shuffle_partitions=4 * CORES).range(1).count()
        startup = time.perf_counter() - t
    t = time.perf_counter()
    if kind == "scan":
        rows = pl.read_csv(path, infer_schema=False).height
        flagged = 0
    else:
        result, _ = run_detection([Path(path)], load_policy(), engine=kind)
        rows = sum(s.accepted for s in result.summaries.values())
        flagged = result.flagged.height
    seconds = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "kind": kind,
                "rows": rows,
                "seconds": seconds,
                "startup_s": startup,
                "flagged": flagged,
                "peak_mb": peak_mb,
            }
        )
    )


def _measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_spark", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run() -> list[dict[str, object]]:
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    for rows in SIZES:
        path = OUT / f"calls_{rows}.csv"
        if not path.exists():
            parquet = OUT / f"calls_{rows}.parquet"
            make_calls(rows, parquet)
            pl.read_parquet(parquet).write_csv(path)
            parquet.unlink()
        scan, local, spark = (_measure(k, path) for k in ("scan", "local", "spark"))
        assert local["flagged"] == spark["flagged"], (local["flagged"], spark["flagged"])
        row = {
            "rows": rows,
            "scan_rows_per_s": round(rows / scan["seconds"]),
            "local_rows_per_s": round(rows / local["seconds"]),
            "spark_rows_per_s": round(rows / spark["seconds"]),
            "local_x_scan_time": round(local["seconds"] / scan["seconds"], 1),
            "spark_x_scan_time": round(spark["seconds"] / scan["seconds"], 1),
            "spark_x_local_time": round(spark["seconds"] / local["seconds"], 1),
            "spark_startup_s": round(spark["startup_s"], 1),
            "flagged": local["flagged"],
            "local_peak_mb": round(local["peak_mb"]),
            "spark_driver_peak_mb": round(spark["peak_mb"]),
        }
        print(row, flush=True)
        results.append(row)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], sys.argv[2])
    else:
        run()
