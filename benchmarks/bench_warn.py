"""``ringfence warn`` beside ``ringfence detect`` on the same records, measured in the same run.

* the simulated week (``ringfence simulate``, 5,000 subscribers, 7 days, calls and SMS): detect, then
  warn from its flagged numbers; the ratio warn / detect, and each one's peak memory;
* a synthetic call file of ``RINGFENCE_BENCH_WARN_SIZES`` rows (default 1M; 10M as in issue 13 with
  ``RINGFENCE_BENCH_WARN_SIZES=1000000,10000000``), flagged = the 200 busiest callers.

Each measurement runs in a fresh subprocess so that its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

OUT = Path(os.environ.get("RINGFENCE_BENCH_DIR", "bench-out")) / "warn"
SIZES = [int(s) for s in os.environ.get("RINGFENCE_BENCH_WARN_SIZES", "1000000").split(",") if s]


def _child(kind: str, directory: str) -> None:
    import resource

    d = Path(directory)
    calls = sorted(d.glob("calls.*"))
    sms = sorted(d.glob("messages.*"))
    subs = sorted(d.glob("subscribers.*"))
    t = time.perf_counter()
    if kind == "detect":
        from ringfence.detect.policy import load_policy
        from ringfence.services.detect import detect_files

        detection = detect_files(
            calls, load_policy(), d / "flagged.csv", d / "run", "Asia/Shanghai", sms=sms, subscribers=subs
        )
        rows = sum(s.accepted for s in detection.result.summaries.values())
    else:
        from ringfence.services.warn import warn_files

        result = warn_files(calls, d / "flagged.csv", d / "warnings.csv", sms, subs)
        rows = result.warnings.height
    seconds = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


def _measure(kind: str, directory: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_warn", kind, str(directory)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _simulated_week(d: Path) -> None:
    if (d / "calls.csv").exists():
        return
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    write_simulation(simulate(SimConfig()), d)


def _synthetic(rows: int, d: Path) -> None:
    from benchmarks.bench_detect import make_calls

    d.mkdir(parents=True, exist_ok=True)
    path = d / "calls.parquet"
    if not path.exists():
        make_calls(rows, path)
    busiest = pl.scan_parquet(path).group_by("caller").len().sort("len", descending=True).head(200).collect()
    busiest.select(pl.col("caller").alias("number"), pl.lit("dialer").alias("typology")).write_csv(
        d / "flagged.csv"
    )


def _row(name: str, d: Path, detect_too: bool) -> dict[str, object]:
    warn = _measure("warn", d)
    row: dict[str, object] = {
        "input": name,
        "warn_s": round(warn["seconds"], 2),
        "warn_peak_mb": round(warn["peak_mb"]),
        "warnings": int(warn["rows"]),
    }
    if detect_too:
        det = _measure("detect", d)
        row |= {
            "rows": int(det["rows"]),
            "detect_s": round(det["seconds"], 2),
            "detect_peak_mb": round(det["peak_mb"]),
            "warn_over_detect": round(warn["seconds"] / det["seconds"], 3),
        }
    print(row, flush=True)
    return row


def run() -> list[dict[str, object]]:
    OUT.mkdir(parents=True, exist_ok=True)
    week = OUT / "week"
    _simulated_week(week)
    _measure("detect", week)  # flagged numbers for warn
    results = [_row("simulated week", week, detect_too=True)]
    for rows in SIZES:
        d = OUT / f"calls_{rows}"
        _synthetic(rows, d)
        results.append(_row(f"{rows:,} calls", d, detect_too=True))
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], sys.argv[2])
    else:
        print(json.dumps(run(), indent=2))
