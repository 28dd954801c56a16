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
from urllib.parse import quote

import polars as pl

from ringfence.domain.access import Permission, Principal, require
from ringfence.ingest import QuarantineSink, RecordKind
from ringfence.intel.cohorts import CohortRules, find_cohorts
from ringfence.services.cards import Progress, read_columns
from ringfence.services.investigation import Shown, shower

__all__ = [
    "CALL_COLUMNS",
    "MAX_STORED_DAYS",
    "SUBSCRIBER_COLUMNS",
    "CohortRow",
    "CohortsResult",
    "cohort_rows",
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


@dataclass
class CohortRow:
    """One cohort as a reader sees it: members shown (masked) as the reader may see them, and the page
    that pivots on what holds the cohort together (the handset, the cell), if there is one."""

    finding: str
    cohort: str
    pivot: str  # console path of the shared handset or cell; empty when the cohort is a holder or a day
    cards: int
    members: list[Shown]
    first_seen: datetime
    last_seen: datetime
    evidence: str


def _pivot(cohort: str) -> str:
    """``imei:X`` or ``imei:X+2`` → the handset page of X; ``cell:C@T`` → the cell page of C."""
    kind, _, rest = cohort.partition(":")
    if kind == "imei" and rest:
        return "/console/handsets/" + quote(rest.split("+", 1)[0], safe="")
    if kind == "cell" and rest:
        return "/console/cells/" + quote(rest.rsplit("@", 1)[0], safe="")
    return ""


def cohort_rows(store: _CohortStore, principal: Principal, days: int, now: datetime) -> list[CohortRow]:
    """``stored_cohorts`` for the console."""
    show = shower(principal)
    return [
        CohortRow(
            r["finding"],
            r["cohort"],
            _pivot(r["cohort"]),
            r["cards"],
            [show(n) for n in r["numbers"].split(";") if n and not n.startswith("…")],
            r["first_seen"],
            r["last_seen"],
            r["evidence"],
        )
        for r in stored_cohorts(store, principal, days, now).iter_rows(named=True)
    ]


_NO_CALLS = pl.DataFrame(
    schema={"caller": pl.String(), "callee": pl.String(), "start_time": pl.Datetime("us", "UTC")}
)
