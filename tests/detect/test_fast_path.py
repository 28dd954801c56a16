"""The fast batch path (compact records, integer codes, chunks of numbers processed side by side)
gives exactly the outputs of the original straightforward implementation (``tests/detect/oracle``)
on random traffic: late and duplicate records, ties in time, shared handsets, new cards, SMS."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ringfence.detect import columnar
from ringfence.detect.exports import local_times
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from tests.detect import oracle

T0 = datetime(2026, 11, 2, 1, tzinfo=UTC)
LATENESS = 900
# Mobiles (some written without +86), a virtual-operator and an IoT card, a foreign number.
NUMBERS = [f"+86138000000{i:02d}" for i in range(6)] + [
    "13900000050",
    "+8617012345678",
    "+8614012345678",
    "+21620179993",
]
# Ordinary texts and scam texts (the SMS screener reads the last two as fraud).
TEXTS = [
    "hi",
    "",
    "晚上一起吃饭吗？",
    "【公安局】您的银行卡涉嫌洗钱，请立即将资金转入安全账户，否则将被冻结。",
    "恭喜您中奖了！点击 http://prize-claim.top/a 领取iPhone，请提供银行卡号和验证码",
]
CALL_HEADER = [
    "call_id",
    "caller",
    "callee",
    "start_time",
    "duration_s",
    "origin",
    "caller_imei",
    "caller_cell",
    "caller_region",
]

ZONE = "Asia/Shanghai"  # the time zone the reference engine writes times in


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


@st.composite
def traffic(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    busy = draw(st.sampled_from(NUMBERS))  # one number calls a lot, so that rules fire
    calls = []
    for i in range(draw(st.integers(1, 150))):
        caller = busy if draw(st.booleans()) else draw(st.sampled_from(NUMBERS))
        callee = draw(st.sampled_from([*NUMBERS, "10086"]))  # a service code: no use of the handset
        # Coarse times: ties (same second) and window edges (exactly 600 s) happen.
        t = T0 + timedelta(seconds=draw(st.integers(0, 60)) * 60 + draw(st.sampled_from([0, 0, 30])))
        call_id = (
            f"c{draw(st.integers(0, 400)) if draw(st.integers(0, 20)) == 0 else i:04d}"  # some duplicates
        )
        calls.append(
            [
                call_id,
                caller,
                callee,
                _iso(t),
                str(draw(st.sampled_from([0, 0, 3, 9, 10, 45, 300]))),
                "international" if caller.startswith("+216") else draw(st.sampled_from(["intra", "inter"])),
                draw(st.sampled_from(["", "861234567890123", "861234567890124"])),
                draw(st.sampled_from(["", "CD-0001", "CD-0002"])),
                draw(st.sampled_from(["", "成都", "广州", "028"])),
            ]
        )
    # Arrival order: time order disturbed, now and then by more than the allowed lateness.
    keys = [
        datetime.fromisoformat(c[3]).timestamp() - draw(st.sampled_from([0, 0, 0, 300, 1200])) for c in calls
    ]
    calls = [c for _, c in sorted(zip(keys, calls, strict=True), key=lambda p: p[0])]
    messages = []
    for i in range(draw(st.integers(0, 40))):
        sender = busy if draw(st.booleans()) else draw(st.sampled_from(NUMBERS))
        t = T0 + timedelta(seconds=draw(st.integers(0, 60)) * 60)
        text, origin = draw(st.sampled_from(TEXTS)), draw(st.sampled_from(["intra", "intra", "unknown"]))
        messages.append(
            [f"m{i:04d}", sender, draw(st.sampled_from(NUMBERS)), _iso(t), text, origin, "CD-0001"]
        )
    messages.sort(key=lambda m: m[3])
    subscribers = []
    for n in NUMBERS[:7]:
        if draw(st.booleans()):
            age = draw(st.sampled_from([2, 29, 31, 400]))
            home = draw(st.sampled_from(["", "成都", "广州"]))
            subscribers.append([n, _iso(T0 - timedelta(days=age)), home])
    return {"calls": calls, "messages": messages, "subscribers": subscribers}


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "CHUNK_EVENTS", 40)  # several chunks, processed side by side


@settings(
    max_examples=settings.default.max_examples // 4,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # a fresh directory per example
)
@given(data=traffic())
def test_fast_path_agrees(tmp_path_factory: pytest.TempPathFactory, data: dict[str, list[list[str]]]) -> None:
    d = tmp_path_factory.mktemp("traffic")
    calls = [_write(d / "calls.csv", CALL_HEADER, data["calls"])]
    sms = (
        [
            _write(
                d / "sms.csv",
                ["sms_id", "sender", "receiver", "send_time", "text", "origin", "sender_cell"],
                data["messages"],
            )
        ]
        if data["messages"]
        else []
    )
    subs = (
        [_write(d / "subs.csv", ["number", "activated_at", "home_region"], data["subscribers"])]
        if data["subscribers"]
        else []
    )
    policy = load_policy()
    result, _ = run_detection(calls, policy, sms, subs, allowed_lateness_s=LATENESS)
    flagged, hits, timeline, scores = oracle.run(calls, policy, sms, subs, allowed_lateness_s=LATENESS)
    assert_frame_equal(local_times(result.flagged, ZONE), flagged, check_exact=True)
    assert_frame_equal(local_times(result.hits, ZONE), hits, check_exact=True)
    assert_frame_equal(local_times(result.timeline, ZONE), timeline, check_exact=True)
    assert_frame_equal(result.scores, scores, check_exact=True)
