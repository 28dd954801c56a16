"""Call records written from (caller, callee, start, duration) tuples, in the data contract's CSV form:
the small hand-made scenarios of the detection tests, one writer so they all read alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import polars as pl

Call = tuple[str, str, datetime, int]


def write_calls(path: Path, calls: Sequence[Call], origin: str | None = "intra") -> Path:
    """``calls`` as ``path`` (ids ``c0``, ``c1``, ... in the order given; ``origin`` on every row, or
    no such column when None) and returns it."""
    columns: dict[str, list[object]] = {
        "call_id": [f"c{i}" for i in range(len(calls))],
        "caller": [c[0] for c in calls],
        "callee": [c[1] for c in calls],
        "start_time": [c[2].isoformat() for c in calls],
        "duration_s": [c[3] for c in calls],
    }
    if origin is not None:
        columns["origin"] = [origin] * len(calls)
    pl.DataFrame(columns).write_csv(path)
    return path
