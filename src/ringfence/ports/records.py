"""Where records come from and where the rows that cannot be accepted go.

Detection, the model signal, the presented numbers and the fake-base-station report all work from
one validated read of a ``RecordSource``: files (``ringfence.ingest.RecordReader``), a window of an
organisation's stored records and frames already in memory (``ringfence.adapters.record_sources``),
an HTTP body, later a broker. A source validates and deduplicates once; whoever iterates it sees the
same batches in the same order, so no step can see different records than the rules did.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import polars as pl

from ringfence.ingest.contract import RecordKind
from ringfence.ingest.quarantine import QuarantineSink
from ringfence.ingest.summary import ReadSummary

__all__ = ["QuarantineSink", "RecordSource"]


class RecordSource(Protocol):
    """Accepted records of one kind, in canonical types (``canonical_schema``), in arrival order.

    Iterated once: ``summary`` holds what the read found so far (records, accepted, quarantined by
    reason) and is complete when the iteration ends.
    """

    @property
    def kind(self) -> RecordKind: ...

    @property
    def summary(self) -> ReadSummary: ...

    def __iter__(self) -> Iterator[pl.DataFrame]: ...
