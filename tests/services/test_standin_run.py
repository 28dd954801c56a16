from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from ringfence.adapters.runfiles import read_run
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.validate import canonical_schema
from ringfence.services.standin_run import write_standin_run

T0 = datetime(2026, 11, 2, 8, tzinfo=UTC)


def _calls() -> pl.DataFrame:
    rows = []
    for i in range(40):  # a burst dialer: 40 short calls in 40 minutes to 40 people
        rows.append((f"d{i}", "+8617000000001", f"+86138{i:08d}", T0 + timedelta(minutes=i), 3, "moc", None))
    for i in range(5):  # an ordinary caller
        rows.append((f"o{i}", "+8613900000002", "+8613800000009", T0 + timedelta(hours=i), 120, "moc", None))
    for card in range(3):  # three cards in one handset
        rows.append(
            (f"s{card}", f"+8616500000{card:03d}", "+8613800000009", T0, 60, "moc", "861234567600062")
        )
    frame = pl.DataFrame(
        rows,
        schema=["call_id", "caller", "callee", "start_time", "duration_s", "call_type", "caller_imei"],
        orient="row",
    )
    schema = canonical_schema(CALLS)
    return (
        frame.with_columns(
            [pl.lit(None, dtype=schema[c]).alias(c) for c in CALLS.names if c not in frame.columns]
        )
        .select(CALLS.names)
        .cast(schema)
    )  # type: ignore[arg-type]


def test_standin_run_is_in_detections_format(tmp_path: Path) -> None:
    messages = pl.DataFrame(schema=canonical_schema(MESSAGES))
    n = write_standin_run(_calls(), messages, tmp_path / "run")
    run = read_run(tmp_path / "run")
    by_number = {d.number: d for d in run.decisions}
    assert n == len(by_number) == 4
    dialer = by_number["+8617000000001"]
    assert set(dialer.rules) == {"R01_call_burst_1h", "R02_short_calls"}
    assert dialer.typology.value == "dialer"
    assert dialer.verdict.value == "warn"  # 1 - 0.45 * 0.55 = 0.7525
    assert dialer.detected_at == T0 + timedelta(minutes=19)  # the 20th call
    assert by_number["+8616500000000"].typology.value == "sim_farm"
    assert "+8613900000002" not in by_number
    burst = next(h for h in run.hits if h.rule == "R01_call_burst_1h")
    assert burst.evidence == {"calls_1h_max": 40, "calls": 40}
    assert run.info.records == {"calls": 48, "messages": 0}
