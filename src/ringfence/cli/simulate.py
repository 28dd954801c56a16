"""``ringfence simulate``: calibrated synthetic CDR/SMS traffic with the truth beside it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from ringfence.cli.ui import console, handle_errors

__all__ = ["simulate"]


@handle_errors
def simulate(
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Directory for calls, messages, subscribers and truth/."
    ),
    seed: int = typer.Option(7, "--seed", help="Random seed: the same seed gives the same files."),
    subscribers: int = typer.Option(5000, "--subscribers", "-n", min=200, help="Subscribers in the network."),
    days: int = typer.Option(7, "--days", "-d", min=1, max=400, help="Days of traffic."),
    start: datetime = typer.Option(
        datetime(2026, 11, 2),
        "--start",
        help="First local day (UTC+08:00) of the traffic.",
        formats=["%Y-%m-%d"],
    ),
    parquet: bool = typer.Option(
        False, "--parquet", help="Write Parquet instead of CSV for the record files."
    ),
    no_messages: bool = typer.Option(False, "--no-messages", help="Skip SMS generation."),
    calibration_report: bool = typer.Option(
        False,
        "--calibration-report",
        help="Simulate the Sichuan observation window and print the KS distance of every per-user "
        "statistic against the real Sichuan subscribers (exit 1 if any exceeds 0.15).",
    ),
) -> None:
    """Generate realistic labelled traffic: ordinary subscribers (calibrated against the real Sichuan
    per-user data), legitimate heavy callers (couriers, call centres, ride-hailing, schools), fraud
    dialers, SIM-farm cohorts sharing GoIP handsets and cells, wangiri one-ring sweeps, calls spoofing
    +86 and official numbers through the international gateway, victims (many elderly), fraud SMS with
    phishing links and fake-base-station SMS. Deterministic by seed.

    Writes calls.csv, messages.csv, subscribers.csv and truth/ (numbers.csv with every fraud and
    legitimate heavy number, fraud_numbers.csv, legit_heavy.csv, victims.csv, spoofed_calls.csv,
    roaming.csv, fbs_events.csv, messages.csv).
    """
    if calibration_report:
        _calibration(seed)
        if out is None:
            return
    if out is None:
        raise typer.BadParameter("--out is required (unless only --calibration-report is asked for)")
    from ringfence.simulate.scenario import SimConfig
    from ringfence.simulate.scenario import simulate as run
    from ringfence.simulate.writer import write_simulation

    begin = datetime(start.year, start.month, start.day, tzinfo=UTC)
    t0 = time.perf_counter()
    with console.status(f"simulating {subscribers:,} subscribers over {days} days"):
        sim = run(
            SimConfig(
                seed=seed, subscribers=subscribers, days=days, start=begin, with_messages=not no_messages
            )
        )
        written = write_simulation(sim, out, parquet=parquet)
    elapsed = time.perf_counter() - t0
    table = Table(title=f"simulated traffic in {out}", show_header=False)
    for name, rows in written.rows.items():
        table.add_row(name, f"{rows:,}")
    roles = sim.population.role
    for role in ("dialer", "sim_farm", "courier", "call_centre", "ride_hailing", "school"):
        table.add_row(f"  {role} numbers", f"{roles.count(role):,}")
    table.add_row("  wangiri numbers", f"{len(sim.wangiri_numbers):,}")
    table.add_row("  spoofed calls", f"{0 if sim.spoofed is None else sim.spoofed.height:,}")
    table.add_row("  victims", f"{0 if sim.victims is None else sim.victims.height:,}")
    table.add_row(
        "time", f"{elapsed:.1f} s ({written.rows['calls'] / elapsed * 60 / 1e6:.2f} M call rows/min)"
    )
    console.print(table)


def _calibration(seed: int) -> None:
    from ringfence.simulate.calibration import KS_BOUND, STATISTICS, calibration_report

    with console.status("simulating the Sichuan observation window (244 days)"):
        result = calibration_report(seed=seed)
    table = Table(title="calibration against the real Sichuan subscribers (two-sample KS distance)")
    for col in ("statistic", "class", "KS", "real median", "sim median", "KS / bound"):
        table.add_column(col, justify="right" if col in ("KS", "real median", "sim median") else "left")
    for row in result.table.iter_rows(named=True):
        ks = row["ks"]
        colour = "green" if ks <= KS_BOUND else "red"
        bar = "█" * round(ks / KS_BOUND * 20)
        table.add_row(
            row["statistic"],
            row["class"],
            f"[{colour}]{ks:.3f}[/]",
            f"{row['real_median']:.4g}",
            f"{row['sim_median']:.4g}",
            f"[{colour}]{bar}[/]",
        )
    console.print(table)
    for name, meaning in STATISTICS.items():
        console.print(f"  [bold]{name}[/]: {meaning}", highlight=False)
    verdict = "[green]PASS[/]" if result.passed else "[red]FAIL[/]"
    console.print(f"worst KS {result.worst:.3f} (bound {KS_BOUND}; bar = share of the bound): {verdict}")
    if not result.passed:
        raise typer.Exit(1)
