"""Detection over the records an organisation posted to the ingest API, with the verdicts as alerts.

Records sent to ``POST /v1/records/*`` are validated and stored; this closes the loop: the records of a
time window are exported from the store, one day at a time, into Parquet files in the contract's
canonical schema (so memory stays bounded by a day of one organisation's traffic, and the run directory
keeps exactly what was decided on), replayed by the same detection job as files, and the run is loaded
back as open alerts for that organisation only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import polars as pl

from ringfence.detect.policy import Policy
from ringfence.errors import NoDataError
from ringfence.ports.store import DecisionStore, KeyStore, RecordStore
from ringfence.services.detection_job import JobOutput, run_job
from ringfence.services.load_run import LoadResult, load_run

__all__ = ["Exported", "StoredRun", "detect_stored", "export_records"]

_DAY = timedelta(days=1)


class _Store(RecordStore, DecisionStore, KeyStore, Protocol):
    pass


@dataclass(frozen=True)
class Exported:
    calls: list[Path]
    messages: list[Path]
    n_calls: int
    n_messages: int


@dataclass(frozen=True)
class StoredRun:
    exported: Exported
    job: JobOutput
    loaded: LoadResult | None


def export_records(
    store: RecordStore,
    org: str,
    start: datetime,
    end: datetime,
    out_dir: Path,
    progress: Callable[[str], None] | None = None,
) -> Exported:
    """Write ``org``'s calls and messages with ``start <= time < end`` as day-sized Parquet parts.

    Parts are written in time order, so a replay sees the records in event time and nothing is late
    merely because of how it was exported.
    """
    if end <= start:
        raise NoDataError(f"empty window: {start.isoformat()} is not before {end.isoformat()}")
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[Path]] = {"calls": [], "messages": []}
    counts = {"calls": 0, "messages": 0}
    day, part = start, 0
    while day < end:
        upto = min(day + _DAY, end)
        if progress is not None:
            progress(f"exporting records of {org}, {day:%Y-%m-%d %H:%M} → {upto:%Y-%m-%d %H:%M}")
        for kind, fetch in (("calls", store.calls_between), ("messages", store.messages_between)):
            frame: pl.DataFrame = fetch(org, day, upto)
            if frame.height:
                path = out_dir / f"{kind}-{part:04d}.parquet"
                frame.write_parquet(path)
                files[kind].append(path)
                counts[kind] += frame.height
        day, part = upto, part + 1
    return Exported(files["calls"], files["messages"], counts["calls"], counts["messages"])


def detect_stored(
    store: _Store,
    org: str,
    start: datetime,
    end: datetime,
    policy: Policy,
    run_dir: Path,
    *,
    actor: str,
    now: datetime,
    subscribers: list[Path] | None = None,
    allowed_lateness_s: int = 3600,
    load: bool = True,
    progress: Callable[[str], None] | None = None,
) -> StoredRun:
    """Export, detect and (unless ``load`` is false) store the verdicts as alerts of ``org``.

    Only new numbers and escalated verdicts become alerts, so the job can run on overlapping windows.
    """
    if not store.org_exists(org):
        raise NoDataError(f"no organisation {org!r} in the store")
    exported = export_records(store, org, start, end, run_dir / "records", progress)
    if not exported.calls:
        raise NoDataError(
            f"organisation {org!r} has no calls stored between {start.isoformat()} and {end.isoformat()}"
        )
    job = run_job(
        exported.calls,
        policy,
        run_dir / "flagged-numbers.csv",  # flagged.csv in the run dir is the canonical one write_run makes
        run_dir,
        sms=exported.messages,
        subscribers=subscribers or [],
        allowed_lateness_s=allowed_lateness_s,
        progress=progress,
        meta={"source": {"store_org": org, "from": start.isoformat(), "until": end.isoformat()}},
    )
    loaded = load_run(store, org, run_dir, actor, now, escalations_only=True) if load else None
    return StoredRun(exported, job, loaded)
