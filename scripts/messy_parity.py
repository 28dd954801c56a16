"""Does ``watch`` (killed with SIGKILL and restarted) and ``detect --engine spark`` decide as ``detect`` does,
on a messy delivery of your records? The check issue 16 asks for, on data you choose.

    .venv/bin/python -m scripts.messy_parity DIR OUT [--seed N] [--files K] [--kills 0.5,0.3] [--spark]

``DIR`` holds ``calls.csv`` (and optionally ``messages.csv``, ``subscribers.csv``), e.g. what
``ringfence simulate`` writes or an export of your own. Their records are rewritten as a messy feed
(``ringfence.simulate.messy``: number and time forms, disorder, late and repeated records, broken rows,
gzip and CRLF files) into ``OUT/files``; then, each through the CLI as an operator runs it:

1. ``ringfence detect`` over all the files;
2. ``ringfence watch --once`` over a landing directory holding them (calls and SMS files interleaved),
   uninterrupted;
3. the same, SIGKILLed at the given fractions of the uninterrupted run's time, then run to the end;
4. with ``--spark``, ``ringfence detect --engine spark``.

It prints whether each flagged file is byte-identical to ``detect``'s and the record counts, and exits 1
if any differs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

from ringfence.simulate import messy

RF = str(Path(sys.executable).with_name("ringfence"))


def _deliver(src: Path, out: Path, seed: int, files: int) -> dict[str, list[Path]]:
    rng = np.random.default_rng(seed)
    delivered: dict[str, list[Path]] = {}
    for kind in messy.KINDS:
        if (src / f"{kind}.csv").exists():
            frame = pl.read_csv(src / f"{kind}.csv", infer_schema=False)
            delivered[kind] = messy.deliver(messy.messy(frame, kind, rng), kind, out / "files", files, rng)
    return delivered


def _detect(delivered: dict[str, list[Path]], subs: list[str], out: Path, engine: str) -> tuple[Path, float]:
    flagged = out / f"flagged-{engine}.csv"
    args = [RF, "detect", "--out", str(flagged), "--run-dir", str(out / f"run-{engine}"), "--engine", engine]
    args += [a for f in delivered["calls"] for a in ("--calls", str(f))]
    args += [a for f in delivered.get("messages", []) for a in ("--sms", str(f))]
    args += [a for s in subs for a in ("--subscribers", s)]
    t = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return flagged, time.perf_counter() - t


def _landing(delivered: dict[str, list[Path]], landing: Path) -> None:
    """The files in delivery order, calls and SMS interleaved (each renamed in, as mediation does)."""
    landing.mkdir(parents=True)
    calls, sms = delivered["calls"], delivered.get("messages", [])
    order = [f for i in range(max(len(calls), len(sms))) for f in (*calls[i : i + 1], *sms[i : i + 1])]
    for i, f in enumerate(order):
        tmp = landing / f".{f.name}.part"
        shutil.copy(f, tmp)
        tmp.rename(landing / f"{i:04d}-{f.name}")


def _watch(landing: Path, state: Path, subs: list[str], sms: bool) -> list[str]:
    cmd = [RF, "watch", "--landing", str(landing), "--state", str(state), "--once"]
    return cmd + (["--sms"] if sms else []) + [a for s in subs for a in ("--subscribers", s)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src", type=Path, help="directory with calls.csv [messages.csv subscribers.csv]")
    ap.add_argument("out", type=Path, help="work directory (replaced)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the messy delivery")
    ap.add_argument("--files", type=int, default=10, help="files per record kind")
    ap.add_argument("--kills", default="0.5,0.3", help="fractions of the uninterrupted run to SIGKILL at")
    ap.add_argument("--spark", action="store_true", help="also detect --engine spark")
    a = ap.parse_args(argv)
    shutil.rmtree(a.out, ignore_errors=True)
    a.out.mkdir(parents=True)
    delivered = _deliver(a.src, a.out, a.seed, a.files)
    subs = [str(a.src / "subscribers.csv")] if (a.src / "subscribers.csv").exists() else []
    sms = "messages" in delivered
    expected, seconds = _detect(delivered, subs, a.out, "local")
    print(f"detect: {seconds:.1f} s")
    results: dict[str, Path] = {}

    _landing(delivered, a.out / "landing-whole")
    t = time.perf_counter()
    uninterrupted = _watch(a.out / "landing-whole", a.out / "state-whole", subs, sms)
    subprocess.run(uninterrupted, check=True, capture_output=True)
    whole = time.perf_counter() - t
    print(f"watch, uninterrupted: {whole:.1f} s")
    results["watch, uninterrupted"] = a.out / "state-whole"

    _landing(delivered, a.out / "landing-killed")
    cmd = _watch(a.out / "landing-killed", a.out / "state-killed", subs, sms)
    kills = 0
    for fraction in (float(x) for x in a.kills.split(",") if x):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    subprocess.run(cmd, check=True, capture_output=True)
    results[f"watch, SIGKILLed {kills}× and restarted"] = a.out / "state-killed"

    same = True
    flagged = pl.read_csv(expected, infer_schema=False)
    warn = flagged.filter(pl.col("verdict").is_in(["warn", "block"])).height
    print(f"detect flagged {flagged.height} numbers, {warn} at warn/block")
    counts = {}
    for name, state in results.items():
        identical = (state / "flagged.csv").read_bytes() == expected.read_bytes()
        status = json.loads((state / "status.json").read_text())
        counts[name] = (status["records"], status["quarantined"])
        print(f"{name}: flagged.csv identical to detect's: {identical}; records {status['records']}")
        same &= identical
    if len({json.dumps(c, sort_keys=True) for c in counts.values()}) > 1:
        print("the watch runs counted records differently:", counts)
        same = False
    if a.spark:
        spark, seconds = _detect(delivered, subs, a.out, "spark")
        identical = spark.read_bytes() == expected.read_bytes()
        print(f"detect --engine spark ({seconds:.0f} s): flagged file identical to detect's: {identical}")
        same &= identical
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
