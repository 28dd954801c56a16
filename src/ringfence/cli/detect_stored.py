"""``ringfence detect-stored``: detection over the records an organisation posted to the ingest API."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import typer

from ringfence.cli.ui import console, err_console, handle_errors

__all__ = ["detect_stored"]


def _when(text: str) -> datetime:
    """An ISO 8601 time with its offset: records carry offsets, so a bare time would be ambiguous."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not an ISO 8601 time: {text!r} (e.g. 2026-11-02T00:00+08:00)") from None
    if value.tzinfo is None:
        raise typer.BadParameter(f"{text!r} has no UTC offset (e.g. 2026-11-02T00:00+08:00)")
    return value


@handle_errors
def detect_stored(
    org: str = typer.Option(..., "--org", help="Organisation (tenant) whose stored records are replayed."),
    run_dir: Path | None = typer.Option(
        None, "--run-dir", help="Also export the run folder here (flagged numbers, hits, timelines)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Start of the window, ISO 8601 with offset (default: --days before --until)."
    ),
    until: str | None = typer.Option(
        None, "--until", help="End of the window (exclusive), ISO 8601 with offset (default: now)."
    ),
    days: float = typer.Option(7.0, "--days", help="Window length when --since is not given."),
    subscribers: list[Path] = typer.Option(
        [], "--subscribers", "-s", help="Subscriber files (card age, home region)."
    ),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy TOML (default: shipped)."),
    allowed_lateness: str = typer.Option(
        "1h", "--allowed-lateness", help="Records older than the newest seen minus this are late."
    ),
    load: bool = typer.Option(
        True, "--load/--no-load", help="Store the verdicts as open alerts of the organisation."
    ),
    warn: bool = typer.Option(
        False, "--warn", help="Also queue warnings for the people the flagged numbers reached."
    ),
) -> None:
    """Replay the calls and SMS an organisation posted to ``/v1/records/*`` (stored in the configured
    database) over a time window, flag fraud numbers with their evidence exactly as ``detect`` does for
    files, and load the verdicts as the organisation's open alerts (console alert queue)."""
    from ringfence.bootstrap import build_platform
    from ringfence.cli.detect import parse_duration, report_job
    from ringfence.detect.policy import load_policy
    from ringfence.services.detect_stored import detect_stored as run

    live = load_policy(policy)
    platform = build_platform()
    try:
        now = platform.clock()
        end = _when(until) if until else now
        start = _when(since) if since else end - timedelta(days=days)
        with err_console.status("detecting on stored records") as status:
            stored = run(
                platform.store,
                org,
                start,
                end,
                live,
                actor="cli",
                now=now,
                zone=platform.settings.timezone,
                subscribers=subscribers,
                allowed_lateness_s=parse_duration(allowed_lateness),
                warn=warn,
                load=load,
                run_dir=run_dir,
                progress=status.update,
            )
    finally:
        platform.close()
    console.print(
        f"replayed {stored.calls:,} calls and {stored.messages:,} messages of {org} "
        f"stored between {start.isoformat()} and {end.isoformat()}"
    )
    report_job(stored.detection, run_dir)
    late = stored.detection.result.late
    if late:
        console.print(f"{late:,} late records kept in the organisation's quarantine")
    if stored.loaded is not None:
        console.print(
            f"[green]✓[/] run #{stored.loaded.run_id}: {stored.loaded.decisions:,} alerts, "
            f"{stored.loaded.hits:,} rule hits → {org} "
            f"({stored.loaded.already_alerted:,} numbers already alerted at this verdict or higher)"
        )
    if stored.warnings is not None:
        console.print(f"warnings queued for the people the flagged numbers reached: {stored.warnings:,}")
