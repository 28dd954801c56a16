"""The scale curve (issue 16): 1M → 10M → 50M call rows through ``detect``, ``watch`` and Spark local,
beside a multi-threaded Polars read and a Polars scan of the same CSV file.

Rows are written in the data contract's CSV form (``DATA.md``: ISO-8601 times with their offset) by a
fast generator (``bench_detect.make_calls``' distribution: 7 days, one caller per 50 calls with a
Zipf-like activity, random callees, handsets and cells), in chunks, so 50M rows need no more memory
than 1M. Each measurement runs in a fresh subprocess, so its peak memory (max RSS) is its own, and
each child first times ``polars.read_csv`` of the same file (all cores) — the baseline the ratio is
taken against, in the same process (wall time, and CPU time, which a loaded host inflates less):

* ``scan``: ``polars.scan_csv`` of the file, collected (all columns as text): what Polars alone does;
* ``detect``: ``ringfence detect`` end to end on the CSV (read, validate, deduplicate, quarantine,
  features, rules, policy, exports);
* ``watch``: ``ringfence watch --once`` over a landing directory holding the CSV split into files of
  ``RINGFENCE_BENCH_SCALE_FILE_ROWS`` rows (default 250k), the default snapshot interval and batches
  (the files waiting taken together, up to 16 MB: a file of 250k calls, 26 MB, is a batch of its
  own); also the state bytes per active number of its last snapshot;
* ``watch1``: the same, one file at a time (``--batch-mb 0``: files arriving one by one);
* ``spark``: ``detect --engine spark`` (local mode, ``RINGFENCE_BENCH_SCALE_SPARK_CORES`` threads,
  default 2); the JVM start is timed apart and not counted; its peak memory is the driver's and,
  separately, the JVM's (a child process, measured once it has exited).

``RINGFENCE_BENCH_SCALE_SIZES`` (default ``1000000,10000000``; the full curve is
``1000000,10000000,50000000``) sets the sizes; ``RINGFENCE_BENCH_SCALE_WATCH_MAX`` (default 1000000)
and ``RINGFENCE_BENCH_SCALE_SPARK_MAX`` (default 10000000; 0: never) the largest size ``watch`` and
Spark run at; ``RINGFENCE_BENCH_SCALE_TIMEOUT`` (seconds, default 7200) stops a measurement that takes
longer (reported as a timeout, the curve goes on). Files go to ``RINGFENCE_BENCH_DIR`` (default
``bench-out``)/scale and are kept for the next run; each result is also appended to
``scale-results.jsonl`` there as soon as it is measured.
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

OUT = Path(os.environ.get("RINGFENCE_BENCH_DIR", "bench-out")) / "scale"
SIZES = [int(s) for s in os.environ.get("RINGFENCE_BENCH_SCALE_SIZES", "1000000,10000000").split(",")]
WATCH_MAX = int(os.environ.get("RINGFENCE_BENCH_SCALE_WATCH_MAX", "1000000"))
SPARK_MAX = int(os.environ.get("RINGFENCE_BENCH_SCALE_SPARK_MAX", "10000000"))
SPARK_CORES = int(os.environ.get("RINGFENCE_BENCH_SCALE_SPARK_CORES", "2"))
TIMEOUT_S = float(os.environ.get("RINGFENCE_BENCH_SCALE_TIMEOUT", "7200"))
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
        t, c = time.perf_counter(), cpu()
        if kind == "scan":
            pl.scan_csv(path, infer_schema=False).collect()
        elif kind in ("detect", "spark"):
            from ringfence.services.detect import detect_files

            engine = "local"
            if kind == "spark":
                from ringfence.detect.spark.session import local_session

                engine = "spark"
                session = local_session(cores=SPARK_CORES, shuffle_partitions=4 * SPARK_CORES)
                session.range(1).count()
                result["startup_s"] = time.perf_counter() - t
                t, c = time.perf_counter(), cpu()
            detection = detect_files(
                [path], load_policy(), root / "flagged.csv", root / "run", "Asia/Shanghai", engine=engine
            )
            result["flagged"] = detection.result.flagged.height
        else:
            from ringfence.services.watch import WatchConfig, Watcher

            t_split = time.perf_counter()
            _split(path, root / "landing")  # not timed: the delivery
            t += time.perf_counter() - t_split
            c = cpu()
            batch = 1 if kind == "watch1" else WatchConfig.batch_bytes
            watcher = Watcher(
                WatchConfig(
                    root / "landing",
                    root / "state",
                    load_policy(),
                    "Asia/Shanghai",
                    checkpoint_s=10.0,
                    batch_bytes=batch,
                )
            )
            watcher.run(once=True)
        result["seconds"] = time.perf_counter() - t
        result["cpu_s"] = cpu() - c
        if kind in ("watch", "watch1"):
            watcher.commit()  # a snapshot of the final state, to measure it
            status = watcher.status()
            result["active_numbers"] = status["active_numbers"]
            result["state_bytes_per_active_number"] = status["checkpoint_bytes_per_active_number"]
            result["flagged"] = pl.read_csv(root / "state" / "flagged.csv", infer_schema=False).height
            watcher.close()
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if kind == "spark":
        session.stop()  # the JVM exits: its peak memory is a child's (0 when it was not waited for)
        result["jvm_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def _measure(kind: str, path: Path) -> dict[str, float] | None:
    """One measurement in a fresh process; None when it took longer than ``TIMEOUT_S``."""
    try:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_scale", kind, str(path)],
            check=True,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return None
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _kinds(rows: int) -> list[str]:
    kinds = ["scan", "detect"]
    if rows <= WATCH_MAX:
        kinds += ["watch", "watch1"]
    if rows <= SPARK_MAX:
        kinds.append("spark")
    return kinds


def run() -> list[dict[str, object]]:
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    for rows in SIZES:
        path = OUT / f"calls_{rows}.csv"
        if not path.exists():
            t = time.perf_counter()
            write_calls(rows, path)
            print(f"wrote {path} ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - t:.0f} s")
        for kind in _kinds(rows):
            m = _measure(kind, path)
            row: dict[str, object] = {"rows": rows, "kind": kind}
            if m is None:
                row["timeout_s"] = TIMEOUT_S
            else:
                row.update(
                    csv_read_s=round(m["read_s"], 2),
                    seconds=round(m["seconds"], 2),
                    rows_per_s=round(rows / m["seconds"]),
                    x_csv_read=round(m["seconds"] / m["read_s"], 1),
                    cpu_s=round(m["cpu_s"], 1),
                    x_csv_read_cpu=round(m["cpu_s"] / m["read_cpu_s"], 1),
                    peak_mb=round(m["peak_mb"]),
                )
                for extra in ("flagged", "active_numbers", "state_bytes_per_active_number"):
                    if extra in m:
                        row[extra] = m[extra]
                if kind == "spark":
                    row["startup_s"] = round(m["startup_s"], 1)
                    row["jvm_peak_mb"] = round(m["jvm_peak_mb"])
            print(row, flush=True)
            with (OUT / "scale-results.jsonl").open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")
            results.append(row)
        flagged = {r["kind"]: r["flagged"] for r in results if r["rows"] == rows and "flagged" in r}
        if len(set(flagged.values())) > 1:
            print(f"flagged numbers differ between engines at {rows:,} rows: {flagged}", flush=True)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], sys.argv[2])
    else:
        run()
