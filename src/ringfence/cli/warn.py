"""``ringfence warn``: warn the people fraud reached (the likely-victims file of the data contract)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from ringfence.cli.ui import console, err_console, handle_errors

__all__ = ["warn"]


@handle_errors
def warn(
    calls: list[Path] = typer.Option(..., "--calls", "-c", help="Call record files (CSV, CSV.gz, Parquet)."),
    flagged: Path = typer.Option(
        ...,
        "--flagged",
        "-f",
        help="Flagged numbers (the CSV `ringfence detect` writes, or any with `number`).",
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        "-o",
        help="Likely-victims CSV: number, risk, reason, fraud_number, detected_at, channel, notify, ...",
    ),
    sms: list[Path] = typer.Option([], "--sms", "-m", help="SMS record files (links from fraud numbers)."),
    subscribers: list[Path] = typer.Option(
        [],
        "--subscribers",
        "-s",
        help="Subscriber files: only subscribers are warned; birth_year and guardians.",
    ),
    roaming: Path | None = typer.Option(
        None,
        "--roaming",
        help="CSV with a `number` column: subscribers abroad (their calls home are not spoofed).",
    ),
    at: str | None = typer.Option(
        None, "--at", help="Time of the run (ISO-8601; default: the newest record's time)."
    ),
    long_call: int = typer.Option(
        420, "--long-call", help="Seconds from which a call with a fraud number is long."
    ),
    elderly_age: int = typer.Option(60, "--elderly-age", help="Age from which guardians are alerted."),
    home_window: float = typer.Option(
        6.0,
        "--home-window",
        min=0.0,
        help="Hours: a subscriber (of --subscribers) presented through the international gateway who placed"
        " no call at home this near it is abroad, not spoofed (0: off; --roaming lists them outright).",
    ),
    verdicts: str = typer.Option(
        "warn,block",
        "--verdicts",
        help="Comma-separated verdicts of --flagged whose contacts are warned (rows without a verdict"
        " always are); 'warn,block' as the platform does, 'watch,warn,block' to include numbers"
        " detection is not sure of.",
    ),
    watch_long_call: int = typer.Option(
        1800,
        "--watch-long-call",
        min=0,
        help="Seconds: a number at watch (not in --verdicts) still warns the people who talked with it"
        " this long — a victim kept on the line, not a customer (0: never).",
    ),
) -> None:
    """Find the people flagged numbers and spoofed callers reached (long calls, calls relays put through
    from a flagged number, wangiri callbacks, SMS links, a bank call soon after), rank them by exposure
    and vulnerability, and write one row per warning: the person by sms or flash sms, each guardian of
    an elderly person, callback tasks and the police list — with the evidence, the text and an
    idempotency key."""
    from ringfence.errors import ConfigError
    from ringfence.services.warn import warn_files
    from ringfence.warn.discovery import WarnConfig

    now = None
    if at is not None:
        try:
            now = datetime.fromisoformat(at)
        except ValueError:
            raise ConfigError(f"--at: not an ISO-8601 time: {at!r}") from None
        if now.tzinfo is None:
            raise ConfigError("--at needs a UTC offset (e.g. 2026-11-08T10:00:00+08:00)")
    chosen = tuple(v.strip() for v in verdicts.split(",") if v.strip())
    unknown = sorted(set(chosen) - {"watch", "warn", "block"})
    if unknown or not chosen:
        raise ConfigError(f"--verdicts: one or more of watch, warn, block (got {verdicts!r})")
    config = WarnConfig(
        long_call_s=long_call,
        elderly_age=elderly_age,
        home_window_s=round(home_window * 3600),
        verdicts=chosen,
        watch_long_call_s=watch_long_call,
    )
    with err_console.status("warning") as status:
        result = warn_files(
            calls,
            flagged,
            out,
            sms,
            subscribers,
            roaming,
            now,
            config,
            progress=status.update,
        )
    table = Table(title="warnings", show_header=False)
    table.add_row("people at risk", f"{result.victims.height:,}")
    for channel, n in sorted(result.warnings.group_by("channel").len().iter_rows()):
        table.add_row(f"  {channel}", f"{n:,}")
    console.print(table)
    console.print(f"likely victims and warnings: [bold]{out}[/]")
