"""``ringfence cohorts``: abnormal-card cohorts over call files and subscriber feeds.

Files go through the ingestion reader (contract checks, quarantine, dedupe), reduced to the columns
the rules read; ``ringfence.intel.cohorts`` finds the cohorts; the CSV has one row per cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import polars as pl

from ringfence.domain.access import Permission, Principal, require
from ringfence.ingest import QuarantineSink, RecordKind
from ringfence.intel.cohorts import CohortRules, find_cohorts
from ringfence.services.cards import Progress, read_columns

__all__ = [
    "CALL_COLUMNS",
    "MAX_STORED_DAYS",
    "SUBSCRIBER_COLUMNS",
    "CohortsResult",
    "run_cohorts",
    "stored_cohorts",
]

#: The longest window the API reads from the store in one request (a day of traffic at a time).
MAX_STORED_DAYS = 14

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


class _CohortStore(Protocol):
    def calls_between(self, org: str, start: datetime, end: datetime) -> pl.DataFrame: ...

    def subscriber_frame(self) -> pl.DataFrame: ...


def stored_cohorts(
    store: _CohortStore, principal: Principal, days: int, now: datetime, rules: CohortRules | None = None
) -> pl.DataFrame:
    """Cohorts over the calls the principal's organisation posted in the last ``days`` days (at most
    ``MAX_STORED_DAYS``), with every member's subscriber feeds for card types and activation times;
    the cohorts list only the organisation's own callers."""
    require(principal, Permission.VIEW)
    start = now - timedelta(days=max(1, min(days, MAX_STORED_DAYS)))
    frames = []
    day = start
    while day < now:  # a day at a time, as detection reads the store
        upto = min(day + timedelta(days=1), now)
        frame = store.calls_between(principal.org, day, upto)
        if frame.height:
            frames.append(frame)
        day = upto
    if not frames:
        return find_cohorts(_NO_CALLS)
    subs = store.subscriber_frame()
    return find_cohorts(pl.concat(frames, how="diagonal_relaxed"), subs if subs.height else None, now, rules)


_NO_CALLS = pl.DataFrame(
    schema={"caller": pl.String(), "callee": pl.String(), "start_time": pl.Datetime("us", "UTC")}
)
