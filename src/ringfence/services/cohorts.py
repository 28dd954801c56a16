"""``ringfence cohorts``: abnormal-card cohorts over call files and subscriber feeds.

Files go through the ingestion reader (contract checks, quarantine, dedupe), reduced to the columns
the rules read; ``ringfence.intel.cohorts`` finds the cohorts; the CSV has one row per cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from ringfence.ingest import QuarantineSink, RecordKind
from ringfence.intel.cohorts import CohortRules, find_cohorts
from ringfence.services.cards import Progress, read_columns

__all__ = ["CALL_COLUMNS", "SUBSCRIBER_COLUMNS", "CohortsResult", "run_cohorts"]

CALL_COLUMNS = ("caller", "callee", "start_time", "duration_s", "caller_imei", "caller_cell", "call_type")
SUBSCRIBER_COLUMNS = ("number", "id_hash", "card_type", "activated_at")


@dataclass
class CohortsResult:
    calls: int
    subscribers: int
    quarantined: int
    cohorts: dict[str, int]  # finding -> cohorts
    cards: dict[str, int]  # finding -> cards in its cohorts


def run_cohorts(
    calls: Sequence[Path],
    out: Path,
    subscribers: Sequence[Path] = (),
    quarantine: QuarantineSink | None = None,
    as_of: datetime | None = None,
    rules: CohortRules | None = None,
    progress: Progress | None = None,
) -> CohortsResult:
    call_frame, rejected = read_columns(calls, RecordKind.CALLS, CALL_COLUMNS, quarantine, progress)
    subs = None
    if subscribers:
        subs, bad = read_columns(
            subscribers, RecordKind.SUBSCRIBERS, SUBSCRIBER_COLUMNS, quarantine, progress
        )
        rejected += bad
    found = find_cohorts(call_frame, subs, as_of, rules)
    out.parent.mkdir(parents=True, exist_ok=True)
    found.with_columns(pl.col("first_seen", "last_seen").dt.strftime("%Y-%m-%dT%H:%M:%SZ")).write_csv(out)
    counts = found.group_by("finding").agg(pl.len().alias("n"), pl.col("cards").sum().alias("k"))
    return CohortsResult(
        call_frame.height,
        0 if subs is None else subs.height,
        rejected,
        {str(f): int(n) for f, n, _ in counts.iter_rows()},
        {str(f): int(k) for f, _, k in counts.iter_rows()},
    )
