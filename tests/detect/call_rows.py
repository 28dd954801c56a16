"""Call records written from (caller, callee, start, duration) tuples, in the data contract's CSV form:
the small hand-made scenarios of the detection tests, one writer so they all read alike; and a new card's
verdict on them (``new_card_verdict``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import polars as pl

from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection

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


def new_card_verdict(
    folder: Path, card: str, calls: Sequence[Call], activated: datetime, home_region: str, policy: Path | None
) -> str:
    """The verdict ``detect`` gives ``card`` (``none`` when not flagged) on ``calls``, with the card's
    subscriber record (activated then, one identity, its home city) and ``policy`` (None: the shipped one)."""
    write_calls(folder / "calls.csv", calls)
    pl.DataFrame(
        {
            "number": [card],
            "id_hash": ["idh1"],
            "activated_at": [activated.isoformat()],
            "home_region": [home_region],
        }
    ).write_csv(folder / "subscribers.csv")
    result, _ = run_detection(
        [folder / "calls.csv"], load_policy(policy), subscribers=[folder / "subscribers.csv"]
    )
    row = result.flagged.filter(pl.col("number") == card)
    return str(row["verdict"][0]) if row.height else "none"
