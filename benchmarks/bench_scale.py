"""The scale curve (issue 16): 1M → 10M (→ 50M) call rows through ``detect`` and ``watch``, beside a
multi-threaded Polars read of the same CSV file.

Rows are written in the data contract's CSV form (``DATA.md``: ISO-8601 times with their offset) by a
fast generator (``bench_detect.make_calls``' distribution: 7 days, one caller per 50 calls with a
Zipf-like activity, random callees, handsets and cells), in chunks, so 50M rows need no more memory
than 1M. Each measurement runs in a fresh subprocess, so its peak memory (max RSS) is its own, and
each child first times ``polars.read_csv`` of the same file (all cores) — the baseline the ratio is
taken against, in the same process (wall time, and CPU time, which a loaded host inflates less):

* ``detect``: ``ringfence detect`` end to end on the CSV (read, validate, deduplicate, quarantine,
  features, rules, policy, exports);
* ``watch``: ``ringfence watch --once`` over a landing directory holding the CSV split into files of
  ``RINGFENCE_BENCH_SCALE_FILE_ROWS`` rows (default 250k), the default snapshot interval; also the
  state bytes per active number of its last snapshot.

``RINGFENCE_BENCH_SCALE_SIZES`` (default ``1000000,10000000``) and ``RINGFENCE_BENCH_SCALE_WATCH_MAX``
(default 1000000: ``watch`` is run on sizes up to this) set what runs; files go to
``RINGFENCE_BENCH_DIR`` (default ``bench-out``)/scale and are kept for the next run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

OUT = Path(os.environ.get("RINGFENCE_BENCH_DIR", "bench-out")) / "scale"
SIZES = [int(s) for s in os.environ.get("RINGFENCE_BENCH_SCALE_SIZES", "1000000,10000000").split(",")]
WATCH_MAX = int(os.environ.get("RINGFENCE_BENCH_SCALE_WATCH_MAX", "1000000"))
FILE_ROWS = int(os.environ.get("RINGFENCE_BENCH_SCALE_FILE_ROWS", "250000"))
CHUNK = 1_000_000
T0 = 1_793_548_800  # 2026-11-02 00:00 +08:00
DAYS = 7


def write_calls(rows: int, path: Path, seed: int = 1) -> None:
    """``rows`` call records in time order, CSV, written a million at a time."""
    rng = np.random.default_rng(seed)
    n_callers = max(1000, rows // 50)
    callers = 13_000_000_000 + rng.choice(10**9, size=n_callers, replace=False)
    callees = 13_000_000_000 + rng.integers(0, 10**9, size=max(1000, rows // 10))
    weights = 1.0 / np.arange(1, n_callers + 1) ** 0.8
    weights /= weights.sum()
    span = DAYS * 86_400
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as fh:
        done = 0
        while done < rows:
            n = min(CHUNK, rows - done)
            who = rng.choice(n_callers, size=n, p=weights)
            lo, hi = span * done // rows, span * (done + n) // rows
            start = np.sort(T0 + rng.integers(lo, max(hi, lo + 1), size=n))
            duration = np.where(rng.random(n) < 0.25, 0, rng.lognormal(3.6, 1.0, size=n).astype(np.int64) + 1)
            frame = pl.DataFrame(
                {
                    "call_id": pl.int_range(done, done + n, eager=True).cast(pl.String),
                    "caller": "+86" + pl.Series(callers[who]).cast(pl.String),
                    "callee": "+86"
                    + pl.Series(callees[rng.integers(0, len(callees), size=n)]).cast(pl.String),
                    "start_time": pl.Series(start * 1_000_000)
                    .cast(pl.Datetime("us", "UTC"))
                    .dt.convert_time_zone("Asia/Shanghai")
                    .dt.strftime("%Y-%m-%dT%H:%M:%S%:z"),
                    "duration_s": duration,
                    "origin": pl.Series(rng.choice(["intra", "inter"], size=n)),
                    "caller_imei": "86123456" + pl.Series(who).cast(pl.String).str.zfill(7),
                    "caller_cell": pl.Series(rng.integers(0, 3000, size=n)).cast(pl.String),
                    "caller_region": pl.repeat("成都", n, eager=True),
                    "call_type": pl.repeat("moc", n, eager=True),
                }
            )
            frame.write_csv(fh, include_header=done == 0)
            done += n
    tmp.replace(path)


def _split(path: Path, landing: Path) -> None:
    """The CSV as files of ``FILE_ROWS`` rows, in order (as a mediation system delivers them)."""
    landing.mkdir(parents=True)
    with path.open("rb") as fh:
        head = fh.readline()
        i, out, n = 0, None, FILE_ROWS
        for line in fh:
            if n == FILE_ROWS:
                if out is not None:
                    out.close()
                out = (landing / f"calls-{i:05d}.csv").open("wb")
                out.write(head)
                i, n = i + 1, 0
            assert out is not None
            out.write(line)
            n += 1
        if out is not None:
            out.close()


def _child(kind: str, path_text: str) -> None:
    """One measurement (in a subprocess): the CSV read first (the baseline), then ``kind``."""
    import resource
    import tempfile

    from ringfence.detect.policy import load_policy

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    path = Path(path_text)
    t, c = time.perf_counter(), cpu()
    rows = pl.read_csv(path).height
    read_s = time.perf_counter() - t
    result: dict[str, object] = {"kind": kind, "rows": rows, "read_s": read_s, "read_cpu_s": cpu() - c}
    with tempfile.TemporaryDirectory(prefix="ringfence-scale-", dir=path.parent) as tmp:
        root = Path(tmp)
        if kind == "detect":
            from ringfence.services.detect import detect_files

            t, c = time.perf_counter(), cpu()
            detect_files([path], load_policy(), root / "flagged.csv", root / "run", "Asia/Shanghai")
            result["seconds"] = time.perf_counter() - t
            result["cpu_s"] = cpu() - c
        else:
            from ringfence.services.watch import WatchConfig, Watcher

            _split(path, root / "landing")  # not timed: the delivery
            t, c = time.perf_counter(), cpu()
            watcher = Watcher(
                WatchConfig(
                    root / "landing", root / "state", load_policy(), "Asia/Shanghai", checkpoint_s=10.0
                )
            )
            watcher.run(once=True)
            result["seconds"] = time.perf_counter() - t
            result["cpu_s"] = cpu() - c
            watcher.commit()  # a snapshot of the final state, to measure it
            status = watcher.status()
            result["active_numbers"] = status["active_numbers"]
            result["state_bytes_per_active_number"] = status["checkpoint_bytes_per_active_number"]
            watcher.close()
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scale", kind, str(path)],
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
            t = time.perf_counter()
            write_calls(rows, path)
            print(f"wrote {path} ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - t:.0f} s")
        for kind in ("detect", "watch") if rows <= WATCH_MAX else ("detect",):
            m = _measure(kind, path)
            row = {
                "rows": rows,
                "kind": kind,
                "csv_read_s": round(m["read_s"], 2),
                "seconds": round(m["seconds"], 2),
                "rows_per_s": round(rows / m["seconds"]),
                "x_csv_read": round(m["seconds"] / m["read_s"], 1),
                "cpu_s": round(m["cpu_s"], 1),
                "x_csv_read_cpu": round(m["cpu_s"] / m["read_cpu_s"], 1),
                "peak_mb": round(m["peak_mb"]),
            }
            if kind == "watch":
                row["active_numbers"] = m["active_numbers"]
                row["state_bytes_per_active_number"] = m["state_bytes_per_active_number"]
            print(row, flush=True)
            results.append(row)
    shutil.rmtree(OUT / "tmp", ignore_errors=True)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], sys.argv[2])
    else:
        run()
