"""The Sichuan feature contract."""

from __future__ import annotations

import polars as pl

from ringfence.ml.columns import (
    APPROXIMATE,
    LIVE_FEATURES,
    NOT_DERIVABLE,
    SICHUAN_FEATURES,
    SICHUAN_ID,
    SICHUAN_LABEL,
)

from .conftest import sichuan_dir


def test_every_feature_is_either_derivable_or_explained() -> None:
    assert len(SICHUAN_FEATURES) == 55
    assert len(set(SICHUAN_FEATURES)) == 55
    assert set(LIVE_FEATURES) | set(NOT_DERIVABLE) == set(SICHUAN_FEATURES)
    assert not set(LIVE_FEATURES) & set(NOT_DERIVABLE)
    assert set(APPROXIMATE) <= set(LIVE_FEATURES)
    assert len(LIVE_FEATURES) == 35


def test_contract_matches_the_sichuan_file_header_when_present() -> None:
    data = sichuan_dir()
    if data is None:
        return  # the header check needs the shared data; the contract itself is tested above
    header = pl.read_csv(data / "users_features.csv", n_rows=0).columns
    assert header == [SICHUAN_ID, *SICHUAN_FEATURES, SICHUAN_LABEL]
