"""The stacked SMS model: heads fitted on all rows, a stacker fitted on their out-of-fold scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.errors import ModelError
from ringfence.lexical.normalise import normalise
from ringfence.simulate.sms_marketing import synth_spam
from ringfence.simulate.sms_texts import synth_messages
from ringfence.text.model import (
    FRAUD,
    MARKETING,
    NORMAL,
    SmsModel,
    Stacker,
    feature_text,
    fit_stacked,
    load_sms_model,
)
from ringfence.text.screen import EVIDENCE, SmsScreener, screen_evidence


def _corpus() -> tuple[list[str], list[str], list[str]]:
    msgs = synth_messages(5, 240)
    spam = [m for m in synth_spam(6, 120) if m.category == MARKETING]
    texts = [m.text for m in msgs] + [m.text for m in spam]
    labels = [FRAUD if m.is_fraud else NORMAL for m in msgs] + [MARKETING] * len(spam)
    groups = [m.family for m in msgs] + [m.family for m in spam]
    return texts, labels, groups


@pytest.fixture(scope="module")
def stacked() -> SmsModel:
    texts, labels, groups = _corpus()
    norm = [normalise(t) for t in texts]
    heads = fit_stacked(
        [feature_text(t) for t in norm],
        norm,
        labels,
        groups=groups,
        folds=2,
        evidence=screen_evidence(texts),
        evidence_names=EVIDENCE,
        with_count=False,
    )
    assert heads.count is None
    assert heads.inputs is not None
    assert heads.inputs.shape[0] == len(texts)
    return SmsModel(
        labels=heads.plain,
        normal_label=NORMAL,
        combine_rules=True,
        tfidf=heads.tfidf,
        plain=heads.plain,
        stacker=heads.stacker,
    )


def test_stacker_reads_every_head_and_the_evidence(stacked: SmsModel) -> None:
    assert stacked.stacker is not None
    names = stacked.stacker.features
    assert {n.split(":")[0] for n in names} == {"tfidf", "plain", "evidence"}
    assert stacked.stacker.n_evidence == len(EVIDENCE)
    assert stacked.stacker.classes == stacked.classes


def test_stacked_model_roundtrip_saves_the_plain_head_once(stacked: SmsModel, tmp_path: Path) -> None:
    stacked.save(tmp_path / "m")
    assert not (tmp_path / "m" / "plain.npz").exists()  # the label head is the plain head
    loaded = load_sms_model(tmp_path / "m")
    assert loaded.plain is loaded.labels
    assert loaded.stacker is not None
    texts = [m.text for m in synth_messages(8, 40)]
    a = SmsScreener(stacked).screen(texts)
    b = SmsScreener(loaded).screen(texts)
    assert [v.prediction for v in a] == [v.prediction for v in b]
    np.testing.assert_allclose([v.score for v in a], [v.score for v in b], atol=2e-2)


def test_stacked_model_needs_the_evidence(stacked: SmsModel) -> None:
    norm = [normalise("您好，您的快递已到")]
    with pytest.raises(ModelError, match="evidence"):
        stacked.predict_proba(norm)


def test_stacked_screener_separates_the_classes(stacked: SmsModel) -> None:
    msgs = synth_messages(77, 200)
    verdicts = SmsScreener(stacked).screen([m.text for m in msgs])
    correct = sum(bool(v.is_fraud) == m.is_fraud for v, m in zip(verdicts, msgs, strict=True))
    assert correct / len(msgs) > 0.85
    assert all(v.prediction in stacked.classes for v in verdicts)


def test_stacker_probabilities_sum_to_one(stacked: SmsModel) -> None:
    assert stacked.stacker is not None
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, len(stacked.stacker.features))).astype(np.float32) * 5
    p = stacked.stacker.proba(x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert (p >= 0).all()


def test_broken_stacker_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stacker.json").write_text('{"classes": ["a"]}', encoding="utf-8")
    with pytest.raises(ModelError):
        Stacker.load(tmp_path / "stacker.json")


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_evidence_matches_the_screener_for_any_seed(seed: int) -> None:
    """What the stacker is fitted on is exactly what screening computes, row by row."""
    texts = [m.text for m in synth_messages(seed, 6)] + [m.text for m in synth_spam(seed, 4)]
    together = screen_evidence(texts)
    one_by_one = np.vstack([screen_evidence([t]) for t in texts])
    np.testing.assert_array_equal(together, one_by_one)
    assert together.shape == (len(texts), len(EVIDENCE))
    marketing = together[:, EVIDENCE.index("marketing")]
    assert (marketing <= 0).all()
    assert (marketing >= -3).all()


def test_plain_head_is_deterministic_whatever_the_global_rng() -> None:
    """The shipped model is rebuilt array for array: the SVM head must not draw from NumPy's global RNG."""
    from ringfence.lexical.linear import fit_tfidf_linear
    from ringfence.text.model import PLAIN_SPEC

    texts, labels, _ = _corpus()
    norm = [normalise(t) for t in texts]
    np.random.seed(1)
    a = fit_tfidf_linear(norm, labels, PLAIN_SPEC, c=1.0, svm=True)
    np.random.seed(2)
    b = fit_tfidf_linear(norm, labels, PLAIN_SPEC, c=1.0, svm=True)
    np.testing.assert_array_equal(a.weights, b.weights)
    np.testing.assert_array_equal(a.bias, b.bias)


def test_unbalanced_stacker_gives_a_rare_class_less_weight() -> None:
    """``stack_balanced=False`` reaches the stacker: without class balancing a class of a few rows gets a
    lower fitted probability on the same inputs than with it (the shipped stacker is unbalanced, so
    that the rare illegal class is not over-called on real traffic)."""
    texts, labels, groups = _corpus()
    keep = [i for i, y in enumerate(labels) if y != MARKETING] + [
        i for i, y in enumerate(labels) if y == MARKETING
    ][:12]
    texts = [texts[i] for i in keep]
    labels = [labels[i] for i in keep]
    groups = [groups[i] for i in keep]
    norm = [normalise(t) for t in texts]
    feats = [feature_text(t) for t in norm]
    means = {}
    for balanced in (True, False):
        heads = fit_stacked(
            feats, norm, labels, groups=groups, folds=2, with_count=False, stack_balanced=balanced
        )
        assert heads.inputs is not None
        x = heads.inputs[~np.isnan(heads.inputs).any(axis=1)]
        p = heads.stacker.proba(x)
        means[balanced] = float(p[:, heads.stacker.classes.index(MARKETING)].mean())
    assert means[False] < means[True]
