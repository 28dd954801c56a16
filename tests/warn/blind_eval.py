"""Who ``ringfence warn`` warns on the blind worlds (``tests.detect.blind_worlds``), from a detection
tag's flagged numbers: the measurement every change to ``ringfence.warn`` in ``docs/warnings.md``
reports, as one command.

    .venv/bin/python -m tests.warn.blind_eval --tag base [--flags base] [--against before] \
        [--verdicts warn,block] [--home-window 6] [--worlds county,eldercity] [--seeds 1 2 3 4]

The worlds and the detection tag's output (``--flags``, default ``base``) must be there already:
``python -m tests.detect.blind_eval --tag base`` writes both. ``ringfence warn`` (this checkout's, with
the calls, SMS and subscribers) writes ``OUT/NAME-SEED/warn-TAG.csv`` (kept: a tag already there is not
run again; ``--fresh`` runs it anyway). No world writes all its victims, so two measures:

* every world: the people warned, and how many are warned about a number the world's truth calls fraud
  (the ``fraud_number`` of the warning) — the share of warnings that are about fraud at all;
* the two worlds that write their victims (``county``: answered calls of 300 s or more with a fraud
  number; ``eldercity``: any answered call, ``engaged`` from 240 s): precision (warned people who are
  victims) and recall of the victims with a call of 420 s or more (warn's long call).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

from ringfence.ingest.fields import canonical_numbers
from tests.detect import blind_worlds
from tests.detect.blind_eval import run_all, run_command

#: The worlds that write ``victims.csv``, and how long a call with a fraud number a victim's
#: longest must be for warn's default (a long call: 420 s) to be expected to find them.
_VICTIM_WORLDS = ("county", "eldercity")
_LONG_S = 420


def _warn(root: Path, tag: str, flags: str, extra: list[str], fresh: bool) -> None:
    out = root / f"warn-{tag}.csv"
    if out.exists() and not fresh:
        return
    run_command(
        root, "warn", f"warn-{tag}.data", ["--flagged", str(root / f"{flags}.csv"), "--out", str(out), *extra]
    )


def _victims(root: Path, subscribers: set[str]) -> tuple[set[str], set[str]]:
    """The world's victims among the subscribers, and those of them with a call of ``_LONG_S`` or
    more (county writes only calls of 300 s or more, without their length: all of them)."""
    frame = pl.read_csv(root / "in" / "victims.csv", infer_schema=False)
    frame = frame.with_columns(canonical_numbers(frame["number"]).alias("number"))
    every = set(frame["number"].drop_nulls()) & subscribers
    if "max_duration_s" not in frame.columns:
        return every, every
    long = frame.filter(pl.col("max_duration_s").cast(pl.Int64) >= _LONG_S)
    return every, set(long["number"].drop_nulls()) & subscribers


def measure(out: Path, names: list[str], seeds: list[int], tag: str) -> pl.DataFrame:
    """One row per world seed: ``warned``, ``about_fraud``; and for the victim worlds ``victims``,
    ``long_victims``, ``warned_victims``, ``warned_long_victims`` (null elsewhere)."""
    rows = []
    for name in names:
        for seed in seeds:
            root = out / f"{name}-{seed}"
            warned = pl.read_csv(root / f"warn-{tag}.csv", infer_schema=False).unique("number")
            truth = blind_worlds.truth(root / "in").select(pl.col("number").alias("fraud_number"), "is_fraud")
            about = warned.join(truth, on="fraud_number", how="left")["is_fraud"].fill_null(False).sum()
            row: dict[str, object] = {
                "world": name,
                "seed": seed,
                "warned": warned.height,
                "about_fraud": about,
            }
            if name in _VICTIM_WORLDS:
                subs = pl.read_csv(root / "in" / "subscribers.csv", infer_schema=False)
                every, long = _victims(root, set(canonical_numbers(subs["number"]).drop_nulls()))
                people = set(warned["number"])
                row |= {
                    "victims": len(every),
                    "long_victims": len(long),
                    "warned_victims": len(people & every),
                    "warned_long_victims": len(people & long),
                }
            rows.append(row)
    return pl.DataFrame(rows)


def _cells(part: pl.DataFrame) -> list[str]:
    """warned, about fraud, share; and over the seeds of the victim worlds among ``part``, precision
    and recall."""
    warned, about = int(part["warned"].sum()), int(part["about_fraud"].sum())
    cells = [f"{warned:,}", f"{about:,}", f"{about / max(1, warned):.3f}"]
    known = part.filter(pl.col("victims").is_not_null()) if "victims" in part.columns else part.clear()
    if known.is_empty():
        return [*cells, "", ""]
    precision = known["warned_victims"].sum() / max(1, known["warned"].sum())
    recall = known["warned_long_victims"].sum() / max(1, known["long_victims"].sum())
    return [*cells, f"{precision:.3f}", f"{recall:.3f}"]


def _report(console: Console, frame: pl.DataFrame, tag: str, before: pl.DataFrame | None) -> None:
    table = Table(title=f"warn-{tag} on the blind worlds")
    for column in ("world", "run", "warned", "about fraud", "share", "precision (victims)", "recall (420 s)"):
        table.add_column(column, justify="left" if column in ("world", "run") else "right")
    for name in [*frame["world"].unique(maintain_order=True).to_list(), "all"]:
        for label, f in ([("before", before)] if before is not None else []) + [(tag, frame)]:
            assert f is not None
            part = f if name == "all" else f.filter(pl.col("world") == name)
            table.add_row(name, label, *_cells(part))
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tag", default="base", help="name of this run's warnings (default: base)")
    ap.add_argument(
        "--flags", default="base", help="the detection tag whose flagged numbers warn (default: base)"
    )
    ap.add_argument("--against", help="a warn tag run before, to compare with")
    ap.add_argument("--verdicts", help="warn's --verdicts (default: warn's)")
    ap.add_argument("--home-window", help="warn's --home-window in hours (default: warn's)")
    ap.add_argument("--worlds", default="all", help="comma-separated world names (default: all)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    ap.add_argument("--out", type=Path, default=Path("/tmp/ringfence-blind-worlds"))
    ap.add_argument("--jobs", type=int, default=2, help="worlds warned at once (default: 2)")
    ap.add_argument("--fresh", action="store_true", help="run warn even where the tag's output exists")
    args = ap.parse_args(argv)
    names = list(blind_worlds.NAMES) if args.worlds == "all" else args.worlds.split(",")
    for name in names:
        if name not in blind_worlds.NAMES:
            ap.error(f"no blind world {name!r} (one of {', '.join(blind_worlds.NAMES)})")
    extra = [] if args.verdicts is None else ["--verdicts", args.verdicts]
    extra += [] if args.home_window is None else ["--home-window", args.home_window]
    jobs = [args.out / f"{name}-{seed}" for name in names for seed in args.seeds]
    missing = [str(root) for root in jobs if not (root / f"{args.flags}.csv").exists()]
    if missing:
        ap.error(
            f"no {args.flags}.csv in {missing[0]}: run python -m tests.detect.blind_eval --tag {args.flags}"
        )

    console = run_all(
        jobs, lambda root: _warn(root, args.tag, args.flags, extra, args.fresh), "worlds warned", args.jobs
    )
    frame = measure(args.out, names, args.seeds, args.tag)
    before = None if args.against is None else measure(args.out, names, args.seeds, args.against)
    _report(console, frame, args.tag, before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
