"""Detection over the records an organisation posted to the ingest API, with the verdicts as alerts.

Records sent to ``POST /v1/records/*`` are validated and stored; this closes the loop: the records of a
time window are read from the store day by day (``StoredRecords``: memory bounded by a day of one
organisation's traffic, nothing exported, nothing validated twice), replayed by the same detection as
files, and the typed decisions are stored as open alerts for that organisation only. A run folder is
written only when asked for, as an export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ringfence.adapters.record_sources import StoredRecords, StoreQuarantine
from ringfence.detect.policy import Policy
from ringfence.errors import NoDataError
from ringfence.ingest import RecordKind
from ringfence.ports.records import QuarantineSink, RecordSource
from ringfence.ports.store import DecisionStore, KeyStore, RecordStore
from ringfence.services.detect import Detection, DetectionInputs, detect, export_run
from ringfence.services.load_run import LoadResult, store_run

__all__ = ["StoredRun", "detect_stored", "stored_inputs"]


class _Store(RecordStore, DecisionStore, KeyStore, Protocol):
    pass


@dataclass(frozen=True)
class StoredRun:
    detection: Detection
    loaded: LoadResult | None
    warnings: int | None = None  # warnings queued for the flagged numbers' contacts (``warn=True``)

    @property
    def calls(self) -> int:
        return self.detection.result.summaries["calls"].accepted

    @property
    def messages(self) -> int:
        summary = self.detection.result.summaries.get("messages")
        return summary.accepted if summary is not None else 0


def stored_inputs(
    store: RecordStore,
    org: str,
    start: datetime,
    end: datetime,
    subscribers: RecordSource | None = None,
    progress: Callable[[str], None] | None = None,
) -> DetectionInputs:
    """``org``'s calls and messages with ``start <= time < end``, read from the store."""
    window = f"store:{org}:{start.isoformat()}/{end.isoformat()}"
    return DetectionInputs(
        calls=StoredRecords(store, org, RecordKind.CALLS, start, end, progress),
        messages=StoredRecords(store, org, RecordKind.MESSAGES, start, end, progress),
        subscribers=subscribers,
        described={"records": [window]},
    )


def detect_stored(
    store: _Store,
    org: str,
    start: datetime,
    end: datetime,
    policy: Policy,
    *,
    actor: str,
    now: datetime,
    zone: str,
    subscribers: Sequence[Path] = (),
    allowed_lateness_s: int = 3600,
    load: bool = True,
    run_dir: Path | None = None,
    quarantine: QuarantineSink | None = None,
    progress: Callable[[str], None] | None = None,
    warn: bool = False,
) -> StoredRun:
    """Detect over the window and (unless ``load`` is false) store the verdicts as alerts of ``org``.

    Only new numbers and escalated verdicts become alerts, so the job can run on overlapping windows.
    ``run_dir``, when given, receives the run folder as ``ringfence detect`` writes it. Late records
    (and rejected subscriber rows) go to ``quarantine``, by default the organisation's quarantine table.
    """
    from ringfence.detect.columnar import file_records

    if not store.org_exists(org):
        raise NoDataError(f"no organisation {org!r} in the store")
    quarantine = quarantine or StoreQuarantine(store, org, "detect-stored", now)
    subs = file_records(subscribers, RecordKind.SUBSCRIBERS, quarantine) if subscribers else None
    inputs = stored_inputs(store, org, start, end, subs, progress)
    detection = detect(
        inputs,
        policy,
        allowed_lateness_s=allowed_lateness_s,
        quarantine=quarantine,
        progress=progress,
        zone=zone,
    )
    if not detection.result.summaries["calls"].accepted:
        raise NoDataError(
            f"organisation {org!r} has no calls stored between {start.isoformat()} and {end.isoformat()}"
        )
    if run_dir is not None:
        from ringfence.detect.exports import staged_run

        with staged_run(run_dir) as staging:
            export_run(detection, staging, zone)
    source = f"store:{org}:{start.isoformat()}/{end.isoformat()}"
    loaded = (
        store_run(store, org, detection.run(), source, actor, now, escalations_only=True) if load else None
    )
    warned = None
    if warn and load:
        warned = _warn_contacts(store, org, detection, end, subscribers)
    return StoredRun(detection, loaded, warned)


def _warn_contacts(
    store: _Store, org: str, detection: Detection, end: datetime, subscribers: Sequence[Path]
) -> int:
    """Queue warnings for the people the numbers flagged ``warn`` or ``block`` reached in the window."""
    import polars as pl

    from ringfence.ingest.reader import read_frame
    from ringfence.ports.store import Store
    from ringfence.services.warnings import warn_numbers

    flagged = detection.result.flagged
    numbers = flagged.filter(pl.col("verdict").is_in(["warn", "block"]))["number"].to_list()
    full: Store = store  # type: ignore[assignment]  # the platform's store keeps warnings too
    subs = read_frame(list(subscribers), RecordKind.SUBSCRIBERS)[0] if subscribers else None
    return warn_numbers(full, org, numbers, end, subscribers=subs).queued
