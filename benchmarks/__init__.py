"""Benchmarks: each ``bench_<topic>.py`` exposes ``run() -> list[dict]`` and prints its results."""
