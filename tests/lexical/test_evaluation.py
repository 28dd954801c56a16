from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.lexical.evaluation import char_svm_baseline, fraud_figures, report, split_indices


def test_report_per_class_and_macro() -> None:
    r = report(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert r.per_class["a"] == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2.0}
    assert r.per_class["b"]["precision"] == 2 / 3
    assert r.macro_f1 == (2 / 3 + 0.8) / 2
    assert r.accuracy == 0.75
    assert r.n == 4


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["x", "y", "z"]), min_size=2, max_size=60), st.floats(0.1, 0.5))
def test_split_is_a_stratified_partition(labels: list[str], share: float) -> None:
    keys = [f"k{i}" for i in range(len(labels))]
    train, test = split_indices(keys, labels, share)
    assert sorted(train + test) == list(range(len(labels)))
    for lab in set(labels):
        n = labels.count(lab)
        if n >= 2:  # every class with two rows is on both sides
            assert any(labels[i] == lab for i in test)
            assert any(labels[i] == lab for i in train)
    assert split_indices(keys, labels, share) == (train, test)


def test_fraud_figures_count_any_fraud_label_and_marketing_called_fraud() -> None:
    y = ["fraud", "scam", "marketing", "marketing", "normal", "fraud"]
    p = ["scam", "fraud", "fraud", "marketing", "fraud", "normal"]
    f = fraud_figures(y, p, fraud={"fraud", "scam"}, marketing={"marketing"})
    assert (f.recall, f.precision) == (2 / 3, 2 / 4)
    assert f.f1 == pytest.approx(2 * 2 / (3 + 4))
    assert (f.marketing_called, f.marketing, f.marketing_called_fraud) == (1, 2, 0.5)
    assert fraud_figures(["normal"], ["normal"]).marketing_called_fraud is None


def test_baseline_learns_a_trivial_task() -> None:
    predict = char_svm_baseline(
        ["好的 谢谢", "晚上吃饭", "中奖 领取", "点击领奖"] * 5, ["n", "n", "f", "f"] * 5
    )
    assert predict(["谢谢，晚上吃饭", "恭喜中奖，点击领取"]) == ["n", "f"]
    assert predict([]) == []
