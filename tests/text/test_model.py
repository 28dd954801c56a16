from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ringfence.errors import ModelError
from ringfence.lexical.hashing import HashSpec
from ringfence.lexical.normalise import normalise
from ringfence.simulate.sms_texts import synth_messages
from ringfence.text.model import feature_text, load_sms_model, train_sms_model

SPEC = HashSpec(ngram_min=1, ngram_max=3, bits=14, max_len=128)


def _small() -> tuple[list[str], list[str]]:
    msgs = synth_messages(11, 160)
    return [m.text for m in msgs], ["fraud" if m.is_fraud else "normal" for m in msgs]


def test_stacked_probabilities_are_the_normalised_geometric_mean() -> None:
    texts, labels = _small()
    model = train_sms_model(texts, labels, spec=SPEC, two_view=False, recipe="geomean")
    assert model.tfidf is not None
    assert model.tfidf.classes == model.classes
    feats = [feature_text(normalise(t)) for t in texts[:20]]
    a, b = model.labels.proba(feats), model.tfidf.proba(feats)
    geo = np.sqrt(a * b)
    np.testing.assert_allclose(
        model.label_proba(feats, None), geo / geo.sum(axis=1, keepdims=True), atol=1e-5
    )


def test_geomean_two_view_model_roundtrip(tmp_path: Path) -> None:
    """Models of the previous ``sms train`` recipe (count + TF-IDF heads, geometric mean) still load and
    predict as they did."""
    texts, labels = _small()
    model = train_sms_model(texts, labels, spec=SPEC, recipe="geomean")
    model.save(tmp_path / "m")
    loaded = load_sms_model(tmp_path / "m")
    assert loaded.tfidf is not None
    assert loaded.two_view
    norm = [normalise(t) for t in texts[:30]]
    np.testing.assert_allclose(
        loaded.predict_proba(norm, texts[:30]), model.predict_proba(norm, texts[:30]), atol=5e-3
    )
    assert loaded.stacker is None


def test_tfidf_head_with_other_classes_is_refused(tmp_path: Path) -> None:
    texts, labels = _small()
    model = train_sms_model(texts, labels, spec=SPEC, recipe="geomean")
    renamed = ["a" if x == "fraud" else "b" for x in labels]
    other = train_sms_model(texts, renamed, spec=SPEC, recipe="geomean")
    model.tfidf = other.tfidf
    model.save(tmp_path / "m")
    with pytest.raises(ModelError, match="classes differ"):
        load_sms_model(tmp_path / "m")


def test_a_model_saved_by_the_previous_recipe_loads_and_predicts_as_it_did() -> None:
    """``data/old_sms_model`` was trained and saved by ``sms train``'s previous code (two-view count
    head + TF-IDF head, geometric mean); its probabilities, as that code read them back, are beside it."""
    import json

    from ringfence.text.screen import SmsScreener

    data = Path(__file__).parent / "data"
    expected = json.loads((data / "old_sms_model_expected.json").read_text(encoding="utf-8"))
    model = load_sms_model(data / "old_sms_model")
    assert model.stacker is None
    assert model.two_view
    assert model.tfidf is not None
    assert model.classes == expected["classes"]
    probe = [m.text for m in synth_messages(expected["seed"], expected["n"])]
    proba = model.predict_proba([normalise(t) for t in probe], probe)
    np.testing.assert_allclose(proba, np.asarray(expected["proba"]), atol=1e-5)
    verdicts = SmsScreener(model).screen(probe)
    assert [v.prediction for v in verdicts] == [model.classes[j] for j in proba.argmax(axis=1)]
