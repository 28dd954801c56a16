"""Precision, recall and time-to-detect at warn/block on the new-card populations (``newcards.py``)
and on the simulator, for one or more policies over several seeds; prints a table.

    .venv/bin/python -m tests.detect.newcard_table [--policy FILE ...] [--seeds 1 2 3] [--sim DIR ...]

``--sim`` takes directories written by ``ringfence simulate`` (calls, messages, subscribers, truth).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from ringfence.detect.evaluate import evaluate, load_truth
from ringfence.detect.policy import Policy, load_policy
from ringfence.detect.replay import run_detection
from tests.detect import newcards


def _flagged(
    policy: Policy, calls: list[Path], subs: list[Path], sms: list[Path] | None = None
) -> pl.DataFrame:
    result, _ = run_detection(calls, policy, messages=sms or None, subscribers=subs)
    return result.flagged


def world_row(policy: Policy, world: newcards.World, legit: Sequence[str], seed: int) -> dict[str, object]:
    """Legitimate numbers at warn/block by population (``legit``), fraud recall, precision and median
    TTD, on a generated world (``newcards``, ``heavycallers``)."""
    with tempfile.TemporaryDirectory(prefix="newcard-margin-") as tmp:
        calls, subs, truth = newcards.write(world, Path(tmp))
        flagged = _flagged(policy, [calls], [subs])
    warn = flagged.filter(pl.col("verdict").is_in(["warn", "block"])).join(truth, on="number", how="left")
    row: dict[str, object] = {"seed": seed}
    for population in legit:
        row[population] = warn.filter(pl.col("population") == population).height
    unknown = warn.filter(pl.col("population").is_null()).height  # numbers outside the truth (legit)
    fraud = truth.filter(pl.col("is_fraud"))
    tp = warn.filter(pl.col("is_fraud").fill_null(False))
    flagged_n = warn.height
    row["other legit"] = unknown
    row["precision"] = round(tp.height / flagged_n, 4) if flagged_n else 1.0
    row["recall"] = round(tp.height / fraud.height, 4)
    row["median TTD min"] = (
        round(statistics.median(tp["time_to_detect_s"].to_list()) / 60, 1) if tp.height else None
    )
    return row


def newcard_row(policy: Policy, seed: int, legit_each: int = 40, fraud_each: int = 8) -> dict[str, object]:
    """``world_row`` of the new-card world."""
    return world_row(policy, newcards.generate(seed, legit_each, fraud_each), newcards.LEGIT, seed)


def simulator_row(policy: Policy, sim: Path) -> dict[str, object]:
    flagged = _flagged(policy, [sim / "calls.csv"], [sim / "subscribers.csv"], [sim / "messages.csv"])
    truth = load_truth(pl.read_csv(sim / "truth" / "numbers.csv", infer_schema_length=0))
    ev = evaluate(flagged, truth, "warn")
    warn = ev.levels.filter(pl.col("min_verdict") == "warn").row(0, named=True)
    dialer = ev.typologies.filter(pl.col("typology") == "dialer")
    detected = flagged.filter(pl.col("verdict").is_in(["warn", "block"])).join(
        truth.filter(pl.col("is_fraud")), on="number", how="semi"
    )
    return {
        "sim": sim.name,
        "precision": warn["precision"],
        "recall": warn["recall"],
        "legit at warn/block": warn["fp"],
        "median TTD min (all fraud)": round(
            statistics.median(detected["time_to_detect_s"].to_list()) / 60, 1
        ),
        "median TTD min (dialer)": round(float(dialer["median_ttd_s"][0]) / 60, 1) if dialer.height else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--policy", type=Path, nargs="*", default=[None])
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--sim", type=Path, nargs="*", default=[])
    parser.add_argument("--legit-each", type=int, default=40)
    args = parser.parse_args()
    pl.Config.set_tbl_rows(100)
    pl.Config.set_tbl_cols(30)
    pl.Config.set_tbl_width_chars(250)
    for path in args.policy:
        policy = load_policy(path)
        print(f"== policy {policy.label} ({path or 'shipped'})")
        rows = [newcard_row(policy, s, args.legit_each) for s in args.seeds]
        print(pl.DataFrame(rows))
        if args.sim:
            print(pl.DataFrame([simulator_row(policy, s) for s in args.sim]))


if __name__ == "__main__":
    main()
