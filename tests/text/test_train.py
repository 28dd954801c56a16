"""``train_sms_model``: the stacked recipe of ``sms train`` (TF-IDF + plain heads, stacker on out-of-fold
scores), its edge cases on small data, and models of the previous recipe."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.errors import ModelError
from ringfence.lexical.evaluation import char_svm_baseline, report
from ringfence.lexical.hashing import HashSpec
from ringfence.lexical.linear import VocabTfidfModel
from ringfence.lexical.normalise import normalise
from ringfence.simulate.sms_marketing import synth_spam
from ringfence.simulate.sms_texts import synth_messages
from ringfence.text.model import (
    SmsModel,
    feature_text,
    load_sms_model,
    plain_view,
    stratified_folds,
    train_sms_model,
)
from ringfence.text.screen import SmsScreener

SPEC = HashSpec(ngram_min=1, ngram_max=3, bits=16, max_len=256)


def _predict(model: SmsModel, texts: list[str]) -> list[str]:
    return [v.prediction for v in SmsScreener(model).screen(texts)]


def _four_classes(seed: int, n: int) -> tuple[list[str], list[str]]:
    rows = [
        (m.text, m.category) for c in ("normal", "prize", "loan_credit") for m in synth_messages(seed, n, c)
    ]
    rows += [(m.text, "marketing") for m in synth_spam(seed, n, "marketing")]
    return [t for t, _ in rows], [y for _, y in rows]


@pytest.fixture(scope="module")
def model() -> SmsModel:
    texts, labels = _four_classes(1, 40)
    return train_sms_model(texts, labels, spec=SPEC)


def test_stacked_recipe_reads_the_tfidf_and_plain_heads_only(model: SmsModel) -> None:
    assert model.stacker is not None
    assert model.plain is not None
    assert model.tfidf is not None
    assert isinstance(model.plain, VocabTfidfModel)  # the baseline itself
    assert model.labels is model.tfidf  # no count head: the label head is the TF-IDF head
    assert {f.split(":")[0] for f in model.stacker.features} == {"tfidf", "plain"}
    assert model.plain_raw
    assert model.stacker.n_evidence == 0
    assert not model.combine_rules
    assert not model.two_view
    assert model.stacker.classes == model.classes == ["loan_credit", "marketing", "normal", "prize"]
    assert model.normal_label == "normal"
    assert model.fraud_classes == ["loan_credit", "prize"]


def test_stacked_model_roundtrips(model: SmsModel, tmp_path: Path) -> None:
    model.save(tmp_path / "m")
    assert not (tmp_path / "m" / "tfidf.npz").exists()  # the label head is the TF-IDF head, saved once
    loaded = load_sms_model(tmp_path / "m")
    assert loaded.stacker is not None
    assert loaded.tfidf is loaded.labels
    assert isinstance(loaded.plain, VocabTfidfModel)
    probe, _ = _four_classes(9, 10)
    norm = [normalise(t) for t in probe]
    assert loaded.plain_raw
    np.testing.assert_allclose(loaded.predict_proba(norm, probe), model.predict_proba(norm, probe), atol=5e-3)
    assert _predict(loaded, probe) == _predict(model, probe)


def test_training_is_deterministic() -> None:
    texts, labels = _four_classes(2, 15)
    a = train_sms_model(texts, labels, spec=SPEC)
    b = train_sms_model(texts, labels, spec=SPEC)
    assert a.stacker is not None
    assert b.stacker is not None
    np.testing.assert_array_equal(a.stacker.coef, b.stacker.coef)
    np.testing.assert_array_equal(a.stacker.bias, b.stacker.bias)


def test_count_head_variant_roundtrips(tmp_path: Path) -> None:
    texts, labels = _four_classes(3, 12)
    model = train_sms_model(texts, labels, spec=SPEC, with_count=True)
    assert model.stacker is not None
    assert model.two_view
    assert {f.split(":")[0] for f in model.stacker.features} == {"count", "tfidf", "plain"}
    model.save(tmp_path / "m")
    loaded = load_sms_model(tmp_path / "m")
    norm = [normalise(t) for t in texts[:12]]
    np.testing.assert_allclose(
        loaded.predict_proba(norm, texts[:12]), model.predict_proba(norm, texts[:12]), atol=5e-3
    )


def test_small_sets_with_tiny_classes_train() -> None:
    """150 rows and 4 classes, one class with a single row and one with two: every class reaches the
    stacker (a single row is scored in-sample), and predictions stay among the classes."""
    texts, labels = _four_classes(4, 49)
    texts, labels = texts[:147], labels[:147]
    texts += [synth_messages(5, 1, "investment")[0].text] + [
        m.text for m in synth_messages(6, 2, "delivery_claim")
    ]
    labels += ["investment", "delivery_claim", "delivery_claim"]
    model = train_sms_model(texts, labels, spec=SPEC)
    assert model.stacker is not None
    assert model.stacker.classes == sorted(set(labels))
    assert set(_predict(model, texts[:20])) <= set(labels)


@pytest.mark.parametrize("n", [2, 3, 5])
def test_the_smallest_sets_train(n: int) -> None:
    texts = [m.text for m in synth_messages(7, n, "normal")] + [m.text for m in synth_messages(8, n, "prize")]
    labels = ["normal"] * n + ["prize"] * n
    model = train_sms_model(texts, labels, spec=SPEC)
    assert model.classes == ["normal", "prize"]
    assert model.stacker is not None
    assert model.stacker.coef.shape == (3, 1)
    proba = model.predict_proba([normalise(t) for t in texts], texts)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)


def test_one_class_is_refused() -> None:
    with pytest.raises(ModelError, match="two classes"):
        train_sms_model(["a", "b", "c"], ["x", "x", "x"], spec=SPEC)
    with pytest.raises(ModelError, match="unknown SMS training recipe"):
        train_sms_model(["a", "b"], ["x", "y"], spec=SPEC, recipe="nope")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("abcdef"), min_size=2, max_size=80),
    st.integers(2, 6),
    st.integers(0, 10_000),
)
def test_stratified_folds_keep_every_label_in_every_training_part(
    labels: list[str], folds: int, seed: int
) -> None:
    fold = stratified_folds([f"t{i}" for i in range(len(labels))], labels, folds, seed)
    counts = Counter(labels)
    assert all((fold[i] == -1) == (counts[y] == 1) for i, y in enumerate(labels))
    for k in range(folds):
        train = {y for y, f in zip(labels, fold.tolist(), strict=True) if f != k}
        assert train == set(labels)
    for y, n in counts.items():
        per = Counter(int(f) for f, z in zip(fold.tolist(), labels, strict=True) if z == y)
        if n >= folds:  # dealt round-robin: fold sizes of a label differ by at most one
            assert max(per.values()) - min(per.values()) <= 1
            assert len(per) == folds


def test_stack_beats_the_baseline_where_the_plain_head_is_weak() -> None:
    """Two scam types with 12 training rows each beside 300 normal and 300 marketing rows: the unweighted
    SVM (the baseline, and the plain head alone) gives the rare classes away; the class-balanced stacker,
    reading the TF-IDF head beside it, keeps them. Scored on fresh rows of every class."""
    train: list[tuple[str, str]] = []
    test: list[tuple[str, str]] = []
    for cat, n in (("normal", 300), ("loan_credit", 12), ("prize", 12)):
        rows = [(m.text, cat) for m in synth_messages(len(cat), n + 40, cat)]
        train, test = train + rows[:n], test + rows[n:]
    spam = [(m.text, "marketing") for m in synth_spam(0, 340, "marketing")]
    train, test = train + spam[:300], test + spam[300:]
    x, y = [t for t, _ in train], [c for _, c in train]
    tx, ty = [t for t, _ in test], [c for _, c in test]
    model = train_sms_model(x, y, spec=SPEC)
    assert model.plain is not None
    mine = report(ty, _predict(model, tx)).macro_f1
    base = report(ty, char_svm_baseline(x, y)(tx)).macro_f1
    plain = [model.plain.classes[j] for j in model.plain.proba([plain_view(t) for t in tx]).argmax(axis=1)]
    assert report(ty, plain).macro_f1 < 0.95  # the plain head alone is weak here
    assert mine >= base + 0.05, (mine, base)


def test_head_inputs_match_the_screener(model: SmsModel) -> None:
    probe, _ = _four_classes(10, 5)
    norm = [normalise(t) for t in probe]
    with pytest.raises(ModelError, match="raw texts"):
        model.head_inputs([feature_text(t) for t in norm], None, norm)
    heads = model.head_inputs([feature_text(t) for t in norm], probe, norm)
    proba = model.stacked_proba(heads, None)
    assert [model.classes[j] for j in proba.argmax(axis=1)] == _predict(model, probe)


def test_plain_head_decides_as_the_baseline(model: SmsModel, tmp_path: Path) -> None:
    """The plain head is the baseline (same vectoriser, vocabulary and SVM), before and after saving."""
    texts, labels = _four_classes(1, 40)
    probe, _ = _four_classes(12, 15)
    base = char_svm_baseline(texts, labels)(probe)
    assert isinstance(model.plain, VocabTfidfModel)
    mine = [
        model.plain.classes[j] for j in model.plain.decision([plain_view(t) for t in probe]).argmax(axis=1)
    ]
    assert mine == base
    model.save(tmp_path / "m")
    loaded = load_sms_model(tmp_path / "m")
    assert loaded.plain is not None
    again = [loaded.plain.classes[j] for j in loaded.plain.decision(probe).argmax(axis=1)]
    assert again == base


def test_folds_by_clusters_by_default_rows_on_request() -> None:
    texts, labels = _four_classes(2, 15)
    grouped = train_sms_model(texts, labels, spec=SPEC)
    rows = train_sms_model(texts, labels, spec=SPEC, folds_by="rows")
    assert grouped.meta["folds_by"] == "clusters"
    assert rows.meta["folds_by"] == "rows"
    assert rows.stacker is not None
    with pytest.raises(ModelError, match="unknown SMS training folds"):
        train_sms_model(texts, labels, spec=SPEC, folds_by="nope")
    with pytest.raises(ModelError, match="unknown stacker choice rule"):
        train_sms_model(texts, labels, spec=SPEC, choice_rule="nope")
    paired = train_sms_model(texts, labels, spec=SPEC, choice_rule="paired")
    assert paired.stacker is not None
    assert paired.stacker.classes == grouped.classes
