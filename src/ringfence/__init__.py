"""ringfence: an open, operator-grade anti-telecom-fraud platform."""

from ringfence.allocator import tune as _tune_allocators

# Before anything imports Polars: jemalloc reads its options when Polars' library loads
# (``ringfence.allocator``; ``RINGFENCE_ALLOCATOR=system`` leaves the allocators alone).
_tune_allocators()

__version__ = "0.1.0"
__all__ = ["__version__"]
