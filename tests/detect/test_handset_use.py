"""A call to a service or short code is no use of the handset (``features.handset_use``): an
operator's shop that test-calls 10086 with every card it sells from one handset ties none of them
together, while a SIM box, whose cards call people from shared handsets, is what R-SHARED-HANDSET
and R-BOX-AT-WORK look for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection

T0 = datetime(2026, 10, 1, 1, tzinfo=UTC)
SHOP_HANDSET, BOX_HANDSET = "869447053461870", "861234000000017"


def _world(tmp_path: Path) -> tuple[Path, Path]:
    calls: list[dict[str, object]] = []
    subs: list[dict[str, object]] = []

    def call(caller: str, callee: str, at: datetime, duration: int, imei: str, cell: str) -> None:
        row = {"call_id": f"c{len(calls):05d}", "caller": caller, "callee": callee}
        row |= {"start_time": at.isoformat(), "duration_s": duration}
        calls.append(row | {"caller_imei": imei, "caller_cell": cell})

    for i in range(12):  # visitors: a test call in the shop, then hotels and family from their own phone
        card = f"+861380000{i:04d}"
        subs.append({"number": card, "activated_at": (T0 + timedelta(minutes=10 * i)).isoformat()})
        call(card, "10086", T0 + timedelta(minutes=10 * i + 1), 8, SHOP_HANDSET, "SHOP-1")
        for j in range(4):
            at = T0 + timedelta(hours=2 + j, minutes=i)
            call(card, f"+86291234{i:02d}{j:02d}", at, 60, f"3546711267{i:05d}", f"CITY-{j}")
    for i in range(6):  # a SIM box: six new cards calling strangers through one handset
        card = f"+861390000{i:04d}"
        subs.append({"number": card, "activated_at": T0.isoformat()})
        for j in range(12):
            at = T0 + timedelta(hours=1, minutes=3 * j + i)
            call(card, f"+86137{i:02d}{j:06d}", at, 0 if j % 3 else 5, BOX_HANDSET, "VILLAGE-9")
    pl.DataFrame(calls).sort("start_time").write_csv(tmp_path / "calls.csv")
    pl.DataFrame(subs).write_csv(tmp_path / "subscribers.csv")
    return tmp_path / "calls.csv", tmp_path / "subscribers.csv"


def test_a_shops_test_calls_share_no_handset_and_a_sim_box_does(tmp_path: Path) -> None:
    calls, subs = _world(tmp_path)
    result, _ = run_detection([calls], load_policy(), subscribers=[subs])
    flagged = result.flagged.filter(pl.col("verdict").is_in(["warn", "block"]))
    visitors = flagged.filter(pl.col("number").str.starts_with("+861380000"))
    box = flagged.filter(pl.col("number").str.starts_with("+861390000"))
    assert visitors.height == 0, visitors
    assert box.height == 6
    # Since 2026.12.8 a card is convicted by its second call from the box (R-SHARED-HANDSET) or, once
    # most of the box's numbers call from it again, at its first (R-BOX-AT-WORK).
    box_rules = ("R-SHARED-HANDSET", "R-BOX-AT-WORK")
    assert all(any(r in rules for r in box_rules) for rules in box["rules"]), box
    every = result.flagged.filter(pl.col("number").str.starts_with("+861380000"))
    assert not any(r in rules for rules in every["rules"] for r in box_rules)
