"""The record bridge: Sichuan features computed from canonical call and SMS frames."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.ml.bridge import score_records, sichuan_features
from ringfence.ml.columns import LIVE_FEATURES, NOT_DERIVABLE, SICHUAN_FEATURES
from ringfence.ml.config import TrainConfig
from ringfence.ml.training import train

A, B, C, D = "+8613800000001", "+8613800000002", "+8613800000003", "+8613800000004"
UTC_TIME = pl.Datetime(time_unit="us", time_zone="UTC")


def _t(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 1, day, hour, minute, tzinfo=UTC)


def calls_frame() -> pl.DataFrame:
    rows = [
        # call_id, caller, callee, start (UTC), duration, type, imei, region
        ("c1", A, B, _t(1, 1, 30), 60, "moc", "imei-1", "成都"),  # local 09:30 on the 1st
        ("c2", A, C, _t(1, 2, 10), 0, "moc", "imei-2", "成都"),  # local 10:10, unanswered
        ("c3", B, A, _t(2, 16, 30), 30, "mtc", None, "绵阳"),  # local 00:30 on the 3rd
        ("c4", A, B, _t(1, 1, 30), 60, "mtc", None, None),  # the same call as c1, seen from B's side
        ("c1", A, B, _t(1, 1, 30), 60, "moc", "imei-1", "成都"),  # exact duplicate record
        ("c5", A, B, _t(5, 3, 0), 120, "fwd", "imei-1", "德阳"),  # local 11:00 on the 5th, forwarded
    ]
    return pl.DataFrame(
        rows,
        schema={
            "call_id": pl.Utf8,
            "caller": pl.Utf8,
            "callee": pl.Utf8,
            "start_time": UTC_TIME,
            "duration_s": pl.Int64,
            "call_type": pl.Utf8,
            "caller_imei": pl.Utf8,
            "caller_region": pl.Utf8,
        },
        orient="row",
    ).with_columns(pl.lit("intra").alias("origin"))


def messages_frame() -> pl.DataFrame:
    rows = [
        ("s1", A, B, _t(1, 1)),  # local 09:00 on the 1st
        ("s2", A, C, _t(1, 2)),  # local 10:00
        ("s3", A, C, _t(1, 2)),
        ("s3", A, C, _t(1, 2)),  # duplicate id
        ("s4", D, A, _t(1, 17)),  # local 01:00 on the 2nd, received by A
    ]
    return pl.DataFrame(
        rows,
        schema={"sms_id": pl.Utf8, "sender": pl.Utf8, "receiver": pl.Utf8, "send_time": UTC_TIME},
        orient="row",
    ).with_columns(pl.lit(None, dtype=pl.Utf8).alias("text"))


def _row(frame: pl.DataFrame, number: str) -> dict[str, float | None]:
    return frame.filter(pl.col("number") == number).to_dicts()[0]


def test_voice_features_of_a_number_match_the_sichuan_definitions() -> None:
    a = _row(sichuan_features(calls_frame(), messages_frame()), A)
    # A's voice records: c1 out (B, 60s), c2 out (C, 0s), c3 in (B, 30s), c5 forwarded (B, 120s)
    assert a["opposite_count"] == 4
    assert a["opposite_unique"] == 2
    assert a["voccalltype1"] == 2
    assert a["voc_calltype1"] == pytest.approx(0.5)
    assert a["calltype_id_unique"] == 3
    assert a["imeis"] == 2
    assert a["city_name_call"] == 2  # 成都, 德阳 (regions are known on A's outgoing calls only)
    assert a["city_name_nunique"] == 2
    assert a["phone2opposite_mean"] == pytest.approx(2.0)  # B: 3 calls, C: 1
    assert a["phone2opposite_median"] == pytest.approx(2.0)
    assert a["phone2opposite_max"] == 3
    assert a["phone2oppo_sum_mean"] == pytest.approx((210 + 0) / 2)
    assert a["phone2oppo_sum_max"] == 210
    assert a["call_dur_mean"] == pytest.approx(210 / 4)
    assert a["call_dur_median"] == pytest.approx(45.0)
    assert a["call_dur_max"] == 120
    assert a["call_dur_min"] == 0
    # local hours 9, 10, 0, 11 (one each: the mode is the smallest); days 1, 1, 3, 5
    assert a["voc_hour_mode"] == 0
    assert a["voc_hour_mode_count"] == 1
    assert a["voc_hour_nunique"] == 4
    assert a["voc_day_mode"] == 1
    assert a["voc_day_mode_count"] == 2
    assert a["voc_day_nunique"] == 3
    # the Sichuan identity: phone2oppo_sum_mean × opposite_unique = call_dur_mean × opposite_count
    assert a["phone2oppo_sum_mean"] * a["opposite_unique"] == pytest.approx(
        a["call_dur_mean"] * a["opposite_count"]
    )


def test_sms_features_of_a_number_match_the_sichuan_definitions() -> None:
    a = _row(sichuan_features(calls_frame(), messages_frame()), A)
    # A sent s1 (B), s2, s3 (C) and received s4 (D)
    assert a["sms_count"] == 4
    assert a["sms_nunique"] == 3
    assert a["sms_rate"] == pytest.approx(4 / 3)
    assert a["calltype_2"] == 1
    assert a["calltype_rate"] == pytest.approx(0.25)
    assert a["hour_mode"] == 10
    assert a["hour_mode_count"] == 2
    assert a["hour_nunique"] == 3
    assert a["day_mode"] == 1
    assert a["day_mode_count"] == 3
    assert a["day_nunique"] == 2


def test_numbers_default_to_originators_and_non_derivable_features_stay_missing() -> None:
    frame = sichuan_features(calls_frame(), messages_frame())
    assert frame.columns == ["number", *SICHUAN_FEATURES]
    assert sorted(frame["number"].to_list()) == [A, B, D]  # C only ever received
    for name in NOT_DERIVABLE:
        assert frame[name].null_count() == frame.height
    b = _row(frame, B)
    assert b["voccalltype1"] == 1  # c3; B received c1 and c5
    assert b["imeis"] is None  # B's only outgoing call carried no handset
    d = _row(frame, D)
    assert d["opposite_count"] is None  # no voice records at all, as in Sichuan
    assert d["sms_count"] == 1


def test_explicit_numbers_without_records_get_a_row_of_missing_values() -> None:
    frame = sichuan_features(calls_frame(), None, numbers=["+8619900000000", A])
    assert frame["number"].to_list() == ["+8619900000000", A]
    assert all(frame[f][0] is None for f in SICHUAN_FEATURES)
    assert frame["sms_count"][1] is None
    assert sichuan_features(None, None).height == 0


def test_score_records_returns_reasons_for_each_number(synthetic: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table, _ = synthetic
    model = train(table, "phone_no_m", "label", None, TrainConfig(num_rounds=30, live_only=True)).model
    out = score_records(calls_frame(), messages_frame(), model)
    assert out.columns == ["number", "score", "label_pred", "top_reasons"]
    assert sorted(out["number"].to_list()) == [A, B, D]
    assert all(0 < s < 1 for s in out["score"])
    assert all(len(r) == 3 for r in out["top_reasons"])
    assert out.schema["top_reasons"] == pl.List(pl.Utf8)
    assert score_records(None, None, model).height == 0


def test_the_default_live_model_scores_records() -> None:
    out = score_records(calls_frame(), messages_frame())
    assert out.height == 3
    assert np.all((out["score"].to_numpy() > 0) & (out["score"].to_numpy() < 1))
    names = {r.split("=")[0] for reasons in out["top_reasons"] for r in reasons}
    assert names <= set(LIVE_FEATURES)


_POOL = [f"+86138000000{i:02d}" for i in range(6)]


@st.composite
def _records(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    calls = draw(
        st.lists(
            st.tuples(
                st.sampled_from(_POOL),
                st.sampled_from(_POOL),
                st.integers(0, 60 * 24 * 40),
                st.integers(0, 900),
                st.sampled_from(["moc", "mtc", "fwd", None]),
            ),
            max_size=40,
        )
    )
    sms = draw(
        st.lists(st.tuples(st.sampled_from(_POOL), st.sampled_from(_POOL), st.integers(0, 60 * 24 * 40)))
    )
    start = datetime(2024, 3, 1, tzinfo=UTC)
    call_frame = pl.DataFrame(
        {
            "call_id": [f"c{i}" for i in range(len(calls))],
            "caller": [c[0] for c in calls],
            "callee": [c[1] for c in calls],
            "start_time": [start + timedelta(minutes=c[2]) for c in calls],
            "duration_s": [c[3] for c in calls],
            "call_type": [c[4] for c in calls],
        },
        schema_overrides={"start_time": UTC_TIME, "duration_s": pl.Int64, "call_type": pl.Utf8},
    )
    sms_frame = pl.DataFrame(
        {
            "sms_id": [f"s{i}" for i in range(len(sms))],
            "sender": [m[0] for m in sms],
            "receiver": [m[1] for m in sms],
            "send_time": [start + timedelta(minutes=m[2]) for m in sms],
        },
        schema_overrides={"send_time": UTC_TIME},
    )
    return call_frame, sms_frame


@settings(max_examples=40, deadline=None)
@given(_records())
def test_derived_features_keep_the_sichuan_identities(records: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    calls, messages = records
    frame = sichuan_features(calls, messages, numbers=_POOL)
    assert frame["number"].to_list() == _POOL
    for row in frame.iter_rows(named=True):
        if row["opposite_count"] is not None:
            n, unique = row["opposite_count"], row["opposite_unique"]
            assert row["voc_calltype1"] == pytest.approx(row["voccalltype1"] / n)
            assert row["phone2opposite_mean"] == pytest.approx(n / unique)
            assert row["phone2oppo_sum_mean"] * unique == pytest.approx(row["call_dur_mean"] * n)
            assert row["call_dur_min"] <= row["call_dur_median"] <= row["call_dur_max"]
            assert 1 <= row["voc_hour_mode_count"] <= n
            assert 1 <= row["voc_hour_nunique"] <= 24
            assert 1 <= row["voc_day_nunique"] <= 31
            assert 0 <= row["voc_hour_mode"] <= 23
        if row["sms_count"] is not None:
            assert row["sms_rate"] == pytest.approx(row["sms_count"] / row["sms_nunique"])
            assert row["calltype_rate"] == pytest.approx(row["calltype_2"] / row["sms_count"])
            assert row["hour_mode_count"] <= row["sms_count"]
        for name in NOT_DERIVABLE:
            assert row[name] is None
