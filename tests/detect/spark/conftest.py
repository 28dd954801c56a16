"""One local SparkSession for every Spark test (a JVM starts once per test process).

Skips when PySpark or Java is missing, unless ``RINGFENCE_REQUIRE_SPARK=1`` (CI), which fails instead.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.postgres import require_or_skip

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    if importlib.util.find_spec("pyspark") is None:
        require_or_skip("PySpark", "RINGFENCE_REQUIRE_SPARK", "pyspark is not installed (the 'spark' extra)")
    from ringfence.detect.spark.session import java_available, local_session

    if not java_available():
        require_or_skip("Java", "RINGFENCE_REQUIRE_SPARK", "no java (Debian openjdk-17-jre-headless)")
    # One partition per shuffle: the data is tiny, and every extra task is overhead.
    session = local_session(cores=2, shuffle_partitions=1, name="ringfence-tests")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small simulated population (calls, messages, subscribers)."""
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    out = tmp_path_factory.mktemp("spark-engine-population")
    write_simulation(simulate(SimConfig(seed=11, subscribers=300, days=2)), out)
    return out
