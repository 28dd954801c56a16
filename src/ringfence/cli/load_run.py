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
    from ringfence.services.load_run import load_records
    from ringfence.services.load_run import load_run as load

    platform = build_platform()
    try:
        at = platform.clock()
        platform.store.ensure_org(org, org, at)
        if records is not None:
            with byte_progress("storing records", 0) as tick:
                calls, messages, bad = load_records(
                    platform.store,
                    org,
                    records,
                    records / "quarantine-load.csv",
                    progress=lambda _kind, done, total: tick(done, total),
                )
            console.print(f"[green]✓[/] stored {calls:,} calls, {messages:,} messages ({bad:,} quarantined)")
        result = load(platform.store, org, run_dir, "cli", at)
    finally:
        platform.close()
    console.print(
        f"[green]✓[/] run #{result.run_id}: {result.decisions:,} alerts, {result.hits:,} rule hits → {org}"
    )
