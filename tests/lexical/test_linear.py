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


def test_tfidf_head_scores_as_trained_and_ignores_unseen_ngrams(tmp_path: Path) -> None:
    from ringfence.lexical.linear import fit_tfidf_linear

    texts = ["中奖领取奖金", "点击领奖", "晚上吃饭吗", "好的谢谢你"] * 10
    labels = ["f", "f", "n", "n"] * 10
    model = fit_tfidf_linear(texts, labels, SPEC, c=10)
    assert model.idf_sq is not None
    assert model.idf_sq[-1] == 0  # padding bucket
    p = model.proba(["恭喜中奖请领取", "明天吃饭"])
    assert p[0, 0] > 0.5 > p[1, 0]
    # n-grams training never saw weigh nothing and do not dilute the ones it saw
    padded = model.decision(["点击领奖ΩΨΦ"])
    np.testing.assert_allclose(padded, model.decision(["点击领奖"]), atol=1e-5)
    model.save(tmp_path / "t")
    loaded = LinearHashModel.load(tmp_path / "t")
    assert loaded.idf_sq is not None
    np.testing.assert_allclose(loaded.proba(["点击领奖"]), model.proba(["点击领奖"]), atol=3e-3)


def test_tfidf_scores_match_the_training_matrix() -> None:
    from ringfence.lexical.hashing import hash_batch
    from ringfence.lexical.linear import _tfidf_matrix, fit_tfidf_linear

    texts = ["aab", "abc", "bcd", "cde", "xyz", "zzz"] * 3
    labels = ["p", "p", "p", "q", "q", "q"] * 3
    model = fit_tfidf_linear(texts, labels, SPEC, c=5)
    assert model.idf_sq is not None
    idf = np.sqrt(model.idf_sq[:-1].astype(np.float64))
    probe = ["abcd", "zzy", "aab"]
    # the model stores w * idf; dividing back gives the weights the training matrix was multiplied by
    w = np.divide(model.weights[:-1, 0], idf, out=np.zeros_like(idf), where=idf > 0)
    expected = _tfidf_matrix(hash_batch(probe, SPEC), idf) @ w + model.bias[0]
    np.testing.assert_allclose(model.decision(probe)[:, 0], expected, atol=1e-4)
