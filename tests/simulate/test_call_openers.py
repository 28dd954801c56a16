from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.simulate.call_openers import call_families, synth_calls
from ringfence.simulate.sms_texts import FRAUD_CATEGORIES, NORMAL, synth_messages


def test_deterministic_per_seed() -> None:
    assert synth_calls(7, 50) == synth_calls(7, 50)
    assert synth_calls(7, 50) != synth_calls(8, 50)


def test_sms_generator_is_unchanged_by_the_call_families() -> None:
    """The simulator's SMS traffic comes from ``synth_messages``: no call family may leak into it."""
    fams = {f for fs in call_families().values() for f in fs}
    assert not fams & {m.family for m in synth_messages(3, 3000)}


def test_categories_stay_in_the_taxonomy_and_every_family_appears() -> None:
    msgs = synth_calls(1, 3000)
    assert {m.category for m in msgs if m.is_fraud} <= set(FRAUD_CATEGORIES)
    assert {m.category for m in msgs if not m.is_fraud} == {NORMAL, "marketing"}
    assert {m.family for m in msgs} == {f for fs in call_families().values() for f in fs}
    assert all(m.url is None for m in msgs)


@pytest.mark.parametrize("ratio", [0.0, 0.3, 1.0])
def test_fraud_ratio(ratio: float) -> None:
    msgs = synth_calls(5, 2000, fraud_ratio=ratio)
    share = sum(m.is_fraud for m in msgs) / len(msgs)
    assert abs(share - ratio) < 0.05


def test_varied_and_spoken() -> None:
    msgs = synth_calls(11, 3000)
    texts = [m.text for m in msgs]
    assert len(set(texts)) > 0.9 * len(texts)  # composed from pools, not a handful of copies
    spoken = sum(bool(re.search("喂|哎|您好|你好|是我|吗？", t)) for t in texts) / len(texts)
    assert spoken > 0.5
    assert all(5 <= len(t) <= 260 for t in texts)


@pytest.mark.parametrize(
    "topic",
    [
        "猜猜我是谁|还记得我吗|老同学|老朋友",  # old friends, real and fake
        "彩票|中了|抽中|大奖|奖",  # lottery wins, real and fake
        "儿子|女儿|孩子|小孩|闺女",  # children, in trouble or at school
    ],
)
def test_every_scam_topic_also_appears_in_ordinary_calls(topic: str) -> None:
    """The counterparts exist so that the model cannot learn a topic word alone as fraud."""
    msgs = synth_calls(2, 4000)
    fraud = [m for m in msgs if m.is_fraud and re.search(topic, m.text)]
    normal = [m for m in msgs if not m.is_fraud and re.search(topic, m.text)]
    assert len(fraud) > 100
    assert len(normal) > 0.2 * len(fraud)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=0, max_value=40))
def test_any_seed_gives_n_wellformed_messages(seed: int, n: int) -> None:
    msgs = synth_calls(seed, n)
    assert len(msgs) == n
    for m in msgs:
        assert m.text
        assert "，。" not in m.text
        assert "None" not in m.text
        assert m.is_fraud == (m.category in FRAUD_CATEGORIES)
