"""Benchmarks: each ``bench_<topic>.py`` exposes ``run() -> list[dict]`` and prints its results."""

# Before any benchmark imports Polars, as the ``ringfence`` command does: Polars' allocator options
# are set when ringfence is imported first (``ringfence.allocator``), and the benchmarks measure what
# the command runs with.
import ringfence  # noqa: F401
