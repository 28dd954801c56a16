"""Polars' allocator options: set before Polars loads, left alone when the user set their own or asked
for Polars' own, and read by Polars' jemalloc (a Polars that stopped reading ``_RJEM_MALLOC_CONF``
would make the setting silently do nothing)."""

from __future__ import annotations

import os
import subprocess
import sys

from ringfence.allocator import JEMALLOC_CONF, JEMALLOC_ENV, tune


def _python(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (JEMALLOC_ENV, "RINGFENCE_ALLOCATOR")}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=True
    )


def test_set_before_polars_loads() -> None:
    environ: dict[str, str] = {}
    assert tune(environ, polars_loaded=False) == f"set: {JEMALLOC_CONF}"
    assert environ == {JEMALLOC_ENV: JEMALLOC_CONF}


def test_too_late_once_polars_is_loaded() -> None:
    environ: dict[str, str] = {}
    assert "imported before" in tune(environ, polars_loaded=True)
    assert environ == {}


def test_the_users_own_setting_wins() -> None:
    environ = {JEMALLOC_ENV: "dirty_decay_ms:0"}
    assert "set already" in tune(environ, polars_loaded=False)
    assert environ == {JEMALLOC_ENV: "dirty_decay_ms:0"}


def test_system_leaves_polars_own() -> None:
    environ = {"RINGFENCE_ALLOCATOR": " System "}
    assert "RINGFENCE_ALLOCATOR=system" in tune(environ, polars_loaded=False)
    assert environ == {"RINGFENCE_ALLOCATOR": " System "}


def test_importing_ringfence_first_sets_what_jemalloc_runs_with() -> None:
    """jemalloc in Polars' library reports the decay times it runs with (``stats_print``, added to
    what ringfence set) when ringfence is imported first."""
    code = (
        "import os, ringfence\n"
        f"os.environ[{JEMALLOC_ENV!r}] += ',stats_print:true'\n"
        "import polars as pl\n"
        "pl.DataFrame({'a': [1]})\n"
    )
    out = _python(code)
    stats = out.stdout + out.stderr
    assert "jemalloc statistics" in stats
    assert "opt.dirty_decay_ms: 10000" in stats
    assert "opt.muzzy_decay_ms: 10000" in stats


def test_polars_imported_first_keeps_its_own() -> None:
    out = _python(f"import polars, os, ringfence; print(os.environ.get({JEMALLOC_ENV!r}))")
    assert out.stdout.strip() != JEMALLOC_CONF
