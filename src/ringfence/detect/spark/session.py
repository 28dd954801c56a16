"""A local SparkSession configured as the engine needs it, or the cluster's when one is given.

The engine's semantics do not depend on the session except in two settings it fixes: the session
time zone is UTC (local hours are computed explicitly in the operator's zone, never implicitly in
the JVM's), and ANSI mode is off, so integer arithmetic and failed casts behave as Polars' (wrap,
null) rather than raising.
"""

from __future__ import annotations

import os
import shutil
import sys

from pyspark.sql import SparkSession

from ringfence.errors import RingfenceError

__all__ = ["ENGINE_CONF", "SparkUnavailableError", "java_available", "local_session"]

#: Settings every session that runs the engine must have (``spark-submit --conf`` on a cluster).
ENGINE_CONF: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
}


class SparkUnavailableError(RingfenceError):
    """PySpark or a Java runtime is missing."""


def java_available() -> bool:
    return bool(os.environ.get("JAVA_HOME")) or shutil.which("java") is not None


def local_session(
    cores: int = 2, shuffle_partitions: int | None = None, name: str = "ringfence"
) -> SparkSession:
    """A local-mode session on ``cores`` threads: no UI, no network beyond loopback, few shuffle
    partitions (the default 200 is for clusters; here it only adds task overhead)."""
    if not java_available():
        raise SparkUnavailableError(
            "the Spark engine needs a Java 17 runtime (Debian: openjdk-17-jre-headless)"
        )
    # The Python workers must run this interpreter (the venv that has ringfence), not the first python3.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions or 2 * cores))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("RINGFENCE_SPARK_DRIVER_MEMORY", "2g"))
    )
    for key, value in ENGINE_CONF.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
