"""A policy's [model] section adds the fraud-user model's score as evidence (off by default)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import polars as pl
import pytest

from ringfence.detect.model_signal import MODEL_RULE, apply_model_signal
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from ringfence.errors import ConfigError
from ringfence.ingest import read_frame
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation


def test_default_policy_has_no_model_and_the_example_policy_has_one() -> None:
    assert load_policy().model is None
    example = Path(str(resources.files("ringfence.detect") / "policies" / "with-model.toml"))
    signal = load_policy(example).model
    assert signal is not None
    assert signal.source == "live"
    assert 0 < signal.threshold <= 1
    # The example is the default policy plus the model signal: the same version, typologies and
    # thresholds (it once lagged behind by an exemption).
    default = load_policy()
    assert load_policy(example).version == default.version
    assert load_policy(example).typologies == default.typologies
    assert load_policy(example).thresholds == default.thresholds


def test_model_signal_scores_busy_numbers_and_explains_its_hits(tmp_path: Path) -> None:
    written = write_simulation(
        simulate(SimConfig(seed=5, subscribers=1200, days=2, with_messages=False)), tmp_path
    )
    text = load_policy().text + '\n[model]\nsource = "live"\nthreshold = 0.9\nweight = 0.5\nmin_calls = 10\n'
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    policy = load_policy(path)
    result, _ = run_detection([written.calls], policy, subscribers=[written.subscribers])
    calls, _ = read_frame([written.calls])
    with_model = apply_model_signal(result, policy, calls)
    assert "model_score" in with_model.flagged.columns
    fired = with_model.flagged.filter(pl.col("rules").str.contains(MODEL_RULE))
    assert fired.height > 0
    assert (fired["model_score"] >= 0.9).all()
    # The signal only ever adds evidence: nobody's score goes down, nobody drops off the list.
    before = result.flagged.select("number", pl.col("score").alias("before"))
    joined = with_model.flagged.join(before, on="number", how="inner")
    assert joined.height == result.flagged.height
    assert (joined["score"] >= joined["before"] - 1e-9).all()
    hits = with_model.hits.filter(pl.col("rule") == MODEL_RULE)
    assert set(hits["number"]) == set(fired["number"])


def test_bad_model_sections_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(load_policy().text + "\n[model]\nthreshold = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="threshold"):
        load_policy(path)
    path.write_text(load_policy().text + "\n[model]\nfoo = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown"):
        load_policy(path)


def test_detection_does_not_import_scipy() -> None:
    """Every ``detect`` run imports this module (model or not); SciPy (~0.16 s of import) is only
    needed to propagate over a contact graph, so it is loaded there and not with the model's code."""
    import subprocess
    import sys

    code = (
        "import sys, ringfence.services.detect, ringfence.detect.model_signal, ringfence.ml.artifact; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
