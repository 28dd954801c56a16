"""Record sources besides files: frames already in memory, and a window of an organisation's store.

Both hand detection the batches the ingest path accepted earlier (validated, deduplicated), so a
detection over stored records reads them straight from the store, day by day, with no export to files
and no second validation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta

import polars as pl

from ringfence.errors import NoDataError
from ringfence.ingest.contract import CONTRACTS, RecordKind
from ringfence.ingest.summary import ReadSummary
from ringfence.ports.store import RecordStore

__all__ = ["FrameSource", "StoreQuarantine", "StoredRecords"]

_DAY = timedelta(days=1)


class _Counted:
    """Counts what a source hands on, as a file reader's summary would (no rejects: already checked)."""

    def __init__(self, kind: RecordKind, name: str) -> None:
        self._kind = kind
        self._summary = ReadSummary(kind=kind.value, files=[name])
        self._time = CONTRACTS[kind].time_column

    @property
    def kind(self) -> RecordKind:
        return self._kind

    @property
    def summary(self) -> ReadSummary:
        return self._summary

    def _counted(self, frames: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        for frame in frames:
            if not frame.height:
                continue
            first = frame[self._time].min() if self._time else None
            last = frame[self._time].max() if self._time else None
            self._summary.accept(frame.height, first, last)  # type: ignore[arg-type]
            yield frame


class FrameSource(_Counted):
    """Records that were read and validated already (the demo, tests, a caller holding frames)."""

    def __init__(self, kind: RecordKind, frames: Sequence[pl.DataFrame], name: str = "(memory)") -> None:
        super().__init__(kind, name)
        self._frames = list(frames)

    def __iter__(self) -> Iterator[pl.DataFrame]:
        return self._counted(iter(self._frames))


class StoredRecords(_Counted):
    """An organisation's calls or messages with ``start <= time < end``, one day at a time.

    Days are read in time order, so a replay sees the records in event time and nothing is late merely
    because of how it was read; memory is bounded by a day of one organisation's traffic.
    """

    def __init__(
        self,
        store: RecordStore,
        org: str,
        kind: RecordKind,
        start: datetime,
        end: datetime,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        if kind not in (RecordKind.CALLS, RecordKind.MESSAGES):
            raise NoDataError(f"records of kind {kind.value} are not kept in the store")
        if end <= start:
            raise NoDataError(f"empty window: {start.isoformat()} is not before {end.isoformat()}")
        super().__init__(kind, f"store:{org}:{start.isoformat()}/{end.isoformat()}")
        self.store, self.org, self.start, self.end = store, org, start, end
        self.progress = progress

    def __iter__(self) -> Iterator[pl.DataFrame]:
        return self._counted(self._days())

    def _days(self) -> Iterator[pl.DataFrame]:
        fetch = self.store.calls_between if self._kind is RecordKind.CALLS else self.store.messages_between
        day = self.start
        while day < self.end:
            upto = min(day + _DAY, self.end)
            if self.progress is not None:
                self.progress(
                    f"reading {self._kind.value} of {self.org}, {day:%Y-%m-%d %H:%M} → {upto:%H:%M}"
                )
            yield fetch(self.org, day, upto)
            day = upto


class StoreQuarantine:
    """A quarantine sink into the organisation's quarantine table (as HTTP ingest's rejects go)."""

    def __init__(self, store: RecordStore, org: str, source: str, at: datetime) -> None:
        self.store, self.org, self.source, self.at = store, org, source, at
        self.rows = 0

    def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
        self.rows += self.store.add_quarantine(self.org, kind, f"{self.source}:{file}", rows, self.at)
