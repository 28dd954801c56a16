"""The model shipped inside the package: found through importlib.resources, loadable, documented."""

from __future__ import annotations

from importlib import resources

import polars as pl
import pytest

from ringfence.errors import ModelError
from ringfence.ml.columns import LIVE_FEATURES, SICHUAN_FEATURES
from ringfence.ml.default import default_model_dir, load_default
from ringfence.ml.metrics import auc
from ringfence.ml.scoring import score
from ringfence.ml.sign import hop_names

from .conftest import sichuan_dir


def test_package_resources_hold_both_variants_with_their_cards() -> None:
    root = resources.files("ringfence.ml") / "default_model"
    full = ("model.json", "MODEL_CARD.md", *(f"booster_{k}.txt" for k in range(5)))
    for sub, names in ((root, full), (root / "live", ("model.txt", "model.json", "MODEL_CARD.md"))):
        for name in names:
            assert (sub / name).is_file(), f"{sub}/{name}"
    assert default_model_dir("live").name == "live"
    with pytest.raises(ModelError):
        default_model_dir("bogus")  # type: ignore[arg-type]


def test_default_models_use_the_sichuan_contract() -> None:
    full = load_default("full")
    live = load_default("live")
    assert full.features == SICHUAN_FEATURES
    assert full.is_blend
    assert len(full.boosters) == 5
    assert full.graph_features == hop_names(SICHUAN_FEATURES, 2)
    assert full.weights == (2 / 3, 1 / 3)
    # the live variant is still the single booster of format /1 (label-graph features would be no use)
    assert live.features == LIVE_FEATURES
    assert not live.is_blend
    assert live.graph_features == ()
    assert 0.2 < full.threshold < 0.8
    assert full.info["rows"] == 4886
    assert full.info["cv"]["auc"] > 0.95


def test_default_model_is_small_and_its_card_names_sources_and_results() -> None:
    root = default_model_dir("full")
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert size < 5_000_000
    card = (root / "MODEL_CARD.md").read_text(encoding="utf-8")
    needles = ("Apache-2.0", "GAT-COBO", "CDR2IMG", "MIT", "40690", "| seed | AUC |", "## Limits")
    for needle in (*needles, "baseline mean ± sd", "normal: recall", "Shipping check"):
        assert needle in card, needle


def test_the_default_model_separates_real_sichuan_users() -> None:
    data = sichuan_dir()
    if data is None:
        pytest.skip("Sichuan data is not next to this checkout")
    table = pl.read_csv(data / "users_features.csv", schema_overrides={"phone_no_m": pl.Utf8}).head(800)
    out = score(load_default("full"), table, "phone_no_m")
    # these are training rows of the default model, so this only guards against a broken artefact
    assert auc(table["label"].to_numpy(), out["score"].to_numpy()) > 0.97
