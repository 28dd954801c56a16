"""Small synthetic fraud tables and contact graphs: fast, with the structure the model relies on."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

WORKTREE = Path(__file__).resolve().parents[2]


def sichuan_dir() -> Path | None:
    """The shared Sichuan data, if this checkout sits next to it (it is not part of the repository)."""
    for base in (WORKTREE.parent, WORKTREE.parent.parent):
        candidate = base / "shared" / "data" / "sichuan"
        if (candidate / "users_features.csv").is_file():
            return candidate
    return None


def synthetic_table(n: int = 300, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Users whose features and contacts depend on a 0/1 label (about a third fraud).

    Fraud users call many distinct people briefly and receive little; edges join users mostly of the
    same class, as in the Sichuan contact graph.
    """
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.33).astype(np.int64)
    ids = [f"u{i:04d}" for i in range(n)]
    count = rng.lognormal(5.5 - 0.6 * y, 0.6)
    unique = count * np.clip(rng.normal(0.25 + 0.45 * y, 0.1), 0.02, 1.0)
    table = pl.DataFrame(
        {
            "phone_no_m": ids,
            "opposite_count": np.round(count),
            "opposite_unique": np.round(unique),
            "voc_calltype1": np.clip(rng.normal(0.5 + 0.4 * y, 0.12), 0, 1),
            "call_dur_mean": rng.lognormal(4.2 + 0.1 * y, 0.5),
            "sms_count": np.round(rng.lognormal(6.5 - 1.5 * y, 0.8)),
            "calltype_rate": np.clip(rng.normal(0.97 - 0.05 * y, 0.03), 0, 1),
            "arpu_mean": np.where(rng.random(n) < 0.03, np.nan, rng.lognormal(3.6 + 0.3 * y, 0.4)),
            "noise": rng.normal(size=n),
            "label": y,
        }
    )
    edges: list[tuple[str, str]] = []
    for _ in range(n * 4):
        i = int(rng.integers(n))
        same = np.flatnonzero(y == y[i]) if rng.random() < 0.85 else np.flatnonzero(y != y[i])
        j = int(rng.choice(same))
        if i != j:
            edges.append((ids[i], ids[j]))
    return table, pl.DataFrame(edges, schema=["a", "b"], orient="row")


@pytest.fixture(scope="session")
def synthetic() -> tuple[pl.DataFrame, pl.DataFrame]:
    return synthetic_table()


@pytest.fixture(scope="session")
def synthetic_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    table, edges = synthetic_table()
    root = tmp_path_factory.mktemp("synthetic")
    paths = {"features": root / "features.csv", "edges": root / "edges.csv", "root": root}
    table.write_csv(paths["features"])
    edges.write_csv(paths["edges"])
    return paths
