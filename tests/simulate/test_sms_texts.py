from __future__ import annotations

import pytest

from ringfence.simulate.sms_texts import CATEGORIES, FRAUD_CATEGORIES, NORMAL, families, synth_messages


def test_same_seed_same_messages() -> None:
    assert synth_messages(7, 50) == synth_messages(7, 50)
    assert synth_messages(7, 50) != synth_messages(8, 50)


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_generates_its_own_messages(category: str) -> None:
    msgs = synth_messages(3, 40, category)
    assert len(msgs) == 40
    assert {m.category for m in msgs} == {category}
    assert all(m.is_fraud == (category != NORMAL) for m in msgs)
    assert all(m.family in families()[category] for m in msgs)
    assert all(len(m.text) >= 5 for m in msgs)


def test_urls_appear_in_the_text() -> None:
    msgs = [m for m in synth_messages(11, 500) if m.url]
    assert len(msgs) > 50
    assert all(m.url in m.text for m in msgs if m.url)


def test_mix_respects_fraud_ratio() -> None:
    msgs = synth_messages(5, 2000, fraud_ratio=0.3)
    share = sum(m.is_fraud for m in msgs) / len(msgs)
    assert 0.25 < share < 0.35
    assert {m.category for m in msgs} == set(CATEGORIES)
    assert len(FRAUD_CATEGORIES) >= 8


def test_unknown_category_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        synth_messages(1, 1, "nope")
