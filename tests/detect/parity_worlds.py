"""Issue 16's hidden check on worlds the simulator did not make: ``detect`` on a world's calls, then
``watch --once`` over the same calls split into files at random rows, SIGKILLed after its first and
second commits and run again to the end, then (``--spark``) ``detect --engine spark``; each must write
``detect``'s flagged file byte for byte.

    .venv/bin/python -m tests.detect.parity_worlds [--world newcards|heavycallers] [--seeds 11 12]
        [--spark] [--out DIR]

The worlds are ``newcards`` (new cards, families, shops, dialers, SIM farms) and ``heavycallers``
(couriers, riders, telesales, clinics...), both written apart from the simulator and the rules, and
the blind worlds of ``blind_worlds`` (``callworld``, ``festival``, ``typhoon``, ``workweek``: 350-680k
calls each, so asked for by name, ``--world typhoon``). The checkpoint interval (0 or 600 s) and the
batch budget (0 or 16 MB) are drawn per seed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl

from tests.detect import blind_worlds, heavycallers, newcards
from tests.support.kill import kill_after_commits

_CLI = [sys.executable, "-c", "from ringfence.cli.main import run; run()"]


def _split(calls: Path, landing: Path, files: int, rng: random.Random) -> None:
    """The CSV as ``files`` files cut at random rows, each written under a temporary name first."""
    landing.mkdir(parents=True)
    head, *body = calls.read_text(encoding="utf-8").splitlines(keepends=True)
    cuts = sorted(rng.sample(range(1, len(body)), files - 1))
    for i, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(body)], strict=True)):
        tmp = landing / f".calls-{i:03d}.tmp"
        tmp.write_text(head + "".join(body[a:b]), encoding="utf-8")
        tmp.rename(landing / f"calls-{i:03d}.csv")


def check(world_name: str, seed: int, spark: bool, out: Path) -> dict[str, object]:
    root = out / f"{world_name}-{seed}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    if world_name in blind_worlds.NAMES:
        calls, subs = blind_worlds.write(world_name, seed, root / "in")
    else:
        world = (newcards if world_name == "newcards" else heavycallers).generate(seed)
        calls, subs, _ = newcards.write(world, root / "in")
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(root / "data")}
    detect = [*_CLI, "detect", "--calls", str(calls), "--subscribers", str(subs)]
    subprocess.run([*detect, "--out", str(root / "detect.csv")], check=True, env=env, capture_output=True)
    expected = pl.read_csv(root / "detect.csv", infer_schema=False)
    rng = random.Random(seed)
    _split(calls, root / "landing", rng.randint(5, 12), rng)
    interval = rng.choice(["0", "600"])
    watch = [
        *_CLI, "watch", "--landing", str(root / "landing"), "--state", str(root / "state"),
        "--subscribers", str(subs), "--checkpoint-interval", interval,
        "--batch-mb", rng.choice(["0", "16"]), "--once",
    ]  # fmt: skip
    kills = kill_after_commits(
        watch,
        root / "state",
        env,
        (rng.uniform(0, 0.3), rng.uniform(0, 0.05)),
        commits=(1, 2),
        commit_file="checkpoint.pkl" if interval == "0" else "log.bin",
    )
    subprocess.run(watch, check=True, env=env, capture_output=True)
    row: dict[str, object] = {
        "world": world_name,
        "seed": seed,
        "warn/block": expected.filter(pl.col("verdict").is_in(["warn", "block"])).height,
        "kills": kills,
        "watch same": pl.read_csv(root / "state" / "flagged.csv", infer_schema=False).equals(expected),
    }
    if spark:
        out_csv = root / "spark.csv"
        subprocess.run(
            [*detect, "--engine", "spark", "--out", str(out_csv)], check=True, env=env, capture_output=True
        )
        row["spark same"] = pl.read_csv(out_csv, infer_schema=False).equals(expected)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.detect.parity_worlds", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--world", choices=("newcards", "heavycallers", *blind_worlds.NAMES), action="append")
    ap.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    ap.add_argument("--spark", action="store_true", help="also detect --engine spark (needs Java)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ringfence-parity"))
    args = ap.parse_args(argv)
    failed = 0
    for world in args.world or ["newcards", "heavycallers"]:
        for seed in args.seeds:
            row = check(world, seed, args.spark, args.out)
            failed += not row["watch same"] or row.get("spark same") is False
            print(row, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
