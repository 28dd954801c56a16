"""Both engines compute the same feature values on the same records, whatever the arrival order
within the allowed lateness; records later than that are returned as late, never merged."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ringfence.detect.batch import compute_features, events_frame
from ringfence.detect.events import events_from_frame
from ringfence.detect.features import FEATURE_NAMES
from ringfence.detect.stream import StreamingFeatures

T0 = int(datetime(2026, 11, 2, 1, tzinfo=UTC).timestamp())
NUMBERS = [f"+86138000000{i:02d}" for i in range(8)] + ["+8613900000050", "+21620179993"]
LATENESS = 600
TEXTS = [None, "晚上一起吃饭吗？", "【公安局】您的银行卡涉嫌洗钱，请立即将资金转入安全账户，否则将被冻结。"]


@st.composite
def call_records(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(1, 60))
    rows = []
    for i in range(n):
        caller = draw(st.sampled_from(NUMBERS))
        callee = draw(st.sampled_from(NUMBERS))
        rows.append(
            {
                "call_id": f"c{i:04d}",
                "caller": caller,
                "callee": callee,
                # Coarse times so that ties (same second) and window edges (exactly 600 s) happen.
                "start_time": T0 + draw(st.integers(0, 40)) * 60 + draw(st.sampled_from([0, 0, 30])),
                "duration_s": draw(st.sampled_from([0, 0, 3, 9, 10, 45, 300])),
                "origin": "international"
                if caller.startswith("+216")
                else draw(st.sampled_from(["intra", "inter"])),
                "caller_imei": draw(st.sampled_from([None, "861234567890123", "861234567890124"])),
                "caller_cell": draw(st.sampled_from([None, "CD-0001", "CD-0002"])),
                "caller_region": draw(st.sampled_from([None, "成都", "广州"])),
            }
        )
    return pl.DataFrame(rows).with_columns(
        pl.from_epoch("start_time", time_unit="s").dt.replace_time_zone("UTC").dt.cast_time_unit("us")
    )


@st.composite
def message_records(draw: st.DrawFn) -> pl.DataFrame | None:
    n = draw(st.integers(0, 30))
    if n == 0:
        return None
    rows = [
        {
            "sms_id": f"m{i:04d}",
            "sender": draw(st.sampled_from(NUMBERS)),
            "receiver": draw(st.sampled_from(NUMBERS)),
            "send_time": T0 + draw(st.integers(0, 40)) * 60,
            "text": draw(st.sampled_from(TEXTS)),
            "origin": draw(st.sampled_from(["intra", "intra", "unknown"])),
            "sender_cell": None,
        }
        for i in range(n)
    ]
    return pl.DataFrame(rows, schema_overrides={"sender_cell": pl.String}).with_columns(
        pl.from_epoch("send_time", time_unit="s").dt.replace_time_zone("UTC").dt.cast_time_unit("us")
    )


def _subscribers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "number": NUMBERS[:8],
            "home_region": ["成都"] * 8,
            "activated_at": [datetime(2026, 10, 25, tzinfo=UTC)] * 4 + [datetime(2020, 1, 1, tzinfo=UTC)] * 4,
        }
    ).with_columns(pl.col("activated_at").dt.cast_time_unit("us"))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or (isinstance(a, float) and math.isnan(a))) == (b is None)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls=call_records(), messages=message_records(), data=st.data())
def test_batch_and_streaming_engines_agree(
    calls: pl.DataFrame, messages: pl.DataFrame | None, data: st.DataObject
) -> None:
    events = events_frame(calls, messages, _subscribers())
    batch = compute_features(events)
    # Arrival order: event-time order disturbed by at most the allowed lateness.
    stream_events = events_from_frame(events)
    jitter = [data.draw(st.integers(0, LATENESS)) for _ in stream_events]
    arrival = [
        e
        for _, e in sorted(
            zip([e.t - j for e, j in zip(stream_events, jitter, strict=True)], stream_events, strict=True),
            key=lambda p: p[0],
        )
    ]
    engine = StreamingFeatures(allowed_lateness=LATENESS)
    done, late = engine.push(arrival)
    done += engine.flush()
    assert late == []
    got = {(ev.event.key, ev.event.seq, ev.event.role): ev.features for ev in done}
    assert len(got) == batch.height
    for row in batch.iter_rows(named=True):
        values = got[(row["key"], row["seq"], row["role"])]
        for name in FEATURE_NAMES:
            assert _close(values.get(name), row[name]), (name, values.get(name), row[name], row["seq"])


def test_records_later_than_the_allowed_lateness_are_returned_as_late() -> None:
    base = events_from_frame(
        events_frame(
            pl.DataFrame(
                {
                    "call_id": ["a", "b", "c"],
                    "caller": NUMBERS[:3],
                    "callee": NUMBERS[3:6],
                    "start_time": [T0, T0 + 4000, T0 + 100],
                    "duration_s": [5, 5, 5],
                    "origin": ["intra"] * 3,
                    "caller_imei": [None] * 3,
                    "caller_cell": [None] * 3,
                    "caller_region": [None] * 3,
                }
            ).with_columns(
                pl.from_epoch("start_time", time_unit="s").dt.replace_time_zone("UTC").dt.cast_time_unit("us")
            )
        )
    )
    by_seq = {}
    for e in base:
        by_seq.setdefault(e.seq, []).append(e)
    engine = StreamingFeatures(allowed_lateness=LATENESS)
    arrival = by_seq["a"] + by_seq["b"] + by_seq["c"]  # c arrives 3,900 s behind b
    done, late = engine.push(arrival)
    assert {e.seq for e in late} == {"c"}
    done += engine.flush()
    assert {ev.event.seq for ev in done} == {"a", "b"}
