"""``ringfence cards``: one-ID lookup over subscriber files (and call files for dormant cards).

Files go through the ingestion reader (contract checks, quarantine, dedupe of numbers across files:
a number listed by two feeds counts once), keeping only the columns the lookup reads, then one lazy
Polars plan (``ringfence.intel.cards``) computes every holder's row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ringfence.ingest import QuarantineSink, RecordKind, RecordReader
from ringfence.ingest.validate import canonical_schema
from ringfence.intel.cards import COLUMNS, CardRules, holder_report

__all__ = ["CardsResult", "read_columns", "run_cards"]

Progress = Callable[[int, int], None]


@dataclass
class CardsResult:
    subscribers: int
    quarantined: int
    holders: int
    flagged: dict[str, int]


def read_columns(
    paths: Sequence[Path],
    kind: RecordKind,
    columns: Sequence[str],
    quarantine: QuarantineSink | None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, int]:
    """Validated records of ``paths`` reduced to ``columns`` (those the contract has), and how many
    rows were quarantined."""
    reader = RecordReader(list(paths), kind, quarantine, progress=progress)
    keep = [c for c in columns if c in reader.contract.names]
    frames = [batch.select(keep) for batch in reader]
    schema = canonical_schema(reader.contract)
    frame = pl.concat(frames) if frames else pl.DataFrame(schema={c: schema[c] for c in keep})
    return frame, reader.summary.quarantined


def run_cards(
    subscribers: Sequence[Path],
    out: Path,
    quarantine: QuarantineSink | None = None,
    calls: Sequence[Path] = (),
    rules: CardRules | None = None,
    flagged_only: bool = False,
    progress: Progress | None = None,
) -> CardsResult:
    subs, rejected = read_columns(subscribers, RecordKind.SUBSCRIBERS, COLUMNS, quarantine, progress)
    call_frame = None
    if calls:
        call_frame, bad_calls = read_columns(
            calls, RecordKind.CALLS, ("caller", "start_time", "call_type"), quarantine, progress
        )
        rejected += bad_calls
    report = holder_report(subs.lazy(), call_frame, rules, flagged_only=flagged_only).collect()
    out.parent.mkdir(parents=True, exist_ok=True)
    report.write_csv(out)
    flagged = {
        flag: int(n)
        for flag, n in report.select(pl.col("flags").str.split(";").explode().alias("f"))
        .filter(pl.col("f") != "")
        .group_by("f")
        .len()
        .iter_rows()
    }
    return CardsResult(subs.height, rejected, report.height, flagged)
