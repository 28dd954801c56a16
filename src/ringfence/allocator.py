"""Polars' memory allocator told to keep freed memory for the next batch for 10 s instead of half a
second: set when ``ringfence`` is first imported, before Polars is.

Why: a batch of ``watch``'s engine, or a chunk of ``detect``, allocates and frees hundreds of MB of
columns, and the next batch, a second later, allocates as much again. Polars' jemalloc, as Polars
configures it (``dirty_decay_ms:500,muzzy_decay_ms:1000``, so that an idle process gives memory back),
purges pages idle for half a second: what one batch frees is handed back to the kernel before the next
batch needs it, and every page is then faulted in and zeroed again. At 1M calls ``watch`` took
520–580k page faults and 1.6–1.8 s of system time of its 6.4–7.7 s of CPU; with 10 s, 1.2–1.4 s of
system time and 4–8 % less wall time, 12–13 % at 10M calls, for 10–28 % more peak memory
(docs/operation.md, "Stop 32": figures, and glibc settings tried and not kept). Memory idle for 10 s is
still given back.

``RINGFENCE_ALLOCATOR=system`` leaves Polars' own setting; a ``_RJEM_MALLOC_CONF`` set by the user wins
(Polars appends it to its own). jemalloc reads its options once, when Polars' library loads, so they
apply only if ``ringfence`` is imported before ``polars`` (as the ``ringfence`` command, the service
and the benchmarks do).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

__all__ = ["JEMALLOC_CONF", "JEMALLOC_ENV", "tune"]

#: The variable Polars' jemalloc (built with the ``_rjem_`` prefix) reads its options from; Polars
#: puts its own defaults first and appends what it finds there, so these win over its defaults.
JEMALLOC_ENV = "_RJEM_MALLOC_CONF"
#: Pages freed stay 10 s before they are purged (Polars: 0.5 s dirty, 1 s muzzy).
JEMALLOC_CONF = "dirty_decay_ms:10000,muzzy_decay_ms:10000"


def tune(environ: MutableMapping[str, str] | None = None, polars_loaded: bool | None = None) -> str:
    """Set Polars' allocator options for this process (see the module's docstring). Returns what
    was set, or why nothing was. ``environ`` and ``polars_loaded`` are for tests (default:
    ``os.environ`` and whether ``polars`` is imported already)."""
    env = os.environ if environ is None else environ
    loaded = "polars" in sys.modules if polars_loaded is None else polars_loaded
    if env.get("RINGFENCE_ALLOCATOR", "").strip().lower() == "system":
        return "left alone: RINGFENCE_ALLOCATOR=system"
    if JEMALLOC_ENV in env:
        return f"left alone: {JEMALLOC_ENV} is set already"
    if loaded:
        return "left alone: polars was imported before ringfence"
    # Child processes see it too: what Polars allocates in them is batch work as well.
    env[JEMALLOC_ENV] = JEMALLOC_CONF
    return f"set: {JEMALLOC_CONF}"
