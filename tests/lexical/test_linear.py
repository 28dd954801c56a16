from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ringfence.errors import ModelError
from ringfence.lexical.hashing import HashSpec
from ringfence.lexical.linear import LinearHashModel, fit_linear

SPEC = HashSpec(ngram_min=1, ngram_max=2, bits=12, max_len=64)


def test_fit_predict_save_load_roundtrip(tmp_path: Path) -> None:
    texts = ["free prize call now", "win cash prize", "see you at dinner", "dinner at home tonight"] * 10
    labels = ["spam", "spam", "ham", "ham"] * 10
    model = fit_linear(texts, labels, SPEC, c=10)
    assert model.classes == ["ham", "spam"]
    p = model.proba(["claim your prize now", "home for dinner"])
    assert p[0, 1] > 0.5 > p[1, 1]
    model.save(tmp_path / "m", {"note": "x"})
    loaded = LinearHashModel.load(tmp_path / "m")
    np.testing.assert_allclose(
        loaded.proba(["claim your prize now"]), model.proba(["claim your prize now"]), atol=2e-3
    )


def test_multiclass_and_input_order() -> None:
    texts = ["aaa", "bbb", "ccc"] * 20
    labels = ["a", "b", "c"] * 20
    model = fit_linear(texts, labels, SPEC)
    probe = ["ccc", "aaa", "bbb", "a much longer text aaa"]
    best = [model.classes[i] for i in model.proba(probe).argmax(axis=1)]
    assert best[:3] == ["c", "a", "b"]


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="two classes"):
        fit_linear(["a", "b"], ["x", "x"], SPEC)
    with pytest.raises(ModelError, match="not a ringfence linear model"):
        LinearHashModel.load(tmp_path / "nothing")


def test_two_view_scores_are_the_mean_of_both_views() -> None:
    from ringfence.lexical.hashing import HashSpec
    from ringfence.lexical.linear import fit_linear

    spec = HashSpec(ngram_min=1, ngram_max=2, bits=12, max_len=64)
    texts = ["中奖领取", "点击领奖", "晚上吃饭", "好的谢谢"] * 5
    raw = ["中 奖 领 取", "點擊領獎", "晚上 吃饭", "好的 谢谢"] * 5
    labels = ["f", "f", "n", "n"] * 5
    model = fit_linear(texts, labels, spec, second_view=raw)
    both = model.decision(texts[:4], second=raw[:4])
    first, other = model.decision(texts[:4]), model.decision(raw[:4])
    assert abs(both - ((first + other) / 2)).max() < 1e-5
    assert model.proba(texts[:4], second=raw[:4]).argmax(axis=1).tolist() == [0, 0, 1, 1]
