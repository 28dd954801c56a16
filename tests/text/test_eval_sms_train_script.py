"""scripts/eval_sms_train.py: its generated sets hold out whole template families, deterministically."""

from __future__ import annotations

from collections import Counter

from scripts.eval_sms_train import gen5d_split


def test_gen5d_is_five_imbalanced_classes_with_unseen_test_wording() -> None:
    tr_x, tr_y, te_x, te_y = gen5d_split(3000)
    assert (tr_x, tr_y, te_x, te_y) == gen5d_split(3000)
    assert set(tr_y) == set(te_y) == {"normal", "marketing", "illegal", "money_scam", "impersonation_lure"}
    n = Counter(tr_y + te_y)
    assert n["money_scam"] > n["marketing"] > n["impersonation_lure"] > n["illegal"]
    assert not set(tr_x) & set(te_x)
    assert 0.2 < len(te_x) / (len(tr_x) + len(te_x)) < 0.5
