from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from ringfence.text.fbs import AREA_COLUMNS, fake_base_station_areas, flag_unknown_origin

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _frame() -> pl.DataFrame:
    rows = []
    # a burst of 5 broadcasts in cell CD-1 within 10 minutes, then one 3 hours later
    for i in range(5):
        rows.append(
            (
                "95588",
                f"139000000{i:02d}",
                T0 + timedelta(minutes=2 * i),
                "【工商银行】积分清零 icbc-jf.top",
                "unknown",
                "CD-1",
            )
        )
    rows.append(("95588", "13900000099", T0 + timedelta(hours=3), "【工商银行】积分清零", "unknown", "CD-1"))
    # two in another cell (below min_messages), and ordinary traffic with an SMS-centre record
    rows.append(("10086", "13900000100", T0, "积分兑换", "unknown", "CD-2"))
    rows.append(("10086", "13900000101", T0 + timedelta(minutes=1), "积分兑换", "unknown", "CD-2"))
    for i in range(5):
        rows.append(("95588", f"1390000020{i}", T0, "您尾号1234的账户支出200元", "intra", "CD-1"))
    return pl.DataFrame(
        rows, schema=["sender", "receiver", "send_time", "text", "origin", "sender_cell"], orient="row"
    )


def test_only_unknown_origin_is_flagged() -> None:
    flags = flag_unknown_origin(_frame())
    assert flags.sum() == 8
    assert flag_unknown_origin(pl.DataFrame({"x": [1]})).to_list() == [False]


def test_bursts_are_clustered_per_cell_and_time() -> None:
    frame = _frame()
    is_fraud = [True] * frame.height
    cats = ["points_redemption"] * frame.height
    areas = fake_base_station_areas(
        frame, gap=timedelta(minutes=30), min_messages=3, is_fraud=is_fraud, categories=cats
    )
    assert tuple(areas.columns) == AREA_COLUMNS
    assert areas.height == 1
    row = areas.row(0, named=True)
    assert row["cell"] == "CD-1"
    assert row["messages"] == 5
    assert row["receivers"] == 5
    assert row["duration_s"] == 8 * 60
    assert row["fraud_share"] == 1.0
    assert row["categories"] == "points_redemption:5"
    assert "95588" in row["sample_senders"]
    assert "积分清零" in row["sample_texts"]


def test_lower_threshold_reports_the_small_burst_and_empty_input() -> None:
    areas = fake_base_station_areas(_frame(), min_messages=2)
    assert sorted(areas["cell"].to_list()) == ["CD-1", "CD-2"]
    assert fake_base_station_areas(_frame().filter(pl.col("origin") == "intra")).height == 0
