from __future__ import annotations

import re

import pytest

from ringfence.simulate.sms_marketing import (
    ILLEGAL,
    MARKETING,
    SPAM_KINDS,
    spam_families,
    synth_service,
    synth_spam,
)


def test_deterministic_per_seed() -> None:
    assert synth_spam(7, 50) == synth_spam(7, 50)
    assert synth_spam(7, 50) != synth_spam(8, 50)
    assert synth_service(3, 20) == synth_service(3, 20)


@pytest.mark.parametrize("kind", SPAM_KINDS)
def test_kind_labels_and_never_fraud(kind: str) -> None:
    msgs = synth_spam(5, 300, kind)
    assert {m.category for m in msgs} == {kind}
    assert not any(m.is_fraud for m in msgs)
    assert {m.family for m in msgs} == set(spam_families()[kind])


def test_marketing_is_varied_and_carries_the_signals_of_real_promotions() -> None:
    msgs = synth_spam(11, 2000, MARKETING)
    texts = [m.text for m in msgs]
    assert len(set(texts)) > 0.95 * len(texts)  # paraphrases, not copies
    share = lambda pattern: sum(bool(re.search(pattern, t)) for t in texts) / len(texts)  # noqa: E731
    assert share("【[^】]+】|\\[[^\\]]+\\]") > 0.8  # brand signatures
    assert share("退订|回T|回TD|回N|拒收|退訂|回覆|不想收到") > 0.5  # opt-outs
    assert share("折|减|元|優惠|送") > 0.6  # prices and discounts
    assert share("額度|额度|借款|备用金|分期") > 0.05  # licensed lenders' loan ads
    assert share("[\u4e00-\u9fff]") == 1.0


def test_illegal_covers_gambling_documents_and_escort() -> None:
    families = {m.family for m in synth_spam(2, 400, ILLEGAL)}
    assert families == {"i_gambling", "i_documents", "i_escort"}


def test_service_conversations_are_normal() -> None:
    msgs = synth_service(1, 100)
    assert {m.category for m in msgs} == {"normal"}
    assert len({m.family for m in msgs}) == 6


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        synth_spam(1, 1, "nope")
