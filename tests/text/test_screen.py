from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.simulate.sms_texts import FRAUD_CATEGORIES, evade, synth_messages
from ringfence.text.screen import SmsScreener


@pytest.fixture(scope="module")
def screener() -> SmsScreener:
    return SmsScreener()


def test_default_model_on_synthetic_traffic(screener: SmsScreener) -> None:
    msgs = synth_messages(99, 600)
    verdicts = screener.screen([m.text for m in msgs])
    correct = sum(bool(v.is_fraud) == m.is_fraud for v, m in zip(verdicts, msgs, strict=True))
    assert correct / len(msgs) > 0.95
    fraud = [(v, m) for v, m in zip(verdicts, msgs, strict=True) if m.is_fraud and v.is_fraud]
    assert sum(v.category == m.category for v, m in fraud) / len(fraud) > 0.8
    assert all(v.category in FRAUD_CATEGORIES for v, _ in fraud)


def test_verdict_fields_and_reasons(screener: SmsScreener) -> None:
    v = screener.screen(
        ["【工商银行】您的账户已冻结，请登录 icbc-jf.top 解除冻结"], ["13812345678"], ["intra"]
    )[0]
    assert v.is_fraud is True
    assert v.prediction == "fraud"
    assert 0.9 < v.score <= 1.0
    assert any(r.startswith("sender.brand_from_personal") for r in v.reasons)
    assert any("icbc-jf.top" in r for r in v.reasons)
    assert [u.url for u in v.urls] == ["icbc-jf.top"]


def test_hard_negatives_stay_normal(screener: SmsScreener) -> None:
    texts = [
        "【工商银行】您尾号1234的储蓄卡于11月24日09:00支出人民币200.00元，余额3000.00元。",
        "【招商银行】验证码123456，您正在登录手机银行，切勿泄露给他人。",
        "【国家反诈中心】公检法机关不会通过电话办案，不存在安全账户，凡是要求转账汇款的都是诈骗。",
        "【菜鸟驿站】您的快递已到小区门口驿站，取件码5678，请凭码及时取件。",
        "房租3000我刚转你了，查收一下。",
    ]
    verdicts = screener.screen(texts, ["95588", "95555", "12381", "10690000001", "13812345678"])
    assert [v.is_fraud for v in verdicts] == [False] * len(texts)
    assert all(v.category == "normal" for v in verdicts)


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(FRAUD_CATEGORIES))
def test_evasion_does_not_change_the_verdict(seed: int, category: str) -> None:
    screener = SmsScreener()
    msg = synth_messages(seed, 1, category)[0]
    evaded = evade(msg.text, random.Random(seed), strength=0.5)
    plain_v, evaded_v = screener.screen([msg.text, evaded])
    assert evaded_v.is_fraud == plain_v.is_fraud
    assert evaded_v.category == plain_v.category
    assert abs(evaded_v.score - plain_v.score) < 1e-6


def test_empty_and_missing_texts(screener: SmsScreener) -> None:
    assert screener.screen([]) == []
    v = screener.screen([None, ""])
    assert [x.is_fraud for x in v] == [False, False]
