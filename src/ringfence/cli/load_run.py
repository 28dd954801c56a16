"""``ringfence load-run``: import a detection run (and its records) into the store for an organisation."""

from __future__ import annotations

from pathlib import Path

import typer

from ringfence.cli.ui import console, handle_errors

__all__ = ["load_run"]


@handle_errors
def load_run(
    run_dir: Path = typer.Argument(..., help="Detection run directory (flagged.csv, hits.csv, run.json)."),
    org: str = typer.Option(..., "--org", help="Organisation (tenant) the run belongs to; created if new."),
    records: Path | None = typer.Option(
        None,
        "--records",
        help="Directory with the calls/messages files the run was computed from (timelines).",
    ),
) -> None:
    """Load a run's decisions as open alerts, with rule hits and evidence, into the configured store."""
    from ringfence.bootstrap import build_platform
    from ringfence.cli.ui import byte_progress
    from ringfence.services.load_run import import_run

    platform = build_platform()
    try:
        with byte_progress("storing records", 0) as tick:
            result, stored = import_run(
                platform.store,
                org,
                run_dir,
                "cli",
                platform.clock(),
                records,
                progress=lambda _kind, done, total: tick(done, total),
            )
    finally:
        platform.close()
    if stored is not None:
        calls, messages, bad = stored
        console.print(f"[green]✓[/] stored {calls:,} calls, {messages:,} messages ({bad:,} quarantined)")
    console.print(
        f"[green]✓[/] run #{result.run_id}: {result.decisions:,} alerts, {result.hits:,} rule hits → {org}"
    )
