"""The model shipped inside the package: found through importlib.resources, loadable, documented."""

from __future__ import annotations

from importlib import resources

import polars as pl
import pytest

from ringfence.errors import ModelError
from ringfence.ml.columns import LIVE_FEATURES, SICHUAN_FEATURES
from ringfence.ml.default import default_model_dir, load_default
from ringfence.ml.graph import GRAPH_FEATURES
from ringfence.ml.metrics import auc
from ringfence.ml.neighbours import names
from ringfence.ml.scoring import score

from .conftest import sichuan_dir


def test_package_resources_hold_both_variants_with_their_cards() -> None:
    root = resources.files("ringfence.ml") / "default_model"
    for sub in (root, root / "live"):
        for name in ("model.txt", "model.json", "MODEL_CARD.md"):
            assert (sub / name).is_file(), f"{sub}/{name}"
    assert default_model_dir("live").name == "live"
    with pytest.raises(ModelError):
        default_model_dir("bogus")  # type: ignore[arg-type]


def test_default_models_use_the_sichuan_contract() -> None:
    full = load_default("full")
    live = load_default("live")
    assert full.features == SICHUAN_FEATURES
    assert full.graph_features == GRAPH_FEATURES + names(("wmean",), SICHUAN_FEATURES)
    assert full.config.neighbour_kinds == ("wmean",)
    assert live.features == LIVE_FEATURES
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
