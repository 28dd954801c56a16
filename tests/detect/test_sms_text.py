"""Scam texts are evidence: a card sending them is convicted on the third, with the count it saw."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from ringfence.detect import sms_text
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from ringfence.detect.sms_text import fraud_text

SCAM = [
    "【公安局】您的银行卡涉嫌洗钱，请立即将资金转入安全账户，否则将被冻结。",
    "您好，您在本平台开通的百万保障即将扣费，如需取消请添加客服QQ 3381920 办理退款。",
    "恭喜您中奖了！点击 http://prize-claim.top/a 领取iPhone，请提供银行卡号和验证码",
]
NORMAL = ["晚上一起吃饭吗？", "我到楼下了，你下来吧。", "明天的会改到下午三点。"]
SCAMMER, FRIEND, SPOOFED = "+8613800000001", "+8613800000002", "95588"


def test_fraud_text_flags_scam_texts_never_fake_base_station_ones() -> None:
    texts = pl.Series([*SCAM, *NORMAL, None, "", SCAM[0]])
    origins = pl.Series(["intra"] * 8 + ["unknown"])
    assert fraud_text(texts, origins).to_list() == [True] * 3 + [False] * 6


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "call_id,caller,callee,start_time,duration_s\nc1,+8613900000009,+8613900000008,2026-11-02T08:00:00+08:00,60\n",
        encoding="utf-8",
    )
    rows = ["sms_id,sender,receiver,send_time,text,origin"]
    for i, text in enumerate(SCAM):  # one scam text every 10 minutes to a new receiver
        rows.append(f"s{i},{SCAMMER},+86137000000{i:02d},2026-11-02T09:{10 * i:02d}:00+08:00,{text},intra")
    for i, text in enumerate(NORMAL):
        rows.append(f"n{i},{FRIEND},+86137000001{i:02d},2026-11-02T09:{10 * i + 1:02d}:00+08:00,{text},intra")
    for i, text in enumerate(SCAM):  # a fake base station presenting the bank's number
        rows.append(
            f"f{i},{SPOOFED},+86137000002{i:02d},2026-11-02T09:{10 * i + 2:02d}:00+08:00,{text},unknown"
        )
    sms = tmp_path / "sms.csv"
    sms.write_text("\n".join(rows) + "\n", encoding="utf-8")
    subs = tmp_path / "subs.csv"
    subs.write_text(
        f"number,activated_at\n{SCAMMER},2026-11-01T00:00:00+08:00\n{FRIEND},2026-11-01T00:00:00+08:00\n",
        encoding="utf-8",
    )
    return calls, sms, subs


def test_a_new_card_sending_scam_texts_is_blocked_on_the_third(tmp_path: Path) -> None:
    calls, sms, subs = _files(tmp_path)
    result, _ = run_detection([calls], load_policy(), [sms], [subs])
    flagged = {r["number"]: r for r in result.flagged.iter_rows(named=True)}
    assert set(flagged) == {SCAMMER}  # not the friend with new card and normal texts, not the bank
    row = flagged[SCAMMER]
    assert row["verdict"] == "block"
    assert row["typology"] == "sms_fraud"
    assert row["rules"].split(";") == ["R-NEW-CARD", "R-SMS-FRAUD-TEXT"]
    assert row["detected_at"] == datetime(2026, 11, 2, 1, 20, tzinfo=UTC)  # the third scam text
    hit = result.hits.filter(pl.col("rule") == "R-SMS-FRAUD-TEXT").row(0, named=True)
    assert json.loads(hit["evidence"])["number.sum(sms_fraud)@1d"] == 3
    assert hit["seq"] == "s2"


def test_without_texts_the_same_traffic_is_not_convicted(tmp_path: Path) -> None:
    calls, sms, subs = _files(tmp_path)
    frame = pl.read_csv(sms).with_columns(pl.lit(None, pl.String).alias("text"))
    frame.write_csv(sms)
    result, _ = run_detection([calls], load_policy(), [sms], [subs])
    assert result.flagged.height == 0


def test_marketing_and_illegal_adverts_are_never_fraud_text() -> None:
    """R-SMS-FRAUD-TEXT is for fraud only: promotions and illegal adverts are another matter."""
    texts = pl.Series(
        [
            "【京东】618大促开启，全场满299减50，家电低至5折，退订回T",
            "【招联金融】您有一笔最高20万元的借款额度待领取，年化利率低至7.2%，额度以审批为准，回T退订",
            "【中国移动】5G畅享套餐限时优惠，月费59元含30GB流量，回复KT办理，退订回TD",
            "代开各类增值税发票，税点低，可网上查验，电话13800001111",
            SCAM[0],
        ]
    )
    assert fraud_text(texts, pl.Series(["intra"] * 5)).to_list() == [False] * 4 + [True]


class _CountingScreener:
    """Screens as fraud the texts containing "scam", and remembers every text it was asked about."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def screen(self, texts: list[str]) -> list[SimpleNamespace]:
        self.asked.extend(texts)
        return [SimpleNamespace(is_fraud="scam" in t) for t in texts]


def test_a_text_is_screened_once_per_process_not_once_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    screener = _CountingScreener()
    monkeypatch.setattr(sms_text, "_screener", lambda: screener)
    monkeypatch.setattr(sms_text, "_SEEN", sms_text._Seen())
    origins = pl.Series(["intra"] * 3)
    first = fraud_text(pl.Series(["a scam", "hello", "a scam"]), origins)
    second = fraud_text(pl.Series(["hello", "another scam", "a scam"]), origins)
    assert first.to_list() == [True, False, True]
    assert second.to_list() == [False, True, True]
    assert sorted(screener.asked) == ["a scam", "another scam", "hello"]  # each once


def test_texts_screened_ahead_are_only_looked_up_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """``watch`` screens a file's texts as it reads it; the engine then asks about no text anew, and
    texts from a fake base station are never screened."""
    screener = _CountingScreener()
    monkeypatch.setattr(sms_text, "_screener", lambda: screener)
    monkeypatch.setattr(sms_text, "_SEEN", sms_text._Seen())
    frame = pl.DataFrame(
        {
            "text": ["a scam", "hi", None, "", "spoofed scam"],
            "origin": ["intra", None, "intra", "intra", "unknown"],
        }
    )
    sms_text.screen_ahead(frame)
    assert sorted(screener.asked) == ["a scam", "hi"]
    screener.asked.clear()
    assert fraud_text(frame["text"], frame["origin"]).to_list() == [True, False, False, False, False]
    assert screener.asked == []
    sms_text.screen_ahead(frame.clear())  # nothing to screen
    sms_text.screen_ahead(frame.select("text"))  # not messages with their origin: left alone
    assert screener.asked == []


def test_watch_screens_an_sms_file_when_it_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ringfence.services.watch import WatchConfig, Watcher

    screener = _CountingScreener()
    monkeypatch.setattr(sms_text, "_screener", lambda: screener)
    monkeypatch.setattr(sms_text, "_SEEN", sms_text._Seen())
    _, sms, _ = _files(tmp_path)
    landing = tmp_path / "landing"
    landing.mkdir()
    with Watcher(
        WatchConfig(landing, tmp_path / "state", load_policy(), "Asia/Shanghai", sms=True)
    ) as watcher:
        taken = watcher.take(sms)
        assert taken is not None
        assert sorted(screener.asked) == sorted(SCAM + NORMAL)  # read, nothing applied yet
        screener.asked.clear()
        assert watcher.process(sms, taken)
        assert screener.asked == []


def test_the_remembered_texts_are_bounded_and_answers_stay_right() -> None:
    screener = _CountingScreener()
    seen = sms_text._Seen(size=8)
    texts = [f"text {i} scam" if i % 3 == 0 else f"text {i}" for i in range(40)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sms_text, "_screener", lambda: screener)
        for start in range(0, 40, 5):
            batch = texts[start : start + 5]
            assert seen.verdicts(batch) == ["scam" in t for t in batch]
        assert len(seen._fraud) <= 8
        assert seen.verdicts(texts) == ["scam" in t for t in texts]  # evicted ones screened again
        assert len(seen._fraud) <= 8
    assert len(screener.asked) > len(texts)


def test_threads_screening_at_once_get_their_own_answers() -> None:
    screener = _CountingScreener()
    seen = sms_text._Seen(size=50)
    batches = [[f"t{(i * 7 + j) % 90}{' scam' if j % 2 else ''}" for j in range(30)] for i in range(16)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sms_text, "_screener", lambda: screener)
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(seen.verdicts, batches))
    for batch, answer in zip(batches, answers, strict=True):
        assert answer == ["scam" in t for t in batch]
