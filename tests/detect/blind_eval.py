"""Precision, recall and time to detect of a policy on the blind worlds (``blind_worlds``), against
another run of the same worlds: the measurement every rule or policy change in ``docs/detection.md``
reports, as one command.

    .venv/bin/python -m tests.detect.blind_eval --tag base
    .venv/bin/python -m tests.detect.blind_eval --tag draft --policy draft.toml [--rules rules.toml] \
        --against base [--worlds callworld,logistics] [--seeds 1 2 3 4] [--out DIR] [--jobs 2] \
        [--allowed-lateness 2h]

Each world and seed is written once into ``OUT/NAME-SEED/in`` (kept: a later run reuses it), and
``ringfence detect`` (this checkout's, with the calls, subscribers and any SMS) writes
``OUT/NAME-SEED/TAG.csv`` (kept too: a tag already there is not run again; ``--fresh`` runs it
anyway). It prints, per world and seed, the legitimate numbers at ``warn``/``block``, the fraud
numbers found there of all the world's fraud numbers, the precision and the median time to detect;
then the totals and the legitimate populations most often at ``warn``/``block``. With ``--against``,
how the fraud found changed (lost, new, found later or earlier) and the legitimate numbers each world
gained or lost. Worlds take 5-40 s each to write and 5-20 s to detect on two cores; the 40 world
seeds take about 8 minutes the first time, 4 for each tag after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import polars as pl
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from tests.detect import blind_worlds

T = TypeVar("T")

_CLI = [sys.executable, "-c", "from ringfence.cli.main import run; run()"]
_FLAGGED = ("warn", "block")


def _world(out: Path, name: str, seed: int) -> Path:
    """The world's directory, its ``in/`` written if it is not there yet."""
    root = out / f"{name}-{seed}"
    if not (root / "in" / "truth.csv").exists():
        (root / "in").mkdir(parents=True, exist_ok=True)
        blind_worlds.write(name, seed, root / "in")
    return root


def run_command(root: Path, verb: str, data: str, extra: list[str]) -> None:
    """``ringfence VERB`` (this checkout's) on a world's calls, subscribers and any SMS, then
    ``extra``, with a data directory ``root/data`` of its own."""
    src = root / "in"
    command = [*_CLI, verb, "--calls", str(src / "calls.csv"), "--subscribers", str(src / "subscribers.csv")]
    if (src / "sms.csv").exists():
        command += ["--sms", str(src / "sms.csv")]
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(root / data)}
    subprocess.run([*command, *extra], check=True, capture_output=True, env=env)


def _detect(
    root: Path, tag: str, policy: Path | None, rules: Path | None, fresh: bool, lateness: str | None = None
) -> None:
    flagged = root / f"{tag}.csv"
    if flagged.exists() and not fresh:
        return
    extra = [] if policy is None else ["--policy", str(policy)]
    extra += [] if rules is None else ["--rules", str(rules)]
    extra += [] if lateness is None else ["--allowed-lateness", lateness]
    extra += ["--out", str(flagged), "--run-dir", str(root / f"{tag}.run")]
    run_command(root, "detect", f"{tag}.data", extra)


def run_all(items: Sequence[T], work: Callable[[T], None], label: str, jobs: int) -> Console:
    """``work`` on every item, ``jobs`` at a time, with a progress bar; the console it printed on."""
    console = Console()
    with Progress(console=console) as progress, ThreadPoolExecutor(max(1, jobs)) as pool:
        task = progress.add_task(label, total=len(items))
        for _ in pool.map(work, items):
            progress.advance(task)
    return console


def _flagged(root: Path, tag: str, truth: pl.DataFrame) -> pl.DataFrame:
    """The numbers at warn/block with their population, is_fraud (false where the truth has no row)
    and time to detect."""
    frame = pl.read_csv(root / f"{tag}.csv", infer_schema=False).filter(pl.col("verdict").is_in(_FLAGGED))
    return (
        frame.select(pl.col("number_e164").alias("number"), pl.col("time_to_detect_s").cast(pl.Int64))
        .join(truth, on="number", how="left")
        .with_columns(pl.col("is_fraud").fill_null(False), pl.col("population").fill_null("(not in truth)"))
    )


def evaluate(out: Path, names: list[str], seeds: list[int], tag: str) -> pl.DataFrame:
    """One row per flagged number of every world seed: ``world``, ``seed``, ``number``,
    ``population``, ``is_fraud``, ``time_to_detect_s``; and one row per world seed with ``number``
    null carrying ``fraud_total`` (the world's fraud numbers)."""
    rows = []
    for name in names:
        for seed in seeds:
            root = out / f"{name}-{seed}"
            truth = blind_worlds.truth(root / "in")
            found = _flagged(root, tag, truth).with_columns(pl.lit(None, pl.Int64).alias("fraud_total"))
            total = pl.DataFrame(
                {"fraud_total": [int(truth["is_fraud"].sum())]}, schema={"fraud_total": pl.Int64}
            )
            where = [pl.lit(name).alias("world"), pl.lit(seed).alias("seed")]
            rows += [found.with_columns(where), total.with_columns(where)]
    return pl.concat(rows, how="diagonal_relaxed")


def _summary(frame: pl.DataFrame) -> pl.DataFrame:
    return (
        frame.group_by("world", "seed")
        .agg(
            (pl.col("number").is_not_null() & ~pl.col("is_fraud")).sum().alias("legit"),
            (pl.col("number").is_not_null() & pl.col("is_fraud")).sum().alias("fraud"),
            pl.col("fraud_total").max().alias("fraud_total"),
            pl.col("time_to_detect_s").filter(pl.col("is_fraud")).median().alias("median_ttd_s"),
        )
        .with_columns((pl.col("fraud") / (pl.col("fraud") + pl.col("legit"))).alias("precision"))
        .sort("world", "seed")
    )


def _report(console: Console, frame: pl.DataFrame, tag: str, before: pl.DataFrame | None) -> None:
    summary = _summary(frame)
    old = None if before is None else _summary(before)
    table = Table(title=f"{tag}: warn/block on the blind worlds")
    for column in ("world", "legit", "fraud found", "precision", "median TTD (s)"):
        table.add_column(column, justify="left" if column == "world" else "right")
    for row in summary.iter_rows(named=True):
        was = (
            None
            if old is None
            else old.filter((pl.col("world") == row["world"]) & (pl.col("seed") == row["seed"]))
        )
        legit = str(row["legit"])
        if was is not None and was.height and was["legit"][0] != row["legit"]:
            legit = f"{was['legit'][0]} → {row['legit']}"
        ttd = "" if row["median_ttd_s"] is None else f"{row['median_ttd_s']:.0f}"
        precision = "" if row["precision"] is None else f"{row['precision']:.3f}"
        table.add_row(
            f"{row['world']}-{row['seed']}", legit, f"{row['fraud']}/{row['fraud_total']}", precision, ttd
        )
    legit, fraud, total = (int(summary[c].sum()) for c in ("legit", "fraud", "fraud_total"))
    table.add_row(
        "all", str(legit), f"{fraud}/{total}", f"{fraud / max(1, fraud + legit):.3f}", "", style="bold"
    )
    console.print(table)
    populations = (
        frame.filter(pl.col("number").is_not_null() & ~pl.col("is_fraud"))
        .group_by("world", "population")
        .len()
        .sort("len", descending=True)
        .head(15)
    )
    console.print("Legitimate populations most often at warn/block:")
    for world, population, n in populations.iter_rows():
        console.print(f"  {n:5d}  {world}  {population}")
    if before is not None:
        _changes(console, frame, before)


def _changes(console: Console, after: pl.DataFrame, before: pl.DataFrame) -> None:
    keys = ["world", "seed", "number"]
    fraud = [
        f.filter(pl.col("is_fraud")).select(*keys, "population", "time_to_detect_s") for f in (before, after)
    ]
    joined = fraud[0].join(fraud[1], on=keys, how="full", coalesce=True, suffix="_after")
    lost = joined.filter(pl.col("time_to_detect_s_after").is_null())
    new = joined.filter(pl.col("time_to_detect_s").is_null())
    both = joined.filter(
        pl.col("time_to_detect_s").is_not_null() & pl.col("time_to_detect_s_after").is_not_null()
    )
    later = both.filter(pl.col("time_to_detect_s_after") > pl.col("time_to_detect_s"))
    earlier = both.filter(pl.col("time_to_detect_s_after") < pl.col("time_to_detect_s"))
    console.print(
        f"Fraud against the other tag: {lost.height} lost, {new.height} new, {later.height} found later, "
        f"{earlier.height} earlier"
    )
    for row in pl.concat([lost, later]).sort("world", "seed").head(20).iter_rows(named=True):
        console.print(
            f"  {row['world']}-{row['seed']} {row['population']}: "
            f"{row['time_to_detect_s']} s → {row['time_to_detect_s_after'] or 'not found'}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tag", default="base", help="name of this run's outputs (default: base)")
    ap.add_argument("--policy", type=Path, help="policy TOML (default: the shipped one)")
    ap.add_argument("--rules", type=Path, help="rule library TOML (default: the shipped one)")
    ap.add_argument("--against", help="a tag run before, to compare with")
    ap.add_argument("--worlds", default="all", help="comma-separated world names (default: all)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    ap.add_argument("--out", type=Path, default=Path("/tmp/ringfence-blind-worlds"))
    ap.add_argument("--jobs", type=int, default=2, help="worlds written and detected at once (default: 2)")
    ap.add_argument("--fresh", action="store_true", help="run detect even where the tag's output exists")
    ap.add_argument(
        "--allowed-lateness", help="detect's --allowed-lateness (default: detect's); worlds whose feeds lag"
    )
    args = ap.parse_args(argv)
    names = list(blind_worlds.NAMES) if args.worlds == "all" else args.worlds.split(",")
    for name in names:
        if name not in blind_worlds.NAMES:
            ap.error(f"no blind world {name!r} (one of {', '.join(blind_worlds.NAMES)})")
    jobs = [(name, seed) for name in names for seed in args.seeds]

    def one(job: tuple[str, int]) -> None:
        root = _world(args.out, *job)
        _detect(root, args.tag, args.policy, args.rules, args.fresh, args.allowed_lateness)

    console = run_all(jobs, one, "worlds written and detected", args.jobs)
    frame = evaluate(args.out, names, args.seeds, args.tag)
    before = None if args.against is None else evaluate(args.out, names, args.seeds, args.against)
    _report(console, frame, args.tag, before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
