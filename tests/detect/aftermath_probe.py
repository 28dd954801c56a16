"""How far the victims' aftermath would tell fraud numbers apart, on the blind worlds: a measurement
for a signal not built yet (stop 50's note).

    .venv/bin/python -m tests.detect.aftermath_probe [--tag base] [--talk-s 300] [--hours 6] [--out DIR]

A victim of a long scam call often rings a bank (955xx), 110 or 96110 soon after, or is rung by
96110, the police anti-fraud centre, which warns people a scam number reached (the industry's
after-the-fact linking of victims to numbers). Four blind-world authors wrote this aftermath in on
their own (logistics, goldenweek, county, phonemarket). For every number, this counts its
*aftermath victims*: distinct callees of its answered calls of at least ``--talk-s`` who, within
``--hours``, place a call to one of those numbers or receive one from 96110. It prints, per world,
the fraud and legitimate numbers at ``warn``/``block`` in the tag's flagged file (``blind_eval``'s
outputs in ``--out``) with one or more and two or more such victims, then the fraud numbers the tag
missed that have one, those at ``watch`` that have one, and the legitimate numbers (at any verdict,
or none) that have one: a legitimate caller's long call is now and then followed by its callee
ringing a bank, so the signal adds to suspicion, it does not make it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from ringfence.ingest.fields import canonical_numbers
from tests.detect import blind_worlds

_ALARMS = r"^(955\d\d|110|96110)$"


def victims(calls: pl.DataFrame, talk_s: int, hours: float) -> pl.DataFrame:
    """``number`` and ``victims`` (distinct aftermath victims, as above) of every number with one."""
    c = calls.with_columns(
        canonical_numbers(calls["caller"]).alias("a"),
        canonical_numbers(calls["callee"]).alias("b"),
        pl.col("start_time").str.to_datetime(time_zone="Asia/Shanghai", strict=False).alias("t"),
        pl.col("duration_s").cast(pl.Float64, strict=False).alias("talk"),
    ).unique(["a", "b", "t"])
    raw_caller = pl.col("caller").str.replace(r"^\+?86", "")
    raw_callee = pl.col("callee").str.replace(r"^\+?86", "")
    alarms = pl.concat(
        [
            c.filter(raw_callee.str.contains(_ALARMS)).select(
                pl.col("a").alias("victim"), pl.col("t").alias("t_alarm")
            ),
            c.filter(raw_caller == "96110").select(pl.col("b").alias("victim"), pl.col("t").alias("t_alarm")),
        ]
    )
    long_calls = c.filter(pl.col("talk") >= talk_s).select(
        pl.col("a").alias("number"), pl.col("b").alias("victim"), "t"
    )
    after = (pl.col("t_alarm") - pl.col("t")).dt.total_seconds()
    return (
        long_calls.join(alarms, on="victim")
        .filter((after > 0) & (after <= hours * 3600))
        .group_by("number")
        .agg(pl.col("victim").n_unique().alias("victims"))
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tag", default="base", help="the blind_eval tag whose flagged files are read")
    ap.add_argument("--talk-s", type=int, default=300, help="an answered call at least this long (s)")
    ap.add_argument("--hours", type=float, default=6.0, help="aftermath within this many hours of it")
    ap.add_argument("--out", type=Path, default=Path("/tmp/ringfence-blind-worlds"))
    args = ap.parse_args(argv)
    rows = []
    for root in sorted(p for p in args.out.iterdir() if (p / f"{args.tag}.csv").exists()):
        calls = pl.read_csv(
            root / "in" / "calls.csv",
            infer_schema=False,
            columns=["caller", "callee", "start_time", "duration_s"],
        )
        scored = pl.read_csv(root / f"{args.tag}.csv", infer_schema=False).select(
            pl.col("number_e164").alias("number"), "verdict"
        )
        truth = blind_worlds.truth(root / "in")
        frame = (
            truth.join(scored, on="number", how="left")
            .join(victims(calls, args.talk_s, args.hours), on="number", how="left")
            .with_columns(pl.col("victims").fill_null(0), pl.lit(root.name.rsplit("-", 1)[0]).alias("world"))
        )
        rows.append(frame)
    frame = pl.concat(rows)
    flagged = pl.col("verdict").is_in(["warn", "block"]).fill_null(False)
    fraud, legit = pl.col("is_fraud"), ~pl.col("is_fraud")
    pl.Config.set_tbl_rows(40)
    print(f"aftermath victims: answered calls >= {args.talk_s} s, alarm within {args.hours} h")
    print(
        frame.filter(flagged)
        .group_by("world")
        .agg(
            fraud.sum().alias("fraud flagged"),
            (fraud & (pl.col("victims") >= 1)).sum().alias(">=1"),
            (fraud & (pl.col("victims") >= 2)).sum().alias(">=2"),
            legit.sum().alias("legit flagged"),
            (legit & (pl.col("victims") >= 1)).sum().alias("legit >=1"),
            (legit & (pl.col("victims") >= 2)).sum().alias("legit >=2"),
        )
        .sort("world")
    )
    watched = frame.filter(pl.col("verdict") == "watch")
    for name, who in (("fraud", fraud), ("legitimate", legit)):
        at = watched.filter(who)
        print(f"{name} numbers at watch: {at.height}, of which with >=1: {(at['victims'] >= 1).sum()}")
    missed = frame.filter(fraud & ~flagged)
    print(f"fraud not at warn/block: {missed.height}, of which with >=1: {(missed['victims'] >= 1).sum()}")
    any_legit = frame.filter(legit & (pl.col("victims") >= 1))
    twice = int((any_legit["victims"] >= 2).sum())
    print(f"legitimate numbers with >=1 (any verdict): {any_legit.height}; >=2: {twice}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
